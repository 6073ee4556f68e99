"""The one display route: exact đồng become the digits people see, the same way in every output.

Every table of amounts (terminal, CSV, JSON, Markdown, XLSX, HTML, funding's gap tables) is rounded here:
- a two-way table by controlled rounding (each cell down or up, margins and grand total add up as shown);
- a column by `money.round_column` (adds up as shown; equal amounts show equal digits where possible);
- a figure on its own (a note, a change between two versions) to the nearest, half up.
`Shown.moved` says whether any figure was moved away from its nearest rounding to make the table add
up: reports then add one footnote (`MOVED_NOTE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Sequence

from ecdplan.core.money import controlled_round, round_column, round_half_up
from ecdplan.vocab import MAX_AUTO_DECIMALS, UNITS

MOVED_NOTE = ("Some figures are rounded down or up rather than to the nearest, so that every total adds up "
              "as shown.")


@dataclass(frozen=True)
class Unit:
    """A display unit, made once for a run (from `--unit`, or a currency the plan declares at its rate): how many
    đồng one shown 1 is, and its name in each language. The display route and every header take this object;
    nothing builds or parses unit strings."""

    code: str  # a unit of vocab.UNITS ('million'), or a currency code ('USD')
    dong: int | Fraction  # đồng per unit: 1,000,000, or a declared rate such as 25450.5
    max_decimals: int  # the most places `auto_decimals` shows unless told (cents for a currency)

    @classmethod
    def named(cls, code: str) -> Unit:
        """A unit of đồng of vocab.UNITS (`vnd`, `thousand`, `million`, `billion`)."""
        return cls(code, UNITS[code], MAX_AUTO_DECIMALS[code])

    @classmethod
    def currency(cls, code: str, rate: Decimal) -> Unit:
        """A currency at a declared rate (đồng per unit, currency.py); shown to the cent."""
        return cls(code, Fraction(rate), 2)

    @property
    def is_currency(self) -> bool:
        return self.code not in UNITS

    def label(self, lang: str) -> str:
        """The unit as people of `lang` write it: 'million VND', 'triệu đồng'; a currency by its code."""
        if self.is_currency:
            return self.code  # ISO 4217 codes read the same in every language
        from ecdplan.i18n.labels import UNIT_LABEL

        return UNIT_LABEL[lang][self.code]


def as_unit(unit: Unit | str) -> Unit:
    """A Unit, given one or the name of a unit of vocab.UNITS (the default of library calls: 'million')."""
    return unit if isinstance(unit, Unit) else Unit.named(unit)


def auto_decimals(amounts: Iterable[int], unit: Unit | str, cap: int | None = None) -> int:
    """The fewest decimal places (up to `cap`, default per unit) at which every amount is shown exactly."""
    unit = as_unit(unit)
    per_unit = unit.dong
    values = list(amounts)
    cap = unit.max_decimals if cap is None else cap
    for d in range(cap + 1):
        if all(Fraction(v * 10**d, per_unit).denominator == 1 for v in values):
            return d
    return cap


def _steps(dong: int, unit: Unit | str, decimals: int) -> Fraction:
    """An amount in display steps (10^-decimals of the unit), exactly."""
    return Fraction(dong * 10**decimals) / as_unit(unit).dong


def _decimal(steps: int, decimals: int) -> Decimal:
    return Decimal(steps).scaleb(-decimals)


def shown_value(dong: int | None, unit: Unit | str, decimals: int) -> Decimal | None:
    """One figure on its own, to the nearest (half up)."""
    if dong is None:
        return None
    return _decimal(round_half_up(_steps(dong, unit, decimals)), decimals)


def shown_shares(amounts: Sequence[int], total: int) -> tuple[list[Decimal], Decimal]:
    """Each amount's share of `total` in percent to one decimal, and the total of the shares as shown.

    Equal amounts always show equal shares. The shares add up to 100.0 where rounding each down or up allows
    that with equal amounts kept equal; otherwise each is rounded to the nearest (half up) and the total shows
    what they add up to (99.9 or 100.1), which `SHARES_NOTE` explains."""
    if not total:
        return [Decimal(0).scaleb(-1)] * len(amounts), Decimal(0).scaleb(-1)
    nums = [a * 1000 for a in amounts]
    tenths = round_column(nums, total, total=1000)
    groups: dict[int, set[int]] = {}
    for n, v in zip(nums, tenths):
        groups.setdefault(n, set()).add(v)
    if any(len(v) > 1 for v in groups.values()) or sum(tenths) != 1000:
        tenths = [round_half_up(Fraction(n, total)) for n in nums]
    return [_decimal(v, 1) for v in tenths], _decimal(sum(tenths), 1)


SHARES_NOTE = ("Shares are each rounded to the nearest tenth of a per cent, so that equal amounts show equal "
               "shares; shown, they add up to {total}, not 100.")


@dataclass
class ShownColumn:
    cells: list[Decimal | None]
    total: Decimal
    decimals: int
    moved: bool


def shown_column(amounts: Sequence[int | None], unit: Unit | str, decimals: int,
                 pinned: dict[int, Decimal] | None = None) -> ShownColumn:
    """A column of amounts (None = blank, e.g. unbudgeted) rounded so that it adds up as shown."""
    idx = [i for i, a in enumerate(amounts) if a is not None]
    nums, den = _numerators([amounts[i] for i in idx], unit, decimals)
    pins = {k: int(pinned[i].scaleb(decimals)) for k, i in enumerate(idx) if pinned and i in pinned}
    rounded = round_column(nums, den, pins)
    cells: list[Decimal | None] = [None] * len(amounts)
    for k, i in enumerate(idx):
        cells[i] = _decimal(rounded[k], decimals)
    total = sum(rounded)
    return ShownColumn(cells, _decimal(total, decimals), decimals, _moved(rounded, nums, den))


def _numerators(amounts: Sequence[int], unit: Unit | str, decimals: int) -> tuple[list[int], int]:
    """Amounts in display steps as numerators over one denominator: exact, in integers."""
    per_unit, scale = Fraction(as_unit(unit).dong), 10**decimals
    if per_unit.denominator == 1 and per_unit.numerator % scale == 0:
        return list(amounts), per_unit.numerator // scale
    factor = scale * per_unit.denominator  # a rate such as 25450.5 đồng per USD: still integers
    return [a * factor for a in amounts], per_unit.numerator


def _moved(rounded: list[int], nums: list[int], den: int) -> bool:
    """Whether a cell or the total is not its nearest rounding (half up)."""
    return any(r != (2 * n + den) // (2 * den) for r, n in zip(rounded, nums)) or \
        sum(rounded) != (2 * sum(nums) + den) // (2 * den)


@dataclass
class ShownTable:
    """A table of amounts as shown: cells, margins and grand total add up to the last shown digit."""

    rows: list
    cols: list
    cells: dict[tuple, Decimal]
    row_totals: dict
    col_totals: dict
    total: Decimal
    unit: Unit
    decimals: int
    moved: bool  # some figure is not its nearest rounding (reports add MOVED_NOTE)


def _shown_one_way(rows: list, cells: dict[tuple, int], unit: Unit | str, decimals: int) -> ShownTable:
    """A one-way table: one column rounded in integers (a 100,000-line plan has 100,000 rows)."""
    nums, den = _numerators([cells.get((r, None), 0) for r in rows], unit, decimals)
    column = round_column(nums, den)
    shown = [_decimal(v, decimals) for v in column]
    total = _decimal(sum(column), decimals)
    return ShownTable(rows, [None], {(r, None): v for r, v in zip(rows, shown)}, dict(zip(rows, shown)),
                      {None: total}, total, unit, decimals, _moved(column, nums, den))


def shown_table(rows: list, cols: list, cells: dict[tuple, int], unit: Unit | str, decimals: int | None,
                pinned: dict[tuple, Decimal] | None = None, col_totals: dict | None = None) -> ShownTable:
    """Round a rows × cols table of đồng (missing cells are 0) for display.

    `pinned` cells show the given digits: the same amount as in another table that was shown already (a
    funding allocation that pays what `budget` planned), so one amount never shows two ways; `col_totals`
    the column totals already shown there. Where both cannot hold, the table is rounded on its own."""
    unit = as_unit(unit)
    if decimals is None:
        decimals = auto_decimals(cells.values(), unit)
    if cols == [None] and not pinned:
        return _shown_one_way(rows, cells, unit, decimals)
    exact = [[_steps(cells.get((r, c), 0), unit, decimals) for c in cols] for r in rows]
    true_exact = exact
    if pinned:
        exact = [[Fraction(int(pinned[r, c].scaleb(decimals))) if (r, c) in pinned else v
                  for c, v in zip(cols, row)] for r, row in zip(rows, exact)]
    if pinned or col_totals:
        try:
            fixed = [int(col_totals[c].scaleb(decimals)) for c in cols] if col_totals else None
            rounded = controlled_round(exact, col_totals=fixed) if exact else []
        except ValueError:
            # keep the pins only in columns made wholly of pinned amounts (e.g. years with no gap)
            whole = {c for c in cols if all((r, c) in pinned or not cells.get((r, c)) for r in rows)} if pinned else set()
            kept = {k: v for k, v in (pinned or {}).items() if k[1] in whole}
            if kept != (pinned or {}):
                return shown_table(rows, cols, cells, unit, decimals, kept, col_totals)
            if col_totals:
                return shown_table(rows, cols, cells, unit, decimals, pinned, None)
            return shown_table(rows, cols, cells, unit, decimals)
    else:
        rounded = controlled_round(exact) if exact else []
    row_sums = [sum(r) for r in rounded]
    col_sums = [sum(rounded[i][j] for i in range(len(rows))) for j in range(len(cols))]
    total = sum(row_sums)
    exact = true_exact
    moved = (any(rounded[i][j] != round_half_up(exact[i][j]) for i in range(len(rows)) for j in range(len(cols)))
             or any(s != round_half_up(sum(e, Fraction(0))) for s, e in zip(row_sums, exact))
             or any(col_sums[j] != round_half_up(sum((exact[i][j] for i in range(len(rows))), Fraction(0)))
                    for j in range(len(cols)))
             or total != round_half_up(sum((sum(e, Fraction(0)) for e in exact), Fraction(0))))
    dec = lambda k: _decimal(k, decimals)  # noqa: E731
    return ShownTable(
        rows, cols,
        {(r, c): dec(rounded[i][j]) for i, r in enumerate(rows) for j, c in enumerate(cols)},
        {r: dec(row_sums[i]) for i, r in enumerate(rows)},
        {c: dec(col_sums[j]) for j, c in enumerate(cols)},
        dec(total), unit, decimals, moved)
