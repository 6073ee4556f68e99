"""The report commands over compiled plans: budget, rollout, targets, agencies, calendar, rollup, funding, compare,
diff. Each parses its options, asks the library for a table and writes it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ecdplan.cli.app import app
from ecdplan.cli.options import (CurrencyChoice, DecimalsOpt, ForceOpt, FormatOpt, LangOpt, Method, PartialOpt,
                                 PlanArg, PlansArg, RollupBy, Unit, UnitOpt, YearOpt, options)
from ecdplan.cli.output import display_path, emit, fail, terminal_width, write_output
from ecdplan.cli.plans import resolve_plan, resolve_plans, with_envelopes
from ecdplan.i18n.messages import N_, Phrase
from ecdplan.vocab import DIMENSIONS
from ecdplan.writers.render import ReportFormat


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
    compiled.require_year(year)
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
    compiled.require_year(year)
    opts = options(unit, decimals, lang)
    if chart:
        from ecdplan.writers.chart import bar_timeline
        from ecdplan.i18n.labels import t

        heading = t('active communes per year', lang.value)
        title = f"{compiled.plan.info.id}: {heading}"
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

    if due or (plans and any(is_progress(p) for p in plans)):
        return due_reports(plans or [], within, today, fmt, lang, partial, due)
    compiled = resolve_plans(plans, partial)
    if ics is not None:
        items = all_deadlines([c.plan for c in compiled])
        plan_ids = ", ".join(c.plan.info.id for c in compiled)
        if not items:
            raise fail(Phrase(N_("no calendar written: {plans} set no reporting deadline"), plans=plan_ids))
        if not any(d.date for d in items):  # an empty calendar would look like a plan without deadlines
            raise fail(Phrase(N_("no calendar written: no reporting deadline of {plans} has a date ({n} without one: "
                                 "the plan says only how often; `ecdplan calendar` lists them)"),
                              plans=plan_ids, n=len(items)))
        write_output(ics, to_ics(items, lang.value), [c.file for c in compiled], (".ics",), force)
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


def is_progress(path: Path) -> bool:
    from ecdplan.formats.registry import PROGRESS, file_format

    return file_format(path) is PROGRESS


def due_reports(files: list[Path], within: int, today: str | None, fmt, lang, partial: bool, due: bool) -> None:
    """`calendar --due`: reports overdue or due within N days whose period has no progress file."""
    import datetime as dt

    from ecdplan.reports.due import reports_met
    from ecdplan.reports.progress import due_table

    if not due:
        raise fail(Phrase(N_("progress files are read by `calendar --due` (or `ecdplan progress`)")))
    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise fail(Phrase(N_("--today {today} is not a date YYYY-MM-DD"), today=repr(today)))
    met, their_plans = reports_met([display_path(p) for p in files if is_progress(p)])
    plan_paths = [p for p in files if not is_progress(p)]
    compiled = resolve_plans(plan_paths or [Path(p) for p in their_plans] or None, partial)
    emit(due_table(compiled, met, day, within, lang.value), fmt, lang, *compiled)
