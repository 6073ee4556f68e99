"""The report due at a deadline, as a document for the writers (`writers/progress_xlsx.py`,
`writers/progress_html.py`): activities, indicators (Biểu 01), money by line and source (Biểu 02) with a subtotal
per line, communes reached, the balance by source; planned amounts the plan does not set (an equal split over
sources) marked as assumed; the signature block of a Vietnamese report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ecdplan.core.money import round_half_up
from ecdplan.core.progress import ProgressSet, period_text
from ecdplan.i18n.labels import t
from ecdplan.reports.common import ReportOptions
from ecdplan.reports.progress import (ProgressOptions, _label, _status, common_notes, execution, line_name, percent,
                                      rollout_rows, rollout_table, target_rows)
from ecdplan.reports.table import Column, Table

# --- the report due at a deadline -------------------------------------------------------------------------------

@dataclass
class ReportSection:
    """A section of the report: its table, and what the writers need to keep it live and readable: which body
    rows add up which (a line's subtotal over its sources), which columns are sums, differences and shares
    (written as formulas where their value is the figure shown), and which cells hold assumed figures."""

    heading: str
    form: str  # which form the columns follow, or "ours"
    table: Table
    assumed: set[tuple[int, int]] = field(default_factory=set)  # (body row, column) of assumed figures
    legend: str | None = None  # what the style of assumed figures means
    parts: dict[int, list[int]] = field(default_factory=dict)  # a subtotal's body row -> the body rows it adds
    sums: list[int] = field(default_factory=list)  # columns whose totals (and subtotals) add up their rows
    difference: tuple[int, int, int] | None = None  # (remaining, planned, disbursed) columns: r = p − d
    share: tuple[int, int, int] | None = None  # (% column, part, whole): % = part ÷ whole × 100, one decimal

    @property
    def top_rows(self) -> list[int]:
        """The body rows the total adds: all but those a subtotal adds already."""
        inside = {i for rows in self.parts.values() for i in rows}
        return [i for i in range(len(self.table.rows)) if i not in inside]


@dataclass
class Signature:
    """The signature block of a Vietnamese report: place and date, then who signs, each with what to write."""

    place_date: str
    signers: list[tuple[str, str]]  # (role, what the signer writes: "(Ký, ghi rõ họ tên)")


@dataclass
class ProgressReport:
    """The report a plan asks for at a deadline, as tables for the writers (`progress_xlsx`, `progress_html`)."""

    title: str
    lang: str
    meta: list[tuple[str, str]]
    banner: str | None  # ILLUSTRATIVE ...
    sections: list[ReportSection]
    notes: list[str]
    plan_id: str
    signature: Signature | None = None


def signature(lang: str) -> Signature:
    return Signature(t("……, date ……", lang),
                     [(t("PREPARED BY", lang), t("(Signature, full name)", lang)),
                      (t("HEAD OF UNIT", lang), t("(Signature and seal)", lang))])


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


def results_form(ps: ProgressSet, opts: ProgressOptions) -> ReportSection:
    """Biểu 02-style money results: STT, Nội dung, Nguồn vốn, Kế hoạch, Thực hiện (giải ngân), Còn lại, Tỷ lệ %,
    Ghi chú; a line drawn on several sources first as its subtotal (numbered), then one row per source."""
    lang = opts.lang
    table, assumed = execution(ps, opts.as_(ProgressOptions, by=("intervention", "source"), names=True), basis=False)
    per_line, _ = execution(ps, opts.as_(ProgressOptions, by=("intervention",), names=True), basis=False)
    share_of_line = {row[0]: row[4] for row in per_line.rows}  # exact đồng, as every share
    parts: dict[tuple[str, str], list[str]] = {}  # (line label, source label) -> sub-project amounts as written
    for item in ps.items:
        plan = item.compiled.plan
        for line_id, lp in item.document.lines.items():
            for source_id, value in lp.disbursed.items():
                if isinstance(value, dict) and plan.source(source_id) is not None:
                    key = (str(_label(ps, "intervention", (item.block, line_id), lang, True)),
                           str(_label(ps, "source", (item.block, source_id), lang)))
                    unit = t(item.document.amount_unit, lang)  # a unit of money of vocab (labels.UNIT_NAMES)
                    parts.setdefault(key, []).extend(f"{name}: {amount:f} {unit}"
                                                     for name, amount in value.items())
    unbudgeted = t("unbudgeted", lang)

    def note(row) -> str | None:
        return "; ".join(([unbudgeted] if row[2] is None else []) + parts.get((str(row[0]), str(row[1])), [])) or None

    def add(values: list) -> Decimal | None:
        present = [v for v in values if v is not None]
        return sum(present, Decimal(0)) if present else None

    body: list[list] = []
    marked: set[tuple[int, int]] = set()
    subtotals: dict[int, list[int]] = {}
    by_line: dict[str, list] = {}
    for row, a in zip(table.rows, assumed):
        by_line.setdefault(row[0], []).append((row, a))
    for number, (line, rows) in enumerate(by_line.items(), 1):
        if len(rows) == 1:
            row, a = rows[0]
            if a:
                marked.add((len(body), 3))
            body.append([number, line, row[1], *row[2:6], note(row)])
            continue
        head = len(body)
        planned, paid = add([r[2] for r, _ in rows]), add([r[3] for r, _ in rows])
        body.append([number, line, t("All sources", lang), planned, paid,
                     None if planned is None else planned - paid, share_of_line.get(line), None])
        for row, a in rows:
            if a:
                marked.add((len(body), 3))
            body.append([None, None, row[1], *row[2:6], note(row)])
        subtotals[head] = list(range(head + 1, len(body)))
    unit = f" ({opts.unit_label})"
    columns = [Column("STT", "stt"), Column(t("Line", lang), "content"), Column(t("Source", lang), "source"),
               Column(t("Planned", lang, "form") + unit, "planned", numeric=True, decimals=table.columns[2].decimals),
               Column(t("Disbursed", lang, "form") + unit, "disbursed", numeric=True,
                      decimals=table.columns[3].decimals),
               Column(t("Remaining", lang, "form") + unit, "remaining", numeric=True,
                      decimals=table.columns[4].decimals),
               Column(t("Used %", lang, "form"), "percent_used", numeric=True, decimals=1),
               Column(t("Notes", lang), "notes")]
    totals = [[None] + list(row) + [None] for row in table.total_rows]
    notes = list(table.notes)
    legend = None
    if marked:
        legend = t("Assumed figure: the plan sets the line's cost but not each source's part; ecdplan split it "
                   "equally over the line's sources. A source's share used is measured against that assumption.",
                   lang)
    return ReportSection("3. " + t("Money: planned against disbursed by line and source", lang),
                         t("Biểu 02 columns (TT 10/2022/TT-BLĐTBXH); 'Remaining' is ours", lang),
                         Table(columns, body, totals, table.title, notes), marked, legend, subtotals, [3, 4, 5],
                         (5, 3, 4), (6, 4, 3))


def balance_form(ps: ProgressSet, opts: ProgressOptions, legend: str | None) -> ReportSection:
    """What is left of each source: planned, disbursed, remaining, share used; the total adds the sources."""
    lang = opts.lang
    table, assumed = execution(ps, opts.as_(ProgressOptions, by=("source",)), basis=False)
    table = _stt(table)
    marked = {(i, 2) for i, a in enumerate(assumed) if a}
    return ReportSection("5. " + t("Unspent balance by source", lang), t("columns ours", lang), table, marked,
                         legend if marked else None, {}, [2, 3, 4], (4, 2, 3), (5, 3, 2))


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
    named = opts.as_(ProgressOptions, by=opts.by, names=True)
    money = results_form(ps, opts)
    sections = [
        ReportSection("1. " + t("Activities done", lang),
                      t("Mẫu 01 (part: results of the period); columns ours", lang), act),
        ReportSection("2. " + t("Indicators: plan against results", lang),
                      t("Biểu 01 columns (TT 10/2022/TT-BLĐTBXH)", lang), indicators_form(ps, opts),
                      share=(5, 4, 3)),  # % of plan = done ÷ plan
        money,
        ReportSection("4. " + t("Communes reached", lang, "form"),
                      t("columns ours", lang), _stt(rollout_table(ps, named))),
        balance_form(ps, opts, money.legend),
    ]
    when = period_text(period, lang)
    meta = [(t("Plan", lang), f"{plan.info.title}" + (f" ({plan.info.number})" if plan.info.number else "")),
            (t("Issuer", lang), plan.info.issuer), (t("Period", lang), when)]
    if deadline:
        meta.append((t("Deadline", lang), deadline))
    reporters = sorted({a.document.reported_by for a in ps.items if a.document.reported_by})
    if reporters:
        meta.append((t("Reported by", lang), "; ".join(reporters)))
    banner = t("ILLUSTRATIVE figures, not real data: {files}.", lang).format(files=", ".join(ps.illustrative)) \
        if ps.illustrative else None
    title = t("Progress report for {period}", lang).format(period=when)
    for section in sections:  # the banner says it once, at the top: not again under every table
        section.table.notes = [n for n in section.table.notes if n != banner]
    shown = {n for section in sections for n in section.table.notes}
    notes = [n for n in common_notes(ps, lang) if n not in shown and n != banner]  # what nothing says already
    return ProgressReport(title, lang, meta, banner, sections, notes, plan.info.id, signature(lang))
