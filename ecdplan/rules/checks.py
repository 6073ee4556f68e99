"""Rule checks over a compiled plan. Each check reports findings; none stops the others.

Each check declares, next to its code, the rule codes it may emit and when it cannot judge (`@check`);
the runner stamps the codes and refuses any other. The catalogue (severities, texts) is `findings.RULES`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from ecdplan.core.compiled import CompiledPlan
from ecdplan.rules.findings import N_, Amount, Word  # N_ marks messages for the catalogues; no gettext at start-up
from ecdplan.core.facts import amount_dong, source_amount_dong
from ecdplan.formats.plan import Plan
from ecdplan.core.money import to_dong

if TYPE_CHECKING:
    from ecdplan.rules.runner import Context


@dataclass(frozen=True)
class Check:
    run: Callable[[CompiledPlan, "Context"], None]
    codes: tuple[str, ...]  # the only rule codes it may emit
    skip_when: Callable[["Context"], bool] | None = None  # a precondition that does not hold: skip


CHECKS: list[Check] = []


def check(*codes: str, skip_when: Callable[["Context"], bool] | None = None):
    """Register a check with the rule codes it emits and the condition under which it cannot judge."""
    def register(fn):
        CHECKS.append(Check(fn, codes, skip_when))
        return fn
    return register


def run_checks(compiled: CompiledPlan, ctx: Context) -> None:
    for c in CHECKS:
        if c.skip_when is not None and c.skip_when(ctx):
            continue
        ctx.allowed = set(c.codes)
        try:
            c.run(compiled, ctx)
        finally:
            ctx.allowed = None


def in_unit(plan: Plan, dong: int) -> str:
    """An amount in đồng written back in the plan's own unit, exactly (e.g. '9300' or '0.5')."""
    value = (Decimal(dong) / plan.dong_per_unit).normalize()
    return f"{value:f}"


def say(ctx: Context, code: str, path: tuple, template: str, params: dict[str, object], **figures: object) -> None:
    """A finding whose message is `template` (English, marked for translation) filled with `params`."""
    ctx.add(code, path, template.format(**params), template=template, params=params, **figures)


def money_figures(plan: Plan, declared: int, computed: int) -> dict[str, object]:
    return {"declared": Amount(in_unit(plan, declared)), "computed": Amount(in_unit(plan, computed)),
            "difference": Amount(in_unit(plan, declared - computed)), "unit": plan.plan.unit}


@check("I001", "I002", "I003")
def check_ids(compiled: CompiledPlan, ctx: Context) -> None:
    plan = compiled.plan
    for key, kind, items in (("sources", N_("source"), plan.sources), ("groups", N_("group"), plan.groups),
                             ("interventions", N_("line"), plan.interventions),
                             ("indicators", N_("indicator"), plan.indicators)):
        counts = Counter(item.id for item in items)
        seen: set[str] = set()
        for i, item in enumerate(items):
            if counts[item.id] > 1 and item.id in seen:
                first = next(j for j, other in enumerate(items) if other.id == item.id)
                first_line = ctx.loaded.position((key, first, "id"))[0]
                say(ctx, "I001", (key, i, "id"), N_("{kind} id '{id}' ({name}) is used again (first at line {first})"),
                    {"kind": Word(kind), "id": item.id, "name": item.name, "first": first_line})
            seen.add(item.id)
    group_ids = {g.id for g in plan.groups}
    source_ids = {s.id for s in plan.sources}
    for i, iv in enumerate(plan.interventions):
        if iv.group is not None and iv.group not in group_ids:
            say(ctx, "I002", ("interventions", i, "group"),
                N_("{line}: group '{group}' is not defined under groups: (known: {known})"),
                {"line": iv.name, "group": iv.group, "known": ", ".join(sorted(group_ids)) or "-"})
        for j, funding in enumerate(iv.funding()):
            if funding.source not in source_ids:
                say(ctx, "I003", ("interventions", i, "sources", j),
                    N_("{line}: source '{source}' is not in the sources catalogue (known: {known})"),
                    {"line": iv.name, "source": funding.source, "known": ", ".join(sorted(source_ids)) or "-"})
    for source_id in plan.envelopes:
        if source_id not in source_ids:
            say(ctx, "I003", ("envelopes", source_id),
                N_("envelope for source '{source}', which is not in the sources catalogue (known: {known})"),
                {"source": source_id, "known": ", ".join(sorted(source_ids)) or "-"})


