"""The `ecdplan` command line: thin commands over the library API (validate, facts, pivot, render).

Heavy modules (pydantic, yaml, tabulate) are imported inside the commands, so `ecdplan --help`
and `ecdplan rules` start fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .findings_report import FindingsFormat
from .numfmt import Lang
from .render import ReportFormat

app = typer.Typer(
    name="ecdplan",
    help="Checked, computable early-childhood-development plans: validate, budget, roll out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"ecdplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", help="Show the version and exit.", is_eager=True,
                                                callback=_show_version)] = False) -> None:
    """Checked, computable early-childhood-development plans: validate, budget, roll out."""


# One definition of each shared option, used by every command that offers it.
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Labels and numbers: en (42,900) or vi (42.900).")]
PlanArg = Annotated[Optional[Path], typer.Argument(help="Plan file; default: the project's plan "
                                                        "([tool.ecdplan] default).", show_default=False)]


def fail(message: str, status: int = 2) -> typer.Exit:
    from .render import terminal_safe  # a path or plan text in the message must not drive the terminal

    typer.echo(f"ecdplan: {terminal_safe(message)}", err=True)
    return typer.Exit(status)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # not below the current folder; a looping link; a NUL byte
        return str(path)


def resolve_plan(plan: Path | None):
    """Load the named plan (or the project's default) for a report; exit 2 if it cannot be used."""
    from .config import ConfigError, require_config
    from .findings import Severity
    from .validate import check_file

    if plan is None:
        try:
            plan = require_config().default_plan()
        except ConfigError as exc:
            raise fail(str(exc))
    result = check_file(display_path(plan))
    if result.plan is None:
        from .findings_report import text

        typer.echo(text([result]), err=True, nl=False)
        raise fail(f"{result.file}: the plan cannot be used until the errors above are fixed")
    errors = result.count(Severity.ERROR)
    if errors:
        typer.echo(f"ecdplan: warning: {result.file} has {errors} error(s); figures below may be wrong "
                   "(see `ecdplan validate`)", err=True)
    return result


PROGRESS_AFTER = 20  # files: fewer finish before a progress bar would be any use


def check_files(plans: list[Path]) -> list:
    """Check each file; on a terminal, with many files, show progress on stderr (nothing when piped)."""
    from .validate import check_file

    if len(plans) < PROGRESS_AFTER or not sys.stderr.isatty():
        return [check_file(display_path(p)) for p in plans]
    from rich.console import Console
    from rich.progress import Progress

    results = []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("validating", total=len(plans))
        for p in plans:
            results.append(check_file(display_path(p)))
            progress.advance(task)
    return results


@app.command()
def validate(
    plans: Annotated[Optional[list[Path]], typer.Argument(
        help="Plan files; default: the plans named by [tool.ecdplan] in pyproject.toml or ecdplan.toml.",
        show_default=False)] = None,
    fmt: Annotated[FindingsFormat, typer.Option("--format", "-f", help="text, json, github annotations, "
                                                                     "sarif (code scanning) or junit (test reports).")]
    = FindingsFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
) -> None:
    """Check plan files and report every finding, with rule code and file:line:col.

    Exit status: 0 clean (warnings allowed), 1 findings, 2 a file could not be used.
    """
    from .config import ConfigError, require_config
    from .findings_report import exit_status, render_findings
    from .hierarchy import check_hierarchy

    if not plans:
        try:
            config = require_config()
        except ConfigError as exc:
            raise fail(str(exc))
        plans = config.plan_files()
        if not plans:
            raise fail(f"{config.file}: [tool.ecdplan] plans {config.plans} match no file")
    results = check_files(plans)
    check_hierarchy([r for r in results if not r.fatal])  # an unreadable file (a looping link ...) has no parent
    typer.echo(render_findings(results, fmt, strict), nl=False)
    raise typer.Exit(exit_status(results, strict))


@app.command()
def rules(fmt: FormatOpt = ReportFormat.table) -> None:
    """List every rule: code, name, severity and what it checks."""
    from .findings import RULES
    from .render import Column, Table, render

    table = Table([Column("Code", "code"), Column("Name", "name"), Column("Severity", "severity"),
                   Column("Checks", "summary"), Column("Fix", "fix")],
                  [[r.code, r.name, r.severity.value, r.summary, r.fix] for r in RULES.values()])
    if fmt is ReportFormat.table:  # the fix texts make the terminal table too wide
        table = Table(table.columns[:4], [row[:4] for row in table.rows])
    typer.echo(render(table, fmt), nl=False)


class SchemaKind(str, Enum):
    plan = "plan"
    envelopes = "envelopes"
    scenario = "scenario"


@app.command()
def schema(kind: Annotated[SchemaKind, typer.Argument(help="Which file format.")] = SchemaKind.plan) -> None:
    """Print the JSON Schema of a file format (schemas/KIND.schema.json is this output)."""
    import json

    from .model import json_schema

    typer.echo(json.dumps(json_schema(kind.value), ensure_ascii=False, indent=2))


class Unit(str, Enum):
    vnd = "vnd"
    thousand = "thousand"
    million = "million"
    billion = "billion"


UnitOpt = Annotated[Unit, typer.Option("--unit", help="Unit amounts are shown in.")]
DecimalsOpt = Annotated[Optional[int], typer.Option(
    "--decimals", min=0, max=6, help="Decimal places; default: the fewest that show the figures exactly "
                                     "(at most 1 for million, 3 for billion).", show_default=False)]
YearOpt = Annotated[Optional[int], typer.Option("--year", help="Only this year.", show_default=False)]


def emit(table, fmt: ReportFormat, lang: Lang) -> None:
    from .render import render

    typer.echo(render(table, fmt, lang.value), nl=False)


def check_year(plan, year: int | None) -> None:
    period = plan.plan.period
    if year is not None and not period.start <= year <= period.end:
        raise fail(f"--year {year} is outside the plan period {period.start}-{period.end}")


@app.command()
def budget(
    plan: PlanArg = None,
    by_source: Annotated[bool, typer.Option("--by-source", help="By funding source.")] = False,
    by_year: Annotated[bool, typer.Option("--by-year", help="By year.")] = False,
    by_group: Annotated[bool, typer.Option("--by-group", help="By group (section) of the plan.")] = False,
    by_intervention: Annotated[bool, typer.Option("--by-intervention", help="By intervention (default).")] = False,
    by_agency: Annotated[bool, typer.Option("--by-agency", help="By lead agency.")] = False,
    year: YearOpt = None,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = Lang.en,
) -> None:
    """Costs split by source, year, group, intervention or agency; two --by options give a pivot.

    Rows take the first and columns the second of: intervention, group, agency, source, year.
    """
    from .reports import BudgetOptions, budget_table

    chosen = {"intervention": by_intervention, "group": by_group, "agency": by_agency, "source": by_source,
              "year": by_year}
    by = tuple(k for k, on in chosen.items() if on) or ("intervention",)
    if len(by) > 2:
        raise fail("give at most two --by-… options (rows and columns)")
    result = resolve_plan(plan)
    check_year(result.plan, year)
    opts = BudgetOptions(by=by, year=year, unit=unit.value, decimals=decimals, lang=lang.value)
    emit(budget_table(result.plan, opts), fmt, lang)


@app.command()
def rollout(
    plan: PlanArg = None,
    year: YearOpt = None,
    communes: Annotated[bool, typer.Option("--communes", help="One row per commune (and year).")] = False,
    chart: Annotated[bool, typer.Option("--chart", help="A bar timeline in the terminal.")] = False,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = Lang.en,
) -> None:
    """Communes per intervention and year; with --year, new/continuing/leaving, cost and coverage."""
    from .reports import (
        ReportError,
        communes_table,
        rollout_chart,
        rollout_grid,
        rollout_year,
    )

    result = resolve_plan(plan)
    check_year(result.plan, year)
    if chart:
        typer.echo(rollout_chart(result.plan, lang.value), nl=False)
        return
    if communes:
        try:
            table = communes_table(result.plan, year, unit.value, decimals, lang.value)
        except ReportError as exc:
            raise fail(str(exc))
    elif year is not None:
        table = rollout_year(result.plan, year, unit.value, decimals, lang.value)
    else:
        table = rollout_grid(result.plan, unit.value, decimals, lang.value)
    emit(table, fmt, lang)


@app.command()
def targets(plan: PlanArg = None, year: YearOpt = None, fmt: FormatOpt = ReportFormat.table,
            lang: LangOpt = Lang.en) -> None:
    """Indicator targets per year: the plan's milestones and the straight line between them."""
    from .reports import targets_table

    result = resolve_plan(plan)
    wide = fmt in (ReportFormat.table, ReportFormat.markdown)  # a grid for people, long rows for machines
    emit(targets_table(result.plan, year, lang.value, wide), fmt, lang)


@app.command()
def agencies(plan: PlanArg = None, fmt: FormatOpt = ReportFormat.table, lang: LangOpt = Lang.en) -> None:
    """Who leads and who cooperates on what: bodies × lines of the plan."""
    from .reports import agencies_table

    result = resolve_plan(plan)
    emit(agencies_table(result.plan, lang.value), fmt, lang)


PlansArg = Annotated[Optional[list[Path]], typer.Argument(
    help="Plan files; default: the project's plan.", show_default=False)]


def resolve_plans(plans: list[Path] | None) -> list:
    return [resolve_plan(p) for p in plans] if plans else [resolve_plan(None)]


@app.command()
def calendar(
    plans: PlansArg = None,
    ics: Annotated[Optional[Path], typer.Option(
        "--ics", help="Also write the deadlines as an iCalendar file (-: only the iCalendar, to standard output).",
        show_default=False)] = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = Lang.en,
    force: ForceOpt = False,
) -> None:
    """Every reporting deadline of the plans in date order; yearly deadlines expanded over the period."""
    from .deadlines import calendar as all_deadlines
    from .deadlines import to_ics
    from .reports import calendar_table

    results = resolve_plans(plans)
    loaded = [r.plan for r in results]
    if ics is not None:
        write_output(ics, to_ics(all_deadlines(loaded)), [r.file for r in results], (".ics",), force)
        if str(ics) == "-":
            return
    emit(calendar_table(loaded, lang.value), fmt, lang)


@app.command()
def rollup(
    plans: Annotated[list[Path], typer.Argument(help="The plans to add up.")],
    by: Annotated[str, typer.Option("--by", help="Rows: source (label), kind (of source) or plan.")] = "source",
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = Lang.en,
) -> None:
    """Add several plans' budgets (by source and year) and coverage (commune-years)."""
    from .reports import rollup_table

    if by not in ("source", "kind", "plan"):
        raise fail(f"--by must be source, kind or plan, not {by!r}")
    results = resolve_plans(plans)
    emit(rollup_table([r.plan for r in results], by, unit.value, decimals, lang.value), fmt, lang)


def load_side_file(path: Path, model_cls, what: str):
    """An envelope or scenario file as its model; its findings and exit 2 if it cannot be used."""
    from .findings_report import text
    from .validate import PlanResult, check_document

    document, findings = check_document(display_path(path), model_cls)
    if document is None:
        typer.echo(text([PlanResult(str(path), None, findings=findings)]), err=True, nl=False)
        raise fail(f"{path}: the {what} file cannot be used")
    return document


def plan_with_envelopes(plan, path: Path | None):
    """The plan with the envelopes of `--envelopes FILE` (if given) replacing its own, source by source."""
    if path is None:
        return plan
    from .funding import FundingError, with_envelopes
    from .model import UNIT_DONG, EnvelopeFile

    document = load_side_file(path, EnvelopeFile, "envelope")
    try:
        return with_envelopes(plan, document.envelopes, UNIT_DONG[document.unit])
    except FundingError as exc:
        raise fail(str(exc)) from None


class Method(str, Enum):
    shares = "shares"
    equal = "equal"
    priority = "priority"
    optimal = "optimal"


@app.command()
def funding(
    plan: PlanArg = None,
    envelopes: Annotated[Optional[Path], typer.Option(
        "--envelopes", help="Envelope file (format: ecdplan-envelopes/1); its sources replace the plan's.",
        show_default=False)] = None,
    method: Annotated[Method, typer.Option("--method", help="How sources pay.")] = Method.shares,
    order: Annotated[Optional[str], typer.Option(
        "--order", help="For --method priority: source ids, comma-separated (default: catalogue order).",
        show_default=False)] = None,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = Lang.en,
) -> None:
    """What the sources can pay within their envelopes, and the funding gap by year and line."""
    from .funding import FundingError, allocate, plan_envelopes
    from .render import render_many
    from .reports import funding_tables

    chosen = plan_with_envelopes(resolve_plan(plan).plan, envelopes)
    env, limited = plan_envelopes(chosen)
    try:
        alloc = allocate(chosen, method.value, env, limited, order.split(",") if order else None)
    except FundingError as exc:
        raise fail(str(exc))
    typer.echo(render_many(funding_tables(alloc, unit.value, decimals, lang.value), fmt, lang.value), nl=False)


@app.command()
def compare(
    plan: PlanArg = None,
    scenario: Annotated[Optional[list[Path]], typer.Option("--scenario", "-s", help="Scenario file (repeatable).",
                                                           show_default=False)] = None,
    method: Annotated[Method, typer.Option("--method", help="Allocation method for the gap, when the plan "
                                                             "or a scenario has envelopes.")] = Method.shares,
    envelopes: Annotated[Optional[Path], typer.Option(
        "--envelopes", help="Envelope file applied to the baseline (scenarios may override it).",
        show_default=False)] = None,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = Lang.en,
) -> None:
    """The plan and its scenarios side by side (cost, coverage, gap), with the change each scenario makes."""
    from .funding import FundingError
    from .model import Scenario
    from .reports import compare_table
    from .scenarios import ScenarioError, apply_scenario

    if not scenario:
        raise fail("give at least one --scenario FILE")
    baseline = plan_with_envelopes(resolve_plan(plan).plan, envelopes)
    variants = []
    for path in scenario:
        document = load_side_file(path, Scenario, "scenario")
        try:
            variants.append((document.name, apply_scenario(baseline, document)))
        except (ScenarioError, ValueError) as exc:
            raise fail(f"{path}: {exc}")
    try:
        table = compare_table(baseline, variants, unit.value, decimals, lang.value, method.value)
    except FundingError as exc:
        raise fail(str(exc))
    emit(table, fmt, lang)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier plan file (or, with --rev, the plan file).")],
    new: Annotated[Optional[Path], typer.Argument(help="The later plan file.", show_default=False)] = None,
    rev: Annotated[Optional[str], typer.Option("--rev", help="Compare the file with this git revision of it "
                                                             "(e.g. HEAD, main~1).", show_default=False)] = None,
    all_rows: Annotated[bool, typer.Option("--all", help="List unchanged figures too.")] = False,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = Lang.en,
) -> None:
    """What changed between two versions of a plan: totals by source, year and line, coverage, findings."""
    from .plandiff import diff_plans
    from .reports import diff_table

    if (new is None) == (rev is None):
        raise fail("give two plan files, or one plan file and --rev REV")
    if rev is not None:
        old_result, old_name = plan_at_revision(old, rev), f"{display_path(old)}@{rev}"
        new_result, new_name = resolve_plan(old), display_path(old)
    else:
        old_result, old_name = resolve_plan(old), display_path(old)
        new_result, new_name = resolve_plan(new), display_path(new)
    changes = diff_plans(old_result, new_result, all_rows)
    emit(diff_table(changes, old_name, new_name, unit.value, decimals, lang.value), fmt, lang)


