"""R: rollout (phases in the plan period, without overlaps or gaps, within the area's communes; money in years
with communes; years in the period): the rules' catalogue entries and their checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ecdplan.i18n.messages import N_, Amount

from ecdplan.rules.findings import E, W, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="R001", name="phase-outside-period", severity=E,
         summary=N_("A rollout phase or per-year count lies outside the plan period."),
         fix=N_("Move the phase inside `plan.period` or widen the period.")),
    Rule(code="R002", name="phase-overlap", severity=E,
         summary=N_("Two rollout phases of one intervention cover the same year."),
         fix=N_("Make the phases' year ranges disjoint.")),
    Rule(code="R003", name="phase-gap", severity=W,
         summary=N_("An intervention's phases leave a year without rollout between them."),
         fix=N_("Add a phase for the missing years, or confirm the pause is intended.")),
    Rule(code="R004", name="communes-exceed-area", severity=E,
         summary=N_("A commune count is larger than the communes of the plan's area."),
         fix=N_("Correct the count or `plan.area.communes`.")),
    Rule(code="R005", name="coverage-shrinks", severity=W,
         summary=N_("An intervention reaches fewer communes in a year than the year before."),
         fix=N_("Confirm communes are meant to leave the intervention.")),
    Rule(code="R006", name="named-communes-mismatch", severity=E,
         summary=N_("A phase names a different number of communes than its count."),
         fix=N_("List exactly `communes:` names, or correct the count.")),
    Rule(code="R007", name="money-without-communes", severity=W,
         summary=N_("A line with a commune rollout has money in a year in which it runs in no commune; the "
                    "per-commune listing shows that money on a row of its own."),
         fix=N_("Add the year to the rollout, move the money to a year with communes, or confirm it is spent without "
                "communes (e.g. preparation).")),
    Rule(code="R008", name="year-outside-period", severity=E,
         summary=N_("A line's `years`, a per-year cost or an envelope year lies outside the plan period (e.g. "
                    "`by_year: {2062: 80}`, a typo for 2026)."),
         fix=N_("Correct the year, or widen `plan.period` if the plan really runs that long.")),
]


@check("R001", "R002", "R003", "R004", "R005", "R006")
def check_rollout(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    plan = compiled.plan
    period = plan.info.period
    area = plan.info.area.communes
    for i, iv in enumerate(plan.interventions):
        base = ("interventions", i, "rollout")
        if isinstance(iv.rollout, list):
            spans = []
            for k, phase in enumerate(iv.rollout):
                path = (*base, k)
                if phase.first < period.start or phase.last > period.end:
                    yield Finding.at("R001", (*path, "years"),
                                     N_("{line}: phase {phase} lies outside the plan period {period}"),
                                     {"line": iv.name, "phase": phase.years, "period": f"{period.start}-{period.end}"},
                                     phase=str(phase.years), period=f"{period.start}-{period.end}")
                if phase.named is not None and len(phase.named) != phase.communes:
                    yield Finding.at("R006", (*path, "named"),
                                     N_("{line}: phase {phase} names {named} communes but counts {count}"),
                                     {"line": iv.name, "phase": phase.years, "named": len(phase.named),
                                      "count": phase.communes},
                                     named=len(phase.named), count=phase.communes)
                if area is not None and phase.communes > area:
                    yield Finding.at("R004", (*path, "communes"),
                                     N_("{line}: {communes} communes, but the area has only {area}"),
                                     {"line": iv.name, "communes": phase.communes, "area": area},
                                     communes=phase.communes, area=area)
                spans.append((phase.first, phase.last, k))
            spans.sort()
            for (a1, b1, k1), (a2, b2, k2) in zip(spans, spans[1:]):
                if a2 <= b1:
                    yield Finding.at("R002", (*base, k2, "years"), N_("{line}: phases {first} and {second} overlap"),
                                     {"line": iv.name, "first": iv.rollout[k1].years, "second": iv.rollout[k2].years})
                elif a2 > b1 + 1:
                    missing = f"{b1 + 1}" if a2 == b1 + 2 else f"{b1 + 1}-{a2 - 1}"
                    yield Finding.at("R003", (*base, k2, "years"),
                                     N_("{line}: no phase covers {missing}, between phases {first} and {second}"),
                                     {"line": iv.name, "missing": missing, "first": iv.rollout[k1].years,
                                      "second": iv.rollout[k2].years})
        elif isinstance(iv.rollout, dict):
            for year, n in iv.rollout.items():
                if not period.start <= year <= period.end:
                    yield Finding.at("R001", (*base, year), N_("{line}: {year} lies outside the plan period {period}"),
                                     {"line": iv.name, "year": year, "period": f"{period.start}-{period.end}"},
                                     year=year, period=f"{period.start}-{period.end}")
                if area is not None and n > area:
                    yield Finding.at("R004", (*base, year),
                                     N_("{line}: {communes} communes in {year}, but the area has only {area}"),
                                     {"line": iv.name, "communes": n, "year": year, "area": area}, communes=n,
                                     area=area)
        counts = iv.communes_by_year()
        years = sorted(counts)
        for prev, year in zip(years, years[1:]):
            if year == prev + 1 and counts[year] < counts[prev]:
                if isinstance(iv.rollout, dict):
                    path = (*base, year)
                else:  # the phase in which the count drops
                    k = next(k for k, ph in enumerate(iv.rollout) if ph.first <= year <= ph.last)
                    path = (*base, k, "communes")
                yield Finding.at("R005", path,
                                 N_("{line}: coverage shrinks from {before} communes in {prev} to {after} in {year}"),
                                 {"line": iv.name, "before": counts[prev], "prev": prev, "after": counts[year],
                                  "year": year},
                                 before=counts[prev], after=counts[year])


@check("R007")
def check_money_without_communes(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    """A line with a rollout that spends money in a year in which it has no commune."""
    from ecdplan.rules.budget import in_unit

    plan = compiled.plan
    for i, (iv, line) in enumerate(zip(plan.interventions, compiled.lines)):
        counts = iv.communes_by_year()
        if not counts or line is None:
            continue
        for year, amount in line.by_year.items():
            if amount and not counts.get(year):
                path = ("interventions", i, "cost", "by_year", year) if iv.cost and iv.cost.by_year and \
                    year in iv.cost.by_year else ("interventions", i, "cost")
                yield Finding.at("R007", path,
                                 N_("{line}: {amount} {unit} in {year}, a year in which its rollout has no commune"),
                                 {"line": iv.name, "amount": Amount(in_unit(plan, amount)), "unit": plan.info.unit,
                                  "year": year},
                                 year=year, amount=in_unit(plan, amount), unit=plan.info.unit)


@check("R008")
def check_years_in_period(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    """Years that carry a line or money must lie in the plan period."""
    from ecdplan.formats.plan import year_bounds

    plan = compiled.plan
    period = plan.info.period
    span = f"{period.start}-{period.end}"
    for i, iv in enumerate(plan.interventions):
        if iv.years is not None:
            first, last = year_bounds(iv.years)
            if first < period.start or last > period.end:
                yield Finding.at("R008", ("interventions", i, "years"),
                                 N_("{line}: years {years} reach outside the plan period "
                                    "{period}"),
                                 {"line": iv.name, "years": iv.years, "period": span}, years=str(iv.years), period=span)
        for year in (iv.cost.by_year or {}) if iv.cost else {}:
            if not period.start <= year <= period.end:
                yield Finding.at("R008", ("interventions", i, "cost", "by_year", year),
                                 N_("{line}: a cost in {year}, outside the plan period {period}"),
                                 {"line": iv.name, "year": year, "period": span}, year=year, period=span)
    for k, mark in enumerate(plan.info.appendix.marks if plan.info.appendix else []):
        if isinstance(mark.at, int) and not period.start <= mark.at <= period.end:
            yield Finding.at("R008", ("plan", "appendix", "marks", k, "at"),
                             N_("the appendix's mark {mark} is on {year}, outside the plan period {period}"),
                             {"mark": mark.mark, "year": mark.at, "period": span}, year=mark.at, period=span)
    for source, years in plan.envelopes.items():
        for year in years:
            if not period.start <= year <= period.end:
                yield Finding.at("R008", ("envelopes", source, year),
                                 N_("envelope of '{source}' for {year}, outside the plan period {period}"),
                                 {"source": plan.source(source).label if plan.source(source) else source,
                                  "year": year, "period": span}, year=year, period=span)
