"""Group-bys over the fact table, and their rounding for display.

A `Pivot` holds exact đồng: cells, row and column margins and the grand total always add up.
`Pivot.display(unit, decimals)` rounds it for people with controlled rounding, so that the shown
cells add up to the shown margins and the shown grand total, to the last displayed digit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from ecdplan.core.display import ShownTable, auto_decimals, shown_table
from ecdplan.core.facts import Fact
from ecdplan.vocab import DIMENSIONS, UNITS

__all__ = ["DIMENSIONS", "UNITS", "Pivot", "ShownTable", "auto_decimals", "pivot"]


@dataclass
class Pivot:
    """Amounts in đồng by row key (and column key); `cols` is [None] for a one-way table."""

    rows: list
    cols: list
    cells: dict[tuple, int] = field(default_factory=dict)

    def cell(self, row, col=None) -> int:
        return self.cells.get((row, col), 0)

    def row_total(self, row) -> int:
        return sum(self.cell(row, c) for c in self.cols)

    def col_total(self, col) -> int:
        return sum(self.cell(r, col) for r in self.rows)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def display(self, unit: str = "million", decimals: int | None = None) -> ShownTable:
        """Rounded for display (`display.shown_table`); `decimals=None`: the fewest places that show it exactly."""
        return shown_table(self.rows, self.cols, self.cells, unit, decimals)


def key_of(dimension: str) -> Callable[[Fact], object]:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; choose from {', '.join(DIMENSIONS)}")
    return lambda fact: getattr(fact, dimension)


def pivot(facts: Sequence[Fact], rows: str, cols: str | None = None,
          row_order: Sequence | None = None, col_order: Sequence | None = None) -> Pivot:
    """Sum amounts by `rows` (and `cols`); keys appear in first-seen order unless an order is given."""
    row_key = key_of(rows)
    col_key = key_of(cols) if cols else (lambda fact: None)
    cells: dict[tuple, int] = {}
    row_keys: dict = {} if row_order is None else dict.fromkeys(row_order)
    col_keys: dict = {} if col_order is None else dict.fromkeys(col_order)
    for fact in facts:
        r, c = row_key(fact), col_key(fact)
        row_keys.setdefault(r)
        col_keys.setdefault(c)
        cells[r, c] = cells.get((r, c), 0) + fact.amount
    if cols and all(isinstance(k, int) for k in col_keys):
        col_keys = dict.fromkeys(sorted(col_keys))
    if all(isinstance(k, int) for k in row_keys):
        row_keys = dict.fromkeys(sorted(row_keys))
    return Pivot(list(row_keys), list(col_keys) if cols else [None], cells)