def plan_at_revision(path: Path, rev: str):
    """The plan file as it was at a git revision, validated like any plan."""
    from .findings_report import text
    from .loader import GitError, decode, read_git_blob
    from .validate import check_text

    try:
        blob = read_git_blob(path, rev)
    except GitError as exc:
        raise fail(f"cannot read {path} at {rev!r} from git: {exc}")
    label = f"{display_path(path)}@{rev}"
    content, problem = decode(blob, label)
    if problem:
        raise fail(f"{label}: {problem.message}")
    result = check_text(content, label)
    if result.plan is None:
        typer.echo(text([result]), err=True, nl=False)
        raise fail(f"{label}: the plan cannot be used")
    return result


export_app = typer.Typer(help="Write a plan to a file other programs open (Excel).", no_args_is_help=True)
app.add_typer(export_app, name="export")
OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="File to write (atomically; never over a plan).")]


ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file even if it is a plan file.")]


def write_output(path: Path, data: str | bytes, inputs: list[str], suffixes: tuple[str, ...] = (),
                 force: bool = False) -> None:
    """Write an output file (`-`: standard output); exit 2 with a clear message if it cannot or must not be."""
    import stat

    from .files import OutputError, write_atomic

    if str(path) == "-":  # bytes as they are: no newline translation (the calendar needs its CRLF)
        typer.echo(data.encode("utf-8") if isinstance(data, str) else data, nl=False)
        return
    try:
        special = path.exists() and not stat.S_ISREG(path.stat().st_mode)  # /dev/stdout, a FIFO: any name
    except (OSError, ValueError):
        special = False
    for source in inputs:
        try:
            if os.path.samefile(path, source):
                raise fail(f"cannot write {path}: it is an input plan; refusing to write over it")
        except (OSError, ValueError):
            continue
    if suffixes and not special and path.suffix.lower() not in suffixes:
        raise fail(f"cannot write {path}: this output is {suffixes[0][1:].upper()}; give the file a "
                   f"{' or '.join(suffixes)} name (or - for standard output)")
    try:
        write_atomic(path, data, [Path(i) for i in inputs], force=force)
    except (OutputError, OSError, ValueError) as exc:
        raise fail(f"cannot write {path}: {exc}")
    typer.echo(f"wrote {path}", err=True)


