"""Values written as a plan writes them: a plain number (9400), a date (2023-09-13), text quoted only when YAML
needs it (yaml.safe_dump decides; the loader must read the plain form back as the same text, or it is quoted),
a collection of plain values in flow style (`{2023: 10, 2024: 10}`, `[nsdp, other]`), anything deeper in block
style at the indentation given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ecdplan.source.scalars import normalise_text

INDENT = 2  # the bundled plans indent each level by two spaces


def clean_text(text: str) -> str:
    """Text as the loader reads it: NFC, spaces normalised; a text of several lines keeps its lines."""
    return normalise_text(text, block="\n" in text.strip())


def is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list, tuple))


def scalar_text(value: Any, flow: bool = False) -> str:
    """One value as YAML text; `flow`: inside `[...]` or `{...}` (where `,` `[` `]` `{` `}` need quotes)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}".rstrip("0")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return _text(value, flow)
    raise TypeError(f"cannot write {type(value).__name__} as a plan value")


@lru_cache(maxsize=4096)
def _text(value: str, flow: bool) -> str:
    import yaml

    def dumped(**style: Any) -> str:
        out = yaml.safe_dump([value] if flow else value, allow_unicode=True, width=1 << 30,
                             default_flow_style=True, **style)
        out = out.removesuffix("\n").removesuffix("\n...").rstrip("\n")
        return out[1:-1] if flow else out

    written = dumped()
    if "\n" in written:  # text of several lines: one line, its breaks escaped
        written = dumped(default_style='"')
    if written[:1] not in ("'", '"') and not _reads_back(written, value, flow):
        written = dumped(default_style="'")
    return written


def _reads_back(written: str, value: str, flow: bool) -> bool:
    """Whether the plan loader reads `written` as exactly `value` and says nothing about it."""
    from ecdplan.source.loader import load_text

    loaded = load_text(f"v: [{written}]\n" if flow else f"v: {written}\n")
    if loaded.findings or not isinstance(loaded.data, dict):
        return False
    read = loaded.data.get("v")
    return (read == [value]) if flow else (read == value)


def key_text(key: Any, flow: bool = False) -> str:
    return scalar_text(key, flow)


def simple(value: Any) -> bool:
    """A collection the plans write in flow style: every item a plain value."""
    items = value.values() if isinstance(value, dict) else value
    return all(is_scalar(item) for item in items)


def flow_text(value: Any) -> str:
    """A value in flow style: `{total: 9400}`, `[nsdp, other]`, `[{source: nsdp, share: 50}]`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key_text(k, True)}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    return scalar_text(value, flow=True)


def inline(value: Any) -> bool:
    """Whether the value is written on its key's line (a plain value, or a flow collection)."""
    return is_scalar(value) or simple(value)


def pair_lines(key: Any, value: Any, indent: int) -> list[str]:
    """`key: value` at `indent`, as lines (without line ends)."""
    pad = " " * indent
    if inline(value):
        return [f"{pad}{key_text(key)}: {flow_text(value) if not is_scalar(value) else scalar_text(value)}"]
    return [f"{pad}{key_text(key)}:"] + block_lines(value, indent + INDENT)


def block_lines(value: Any, indent: int) -> list[str]:
    """A mapping's pairs, or a list's items, in block style at `indent`."""
    if isinstance(value, dict):
        return [line for k, v in value.items() for line in pair_lines(k, v, indent)]
    return [line for item in value for line in item_lines(item, indent)]


def item_lines(value: Any, indent: int) -> list[str]:
    """`- item` at `indent`: a mapping's first pair on the dash's line, the others under it."""
    pad = " " * indent
    if inline(value) or not isinstance(value, dict) or not value:
        return [f"{pad}- {flow_text(value) if not is_scalar(value) else scalar_text(value)}"]
    lines = block_lines(value, indent + INDENT)
    return [f"{pad}- {lines[0][indent + INDENT:]}"] + lines[1:]
