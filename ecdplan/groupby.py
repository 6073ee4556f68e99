"""Group-bys over the fact table, and their rounding for display.

A `Pivot` holds exact đồng: cells, row and column margins and the grand total always add up.
`Pivot.display(unit, decimals)` rounds it for people with controlled rounding, so that the shown
cells add up to the shown margins and the shown grand total, to the last displayed digit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Callable, Iterable, Sequence

from .facts import Fact
from .money import controlled_round

DIMENSIONS = ("intervention", "group", "agency", "source", "year")
UNITS = {"vnd": 1, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
MAX_AUTO_DECIMALS = {"vnd": 0, "thousand": 0, "million": 1, "billion": 3}


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

    def display(self, unit: str = "million", decimals: int | None = None) -> DisplayPivot:
        """Rounded for display; `decimals=None` picks the fewest places (up to a cap) that show it exactly."""
        per_unit = UNITS[unit]
        if decimals is None:
            decimals = auto_decimals(self.cells.values(), unit)
        step = Fraction(per_unit, 10**decimals)
        matrix = [[Fraction(self.cell(r, c)) / step for c in self.cols] for r in self.rows]
        rounded = controlled_round(matrix) if matrix else []

        def dec(k: int) -> Decimal:
            return Decimal(k).scaleb(-decimals)

        cells = {(r, c): dec(rounded[i][j]) for i, r in enumerate(self.rows) for j, c in enumerate(self.cols)}
        return DisplayPivot(
            self.rows, self.cols, cells,
            {r: dec(sum(rounded[i])) for i, r in enumerate(self.rows)},
            {c: dec(sum(rounded[i][j] for i in range(len(self.rows)))) for j, c in enumerate(self.cols)},
            dec(sum(map(sum, rounded))), unit, decimals,
        )


@dataclass
class DisplayPivot:
    rows: list
    cols: list
    cells: dict[tuple, Decimal]
    row_totals: dict
    col_totals: dict
    total: Decimal
    unit: str
    decimals: int


def auto_decimals(amounts: Iterable[int], unit: str, cap: int | None = None) -> int:
    """The fewest decimal places (up to `cap`, default per unit) at which every amount is shown exactly."""
    per_unit = UNITS[unit]
    values = list(amounts)
    cap = MAX_AUTO_DECIMALS[unit] if cap is None else cap
    for d in range(cap + 1):
        step = per_unit // 10**d if per_unit % 10**d == 0 else None
        if step and all(v % step == 0 for v in values):
            return d
    return cap


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
