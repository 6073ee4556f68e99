"""What the command line writes: notes and errors on standard error in the run's language, tables to standard
output at the terminal's width, files written safely (never over an input plan). Text from a plan or a path is
made safe for the terminal before it is shown."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from ecdplan.cli.language import current_lang
from ecdplan.i18n.messages import N_, Phrase
from ecdplan.writers.render import ReportFormat


def tell(message: str, prefix: str = "") -> None:
    """A note on standard error (a `Phrase`: in the command's language)."""
    from ecdplan.i18n.messages import in_lang
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


def emit(table, fmt: ReportFormat, lang, *compiled) -> None:
    """Write a table of these plans to standard output: in CSV, what the notes would say comes first as comment
    lines (CSV has no notes); a declared exchange rate is always stated."""
    from ecdplan.reports.notes import add_rate_notes, csv_comments
    from ecdplan.writers.streamed import write_table

    if fmt is ReportFormat.csv:
        sys.stdout.write("".join(f"# {line}\n" for line in csv_comments(compiled, lang.value)))
    add_rate_notes(table, compiled, lang.value)
    write_table(table, fmt, lang.value, sys.stdout, terminal_width(fmt))


def terminal_width(fmt: ReportFormat) -> int | None:
    """The width a table for people must fit: the terminal's, or COLUMNS; None when piped (nothing wraps)."""
    from ecdplan.writers.render import terminal_columns

    return terminal_columns(fmt)


def write_output(path: Path, data: str | bytes, inputs: list[str], suffixes: tuple[str, ...] = (),
                 force: bool = False) -> None:
    """Write an output file (`-`: standard output); exit 2 with a clear message if it cannot or must not be."""
    import stat

    from ecdplan.writers.files import OutputError, write_atomic

    if str(path) in ("-", "/dev/stdout"):  # bytes as they are: no newline translation (the calendar needs its CRLF)
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
