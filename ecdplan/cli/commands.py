"""The `ecdplan` command line: thin commands over the library API (validate, facts, pivot, render).

Heavy modules (pydantic, yaml, tabulate) are imported inside the commands, so `ecdplan --help`
and `ecdplan rules` start fast.
"""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from ecdplan.rules.findings import N_, Phrase
from ecdplan.writers.findings import FindingsFormat
from ecdplan.i18n.numbers import Lang
from ecdplan.writers.render import ReportFormat
from ecdplan.vocab import APPENDIX_SOURCES, CURRENCIES, DIMENSIONS, METHODS, PROGRESS_EXPORTS, ROLLUP_BY, SCHEMA_KINDS, UNITS


class _Group(TyperGroup):
    """Maps the library's one error type to its exit status, in one place, for every command; shows usage
    errors in the language asked for."""

    def make_context(self, info_name, args, parent=None, **extra):
        self._args = list(args)  # the words given, to find --lang when parsing fails before it is read
        if parent is None:
            _LANG.clear()  # each run resolves its own language (tests run many in one process)
            lang = self._lang()
            if lang != "en":
                from ecdplan.cli.help_language import in_language

                in_language(self, lang)  # --help reads the commands' texts: give them in `lang`
            elif "ecdplan.cli.help_language" in sys.modules:
                sys.modules["ecdplan.cli.help_language"].english()
        try:
            return super().make_context(info_name, args, parent, **extra)
        except typer.TyperException as exc:
            raise self._in_language(exc) if _is_usage_error(exc) else exc from None

    def _lang(self) -> str:
        """This run's language: the --lang among the words given, else the configured or the locale's."""
        return _lang_given(getattr(self, "_args", [])) or current_lang()

    def _in_language(self, exc):
        lang = self._lang()
        if lang != "en":
            from ecdplan.cli.usage_errors import show

            exc.show = lambda file=None: show(exc, lang, file)  # click's main calls it, then exits 2
        return exc

    def invoke(self, ctx):
        from ecdplan.errors import EcdplanError

        try:
            return super().invoke(ctx)
        except EcdplanError as exc:
            from ecdplan.writers.render import terminal_safe  # a path or plan text in the message must not drive the terminal

            lang = current_lang()
            if exc.results:
                from ecdplan.writers.findings import text

                typer.echo(text(exc.results, lang), err=True, nl=False)
            typer.echo(f"ecdplan: {terminal_safe(exc.text(lang))}", err=True)
            raise typer.Exit(exc.status) from None
        except typer.TyperException as exc:
            raise self._in_language(exc) if _is_usage_error(exc) else exc from None


def _is_usage_error(exc: BaseException) -> bool:
    """click's UsageError and its kinds (an unknown option, a missing argument, a refused value): exit status 2."""
    return getattr(exc, "exit_code", None) == 2 and hasattr(exc, "format_message")


def _lang_given(args: list[str]) -> str | None:
    """The --lang among the words given (`--lang vi`, `--lang=vi`; the last one wins, as for click), if it is
    one ecdplan speaks."""
    from ecdplan.vocab import LANGS

    given = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.partition("=")[2] \
            if arg.startswith("--lang=") else None
        if value in LANGS:
            given = value
    return given


# choices derived from the library's vocabularies
Unit = Enum("Unit", {u: u for u in UNITS}, type=str)
Method = Enum("Method", {m: m for m in METHODS}, type=str)
SchemaKind = Enum("SchemaKind", {k: k for k in SCHEMA_KINDS}, type=str)
RollupBy = Enum("RollupBy", {k: k for k in ROLLUP_BY}, type=str)
SourcesAs = Enum("SourcesAs", {k: k for k in APPENDIX_SOURCES}, type=str)
CurrencyChoice = Enum("CurrencyChoice", {c: c for c in CURRENCIES}, type=str)

app = typer.Typer(
    cls=_Group,
    name="ecdplan",
    help=N_("Checked, computable early-childhood-development plans: validate, budget, roll out."),
    no_args_is_help=True,
    add_completion=True,  # `ecdplan --install-completion` (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _show_version(value: bool) -> None:
    if value:
        from ecdplan import __version__

        typer.echo(f"ecdplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", help=N_("Show the version and exit."), is_eager=True,
                                                callback=_show_version)] = False) -> None:
    """Checked, computable early-childhood-development plans: validate, budget, roll out."""


# One definition of each shared option, used by every command that offers it.
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help=N_("Output format."))]
_LANG: list[str] = []  # the language the running command resolved (--lang, config, locale), for its errors


def _resolve_lang(value: Optional[Lang]) -> Lang:
    from ecdplan.source.config import resolve_lang

    lang = Lang(resolve_lang(value.value if value is not None else None))
    _LANG[:] = [lang.value]
    return lang


def current_lang() -> str:
    """The running command's language; before its --lang is read, the configured or the locale's."""
    if _LANG:
        return _LANG[0]
    from ecdplan.source.config import resolve_lang
    from ecdplan.errors import EcdplanError

    try:
        return resolve_lang(None)
    except EcdplanError:  # an unreadable configuration is the error being reported
        return "en"


