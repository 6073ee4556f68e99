"""Indicator targets per year: the plan's milestones and the straight line between them."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ecdplan.formats.plan import Indicator, Plan


@dataclass(frozen=True)
class TargetYear:
    indicator: str
    year: int
    value: Fraction
    interpolated: bool  # False for a milestone the plan states


def target_path(indicator: Indicator, years: range) -> list[TargetYear]:
    """Milestones as stated, and straight-line values for the years between two milestones.

    Years before the first or after the last milestone get no value: the plan says nothing there.
    """
    points = sorted((y, Fraction(v)) for y, v in indicator.milestones.items())
    out = []
    for year in years:
        stated = next((v for y, v in points if y == year), None)
        if stated is not None:
            out.append(TargetYear(indicator.id, year, stated, False))
            continue
        before = [(y, v) for y, v in points if y < year]
        after = [(y, v) for y, v in points if y > year]
        if before and after:
            (y0, v0), (y1, v1) = before[-1], after[0]
            out.append(TargetYear(indicator.id, year, v0 + (v1 - v0) * (year - y0) / (y1 - y0), True))
    return out


def plan_targets(plan: Plan, year: int | None = None) -> list[TargetYear]:
    period = plan.info.period
    first = min([period.start, *(y for i in plan.indicators for y in i.milestones)])
    last = max([period.end, *(y for i in plan.indicators for y in i.milestones)])
    years = range(year, year + 1) if year is not None else range(first, last + 1)
    return [t for ind in plan.indicators for t in target_path(ind, years)]
