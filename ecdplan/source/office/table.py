"""A table as read from a sheet or a CSV file: rows of cells, each with its value and its reference (`Phụ lục!H12`),
whatever program wrote it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_ROWS = 20_000  # a national appendix with one row per commune of the country has 3,321 (+ headings)
MAX_CELLS = 1_000_000


def column_letters(c: int) -> str:
    """Letters of a 1-based column number: 1 -> A, 27 -> AA."""
    letters = ""
    while c:
        c, r = divmod(c - 1, 26)
        letters = chr(65 + r) + letters
    return letters


@dataclass(slots=True)
class Cell:
    value: Any  # str | int | Decimal | datetime | None
    ref: str  # 'Phụ lục!H12' (a CSV: 'H12')
    assumed: bool = False  # ecdplan's own export marks assumed figures (grey, italic): not a figure of the plan
    formula: str | None = None  # a formula whose value the file does not store
    merged: str | None = None  # the merged range this cell lies in, when it spans several rows ('G7:G9')
    computed: bool = False  # a SUM formula's value worked out by ecdplan (the file did not store it)
    copied: bool = False  # the value of a merged range's first cell, spread over this one (on the same row)


@dataclass
class Grid:
    sheet: str  # '' for a CSV file
    rows: list[list[Cell]] = field(default_factory=list)  # rows[0] is row 1

    def ref(self, row: int, col: int) -> str:
        """The reference of a 1-based row and column."""
        cell = f"{column_letters(col)}{row}"
        return f"{self.sheet}!{cell}" if self.sheet else cell


def cell_position(ref: str) -> tuple[int, int]:
    """The row and column (1-based) of a reference: 'Phụ lục!H12' -> (12, 8); (0, 0) if it is none."""
    import re

    m = re.search(r"([A-Z]{1,3})(\d+)$", ref or "")
    if not m:
        return 0, 0
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col