@export_app.command("xlsx")
def export_xlsx(plan: PlanArg = None, output: OutputOpt = Path("appendix.xlsx"),
                decimals: DecimalsOpt = None, lang: LangOpt = Lang.vi, force: ForceOpt = False) -> None:
    """The appendix as an Excel workbook: the government table, budget by source × year, rollout grid."""
    from .xlsx import workbook_bytes

    result = resolve_plan(plan)
    write_output(output, workbook_bytes(result.plan, lang.value, decimals), [result.file], (".xlsx",), force)


@app.command()
def report(plan: PlanArg = None, output: OutputOpt = Path("report.html"), lang: LangOpt = Lang.vi,
           force: ForceOpt = False) -> None:
    """One self-contained HTML page: summary, budget chart, rollout timeline, targets, calendar, findings."""
    from .htmlreport import report_html

    result = resolve_plan(plan)
    write_output(output, report_html(result.plan, result.findings, lang.value), [result.file], (".html", ".htm"),
                 force)


def main() -> None:
    """Console entry point: no traceback reaches the user unless ECDPLAN_DEBUG is set."""
    # the command line uses no pydantic plugins: skip their discovery (it scans every installed package)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # an ecdplan bug: say so plainly, keep exit status 2
        if os.environ.get("ECDPLAN_DEBUG"):
            raise
        print(f"ecdplan: internal error ({type(exc).__name__}: {exc}); please report it with the plan file "
              "(set ECDPLAN_DEBUG=1 for details)", file=sys.stderr)
        sys.exit(2)
