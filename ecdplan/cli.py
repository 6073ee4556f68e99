"""The `ecdplan` command line: thin commands over the library API (validate, facts, pivot, render).

Heavy modules (pydantic, yaml, tabulate) are imported inside the commands, so `ecdplan --help`
and `ecdplan rules` start fast.
"""

from __future__ import annotations

import os
import sys
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

# One definition of each shared option, used by every command that offers it.
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Labels and numbers: en (42,900) or vi (42.900).")]
PlanArg = Annotated[Optional[Path], typer.Argument(help="Plan file; default: the project's plan "
                                                        "([tool.ecdplan] default).", show_default=False)]


def fail(message: str, status: int = 2) -> typer.Exit:
    typer.echo(f"ecdplan: {message}", err=True)
    return typer.Exit(status)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
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


@app.command()
def validate(
    plans: Annotated[Optional[list[Path]], typer.Argument(
        help="Plan files; default: the plans named by [tool.ecdplan] in pyproject.toml or ecdplan.toml.",
        show_default=False)] = None,
    fmt: Annotated[FindingsFormat, typer.Option("--format", "-f", help="text, json, or github annotations.")]
    = FindingsFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
) -> None:
    """Check plan files and report every finding, with rule code and file:line:col.

    Exit status: 0 clean (warnings allowed), 1 findings, 2 a file could not be used.
    """
    from .config import ConfigError, require_config
    from .findings_report import exit_status, render_findings
    from .validate import check_file

    if not plans:
        try:
            config = require_config()
        except ConfigError as exc:
            raise fail(str(exc))
        plans = config.plan_files()
        if not plans:
            raise fail(f"{config.file}: [tool.ecdplan] plans {config.plans} match no file")
    results = [check_file(display_path(p)) for p in plans]
    typer.echo(render_findings(results, fmt), nl=False)
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the plan format (schemas/plan.schema.json is this output)."""
    import json

    from .model import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    """Console entry point: no traceback reaches the user unless ECDPLAN_DEBUG is set."""
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
