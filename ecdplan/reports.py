"""Reports over a plan: each builds a `render.Table` from the fact table (budget) or the rollout.

This is the only module that knows both plans and tables; renderers format, the core computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .facts import (
    NO_SOURCE,
    SPLIT_RULES,
    YEAR_RULES,
    Fact,
    amount_dong,
    commune_tuples,
    fact_table,
    rollout_years,
    unbudgeted,
)
from .groupby import DIMENSIONS, UNITS, Pivot, auto_decimals, pivot
from .labels import UNIT_LABEL, t
from .model import Plan
from .money import round_half_up, round_ratio_to_total, round_to_total
from .numfmt import format_number
from .render import Column, Table

MAX_COMMUNE_ROWS = 1_000_000  # three times a national plan's 313,000 commune-years


class ReportError(Exception):
    """A report that cannot be made from this plan (exit status 2)."""



@dataclass
class BudgetOptions:
    by: tuple[str, ...] = ("intervention",)  # one or two of groupby.DIMENSIONS
    year: int | None = None
    unit: str = "million"
    decimals: int | None = None
    lang: str = "en"


def order_by(dimension: str, plan: Plan) -> list | None:
    """Plan order for keys of a dimension, so tables read like the appendix."""
    if dimension == "intervention":
        return [iv.id for iv in plan.interventions]
    if dimension == "group":
        return [g.id for g in plan.groups]
    if dimension == "source":
        return [s.id for s in plan.sources]
    return None


def label(dimension: str, key, plan: Plan, lang: str) -> str:
    if dimension == "source":
        source = plan.source(key)
        if key == NO_SOURCE:
            return t("(no source)", lang)
        return source.label if source else str(key)
    if dimension == "group":
        group = plan.group(key)
        return f"{group.id}. {group.name}" if group else t("(no group)", lang)
    if dimension == "intervention":
        return str(key)
    if dimension == "agency":
        return key or t("(no lead)", lang)
    return key  # a year stays a number in CSV and JSON


def _drop_empty(keys: list, p: Pivot, axis: str) -> list:
    if axis == "row":
        return [k for k in keys if any((k, c) in p.cells for c in p.cols)]
    return [k for k in keys if any((r, k) in p.cells for r in p.rows)]


def budget_table(plan: Plan, opts: BudgetOptions) -> Table:
    facts = [f for f in fact_table(plan) if opts.year is None or f.year == opts.year]
    if not facts:
        return _unbudgeted_table(plan, opts)
    rows_dim = opts.by[0]
    cols_dim = opts.by[1] if len(opts.by) > 1 else None
    p = pivot(facts, rows_dim, cols_dim, order_by(rows_dim, plan), order_by(cols_dim, plan) if cols_dim else None)
    p.rows = _drop_empty(p.rows, p, "row")
    if cols_dim:
        p.cols = _drop_empty(p.cols, p, "col")
    shown = p.display(opts.unit, opts.decimals)
    lang = opts.lang
    unit_label = UNIT_LABEL[lang][opts.unit]
    scope = f" {opts.year}" if opts.year else f" {plan.plan.period.start}-{plan.plan.period.end}"
    title = f"{plan.plan.id}: {t('Amount', lang).lower()} ({unit_label}){scope}"
    dim_names = {"intervention": "Intervention", "group": "Group", "agency": "Agency", "source": "Source",
                 "year": "Year"}
    money = dict(numeric=True, decimals=shown.decimals)
    columns = [Column(t(dim_names[rows_dim], lang), rows_dim)]
    if rows_dim == "source":
        columns.append(Column(t("Sub-project", lang), "component"))
    notes: list[str] = []
    if cols_dim:
        columns += [Column(str(label(cols_dim, c, plan, lang)), str(c), **money) for c in shown.cols]
        columns.append(Column(t("Total", lang), "total", **money))
        body = [[label(rows_dim, r, plan, lang)] + _component(rows_dim, r, plan)
                + [shown.cells[r, c] for c in shown.cols] + [shown.row_totals[r]] for r in shown.rows]
        totals = [[t("Total", lang)] + ([""] if rows_dim == "source" else [])
                  + [shown.col_totals[c] for c in shown.cols] + [shown.total]]
    else:
        columns.append(Column(t("Amount", lang), "amount", **money))
        extra = _extra_columns(rows_dim, plan, facts, shown, p, opts)
        columns += [c for c, _ in extra]
        body = [[label(rows_dim, r, plan, lang)] + _component(rows_dim, r, plan) + [shown.cells[r, None]]
                + [values[r] for _, values in extra] for r in shown.rows]
        if rows_dim == "intervention":
            # lines without a cost are listed as unbudgeted, never as zero
            budgeted = set(shown.rows)
            body += [[iv.id, None] + [t("unbudgeted", lang) if c.key == "split" else None for c, _ in extra]
                     for iv in unbudgeted(plan) if iv.id not in budgeted]
            order = {iv.id: i for i, iv in enumerate(plan.interventions)}
            body.sort(key=lambda row: order.get(row[0], len(order)))
        totals = [[t("Total", lang)] + ([""] if rows_dim == "source" else []) + [shown.total if facts else None]
                  + [values.get("__total__") for _, values in extra]]
    notes += _notes(plan, facts, p, opts)
    return Table(columns, body, totals, title, notes)


def _unbudgeted_table(plan: Plan, opts: BudgetOptions) -> Table:
    """A plan (or year) with no amounts: its lines, sources... listed with blank amounts, never zeros."""
    lang, dim = opts.lang, opts.by[0]
    keys = order_by(dim, plan)
    if dim == "agency":
        keys = list(dict.fromkeys(iv.lead or "" for iv in plan.interventions))
    elif dim == "year":
        keys = list(plan.plan.period.years)
    dim_names = {"intervention": "Intervention", "group": "Group", "agency": "Agency", "source": "Source",
                 "year": "Year"}
    columns = [Column(t(dim_names[dim], lang), dim)]
    if dim == "source":
        columns.append(Column(t("Sub-project", lang), "component"))
    columns.append(Column(t("Amount", lang), "amount", numeric=True))
    rows = [[label(dim, k, plan, lang)] + _component(dim, k, plan) + [None] for k in keys]
    missing = unbudgeted(plan)
    if dim == "intervention":
        columns.append(Column(t("Status", lang), "status"))
        missing_ids = {iv.id for iv in missing}
        for row in rows:
            row.append(t("unbudgeted", lang) if row[0] in missing_ids else None)
    notes = [t("Unbudgeted (no cost in the plan, not zero): {items}.", lang).format(
        items=", ".join(iv.id for iv in missing))] if missing else []
    if opts.year is not None and len(missing) < len(plan.interventions):
        notes.append(t("No amounts in {year}.", lang).format(year=opts.year))
    unit_label = UNIT_LABEL[lang][opts.unit]
    scope = f" {opts.year}" if opts.year else f" {plan.plan.period.start}-{plan.plan.period.end}"
    return Table(columns, rows, [], f"{plan.plan.id}: {t('Amount', lang).lower()} ({unit_label}){scope}", notes)


def _component(dimension: str, key, plan: Plan) -> list:
    if dimension != "source":
        return []
    source = plan.source(key)
    return [source.component if source and source.component else ""]


def _to_unit(dong: int, unit: str, decimals: int) -> Decimal:
    step = Fraction(UNITS[unit], 10**decimals)
    return Decimal(round_half_up(Fraction(dong) / step)).scaleb(-decimals)


def _extra_columns(dim: str, plan: Plan, facts: list[Fact], shown, p: Pivot, opts: BudgetOptions):
    """Columns beside a one-way table: declared vs computed, shares, validity, the rules used."""
    lang, dec = opts.lang, shown.decimals
    money = dict(numeric=True, decimals=dec)
    extra = []
    if dim in ("group", "intervention") and opts.year is None:
        declared: dict = {}
        if dim == "group":
            for g in plan.groups:
                if g.total is not None:
                    declared[g.id] = amount_dong(plan, g.total)
        else:
            for iv in plan.interventions:
                if iv.cost and iv.cost.total is not None:
                    declared[iv.id] = amount_dong(plan, iv.cost.total)
        if declared:
            dcol = {r: _to_unit(declared[r], opts.unit, dec) if r in declared else None for r in shown.rows}
            diff = {r: _to_unit(declared[r] - p.cell(r), opts.unit, dec) if r in declared else None
                    for r in shown.rows}
            if plan.total is not None:
                total_declared = amount_dong(plan, plan.total)
                dcol["__total__"] = _to_unit(total_declared, opts.unit, dec)
                diff["__total__"] = _to_unit(total_declared - p.total, opts.unit, dec)
            extra.append((Column(t("Declared", lang), "declared", **money), dcol))
            extra.append((Column(t("Difference", lang), "difference", **money), diff))
    if dim == "source":
        share = round_to_total([Fraction(p.cell(r) * 1000, p.total or 1) for r in shown.rows], 1000 if p.total else 0)
        extra.append((Column(t("Share %", lang), "share_percent", numeric=True, decimals=1),
                      {r: Decimal(s).scaleb(-1) for r, s in zip(shown.rows, share)}
                      | {"__total__": Decimal(1000 if p.total else 0).scaleb(-1)}))
        outside = {r: sum(f.amount for f in facts if f.source == r and not f.source_valid) for r in shown.rows}
        if any(outside.values()):
            values = {r: _to_unit(v, opts.unit, dec) if v else None for r, v in outside.items()}
            values["__total__"] = _to_unit(sum(outside.values()), opts.unit, dec)
            extra.append((Column(t("Outside valid years", lang), "outside_valid_years", **money), values))
    if dim in ("source", "intervention", "group", "agency"):
        rules: dict = {}
        for r in shown.rows:
            mine = [f for f in facts if getattr(f, dim) == r]
            splits = sorted({f.split_rule for f in mine})
            rules[r] = ", ".join(t("equal split (assumed)" if s == "equal" else s, lang) for s in splits)
        extra.append((Column(t("Split", lang), "split"), rules))
    if dim == "intervention":
        extra.append((Column(t("Years", lang), "year_rule"),
                      {r: ", ".join(sorted({f.year_rule for f in facts if f.intervention == r})) for r in shown.rows}))
    return extra


def _notes(plan: Plan, facts: list[Fact], p: Pivot, opts: BudgetOptions) -> list[str]:
    notes = []
    lang = opts.lang
    if plan.total is not None and opts.year is None:
        declared = amount_dong(plan, plan.total)
        dec = auto_decimals([declared, p.total], opts.unit)
        fmt = lambda v: _fmt(_to_unit(v, opts.unit, dec), dec, lang)  # noqa: E731
        status = t("matches", lang) if declared == p.total else \
            t("DIFFERS by {difference}", lang).format(difference=fmt(declared - p.total))
        notes.append(t("Declared grand total {declared}, computed {computed}: {status}.", lang).format(
            declared=fmt(declared), computed=fmt(p.total), status=status))
    equal = sorted({f.intervention for f in facts if f.split_rule == "equal"}, key=_plan_index(plan))
    if equal:
        notes.append(t("Equal split over eligible sources (an assumption: the plan gives no shares) for: {items}.",
                       lang).format(items=", ".join(equal)))
    outside = sorted({(f.source, f.year) for f in facts if not f.source_valid and f.amount})
    if outside:
        by_source: dict[str, list[int]] = {}
        for s, y in outside:
            by_source.setdefault(s, []).append(y)
        parts = [t("{source} ({start}-{end}) in {years}", lang).format(
            source=plan.source(s).label, start=plan.source(s).valid.start, end=plan.source(s).valid.end,
            years=", ".join(map(str, ys))) for s, ys in by_source.items()]
        notes.append(t("Money from a source outside its valid years: {items}.", lang).format(items="; ".join(parts)))
    rules = sorted({f.year_rule for f in facts})
    if rules:
        notes.append(t("Amounts per year: {items}.", lang).format(
            items="; ".join(f"{r} = {t(YEAR_RULES[r], lang)}" for r in rules)))
    missing = unbudgeted(plan)
    if missing:
        notes.append(t("Unbudgeted (no cost in the plan, not zero): {items}.", lang).format(
            items=", ".join(iv.id for iv in missing)))
    return notes


def _fmt(value: Decimal, decimals: int, lang: str) -> str:
    return format_number(value, decimals, lang)


def _plan_index(plan: Plan):
    index = {iv.id: i for i, iv in enumerate(plan.interventions)}
    return lambda key: index.get(key, len(index))


# --- rollout -------------------------------------------------------------------------------------


def rollout_grid(plan: Plan, unit: str = "million", decimals: int | None = None, lang: str = "en") -> Table:
    """Interventions × years with commune counts, and the cost per year below."""
    years = list(plan.plan.period.years)
    facts = fact_table(plan)
    cost = pivot(facts, "year", None, years)
    shown = cost.display(unit, decimals)
    columns = [Column(t("Intervention", lang), "intervention")]
    columns += [Column(str(y), str(y), numeric=True) for y in years]
    columns.append(Column(t("Commune-years", lang), "commune_years", numeric=True))
    body, no_rollout = [], []
    for iv in plan.interventions:
        counts = iv.communes_by_year()
        if not counts:
            no_rollout.append(iv.id)  # a count the plan does not give is blank, not zero
            body.append([iv.id] + [None] * (len(years) + 1))
            continue
        body.append([iv.id] + [counts.get(y, 0) for y in years] + [sum(counts.get(y, 0) for y in years)])
    totals = [[t("Commune-years", lang)] + [sum(r[1 + i] or 0 for r in body) for i in range(len(years))]
              + [sum(r[-1] or 0 for r in body)]]
    if facts:
        totals.append([f"{t('Cost', lang)} ({UNIT_LABEL[lang][unit]})"] + [shown.cells[y, None] for y in years]
                      + [shown.total])
    for column in columns[1:]:
        column.decimals = None  # counts show as integers, the cost row with its own places
    notes = []
    if no_rollout:
        notes.append(t("No commune rollout in the plan for: {items}.", lang).format(items=", ".join(no_rollout)))
    missing = unbudgeted(plan)
    if missing:
        notes.append(t("Unbudgeted (no cost in the plan, not zero): {items}.", lang).format(
            items=", ".join(iv.id for iv in missing)))
    return Table(columns, body, totals, f"{plan.plan.id}: {t('active communes per year', lang)}", notes)


def rollout_year(plan: Plan, year: int, unit: str = "million", decimals: int | None = None,
                 lang: str = "en") -> Table:
    """Per intervention in one year: communes active, new, continuing, leaving, cost, beneficiaries, coverage."""
    facts = [f for f in fact_table(plan) if f.year == year]
    cost = pivot(facts, "intervention", None, [iv.id for iv in plan.interventions])
    shown = cost.display(unit, decimals)
    area = plan.plan.area.communes
    columns = [Column(t("Intervention", lang), "intervention")]
    columns += [Column(t(n, lang), n.lower(), numeric=True) for n in ("Active", "New", "Continuing", "Leaving")]
    columns.append(Column(f"{t('Cost', lang)} ({UNIT_LABEL[lang][unit]})", "cost", numeric=True,
                          decimals=shown.decimals))
    columns.append(Column(t("Beneficiaries", lang), "beneficiaries", numeric=True))
    columns.append(Column(t("Coverage %", lang), "coverage_percent", numeric=True, decimals=1))
    body = []
    for iv in plan.interventions:
        row = next((r for r in rollout_years(plan, iv) if r.year == year), None)
        active = row.active if row else 0
        body.append([iv.id, active, row.new if row else 0, row.continuing if row else 0, row.leaving if row else 0,
                     shown.cells[iv.id, None] if iv.id in shown.rows else None, beneficiaries(iv, active),
                     coverage(active, area)])
    totals = [[t("Total", lang), None, None, None, None, shown.total,
               sum(r[6] for r in body if r[6] is not None) if any(r[6] is not None for r in body) else None, None]]
    notes = []
    if area:
        notes.append(t("Coverage: active communes as a share of the {area} communes of {name}.", lang).format(
            area=area, name=plan.plan.area.name))
    return Table(columns, body, totals, f"{plan.plan.id}: {t('rollout in {year}', lang).format(year=year)}", notes)


def beneficiaries(iv, active: int) -> int | None:
    b = iv.beneficiaries
    if b is None or active == 0:
        return None
    return {"year": b.count, "total": b.count, "commune-year": b.count * active}[b.per]


def coverage(active: int, area: int | None) -> Decimal | None:
    if not area:
        return None
    return Decimal(round_half_up(Fraction(active * 1000, area))).scaleb(-1)


def communes_table(plan: Plan, year: int | None = None, unit: str = "million", decimals: int | None = None,
                   lang: str = "en") -> Table:
    """One row per intervention, commune and year: named communes, or numbered slots with their start year."""
    count = sum(n for iv in plan.interventions for y, n in iv.communes_by_year().items() if year in (None, y))
    if count > MAX_COMMUNE_ROWS:
        raise ReportError(f"the per-commune listing would have {count:,} rows, more than {MAX_COMMUNE_ROWS:,}: "
                          "check the commune counts (see `ecdplan validate`, R004) or narrow it with --year")
    rows = list(commune_tuples(plan, year))
    # per-commune amounts are small: show them to the thousand đồng unless told otherwise
    dec = decimals if decimals is not None else auto_decimals([r[4] for r in rows], unit,
                                                              cap=max(0, len(str(UNITS[unit])) - 4))
    # amount / (unit / 10^dec), rounded to add up, in integers: this column can have 300,000 rows
    if UNITS[unit] % 10**dec == 0:
        amounts = round_ratio_to_total([r[4] for r in rows], UNITS[unit] // 10**dec) if rows else []
    else:
        amounts = round_ratio_to_total([r[4] * 10**dec for r in rows], UNITS[unit]) if rows else []
    columns = [Column(t("Intervention", lang), "intervention"), Column(t("Commune", lang), "commune"),
               Column(t("Start", lang), "start"), Column(t("Year", lang), "year"),
               Column(f"{t('Cost', lang)} ({UNIT_LABEL[lang][unit]})", "cost", numeric=True, decimals=dec, scale=dec)]
    body = [(i, c, st, y, a) for (i, c, st, y, _), a in zip(rows, amounts)]
    totals = [[t("Total", lang), None, None, None, sum(amounts)]]
    notes = [t("Communes named '#k' are numbered places: the plan gives only how many communes, not which.", lang),
             t("A commune's cost is its intervention's cost that year split equally over the active communes.", lang)]
    title = f"{plan.plan.id}: {t('communes', lang)}" + (f" {year}" if year else "")
    return Table(columns, body, totals, title, notes)


# --- targets, agencies, calendar, rollup ------------------------------------------------------


def targets_table(plan: Plan, year: int | None = None, lang: str = "en", wide: bool = False) -> Table:
    """Targets per indicator and year. Long form (one row per indicator-year) for machines; `wide`
    gives people an indicator × year grid with interpolated values in parentheses."""
    from .targets import plan_targets

    indicators = {i.id: i for i in plan.indicators}
    items = plan_targets(plan, year)
    if not plan.indicators:
        return Table([Column(t("Indicator", lang), "indicator")], [], [],
                     f"{plan.plan.id}: {t('targets', lang)}", [t("This plan has no indicators.", lang)])

    def value(tgt) -> Decimal:
        shown = Decimal(round_half_up(tgt.value * 100)).scaleb(-2).normalize()
        return Decimal(f"{shown:f}")

    interpolated_note = t("Interpolated values lie on the straight line between two milestones of the plan; "
                          "years outside the milestones have no target.", lang)
    title = f"{plan.plan.id}: {t('targets', lang)}" + (f" {year}" if year else "")
    if wide:
        years = sorted({tgt.year for tgt in items})
        grid = {(tgt.indicator, tgt.year): tgt for tgt in items}
        columns = [Column(t("Indicator", lang), "indicator"), Column(t("Unit", lang), "unit")]
        columns += [Column(str(y), str(y), numeric=True) for y in years]
        rows = []
        for ind in plan.indicators:
            cells = []
            for y in years:
                tgt = grid.get((ind.id, y))
                text = None if tgt is None else format_number(value(tgt), max(0, -value(tgt).as_tuple().exponent),
                                                              lang)
                cells.append(f"({text})" if tgt is not None and tgt.interpolated else text)
            rows.append([ind.id, "%" if ind.unit == "percent" else ind.unit, *cells])
        notes = [f"{ind.id}: {ind.name}" for ind in plan.indicators]
        if any(tgt.interpolated for tgt in items):
            notes.append(t("(x) = interpolated.", lang) + " " + interpolated_note)
        return Table(columns, rows, [], title, notes)
    rows = [[tgt.indicator, indicators[tgt.indicator].name, tgt.year, value(tgt),
             "%" if indicators[tgt.indicator].unit == "percent" else indicators[tgt.indicator].unit,
             t("interpolated", lang) if tgt.interpolated else t("milestone", lang)] for tgt in items]
    columns = [Column(t("Indicator", lang), "indicator"), Column(t("Name", lang), "name"),
               Column(t("Year", lang), "year"), Column(t("Target", lang), "target", numeric=True, decimals=None),
               Column(t("Unit", lang), "unit"), Column(t("Basis", lang), "basis")]
    return Table(columns, rows, [], title, [interpolated_note] if any(tgt.interpolated for tgt in items) else [])


def _body_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def agencies_table(plan: Plan, lang: str = "en") -> Table:
    """Bodies × lines: who leads (L) and who cooperates (C) on what; responsibilities add their roles."""
    letters = {"lead": "L", "cooperate": "C", "fund": "F", "monitor": "M", "implement": "I"}
    lines = [iv.id for iv in plan.interventions]
    plan_wide = t("(whole plan)", lang)
    bodies: dict[str, str] = {}  # key -> name as first written
    roles: dict[tuple[str, str], set[str]] = {}

    def mark(body: str, line: str, role: str) -> None:
        key = _body_key(body)
        bodies.setdefault(key, body)
        roles.setdefault((key, line), set()).add(letters[role])

    for iv in plan.interventions:
        if iv.lead:
            mark(iv.lead, iv.id, "lead")
        for body in iv.cooperating:
            mark(body, iv.id, "cooperate")
    for resp in plan.responsibilities:
        for line in resp.lines or [plan_wide]:
            mark(resp.body, line, resp.role)
    columns = [Column(t("Body", lang), "body")] + [Column(line, line) for line in lines]
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
    return Table(columns, rows, [], f"{plan.plan.id}: {t('who does what', lang)}", notes)


def calendar_table(plans: list[Plan], lang: str = "en") -> Table:
    from .deadlines import calendar

    items = calendar(plans)
    columns = [Column(t("Date", lang), "date"), Column(t("Report", lang), "report"), Column(t("By", lang), "by"),
               Column(t("To", lang), "to"), Column(t("Plan", lang), "plan"), Column(t("Recurs", lang), "recurs")]
    rows = [[d.date if d.date else t("(no date)", lang), d.report, d.by, d.to, d.plan, t(d.recurring, lang)]
            for d in items]
    return Table(columns, rows, [], t("Reporting calendar", lang))


def rollup_table(plans: list[Plan], by: str = "source", unit: str = "million", decimals: int | None = None,
                 lang: str = "en") -> Table:
    """Several plans added up by source (label), source kind, or plan, × year; amounts in one unit."""
    from dataclasses import replace

    combined: list[Fact] = []
    for plan in plans:
        for f in fact_table(plan):
            source = plan.source(f.source)
            key = {"source": source.label if source else t("(no source)", lang),
                   "kind": source.kind if source else t("(no source)", lang),
                   "plan": plan.plan.id}[by]
            combined.append(replace(f, source=key))
    p = pivot(combined, "source", "year")
    shown = p.display(unit, decimals)
    money = dict(numeric=True, decimals=shown.decimals)
    head = {"source": "Source", "kind": "Kind", "plan": "Plan"}[by]
    columns = [Column(t(head, lang), by)] + [Column(str(y), str(y), **money) for y in shown.cols]
    columns.append(Column(t("Total", lang), "total", **money))
    rows = [[r] + [shown.cells[r, y] for y in shown.cols] + [shown.row_totals[r]] for r in shown.rows]
    if by == "plan":
        rows += [[plan.plan.id] + [None] * (len(shown.cols) + 1) for plan in plans if plan.plan.id not in shown.rows]
    totals = [[t("Total", lang)] + [shown.col_totals[y] for y in shown.cols] + [shown.total]]
    years = list(shown.cols)
    cy = {y: sum(iv.communes_by_year().get(y, 0) for plan in plans for iv in plan.interventions) for y in years}
    totals.append([t("Commune-years", lang)] + [cy[y] for y in years] + [sum(cy.values())])
    for column in columns[1:]:
        column.decimals = None
    notes = [t("Plans: {items}.", lang).format(items=", ".join(p.plan.id for p in plans))]
    missing = [f"{p.plan.id}: {iv.id}" for p in plans for iv in unbudgeted(p)]
    if missing:
        notes.append(t("Unbudgeted (no cost in the plan, not zero): {items}.", lang).format(items=", ".join(missing)))
    return Table(columns, rows, totals, f"{t('Rollup', lang)} ({UNIT_LABEL[lang][unit]})", notes)


__all__ = ["BudgetOptions", "budget_table", "rollout_grid", "rollout_year", "communes_table", "DIMENSIONS",
           "SPLIT_RULES"]


# --- funding: envelopes and the gap ---------------------------------------------------------------


def funding_tables(alloc, unit: str = "million", decimals: int | None = None, lang: str = "en") -> list[Table]:
    """Allocation by source × year (with the unfunded row), envelopes used, and the gap by line × year."""
    from .funding import UNFUNDED

    plan = alloc.plan
    facts = alloc.facts()
    unit_label = UNIT_LABEL[lang][unit]
    if not facts:
        missing = ", ".join(iv.id for iv in unbudgeted(plan))
        return [Table([Column(t("Source", lang), "source")], [], [],
                      f"{plan.plan.id}: {t('allocation', lang)} ({unit_label})",
                      [t("Unbudgeted (no cost in the plan, not zero): {items}.", lang).format(items=missing)])]
    years = sorted({f.year for f in facts})
    sources = [s.id for s in plan.sources if any(f.source == s.id for f in facts)]
    if any(f.source == UNFUNDED for f in facts):
        sources.append(UNFUNDED)
    p = pivot(facts, "source", "year", sources, years)
    dec = decimals if decimals is not None else auto_decimals(
        [f.amount for f in facts] + list(alloc.envelopes.values()), unit)
    shown = p.display(unit, dec)
    money = dict(numeric=True, decimals=shown.decimals)

    def source_label(s: str) -> str:
        return t(s, lang) if s == UNFUNDED else label("source", s, plan, lang)

    columns = [Column(t("Source", lang), "source")] + [Column(str(y), str(y), **money) for y in years]
    columns.append(Column(t("Total", lang), "total", **money))
    rows = [[source_label(s)] + [shown.cells[s, y] for y in years] + [shown.row_totals[s]] for s in shown.rows]
    totals = [[t("Need", lang)] + [shown.col_totals[y] for y in years] + [shown.total]]
    need, gap = p.total, alloc.gap
    fmt = lambda v: _fmt(_to_unit(v, unit, dec), dec, lang)  # noqa: E731
    notes = [t("Method: {method}. Need {need}, funded {funded}, gap {gap} ({unit}).", lang).format(
        method=alloc.method, need=fmt(need), funded=fmt(need - gap), gap=fmt(gap), unit=unit_label)]
    unlimited = [s.id for s in plan.sources if s.id not in alloc.limited]
    if unlimited:
        notes.append(t("No envelope (unlimited): {items}.", lang).format(items=", ".join(unlimited)))
    allocation = Table(columns, rows, totals, f"{plan.plan.id}: {t('allocation', lang)} ({unit_label})", notes)

    env_rows = []
    binding = set(alloc.binding())
    for (s, y), cap in sorted(alloc.envelopes.items(), key=lambda kv: (_source_index(plan, kv[0][0]), kv[0][1])):
        used = alloc.used(s, y)
        env_rows.append([source_label(s), y, _to_unit(cap, unit, dec), _to_unit(used, unit, dec),
                         _to_unit(cap - used, unit, dec), t("binding", lang) if (s, y) in binding else ""])
    envelopes = Table([Column(t("Source", lang), "source"), Column(t("Year", lang), "year"),
                       Column(t("Envelope", lang), "envelope", **money), Column(t("Allocated", lang), "allocated", **money),
                       Column(t("Left", lang), "left", **money), Column(t("Binding", lang), "binding")],
                      env_rows, [], f"{plan.plan.id}: {t('envelopes', lang)} ({unit_label})")
    gap_facts = [f for f in facts if f.source == UNFUNDED]
    tables = [allocation, envelopes]
    if gap_facts:
        g = pivot(gap_facts, "intervention", "year", [iv.id for iv in plan.interventions], years)
        g.rows = [r for r in g.rows if g.row_total(r)]
        gs = g.display(unit, dec)
        gap_columns = [Column(t("Intervention", lang), "intervention")] + \
            [Column(str(y), str(y), **money) for y in years] + [Column(t("Total", lang), "total", **money)]
        gap_rows = [[r] + [gs.cells[r, y] for y in years] + [gs.row_totals[r]] for r in gs.rows]
        gap_totals = [[t("Total", lang)] + [gs.col_totals[y] for y in years] + [gs.total]]
        tables.append(Table(gap_columns, gap_rows, gap_totals, f"{plan.plan.id}: {t('gap', lang)} ({unit_label})"))
    return tables


def _source_index(plan: Plan, source_id: str) -> int:
    return next((k for k, s in enumerate(plan.sources) if s.id == source_id), len(plan.sources))


# --- diff and scenarios -----------------------------------------------------------------------------


def diff_table(changes, old_name: str, new_name: str, unit: str = "million", decimals: int | None = None,
               lang: str = "en") -> Table:
    """Changes between two plan versions: money in `unit`, coverage in communes, findings new/resolved."""
    money_aspects = {"total", "source", "year", "intervention"}
    amounts = [v for c in changes if c.aspect in money_aspects for v in (c.old, c.new) if isinstance(v, int)]
    dec = decimals if decimals is not None else auto_decimals(amounts, unit)

    def shown(c, value):
        if value is None or not isinstance(value, int):
            return value
        return _to_unit(value, unit, dec) if c.aspect in money_aspects else value

    aspect_names = {"total": "Total cost", "source": "Cost by source", "year": "Cost by year",
                    "intervention": "Cost by intervention", "coverage": "Communes", "finding": "Finding"}
    rows = []
    for c in changes:
        delta = c.delta
        rows.append([t(aspect_names[c.aspect], lang), c.key, shown(c, c.old), shown(c, c.new),
                     shown(c, delta) if delta is not None else None])
    columns = [Column(t("Aspect", lang), "aspect"), Column(t("Key", lang), "key"),
               Column(old_name, "old", numeric=True, decimals=None), Column(new_name, "new", numeric=True, decimals=None),
               Column(t("Change", lang), "change", numeric=True, decimals=None, signed=True)]
    notes = [t("Money in {unit}; communes per intervention and year.", lang).format(unit=UNIT_LABEL[lang][unit])]
    if not changes:
        notes.insert(0, t("No changes in totals, coverage or findings.", lang))
    return Table(columns, rows, [], f"{t('Changes', lang)}: {old_name} → {new_name}", notes)


def compare_table(baseline: Plan, scenarios: list[tuple[str, Plan]], unit: str = "million",
                  decimals: int | None = None, lang: str = "en", method: str = "shares") -> Table:
    """Baseline and scenarios side by side: cost by year, commune-years by year, the gap; with deltas."""
    from .funding import allocate, plan_envelopes

    plans = [("Baseline", baseline), *scenarios]
    years = sorted({y for _, p in plans for y in p.plan.period.years})

    def metrics(plan: Plan) -> dict[str, tuple[str, int]]:
        facts = fact_table(plan)
        out = {t("Total cost", lang): ("money", sum(f.amount for f in facts))}
        for y in years:
            out[f"{t('Cost', lang)} {y}"] = ("money", sum(f.amount for f in facts if f.year == y))
        for y in years:
            out[f"{t('Commune-years', lang)} {y}"] = (
                "count", sum(iv.communes_by_year().get(y, 0) for iv in plan.interventions))
        out[t("Commune-years", lang)] = ("count", sum(sum(iv.communes_by_year().values())
                                                     for iv in plan.interventions))
        if plan.envelopes:
            env, limited = plan_envelopes(plan)
            out[f"{t('Gap', lang)} ({method})"] = ("money", allocate(plan, method, env, limited).gap)
        return out

    table = [metrics(p) for _, p in plans]
    keys = list(dict.fromkeys(k for m in table for k in m))
    amounts = [v for m in table for kind, v in m.values() if kind == "money"]
    dec = decimals if decimals is not None else auto_decimals(amounts, unit)

    def shown(kind: str, value: int | None):
        if value is None:
            return None
        return _to_unit(value, unit, dec) if kind == "money" else value

    columns = [Column(t("Measure", lang), "measure"), Column(t("Baseline", lang), "baseline", numeric=True,
                                                             decimals=None)]
    for name, _ in scenarios:
        columns += [Column(name, name, numeric=True, decimals=None),
                    Column(f"Δ {name}", f"delta_{name}", numeric=True, decimals=None, signed=True)]
    rows = []
    for k in keys:
        kind, base = table[0].get(k, (None, None))
        row = [k, shown(kind, base)]
        for m in table[1:]:
            kind2, v = m.get(k, (kind, None))
            row += [shown(kind2, v), shown(kind2, v - base) if v is not None and base is not None else None]
        rows.append(row)
    notes = [t("Money in {unit}; commune-years count each commune once per year it takes part.", lang).format(
        unit=UNIT_LABEL[lang][unit])]
    return Table(columns, rows, [], f"{baseline.plan.id}: {t('scenarios', lang)}", notes)


def rollout_chart(plan: Plan, lang: str = "en", width: int = 40) -> str:
    """The rollout as a bar timeline for the terminal: one bar per intervention and year, one scale."""
    blocks = " ▏▎▍▌▋▊▉█"
    rows = [(iv.id, iv.communes_by_year()) for iv in plan.interventions]
    most = max([n for _, c in rows for n in c.values()] or [0])
    name_w = max([len(i) for i, _ in rows] + [12])
    lines = [f"{plan.plan.id}: {t('active communes per year', lang)}", ""]
    for iv_id, counts in rows:
        if not counts:
            lines.append(f"{iv_id:<{name_w}}  {t('No commune rollout in the plan for: {items}.', lang).format(items=iv_id)}")
            continue
        for k, (year, n) in enumerate(sorted(counts.items())):
            eighths = round(n * width * 8 / most) if most else 0
            bar = "█" * (eighths // 8) + (blocks[eighths % 8] if eighths % 8 else "")
            if n and not bar:
                bar = "▏"
            lines.append(f"{iv_id if k == 0 else '':<{name_w}}  {year}  {bar} {format_number(n, 0, lang)}")
    lines += ["", t("One scale for all lines: the longest bar is {most} communes.", lang).format(
        most=format_number(most, 0, lang))]
    return "\n".join(lines) + "\n"
