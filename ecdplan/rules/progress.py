"""G: progress files (`format: ecdplan-progress/1`) checked against the plan they report on: the rules'
catalogue entries and their checks (the periods, allocations and the attachment of progress files to a plan:
core/progress.py, which finds the plan and runs these checks).

Their order: the plan must be found and usable (G009) and be the plan the file names (G010) before anything
else is checked against it; the period must lie in one year of the plan (G011, G004) before money and communes
are measured against that year.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator

from ecdplan.i18n.messages import N_, Word

from ecdplan.rules.findings import E, W, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.progress import ProgressResult
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="G001", name="unknown-line", severity=E,
         summary=N_("A progress file reports on a line (intervention id) that the plan does not have."),
         fix=N_("Use an intervention id of the plan (see `ecdplan budget PLAN`).")),
    Rule(code="G002", name="unknown-source", severity=E,
         summary=N_("A progress file reports money from a source that is not in the plan's `sources:`."),
         fix=N_("Use a source id of the plan's catalogue.")),
    Rule(code="G003", name="source-not-eligible", severity=E,
         summary=N_("A progress file reports money from a source that the line may not draw on (it is not among the "
                    "line's `sources:`; a line that lists none may draw on any source of the plan)."),
         fix=N_("Correct the source, or add it to the line in the plan.")),
    Rule(code="G004", name="period-outside-plan", severity=E,
         summary=N_("The progress file's period lies outside the plan period."),
         fix=N_("Correct `period:` (e.g. 2024, 2024-H1) or the plan the file names.")),
    Rule(code="G005", name="disbursed-above-allocation", severity=W,
         summary=N_("More was disbursed from a source on a line than the plan allocates to the period (the year's "
                    "planned amount; half of it for a half-year, by largest remainder; in proportion to days for a "
                    "date range)."),
         fix=N_("Check the amount and its unit; or confirm the overspend (the execution table shows it).")),
    Rule(code="G006", name="communes-above-rollout", severity=W,
         summary=N_("More communes were reached on a line than the plan rolls it out to in that year."),
         fix=N_("Check the count, or update the plan's rollout.")),
    Rule(code="G007", name="communes-above-area", severity=E,
         summary=N_("More communes were reached on a line than the plan's area has."),
         fix=N_("Correct the count or the plan's `plan.area.communes`.")),
    Rule(code="G008", name="commune-not-in-rollout", severity=E,
         summary=N_("A commune reached (by name) is not among the communes the plan names for that line and year "
                    "(compared after NFC, ignoring case and spacing)."),
         fix=N_("Correct the spelling, or add the commune to the plan's rollout.")),
    Rule(code="G009", name="plan-not-found", severity=E,
         summary=N_("The plan file named in `plan.file` is missing or cannot be used."),
         fix=N_("Correct the path (relative to the progress file), or fix the plan file.")),
    Rule(code="G010", name="plan-id-mismatch", severity=E,
         summary=N_("The progress file names a plan id that differs from the plan file's `plan.id`: it belongs to "
                    "another plan."),
         fix=N_("Name the plan file this progress belongs to, with its id.")),
    Rule(code="G011", name="period-spans-years", severity=E,
         summary=N_("A date-range period runs over more than one calendar year."),
         fix=N_("Give one progress file per year or half-year.")),
    Rule(code="G012", name="unknown-indicator", severity=E,
         summary=N_("A progress file measures an indicator that the plan does not have."),
         fix=N_("Use an indicator id of the plan (see `ecdplan targets PLAN`).")),
    Rule(code="G013", name="disbursed-on-unbudgeted-line", severity=W,
         summary=N_("Money was disbursed on a line the plan gives no cost (unbudgeted): it is outside the plan's "
                    "budget, has nothing to be measured against, and makes its sources' share used exceed what the "
                    "plan allocates them."),
         fix=N_("Check the line id; or give the line its cost in the plan (the execution tables show the money and "
                "say why a source is above 100 %).")),
    Rule(code="G014", name="sub-project-of-another-source", severity=E,
         summary=N_("A progress file gives money under a sub-project label that is another source's `component` "
                    "in the plan (e.g. 'Dự án 7' under the poverty programme): which source paid would be a guess."),
         fix=N_("Move the amount under the source whose sub-project it is, or correct the label.")),
]


def _listed(items: Any) -> str:
    """'clubs (Câu lạc bộ dinh dưỡng), ...': the ids a progress file may use, each with its name."""
    return ", ".join(f"{ident} ({name})" if name and name != ident else str(ident) for ident, name in items)


def not_its_plan(result: ProgressResult, ctx: Context) -> bool:
    """The precondition of every check against the plan: the plan was found, usable, and is the one named."""
    return result.target is None or result.document.plan.id != result.target.plan.info.id


def is_dated(result: ProgressResult) -> bool:
    """Whether the period lies within one year of the plan period: what money and communes are measured by."""
    period, plan_period = result.period, result.target.plan.info.period
    return period.one_year and plan_period.start <= period.year <= plan_period.end


@check("G009", format="progress")
def check_plan_found(result: ProgressResult, ctx: Context) -> Iterator[Finding]:
    """The plan file the progress file names exists and can be used."""
    doc = result.document
    if result.planned is None:
        yield Finding.at("G009", ("plan", "file"), N_("plan file {file} not found (looked for {path})"),
                         {"file": doc.plan.file, "path": result.plan_file}, file=doc.plan.file)
    elif result.target is None:
        yield Finding.at("G009", ("plan", "file"), N_("plan file {file} cannot be used ({n} finding(s); see "
                                                      "`ecdplan validate {path}`)"),
                         {"file": doc.plan.file, "n": len(result.planned.findings), "path": result.plan_file},
                         file=doc.plan.file)


@check("G010", format="progress", skip_when=lambda result, ctx: result.target is None)
def check_plan_id(result: ProgressResult, ctx: Context) -> Iterator[Finding]:
    """The plan file holds the plan the progress file names."""
    doc, plan = result.document, result.target.plan
    if doc.plan.id != plan.info.id:
        yield Finding.at("G010", ("plan", "id"), N_("this progress file is for plan '{declared}', but {file} holds "
                                                    "plan '{found}' ({title})"),
                         {"declared": doc.plan.id, "file": doc.plan.file, "found": plan.info.id,
                          "title": plan.info.title}, declared=doc.plan.id, found=plan.info.id)


@check("G011", "G004", format="progress", skip_when=not_its_plan)
def check_period(result: ProgressResult, ctx: Context) -> Iterator[Finding]:
    """The period lies in one calendar year, within the plan period."""
    period, plan = result.period, result.target.plan
    plan_period = f"{plan.info.period.start}-{plan.info.period.end}"
    if not period.one_year:
        yield Finding.at("G011", ("period",), N_("the period {period} runs over more than one calendar year; give "
                                                 "one progress file per year (or half-year)"),
                         {"period": period.phrase}, period=period.label)
    elif not plan.info.period.start <= period.year <= plan.info.period.end:
        yield Finding.at("G004", ("period",), N_("the period {period} is outside the plan period {plan_period}"),
                         {"period": period.phrase, "plan_period": plan_period}, period=period.label,
                         plan_period=plan_period)


@check("G001", "G002", "G003", "G005", "G013", "G014", "B004", format="progress", skip_when=not_its_plan)
def check_lines_and_money(result: ProgressResult, ctx: Context) -> Iterator[Finding]:
    """The lines and sources money was disbursed on, whole đồng, within the period's allocation."""
    from ecdplan.core.progress import allocation, amount_in_dong, component_owner, disbursed_dong, eligible_sources
    from ecdplan.rules.budget import in_unit

    compiled, dated = result.target, is_dated(result)
    doc, plan = result.document, compiled.plan
    known = {iv.id: iv for iv in plan.interventions}
    alloc = allocation(compiled, result.period) if dated else {}
    for line_id, line in doc.lines.items():
        iv = known.get(line_id)
        if iv is None:
            lines = _listed((i.id, i.name) for i in plan.interventions)
            template = N_("line '{line}' is not an intervention of plan {plan} (its lines: {lines})") if lines else \
                N_("line '{line}' is not an intervention of plan {plan}, which has no lines")
            yield Finding.at("G001", ("lines", line_id), template,
                             {"line": line_id, "plan": plan.info.id, "lines": lines}, line=line_id)
            continue
        eligible = eligible_sources(iv, plan)
        budgeted = compiled.line(line_id) is not None
        for source_id, value in line.disbursed.items():
            where = ("lines", line_id, "disbursed", source_id)
            for part in (value.values() if isinstance(value, dict) else [value]):
                if amount_in_dong(doc, part) is None:
                    yield Finding.at("B004", where, N_("{amount} {unit} is not a whole number of đồng"),
                                     {"amount": part, "unit": doc.amount_unit})
            source = plan.source(source_id)
            if source is None:
                sources = _listed((s.id, s.label) for s in plan.sources)
                yield Finding.at("G002", where,
                                 N_("source '{source}' is not in the plan's sources ({sources})") if sources else
                                 N_("source '{source}' is not in the plan's sources: the plan lists none"),
                                 {"source": source_id, "sources": sources}, source=source_id)
                continue
            if source_id not in eligible:
                its_sources = _listed((s, plan.source(s).label if plan.source(s) else s) for s in sorted(eligible))
                yield Finding.at("G003", where,
                                 N_("{line} may not draw on the source '{source}' (its sources: {sources})"),
                                 {"line": iv.name, "source": source.label, "sources": its_sources}, source=source_id)
                continue
            if isinstance(value, dict):
                for label in value:
                    owner = component_owner(plan, source_id, label)
                    if owner is not None:
                        yield Finding.at("G014", (*where, label),
                                         N_("{line}: '{label}' is a sub-project of {owner}, not of {source}: the "
                                            "amount is given under the wrong source"),
                                         {"line": iv.name, "label": label, "owner": owner.label,
                                          "source": source.label}, source=source_id, component=label,
                                         component_of=owner.id)
            paid = disbursed_dong(doc, value)
            if not budgeted and paid:
                yield Finding.at("G013", where,
                                 N_("{line} has no cost in the plan (unbudgeted), but {source} disbursed {paid} {unit} "
                                    "on it: money outside the plan's budget"),
                                 {"line": iv.name, "source": source.label, "paid": Decimal(in_unit(plan, paid)),
                                  "unit": plan.info.unit}, disbursed=in_unit(plan, paid), unit=plan.info.unit)
            if not dated or not budgeted:
                continue  # no period to measure against, or an unbudgeted line (no amount, not zero)
            allowed = alloc.get((line_id, source_id), 0)
            if paid > allowed:
                yield Finding.at("G005", where, N_("{line}: {source} disbursed {paid} {unit} in {period}, above its "
                                                   "allocation of {allowed} ({rule})"),
                                 {"line": iv.name, "source": source.label, "paid": Decimal(in_unit(plan, paid)),
                                  "unit": plan.info.unit, "period": result.period.phrase,
                                  "allowed": Decimal(in_unit(plan, allowed)),
                                  "rule": Word(result.period.describe())},
                                 declared=in_unit(plan, paid), computed=in_unit(plan, allowed),
                                 difference=in_unit(plan, paid - allowed), unit=plan.info.unit)


