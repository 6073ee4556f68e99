"""`ecdplan validate`, `ecdplan rules`, `ecdplan schema`: the checks, their catalogue and the file formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ecdplan.cli.app import app
from ecdplan.cli.options import FormatOpt, LangOpt, SchemaKind
from ecdplan.cli.output import display_path, fail, terminal_width
from ecdplan.cli.plans import check_files, expand_globs
from ecdplan.i18n.messages import N_, Phrase
from ecdplan.writers.findings import FindingsFormat
from ecdplan.writers.render import ReportFormat


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

    refused = []
    if not plans:
        config = require_config()
        plans, outside = config.plan_matches()
        shown = display_path(config.file)
        refused = config_result(shown, config.outside_findings(outside, shown)) if outside else []
        if not plans and not refused:
            raise fail(Phrase(N_("{file}: [tool.ecdplan] plans {plans} match no file"), file=config.file,
                              plans=config.plans))
    results = refused + check_files(expand_globs(plans))
    typer.echo(render_findings(results, fmt, strict, lang.value), nl=False)
    raise typer.Exit(exit_status(results, strict))


def config_result(shown: str, findings) -> list:
    """The configuration file's own findings (L012: plans outside the project), as one checked file's result."""
    from ecdplan.rules.runner import PlanResult
    from ecdplan.source.loaded import LoadedFile

    return [PlanResult(file=shown, loaded=LoadedFile(shown), findings=findings)]


@app.command(help=N_("List every rule: code, name, severity, what it checks and how to fix what it finds."))
def rules(fmt: FormatOpt = ReportFormat.table, lang: LangOpt = None) -> None:
    from ecdplan.reports.rules import rules_table
    from ecdplan.writers.render import render

    people = fmt in (ReportFormat.table, ReportFormat.markdown)
    # the fix texts make the terminal table too wide
    table = rules_table(lang.value, for_people=people, with_fix=fmt is not ReportFormat.table)
    typer.echo(render(table, fmt, lang.value, terminal_width(fmt)), nl=False)


@app.command(help=N_("Print the JSON Schema of a file format (schemas/KIND.schema.json is this output)."))
def schema(kind: Annotated[SchemaKind, typer.Argument(help=N_("Which file format."))] = SchemaKind.plan,
           lang: LangOpt = None) -> None:
    import json

    from ecdplan.formats.registry import json_schema

    typer.echo(json.dumps(json_schema(kind.value, lang.value), ensure_ascii=False, indent=2))


@app.command(help=N_("Write a plan skeleton to fill in: an example plan with what to write above every key, in the "
                     "language of --lang (Vietnamese by default for a Vietnamese locale)."))
def init(output: Annotated[Path, typer.Argument(help=N_("The plan file to create (- for standard output)."))]
         = Path("ke-hoach.yaml"),
         force: Annotated[bool, typer.Option("--force", help=N_("Replace the file if it exists."))] = False,
         lang: LangOpt = None) -> None:
    from ecdplan.cli.output import write_output
    from ecdplan.formats.template import skeleton

    if str(output) != "-" and not force and (output.exists() or output.is_symlink()):
        raise fail(Phrase(N_("{path} exists; choose another name, or use --force to replace it"), path=output))
    write_output(output, skeleton(lang.value), [], (".yaml", ".yml"), force)
