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
from ecdplan.i18n.messages import N_, Phrase, Word
from ecdplan.rules.runner import PlanResult, check_loaded, check_text
from ecdplan.source.loaded import LoadedFile
from ecdplan.writers.files import safe_resolve

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.formats.registry import Format
    from ecdplan.core.progress import ProgressResult, ProgressSet

UNREADABLE_PREFIXES = ("L", "S", "C")  # a value that could not be read (or an unusable rate): figures would differ
READ_ANYWAY = {"L010"}  # a control character removed from a text: the value itself was read
UNREADABLE_CODES = {"X104", "X105"}  # a Word plan's appendix cell that is not a number, a row not read


class LinkedFiles:
    """The files of one run, each read, parsed and checked once: the files given, the parent plans they name
    (`plan.parent.file`), and the plans side files and progress files name (`plan:`).

    Made once per run (check_files, progress.attach, a command's run) and passed to every stage that follows a
    link, so a file linked from several places is read once and every place sees the same result. Files are
    told apart by their resolved path; a result keeps the path it was first reached by."""

    def __init__(self) -> None:
        self.loaded: dict[Path, LoadedFile] = {}
        self.checked: dict[Path, PlanResult] = {}  # each file checked by the rules of its own format
        self.as_plans: dict[Path, PlanResult] = {}  # files of another format reached as plans (S003)
        self.with_parents: set[Path] = set()  # plans whose parents have been checked (P rules)

    def load(self, path: str | Path) -> LoadedFile:
        key = safe_resolve(path)
        if key not in self.loaded:
            from ecdplan.source.loader import load_file

            self.loaded[key] = load_file(path)
        return self.loaded[key]

    def format(self, path: str | Path) -> Format:
        from ecdplan.formats.registry import format_of

        return format_of(self.load(path).data)

    def check(self, path: str | Path) -> PlanResult:
        """The file checked by the rules of its format: a plan, a side file (against the plan it names) or a
        progress file (against its plan)."""
        key = safe_resolve(path)
        if key not in self.checked:
            from ecdplan.formats.registry import PLAN, PROGRESS

            loaded, fmt = self.load(path), self.format(path)
            if fmt is PLAN:
                result = check_loaded(loaded)
            elif fmt is PROGRESS:
                from ecdplan.core.progress import check_progress

                result = check_progress(loaded, self)
            else:
                result = check_side(loaded, fmt.kind, linked=self)
            self.checked[key] = result
        return self.checked[key]

    def plan(self, path: str | Path) -> PlanResult:
        """The file a link says is a plan (a parent, the plan of a side or progress file), checked as a plan
        whatever its `format:` says: a file of another format is S003 there, and a link never leads on from it."""
        from ecdplan.formats.registry import PLAN

        if self.format(path) is PLAN:
            return self.check(path)
        key = safe_resolve(path)
        if key not in self.as_plans:
            self.as_plans[key] = check_loaded(self.load(path))
        return self.as_plans[key]

    def plan_with_parents(self, path: str | Path) -> PlanResult:
        """The plan checked, its parent plan included (P rules): what `check_file` gives."""
        result = self.plan(path)
        self.check_parents([result])
        return result

    def check_parents(self, results: list[PlanResult]) -> None:
        """P rules for each plan among `results` whose parents have not been checked in this run yet."""
        from ecdplan.rules.hierarchy import check_hierarchy

        todo = {}
        for result in results:
            key = safe_resolve(result.file)
            if key not in self.with_parents:
                self.with_parents.add(key)
                todo[key] = result
        if todo:
            check_hierarchy(list(todo.values()), self)


def check_files(paths: Iterable[str | Path], progress: Callable[[], None] | None = None,
                linked: LinkedFiles | None = None) -> list[PlanResult]:
    """Check each file by the rules of its format, then each plan against its parent's own file (P rules), then
    the progress files, against plans complete with their P findings."""
    from ecdplan.formats.registry import PROGRESS

    linked = linked if linked is not None else LinkedFiles()
    paths = list(paths)
    results: dict[int, PlanResult] = {}
    later = []
    for i, path in enumerate(paths):
        if linked.format(path) is PROGRESS:
            later.append(i)
            continue
        results[i] = linked.check(path)
        if progress:
            progress()
    linked.check_parents(list(results.values()))
    for i in later:
        results[i] = linked.check(paths[i])
        if progress:
            progress()
    from ecdplan.rules.identity import mark_twice

    out = [results[i] for i in range(len(paths))]
    mark_twice(out)  # I006: a plan twice, progress files whose periods overlap
    return out


def check_file(path: str | Path) -> PlanResult:
    """Load, validate and check one file, its parent plan included: every finding `validate` shows."""
    return check_files([path])[0]


def unreadable(result: PlanResult) -> list:
    """Findings of values that could not be read (the figures would leave them out)."""
    from ecdplan.rules.findings import Severity

    return [f for f in result.findings if (f.code.startswith(UNREADABLE_PREFIXES) or f.code in UNREADABLE_CODES)
            and f.severity is Severity.ERROR
            and (f.code not in READ_ANYWAY or f.figures.get("refused"))]  # an L010 amount is not read


