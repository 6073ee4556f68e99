"""Rollup: several compiled plans added up by source (label), source kind or plan, × year."""

from __future__ import annotations

from dataclasses import replace

from ecdplan.core.compiled import CompiledPlan
from ecdplan.core.display import MOVED_NOTE
from ecdplan.core.facts import Fact
from ecdplan.core.groupby import pivot
from ecdplan.i18n.labels import KIND_NAMES, N_, t, word
from ecdplan.reports.table import Column, Table
from ecdplan.reports.common import ReportOptions, standard_notes


def rollup_table(plans: list[CompiledPlan], by: str = "source", opts: ReportOptions = ReportOptions()) -> Table:
    lang = opts.lang
    _within_limit(plans)
    combined: list[Fact] = []
    for compiled in plans:
        plan = compiled.plan
        sources = {s.id: s for s in plan.sources}
        for f in compiled.facts:
            source = sources.get(f.source)
            key = {"source": source.label if source else t("(no source)", lang),
                   "kind": source.kind if source else t("(no source)", lang),
                   "plan": plan.info.id}[by]
            combined.append(replace(f, source=key))
    p = pivot(combined, "source", "year")
    shown = p.display(opts.unit, opts.decimals)
    head = {"source": N_("Source"), "kind": N_("Kind"), "plan": N_("Plan")}[by]
    kinds = {k: word(KIND_NAMES, k, lang) for k in KIND_NAMES} if by == "kind" else None
    columns = [Column(t(head, lang), by, names=kinds)]
    columns += [Column(str(y), str(y), numeric=True, decimals=None) for y in shown.cols]
    heading = t('Total', lang)
    columns.append(Column(f"{heading} ({opts.unit_label})", "total", numeric=True, decimals=None))
    rows = [[r] + [shown.cells[r, y] for y in shown.cols] + [shown.row_totals[r]] for r in shown.rows]
    if by == "plan":
        rows += [[c.plan.info.id] + [None] * (len(shown.cols) + 1) for c in plans if c.plan.info.id not in shown.rows]
    totals = [[t("Total", lang)] + [shown.col_totals[y] for y in shown.cols] + [shown.total]]
    years = list(shown.cols)
    cy = {y: sum(c.communes for compiled in plans for c in compiled.coverage if c.year == y) for y in years}
    totals.append([t("Commune-years", lang)] + [cy[y] for y in years] + [sum(cy.values())])
    notes = [t("Plans: {items}.", lang).format(items=", ".join(c.plan.info.id for c in plans))]
    missing = [f"{c.plan.info.id}: {iv.name}" for c in plans for iv in c.unbudgeted()]
    if missing:
        notes.append(t("Unbudgeted (no cost in the plan, not zero): {items}.", lang).format(items=", ".join(missing)))
    for c in plans:
        notes += standard_notes(c, lang, False)
    if shown.moved:
        notes.append(t(MOVED_NOTE, lang))
    heading = t('Rollup', lang)
    return Table(columns, rows, totals, f"{heading} ({opts.unit_label})", notes)


def _within_limit(plans: list[CompiledPlan]) -> None:
    """Plans added up must stay within the figures every output carries (B007, exit 2, before any output)."""
    from ecdplan.core.money import beyond_limit

    total = sum(c.total for c in plans)
    if not beyond_limit(total):
        return
    from ecdplan.errors import EcdplanError
    from ecdplan.i18n.messages import Phrase
    from ecdplan.rules.limits import limit_findings
    from ecdplan.rules.runner import PlanResult

    first = plans[0]
    what = Phrase(N_("the {count} plans added up"), count=len(plans))
    found = limit_findings([(what, total, first.file, 1, 1)])
    raise EcdplanError(Phrase(N_("the plans added up are beyond the largest figure ecdplan shows exactly; roll up "
                                 "fewer plans at a time")), [PlanResult(file=first.file, loaded=None, findings=found)])
