"""The report due at a deadline, as a document for the writers (`writers/progress_xlsx.py`,
`writers/progress_html.py`): activities, indicators (Biểu 01), money by line and source (Biểu 02) with a subtotal
per line, communes reached, the balance by source; planned amounts the plan does not set (an equal split over
sources) marked as assumed; the signature block of a Vietnamese report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ecdplan.core.money import round_half_up
from ecdplan.core.progress import ProgressSet
from ecdplan.i18n.labels import t
from ecdplan.reports.common import ReportOptions
from ecdplan.reports.progress import (ProgressOptions, _label, _status, common_notes, execution_table, line_name,
                                      percent, rollout_rows, rollout_table, target_rows)
from ecdplan.reports.table import Column, Table

# --- the report due at a deadline -------------------------------------------------------------------------------

@dataclass
class ReportSection:
    heading: str
    form: str  # which form the columns follow, or "ours"
    table: Table


@dataclass
class ProgressReport:
    """The report a plan asks for at a deadline, as tables for the writers (`xlsx`, `htmlreport`)."""

    title: str
    lang: str
    meta: list[tuple[str, str]]
    banner: str | None  # ILLUSTRATIVE ...
    sections: list[ReportSection]
    notes: list[str]
    plan_id: str


def _stt(table: Table) -> Table:
    """A table with the forms' first column, STT (1, 2, ...)."""
    columns = [Column("STT", "stt")] + table.columns
    body = [[k] + list(row) for k, row in enumerate(table.rows, 1)]
    totals = [[""] + list(row) for row in table.total_rows]
    return Table(columns, body, totals, table.title, table.notes)


def indicators_form(ps: ProgressSet, opts: ReportOptions) -> Table:
    """Biểu 01-style: STT, Nội dung/chỉ tiêu, Đơn vị tính, Kế hoạch, Thực hiện, Tỷ lệ % so với kế hoạch, Ghi chú."""
    lang = opts.lang
    body = []
    for r in rollout_rows(ps):
        line = line_name(ps, r.block, r.line)
        if r.planned is not None or r.reached is not None:
            body.append([t("Communes reached: {line}", lang).format(line=line) + f" ({r.year})", t("commune", lang),
                         r.planned, r.reached, percent(r.reached, r.planned) if r.reached is not None else None,
                         (t("Not reached: ", lang) + ", ".join(r.not_reached)) if r.not_reached else None])
        if r.planned_beneficiaries is not None or r.beneficiaries is not None:
            body.append([t("Beneficiaries: {line}", lang).format(line=line) + f" ({r.year})", t("person", lang),
                         r.planned_beneficiaries, r.beneficiaries,
                         percent(r.beneficiaries, r.planned_beneficiaries) if r.beneficiaries is not None else None,
                         t("plan: the whole year; done: the period so far", lang)
                         if r.part_of_year and r.planned_beneficiaries is not None else None])
    for r in target_rows(ps):
        ind = r["indicator"]
        ratio = None
        if r["target"]:
            ratio = Decimal(round_half_up(Fraction(r["value"]) / Fraction(r["target"]) * 1000)).scaleb(-1)
        body.append([f"{ind.name} ({r['date'].strftime('%d/%m/%Y')})", "%" if ind.unit == "percent" else ind.unit,
                     r["target"], r["value"], ratio,
                     "; ".join(x for x in (_status(r, lang), r["source"]) if x)])
    # "{percent}": a literal "% o" would read as a printf placeholder to gettext's checks, "% s" in Vietnamese
    columns = [Column(t("Content / indicator", lang), "content"), Column(t("Unit", lang, "form"), "unit"),
               Column(t("Plan", lang), "plan", numeric=True, decimals=None),
               Column(t("Done", lang), "done", numeric=True, decimals=None),
               Column(t("{percent} of plan", lang).format(percent="%"), "percent", numeric=True, decimals=1), Column(t("Notes", lang), "notes")]
    return _stt(Table(columns, body, [], t("Indicators", lang), []))