def compiled_from(result: PlanResult, partial: bool = False) -> CompiledPlan:
    """The compiled plan of a checked file, or EcdplanError if it cannot give trustworthy figures."""
    if result.compiled is None or result.fatal:  # a fatal finding (B007: a figure no output carries) too
        raise EcdplanError(Phrase(N_("{file}: the plan cannot be used until the errors above are fixed"),
                                  file=result.file), [result])
    missing = unreadable(result)
    if missing and not partial:
        raise EcdplanError(Phrase(N_("{file}: {n} value(s) could not be read, so figures would be incomplete; fix "
                                     "them (see above) or give --partial to see figures without them"),
                                  file=result.file, n=len(missing)), [result])
    from ecdplan.rules.context import readable_path

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

    result = check_side(load_file(path), kind, base)
    if result.document is None or any(f.severity is Severity.ERROR for f in result.findings):
        raise EcdplanError(Phrase(N_("{path}: the {kind} file cannot be used until the errors above are fixed"),
                                  path=path, kind=Word(kind)), [result])
    return result.document


def default_plan() -> Path:
    """The project's plan, from `[tool.ecdplan] default` (ConfigError if there is none)."""
    from ecdplan.source.config import require_config

    return require_config().default_plan()


def check_side(loaded: LoadedFile, kind: str, base: CompiledPlan | None = None,
               linked: LinkedFiles | None = None) -> PlanResult:
    """A side file checked like a plan: its format, and — against `base` or the plan its `plan:` names (read
    through `linked`) — the same rule checks, with findings at the side file's own lines."""
    from ecdplan.formats.registry import SIDE_FORMATS
    from ecdplan.rules.context import Context
    from ecdplan.rules.findings import Finding
    from ecdplan.rules.runner import read_document

    result = PlanResult(file=loaded.file, loaded=loaded, findings=list(loaded.findings))
    if not loaded.usable:
        return result
    ctx = Context(loaded)
    document = read_document(loaded, next(f.model for f in SIDE_FORMATS if f.kind == kind), ctx)
    if document is None:
        result.findings += ctx.findings
        result.findings.sort(key=Finding.sort_key)
        return result
    result.document = document
    if base is None and document.plan:
        target = Path(loaded.file).parent / document.plan
        plan_result = (linked if linked is not None else LinkedFiles()).plan(target)
        if plan_result.compiled is None:
            params = {"file": document.plan, "count": len(plan_result.findings), "target": str(target)}
            template = N_("plan file {file} cannot be used ({count} finding(s); see `ecdplan validate {target}`)")
            ctx.add(Finding.at("P005", ("plan",), template, params, file=document.plan))
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
    from dataclasses import replace

    from ecdplan.core.compiled import compile_plan
    from ecdplan.core.funding import with_envelopes
    from ecdplan.formats.fields import UNIT_DONG
    from ecdplan.formats.scenario import apply_scenario
    from ecdplan.rules.context import Context
    from ecdplan.rules.findings import Finding
    from ecdplan.rules.registry import run_checks

    plan = base.plan
    index = {iv.id: i for i, iv in enumerate(plan.interventions)}
    if kind == "envelope":
        changed = with_envelopes(plan, document.envelopes,
                                 UNIT_DONG[document.unit] if document.unit else plan.dong_per_unit)
        overridden: dict[str, set[str]] = {}
        envelopes = set(document.envelopes)
    else:
        for iv_id in document.interventions:
            if iv_id not in index:
                template = N_("the plan has no intervention '{line}' (its lines: {lines})") if index else \
                    N_("the plan has no intervention '{line}'")
                params = {"line": iv_id, "lines": ", ".join(index)}
                ctx.add(Finding.at("I005", ("interventions", iv_id), template, params, intervention=iv_id))
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
    run_checks(compile_plan(changed, ctx.loaded.file), inner, "plan")
    for f in inner.findings:
        path = translate(f.path_key) if f.path_key is not None else None
        if path is None and f.code == "B007":  # a sum the side file takes beyond the limit: at its top
            path = ()
        if path is not None:
            ctx.add(replace(f, path_key=path))


def recompile(plan: Any, label: str) -> CompiledPlan:
    """A plan changed in memory (envelopes or a scenario applied), checked by the same rules and compiled."""
    from ecdplan.core.compiled import compile_plan
    from ecdplan.rules.context import Context
    from ecdplan.rules.registry import run_checks
    from ecdplan.source.loaded import LoadedFile

    ctx = Context(LoadedFile(label, data={}))
    compiled = compile_plan(plan, label, ctx.findings)
    run_checks(compiled, ctx, "plan")
    fatal = [f for f in ctx.findings if f.rule.fatal]  # B007: a figure no output carries exactly
    if fatal:
        raise EcdplanError(Phrase(N_("{file}: the plan cannot be used until the errors above are fixed"), file=label),
                           [PlanResult(file=label, loaded=ctx.loaded, findings=fatal)])
    return compiled