@check("B004")
def check_amounts_whole_dong(compiled: CompiledPlan, ctx: Context) -> None:
    plan = compiled.plan

    def look(path: tuple, value: Decimal | None) -> None:
        if plan.plan.currency is not None:  # converted at compile time (currency.py); whole cents here
            if value is not None and to_dong(value, 100) is None:
                say(ctx, "B004", path, N_("{value} {currency} is not a whole number of cents"),
                    {"value": value, "currency": plan.plan.currency.code})
            return
        if value is not None and to_dong(value, plan.dong_per_unit) is None:
            say(ctx, "B004", path, N_("{value} {unit} is not a whole number of đồng"),
                {"value": value, "unit": plan.plan.unit})

    look(("total",), plan.total)
    for i, g in enumerate(plan.groups):
        look(("groups", i, "total"), g.total)
    for i, iv in enumerate(plan.interventions):
        if iv.cost:
            look(("interventions", i, "cost", "total"), iv.cost.total)
            look(("interventions", i, "cost", "per_commune_year"), iv.cost.per_commune_year)
            for y, v in (iv.cost.by_year or {}).items():
                look(("interventions", i, "cost", "by_year", y), v)


# an amount the loader refused (e.g. `9.300`) would make every total look wrong
@check("B001", "B002", "B003", skip_when=lambda ctx: bool(ctx.loaded.poisoned))
def check_totals(compiled: CompiledPlan, ctx: Context) -> None:
    plan = compiled.plan
    for i, (iv, line) in enumerate(zip(plan.interventions, compiled.lines)):
        total = line.total if line else None
        cost = iv.cost
        if cost is not None and cost.total is not None:
            declared = amount_dong(plan, cost.total)
            if cost.by_year:
                by_year = sum(amount_dong(plan, v) for v in cost.by_year.values())
                if by_year != declared:
                    say(ctx, "B003", ("interventions", i, "cost", "total"),
                        N_("{line}: the declared total is {declared} {unit}, but the per-year amounts add up to "
                           "{computed} (difference {difference})"),
                        {"line": iv.name, **money_figures(plan, declared, by_year)},
                        **money_figures(plan, declared, by_year))
            if cost.per_commune_year is not None:
                cy = sum(iv.communes_by_year().values())
                unit = amount_dong(plan, cost.per_commune_year) * cy
                if unit != declared:
                    say(ctx, "B003", ("interventions", i, "cost", "total"),
                        N_("{line}: the declared total is {declared} {unit}, but the unit cost {unit_cost} × "
                           "{commune_years} commune-years makes {computed} (difference {difference})"),
                        {"line": iv.name, "unit_cost": cost.per_commune_year, "commune_years": cy,
                         **money_figures(plan, declared, unit)},
                        **money_figures(plan, declared, unit))
        funding = iv.funding()
        if total is not None and funding and all(f.amount is not None for f in funding):
            by_source = sum(source_amount_dong(plan, f.source, f.amount) for f in funding)
            if by_source != total:
                say(ctx, "B003", ("interventions", i, "sources"),
                    N_("{line}: the per-source amounts add up to {computed} {unit}, the cost is {declared} "
                       "(difference {difference})"),
                    {"line": iv.name, **money_figures(plan, total, by_source)}, **money_figures(plan, total, by_source))
    for i, group in enumerate(plan.groups):
        if group.total is None or group.id in ctx.incomplete_groups:
            continue
        declared = amount_dong(plan, group.total)
        computed = sum(line.total for iv, line in zip(plan.interventions, compiled.lines)
                       if line and iv.group == group.id)
        if declared != computed:
            say(ctx, "B001", ("groups", i, "total"),
                N_("group {group} ({name}): declared {declared} {unit}, its lines add up to {computed} "
                   "(difference {difference})"),
                {"group": group.id, "name": group.name, **money_figures(plan, declared, computed)},
                **money_figures(plan, declared, computed))
    if plan.total is not None:
        declared = amount_dong(plan, plan.total)
        computed = compiled.total
        if declared != computed:
            say(ctx, "B002", ("total",),
                N_("declared grand total {declared} {unit}, the lines add up to {computed} (difference {difference})"),
                money_figures(plan, declared, computed), **money_figures(plan, declared, computed))


