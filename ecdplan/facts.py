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
from typing import Iterator, NamedTuple

from .model import Intervention, Plan
from .money import controlled_round, largest_remainder, round_half_up, to_dong

YEAR_RULES = {
    "by-year": "explicit per-year amounts",
    "unit-cost": "unit cost × communes per year",
    "commune-years": "declared total spread in proportion to commune-years",
    "even": "declared total spread evenly over the line's years (its `years`, else the plan period)",
}
SPLIT_RULES = {
    "amounts": "per-source amounts as written",
    "shares": "per-source shares as written",
    "equal": "equal split over eligible sources (assumed, not in the plan)",
    "none": "no eligible source",
}
NO_SOURCE = ""  # source id of money that has no eligible source (an F003 error)


@dataclass(frozen=True)
class Fact:
    intervention: str
    group: str
    agency: str
    year: int
    source: str
    communes: int
    amount: int  # đồng
    year_rule: str
    split_rule: str
    source_valid: bool  # False when the source is used outside its valid years


def amount_dong(plan: Plan, value) -> int:
    """A plan amount in đồng, rounded to the đồng if the plan wrote a fraction of one (B004 reports it)."""
    exact = to_dong(value, plan.dong_per_unit)
    if exact is None:
        return round_half_up(Fraction(value) * plan.dong_per_unit)
    return exact


def line_total(plan: Plan, iv: Intervention) -> int | None:
    """The intervention's cost in đồng: declared total, else per-year sum, else unit cost × commune-years."""
    cost = iv.cost
    if cost is None:
        return None
    if cost.total is not None:
        return amount_dong(plan, cost.total)
    if cost.by_year:
        return sum(amount_dong(plan, v) for v in cost.by_year.values())
    if cost.per_commune_year is not None:
        return amount_dong(plan, cost.per_commune_year) * sum(iv.communes_by_year().values())
    return None


def year_amounts(plan: Plan, iv: Intervention) -> tuple[dict[int, int], str] | None:
    """The intervention's cost per year in đồng and the rule that produced it; None if it has no cost."""
    total = line_total(plan, iv)
    if total is None:
        return None
    cost = iv.cost
    counts = iv.communes_by_year()
    if cost.by_year:
        return {y: amount_dong(plan, v) for y, v in sorted(cost.by_year.items())}, "by-year"
    if cost.per_commune_year is not None:
        unit = amount_dong(plan, cost.per_commune_year)
        if cost.total is None or unit * sum(counts.values()) == total:
            return {y: unit * n for y, n in counts.items()}, "unit-cost"
    if counts and sum(counts.values()) > 0:
        years = list(counts)
        return dict(zip(years, largest_remainder(total, [counts[y] for y in years]))), "commune-years"
    years = list(counts) or iv.active_years(plan.plan.period) or list(plan.plan.period.years)
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
        return ids, [Fraction(amount_dong(plan, f.amount)) for f in funding], "amounts"
    if all(f.share is not None for f in funding):
        return ids, [Fraction(f.share) for f in funding], "shares"
    return ids, [Fraction(1)] * len(ids), "equal"


def intervention_facts(plan: Plan, iv: Intervention, force_equal: bool = False) -> list[Fact]:
    spread = year_amounts(plan, iv)
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
    counts = iv.communes_by_year()
    facts = []
    for y, row in zip(years, cells):
        for source_id, amount in zip(ids, row):
            source = plan.source(source_id)
            valid = source is None or source.valid is None or source.valid.start <= y <= source.valid.end
            facts.append(Fact(iv.id, iv.group or "", iv.lead or "", y, source_id, counts.get(y, 0), amount,
                              year_rule, split_rule, valid))
    return facts


def fact_table(plan: Plan) -> list[Fact]:
    """All money facts of the plan, in plan order (intervention, then year, then source)."""
    return [fact for iv in plan.interventions for fact in intervention_facts(plan, iv)]


def unbudgeted(plan: Plan) -> list[Intervention]:
    """Interventions with no cost at all: reported as unbudgeted, never as zero."""
    return [iv for iv in plan.interventions if year_amounts(plan, iv) is None]


# --- rollout -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RolloutYear:
    intervention: str
    year: int
    active: int
    new: int
    continuing: int
    leaving: int


def commune_names_by_year(iv: Intervention) -> dict[int, list[str]]:
    """Named communes per year, for the years whose phase names them."""
    out: dict[int, list[str]] = {}
    if isinstance(iv.rollout, list):
        for phase in iv.rollout:
            if phase.named:
                names = [n if isinstance(n, str) else n.name for n in phase.named]
                for y in range(phase.first, phase.last + 1):
                    out[y] = names
    return out


def rollout_years(plan: Plan, iv: Intervention) -> list[RolloutYear]:
    """Active, new, continuing and leaving communes per year of the plan period.

    With names, new/continuing/leaving compare the sets; with counts only, communes are assumed to
    stay in as coverage grows (the seeds' "6 communes, then those 6 plus 9"), so growth is new.
    """
    counts = iv.communes_by_year()
    names = commune_names_by_year(iv)
    years = sorted(set(plan.plan.period.years) | set(counts))
    rows = []
    prev_count, prev_names = 0, None
    for y in years:
        n = counts.get(y, 0)
        cur_names = names.get(y)
        if cur_names is not None and prev_names is not None:
            cur, prev = set(cur_names), set(prev_names)
            rows.append(RolloutYear(iv.id, y, n, len(cur - prev), len(cur & prev), len(prev - cur)))
        else:
            rows.append(RolloutYear(iv.id, y, n, max(n - prev_count, 0), min(n, prev_count),
                                    max(prev_count - n, 0)))
        prev_count, prev_names = n, cur_names if n else []
    return rows


class CommuneYear(NamedTuple):  # a tuple: a national plan has 300,000 of these
    intervention: str
    commune: str  # a name, or a numbered slot "#12" when the plan gives only counts
    start: int  # first year of this commune in the intervention
    year: int
    amount: int  # đồng: the intervention's cost that year, split equally over its active communes


def commune_tuples(plan: Plan, year: int | None = None) -> Iterator[tuple[str, str, int, int, int]]:
    """(intervention, commune, start, year, amount) per intervention, commune and year, as plain tuples:
    a national plan has 300,000 of them. A commune's amount is its intervention-year cost split equally
    over the active communes (largest remainder: the first communes take the leftover đồng)."""
    for iv in plan.interventions:
        spread = year_amounts(plan, iv)
        by_year = spread[0] if spread else {}
        names = commune_names_by_year(iv)
        started: dict[str, int] = {}
        for y, n in iv.communes_by_year().items():
            labels = names.get(y) or [f"#{k}" for k in range(1, n + 1)]
            for label in labels:
                started.setdefault(label, y)
            if (year is not None and y != year) or not labels:
                continue
            q, r = divmod(by_year.get(y, 0), len(labels))
            ivid = iv.id
            yield from ((ivid, label, started[label], y, q + 1 if k < r else q) for k, label in enumerate(labels))


def commune_rows(plan: Plan, year: int | None = None) -> Iterator[CommuneYear]:
    """The per-commune schedule: one row per intervention, commune and year (generated, not stored)."""
    return (CommuneYear._make(row) for row in commune_tuples(plan, year))
