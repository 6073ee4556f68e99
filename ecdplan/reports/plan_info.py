"""What the plan says besides money: targets per year, who does what, and the reporting calendar."""

from __future__ import annotations

from decimal import Decimal

from ecdplan.core.compiled import CompiledPlan, body_key
from ecdplan.core.deadlines import EACH_HALF_YEAR, EACH_YEAR
from ecdplan.i18n.labels import RECURS, t, word
from ecdplan.core.money import round_half_up
from ecdplan.i18n.numbers import format_number
from ecdplan.reports.table import Column, Table


def targets_table(compiled: CompiledPlan, year: int | None = None, lang: str = "en", wide: bool = False) -> Table:
    """Targets per indicator and year. Long form (one row per indicator-year) for machines; `wide`
    gives people an indicator × year grid with interpolated values marked * (a legend says so)."""
    from ecdplan.core.targets import plan_targets

    plan = compiled.plan
    indicators = {i.id: i for i in plan.indicators}
    items = plan_targets(plan, year)
    if not plan.indicators:
        title = t('targets', lang)
        return Table([Column(t("Indicator", lang), "indicator")], [], [],
                     f"{plan.info.id}: {title}", [t("This plan has no indicators.", lang)])

    def value(tgt) -> Decimal:
        shown = Decimal(round_half_up(tgt.value * 100)).scaleb(-2).normalize()
        return Decimal(f"{shown:f}")

    interpolated_note = t("Interpolated values lie on the straight line between two milestones of the plan; "
                          "years outside the milestones have no target.", lang)
    heading = t('targets', lang)
    title = f"{plan.info.id}: {heading}" + (f" {year}" if year else "")
    if wide:
        years = sorted({tgt.year for tgt in items})
        grid = {(tgt.indicator, tgt.year): tgt for tgt in items}
        columns = [Column(t("Indicator", lang), "indicator", names={i.id: i.name for i in plan.indicators},
                          names_key="name"), Column(t("Unit", lang), "unit")]
        columns += [Column(str(y), str(y), numeric=True) for y in years]
        rows = []
        for ind in plan.indicators:
            cells = []
            for y in years:
                tgt = grid.get((ind.id, y))
                text = None if tgt is None else format_number(value(tgt), max(0, -value(tgt).as_tuple().exponent),
                                                              lang)
                # marked with a star: in parentheses a finance officer reads a negative number
                cells.append(f"{text}*" if tgt is not None and tgt.interpolated else text)
            rows.append([ind.id, "%" if ind.unit == "percent" else ind.unit, *cells])
        notes = []
        if any(tgt.interpolated for tgt in items):
            notes.append(t("* interpolated between milestones.", lang) + " " + interpolated_note)
        return Table(columns, rows, [], title, notes)
    rows = [[tgt.indicator, indicators[tgt.indicator].name, tgt.year, value(tgt),
             "%" if indicators[tgt.indicator].unit == "percent" else indicators[tgt.indicator].unit,
             t("interpolated", lang) if tgt.interpolated else t("milestone", lang)] for tgt in items]
    columns = [Column(t("Indicator", lang), "indicator"), Column(t("Name", lang), "name"),
               Column(t("Year", lang), "year"), Column(t("Target", lang), "target", numeric=True, decimals=None),
               Column(t("Unit", lang), "unit"), Column(t("Basis", lang), "basis")]
    return Table(columns, rows, [], title, [interpolated_note] if any(tgt.interpolated for tgt in items) else [])


def agencies_table(compiled: CompiledPlan, lang: str = "en") -> Table:
    """Bodies × lines: who leads (L) and who cooperates (C) on what; responsibilities add their roles."""
    plan = compiled.plan
    letters = {"lead": "L", "cooperate": "C", "fund": "F", "monitor": "M", "implement": "I"}
    lines = [iv.id for iv in plan.interventions]
    plan_wide = t("(whole plan)", lang)
    bodies: dict[str, str] = {}  # key -> name as first written
    roles: dict[tuple[str, str], set[str]] = {}

    def mark(body: str, line: str, role: str) -> None:
        key = body_key(body)
        bodies.setdefault(key, compiled.agencies.get(key, body))
        roles.setdefault((key, line), set()).add(letters[role])

    for iv in plan.interventions:
        if iv.lead:
            mark(iv.lead, iv.id, "lead")
        for body in iv.cooperating:
            mark(body, iv.id, "cooperate")
    for resp in plan.responsibilities:
        for line in resp.lines or [plan_wide]:
            mark(resp.body, line, resp.role)
    # people read the lines numbered, their names in a note; machines keep the ids as keys
    columns = [Column(t("Body", lang), "body")] + [Column(f"({k})", line) for k, line in enumerate(lines, 1)]
    has_wide = any(line == plan_wide for _, line in roles)
    if has_wide:
        columns.append(Column(plan_wide, "plan"))
    rows = []
    for key, name in bodies.items():
        cells = ["".join(sorted(roles.get((key, line), ()), key="LCFMI".index)) or None for line in lines]
        if has_wide:
            cells.append("".join(sorted(roles.get((key, plan_wide), ()), key="LCFMI".index)) or None)
        rows.append([name, *cells])
    notes = [t("L = lead (chủ trì), C = cooperates (phối hợp), F = arranges funding, M = monitors and reports, "
               "I = implements its share.", lang)]
    notes += [f"({k}) {iv.name}" for k, iv in enumerate(plan.interventions, 1)]
    if not rows:
        notes = [t("The plan names no body that leads, cooperates or is responsible for a task.", lang)]
    heading = t('who does what', lang)
    return Table(columns, rows, [], f"{plan.info.id}: {heading}", notes)


def calendar_table(compiled: list[CompiledPlan], lang: str = "en") -> Table:
    from ecdplan.core.deadlines import calendar
    from ecdplan.core.progress import period_text  # '2024-H1' as the reader says it: '6 tháng đầu năm 2024'

    items = calendar([c.plan for c in compiled])
    columns = [Column(t("Date", lang), "date"), Column(t("Report", lang), "report"), Column(t("By", lang), "by"),
               Column(t("To", lang), "to"), Column(t("Plan", lang), "plan"), Column(t("Recurs", lang), "recurs"),
               Column(t("Expects", lang), "expects")]
    rows = [[d.date if d.date else t("(no date)", lang), d.report, d.by, d.to, d.plan, word(RECURS, d.recurring, lang),
             t(d.expects, lang) if d.expects in (EACH_HALF_YEAR, EACH_YEAR) else period_text(d.expects, lang)
             if d.expects else d.expects] for d in items]
    notes = [] if rows else [t("No plan sets a reporting deadline.", lang)]
    return Table(columns, rows, [], t("Reporting calendar", lang), notes)