@check("R001", "R002", "R003", "R004", "R005", "R006")
def check_rollout(compiled: CompiledPlan, ctx: Context) -> None:
    plan = compiled.plan
    period = plan.plan.period
    area = plan.plan.area.communes
    for i, iv in enumerate(plan.interventions):
        base = ("interventions", i, "rollout")
        if isinstance(iv.rollout, list):
            spans = []
            for k, phase in enumerate(iv.rollout):
                path = (*base, k)
                if phase.first < period.start or phase.last > period.end:
                    say(ctx, "R001", (*path, "years"), N_("{line}: phase {phase} lies outside the plan period {period}"),
                        {"line": iv.name, "phase": phase.years, "period": f"{period.start}-{period.end}"},
                        phase=str(phase.years), period=f"{period.start}-{period.end}")
                if phase.named is not None and len(phase.named) != phase.communes:
                    say(ctx, "R006", (*path, "named"),
                        N_("{line}: phase {phase} names {named} communes but counts {count}"),
                        {"line": iv.name, "phase": phase.years, "named": len(phase.named), "count": phase.communes},
                        named=len(phase.named), count=phase.communes)
                if area is not None and phase.communes > area:
                    say(ctx, "R004", (*path, "communes"), N_("{line}: {communes} communes, but the area has only {area}"),
                        {"line": iv.name, "communes": phase.communes, "area": area}, communes=phase.communes, area=area)
                spans.append((phase.first, phase.last, k))
            spans.sort()
            for (a1, b1, k1), (a2, b2, k2) in zip(spans, spans[1:]):
                if a2 <= b1:
                    say(ctx, "R002", (*base, k2, "years"), N_("{line}: phases {first} and {second} overlap"),
                        {"line": iv.name, "first": iv.rollout[k1].years, "second": iv.rollout[k2].years})
                elif a2 > b1 + 1:
                    missing = f"{b1 + 1}" if a2 == b1 + 2 else f"{b1 + 1}-{a2 - 1}"
                    say(ctx, "R003", (*base, k2, "years"),
                        N_("{line}: no phase covers {missing}, between phases {first} and {second}"),
                        {"line": iv.name, "missing": missing, "first": iv.rollout[k1].years,
                         "second": iv.rollout[k2].years})
        elif isinstance(iv.rollout, dict):
            for year, n in iv.rollout.items():
                if not period.start <= year <= period.end:
                    say(ctx, "R001", (*base, year), N_("{line}: {year} lies outside the plan period {period}"),
                        {"line": iv.name, "year": year, "period": f"{period.start}-{period.end}"},
                        year=year, period=f"{period.start}-{period.end}")
                if area is not None and n > area:
                    say(ctx, "R004", (*base, year), N_("{line}: {communes} communes in {year}, but the area has only {area}"),
                        {"line": iv.name, "communes": n, "year": year, "area": area}, communes=n, area=area)
        counts = iv.communes_by_year()
        years = sorted(counts)
        for prev, year in zip(years, years[1:]):
            if year == prev + 1 and counts[year] < counts[prev]:
                if isinstance(iv.rollout, dict):
                    path = (*base, year)
                else:  # the phase in which the count drops
                    k = next(k for k, ph in enumerate(iv.rollout) if ph.first <= year <= ph.last)
                    path = (*base, k, "communes")
                say(ctx, "R005", path, N_("{line}: coverage shrinks from {before} communes in {prev} to {after} in {year}"),
                    {"line": iv.name, "before": counts[prev], "prev": prev, "after": counts[year], "year": year},
                    before=counts[prev], after=counts[year])


@check("F001", "F002", "F003", "F004")
def check_funding(compiled: CompiledPlan, ctx: Context) -> None:
    plan = compiled.plan
    for i, (iv, line) in enumerate(zip(plan.interventions, compiled.lines)):
        funding = iv.funding()
        path = ("interventions", i, "sources")
        has_cost = line is not None and line.total > 0
        if not funding:
            if has_cost:
                say(ctx, "F003", ("interventions", i), N_("{line} has a cost but no eligible source"), {"line": iv.name})
            continue
        with_share = [f for f in funding if f.share is not None]
        with_amount = [f for f in funding if f.amount is not None]
        if (with_share and with_amount) or 0 < len(with_share) < len(funding) or 0 < len(with_amount) < len(funding):
            say(ctx, "F004", path, N_("{line}: {shares} of {sources} sources have a share and {amounts} an amount; "
                                      "give all sources the same kind of figure, or none"),
                {"line": iv.name, "shares": len(with_share), "sources": len(funding), "amounts": len(with_amount)})
        elif with_share:
            total = sum(f.share for f in with_share)
            if total != 100:
                say(ctx, "F001", path, N_("{line}: shares add up to {total}%, not 100% (difference {difference})"),
                    {"line": iv.name, "total": total, "difference": 100 - total},
                    declared="100", computed=str(total), difference=str(100 - total))
        active = iv.active_years(plan.plan.period) if has_cost else []
        if iv.cost and iv.cost.by_year:
            active = sorted(set(active) | {y for y, v in iv.cost.by_year.items() if v > 0})
        for j, f in enumerate(funding):
            source = plan.source(f.source)
            if source is None or source.valid is None:
                continue
            outside = [y for y in active if not source.valid.start <= y <= source.valid.end]
            if outside:
                params = {"line": iv.name, "source": source.label, "valid": f"{source.valid.start}-{source.valid.end}",
                          "years": ", ".join(map(str, outside))}
                template = N_("{line}: source {source} is valid {valid} but funds {years}")
                if source.programme is not None:
                    from ecdplan.reference.programmes import validity_note

                    template = N_("{line}: source {source} is valid {valid} but funds {years}: {why}")
                    params["why"] = validity_note(source.programme, source.valid.start, source.valid.end)
                say(ctx, "F002", (*path, j), template, params,
                    source=source.id, valid=f"{source.valid.start}-{source.valid.end}", years=outside)


