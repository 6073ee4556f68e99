"""T: targets and reporting (percent targets in 0-100, milestones and deadlines in the plan period, targets that
go the indicator's way): the rules' catalogue entries and their check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ecdplan.i18n.messages import N_

from ecdplan.rules.findings import E, W, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="T001", name="target-out-of-range", severity=E,
         summary=N_("A percent target is outside 0-100."),
         fix=N_("Correct the value or the indicator's unit.")),
    Rule(code="T002", name="milestone-outside-period", severity=E,
         summary=N_("An indicator milestone lies outside the plan period."),
         fix=N_("Move the milestone into the period or widen the period.")),
    Rule(code="T003", name="target-decreasing", severity=W,
         summary=N_("An indicator's milestones go down over time."),
         fix=N_("Confirm the indicator is one where lower is better (set `direction: down`).")),
    Rule(code="T004", name="deadline-outside-period", severity=W,
         summary=N_("A reporting deadline lies outside the plan period."),
         fix=N_("Check the date's year.")),
    Rule(code="T005", name="yearly-29-february", severity=W,
         summary=N_("A yearly deadline on 29 February ('02-29'): in common years there is no such day, and the "
                    "deadline is taken as 28 February, the last day of the month."),
         fix=N_("Write the day meant in every year (e.g. '02-28' or '03-01'), or confirm 28 February in common "
                "years.")),
]


@check("T001", "T002", "T003", "T004", "T005")
def check_targets(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    plan = compiled.plan
    period = plan.info.period
    for i, ind in enumerate(plan.indicators):
        base = ("indicators", i, "milestones")
        for year, value in ind.milestones.items():
            if ind.unit == "percent" and not 0 <= value <= 100:
                yield Finding.at("T001", (*base, year), N_("{indicator}: {value}% (year {year}) is outside 0-100"),
                                 {"indicator": ind.name, "value": value, "year": year}, value=str(value))
            if not period.start <= year <= period.end:
                yield Finding.at("T002", (*base, year),
                                 N_("{indicator}: milestone {year} lies outside the plan period {period}"),
                                 {"indicator": ind.name, "year": year, "period": f"{period.start}-{period.end}"},
                                 year=year, period=f"{period.start}-{period.end}")
        items = sorted(ind.milestones.items())
        for (y1, v1), (y2, v2) in zip(items, items[1:]):
            worse = v2 < v1 if ind.direction == "up" else v2 > v1
            if worse:
                yield Finding.at("T003", (*base, y2),
                                 N_("{indicator}: target goes from {before} in {y1} to {after} in {y2}"),
                                 {"indicator": ind.name, "before": v1, "y1": y1, "after": v2, "y2": y2},
                                 before=str(v1), after=str(v2))
    for i, deadline in enumerate(plan.reporting):
        if deadline.due is not None and not period.start <= deadline.due.year <= period.end + 1:
            # a final report may fall early in the year after the period
            yield Finding.at("T004", ("reporting", i, "due"),
                             N_("{report}: deadline {due} lies outside the plan period {period}"),
                             {"report": deadline.report, "due": deadline.due.isoformat(),
                              "period": f"{period.start}-{period.end}"},
                             due=deadline.due.isoformat())
        if deadline.yearly is not None and deadline.yearly.strip() == "02-29":
            import calendar

            common = [y for y in period.years if not calendar.isleap(y)]
            if common:
                yield Finding.at("T005", ("reporting", i, "yearly"),
                                 N_("{report}: yearly '02-29' has no day in {years}: the deadline is taken as 28 "
                                    "February (the last day of the month) in those years"),
                                 {"report": deadline.report, "years": ", ".join(map(str, common))},
                                 years=", ".join(map(str, common)))
