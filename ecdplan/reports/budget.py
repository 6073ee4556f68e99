"""Budget: the money facts grouped by one or two dimensions, with declared figures beside computed ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ecdplan.core.compiled import CompiledPlan, body_key
from ecdplan.core.display import auto_decimals, shown_column, shown_value
from ecdplan.core.facts import YEAR_RULES
from ecdplan.core.groupby import Pivot, pivot
from ecdplan.i18n.labels import SPLIT_RULE_NAMES, YEAR_RULE_NAMES, t, word
from ecdplan.i18n.numbers import format_number
from ecdplan.reports.table import Column, Table
from ecdplan.reports.common import (
    DIMENSION_NAMES,
    ReportOptions,
    label,
    line_column,
    line_names,
    money_column,
    names_of,
    source_column,
    order_by,
    plan_scope,
    standard_notes,
    unbudgeted_note,
)


@dataclass(frozen=True)
class BudgetOptions(ReportOptions):
    by: tuple[str, ...] = field(default=("intervention",))  # one or two of vocab.DIMENSIONS
    year: int | None = None


def budget_pivot(compiled: CompiledPlan, rows: str, cols: str | None = None, year: int | None = None) -> Pivot:
    """The budget group-by every output shares: plan order, rows and columns with money only."""
    plan = compiled.plan
    facts = compiled.facts if year is None else [f for f in compiled.facts if f.year == year]
    p = pivot(facts, rows, cols, order_by(rows, plan), order_by(cols, plan) if cols else None)
    p.rows = [r for r in p.rows if any((r, c) in p.cells for c in p.cols)]
    if cols:
        p.cols = [c for c in p.cols if any((r, c) in p.cells for r in p.rows)]
    return p


def budget_table(compiled: CompiledPlan, opts: BudgetOptions) -> Table:
    plan, lang = compiled.plan, opts.lang
    rows_dim = opts.by[0]
    cols_dim = opts.by[1] if len(opts.by) > 1 else None
    p = budget_pivot(compiled, rows_dim, cols_dim, opts.year)
    if not p.rows:
        return _unbudgeted_table(compiled, opts)
    shown = p.display(opts.unit, opts.decimals)
    if opts.year is not None and rows_dim != "year" and cols_dim in (None, "year"):
        shown = _as_over_every_year(compiled, p, shown, rows_dim, opts)
    heading = t('Amount', lang)
    title = f"{plan.info.id}: {heading.lower()} ({opts.unit_label}){plan_scope(compiled, opts.year)}"
    columns = [dimension_column(rows_dim, plan, lang)]
    if rows_dim == "source":
        columns.append(Column(t("Sub-project", lang), "component"))
    moved = shown.moved
    if cols_dim:
        header = line_names(plan) if cols_dim == "intervention" else {}
        columns += [Column(header.get(c) or str(label(cols_dim, c, plan, lang)), str(c), numeric=True,
                           decimals=shown.decimals) for c in shown.cols]
        columns.append(money_column("Total", "total", opts, shown.decimals))
        body = [[row_key(rows_dim, r, plan, lang)] + _component(rows_dim, r, plan)
                + [shown.cells[r, c] for c in shown.cols] + [shown.row_totals[r]] for r in shown.rows]
        totals = [[t("Total", lang)] + ([""] if rows_dim == "source" else [])
                  + [shown.col_totals[c] for c in shown.cols] + [shown.total]]
    else:
        columns.append(money_column("Amount", "amount", opts, shown.decimals))
        extra, extra_moved = _extra_columns(rows_dim, compiled, shown, p, opts)
        moved = moved or extra_moved
        columns += [c for c, _ in extra]
        body = [[row_key(rows_dim, r, plan, lang)] + _component(rows_dim, r, plan) + [shown.cells[r, None]]
                + [values.get(r) for _, values in extra] for r in shown.rows]
        if rows_dim == "intervention" and opts.year is None:
            # lines without a cost are listed as unbudgeted, never as zero
            budgeted = set(shown.rows)
            body += [[iv.id, None] + [t("unbudgeted", lang) if c.key == "split" else None for c, _ in extra]
                     for iv in compiled.unbudgeted() if iv.id not in budgeted]
            order = {iv.id: i for i, iv in enumerate(plan.interventions)}
            body.sort(key=lambda row: order.get(row[0], len(order)))
        totals = [[t("Total", lang)] + ([""] if rows_dim == "source" else []) + [shown.total]
                  + [values.get("__total__") for _, values in extra]]
    notes = _notes(compiled, p, shown, opts) + standard_notes(compiled, lang, moved)
    if not cols_dim:
        share_total = next((values.get("__total__") for c, values in extra if c.key == "share_percent"), None)
        if share_total is not None and p.total and share_total != 100:
            from ecdplan.core.display import SHARES_NOTE
            from ecdplan.i18n.numbers import format_number

            notes.append(t(SHARES_NOTE, lang).format(total=format_number(share_total, 1, lang)))
    return Table(columns, body, totals, title, notes)


def _unbudgeted_table(compiled: CompiledPlan, opts: BudgetOptions) -> Table:
    """A plan (or year) with no amounts: its lines, sources... listed with blank amounts, never zeros."""
    plan, lang, dim = compiled.plan, opts.lang, opts.by[0]
    keys = order_by(dim, plan)
    if dim == "agency":
        keys = list(dict.fromkeys(compiled.agencies[body_key(iv.lead)] if iv.lead else "" for iv in plan.interventions))
    elif dim == "year":
        keys = list(plan.info.period.years)
    columns = [dimension_column(dim, plan, lang)]
    if dim == "source":
        columns.append(Column(t("Sub-project", lang), "component"))
    columns.append(money_column("Amount", "amount", opts, 0))
    rows = [[row_key(dim, k, plan, lang)] + _component(dim, k, plan) + [None] for k in keys]
    missing = compiled.unbudgeted()
    if dim == "intervention":
        columns.append(Column(t("Status", lang), "status"))
        missing_ids = {iv.id for iv in missing}
        for row in rows:
            row.append(t("unbudgeted", lang) if row[0] in missing_ids else None)
    notes = unbudgeted_note(compiled, lang)
    if not plan.interventions:
        notes.append(t("The plan lists no interventions (lines with communes or costs): it sets no money.", lang))
    if opts.year is not None and len(missing) < len(plan.interventions):
        notes.append(t("No amounts in {year}.", lang).format(year=opts.year))
    heading = t('Amount', lang)
    title = f"{plan.info.id}: {heading.lower()} ({opts.unit_label}){plan_scope(compiled, opts.year)}"
    return Table(columns, rows, [], title, notes + standard_notes(compiled, lang, False))


def dimension_column(dim: str, plan, lang: str) -> Column:
    """The first column of a budget table: lines by name for people (ids for machines), else the labels."""
    if dim == "intervention":
        return line_column(plan, lang)
    if dim == "source":
        return source_column(plan, lang)
    return Column(t(DIMENSION_NAMES[dim], lang), dim)


def row_key(dim: str, key, plan, lang: str):
    """What a row holds in its first cell: the id where the column names it for people, else the label."""
    return key if dim in ("intervention", "source") else label(dim, key, plan, lang)


def _component(dimension: str, key, plan) -> list:
    if dimension != "source":
        return []
    source = plan.source(key)
    return [source.component if source and source.component else ""]


def _as_over_every_year(compiled: CompiledPlan, p: Pivot, shown, rows_dim: str, opts: BudgetOptions):
    """A view of one year shows each cell with the digits the view over every year (`--by-ROWS --by-year`) gives
    it: one figure, one value, whichever view shows it."""
    from ecdplan.core.display import shown_table

    full = budget_pivot(compiled, rows_dim, "year").display(opts.unit, shown.decimals)
    pins = {(r, c): full.cells[r, opts.year] for (r, c) in p.cells if (r, opts.year) in full.cells}
    return shown_table(p.rows, p.cols, p.cells, opts.unit, shown.decimals, pins) if pins else shown


def _extra_columns(dim: str, compiled: CompiledPlan, shown, p: Pivot, opts: BudgetOptions):
    """Columns beside a one-way table: declared vs computed, shares, validity, the rules used."""
    plan, lang, dec = compiled.plan, opts.lang, shown.decimals
    facts = compiled.facts if opts.year is None else [f for f in compiled.facts if f.year == opts.year]
    rows = shown.rows
    extra, moved = [], False
    if dim in ("group", "intervention") and opts.year is None:
        declared: dict = {}
        if dim == "group":
            from ecdplan.core.facts import amount_dong

            declared = {g.id: amount_dong(plan, g.total) for g in plan.groups if g.total is not None}
        else:
            for line in compiled.lines:
                if line is not None and line.declared is not None:
                    declared[line.intervention] = declared.get(line.intervention, 0) + line.declared
        if declared:
            amounts = [declared.get(r) for r in rows]
            # a declared figure equal to the computed one shows the same digits: its difference shows 0
            pins = {i: shown.cells[r, None] for i, r in enumerate(rows) if declared.get(r) == p.cell(r)}
            col = shown_column(amounts, opts.unit, dec, pins)
            moved = col.moved
            dcol = {r: v for r, v in zip(rows, col.cells)}
            diff = {r: (v - shown.cells[r, None]) if v is not None else None for r, v in zip(rows, col.cells)}
            dcol["__total__"] = col.total
            diff["__total__"] = sum((v for v in diff.values() if v is not None), Decimal(0)).quantize(
                Decimal(1).scaleb(-dec))
            extra.append((Column(t("Declared", lang), "declared", numeric=True, decimals=dec), dcol))
            extra.append((Column(t("Difference", lang), "difference", numeric=True, decimals=dec), diff))
    if dim == "source":
        from ecdplan.core.display import shown_shares

        share, share_total = shown_shares([p.cell(r) for r in rows], p.total)
        extra.append((Column(t("Share %", lang), "share_percent", numeric=True, decimals=1),
                      dict(zip(rows, share)) | {"__total__": share_total}))
        outside: dict = {}
        for f in facts:
            if not f.source_valid and f.amount:
                outside[f.source] = outside.get(f.source, 0) + f.amount
        if outside:
            # a source's amount wholly outside its valid years is one figure: the amount's digits
            pins = {i: shown.cells[r, None] for i, r in enumerate(rows) if outside.get(r) == p.cell(r)}
            col = shown_column([outside.get(r) for r in rows], opts.unit, dec, pins)
            moved = moved or col.moved
            values = dict(zip(rows, col.cells)) | {"__total__": col.total}
            extra.append((Column(t("Outside valid years", lang), "outside_valid_years", numeric=True, decimals=dec),
                          values))
    if dim in ("source", "intervention", "group", "agency"):
        splits: dict = {}
        years: dict = {}
        for f in facts:  # one pass: linear in the plan's size
            key = getattr(f, dim)
            splits.setdefault(key, set()).add(f.split_rule)
            years.setdefault(key, set()).add(f.year_rule)
        rules = {r: ", ".join(word(SPLIT_RULE_NAMES, s, lang) for s in sorted(splits.get(r, ()))) for r in rows}
        extra.append((Column(t("Split", lang), "split"), rules))
        if dim == "intervention":
            used = {r: ", ".join(sorted(years.get(r, ()))) for r in rows}
            names = {v: ", ".join(word(YEAR_RULE_NAMES, k, lang) for k in v.split(", ")) for v in used.values() if v}
            extra.append((Column(t("Years", lang), "year_rule", names=names), used))
    return extra, moved


def _notes(compiled: CompiledPlan, p: Pivot, shown, opts: BudgetOptions) -> list[str]:
    plan, lang = compiled.plan, opts.lang
    facts = compiled.facts if opts.year is None else [f for f in compiled.facts if f.year == opts.year]
    notes = []
    declared = compiled.declared_total()
    if declared is not None and opts.year is None:
        dec = max(shown.decimals, auto_decimals([declared], opts.unit))
        fmt = lambda v: format_number(v, dec, lang)  # noqa: E731
        computed = shown.total if dec == shown.decimals else shown_value(p.total, opts.unit, dec)
        if declared == p.total:
            status = t("matches", lang)
            declared_shown = computed
        else:
            declared_shown = shown_value(declared, opts.unit, dec)
            status = t("DIFFERS by {difference}", lang).format(
                difference=fmt(shown_value(declared - p.total, opts.unit, dec)))
        notes.append(t("Declared grand total {declared}, computed {computed}: {status}.", lang).format(
            declared=fmt(declared_shown), computed=fmt(computed), status=status))
    index = {iv.id: i for i, iv in enumerate(plan.interventions)}
    equal = sorted({f.intervention for f in facts if f.split_rule == "equal"}, key=lambda k: index.get(k, 0))
    if equal:
        notes.append(t("Equal split over eligible sources (an assumption: the plan gives no shares) for: {items}.",
                       lang).format(items=names_of(plan, equal)))
    notes += validity_notes(compiled, facts, lang)
    rules = sorted({f.year_rule for f in facts})
    if rules:
        notes.append(t("Amounts per year: {items}.", lang).format(
            items="; ".join(f"{word(YEAR_RULE_NAMES, r, lang)} = {t(YEAR_RULES[r], lang)}" for r in rules)))
    if opts.year is None:
        notes += unbudgeted_note(compiled, lang)
    return notes


def validity_notes(compiled: CompiledPlan, facts, lang: str) -> list[str]:
    """Money from a source outside its valid years (note (*) of the Gia Lai appendix)."""
    plan = compiled.plan
    outside = sorted({(f.source, f.year) for f in facts if not f.source_valid and f.amount})
    if not outside:
        return []
    by_source: dict[str, list[int]] = {}
    for s, y in outside:
        by_source.setdefault(s, []).append(y)
    parts = [t("{source} ({start}-{end}) in {years}", lang).format(
        source=plan.source(s).label, start=plan.source(s).valid.start, end=plan.source(s).valid.end,
        years=", ".join(map(str, ys))) for s, ys in by_source.items()]
    return [t("Money from a source outside its valid years: {items}.", lang).format(items="; ".join(parts))]