@check("T001", "T002", "T003", "T004")
def check_targets(compiled: CompiledPlan, ctx: Context) -> None:
    plan = compiled.plan
    period = plan.plan.period
    for i, ind in enumerate(plan.indicators):
        base = ("indicators", i, "milestones")
        for year, value in ind.milestones.items():
            if ind.unit == "percent" and not 0 <= value <= 100:
                say(ctx, "T001", (*base, year), N_("{indicator}: {value}% (year {year}) is outside 0-100"),
                    {"indicator": ind.name, "value": value, "year": year}, value=str(value))
            if not period.start <= year <= period.end:
                say(ctx, "T002", (*base, year), N_("{indicator}: milestone {year} lies outside the plan period {period}"),
                    {"indicator": ind.name, "year": year, "period": f"{period.start}-{period.end}"},
                    year=year, period=f"{period.start}-{period.end}")
        items = sorted(ind.milestones.items())
        for (y1, v1), (y2, v2) in zip(items, items[1:]):
            worse = v2 < v1 if ind.direction == "up" else v2 > v1
            if worse:
                say(ctx, "T003", (*base, y2), N_("{indicator}: target goes from {before} in {y1} to {after} in {y2}"),
                    {"indicator": ind.name, "before": v1, "y1": y1, "after": v2, "y2": y2},
                    before=str(v1), after=str(v2))
    for i, deadline in enumerate(plan.reporting):
        if deadline.due is not None and not period.start <= deadline.due.year <= period.end + 1:
            # a final report may fall early in the year after the period
            say(ctx, "T004", ("reporting", i, "due"),
                N_("{report}: deadline {due} lies outside the plan period {period}"),
                {"report": deadline.report, "due": deadline.due.isoformat(), "period": f"{period.start}-{period.end}"},
                due=deadline.due.isoformat())


@check("R007")
def check_money_without_communes(compiled: CompiledPlan, ctx: Context) -> None:
    """A line with a rollout that spends money in a year in which it has no commune."""
    plan = compiled.plan
    for i, (iv, line) in enumerate(zip(plan.interventions, compiled.lines)):
        counts = iv.communes_by_year()
        if not counts or line is None:
            continue
        for year, amount in line.by_year.items():
            if amount and not counts.get(year):
                path = ("interventions", i, "cost", "by_year", year) if iv.cost and iv.cost.by_year and \
                    year in iv.cost.by_year else ("interventions", i, "cost")
                say(ctx, "R007", path, N_("{line}: {amount} {unit} in {year}, a year in which its rollout has no commune"),
                    {"line": iv.name, "amount": Amount(in_unit(plan, amount)), "unit": plan.plan.unit, "year": year},
                    year=year, amount=in_unit(plan, amount), unit=plan.plan.unit)


def _repeats(items: list[str]) -> list[tuple[int, int]]:
    """(index, index of the first) for each item that repeats an earlier one (compared as body_key)."""
    from ecdplan.core.compiled import body_key

    first: dict[str, int] = {}
    out = []
    for k, item in enumerate(items):
        key = body_key(item)
        if key in first:
            out.append((k, first[key]))
        else:
            first[key] = k
    return out


