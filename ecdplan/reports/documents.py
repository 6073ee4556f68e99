"""What the Excel appendix and the HTML report show, built from the compiled plan as tables and figures.

The writers (`xlsx`, `htmlreport`) receive these documents and never see a plan, so every figure in a
workbook or a page comes through the same display route as the terminal's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ecdplan.core.compiled import CompiledPlan
from ecdplan.core.display import MOVED_NOTE, auto_decimals, shown_value
from ecdplan.i18n.labels import LEVELS, t, word
from ecdplan.i18n.numbers import amount_in_words, format_number
from ecdplan.reports.table import Table
from ecdplan.reports.scale import Scale, nice_scale
from ecdplan.reports.budget import BudgetOptions, budget_pivot, budget_table
from ecdplan.reports.common import ReportOptions, unbudgeted_note
from ecdplan.reports.plan_info import calendar_table, targets_table
from ecdplan.reports.rollout import rollout_grid, rollout_timeline

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX"]


def roman(n: int) -> str:
    return ROMAN[n - 1] if n <= len(ROMAN) else str(n)


ASSUMED_YEAR_RULES = ("commune-years", "even")  # spreads over years the plan does not give


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
    eligible: list[str | None] = field(default_factory=list)  # per source: its tick ("x" or sub-project), or None
    assumed: bool = False  # the split over sources is the equal split the plan does not give


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
    labels: dict[str, str] = field(default_factory=dict)  # headings, in the document's language
    sources_as: str = "amounts"  # or "ticks": the seed's own form, a mark in each eligible source's column


@dataclass
class Sheet:
    name: str
    table: Table
    assumed: set[tuple[int, int]] = field(default_factory=set)  # (body row, column) of assumed figures
    legend: str = ""  # what the style of assumed figures means


@dataclass
class Workbook:
    appendix: Appendix
    sheets: list[Sheet]
    lang: str = "vi"
    appendix_name: str = "Phụ lục"


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def appendix_labels(lang: str, unit_label: str) -> dict[str, str]:
    return {
        "number": t("No.", lang), "name": t("Name of the intervention", lang),
        "communes": t("Communes taking part, by year", lang),
        "where": t("Timing and area of implementation", lang),
        "cost": t("Estimated cost ({unit})", lang).format(unit=unit_label),
        "sources": t("Planned sources in detail ({unit})", lang).format(unit=unit_label), "staff": t("Staff who carry it out", lang),
        "notes": t("Notes", lang), "total": t("Total", lang),
        "assumed": t("Assumed figure: the plan does not give it (equal split over the eligible sources, or the "
                     "cost spread over the years); check it before use.", lang),
    }


def appendix(compiled: CompiledPlan, opts: ReportOptions, sources_as: str = "amounts") -> Appendix:
    plan = compiled.plan
    info = plan.info
    lang = opts.lang
    years = list(info.period.years)
    sources = plan.sources
    p = budget_pivot(compiled, "intervention", "source")
    p.cols = [s.id for s in sources]
    shown = p.display(opts.unit, opts.decimals)
    counts = compiled.communes_by_line()
    equal_split = {f.intervention for f in compiled.facts if f.split_rule == "equal"}
    groups = [(g.id, g.name) for g in plan.groups]
    if any(iv.group is None for iv in plan.interventions):
        groups.append((None, t("Other", lang)))
    by_group: dict[str | None, list] = {}
    for iv in plan.interventions:  # one pass, and dict look-ups below: the appendix is linear in the lines
        by_group.setdefault(iv.group, []).append(iv)
    budgeted_lines = set(shown.rows)
    out_groups = []
    for gid, gname in groups:
        members = by_group.get(gid, [])
        if not members:
            continue
        lines = []
        for k, iv in enumerate(members, 1):
            mine = counts.get(iv.id)
            where = [t("Phase {years}: {where}", lang).format(years=ph.years, where=ph.where)
                     for ph in iv.rollout if ph.where] if isinstance(iv.rollout, list) else []
            budgeted = iv.id in budgeted_lines
            cells = [shown.cells[iv.id, s.id] if budgeted and (iv.id, s.id) in p.cells else None for s in sources]
            named = {f if isinstance(f, str) else f.source for f in iv.sources}
            ticks = [(s.component or "x") if s.id in named else None for s in sources]
            lines.append(AppendixLine(iv.id, k, iv.name, [mine.get(y) if mine else None for y in years],
                                      "\n".join(where) or None, shown.row_totals[iv.id] if budgeted else None,
                                      cells, iv.staff, iv.notes, ticks, iv.id in equal_split))
        out_groups.append(AppendixGroup(roman(len(out_groups) + 1), gname, _sum([ln.cost for ln in lines]),
                                        [_sum([ln.sources[j] for ln in lines]) for j in range(len(sources))], lines))
    cited = (t("(Attached to Plan No. {number} of {issuer})", lang).format(number=info.number, issuer=info.issuer)
             if info.number else f"({info.issuer})")
    notes = []
    if equal_split:
        notes.append(t("Cost by source: split equally over the eligible sources (an assumption; the plan gives "
                       "no shares).", lang))
    outside = sorted({plan.source(f.source).label for f in compiled.facts if not f.source_valid})
    if outside:
        notes.append(t("(*) Sources outside their valid years: {items}, used after the end of the program.",
                       lang).format(items=", ".join(outside)))
    declared = compiled.declared_total()
    if declared is not None:
        status = t("matches the sum of the lines", lang) if declared == compiled.total else \
            t("DIFFERS from the sum of the lines", lang)
        whole = auto_decimals([declared], opts.unit)
        notes.append(t("Grand total written in the plan: {total} {unit} ({status}).", lang).format(
            total=format_number(shown_value(declared, opts.unit, whole), whole, lang), unit=opts.unit_label,
            status=status))
    notes += unbudgeted_note(compiled, lang)
    from ecdplan.core.currency import rate_note

    rate = rate_note(plan, lang)
    if rate:
        notes.append(rate)
    if shown.moved:
        notes.append(t(MOVED_NOTE, lang))
    in_words = t("In words: {words}.", lang).format(words=amount_in_words(compiled.total, lang)) \
        if compiled.facts else None
    return Appendix(info.title, cited, years, [s.label + (f"\n({s.component})" if s.component else "") for s in sources],
                    out_groups, _sum([g.cost for g in out_groups]),
                    [_sum([g.sources[j] for g in out_groups]) for j in range(len(sources))], shown.decimals,
                    opts.unit_label, in_words, notes, t("unbudgeted", lang), appendix_labels(lang, opts.unit_label),
                    sources_as)


def _assumed_cells(compiled: CompiledPlan, table: Table, rows: list, cols: list) -> set[tuple[int, int]]:
    """Cells of a source × year table that hold an assumed figure (an equal split, a spread over years)."""
    assumed = {(f.source, f.year) for f in compiled.facts
               if f.amount and (f.split_rule == "equal" or f.year_rule in ASSUMED_YEAR_RULES)}
    return {(i, 2 + j) for i, r in enumerate(rows) for j, c in enumerate(cols) if (r, c) in assumed}


def workbook_document(compiled: CompiledPlan, opts: ReportOptions, sources_as: str = "amounts") -> Workbook:
    lang = opts.lang
    by_source_year = budget_table(compiled, opts.as_(BudgetOptions, by=("source", "year")))
    assumed: set[tuple[int, int]] = set()
    if compiled.facts:
        p = budget_pivot(compiled, "source", "year")
        assumed = _assumed_cells(compiled, by_source_year, p.rows, p.cols)
    return Workbook(appendix(compiled, opts, sources_as),
                    [Sheet(t("Sources × years", lang), by_source_year, assumed,
                           appendix_labels(lang, opts.unit_label)["assumed"]),
                     Sheet(t("Rollout", lang), rollout_grid(compiled, opts))], lang, t("Appendix", lang))


@dataclass
class ChartBar:
    year: int
    total: Decimal
    segments: list[tuple[str, str, Decimal]]  # (source id, label, amount as shown)


@dataclass
class TimelineRow:
    intervention: str  # id (for machines: a data attribute)
    name: str  # what people read
    counts: dict[int, int]  # communes per year; empty: the plan gives no counts


@dataclass
class ReportDocument:
    """The HTML report's content: every figure as shown elsewhere, and the charts' scales and captions."""

    lang: str
    title: str
    plan_id: str
    meta: list[tuple[str, str]]
    budget_bars: list[ChartBar]
    budget_sources: list[tuple[str, str]]  # (id, label) in legend order
    budget_decimals: int
    budget_table: Table | None
    unbudgeted_text: str | None
    timeline: list[TimelineRow]
    years: list[int]
    targets: Table | None
    calendar: Table | None
    findings: list
    unit_label: str = ""
    budget_scale: Scale | None = None
    timeline_scale: Scale | None = None
    texts: dict[str, str] = field(default_factory=dict)  # headings and captions, in the document's language
    appendix: Appendix | None = None  # the plan's table (groups, lines, cost, sources), printed first
    outside: set[tuple[str, int]] = field(default_factory=set)  # (source, year): money outside its valid years
    annex: list = field(default_factory=list)  # reports.report_annex.AnnexGroup: the findings by rule


def report_texts(lang: str, unit_label: str, budget: Scale | None, timeline: Scale | None) -> dict[str, str]:
    fmt = lambda v: format_number(v, max(0, -v.as_tuple().exponent), lang)  # noqa: E731
    texts = {
        "budget": t("Budget by year and source", lang), "rollout": t("Rollout", lang),
        "targets": t("Targets", lang), "calendar": t("Reporting calendar", lang), "findings": t("Findings", lang),
        "no_findings": t("No findings.", lang), "line": t("line", lang),
        "budget_axis": t("Amount ({unit})", lang).format(unit=unit_label),
        "communes_axis": t("Communes", lang),
        "no_counts": t("The plan gives no commune counts for any line: there is no rollout to draw.", lang),
        "no_count_line": t("the plan gives no commune count", lang),
        "appendix": t("Lines of the plan: cost and sources", lang),
        "no_lines": t("The plan has no lines (interventions): there is no table of costs to print.", lang),
        "no_money": t("The plan sets no money: no line has a cost. The marks show the sources each line may "
                      "draw on.", lang),
        "no_budget": t("The plan sets no money: there is no budget to chart.", lang),
        "no_targets": t("The plan sets no targets (indicators).", lang),
        "no_calendar": t("The plan sets no reporting deadlines.", lang),
        "annex": t("Annex: findings of the checks", lang),
        "annex_intro": t("Each rule with the number of places it concerns, and the places by name.", lang),
        "places": t("places", lang), "also": t("Also concerns: {places}.", lang),
        "more_places": t("and {n} more place(s) not listed", lang),
        "more_findings": t("and {n} more finding(s) of this rule not listed", lang),
        "accepted": t("accepted: {reason}", lang),
        "page": t("Page {page} of {pages}", lang),
        "outside_legend": t("Hatched: money of a source in a year outside the years the source is valid for "
                            "(e.g. a national target programme that ends in 2025, drawn with 2026 money).", lang),
        "name": t("Name of the intervention", lang), "cost": t("Estimated cost ({unit})", lang).format(
            unit=unit_label), "number": t("No.", lang), "total": t("Total", lang),
        "sources_unit": t("Planned sources in detail ({unit})", lang).format(unit=unit_label),
        "sources_ticks": t("Eligible sources", lang),
        "years_block": t("Years {first}-{last}", lang), "italics": t("In italics:", lang),
        "budget_table": t("Budget by source and year ({unit})", lang).format(unit=unit_label),
    }
    if budget is not None:
        texts["budget_scale"] = t("Scale: one gridline = {step} {unit}; every bar starts at 0 and is drawn to the "
                                  "same scale.", lang).format(step=fmt(budget.step), unit=unit_label)
    if timeline is not None:
        texts["timeline_scale"] = t("One scale for every row: a full year cell = {top} communes (1 tick = {step} "
                                    "communes); the number beside a bar is its count.", lang).format(
            top=fmt(timeline.top), step=fmt(timeline.step))
    return texts


def _period_words(value: object, lang: str) -> object:
    """The period a deadline expects as the reader says it ('6 tháng đầu năm 2024', 'mỗi 6 tháng'), never a
    pattern such as YYYY-H1."""
    from ecdplan.core.deadlines import EACH_HALF_YEAR, EACH_YEAR
    from ecdplan.core.progress import parse_period
    from ecdplan.i18n.messages import in_lang

    if not isinstance(value, str) or not value:
        return value
    if value == t(EACH_HALF_YEAR, lang):
        return t("each half-year", lang)
    if value == t(EACH_YEAR, lang):
        return t("each year", lang)
    try:
        return str(in_lang(parse_period(value).phrase, lang))
    except ValueError:  # not a period: the text as it is
        return value


def report_document(compiled: CompiledPlan, opts: ReportOptions) -> ReportDocument:
    from ecdplan.i18n.messages import in_lang
    from ecdplan.reports.report_annex import findings_annex

    plan, lang = compiled.plan, opts.lang
    info = plan.info
    period = f"{info.period.start}" if info.period.start == info.period.end else \
        f"{info.period.start}-{info.period.end}"
    meta = [(t("Issuer", lang), info.issuer), (t("Number", lang), info.number or "")]
    if info.date:
        meta.append((t("Date of issue", lang), str(in_lang(info.date, lang))))  # 13/09/2023 in Vietnamese
    meta += [(t("Level", lang), word(LEVELS, info.level, lang)), (t("Area", lang), info.area.name),
             (t("Period", lang), period)]
    table = None
    bars: list[ChartBar] = []
    legend: list[tuple[str, str]] = []
    decimals = 0
    budget_scale = None
    if compiled.facts:
        table = budget_table(compiled, opts.as_(BudgetOptions, by=("source", "year")))
        p = budget_pivot(compiled, "source", "year")
        shown = p.display(opts.unit, opts.decimals)
        decimals = shown.decimals
        labels = {s.id: s.label for s in plan.sources}
        no_source = t("(no source)", lang)
        legend = [(s, labels.get(s) or no_source) for s in shown.rows]
        bars = [ChartBar(y, shown.col_totals[y], [(s, labels.get(s) or no_source, shown.cells[s, y])
                                                  for s in shown.rows]) for y in shown.cols]
        budget_scale = nice_scale(max(b.total for b in bars))
        whole = auto_decimals([compiled.total], opts.unit)  # the total on its own: as exact as it is
        meta.append((t("Total", lang), f"{format_number(shown_value(compiled.total, opts.unit, whole), whole, lang)} "
                                       f"{opts.unit_label} "
                                       f"({amount_in_words(compiled.total, lang)})"))
    if info.parent:
        parent_date = str(in_lang(info.parent.date, lang)) if info.parent.date else ""
        meta.append((t("Parent plan", lang), " ".join(x for x in (info.parent.number, parent_date,
                                                                   info.parent.issuer or "") if x)))
    missing = unbudgeted_note(compiled, lang)
    calendar = calendar_table([compiled], lang)
    # one plan: its id in a column of every row would be a caption of the page, not information
    keep = [i for i, c in enumerate(calendar.columns) if c.key != "plan"]
    calendar = Table([calendar.columns[i] for i in keep], [[_period_words(r[i], lang) if calendar.columns[i].key ==
                                                            "expects" else r[i] for i in keep] for r in calendar.rows],
                     [], calendar.title, calendar.notes)
    timeline = [TimelineRow(i, n, c) for i, n, c in rollout_timeline(compiled)]
    most = max([n for row in timeline for n in row.counts.values()] or [0])
    timeline_scale = nice_scale(most, most_intervals=5, whole=True) if most else None
    return ReportDocument(
        lang, info.title, info.id, meta, bars, legend, decimals, table, missing[0] if missing else None,
        timeline, list(info.period.years),
        targets_table(compiled, None, lang, wide=True) if plan.indicators else None,
        calendar if calendar.rows else None, list(compiled.findings), opts.unit_label, budget_scale, timeline_scale,
        report_texts(lang, opts.unit_label, budget_scale, timeline_scale),
        appendix(compiled, opts, "amounts" if compiled.facts else "ticks") if plan.interventions else None,
        {(f.source, f.year) for f in compiled.facts if not f.source_valid and f.amount},
        findings_annex(list(compiled.findings), plan, lang))
