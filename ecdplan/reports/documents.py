"""What the Excel appendix and the HTML report show, built from the compiled plan as tables and figures.

The writers (`xlsx`, `htmlreport`) receive these documents and never see a plan, so every figure in a
workbook or a page comes through the same display route as the terminal's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..compiled import CompiledPlan
from ..display import auto_decimals, shown_value
from ..labels import t
from ..numfmt import amount_in_words, format_number
from ..render import Table
from .budget import BudgetOptions, budget_pivot, budget_table
from .common import ReportOptions, unbudgeted_note
from .plan_info import calendar_table, targets_table
from .rollout import rollout_chart_rows, rollout_grid

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX"]


def roman(n: int) -> str:
    return ROMAN[n - 1] if n <= len(ROMAN) else str(n)


@dataclass
class AppendixLine:
    intervention: str  # the line's id
    number: int
    name: str
    counts: list[int | None]  # communes per year (None: the plan gives no count)
    where: str | None
    cost: Decimal | None  # None: unbudgeted, never 0
    sources: list[Decimal | None]
    staff: str | None
    notes: str | None


@dataclass
class AppendixGroup:
    number: str  # Roman numeral
    name: str
    cost: Decimal | None
    sources: list[Decimal | None]
    lines: list[AppendixLine]


@dataclass
class Appendix:
    """The government table of a plan's Phụ lục, figures as shown (they add up as displayed)."""

    title: str
    cited: str
    years: list[int]
    source_headers: list[str]
    groups: list[AppendixGroup]
    cost: Decimal | None
    sources: list[Decimal | None]
    decimals: int
    unit_label: str
    in_words: str | None
    notes: list[str] = field(default_factory=list)
    unbudgeted: str = "chưa có dự toán"


@dataclass
class Workbook:
    appendix: Appendix
    sheets: list[tuple[str, Table]]  # (sheet name, table)


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def appendix(compiled: CompiledPlan, opts: ReportOptions) -> Appendix:
    plan = compiled.plan
    info = plan.plan
    years = list(info.period.years)
    sources = plan.sources
    p = budget_pivot(compiled, "intervention", "source")
    p.cols = [s.id for s in sources]
    shown = p.display(opts.unit, opts.decimals)
    counts = compiled.communes_by_line()
    groups = [(g.id, g.name) for g in plan.groups]
    if any(iv.group is None for iv in plan.interventions):
        groups.append((None, "Khác"))
    out_groups = []
    for gid, gname in groups:
        members = [iv for iv in plan.interventions if iv.group == gid]
        if not members:
            continue
        lines = []
        for k, iv in enumerate(members, 1):
            mine = counts.get(iv.id)
            where = [f"Giai đoạn {ph.years}: {ph.where}" for ph in iv.rollout if ph.where] \
                if isinstance(iv.rollout, list) else []
            budgeted = iv.id in shown.rows
            cells = [shown.cells[iv.id, s.id] if budgeted and (iv.id, s.id) in p.cells else None for s in sources]
            lines.append(AppendixLine(iv.id, k, iv.name, [mine.get(y) if mine else None for y in years],
                                      "\n".join(where) or None, shown.row_totals[iv.id] if budgeted else None,
                                      cells, iv.staff, iv.notes))
        out_groups.append(AppendixGroup(roman(len(out_groups) + 1), gname, _sum([ln.cost for ln in lines]),
                                        [_sum([ln.sources[j] for ln in lines]) for j in range(len(sources))], lines))
    cited = f"(Kèm theo Kế hoạch số {info.number} của {info.issuer})" if info.number else f"({info.issuer})"
    notes = []
    if any(f.split_rule == "equal" for f in compiled.facts):
        notes.append("Kinh phí theo nguồn: chia đều cho các nguồn được sử dụng (giả định; kế hoạch không ghi tỷ lệ).")
    outside = sorted({plan.source(f.source).label for f in compiled.facts if not f.source_valid})
    if outside:
        notes.append("(*) Nguồn ngoài thời hạn: " + ", ".join(outside) + " được dùng sau năm kết thúc của chương trình.")
    declared = compiled.declared_total()
    if declared is not None:
        status = "khớp với tổng các dòng" if declared == compiled.total else "KHÁC tổng các dòng"
        value = Decimal(declared) / 1_000_000
        notes.append(f"Tổng cộng kế hoạch ghi: {format_number(value, 0 if value == int(value) else 3, 'vi')} "
                     f"triệu đồng ({status}).")
    notes += unbudgeted_note(compiled, "vi")
    from ..currency import rate_note

    rate = rate_note(plan, "vi")
    if rate:
        notes.append(rate)
    if shown.moved:
        from ..display import MOVED_NOTE

        notes.append(t(MOVED_NOTE, "vi"))
    return Appendix(info.title, cited, years, [s.label + (f"\n({s.component})" if s.component else "") for s in sources],
                    out_groups, _sum([g.cost for g in out_groups]),
                    [_sum([g.sources[j] for g in out_groups]) for j in range(len(sources))], shown.decimals,
                    opts.unit_label, f"Bằng chữ: {amount_in_words(compiled.total)}." if compiled.facts else None, notes)


