"""The commands that write documents: `export xlsx` (the appendix workbook), `report` (one HTML page) and
`progress` (planned against done, and the report due for a period)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ecdplan.cli.app import app
from ecdplan.cli.options import (DecimalsOpt, ExportKind, ForceOpt, FormatOpt, LangOpt, OutputOpt, PartialOpt, PlanArg,
                                 SourcesAs, Unit, UnitOpt, options)
from ecdplan.cli.output import display_path, fail, write_output
from ecdplan.cli.plans import resolve_plan
from ecdplan.i18n.messages import N_, Phrase
from ecdplan.writers.render import ReportFormat

export_app = typer.Typer(help=N_("Write a plan to a file other programs open (Excel)."), no_args_is_help=True)
app.add_typer(export_app, name="export")


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


@app.command(help=N_("One self-contained HTML page that prints on A4: the plan's table of lines, costs and sources, "
                     "budget chart, rollout timeline, targets, calendar, and the findings in an annex."))
def report(plan: PlanArg = None, output: OutputOpt = Path("report.html"), lang: LangOpt = None,
           partial: PartialOpt = False, force: ForceOpt = False) -> None:
    from ecdplan.writers.html import report_html
    from ecdplan.reports.documents import report_document

    compiled = resolve_plan(plan, partial)
    write_output(output, report_html(report_document(compiled, options(Unit.million, None, lang))), [compiled.file],
                 (".html", ".htm"), force)


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
    from ecdplan.pipeline import attach
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
        from ecdplan.reports.notes import progress_csv_comments
        from ecdplan.writers.render import render_many

        if fmt is ReportFormat.csv:  # CSV has no notes: comment lines before the tables say what they must
            for line in progress_csv_comments(ps, lang.value):
                typer.echo("# " + line)
        typer.echo(render_many(progress_tables(ps, opts), fmt, lang.value), nl=False)
        return
    write_progress_report(ps, report_period, export, output, opts)


def write_progress_report(ps, period: str, export, output: Path | None, opts) -> None:
    from ecdplan.reports.due import period_report

    if export is None or output is None:
        raise fail(Phrase(N_("--report needs --export xlsx|html and -o FILE")))
    document = period_report(ps, period, opts)
    if export is ExportKind.xlsx:
        from ecdplan.writers.progress_xlsx import progress_workbook_bytes

        data: str | bytes = progress_workbook_bytes(document)
    else:
        from ecdplan.writers.progress_html import progress_report_html

        data = progress_report_html(document)
    write_output(output, data, [ps.compiled.file, *(a.file for a in ps.items)],
                 (".xlsx",) if export is ExportKind.xlsx else (".html", ".htm"))