LangOpt = Annotated[Optional[Lang], typer.Option(
    "--lang", callback=_resolve_lang, show_default=False,
    help=N_("Labels and numbers: en (42,900) or vi (42.900); default: [tool.ecdplan] lang, else the locale "
         "(LANG=vi_VN… → vi), else en."))]
PlanArg = Annotated[Optional[Path], typer.Argument(help=N_("Plan file; default: the project's plan "
                                                        "([tool.ecdplan] default)."), show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help=N_("Replace the output file even if it is a plan file."))]
PartialOpt = Annotated[bool, typer.Option("--partial", help=N_("Show figures even when some values could not be "
                                                            "read; the output lists what is left out."))]


def tell(message: str, prefix: str = "") -> None:
    """A note on standard error (a `Phrase`: in the command's language)."""
    from ecdplan.rules.findings import in_lang
    from ecdplan.writers.render import terminal_safe  # a path or plan text in the message must not drive the terminal

    typer.echo(prefix + terminal_safe(str(in_lang(message, current_lang()))), err=True)


def fail(message: str, status: int = 2) -> typer.Exit:
    """Print a usage error (a `Phrase`, shown in the command's language) and give the exit to raise."""
    tell(message, "ecdplan: ")
    return typer.Exit(status)


def display_path(path: Path) -> str:
    from ecdplan.writers.files import safe_resolve

    try:
        return str(safe_resolve(path).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # not below the current folder; a looping link; a NUL byte
        return str(path)


def resolve_plan(plan: Path | None, partial: bool = False):
    """The compiled plan named (or the project's default); EcdplanError (exit 2) if it cannot give figures."""
    from ecdplan.rules.findings import Severity
    from ecdplan.pipeline import compile_file, default_plan

    compiled = compile_file(display_path(plan if plan is not None else default_plan()), partial)
    errors = sum(1 for f in compiled.findings if f.severity is Severity.ERROR)
    if errors:
        tell(Phrase(N_("warning: {file} has {n} error(s); figures below may be wrong (see `ecdplan validate`)"),
                    file=compiled.file, n=errors), "ecdplan: ")
    return compiled


PROGRESS_AFTER = 20  # files: fewer finish before a progress bar would be any use


def check_files(plans: list[Path]) -> list:
    """Check each file; on a terminal, with many files, show progress on stderr (nothing when piped)."""
    from ecdplan.pipeline import check_files as check_all

    from ecdplan.formats.registry import check_any

    paths = [display_path(p) for p in plans]
    if len(plans) < PROGRESS_AFTER or not sys.stderr.isatty():
        return check_any(paths, check_all)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("validating", total=len(plans))
        return check_any(paths, lambda ps: check_all(ps, lambda: progress.advance(task)))


@app.command(help=N_("Check plan files and report every finding, with rule code and file:line:col.\n"
                     "\n"
                     "Exit status: 0 clean (warnings allowed), 1 findings, 2 a file could not be used."))
def validate(
    plans: Annotated[Optional[list[Path]], typer.Argument(
        help=N_("Plan files; default: the plans named by [tool.ecdplan] in pyproject.toml or ecdplan.toml."),
        show_default=False)] = None,
    fmt: Annotated[FindingsFormat, typer.Option("--format", "-f", help=N_("text, json, github annotations, "
                                                                     "sarif (code scanning) or junit (test reports)."))]
    = FindingsFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Warnings fail too (exit 1)."))] = False,
    lang: LangOpt = None,
) -> None:
    from ecdplan.source.config import require_config
    from ecdplan.writers.findings import exit_status, render_findings

    if not plans:
        config = require_config()
        plans = config.plan_files()
        if not plans:
            raise fail(Phrase(N_("{file}: [tool.ecdplan] plans {plans} match no file"), file=config.file,
                              plans=config.plans))
    results = check_files(expand_globs(plans))
    typer.echo(render_findings(results, fmt, strict, lang.value), nl=False)
    raise typer.Exit(exit_status(results, strict))


@app.command(help=N_("List every rule: code, name, severity, what it checks and how to fix what it finds."))
def rules(fmt: FormatOpt = ReportFormat.table, lang: LangOpt = None) -> None:
    from ecdplan.rules.findings import RULES
    from ecdplan.i18n.labels import t
    from ecdplan.writers.render import Column, Table, render

    lang_ = lang.value
    table = Table([Column(t("Code", lang_), "code"), Column(t("Name", lang_), "name"),
                   Column(t("Severity", lang_), "severity"), Column(t("Checks", lang_), "summary"),
                   Column(t("Fix", lang_), "fix")],
                  [[r.code, r.name, t(r.severity.value, lang_) if fmt in (ReportFormat.table, ReportFormat.markdown)
                    else r.severity.value, t(r.summary, lang_), t(r.fix, lang_)] for r in RULES.values()])
    if fmt is ReportFormat.table:  # the fix texts make the terminal table too wide
        table = Table(table.columns[:4], [row[:4] for row in table.rows])
    typer.echo(render(table, fmt, lang_, terminal_width(fmt)), nl=False)


@app.command(help=N_("Print the JSON Schema of a file format (schemas/KIND.schema.json is this output)."))
def schema(kind: Annotated[SchemaKind, typer.Argument(help=N_("Which file format."))] = SchemaKind.plan) -> None:
    import json

    from ecdplan.formats.plan import json_schema

    typer.echo(json.dumps(json_schema(kind.value), ensure_ascii=False, indent=2))


UnitOpt = Annotated[Unit, typer.Option("--unit", help=N_("Unit amounts are shown in."))]
DecimalsOpt = Annotated[Optional[int], typer.Option(
    "--decimals", min=0, max=6, help=N_("Decimal places; default: the fewest that show the figures exactly "
                                     "(at most 1 for million, 3 for billion)."), show_default=False)]
YearOpt = Annotated[Optional[int], typer.Option("--year", help=N_("Only this year."), show_default=False)]


def emit(table, fmt: ReportFormat, lang: Lang, *compiled) -> None:
    from ecdplan.i18n.labels import t
    from ecdplan.writers.render import write_table

    missing = [m for c in compiled for m in c.missing]
    if missing and fmt is ReportFormat.csv:  # CSV has no notes: a comment line before the header says it
        sys.stdout.write("# " + t("incomplete: values left out: {values}", lang.value).format(values="; ".join(missing))
                         + "\n")
    from ecdplan.core.currency import rate_note, rates

    declared = [c for plan in compiled for _, c in rates(plan.plan)]
    if declared and fmt is ReportFormat.csv:  # the rate, too, goes before the header
        sys.stdout.write("".join(f"# rate: {r.rate} VND per {r.code} ({r.source}, {r.date.isoformat()})\n"
                                 for r in declared))
    for plan in compiled:  # every table of a plan with a declared rate states it (diff, compare too)
        note = rate_note(plan.plan, lang.value)
        if note and note not in table.notes:
            table.notes.append(note)
    write_table(table, fmt, lang.value, sys.stdout, terminal_width(fmt))


def terminal_width(fmt: ReportFormat) -> int | None:
    """The width a table for people must fit: the terminal's, or COLUMNS; None when piped (nothing wraps)."""
    if fmt is not ReportFormat.table:
        return None
    if "COLUMNS" in os.environ or sys.stdout.isatty():
        import shutil

        return max(40, shutil.get_terminal_size().columns)
    return None


def options(unit, decimals: int | None, lang: Lang, partial: bool = False, currency=None, plan=None):
    """The run's options, made here only: the display unit is --unit, or --currency at the rate `plan` declares."""
    from ecdplan.core.display import Unit as DisplayUnit
    from ecdplan.reports import ReportOptions

    shown = DisplayUnit.named(unit.value)
    if currency is not None and currency.value != "VND":
        from ecdplan.core.currency import declared_rate

        declared = declared_rate(plan, currency.value)
        if declared is None or not declared.rate > 0:
            raise fail(Phrase(N_("--currency {currency}: the plan declares no (single, usable) {currency} exchange "
                                 "rate"), currency=currency.value))
        shown = DisplayUnit.currency(declared.code, declared.rate)
    return ReportOptions(shown, decimals, lang.value, partial=partial)


def check_year(compiled, year: int | None) -> None:
    period = compiled.plan.plan.period
    if year is not None and not period.start <= year <= period.end:
        raise fail(Phrase(N_("--year {year} is outside the plan period {period}"), year=year,
                          period=f"{period.start}-{period.end}"))


@app.command(help=N_("Costs split by source, year, group, intervention or agency; two --by options give a pivot.\n"
                     "\n"
                     "Rows take the first and columns the second of: intervention, group, agency, source, year."))
def budget(
    plan: PlanArg = None,
    by_source: Annotated[bool, typer.Option("--by-source", help=N_("By funding source."))] = False,
    by_year: Annotated[bool, typer.Option("--by-year", help=N_("By year."))] = False,
    by_group: Annotated[bool, typer.Option("--by-group", help=N_("By group (section) of the plan."))] = False,
    by_intervention: Annotated[bool, typer.Option("--by-intervention", help=N_("By intervention (default)."))] = False,
    by_agency: Annotated[bool, typer.Option("--by-agency", help=N_("By lead agency."))] = False,
    year: YearOpt = None,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = None,
    partial: PartialOpt = False,
    currency: Annotated[Optional[CurrencyChoice], typer.Option(
        "--currency", help=N_("VND (in --unit), or the plan's declared currency at its declared rate."),
        show_default=False)] = None,
) -> None:
    from ecdplan.reports import BudgetOptions, budget_table

    chosen = {"intervention": by_intervention, "group": by_group, "agency": by_agency, "source": by_source,
              "year": by_year}
    by = tuple(d for d in DIMENSIONS if chosen[d]) or DIMENSIONS[:1]  # rows, then columns, in vocab order
    if len(by) > 2:
        raise fail(Phrase(N_("give at most two --by-… options (rows and columns)")))
    compiled = resolve_plan(plan, partial)
    check_year(compiled, year)
    opts = options(unit, decimals, lang, partial, currency, compiled.plan).as_(BudgetOptions, by=by, year=year)
    emit(budget_table(compiled, opts), fmt, lang, compiled)


@app.command(help=N_("Communes per intervention and year; with --year, new/continuing/leaving, cost and coverage."))
def rollout(
    plan: PlanArg = None,
    year: YearOpt = None,
    communes: Annotated[bool, typer.Option("--communes", help=N_("One row per commune (and year)."))] = False,
    chart: Annotated[bool, typer.Option("--chart", help=N_("A bar timeline in the terminal."))] = False,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = None,
    partial: PartialOpt = False,
) -> None:
    from ecdplan.reports import communes_table, rollout_chart_rows, rollout_grid, rollout_year

    compiled = resolve_plan(plan, partial)
    check_year(compiled, year)
    opts = options(unit, decimals, lang)
    if chart:
        from ecdplan.writers.chart import bar_timeline
        from ecdplan.i18n.labels import t

        heading = t('active communes per year', lang.value)
        title = f"{compiled.plan.plan.id}: {heading}"
        typer.echo(bar_timeline(title, rollout_chart_rows(compiled), lang.value), nl=False)
        return
    if communes:
        table = communes_table(compiled, year, opts)
    elif year is not None:
        table = rollout_year(compiled, year, opts)
    else:
        table = rollout_grid(compiled, opts)
    emit(table, fmt, lang, compiled)


@app.command(help=N_("Indicator targets per year: the plan's milestones and the straight line between them."))
def targets(plan: PlanArg = None, year: YearOpt = None, fmt: FormatOpt = ReportFormat.table,
            lang: LangOpt = None, partial: PartialOpt = False) -> None:
    from ecdplan.reports import targets_table

    compiled = resolve_plan(plan, partial)
    wide = fmt in (ReportFormat.table, ReportFormat.markdown)  # a grid for people, long rows for machines
    emit(targets_table(compiled, year, lang.value, wide), fmt, lang, compiled)


@app.command(help=N_("Who leads and who cooperates on what: bodies × lines of the plan."))
def agencies(plan: PlanArg = None, fmt: FormatOpt = ReportFormat.table, lang: LangOpt = None,
             partial: PartialOpt = False) -> None:
    from ecdplan.reports import agencies_table

    emit(agencies_table(resolve_plan(plan, partial), lang.value), fmt, lang)


PlansArg = Annotated[Optional[list[Path]], typer.Argument(
    help=N_("Plan files; default: the project's plan."), show_default=False)]


def resolve_plans(plans: list[Path] | None, partial: bool = False) -> list:
    return [resolve_plan(p, partial) for p in expand_globs(plans)] if plans else [resolve_plan(None, partial)]


def expand_globs(paths: list[Path]) -> list[Path]:
    """Patterns the shell left alone ('plans/*.yaml' quoted, or from a Windows shell), expanded here, sorted."""
    import glob

    out: list[Path] = []
    for p in paths:
        text = str(p)
        try:
            exists = p.exists()
        except (OSError, ValueError):  # a name too long, a looping link: reading it gives the clear L001
            exists = True
        if exists or not glob.has_magic(text):
            out.append(p)
            continue
        matches = sorted(glob.glob(text, recursive=True))
        if not matches:
            raise fail(Phrase(N_("{pattern} matches no file"), pattern=text))
        out += [Path(m) for m in matches]
    return out


@app.command(help=N_("Every reporting deadline of the plans in date order (yearly ones expanded over the period), with the\n"
                     "period each report expects; --due: the reports overdue or due soon for which no progress file is given."))
def calendar(
    plans: PlansArg = None,
    ics: Annotated[Optional[Path], typer.Option("--ics", help=N_("Also write the deadlines as an iCalendar file "
                                                "(-: only the iCalendar, to standard output)."), show_default=False)] = None,
    due: Annotated[bool, typer.Option("--due", help=N_("Only reports overdue or due within --within days that have "
                                                    "no progress file (give progress files as arguments)."))] = False,
    within: Annotated[int, typer.Option("--within", min=0, help=N_("With --due: days ahead."))] = 30,
    today: Annotated[Optional[str], typer.Option("--today", help=N_("With --due: today's date, YYYY-MM-DD."),
                                                 show_default=False)] = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = None,
    partial: PartialOpt = False,
    force: ForceOpt = False,
) -> None:
    from ecdplan.core.deadlines import calendar as all_deadlines
    from ecdplan.core.deadlines import to_ics
    from ecdplan.reports import calendar_table

    if due or (plans and any(_is_progress(p) for p in plans)):
        return due_reports(plans or [], within, today, fmt, lang, partial, due)
    compiled = resolve_plans(plans, partial)
    if ics is not None:
        write_output(ics, to_ics(all_deadlines([c.plan for c in compiled]), lang.value), [c.file for c in compiled],
                     (".ics",), force)
        if str(ics) == "-":
            return
    emit(calendar_table(compiled, lang.value), fmt, lang, *compiled)


@app.command(help=N_("Add several plans' budgets (by source and year) and coverage (commune-years)."))
def rollup(
    plans: Annotated[list[Path], typer.Argument(help=N_("The plans to add up."))],
    by: Annotated[RollupBy, typer.Option("--by", help=N_("Rows: source (label), kind (of source) or plan."))]
    = RollupBy.source,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = None,
    partial: PartialOpt = False,
) -> None:
    from ecdplan.reports import rollup_table

    compiled = resolve_plans(plans, partial)
    emit(rollup_table(compiled, by.value, options(unit, decimals, lang)), fmt, lang, *compiled)


def with_envelopes(compiled, path: Path | None):
    """The compiled plan with the envelopes of `--envelopes FILE` (if given) replacing its own, source by source."""
    if path is None:
        return compiled
    from ecdplan.pipeline import with_envelope_file

    return with_envelope_file(compiled, display_path(path))


@app.command(help=N_("What the sources can pay within their envelopes, and the funding gap by year and line."))
def funding(
    plan: PlanArg = None,
    envelopes: Annotated[Optional[Path], typer.Option(
        "--envelopes", help=N_("Envelope file (format: ecdplan-envelopes/1); its sources replace the plan's."),
        show_default=False)] = None,
    method: Annotated[Method, typer.Option("--method", help=N_("How sources pay."))] = Method.shares,
    order: Annotated[Optional[str], typer.Option(
        "--order", help=N_("For --method priority: source ids, comma-separated (default: catalogue order)."),
        show_default=False)] = None,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = None,
    partial: PartialOpt = False,
) -> None:
    from ecdplan.core.funding import allocate, plan_envelopes
    from ecdplan.writers.render import render_many
    from ecdplan.reports import funding_tables

    chosen = with_envelopes(resolve_plan(plan, partial), envelopes)
    env, limited = plan_envelopes(chosen.plan)
    alloc = allocate(chosen, method.value, env, limited, order.split(",") if order else None)
    typer.echo(render_many(funding_tables(alloc, options(unit, decimals, lang)), fmt, lang.value, terminal_width(fmt)),
               nl=False)


@app.command(help=N_("The plan and its scenarios side by side (cost, coverage, gap), with the change each scenario makes."))
def compare(
    plan: PlanArg = None,
    scenario: Annotated[Optional[list[Path]], typer.Option("--scenario", "-s", help=N_("Scenario file (repeatable)."),
                                                           show_default=False)] = None,
    method: Annotated[Method, typer.Option("--method", help=N_("Allocation method for the gap, when the plan "
                                                             "or a scenario has envelopes."))] = Method.shares,
    envelopes: Annotated[Optional[Path], typer.Option(
        "--envelopes", help=N_("Envelope file applied to the baseline (scenarios may override it)."),
        show_default=False)] = None,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = None,
    partial: PartialOpt = False,
) -> None:
    from ecdplan.pipeline import with_scenario_file
    from ecdplan.reports import compare_table

    if not scenario:
        raise fail(Phrase(N_("give at least one --scenario FILE")))
    baseline = with_envelopes(resolve_plan(plan, partial), envelopes)
    variants = [with_scenario_file(baseline, display_path(path)) for path in scenario]
    emit(compare_table(baseline, variants, options(unit, decimals, lang), method.value), fmt, lang, baseline)


@app.command(help=N_("What changed between two versions of a plan: totals by source, year and line, coverage, findings."))
def diff(
    old: Annotated[Path, typer.Argument(help=N_("The earlier plan file (or, with --rev, the plan file)."))],
    new: Annotated[Optional[Path], typer.Argument(help=N_("The later plan file."), show_default=False)] = None,
    rev: Annotated[Optional[str], typer.Option("--rev", help=N_("Compare the file with this git revision of it "
                                                             "(e.g. HEAD, main~1)."), show_default=False)] = None,
    all_rows: Annotated[bool, typer.Option("--all", help=N_("List unchanged figures too."))] = False,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = None,
    partial: PartialOpt = False,
) -> None:
    from ecdplan.pipeline import compile_revision
    from ecdplan.core.plandiff import diff_plans
    from ecdplan.reports import diff_table

    if (new is None) == (rev is None):
        raise fail(Phrase(N_("give two plan files, or one plan file and --rev REV")))
    if rev is not None:
        old_plan, old_name = compile_revision(display_path(old), rev, partial), f"{display_path(old)}@{rev}"
        new_plan, new_name = resolve_plan(old, partial), display_path(old)
    else:
        old_plan, old_name = resolve_plan(old, partial), display_path(old)
        new_plan, new_name = resolve_plan(new, partial), display_path(new)
    changes = diff_plans(old_plan, new_plan, all_rows)
    emit(diff_table(changes, old_name, new_name, options(unit, decimals, lang)), fmt, lang, old_plan, new_plan)


export_app = typer.Typer(help=N_("Write a plan to a file other programs open (Excel)."), no_args_is_help=True)
app.add_typer(export_app, name="export")
OutputOpt = Annotated[Path, typer.Option("--output", "-o", help=N_("File to write (atomically; never over a plan)."))]


def write_output(path: Path, data: str | bytes, inputs: list[str], suffixes: tuple[str, ...] = (),
                 force: bool = False) -> None:
    """Write an output file (`-`: standard output); exit 2 with a clear message if it cannot or must not be."""
    import stat

    from ecdplan.writers.files import OutputError, write_atomic

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
                raise fail(Phrase(N_("cannot write {path}: it is an input plan; refusing to write over it"), path=path))
        except (OSError, ValueError):
            continue
    if suffixes and not special and path.suffix.lower() not in suffixes:
        raise fail(Phrase(N_("cannot write {path}: this output is {kind}; give the file a {suffixes} name (or - for "
                             "standard output)"), path=path, kind=suffixes[0][1:].upper(), suffixes=", ".join(suffixes)))
    try:
        write_atomic(path, data, [Path(i) for i in inputs], force=force)
    except (OutputError, OSError, ValueError) as exc:
        raise fail(Phrase(N_("cannot write {path}: {reason}"), path=path,
                          reason=exc.args[0] if isinstance(exc, OutputError) and exc.args else str(exc)))
    tell(Phrase(N_("wrote {path}"), path=path))


@export_app.command("xlsx", help=N_("The appendix as an Excel workbook: the government table, budget by source × year, rollout grid."))
def export_xlsx(plan: PlanArg = None, output: OutputOpt = Path("appendix.xlsx"),
                decimals: DecimalsOpt = None, lang: LangOpt = None, partial: PartialOpt = False,
                sources: Annotated[SourcesAs, typer.Option(
                    "--sources", help=N_("Source columns: amounts (each source's share of the cost, with formulas "
                                      "for the totals) or ticks (an 'x' or the sub-project in each eligible "
                                      "source's column, as the seed's appendix has it)."))] = SourcesAs.amounts,
                force: ForceOpt = False) -> None:
    from ecdplan.reports.documents import workbook_document
    from ecdplan.writers.xlsx import workbook_bytes

    compiled = resolve_plan(plan, partial)
    document = workbook_document(compiled, options(Unit.million, decimals, lang), sources.value)
    write_output(output, workbook_bytes(document), [compiled.file], (".xlsx",), force)


@app.command(help=N_("One self-contained HTML page: summary, budget chart, rollout timeline, targets, calendar, findings."))
def report(plan: PlanArg = None, output: OutputOpt = Path("report.html"), lang: LangOpt = None,
           partial: PartialOpt = False, force: ForceOpt = False) -> None:
    from ecdplan.writers.html import report_html
    from ecdplan.reports.documents import report_document

    compiled = resolve_plan(plan, partial)
    write_output(output, report_html(report_document(compiled, options(Unit.million, None, lang))), [compiled.file],
                 (".html", ".htm"), force)


def main() -> None:
    """Console entry point: no traceback reaches the user unless ECDPLAN_DEBUG is set.

    A short-lived process, so start-up is tuned here and only here (never when ecdplan is imported as a
    library; see README "Performance"): no cyclic garbage collection, no pydantic plugin discovery, only the
    command that runs is built, and the process ends without the interpreter's teardown.
    """
    # the CLI makes no cyclic garbage worth collecting: collections cost up to half the run on large plans
    # (ecdplan.__main__ already did this before the imports; here for callers of ecdplan.cli.commands:main)
    gc.disable()
    # the command line uses no pydantic plugins: skip their discovery (it scans every installed package)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_loader()
    # tables are written with tabulate, imported without importlib.metadata (see render._tabulate)
    from ecdplan.writers import render

    render.LEAN_TABULATE = True
    try:
        # shell completion needs every command's options; a normal run builds only the one that runs
        (app if "_ECDPLAN_COMPLETE" in os.environ else lean_app(sys.argv[1:]))()
    except SystemExit as exc:
        status = exc.code
    except KeyboardInterrupt:
        status = 130
    except Exception as exc:  # an ecdplan bug: say so plainly, keep exit status 2
        if os.environ.get("ECDPLAN_DEBUG"):
            raise
        print(f"ecdplan: internal error ({type(exc).__name__}: {exc}); please report it with the plan file "
              "(set ECDPLAN_DEBUG=1 for details)", file=sys.stderr)
        status = 2
    else:
        status = 0
    _exit_now(status)


def _skip_plugin_loader() -> None:
    """With plugins disabled, stand in for `pydantic.plugin._loader`: importing it imports importlib.metadata
    (~10 ms) only to find, at the first model, that plugins are off."""
    name = "pydantic.plugin._loader"
    if name in sys.modules or os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    import types

    stub = types.ModuleType(name, "ecdplan's stand-in: no pydantic plugins on the command line")

    def _real(attr: str):  # anything else pydantic may want from it: load the real module
        import importlib

        if attr.startswith("__"):  # the import system probes __path__ and the like
            raise AttributeError(attr)
        sys.modules.pop(name, None)
        return getattr(importlib.import_module(name), attr)

    stub.get_plugins = tuple  # () : no plugins
    stub.__getattr__ = _real
    sys.modules[name] = stub


def command_name(info) -> str:
    """The name a registered command (typer CommandInfo) is invoked by."""
    return info.name or typer.main.get_command_name(info.callback.__name__)


def _listed_only() -> None:
    """Stands in for a command in the list of `ecdplan --help` (it is never run)."""


def lean_app(argv: list[str]) -> typer.Typer:
    """`app` with only the command ARGV names built (typer builds every parameter of every registered command,
    pydantic adapters included, before dispatching). With no known command (`--help`, `--version`, a typo),
    every command is listed, each by its name and help text only."""
    import copy
    import inspect

    name = next((a for a in argv if not a.startswith("-")), None)
    lean = copy.copy(app)
    commands = [c for c in app.registered_commands if command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        lean.registered_commands, lean.registered_groups = commands, groups
        return lean
    lean.registered_commands = []
    for info in app.registered_commands:
        listed = copy.copy(info)
        listed.name, listed.callback = command_name(info), _listed_only
        listed.help = info.help if info.help is not None else inspect.getdoc(info.callback)
        lean.registered_commands.append(listed)
    return lean


def _exit_now(status) -> None:
    """End the process with STATUS (as `sys.exit` would take it) after flushing stdout and stderr, skipping
    the interpreter's teardown (module clean-up and a last garbage collection: ~25 ms on large plans)."""
    if status is None:
        status = 0
    elif not isinstance(status, int):
        print(status, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: as click does for EPIPE, status 1
            status = status or 1
    from ecdplan.cli.speedups import save_dataclass_code

    save_dataclass_code()  # what start-up compiled for the first time, for the next run
    os._exit(status)


# --- progress against the plan (issue 14) ----------------------------------------------------------------------

ExportKind = Enum("ExportKind", {k: k for k in PROGRESS_EXPORTS}, type=str)


@app.command(help=N_("Planned against done: execution (planned, disbursed, remaining, share used), rollout, targets; --report\n"
                     "writes the report due for a period as xlsx or html (in Vietnamese with --lang vi).\n"
                     "\n"
                     "Rows of the execution table take the --by-… options in the order line, group, agency, source, year\n"
                     "(default: line, source, year)."))
def progress(
    plan: Annotated[Path, typer.Argument(help=N_("The plan reported on (or a parent plan of the progress files' plans)."))],
    files: Annotated[list[Path], typer.Argument(help=N_("Progress files (format: ecdplan-progress/1)."))],
    by_source: Annotated[bool, typer.Option("--by-source", help=N_("By funding source."))] = False,
    by_year: Annotated[bool, typer.Option("--by-year", help=N_("By year."))] = False,
    by_group: Annotated[bool, typer.Option("--by-group", help=N_("By group (section) of the plan."))] = False,
    by_intervention: Annotated[bool, typer.Option("--by-intervention", help=N_("By line."))] = False,
    by_agency: Annotated[bool, typer.Option("--by-agency", help=N_("By lead agency."))] = False,
    report_period: Annotated[Optional[str], typer.Option(
        "--report", help=N_("Write the report due for this period (e.g. 2024-H1, 2023) with --export and -o."),
        show_default=False)] = None,
    export: Annotated[Optional[ExportKind], typer.Option("--export", help=N_("Report file format."),
                                                         show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help=N_("Report file to write (atomically)."),
                                                   show_default=False)] = None,
    unit: UnitOpt = Unit.million,
    decimals: DecimalsOpt = None,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = None,
    partial: PartialOpt = False,
) -> None:
    from ecdplan.core.progress import attach
    from ecdplan.reports.progress import DEFAULT_BY, ProgressOptions, progress_tables

    chosen = {"intervention": by_intervention, "group": by_group, "agency": by_agency, "source": by_source,
              "year": by_year}
    by = tuple(k for k, on in chosen.items() if on) or DEFAULT_BY
    if report_period is None and (export or output):
        raise fail(Phrase(N_("--export and -o write a report: give --report PERIOD too")))
    ps = attach(display_path(plan), [display_path(f) for f in files], partial)
    if ps.warnings:
        from ecdplan.writers.findings import finding_line

        for finding in ps.warnings:
            typer.echo(finding_line(finding, lang.value), err=True)
    opts = options(unit, decimals, lang, partial).as_(ProgressOptions, by=by)
    if report_period is None:
        from ecdplan.i18n.labels import t
        from ecdplan.writers.render import render_many

        if fmt is ReportFormat.csv:  # CSV has no notes: comment lines before the tables say what they must
            for path in ps.illustrative:
                typer.echo("# " + t("illustrative: figures of {path} are made up, not real data", lang.value).format(
                    path=path))
            if ps.compiled.missing or ps.left_out:
                typer.echo("# " + t("incomplete: values left out: {values}", lang.value).format(
                    values="; ".join(ps.compiled.missing + ps.left_out)))
        typer.echo(render_many(progress_tables(ps, opts), fmt, lang.value), nl=False)
        return
    write_progress_report(ps, report_period, export, output, opts)


def write_progress_report(ps, period: str, export, output: Path | None, opts) -> None:
    from ecdplan.core.deadlines import deadlines_expecting
    from ecdplan.core.progress import ProgressSet
    from ecdplan.reports.progress import report_document

    if export is None or output is None:
        raise fail(Phrase(N_("--report needs --export xlsx|html and -o FILE")))
    chosen = ProgressSet(ps.compiled, [a for a in ps.items if a.period.label == period.strip()], ps.warnings,
                         ps.left_out)
    if not chosen.items:
        raise fail(Phrase(N_("no progress file for the period {period} (given: {given})"), period=period,
                          given=", ".join(ps.periods()) or "-"))
    plans = [ps.compiled.plan] + list({a.compiled.plan.plan.id: a.compiled.plan for a in chosen.items if a.block}.values())
    due = "; ".join(filter(None, (deadlines_expecting(p, period.strip(), opts.lang) for p in plans))) or None
    document = report_document(chosen, period.strip(), opts, due)
    if export is ExportKind.xlsx:
        from ecdplan.writers.xlsx import progress_workbook_bytes

        data: str | bytes = progress_workbook_bytes(document)
    else:
        from ecdplan.writers.html import progress_report_html

        data = progress_report_html(document)
    write_output(output, data, [ps.compiled.file, *(a.file for a in ps.items)],
                 (".xlsx",) if export is ExportKind.xlsx else (".html", ".htm"))


def _is_progress(path: Path) -> bool:
    from ecdplan.formats.registry import file_format

    return file_format(path) == "progress"


def due_reports(files: list[Path], within: int, today: str | None, fmt, lang, partial: bool, due: bool) -> None:
    """`calendar --due`: reports overdue or due within N days whose period has no progress file."""
    import datetime as dt

    from ecdplan.errors import EcdplanError
    from ecdplan.core.progress import check_progress_file
    from ecdplan.reports.progress import due_table

    if not due:
        raise fail(Phrase(N_("progress files are read by `calendar --due` (or `ecdplan progress`)")))
    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise fail(Phrase(N_("--today {today} is not a date YYYY-MM-DD"), today=repr(today)))
    progress_paths = [display_path(p) for p in files if _is_progress(p)]
    plan_paths = [p for p in files if not _is_progress(p)]
    met, cache, their_plans = set(), {}, []
    for path in progress_paths:
        result = check_progress_file(path, cache)
        if result.document is None or result.fatal:
            raise EcdplanError(Phrase(N_("{path}: the progress file cannot be used"), path=path), [result])
        met.add((result.document.plan.id, result.period.label))
        their_plans.append(Path(result.plan_file))
    compiled = resolve_plans(plan_paths or list(dict.fromkeys(their_plans)) or None, partial)
    emit(due_table(compiled, met, day, within, lang.value), fmt, lang, *compiled)


@app.command(help=N_("Look a commune, district or province up: what it was before 1 July 2025 and what it is now."))
def places(
    name: Annotated[Optional[str], typer.Argument(help=N_("A unit's name, with or without diacritics or its type "
                                                       "('Ia Mlah', 'bang mac', 'huyện Chi Lăng')."),
                                                  show_default=False)] = None,
    province: Annotated[Optional[str], typer.Option("--province", help=N_("Only units of this province (before "
                                                                       "or after the reform)."), show_default=False)]
    = None,
    migrate: Annotated[Optional[Path], typer.Option("--migrate", help=N_("Show PLAN with its named places moved to "
                                                                      "the units of after 1/7/2025, as a diff."),
                                                    show_default=False)] = None,
    write: Annotated[bool, typer.Option("--write", help=N_("With --migrate: write the migrated plan (atomically)."))]
    = False,
    fmt: FormatOpt = ReportFormat.table,
    lang: LangOpt = None,
) -> None:
    if migrate is not None:
        from ecdplan.source.migrate import migrate_plan

        diff, notes, text = migrate_plan(display_path(migrate))
        for note in notes:
            tell(note, "ecdplan: ")
        typer.echo(diff, nl=False)
        if write and text is not None:
            from ecdplan.writers.files import write_atomic

            # --write asks for the plan itself to be replaced (through a link; its permissions kept)
            write_atomic(migrate, text, force=True)
            tell(Phrase(N_("wrote {path}"), path=migrate))
        return
    if name is None:
        raise fail(Phrase(N_("give a NAME to look up, or --migrate PLAN")))
    if write:
        raise fail(Phrase(N_("--write goes with --migrate PLAN")))
    from ecdplan.reports.places import places_table
    from ecdplan.writers.render import write_table

    write_table(places_table(name, province, lang.value), fmt, lang.value, sys.stdout, terminal_width(fmt))