def workbook_document(compiled: CompiledPlan, opts: ReportOptions) -> Workbook:
    lang = opts.lang
    by_source_year = budget_table(compiled, BudgetOptions(unit=opts.unit, decimals=opts.decimals, lang=lang,
                                                          by=("source", "year")))
    names = ("Nguồn × năm", "Triển khai") if lang == "vi" else ("Sources × years", "Rollout")
    return Workbook(appendix(compiled, ReportOptions(opts.unit, opts.decimals, "vi")),
                    [(names[0], by_source_year), (names[1], rollout_grid(compiled, opts))])


@dataclass
class ChartBar:
    year: int
    total: Decimal
    segments: list[tuple[str, str, Decimal]]  # (source id, label, amount as shown)


@dataclass
class ReportDocument:
    """The HTML report's content: every figure as shown elsewhere."""

    lang: str
    title: str
    plan_id: str
    meta: list[tuple[str, str]]
    budget_bars: list[ChartBar]
    budget_sources: list[tuple[str, str]]  # (id, label) in legend order
    budget_decimals: int
    budget_table: Table | None
    unbudgeted_text: str | None
    timeline: list[tuple[str, dict[int, int]]]
    years: list[int]
    targets: Table | None
    calendar: Table | None
    findings: list


def report_document(compiled: CompiledPlan, opts: ReportOptions) -> ReportDocument:
    plan, lang = compiled.plan, opts.lang
    info = plan.plan
    meta = [(t("Issuer", lang), info.issuer), (t("Number", lang), info.number or ""),
            (t("Level", lang), info.level), (t("Area", lang), info.area.name),
            (t("Period", lang), f"{info.period.start}-{info.period.end}")]
    table = None
    bars: list[ChartBar] = []
    legend: list[tuple[str, str]] = []
    decimals = 0
    if compiled.facts:
        table = budget_table(compiled, BudgetOptions(unit=opts.unit, decimals=opts.decimals, lang=lang,
                                                     by=("source", "year")))
        p = budget_pivot(compiled, "source", "year")
        shown = p.display(opts.unit, opts.decimals)
        decimals = shown.decimals
        labels = {s.id: s.label for s in plan.sources}
        legend = [(s, labels.get(s, s)) for s in shown.rows]
        bars = [ChartBar(y, shown.col_totals[y], [(s, labels.get(s, s), shown.cells[s, y]) for s in shown.rows])
                for y in shown.cols]
        whole = auto_decimals([compiled.total], opts.unit)  # the total on its own: as exact as it is
        meta.append((t("Total", lang), f"{format_number(shown_value(compiled.total, opts.unit, whole), whole, lang)} "
                                       f"{opts.unit_label} "
                                       f"({amount_in_words(compiled.total, lang)})"))
    if info.parent:
        meta.append((t("Parent plan", lang), " ".join(x for x in (info.parent.number, str(info.parent.date or ""),
                                                                   info.parent.issuer or "") if x)))
    missing = unbudgeted_note(compiled, lang)
    calendar = calendar_table([compiled], lang)
    return ReportDocument(
        lang, info.title, info.id, meta, bars, legend, decimals, table, missing[0] if missing else None,
        rollout_chart_rows(compiled), list(info.period.years),
        targets_table(compiled, None, lang, wide=True) if plan.indicators else None,
        calendar if calendar.rows else None, list(compiled.findings))
