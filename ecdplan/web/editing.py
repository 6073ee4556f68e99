"""The YAML editing library (`ecdplan.source.edit`: changes that rewrite only the lines concerned, comments and
order kept, refused when the file changed on disk), imported when first used; None where it is not installed."""

from __future__ import annotations

from types import ModuleType


def library() -> ModuleType | None:
    try:
        from ecdplan.source import edit
    except ImportError:
        return None
    return edit


def is_stale(exc: Exception) -> bool:
    """Whether a refused save was refused because the file changed on disk since the form was loaded (E001)."""
    return getattr(exc, "code", None) == "E001" or "E001" in str(getattr(exc, "args", ("",))[:1])
