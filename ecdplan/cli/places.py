"""`ecdplan places`: a unit before and after 1 July 2025, and a plan's named places moved to the new units."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ecdplan.cli.app import app
from ecdplan.cli.options import FormatOpt, LangOpt
from ecdplan.cli.output import display_path, fail, tell, terminal_width
from ecdplan.i18n.messages import N_, Phrase
from ecdplan.writers.render import ReportFormat


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
    from ecdplan.writers.streamed import write_table

    write_table(places_table(name, province, lang.value), fmt, lang.value, sys.stdout, terminal_width(fmt))
