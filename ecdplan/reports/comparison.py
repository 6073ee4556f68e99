"""Comparisons: two versions of a plan (diff), and a plan beside its scenarios (compare)."""

from __future__ import annotations

from ecdplan.core.compiled import CompiledPlan
from ecdplan.core.display import auto_decimals, shown_value
from ecdplan.i18n.messages import Word
from ecdplan.i18n.labels import METHOD_NAMES, N_, t, word
from ecdplan.reports.table import Column, Table
from ecdplan.reports.common import ReportOptions


def diff_table(changes, old_name: str, new_name: str, opts: ReportOptions = ReportOptions()) -> Table:
    """Changes between two plan versions: money in `unit`, coverage in communes, milestones, deadlines,
    responsibilities, the plan's facts and documents (old and new text or date), findings new/resolved."""
    unit, decimals, lang = opts.unit, opts.decimals, opts.lang
    money_aspects = {"total", "source", "year", "intervention"}
    amounts = [v for c in changes if c.aspect in money_aspects for v in (c.old, c.new) if isinstance(v, int)]
    dec = decimals if decimals is not None else auto_decimals(amounts, unit)

    def shown(c, value):
        if isinstance(value, Word):  # 'resolved', 'new'
            return value.text(lang)
        if value is None or not isinstance(value, int):
            return value
        return shown_value(value, unit, dec) if c.aspect in money_aspects else value

    aspect_names = {"total": N_("Total cost"), "source": N_("Cost by source"), "year": N_("Cost by year"),
                    "intervention": N_("Cost by intervention"), "coverage": N_("Communes"), "target": N_("Milestone"),
                    "deadline": N_("Reporting deadline"), "responsibility": N_("Responsibility"),
                    "plan": N_("The plan"), "document": N_("Document"), "finding": N_("Finding")}
    rows = []
    for c in changes:
        delta = c.delta
        old, new = shown(c, c.old), shown(c, c.new)
        # the change is the difference of the figures as shown, so each row reads right
        key = c.key.text(lang) if isinstance(c.key, Word) else c.key
        rows.append([t(aspect_names[c.aspect], lang), key, old, new,
                     new - old if delta is not None and old is not None and new is not None else None])
    columns = [Column(t("Aspect", lang), "aspect"), Column(t("Key", lang), "key"),
               # the files are named in the title: a path heading a column would make the table too wide to read
               Column(t("Before", lang), "old", numeric=True, decimals=None),
               Column(t("After", lang), "new", numeric=True, decimals=None),
               Column(t("Change", lang), "change", numeric=True, decimals=None, signed=True)]
    notes = [t("Money in {unit}; communes per intervention and year.", lang).format(unit=unit.label(lang))]
    if not changes:
        notes.insert(0, t("No changes in money, coverage, targets, deadlines, responsibilities, documents or "
                          "findings.", lang))
    heading = t('Changes', lang)
    return Table(columns, rows, [], f"{heading}: {old_name} → {new_name}", notes)


def compare_table(baseline: CompiledPlan, scenarios: list[tuple[str, CompiledPlan]],
                  opts: ReportOptions = ReportOptions(), method: str = "shares") -> Table:
    """Baseline and scenarios side by side: cost by year, commune-years by year, the gap; with deltas."""
    from ecdplan.core.funding import allocate, plan_envelopes

    unit, decimals, lang = opts.unit, opts.decimals, opts.lang
    plans = [("Baseline", baseline), *scenarios]
    years = sorted({y for _, p in plans for y in p.plan.info.period.years})

    def metrics(compiled: CompiledPlan) -> dict[str, tuple[str, int]]:
        by_year: dict[int, int] = {}
        for f in compiled.facts:
            by_year[f.year] = by_year.get(f.year, 0) + f.amount
        cy: dict[int, int] = {}
        for c in compiled.coverage:
            cy[c.year] = cy.get(c.year, 0) + c.communes
        out = {t("Total cost", lang): ("money", compiled.total)}
        for y in years:
            heading = t('Cost', lang)
            out[f"{heading} {y}"] = ("money", by_year.get(y, 0))
        for y in years:
            heading = t('Commune-years', lang)
            out[f"{heading} {y}"] = ("count", cy.get(y, 0))
        out[t("Commune-years", lang)] = ("count", compiled.commune_years)
        if compiled.plan.envelopes:
            env, limited = plan_envelopes(compiled.plan)
            heading = t('Gap', lang)
            out[f"{heading} ({word(METHOD_NAMES, method, lang)})"] = ("money", allocate(compiled, method, env, limited).gap)
        return out

    table = [metrics(p) for _, p in plans]
    keys = list(dict.fromkeys(k for m in table for k in m))
    amounts = [v for m in table for kind, v in m.values() if kind == "money"]
    dec = decimals if decimals is not None else auto_decimals(amounts, unit)

    def shown(kind: str, value: int | None):
        if value is None:
            return None
        return shown_value(value, unit, dec) if kind == "money" else value

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
            row += [shown(kind2, v), shown(kind2, v) - shown(kind, base) if v is not None and base is not None else None]
        rows.append(row)
    notes = [t("Money in {unit}; commune-years count each commune once per year it takes part.", lang).format(
        unit=unit.label(lang))]
    heading = t('scenarios', lang)
    return Table(columns, rows, [], f"{baseline.plan.info.id}: {heading}", notes)
