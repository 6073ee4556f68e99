"""What the pages show, built from the same library calls the command line makes: the reports' `Table`s and
documents (`reports/`), rendered cell by cell as the terminal renders them (`writers.render`), and the HTML
report's chart and timeline (`writers.html`). No figure is worked out here."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ecdplan.i18n.labels import t
from ecdplan.reports.table import Table

PLAN_PARTS = ("plan.", "plan")  # data paths of the plan's heading


@dataclass
class Cell:
    text: str
    numeric: bool = False


@dataclass
class Row:
    cells: list[Cell]
    key: str | None = None  # the line's id, when the row is a line of the plan
    total: bool = False


@dataclass
class TableView:
    title: str
    headers: list[str]
    rows: list[Row]
    notes: list[str]
    numeric: list[bool] = field(default_factory=list)
    id: str = ""


def table_view(table: Table | None, lang: str, id: str = "") -> TableView | None:
    """A report's table as the terminal shows it: each cell through the one display route."""
    if table is None:
        return None
    from ecdplan.writers.render import _cell, unscale

    table = table.materialised()
    rows = []
    for values, total in [(r, False) for r in table.rows] + [(r, True) for r in table.total_rows]:
        cells = [Cell(_cell(unscale(v, c), c, lang), c.numeric) for v, c in zip(values, table.columns)]
        key = values[0] if table.columns and table.columns[0].names and isinstance(values[0], str) \
            and values[0] in table.columns[0].names else None
        rows.append(Row(cells, key, total))
    return TableView(table.title, [c.name for c in table.columns], rows, list(table.notes),
                     [c.numeric for c in table.columns], id)


# --- findings ----------------------------------------------------------------------------------------------------

@dataclass
class FindingView:
    code: str
    severity: str  # error, warning, accepted
    severity_text: str
    text: str
    fix: str
    place: str  # file:line:col
    line: int
    path: str
    also: list[str]
    target: str  # line:<id>, heading, sources, targets, agencies, calendar, other
    new: bool = False  # after a save: not among the findings before it


def finding_target(path: str) -> str:
    """Where a finding shows on the page, from its data path: the line it concerns, or the section."""
    if path.startswith("interventions["):
        return "line:" + path[len("interventions["):].split("]", 1)[0]
    if path.startswith("groups["):
        return "group:" + path[len("groups["):].split("]", 1)[0]
    if path == "total" or path.startswith("total."):
        return "grand-total"
    for prefix, target in (("plan", "heading"), ("sources", "sources"), ("indicators", "targets"),
                           ("targets", "targets"), ("responsibilities", "agencies"), ("reporting", "calendar"),
                           ("groups", "appendix")):
        if path.startswith(prefix):
            return target
    return "other"


def finding_views(findings, lang: str, root: Path | None = None) -> list[FindingView]:
    """Each finding for people: its message, fix and `file:line:col`, the file named within the project."""
    from ecdplan.rules.grouping import also_lines

    prefix = f"{root}{os.sep}" if root is not None else None
    out = []
    for f in findings:
        severity = "accepted" if f.accepted is not None else f.severity.value
        place = f.place[len(prefix):] if prefix and f.place.startswith(prefix) else f.place
        out.append(FindingView(f.code, severity, t(severity, lang), f.text(lang), t(f.hint, lang) if f.hint else "",
                               place, f.line, f.path, list(also_lines(f, lang, paths=False)),
                               finding_target(f.path)))
    return out


def counts_by_severity(findings) -> dict[str, int]:
    out = {"error": 0, "warning": 0}
    for f in findings:
        if f.accepted is None:
            out[f.severity.value] = out.get(f.severity.value, 0) + 1
    return out


# --- the list of plans ---------------------------------------------------------------------------------------------

@dataclass
class PlanSummary:
    name: str
    id: str
    title: str
    period: str
    total: str  # as `ecdplan budget --by-source` shows it, with the unit
    execution: str | None  # share used, where progress files exist
    findings: dict[str, int]
    due: int  # reports due (overdue or within 30 days) without a progress file
    error: str | None


def opts(lang: str):
    from ecdplan.reports.common import ReportOptions

    return ReportOptions("million", None, lang)


def plan_total(compiled, lang: str) -> str:
    """The grand total as `ecdplan budget --by-source` shows it (its total row), with the unit."""
    from ecdplan.reports import BudgetOptions, budget_table

    if not compiled.facts:
        return t("unbudgeted", lang)
    view = table_view(budget_table(compiled, opts(lang).as_(BudgetOptions, by=("source",))), lang)
    total = next((r for r in view.rows if r.total), None)
    amount = next((c.text for c in total.cells if c.numeric and c.text), "") if total else ""  # the Amount column
    return f"{amount} {opts(lang).unit_label}"


def period_text(compiled) -> str:
    p = compiled.plan.info.period
    return str(p.start) if p.start == p.end else f"{p.start}-{p.end}"


def progress_set(project, path: Path, state):
    """The plan with the project's progress files on it attached (None without any, or when they cannot be)."""
    from ecdplan.errors import EcdplanError
    from ecdplan.pipeline import attach

    files = project.progress_files().get(path, [])
    if not files or state.compiled is None:
        return None, files
    try:
        return attach(shown(path), [shown(f) for f in files], True), files
    except EcdplanError:
        return None, files


