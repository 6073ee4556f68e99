"""Funding: what the sources pay within their envelopes, the envelopes used, and the gap with its causes."""

from __future__ import annotations

from ecdplan.core.display import MOVED_NOTE, shown_column, shown_table, shown_value
from ecdplan.core.groupby import pivot
from ecdplan.i18n.labels import METHOD_NAMES, t, word
from ecdplan.i18n.numbers import format_number
from ecdplan.reports.table import Column, Table
from ecdplan.reports.budget import budget_pivot
from ecdplan.reports.common import ReportOptions, line_column, source_column, money_column, names_of, standard_notes, unbudgeted_note


def _cause_label(cause: str, plan, lang: str) -> str:
    from ecdplan.core.funding import CAUSE_ENVELOPE, CAUSE_NO_SOURCE

    if cause == CAUSE_ENVELOPE:
        return t("envelope used up", lang)
    if cause == CAUSE_NO_SOURCE:
        return t("no eligible source", lang)
    source = plan.source(cause.split(":", 1)[1])
    return t("{source} valid {start}-{end}", lang).format(source=source.label, start=source.valid.start,
                                                          end=source.valid.end)


def funding_tables(alloc, opts: ReportOptions = ReportOptions()) -> list[Table]:
    """Allocation by source × year (with the unfunded row), envelopes used, the gap by line and by cause."""
    from ecdplan.core.funding import UNFUNDED

    compiled, lang = alloc.compiled, opts.lang
    plan = compiled.plan
    facts = alloc.facts()

    def title(text: str) -> str:
        return f"{plan.info.id}: {text} ({opts.unit_label})"

    if not facts:
        return [Table([Column(t("Source", lang), "source")], [], [], title(t('allocation', lang)), unbudgeted_note(compiled, lang))]
    years = sorted({f.year for f in facts})
    sources = [s.id for s in plan.sources if any(f.source == s.id for f in facts)]
    if any(f.source == UNFUNDED for f in facts):
        sources.append(UNFUNDED)
    p = pivot(facts, "source", "year", sources, years)
    # what budget shows for the same sources and years: amounts paid as planned keep budget's digits
    planned = budget_pivot(compiled, "source", "year")
    reference = planned.display(opts.unit, opts.decimals)
    dec = reference.decimals
    pins = {k: reference.cells[k] for k, v in p.cells.items() if k in reference.cells and planned.cells.get(k) == v}
    need_shown = reference.col_totals if set(p.cols) == set(reference.cols) else None
    shown = shown_table(p.rows, p.cols, p.cells, opts.unit, dec, pins, need_shown)

    def sources_column() -> Column:
        return source_column(plan, lang, {UNFUNDED: t(UNFUNDED, lang)})

    columns = [sources_column()]
    columns += [Column(str(y), str(y), numeric=True, decimals=dec) for y in years]
    columns.append(money_column("Total", "total", opts, dec))
    rows = [[s] + [shown.cells[s, y] for y in years] + [shown.row_totals[s]] for s in shown.rows]
    totals = [[t("Need", lang)] + [shown.col_totals[y] for y in years] + [shown.total]]
    # the note's figures are the table's: need its grand total, the gap its unfunded row, funded the difference
    need_shown = shown.total
    gap_shown = shown.row_totals[UNFUNDED] if UNFUNDED in shown.row_totals else shown_value(0, opts.unit, dec)
    show = lambda v: format_number(v, dec, lang)  # noqa: E731
    equal = [line.intervention for line in compiled.lines if line and line.split_rule == "equal"]
    method = word(METHOD_NAMES, alloc.method, lang)
    if alloc.method == "shares" and equal:
        method = t("shares (equal split over eligible sources assumed for: {items})", lang).format(
            items=names_of(plan, equal))
    notes = [t("Method: {method}. Need {need}, funded {funded}, gap {gap} ({unit}).", lang).format(
        method=method, need=show(need_shown), funded=show(need_shown - gap_shown), gap=show(gap_shown),
        unit=opts.unit_label)]
    unlimited = [s.label for s in plan.sources if s.id not in alloc.limited]
    if unlimited:
        notes.append(t("No envelope (unlimited): {items}.", lang).format(items=", ".join(unlimited)))
    notes += standard_notes(compiled, lang, shown.moved)
    allocation = Table(columns, rows, totals, title(t('allocation', lang)), notes)

    binding = set(alloc.binding())
    order = {s.id: k for k, s in enumerate(plan.sources)}
    keys = sorted(alloc.envelopes, key=lambda k: (order.get(k[0], len(order)), k[1]))
    env = shown_column([alloc.envelopes[k] for k in keys], opts.unit, dec)
    # what a source-year pays is one figure: the allocation table's digits
    used = shown_column([alloc.used(*k) for k in keys], opts.unit, dec,
                        {i: shown.cells[k] for i, k in enumerate(keys) if k in shown.cells})
    env_rows = [[s, y, e, u, e - u, t("binding", lang) if (s, y) in binding else ""]
                for (s, y), e, u in zip(keys, env.cells, used.cells)]
    env_totals = [[t("Total", lang), None, env.total, used.total, env.total - used.total, ""]] if keys else []
    envelopes = Table([sources_column(), Column(t("Year", lang), "year"),
                       money_column("Envelope", "envelope", opts, dec), money_column("Allocated", "allocated", opts, dec),
                       money_column("Left", "left", opts, dec), Column(t("Binding", lang), "binding")],
                      env_rows, env_totals, title(t('envelopes', lang)),
                      [t(MOVED_NOTE, lang)] if env.moved or used.moved else [])
    tables = [allocation, envelopes]
    gap_facts = [f for f in facts if f.source == UNFUNDED]
    if gap_facts:
        g = pivot(gap_facts, "intervention", "year", [iv.id for iv in plan.interventions], years)
        g.rows = [r for r in g.rows if g.row_total(r)]
        unfunded_by_year = {y: shown.cells[UNFUNDED, y] for y in years}  # the allocation table's gap row
        gs = shown_table(g.rows, g.cols, g.cells, opts.unit, dec, None, unfunded_by_year)
        gap_columns = [line_column(plan, lang)] + \
            [Column(str(y), str(y), numeric=True, decimals=dec) for y in years] + [money_column("Total", "total", opts, dec)]
        gap_rows = [[r] + [gs.cells[r, y] for y in years] + [gs.row_totals[r]] for r in gs.rows]
        gap_totals = [[t("Total", lang)] + [gs.col_totals[y] for y in years] + [gs.total]]
        tables.append(Table(gap_columns, gap_rows, gap_totals, title(t('gap', lang)),
                            [t(MOVED_NOTE, lang)] if gs.moved else []))
        causes = sorted({c for c, _ in alloc.causes})
        cells = {(c, y): v for (c, y), v in alloc.causes.items()}
        cs = shown_table(causes, years, cells, opts.unit, dec, None, unfunded_by_year)
        cause_rows = [[_cause_label(c, plan, lang)] + [cs.cells[c, y] for y in years] + [cs.row_totals[c]]
                      for c in causes]
        tables.append(Table([Column(t("Cause", lang), "cause")] + gap_columns[1:], cause_rows,
                            [[t("Total", lang)] + [cs.col_totals[y] for y in years] + [cs.total]],
                            title(t('gap by cause', lang)), [t(MOVED_NOTE, lang)] if cs.moved else []))
    return tables
