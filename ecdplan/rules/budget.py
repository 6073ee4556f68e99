"""B: budget totals (declared subtotals and totals against the sum of their lines, a line's cost breakdown, whole
đồng): the rules' catalogue entries and their checks. B004 is checked in progress files too (rules/progress.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterator

from ecdplan.i18n.messages import N_, Amount

from ecdplan.rules.findings import E, W, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.formats.plan import Plan
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="B001", name="group-total-mismatch", severity=E,
         summary=N_("A group's declared subtotal differs from the sum of its lines."),
         fix=N_("Correct the subtotal or the line costs; the finding shows declared, computed and difference.")),
    Rule(code="B002", name="grand-total-mismatch", severity=E,
         summary=N_("The declared grand total differs from the sum of all lines."),
         fix=N_("Correct `total:` or the line costs; the finding shows declared, computed and difference.")),
    Rule(code="B003", name="cost-breakdown-mismatch", severity=E,
         summary=N_("An intervention's declared total differs from its per-year amounts, its unit cost times "
                    "commune-years, or its per-source amounts."),
         fix=N_("Make the breakdown add up to the declared total, or drop one of them.")),
    Rule(code="B004", name="sub-dong-amount", severity=E,
         summary=N_("An amount converts to a fraction of a đồng in the plan's unit."),
         fix=N_("Round the amount to whole đồng.")),
    Rule(code="B005", name="amounts-without-unit", severity=W,
         summary=N_("The plan gives amounts but no `plan.unit`: they are read as million VND (triệu đồng, the "
                    "unit of the seeds), which may not be what the plan meant."),
         fix=N_("Write the unit of the amounts under `plan:`, e.g. `unit: million VND` (or `billion VND`, "
                "`thousand VND`, `VND`).")),
]


def in_unit(plan: Plan, dong: int) -> str:
    """An amount in đồng written back in the plan's own unit, exactly (e.g. '9300' or '0.5')."""
    value = (Decimal(dong) / plan.dong_per_unit).normalize()
    return f"{value:f}"


def money_figures(plan: Plan, declared: int, computed: int) -> dict[str, object]:
    return {"declared": Amount(in_unit(plan, declared)), "computed": Amount(in_unit(plan, computed)),
            "difference": Amount(in_unit(plan, declared - computed)), "unit": plan.info.unit}


@check("B004")
def check_amounts_whole_dong(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    from ecdplan.core.money import to_dong

    plan = compiled.plan

    def look(path: tuple, value: Decimal | None) -> Iterator[Finding]:
        if plan.info.currency is not None:  # converted at compile time (currency.py); whole cents here
            if value is not None and to_dong(value, 100) is None:
                yield Finding.at("B004", path, N_("{value} {currency} is not a whole number of cents"),
                                 {"value": value, "currency": plan.info.currency.code})
            return
        if value is not None and to_dong(value, plan.dong_per_unit) is None:
            yield Finding.at("B004", path, N_("{value} {unit} is not a whole number of đồng"),
                             {"value": value, "unit": plan.info.unit})

    yield from look(("total",), plan.total)
    for i, g in enumerate(plan.groups):
        yield from look(("groups", i, "total"), g.total)
    for i, iv in enumerate(plan.interventions):
        if iv.cost:
            yield from look(("interventions", i, "cost", "total"), iv.cost.total)
            yield from look(("interventions", i, "cost", "per_commune_year"), iv.cost.per_commune_year)
            for y, v in (iv.cost.by_year or {}).items():
                yield from look(("interventions", i, "cost", "by_year", y), v)


def _has_amounts(plan: Plan) -> bool:
    if plan.total is not None or plan.envelopes or any(g.total is not None for g in plan.groups):
        return True
    for iv in plan.interventions:
        if iv.cost is not None or any(f.amount is not None for f in iv.funding()):
            return True
    return False


@check("B005")
def check_unit_stated(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    plan = compiled.plan
    if plan.info.currency is None and "unit" not in plan.info.model_fields_set and _has_amounts(plan):
        yield Finding.at("B005", ("plan",), N_("the plan gives amounts but no unit: they are read as {unit}; "
                                               "write `unit:` under `plan:`"), {"unit": plan.info.unit})


# an amount the loader refused (e.g. `9.300`) would make every total look wrong
@check("B001", "B002", "B003", skip_when=lambda compiled, ctx: bool(ctx.loaded.poisoned))
def check_totals(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    from ecdplan.core.facts import amount_dong, source_amount_dong

    plan = compiled.plan
    for i, (iv, line) in enumerate(zip(plan.interventions, compiled.lines)):
        total = line.total if line else None
        cost = iv.cost
        if cost is not None and cost.total is not None:
            declared = amount_dong(plan, cost.total)
            if cost.by_year:
                by_year = sum(amount_dong(plan, v) for v in cost.by_year.values())
                if by_year != declared:
                    yield Finding.at("B003", ("interventions", i, "cost", "total"),
                                     N_("{line}: the declared total is {declared} {unit}, but the per-year amounts "
                                        "add up to {computed} (difference {difference})"),
                                     {"line": iv.name, **money_figures(plan, declared, by_year)},
                                     **money_figures(plan, declared, by_year))
            if cost.per_commune_year is not None:
                cy = sum(iv.communes_by_year().values())
                unit = amount_dong(plan, cost.per_commune_year) * cy
                if unit != declared:
                    yield Finding.at("B003", ("interventions", i, "cost", "total"),
                                     N_("{line}: the declared total is {declared} {unit}, but the unit cost "
                                        "{unit_cost} × {commune_years} commune-years makes {computed} (difference "
                                        "{difference})"),
                                     {"line": iv.name, "unit_cost": cost.per_commune_year, "commune_years": cy,
                                      **money_figures(plan, declared, unit)},
                                     **money_figures(plan, declared, unit))
        funding = iv.funding()
        if total is not None and funding and all(f.amount is not None for f in funding):
            by_source = sum(source_amount_dong(plan, f.source, f.amount) for f in funding)
            if by_source != total:
                yield Finding.at("B003", ("interventions", i, "sources"),
                                 N_("{line}: the per-source amounts add up to {computed} {unit}, the cost is "
                                    "{declared} (difference {difference})"),
                                 {"line": iv.name, **money_figures(plan, total, by_source)},
                                 **money_figures(plan, total, by_source))
    for i, group in enumerate(plan.groups):
        if group.total is None or group.id in ctx.incomplete_groups:
            continue
        declared = amount_dong(plan, group.total)
        computed = sum(line.total for iv, line in zip(plan.interventions, compiled.lines)
                       if line and iv.group == group.id)
        if declared != computed:
            yield Finding.at("B001", ("groups", i, "total"),
                             N_("group {group} ({name}): declared {declared} {unit}, its lines add up to {computed} "
                                "(difference {difference})"),
                             {"group": group.id, "name": group.name, **money_figures(plan, declared, computed)},
                             **money_figures(plan, declared, computed))
    if plan.total is not None:
        declared = amount_dong(plan, plan.total)
        computed = compiled.total
        if declared != computed:
            yield Finding.at("B002", ("total",),
                             N_("declared grand total {declared} {unit}, the lines add up to {computed} (difference "
                                "{difference})"),
                             money_figures(plan, declared, computed), **money_figures(plan, declared, computed))