def with_envelope_file(compiled: CompiledPlan, path: str | Path) -> CompiledPlan:
    """The plan with an envelope file's sources replacing its own envelopes, source by source."""
    from ecdplan.core.funding import with_envelopes
    from ecdplan.formats.fields import UNIT_DONG

    document = load_side_file(path, "envelope", compiled)
    per_unit = UNIT_DONG[document.unit] if document.unit else compiled.plan.dong_per_unit  # none stated: the plan's
    return recompile(with_envelopes(compiled.plan, document.envelopes, per_unit),
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


# --- progress files: read in a run, against the plans they name ---------------------------------------------------

def check_progress_file(path: str | Path, linked: LinkedFiles | None = None) -> ProgressResult:
    """Load and check one progress file, against its plan (read through `linked`, the run's linked files);
    never raises for bad input."""
    from ecdplan.core.progress import check_progress

    linked = linked if linked is not None else LinkedFiles()
    return check_progress(linked.load(path), linked)


def _ancestors(compiled: CompiledPlan, linked: LinkedFiles, limit: int = 6) -> list[tuple[str, Path | None]]:
    """(plan id, file) of each ancestor of a plan, nearest first, following `plan.parent.file`."""
    from ecdplan.core.progress import plan_path

    out: list[tuple[str, Path | None]] = []
    current, file = compiled, Path(compiled.file)
    while current is not None and current.plan.info.parent is not None and len(out) < limit:
        ref = current.plan.info.parent
        path = plan_path(str(file), ref.file) if ref.file else None
        out.append((ref.id or "", safe_resolve(path) if path else None))
        if path is None or not path.is_file():
            break
        parent = linked.plan_with_parents(path)
        current, file = parent.compiled, path
    return out


def attach(plan_file: str, progress_files: list[str], partial: bool = False) -> ProgressSet:
    """The plan (compiled) with each progress file checked and attached; EcdplanError when one cannot be used."""
    from ecdplan.errors import EcdplanError
    from ecdplan.rules.findings import Severity
    from ecdplan.core.progress import Attached, ProgressSet

    linked = LinkedFiles()
    main_result = linked.plan_with_parents(Path(plan_file))
    compiled = compiled_from(main_result, partial)
    main_key = safe_resolve(plan_file)
    out = ProgressSet(compiled)
    for path in progress_files:
        result = check_progress_file(path, linked)
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        if result.document is None or result.target is None or result.fatal or (errors and not partial):
            cannot = result.document is None or result.fatal or result.target is None
            raise EcdplanError(Phrase(N_("{path}: the progress file cannot be used"), path=path) if cannot else
                               Phrase(N_("{path}: the progress file cannot be used; fix them, or give --partial to "
                                         "see the figures without what they concern"), path=path), [result])
        out.warnings += [f for f in result.findings if f.severity is Severity.WARNING]
        out.left_out += [f"{f.file}:{f.line} {f.path} ({f.code})" for f in errors]
        target = result.target
        if safe_resolve(result.plan_file) == main_key:
            block = None
        else:
            chain = _ancestors(target, linked)
            if not any(p == main_key or (ident and ident == compiled.plan.info.id) for ident, p in chain):
                raise EcdplanError(Phrase(N_("{path} reports on plan {other} ({other_file}), which is neither "
                                             "{plan} ({plan_file}) nor a plan under it"), path=path,
                                          other=target.plan.info.id, other_file=result.plan_file,
                                          plan=compiled.plan.info.id, plan_file=plan_file))
            block = target.plan.info.id
        out.items.append(Attached(result.file, result.document, result.period, target, block))
    _progress_within_limit(out)
    for i, a in enumerate(out.items):
        for b in out.items[:i]:
            if a.compiled.plan.info.id == b.compiled.plan.info.id and a.period.overlaps(b.period):
                raise EcdplanError(Phrase(N_("{first} ({first_period}) and {second} ({second_period}) cover the "
                                             "same days of one plan; their figures would be counted twice. Give the "
                                             "year or its halves, not both."), first=b.file,
                                          first_period=b.period.label, second=a.file, second_period=a.period.label))
    return out


def _progress_within_limit(progress: ProgressSet) -> None:
    """The disbursements of every progress file of one report added up stay within MAX_DONG (B007, exit 2)."""
    from ecdplan.core.money import beyond_limit
    from ecdplan.core.progress import disbursed_dong

    total = sum(disbursed_dong(a.document, v) for a in progress.items for line in a.document.lines.values()
                for v in line.disbursed.values())
    if not beyond_limit(total):
        return
    from ecdplan.rules.limits import limit_findings

    what = Phrase(N_("the disbursements of the {count} progress files added up"), count=len(progress.items))
    first = progress.items[0].file
    raise EcdplanError(Phrase(N_("the progress files added up are beyond the largest figure ecdplan shows exactly; "
                                 "report on fewer files at a time")),
                       [PlanResult(file=first, loaded=None, findings=limit_findings([(what, total, first, 1, 1)]))])