@check("G006", "G007", "G008", format="progress", skip_when=not_its_plan)
def check_communes(result: ProgressResult, ctx: Context) -> Iterator[Finding]:
    """The communes reached, against the plan's area and its rollout in the period's year."""
    from ecdplan.core.compiled import named_by_year
    from ecdplan.core.progress import commune_key

    compiled, dated = result.target, is_dated(result)
    doc, plan = result.document, compiled.plan
    area = plan.info.area.communes
    known = {iv.id: iv for iv in plan.interventions}
    for line_id, line in doc.lines.items():
        iv = known.get(line_id)
        if iv is None or line.communes is None:
            continue
        where = ("lines", line_id, "communes")
        names = line.communes if isinstance(line.communes, list) else None
        reached = len({commune_key(n) for n in names}) if names is not None else line.communes
        if area is not None and reached > area:
            yield Finding.at("G007", where,
                             N_("{line}: {reached} communes reached, more than the {area} of {area_name}"),
                             {"line": iv.name, "reached": reached, "area": area, "area_name": plan.info.area.name},
                             reached=reached, area=area)
        if not dated:
            continue
        counts = iv.communes_by_year()
        planned = counts.get(result.period.year) if counts else None
        if planned is not None and reached > planned:
            yield Finding.at("G006", where,
                             N_("{line}: {reached} communes reached in {period}, more than the {planned} the "
                                "plan rolls out that year"),
                             {"line": iv.name, "reached": reached, "period": result.period.phrase, "planned": planned},
                             reached=reached, planned=planned)
        planned_names = named_by_year(iv).get(result.period.year)
        if names is not None and planned_names is not None:
            rollout = {commune_key(n) for n in planned_names}
            for k, name in enumerate(names):
                if commune_key(name) not in rollout:
                    yield Finding.at("G008", (*where, k),
                                     N_("{line}: commune '{commune}' is not in its rollout in {year} "
                                        "({communes})"),
                                     {"line": iv.name, "commune": name, "year": result.period.year,
                                      "communes": ", ".join(planned_names)}, commune=name)


@check("G012", format="progress", skip_when=not_its_plan)
def check_indicators(result: ProgressResult, ctx: Context) -> Iterator[Finding]:
    """The indicators measured are the plan's."""
    compiled = result.target
    known = {i.id: i.name for i in compiled.plan.indicators}
    for ind_id in result.document.indicators:
        if ind_id not in known:
            indicators = _listed(sorted(known.items()))
            template = N_("indicator '{indicator}' is not in plan {plan} (its indicators: {indicators})") \
                if indicators else N_("indicator '{indicator}' is not in plan {plan}, which has no indicators")
            yield Finding.at("G012", ("indicators", ind_id), template,
                             {"indicator": ind_id, "plan": compiled.plan.info.id, "indicators": indicators},
                             indicator=ind_id)