def shown(path: Path) -> str:
    """A file as the command line names it in what it writes: relative to the current folder when inside it."""
    try:
        return Path(path).relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def execution_share(ps, lang: str) -> str | None:
    """The share used of the whole plan (the execution table's total), as `ecdplan progress` shows it."""
    if ps is None or not ps.items:
        return None
    from ecdplan.reports.progress import DEFAULT_BY, ProgressOptions, execution_table

    table = execution_table(ps, opts(lang).as_(ProgressOptions, by=DEFAULT_BY))
    column = next((i for i, c in enumerate(table.columns) if c.key == "percent_used"), None)
    view = table_view(table, lang)
    total = next((r for r in view.rows if r.total), None)
    if column is None or total is None or not total.cells[column].text:
        return None
    return f"{total.cells[column].text} %"


def due_view(project, compiled, files, lang: str, today: dt.date | None = None) -> TableView | None:
    from ecdplan.errors import EcdplanError
    from ecdplan.reports.due import reports_met
    from ecdplan.reports.progress import due_table

    try:
        met, _ = reports_met([shown(f) for f in files])
    except EcdplanError:
        met = set()
    return table_view(due_table([compiled], met, today or dt.date.today(), 30, lang), lang, "due")


def summaries(project, lang: str) -> list[PlanSummary]:
    out = []
    for name in project.names():
        state = project.state(name)
        c = state.compiled
        found = counts_by_severity(state.result.findings)
        if c is None:
            out.append(PlanSummary(name, "", name, "", "", None, found, 0, state.error.text(lang)))
            continue
        path = project.plan_path(name)
        ps, files = progress_set(project, path, state)
        due = due_view(project, c, files, lang)
        out.append(PlanSummary(name, c.plan.info.id, c.plan.info.title, period_text(c), plan_total(c, lang),
                               execution_share(ps, lang), found, len(due.rows) if due else 0,
                               state.error.text(lang) if state.error else None))
    return out


# --- one plan ------------------------------------------------------------------------------------------------------

@dataclass
class PlanPage:
    name: str
    meta: list[tuple[str, str]]
    title: str
    appendix: object | None
    budget_lines: TableView | None
    budget_sources: TableView | None
    budget_years: TableView | None
    chart: str
    timeline: str
    rollout: TableView | None
    targets: TableView | None
    agencies: TableView | None
    calendar: TableView | None
    due: TableView | None
    progress: list[TableView]
    periods: list[str]
    findings: list[FindingView]
    by_target: dict[str, list[FindingView]]
    digest: str
    error: str | None
    partial: bool
    texts: dict[str, str]
    group_ids: list = field(default_factory=list)  # the id of each group of the appendix, in its order
    dated: bool = False  # a reporting deadline has a date: the .ics has something in it


def plan_page(project, name: str, lang: str) -> PlanPage:
    from markupsafe import Markup

    from ecdplan.core.deadlines import calendar
    from ecdplan.reports import BudgetOptions, agencies_table, budget_table, rollout_grid
    from ecdplan.reports.documents import appendix, report_document
    from ecdplan.writers.html import stacked_bars_svg, timeline_html

    state = project.state(name)
    findings = finding_views(state.result.findings, lang, project.root)
    by_target: dict[str, list[FindingView]] = {}
    for f in findings:
        by_target.setdefault(f.target, []).append(f)
    error = state.error.text(lang) if state.error else None
    c = state.compiled
    if c is None:
        return PlanPage(name, [], name, None, None, None, None, "", "", None, None, None, None, None, [], [], findings,
                        by_target, state.digest, error, False, {})
    o = opts(lang)
    doc = report_document(c, o)
    path = project.plan_path(name)
    ps, files = progress_set(project, path, state)
    progress, periods = [], []
    if ps is not None and ps.items:
        from ecdplan.reports.progress import DEFAULT_BY, ProgressOptions, progress_tables

        progress = [table_view(tb, lang) for tb in progress_tables(ps, o.as_(ProgressOptions, by=DEFAULT_BY))]
        periods = ps.periods()
    lines = table_view(budget_table(c, o.as_(BudgetOptions, by=("intervention",))), lang, "budget-lines")
    return PlanPage(
        name, list(doc.meta), doc.title, appendix(c, o) if c.plan.interventions else None, lines,
        table_view(budget_table(c, o.as_(BudgetOptions, by=("source",))), lang, "budget-sources"),
        table_view(doc.budget_table, lang, "budget-source-year"),
        Markup(stacked_bars_svg(doc)), Markup(timeline_html(doc)),
        table_view(rollout_grid(c, o), lang, "rollout") if c.plan.interventions else None,
        table_view(doc.targets, lang, "targets"), table_view(agencies_table(c, lang), lang, "agencies"),
        table_view(doc.calendar, lang, "calendar"), due_view(project, c, files, lang),
        progress, periods, findings, by_target, state.digest, error, state.partial, doc.texts,
        appendix_group_ids(c.plan), any(d.date for d in calendar([c.plan])))


def appendix_group_ids(plan) -> list[str | None]:
    """The id of each group the appendix shows, in its order: the plan's groups that have lines, then the lines
    of no group (None), as `reports.documents.appendix` lists them."""
    used = {iv.group for iv in plan.interventions}
    return [g.id for g in plan.groups if g.id in used] + ([None] if None in used else [])
