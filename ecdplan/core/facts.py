"""The calculation core: a validated plan becomes one fact table, intervention × year × source.

Every figure a report shows is a group-by over these rows (see `groupby.py`). Amounts are integer đồng.

How an intervention's cost is spread over years (`year_rule`):
  - `by-year`       explicit per-year amounts (`cost.by_year`);
  - `unit-cost`     unit cost × communes active that year (`cost.per_commune_year`, no conflicting total);
  - `commune-years` the declared total spread in proportion to commune-years;
  - `even`          the declared total spread evenly over the line's `years`, else the plan period.
How each year's amount is split over sources (`split_rule`):
  - `amounts` / `shares` as the plan gives them;
  - `equal`         an equal split over the eligible sources: an assumption, labelled in every output.
All splits use largest-remainder rounding, and the year × source table of each intervention is
rounded as a whole (controlled rounding) so that it adds up both ways to the đồng.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ecdplan.formats.plan import Intervention, Plan
from ecdplan.core.money import controlled_round, largest_remainder, round_half_up, to_dong

YEAR_RULES = {
    "by-year": "explicit per-year amounts",
    "unit-cost": "unit cost × communes per year",
    "commune-years": "declared total spread in proportion to commune-years",
    "even": "declared total spread evenly over the line's years (its `years`, else the plan period)",
}
NO_SOURCE = ""  # source id of money that has no eligible source (an F003 error)


@dataclass(frozen=True)
class Fact:
    intervention: str
    group: str
    agency: str
    year: int
    source: str
    amount: int  # đồng
    year_rule: str
    split_rule: str
    source_valid: bool  # False when the source is used outside its valid years


def amount_dong(plan: Plan, value) -> int:
    """A plan amount in đồng, rounded to the đồng if the plan wrote a fraction of one (B004 reports it)."""
    exact = to_dong(value, plan.dong_per_unit)
    if exact is None:
        return round_half_up(Fraction(value) * Fraction(plan.dong_per_unit))
    return exact


def source_amount_dong(plan: Plan, source_id: str, value) -> int:
    """An amount a source gives, in đồng: in the source's own currency at its declared rate, if it has one."""
    source = plan.source(source_id)
    if source is None or source.currency is None:
        return amount_dong(plan, value)
    return round_half_up(Fraction(value) * Fraction(source.currency.rate))


def declared_total(plan: Plan, iv: Intervention) -> int | None:
    """The line's total as the plan writes it (`cost.total`), in đồng."""
    if iv.cost is None or iv.cost.total is None:
        return None
    return amount_dong(plan, iv.cost.total)


def year_amounts(plan: Plan, iv: Intervention) -> tuple[dict[int, int], str] | None:
    """The intervention's cost per year in đồng and the rule that produced it; None if it has no cost.

    This is the one definition of a line's cost: its total is the sum of these amounts. Explicit per-year
    amounts come first, then the declared total, then the unit cost; where they disagree, B003 says so."""
    cost = iv.cost
    if cost is None or (cost.total is None and not cost.by_year and cost.per_commune_year is None):
        return None
    counts = iv.communes_by_year()
    if cost.total is not None:
        total = amount_dong(plan, cost.total)
    elif not cost.by_year:
        total = amount_dong(plan, cost.per_commune_year) * sum(counts.values())
    if cost.by_year:
        return {y: amount_dong(plan, v) for y, v in sorted(cost.by_year.items())}, "by-year"
    if cost.per_commune_year is not None:
        unit = amount_dong(plan, cost.per_commune_year)
        if cost.total is None or unit * sum(counts.values()) == total:
            return {y: unit * n for y, n in counts.items()}, "unit-cost"
    if counts and sum(counts.values()) > 0:
        years = list(counts)
        return dict(zip(years, largest_remainder(total, [counts[y] for y in years]))), "commune-years"
    years = list(counts) or iv.active_years(plan.info.period) or list(plan.info.period.years)
    return dict(zip(years, largest_remainder(total, [1] * len(years)))), "even"


def source_weights(plan: Plan, iv: Intervention, force_equal: bool = False) -> tuple[list[str], list[Fraction], str]:
    """Eligible source ids, their weights and the split rule (`force_equal` ignores shares and amounts)."""
    funding = iv.funding()
    if not funding:
        return [NO_SOURCE], [Fraction(1)], "none"
    ids = [f.source for f in funding]
    if force_equal:
        return ids, [Fraction(1)] * len(ids), "equal"
    if all(f.amount is not None for f in funding):
        return ids, [Fraction(source_amount_dong(plan, f.source, f.amount)) for f in funding], "amounts"
    if all(f.share is not None for f in funding):
        return ids, [Fraction(f.share) for f in funding], "shares"
    return ids, [Fraction(1)] * len(ids), "equal"


def intervention_facts(plan: Plan, iv: Intervention, force_equal: bool = False, agency: str | None = None,
                       spread: tuple[dict[int, int], str] | None = None) -> list[Fact]:
    """The line's money facts: its year amounts split over its sources (one controlled rounding)."""
    agency = (iv.lead or "") if agency is None else agency
    spread = spread or year_amounts(plan, iv)
    if spread is None:
        return []
    by_year, year_rule = spread
    ids, weights, split_rule = source_weights(plan, iv, force_equal)
    weight_sum = sum(weights)
    if weight_sum == 0:
        weights, weight_sum = [Fraction(1)] * len(ids), Fraction(len(ids))
    years = list(by_year)
    exact = [[Fraction(by_year[y]) * w / weight_sum for w in weights] for y in years]
    cells = controlled_round(exact, row_totals=[by_year[y] for y in years])
    facts = []
    for y, row in zip(years, cells):
        for source_id, amount in zip(ids, row):
            source = plan.source(source_id)
            valid = source is None or source.valid is None or source.valid.start <= y <= source.valid.end
            facts.append(Fact(iv.id, iv.group or "", agency, y, source_id, amount, year_rule, split_rule, valid))
    return facts


