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

from ecdplan.errors import EcdplanError
from ecdplan.rules.findings import N_, Phrase, Word
from ecdplan.rules.runner import PlanResult, check_loaded, check_text

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan

UNREADABLE_PREFIXES = ("L", "S", "C")  # a value that could not be read (or an unusable rate): figures would differ
READ_ANYWAY = {"L010"}  # a control character removed from a text: the value itself was read


def check_files(paths: Iterable[str | Path], progress: Callable[[], None] | None = None) -> list[PlanResult]:
    """Check each file, then each child plan against its parent's own file (P rules)."""
    from ecdplan.rules.hierarchy import check_hierarchy

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
    from ecdplan.rules.findings import Severity

    return [f for f in result.findings if f.code.startswith(UNREADABLE_PREFIXES) and f.code not in READ_ANYWAY
            and f.severity is Severity.ERROR]


def compiled_from(result: PlanResult, partial: bool = False) -> CompiledPlan:
    """The compiled plan of a checked file, or EcdplanError if it cannot give trustworthy figures."""
    if result.compiled is None:
        raise EcdplanError(Phrase(N_("{file}: the plan cannot be used until the errors above are fixed"),
                                  file=result.file), [result])
    missing = unreadable(result)
    if missing and not partial:
        raise EcdplanError(Phrase(N_("{file}: {n} value(s) could not be read, so figures would be incomplete; fix "
                                     "them (see above) or give --partial to see figures without them"),
                                  file=result.file, n=len(missing)), [result])
    from ecdplan.rules.runner import readable_path

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
    from ecdplan.source.git import plan_text_at

    return compiled_from(check_text(plan_text_at(path, rev), f"{path}@{rev}"), partial)


def load_side_file(path: str | Path, kind: str, base: CompiledPlan | None = None) -> Any:
    """An envelope or scenario file as its model, checked against `base`; EcdplanError with its findings
    (exit 2) if it cannot be read or its rule checks find errors."""
    from ecdplan.rules.findings import Severity
    from ecdplan.source.loader import load_file

    loaded = load_file(path)
    result = check_side(loaded, kind, base) if loaded.usable else PlanResult(str(path), loaded,
                                                                            findings=list(loaded.findings))
    if result.document is None or any(f.severity is Severity.ERROR for f in result.findings):
        raise EcdplanError(Phrase(N_("{path}: the {kind} file cannot be used until the errors above are fixed"),
                                  path=path, kind=Word(kind)), [result])
    return result.document


def default_plan() -> Path:
    """The project's plan, from `[tool.ecdplan] default` (ConfigError if there is none)."""
    from ecdplan.source.config import require_config

    return require_config().default_plan()


SIDE_FORMATS = {"ecdplan-envelopes/1": "envelope", "ecdplan-scenario/1": "scenario"}


def side_model(kind: str) -> Any:
    from ecdplan.formats.side_files import EnvelopeFile, Scenario

    return {N_("envelope"): EnvelopeFile, N_("scenario"): Scenario}[kind]


def _check_one(path: str | Path) -> PlanResult:
    """Check one file of any format ecdplan reads: a plan, or a side file (envelopes, scenario)."""
    from ecdplan.source.loader import load_file

    loaded = load_file(path)
    fmt = loaded.data.get("format") if loaded.usable and isinstance(loaded.data, dict) else None
    if fmt in SIDE_FORMATS:
        return check_side(loaded, SIDE_FORMATS[fmt])
    return check_loaded(loaded)


def check_side(loaded: Any, kind: str, base: CompiledPlan | None = None) -> PlanResult:
    """A side file checked like a plan: its format, and — against `base` or the plan its `plan:` names —
    the same rule checks, with findings at the side file's own lines."""
    from ecdplan.rules.findings import Finding
    from ecdplan.rules.runner import Context, read_document

    result = PlanResult(loaded.file, loaded, findings=list(loaded.findings))
    ctx = Context(loaded)
    document = read_document(loaded, side_model(kind), ctx)
    if document is None:
        result.findings += ctx.findings
        result.findings.sort(key=Finding.sort_key)
        return result
    result.document = document
    if base is None and document.plan:
        from ecdplan.source.loader import load_file

        target = Path(loaded.file).parent / document.plan
        plan_result = check_loaded(load_file(target))  # a plan: never another side file (no loops)
        if plan_result.compiled is None:
            params = {"file": document.plan, "count": len(plan_result.findings), "target": str(target)}
            template = N_("plan file {file} cannot be used ({count} finding(s); see `ecdplan validate {target}`)")
            ctx.add("P005", ("plan",), template.format(**params), template=template, params=params,
                    file=document.plan)
        else:
            base = plan_result.compiled
    if base is not None:
        _check_against(base, document, kind, ctx)
    result.findings += ctx.findings
    result.findings.sort(key=Finding.sort_key)
    return result


