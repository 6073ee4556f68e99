"""`ecdplan import`: an Excel appendix or a CSV table read into a plan file, each value with its cell."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ecdplan.cli.app import app
from ecdplan.cli.options import ForceOpt, LangOpt
from ecdplan.cli.output import fail, tell, write_output
from ecdplan.i18n.messages import N_, Phrase


@app.command("import", help=N_("Read an Excel appendix (.xlsx), a CSV table or a Word plan (.docx) into a plan file: "
                               "every value with the cell or paragraph it came from, what was read by judgement "
                               "listed to confirm.\n"
                               "\n"
                               "Exit status: 0 read, 1 values left out (findings), 2 the file cannot be read."))
def import_(
    file: Annotated[Path, typer.Argument(help=N_("The workbook (.xlsx), table (.csv) or Word plan (.docx)."))],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help=N_("The plan file to write (YAML)."))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Show the plan and what to confirm; write nothing."))]
    = False,
    mapping: Annotated[Optional[Path], typer.Option("--mapping", help=N_(
        "A mapping file describing the table's layout (see docs/import.md)."))] = None,
    lang: LangOpt = None,
    force: ForceOpt = False,
) -> None:
    import sys

    from ecdplan.cli.language import current_lang
    from ecdplan.i18n.labels import t
    from ecdplan.i18n.messages import in_lang
    from ecdplan.rules.findings import Severity
    from ecdplan.source.office import import_file
    from ecdplan.source.office.mapping import beside, read_mapping
    from ecdplan.writers.findings import finding_line

    if output is None and not dry_run:
        raise fail(Phrase(N_("give -o plan.yaml to write the plan, or --dry-run to see it")))
    lang_ = current_lang()
    rules = read_mapping(mapping) if mapping is not None else beside(str(file))
    imported = import_file(file, rules)
    for f in imported.findings:
        typer.echo(finding_line(f, lang_), err=True)
    if imported.plan is None:
        raise fail(Phrase(N_("{file}: nothing was imported"), file=file))
    if imported.judgements:
        typer.echo(t("Read by judgement, to confirm:", lang_), err=True)
        for where, what in imported.judgements:
            typer.echo(f"  {where}: {in_lang(what, lang_)}".replace("\n", " "), err=True)
    text = imported.yaml(lang_)
    if dry_run:
        sys.stdout.write(text)
    else:
        write_output(output, text, [str(file)], (".yaml", ".yml"), force)
    if any(f.severity is Severity.ERROR for f in imported.findings):
        tell(Phrase(N_("the plan needs what the errors above say (in the table, or in a mapping file) before it can "
                       "be used")))
        raise typer.Exit(1)