@check("I004")
def check_repeated_items(compiled: CompiledPlan, ctx: Context) -> None:
    """A commune named twice in a phase, a source listed twice for a line, a body twice among the cooperating."""
    from ecdplan.reference.names import fold

    plan = compiled.plan
    for i, iv in enumerate(plan.interventions):
        sources = [f if isinstance(f, str) else f.source for f in iv.sources]
        for k, first in _repeats(sources):
            say(ctx, "I004", ("interventions", i, "sources", k),
                N_("{line}: source '{item}' is listed again (first as item {first}); it counts once"),
                {"line": iv.name, "item": sources[k], "first": first + 1}, item=sources[k])
        for k, first in _repeats(iv.cooperating):
            say(ctx, "I004", ("interventions", i, "cooperating", k),
                N_("{line}: '{item}' is named again among the cooperating bodies (first as item {first})"),
                {"line": iv.name, "item": iv.cooperating[k], "first": first + 1}, item=iv.cooperating[k])
        if isinstance(iv.rollout, list):
            for p, phase in enumerate(iv.rollout):
                named = [(n, None) if isinstance(n, str) else (n.name, n.district) for n in phase.named or []]
                # one commune spelled two ways ('Ia Mlăh', 'Ia Mláh'), or two old communes merged into one
                keys = [f"{fold(name)}|{fold(district or '')}" for name, district in named]
                for k, first in _repeats(keys):
                    if _distinct_units(plan, named[first], named[k]):
                        continue  # 'Sơn Hà' and 'Sơn Hạ': two real communes whose names differ only in marks
                    say(ctx, "I004", ("interventions", i, "rollout", p, "named", k),
                        N_("{line}: commune '{item}' is named twice in phase {phase} (first as item {first})"),
                        {"line": iv.name, "item": named[k][0], "phase": phase.years, "first": first + 1},
                        item=named[k][0])


def _distinct_units(plan: Plan, a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    """Whether two commune names that differ only in their marks are two real units, each written exactly as
    the registry writes it (then they are not one commune spelled twice). Asks the registry only then."""
    def exact(text: str) -> str:
        return " ".join(text.split()).casefold()

    if exact(a[0]) == exact(b[0]):
        return False
    from ecdplan.rules.places import area_province
    from ecdplan.reference.places import registry

    reg = registry()
    province = area_province(reg, plan)

    def units(name: str, district: str | None) -> set:
        return {(p.code, p.era) for p in reg.find(name, province, district, {"commune"})
                if exact(name) in (exact(p.name), exact(p.full))}

    first, second = units(*a), units(*b)
    return bool(first) and bool(second) and not first & second


@check("R008")
def check_years_in_period(compiled: CompiledPlan, ctx: Context) -> None:
    """Years that carry a line or money must lie in the plan period."""
    from ecdplan.formats.plan import year_bounds

    plan = compiled.plan
    period = plan.plan.period
    span = f"{period.start}-{period.end}"
    for i, iv in enumerate(plan.interventions):
        if iv.years is not None:
            first, last = year_bounds(iv.years)
            if first < period.start or last > period.end:
                say(ctx, "R008", ("interventions", i, "years"), N_("{line}: years {years} reach outside the plan period "
                                                                  "{period}"),
                    {"line": iv.name, "years": iv.years, "period": span}, years=str(iv.years), period=span)
        for year in (iv.cost.by_year or {}) if iv.cost else {}:
            if not period.start <= year <= period.end:
                say(ctx, "R008", ("interventions", i, "cost", "by_year", year),
                    N_("{line}: a cost in {year}, outside the plan period {period}"),
                    {"line": iv.name, "year": year, "period": span}, year=year, period=span)
    for source, years in plan.envelopes.items():
        for year in years:
            if not period.start <= year <= period.end:
                say(ctx, "R008", ("envelopes", source, year),
                    N_("envelope of '{source}' for {year}, outside the plan period {period}"),
                    {"source": plan.source(source).label if plan.source(source) else source, "year": year, "period": span}, year=year, period=span)


@check("A001", "A002", "A003", "A004")
def check_places(compiled: CompiledPlan, ctx: Context) -> None:
    """The places the plan names, in the years it names them (the registry is read only if it names any)."""
    from ecdplan.rules.places import check_places as run, names_places

    if names_places(compiled.plan):
        run(compiled.plan, ctx)


@check("O001")
def check_bodies(compiled: CompiledPlan, ctx: Context) -> None:
    """Bodies addressed at a date after they were merged, renamed or abolished."""
    from ecdplan.rules.bodies import check_bodies as run

    run(compiled.plan, ctx)


@check("D001", "D002", "D003", "D004")
def check_documents(compiled: CompiledPlan, ctx: Context) -> None:
    """The documents the plan cites, and its own number and date."""
    from ecdplan.reference.documents import check_documents as run

    run(compiled.plan, ctx)


@check("C001", "C002")
def check_currency(compiled: CompiledPlan, ctx: Context) -> None:
    """A declared exchange rate that cannot be right; a plan that says both đồng and another currency."""
    from ecdplan.core.currency import check_rate

    check_rate(compiled.plan, ctx)
