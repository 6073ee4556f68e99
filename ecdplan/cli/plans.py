"""The plans a command reads: the one named or the project's default, compiled once, with a warning when they
have errors; several plans, with the patterns a shell left alone expanded."""

from __future__ import annotations

import sys
from pathlib import Path

from ecdplan.cli.output import display_path, fail, tell
from ecdplan.i18n.messages import N_, Phrase


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

    paths = [display_path(p) for p in plans]
    if len(plans) < PROGRESS_AFTER or not sys.stderr.isatty():
        return check_all(paths)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("validating", total=len(plans))
        return check_all(paths, lambda: progress.advance(task))


def resolve_plans(plans: list[Path] | None, partial: bool = False) -> list:
    """The plans of a command that adds several up (rollup, calendar); one plan given twice is refused (I006)."""
    compiled = [resolve_plan(p, partial) for p in expand_globs(plans)] if plans else [resolve_plan(None, partial)]
    seen: dict[str, str] = {}
    for c in compiled:
        if c.plan.info.id in seen:
            raise fail(Phrase(N_("I006: plan {plan} is given twice ({file} and {other}): adding it up would count "
                                 "it twice; give each plan once"), plan=c.plan.info.id, file=c.file,
                              other=seen[c.plan.info.id]))
        seen[c.plan.info.id] = c.file
    return compiled


def expand_globs(paths: list[Path]) -> list[Path]:
    """Patterns the shell left alone ('plans/*.yaml' quoted, or from a Windows shell), expanded here, sorted, each
    file once."""
    import glob

    from ecdplan.source.globs import expand

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
        matches = expand(text).files  # each file once, no link followed twice
        if not matches:
            raise fail(Phrase(N_("{pattern} matches no file"), pattern=text))
        out += matches
    return out


def with_envelopes(compiled, path: Path | None):
    """The compiled plan with the envelopes of `--envelopes FILE` (if given) replacing its own, source by source."""
    if path is None:
        return compiled
    from ecdplan.pipeline import with_envelope_file

    return with_envelope_file(compiled, display_path(path))
