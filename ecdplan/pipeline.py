"""The pipeline, run in one place for the Python API and every command: load → check → compile.

    from ecdplan.pipeline import check_files, compile_file
    results = check_files(["plans/gia-lai-2023-2026.yaml"])   # findings of every file, parents checked
    compiled = compile_file("plans/gia-lai-2023-2026.yaml")    # CompiledPlan: facts, coverage, findings

Functions that give figures raise `EcdplanError` (exit status 2) when a plan cannot be used, or when a value
could not be read (L and S findings) unless `partial=True`: figures from a partly read plan are marked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .errors import EcdplanError
from .validate import PlanResult, check_loaded, check_text

if TYPE_CHECKING:
    from .compiled import CompiledPlan

UNREADABLE_PREFIXES = ("L", "S", "C")  # a value that could not be read (or an unusable rate): figures would differ


def _check_one(path: str | Path) -> PlanResult:
    from .loader import load_file

    return check_loaded(load_file(path))


def check_files(paths: Iterable[str | Path], progress: Callable[[], None] | None = None) -> list[PlanResult]:
    """Check each file, then each child plan against its parent's own file (P rules)."""
    from .hierarchy import check_hierarchy

    results = []
    for p in paths:
        results.append(_check_one(p))
        if progress:
            progress()
    check_hierarchy(results, _check_one)
    return results


def check_file(path: str | Path) -> PlanResult:
    """Load, validate and check one plan file, its parent plan included: every finding `validate` shows."""
    return check_files([path])[0]


def unreadable(result: PlanResult) -> list:
    """Findings of values that could not be read (the figures would leave them out)."""
    from .findings import Severity

    return [f for f in result.findings if f.code.startswith(UNREADABLE_PREFIXES) and f.severity is Severity.ERROR]


def compiled_from(result: PlanResult, partial: bool = False) -> CompiledPlan:
    """The compiled plan of a checked file, or EcdplanError if it cannot give trustworthy figures."""
    if result.compiled is None:
        raise EcdplanError(f"{result.file}: the plan cannot be used until the errors above are fixed", [result])
    missing = unreadable(result)
    if missing and not partial:
        raise EcdplanError(f"{result.file}: {len(missing)} value(s) could not be read, so figures would be "
                           "incomplete; fix them (see above) or give --partial to see figures without them",
                           [result])
    from .validate import readable_path

    loaded = result.loaded
    where = {f"{readable_path(loaded.data, p)} (line {loaded.position(p)[0]})" for p in loaded.poisoned}
    where |= {f"{f.path} (line {f.line}, {f.code})" for f in missing if f.path}
    result.compiled.missing = sorted(where) or [f"line {f.line} ({f.code})" for f in missing]
    return result.compiled


def compile_file(path: str | Path, partial: bool = False) -> CompiledPlan:
    """Load → check (parent included) → compile one plan file."""
    return compiled_from(check_file(path), partial)


def compile_files(paths: Iterable[str | Path], partial: bool = False) -> list[CompiledPlan]:
    return [compiled_from(r, partial) for r in check_files(paths)]


def compile_revision(path: str | Path, rev: str, partial: bool = False) -> CompiledPlan:
    """The plan file as it was at a git revision, checked and compiled like any plan."""
    from .loader import decode

    label = f"{path}@{rev}"
    raw = _git_blob(Path(path), rev)
    content, problem = decode(raw, label)
    if problem:
        raise EcdplanError(f"{label}: {problem.message}")
    return compiled_from(check_text(content, label), partial)


def _git_blob(path: Path, rev: str) -> bytes:
    import subprocess

    if rev.startswith("-"):
        raise EcdplanError(f"--rev {rev!r} is not a revision (it starts with '-')")
    folder = path.resolve().parent
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True,
                             timeout=30, check=True).stdout.strip()
        rel = path.resolve().relative_to(Path(top).resolve()).as_posix()
        shown = subprocess.run(["git", "show", f"{rev}:{rel}"], cwd=top, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        raise EcdplanError(f"cannot read {path} from git: {exc}") from None
    if shown.returncode != 0:
        raise EcdplanError(f"git has no {path} at {rev}: {shown.stderr.decode('utf-8', 'replace').strip()}")
    return shown.stdout


def load_side_file(path: str | Path, model_cls: Any, what: str) -> Any:
    """An envelope or scenario file as its model; EcdplanError with its findings if it cannot be used."""
    from .validate import check_document

    document, findings = check_document(path, model_cls)
    if document is None:
        raise EcdplanError(f"{path}: the {what} file cannot be used", [PlanResult(str(path), None, findings=findings)])
    return document


def default_plan() -> Path:
    """The project's plan, from `[tool.ecdplan] default` (ConfigError if there is none)."""
    from .config import require_config

    return require_config().default_plan()


def recompile(plan: Any, label: str) -> CompiledPlan:
    """A plan changed in memory (envelopes or a scenario applied), checked by the same rules and compiled."""
    from .checks import run_checks
    from .compiled import compile_plan
    from .loader import LoadedFile
    from .validate import Context

    ctx = Context(LoadedFile(label, data={}))
    compiled = compile_plan(plan, label, ctx.findings)
    run_checks(compiled, ctx)
    return compiled


def with_envelope_file(compiled: CompiledPlan, path: str | Path) -> CompiledPlan:
    """The plan with an envelope file's sources replacing its own envelopes, source by source."""
    from .funding import with_envelopes
    from .model import UNIT_DONG, EnvelopeFile

    document = load_side_file(path, EnvelopeFile, "envelope")
    return recompile(with_envelopes(compiled.plan, document.envelopes, UNIT_DONG[document.unit]),
                     f"{compiled.file}+{path}")


def with_scenario_file(compiled: CompiledPlan, path: str | Path) -> tuple[str, CompiledPlan]:
    """(scenario name, the plan with the scenario's overrides), checked and compiled."""
    from pydantic import ValidationError

    from .model import Scenario
    from .scenarios import apply_scenario

    document = load_side_file(path, Scenario, "scenario")
    try:
        changed = apply_scenario(compiled.plan, document)
    except ValidationError as exc:
        raise EcdplanError(f"{path}: the scenario does not make a well-formed plan: "
                           f"{exc.errors(include_url=False)[0]['msg']}") from None
    return document.name, recompile(changed, f"{compiled.file}+{path}")
