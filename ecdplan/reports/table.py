"""The table every report gives and every writer receives: columns (what each holds and how people read it) and
rows of raw values (str, int, Decimal, date, None), with the totals apart. Reports make them; writers
(`writers/render.py`, `xlsx`, `html`) turn them into text and files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator


@dataclass
class Column:
    name: str
    key: str = ""  # the JSON/CSV name; defaults to the display name
    numeric: bool = False
    decimals: int | None = 0  # None: each Decimal shows its own places (a column mixing counts and money)
    signed: bool = False  # a change: +12 / -12 for people
    scale: int = 0  # integer cells hold value × 10^scale (e.g. tenths of a million): exact and fast for long tables
    # people read names for the ids of this column (an intervention's name, a rule in their language); machines
    # keep the ids and, where `names_key` is set, get the names in a column of that key beside them
    names: dict[str, str] | None = None
    names_key: str | None = None

    def __post_init__(self) -> None:
        if not self.key:
            self.key = self.name


class Replay:
    """Rows generated anew each time they are read: a long listing that writers go through twice (to learn its
    columns' widths, then to write it) without holding it."""

    def __init__(self, make: Callable[[], Iterator]):
        self.make = make

    def __iter__(self) -> Iterator:
        return self.make()


@dataclass
class Table:
    columns: list[Column]
    rows: Any = field(default_factory=list)  # a list, or an iterator of rows generated while written
    total_rows: list[list[Any]] = field(default_factory=list)  # set apart from the body (margins)
    title: str = ""
    notes: list[str] = field(default_factory=list)
    streamed_totals: int = 0  # with an iterator of rows: its last N rows are the totals
    chunked: bool = False  # the iterator gives lists of rows (a line-year's communes at a time)

    def materialised(self) -> Table:
        """The same table with its rows in a list and its totals apart (for outputs that need them all)."""
        if isinstance(self.rows, list):
            return self
        rows = [list(r) for chunk in self.rows for r in chunk] if self.chunked else [list(r) for r in self.rows]
        cut = len(rows) - self.streamed_totals
        return Table(self.columns, rows[:cut], rows[cut:] + self.total_rows, self.title, self.notes)