def results_form(ps: ProgressSet, opts: ProgressOptions) -> Table:
    """Biểu 02-style money results: STT, Nội dung, Nguồn vốn, Kế hoạch, Thực hiện (giải ngân), Còn lại, Tỷ lệ %."""
    table = execution_table(ps, opts.as_(ProgressOptions, by=("intervention", "source"), names=True))
    parts: dict[tuple[str, str], list[str]] = {}  # (line label, source label) -> sub-project amounts as written
    for item in ps.items:
        plan = item.compiled.plan
        for line_id, lp in item.document.lines.items():
            for source_id, value in lp.disbursed.items():
                if isinstance(value, dict) and plan.source(source_id) is not None:
                    key = (str(_label(ps, "intervention", (item.block, line_id), opts.lang, True)),
                           str(_label(ps, "source", (item.block, source_id), opts.lang)))
                    unit = t(item.document.amount_unit, opts.lang)  # a unit of money of vocab (labels.UNIT_NAMES)
                    parts.setdefault(key, []).extend(f"{name}: {amount:f} {unit}"
                                                     for name, amount in value.items())
    table.columns.append(Column(t("Notes", opts.lang), "notes"))
    unbudgeted = t("unbudgeted", opts.lang)
    table.rows = [list(row) + ["; ".join(([unbudgeted] if row[2] is None else [])
                                         + parts.get((str(row[0]), str(row[1])), [])) or None] for row in table.rows]
    table.total_rows = [list(row) + [None] for row in table.total_rows]
    unit = f" ({opts.unit_label})"
    money = [t("Planned", opts.lang, "form") + unit, t("Disbursed", opts.lang, "form") + unit,
             t("Remaining", opts.lang, "form") + unit, t("Used %", opts.lang, "form")]
    for column, name in zip(table.columns[2:], money):  # the Biểu 02 wording of execution's columns
        column.name = name
    return _stt(table)


def report_document(ps: ProgressSet, period: str, opts: ProgressOptions, deadline: str | None) -> ProgressReport:
    lang = opts.lang
    plan = ps.compiled.plan
    activities = []
    for item in ps.items:
        for line_id, lp in item.document.lines.items():
            if lp.activities or lp.notes:
                name = line_name(ps, item.block, line_id)
                activities.append([name, "; ".join(lp.activities) or None, lp.notes])
    act = _stt(Table([Column(t("Line", lang), "line"), Column(t("Activities done", lang), "activities"),
                      Column(t("Notes", lang), "notes")], activities, [], t("Activities", lang), []))
    balance = execution_table(ps, opts.as_(ProgressOptions, by=("source",)))
    named = opts.as_(ProgressOptions, by=opts.by, names=True)
    sections = [
        ReportSection("1. " + t("Activities done", lang),
                      t("Mẫu 01 (part: results of the period); columns ours", lang), act),
        ReportSection("2. " + t("Indicators: plan against results", lang),
                      t("Biểu 01 columns (TT 10/2022/TT-BLĐTBXH)", lang), indicators_form(ps, opts)),
        ReportSection("3. " + t("Money: planned against disbursed by line and source", lang),
                      t("Biểu 02 columns (TT 10/2022/TT-BLĐTBXH); 'Remaining' is ours", lang),
                      results_form(ps, opts)),
        ReportSection("4. " + t("Communes reached", lang, "form"),
                      t("columns ours", lang), _stt(rollout_table(ps, named))),
        ReportSection("5. " + t("Unspent balance by source", lang),
                      t("columns ours", lang), _stt(balance)),
    ]
    meta = [(t("Plan", lang), f"{plan.info.title} ({plan.info.number or plan.info.id})"),
            (t("Issuer", lang), plan.info.issuer), (t("Period", lang), period)]
    if deadline:
        meta.append((t("Deadline", lang), deadline))
    reporters = sorted({a.document.reported_by for a in ps.items if a.document.reported_by})
    if reporters:
        meta.append((t("Reported by", lang), "; ".join(reporters)))
    meta.append((t("Progress files", lang), ", ".join(a.file for a in ps.items)))
    banner = t("ILLUSTRATIVE figures, not real data: {files}.", lang).format(files=", ".join(ps.illustrative)) \
        if ps.illustrative else None
    title = t("Progress report for {period}", lang).format(period=period)
    shown = {n for section in sections for n in section.table.notes}
    notes = [n for n in common_notes(ps, lang) if n not in shown]  # what no section says already
    return ProgressReport(title, lang, meta, banner, sections, notes, plan.info.id)