def _check_against(base: CompiledPlan, document: Any, kind: str, ctx: Any) -> None:
    """Apply the side file to the plan and run the plan's rule checks; keep the findings about what the side
    file wrote, placed at its own lines (the plan's own findings belong to the plan)."""
    from ecdplan.rules.checks import run_checks
    from ecdplan.core.compiled import compile_plan
    from ecdplan.core.funding import with_envelopes
    from ecdplan.formats.fields import UNIT_DONG
    from ecdplan.formats.scenario import apply_scenario
    from ecdplan.rules.runner import Context

    plan = base.plan
    index = {iv.id: i for i, iv in enumerate(plan.interventions)}
    if kind == "envelope":
        changed = with_envelopes(plan, document.envelopes, UNIT_DONG[document.unit])
        overridden: dict[str, set[str]] = {}
        envelopes = set(document.envelopes)
    else:
        for iv_id in document.interventions:
            if iv_id not in index:
                template = N_("the plan has no intervention '{line}' (its lines: {lines})") if index else \
                    N_("the plan has no intervention '{line}'")
                params = {"line": iv_id, "lines": ", ".join(index)}
                ctx.add("I005", ("interventions", iv_id), template.format(**params), template=template,
                        params=params, intervention=iv_id)
        changed = apply_scenario(plan, document)
        overridden = {iv_id: set(o.model_fields_set) for iv_id, o in document.interventions.items()}
        envelopes = set(document.envelopes or {})
    ids = [iv.id for iv in changed.interventions]

    def translate(path: tuple) -> tuple | None:
        if len(path) >= 3 and path[0] == "interventions" and isinstance(path[1], int) and path[1] < len(ids):
            iv_id = ids[path[1]]
            if path[2] in overridden.get(iv_id, ()):
                return ("interventions", iv_id, *path[2:])
        if len(path) >= 2 and path[0] == "envelopes" and path[1] in envelopes:
            return path
        return None

    inner = Context(ctx.loaded)
    run_checks(compile_plan(changed, ctx.loaded.file), inner)
    for f in inner.findings:
        path = translate(f.path_key) if f.path_key is not None else None
        if path is not None:
            ctx.add(f.code, path, f.message, template=f.template, params=f.params, **f.figures)


def recompile(plan: Any, label: str) -> CompiledPlan:
    """A plan changed in memory (envelopes or a scenario applied), checked by the same rules and compiled."""
    from ecdplan.rules.checks import run_checks
    from ecdplan.core.compiled import compile_plan
    from ecdplan.rules.runner import Context
    from ecdplan.source.loaded import LoadedFile

    ctx = Context(LoadedFile(label, data={}))
    compiled = compile_plan(plan, label, ctx.findings)
    run_checks(compiled, ctx)
    return compiled


def with_envelope_file(compiled: CompiledPlan, path: str | Path) -> CompiledPlan:
    """The plan with an envelope file's sources replacing its own envelopes, source by source."""
    from ecdplan.core.funding import with_envelopes
    from ecdplan.formats.fields import UNIT_DONG

    document = load_side_file(path, "envelope", compiled)
    return recompile(with_envelopes(compiled.plan, document.envelopes, UNIT_DONG[document.unit]),
                     f"{compiled.file}+{path}")


def with_scenario_file(compiled: CompiledPlan, path: str | Path) -> tuple[str, CompiledPlan]:
    """(scenario name, the plan with the scenario's overrides), checked and compiled."""
    from pydantic import ValidationError

    from ecdplan.formats.scenario import apply_scenario

    document = load_side_file(path, "scenario", compiled)
    try:
        changed = apply_scenario(compiled.plan, document)
    except ValidationError as exc:
        raise EcdplanError(Phrase(N_("{path}: the scenario does not make a well-formed plan: {reason}"), path=path,
                                  reason=exc.errors(include_url=False)[0]["msg"])) from None
    return document.name, recompile(changed, f"{compiled.file}+{path}")
