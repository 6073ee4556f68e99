"""The marker of texts for the catalogues, in a module of its own: `labels` (the catalogue) and `messages` (the
message type) both use it, and neither imports the other at import time."""


def N_(text: str) -> str:
    """Marks a text (a rule summary, a fix, a message, a label) for the catalogues; it is shown with
    `t(text, lang)` when read (no gettext import at start-up)."""
    return text
