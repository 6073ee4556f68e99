"""The validation pipeline for one file: load -> format check -> pydantic models -> rule checks (the registry's
checks for plans, run with the file's `Context`).

`check_file` never raises for bad input: everything wrong with a file comes back as findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ecdplan.rules.context import Context, readable_path
from ecdplan.i18n.messages import N_, Phrase, Word
from ecdplan.rules.findings import Finding, Severity
from ecdplan.source.loaded import LoadedFile, Path_
from ecdplan.source.loader import load_file, load_text

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.formats.plan import Plan


class LinkedPlans(Protocol):
    """What a check needs of the run's linked files (`pipeline.LinkedFiles`): a plan a link names, checked, read
    once per run. A protocol, so that checks need not import the pipeline that runs them."""

    def plan(self, path: str | Path) -> PlanResult: ...

    def plan_with_parents(self, path: str | Path) -> PlanResult: ...


@dataclass(kw_only=True)
class PlanResult:
    """One file's outcome: the plan (when it could be built) and every finding about it."""

    file: str
    loaded: LoadedFile
    plan: Plan | None = None
    findings: list[Finding] = field(default_factory=list)
    compiled: CompiledPlan | None = None  # the money and coverage facts, when the plan could be built
    document: Any = None  # a side file's model (envelopes, scenario), when it could be read
    dropped: dict[str, int] = field(default_factory=dict)  # findings counted but not kept (KEEP_PER_RULE)
    more_places: dict[tuple, int] = field(default_factory=dict)  # (code, subject) -> its places counted, not kept

    @property
    def accepted(self) -> int:
        """Findings the plan accepts (`accepted:`): shown, not counted."""
        return sum(1 for f in self.findings if f.accepted is not None)

    @property
    def usable(self) -> bool:
        return self.plan is not None

    @property
    def fatal(self) -> bool:
        return any(f.rule.fatal for f in self.findings)

    def count(self, severity: Severity) -> int:
        from ecdplan.rules.findings import RULES

        return sum(1 for f in self.findings if f.severity is severity and f.accepted is None) + \
            sum(n for code, n in self.dropped.items() if RULES[code].severity is severity)


def data_path(data: Any, loc: tuple) -> Path_:
    """The part of a pydantic error location that exists in the data (drops union tags and such)."""
    path: list[Any] = []
    node = data
    for key in loc:
        if isinstance(node, dict) and key in node:
            node = node[key]
            path.append(key)
        elif isinstance(node, dict) and isinstance(key, str) and key.isdigit() and int(key) in node:
            node = node[int(key)]  # dict[int, ...] keys come back from pydantic as strings
            path.append(int(key))
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
            path.append(key)
    return tuple(path)


# pydantic's error types -> what kind of value was needed (a Word), for "{expected} is needed here, not {found}"
_NEEDED = {"int_type": N_("a whole number"), "int_parsing": N_("a whole number"),
           "int_from_float": N_("a whole number"), "string_type": N_("text"), "decimal_type": N_("a number"),
           "decimal_parsing": N_("a number"), "float_type": N_("a number"), "float_parsing": N_("a number"),
           "finite_number": N_("a finite number"), "bool_type": N_("true or false"),
           "bool_parsing": N_("true or false"), "list_type": N_("a list"), "tuple_type": N_("a list"),
           "set_type": N_("a list"), "dict_type": N_("a mapping of keys"), "model_type": N_("a mapping of keys"),
           "model_attributes_type": N_("a mapping of keys"), "none_required": N_("nothing")}
_DATES = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "datetime_type",
          "datetime_parsing", "datetime_from_date_parsing"}
_BOUNDS = {"greater_than_equal": ("ge", N_("{where}: must be greater than or equal to {limit} (found {found})")),
           "greater_than": ("gt", N_("{where}: must be greater than {limit} (found {found})")),
           "less_than_equal": ("le", N_("{where}: must be less than or equal to {limit} (found {found})")),
           "less_than": ("lt", N_("{where}: must be less than {limit} (found {found})"))}
_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$"
# the pydantic error types `_model_findings` words itself; any other is shown with pydantic's English text
HANDLED_TYPES = frozenset({*_NEEDED, *_DATES, *_BOUNDS, "missing", "extra_forbidden", "literal_error", "enum",
                           "string_too_short", "string_too_long", "string_pattern_mismatch", "too_short", "too_long",
                           "union_tag_invalid", "union_tag_not_found", "ecdplan"})


def shown_value(value: Any) -> Any:
    """A value as a finding quotes it: text in quotes, numbers and dates as written, a list or mapping by kind."""
    import datetime as dt
    from decimal import Decimal

    from ecdplan.source.scalars import _plain, _short

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{_short(value)}'"
    if isinstance(value, (int, float, Decimal)):
        return _plain(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return Word(N_("a list"))
    if isinstance(value, dict):
        return Word(N_("a mapping"))
    if value is None:
        return Word(N_("an empty value"))
    return _short(repr(value))


def where_in(data: Any, path: Path_) -> Any:
    """Where a value is, for people: the readable path (`interventions[imam].cost.total`, `(top)` for the file),
    with the line's name in front when the value is inside an intervention."""
    where = readable_path(data, path)
    if not where:
        return Word(N_("(top)"))
    if len(path) >= 3 and path[0] == "interventions" and isinstance(path[1], int) and path[2] != "name":
        items = data.get("interventions") if isinstance(data, dict) else None
        item = items[path[1]] if isinstance(items, list) and 0 <= path[1] < len(items) else None
        name = item.get("name") if isinstance(item, dict) else None
        if isinstance(name, str) and name:
            return f"{name} ({where})"
    return where


def _joined(words: list[Any]) -> Any:
    """'a whole number or text': kinds of value, joined in the reader's language."""
    out = words[0]
    for word in words[1:]:
        out = Phrase(N_("{first} or {second}"), {"first": out, "second": word})
    return out


def _expected_values(err: dict) -> str:
    """The values a Literal or Enum accepts, quoted, from pydantic's `'a', 'b' or 'c'` (no English 'or')."""
    import re

    text = str((err.get("ctx") or {}).get("expected", ""))
    values = re.findall(r"'((?:[^'\\]|\\.)*)'", text)
    return ", ".join(f"'{v}'" for v in values) if values else text


def model_message(err: dict, where: Any, key: Any = None, known: list[str] | None = None) -> tuple[str, dict]:
    """(template, params) of a finding for one pydantic error: an English msgid (marked N_) and its values."""
    import difflib

    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    found = shown_value(value)
    params: dict[str, object] = {"where": where, "found": found}
    if kind == "missing":
        return N_("{where}: missing required key '{key}'"), {"where": where, "key": key}
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(key), known or [], n=1)
        if close:
            return N_("{where}: unknown key '{key}'; did you mean '{close}'?"), \
                {"where": where, "key": key, "close": close[0]}
        return N_("{where}: unknown key '{key}'"), {"where": where, "key": key}
    if kind == "ecdplan" and "template" in ctx:  # the models' own validators (model.refusal)
        detail = Phrase(ctx["template"], {k: v for k, v in ctx.items() if k != "template"})
        return N_("{where}: {detail}"), {"where": where, "detail": detail}
    if kind in _NEEDED:
        return N_("{where}: {expected} is needed here, not {found}"), {**params, "expected": Word(_NEEDED[kind])}
    if kind in _DATES:
        import datetime as dt

        if isinstance(value, dt.datetime):
            return N_("{where}: {found} has a time of day; write the date alone, YYYY-MM-DD"), params
        return N_("{where}: {found} is not a date; write it as YYYY-MM-DD"), params
    if kind in _BOUNDS:
        bound, template = _BOUNDS[kind]
        return template, {**params, "limit": shown_value(ctx.get(bound))}
    if kind in ("literal_error", "enum"):
        return N_("{where}: {found} is not accepted here; write one of: {expected}"), \
            {**params, "expected": _expected_values(err)}
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return N_("{where}: must not be empty"), {"where": where}
        return N_("{where}: {found} is too short: at least {min_length} characters"), \
            {**params, "min_length": ctx.get("min_length")}
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else "?"
        return N_("{where}: {length} characters, more than the {max_length} allowed"), \
            {"where": where, "length": length, "max_length": ctx.get("max_length")}
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _ID_PATTERN:
            return N_("{where}: {found} is not an id: an id starts with a letter or digit and holds only "
                      "letters, digits, '.', '_' and '-' (no spaces, no accents)"), params
        if str(ctx.get("pattern", "")).startswith("^(0[1-9]|1[0-2])-"):
            return N_("{where}: {found} is not a day of the year written MM-DD (e.g. '12-05')"), params
        return N_("{where}: {found} does not have the form {pattern}"), {**params, "pattern": ctx.get("pattern")}
    if kind == "too_short":
        return N_("{where}: {actual} item(s), fewer than the {limit} needed"), \
            {"where": where, "actual": ctx.get("actual_length"), "limit": ctx.get("min_length")}
    if kind == "too_long":
        return N_("{where}: {actual} item(s), more than the {limit} allowed"), \
            {"where": where, "actual": ctx.get("actual_length"), "limit": ctx.get("max_length")}
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return N_("{where}: {found} is not one of the forms accepted here"), params
    detail = err["msg"].removeprefix("Value error, ")  # a ValueError of a validator, or a type not listed above
    if "input" in err and not isinstance(value, (dict, list)):
        detail += f" (found {value!r})"
    return N_("{where}: {detail}"), {"where": where, "detail": detail}


def _model_findings(ctx: Context, exc: Any) -> None:
    seen: set[tuple] = set()
    errors = exc.errors(include_url=False)
    # a value that fits none of a union's members gets one error per member, at one place: one finding for all
    needed: dict[Path_, list[str]] = {}
    for err in errors:
        if err["type"] in _NEEDED and err["loc"][-1:] != ("[key]",):
            kinds = needed.setdefault(data_path(ctx.loaded.data, err["loc"]), [])
            if _NEEDED[err["type"]] not in kinds:
                kinds.append(_NEEDED[err["type"]])
    for err in errors:
        path = data_path(ctx.loaded.data, err["loc"])
        if any(path[:i] in ctx.loaded.poisoned for i in range(len(path) + 1)):
            continue  # the loader has reported this value already
        kind = err["type"]
        where = where_in(ctx.loaded.data, path)
        key: Any = None
        known: list[str] = []
        if kind == "missing":
            key = err["loc"][-1]
        elif kind == "extra_forbidden":
            key = path[-1] if path else err["loc"][-1]
            known = _known_keys(ctx.loaded.data, path[:-1], exc)
        if kind in _NEEDED and err["loc"][-1:] != ("[key]",) and len(needed.get(path, ())) > 1:
            template = N_("{where}: {expected} is needed here, not {found}")
            params: dict[str, object] = {"where": where, "found": shown_value(err.get("input")),
                                         "expected": _joined([Word(k) for k in needed[path]])}
        else:
            template, params = model_message(err, where, key, known)
        code = "S002" if kind in ("greater_than_equal", "greater_than") and _is_negative(err) else "S001"
        finding = Finding.at(code, path, template, params)
        sig = (code, path, finding.message)
        if sig in seen:
            continue
        seen.add(sig)
        ctx.add(finding)


def _is_negative(err: dict) -> bool:
    try:
        return err["input"] < 0
    except TypeError:
        return False


def _known_keys(data: Any, parent: Path_, exc: Any) -> list[str]:
    """Keys that the model at `parent` accepts, for 'did you mean' hints."""
    from ecdplan.formats import plan as model

    by_top = {"plan": model.PlanInfo, "sources": model.Source, "groups": model.Group,
              "interventions": model.Intervention, "indicators": model.Indicator, "reporting": model.Deadline}
    cls: Any = model.Plan
    if parent:
        cls = by_top.get(parent[0], model.Plan)
        rest = [k for k in parent[1:] if isinstance(k, str)]
        for key in rest:
            field_info = getattr(cls, "model_fields", {}).get(key)
            nested = {"area": model.Area, "period": model.Period, "parent": model.ParentRef, "cost": model.Cost,
                      "beneficiaries": model.Beneficiaries, "valid": model.Period, "basis": model.Document,
                      "rollout": model.Phase, "sources": model.Funding, "named": model.Commune}.get(key)
            if field_info is None or nested is None:
                break
            cls = nested
    return [f.alias or name for name, f in getattr(cls, "model_fields", {}).items()]  # as written: 'from', not 'from_'


def check_loaded(loaded: LoadedFile) -> PlanResult:
    """One plan file checked: its findings, those the plan accepts marked, one per subject (rules/grouping.py)."""
    from ecdplan.rules.grouping import settle

    result = _check_loaded(loaded)
    if loaded.cells:  # a plan imported from a spreadsheet: each finding names its cell too
        for f in result.findings:
            f.cell = f.cell or loaded.cells.get(f.line, "")
        if loaded.table:  # read in memory: at the cells' rows and columns
            from ecdplan.source.office.imported import at_cells

            at_cells(result.findings)
            result.findings.sort(key=Finding.sort_key)
    return settle(result)


def _check_loaded(loaded: LoadedFile) -> PlanResult:
    result = PlanResult(file=loaded.file, loaded=loaded, findings=list(loaded.findings))
    if not loaded.usable:
        return result
    from pydantic import ValidationError

    from ecdplan.formats.plan import FORMAT, Plan
    from ecdplan.rules.registry import run_checks

    ctx = Context(loaded)
    if not has_format(loaded, FORMAT, ctx):
        result.findings += ctx.findings
        result.dropped, result.more_places = ctx.dropped, ctx.more_places
        result.findings.sort(key=Finding.sort_key)
        return result
    error = None
    try:
        plan = Plan.model_validate(loaded.data)
    except ValidationError as exc:
        error = exc
        plan = _without_refused(loaded, exc)
    if plan is None:
        _model_findings(ctx, error)
        _check_the_rest(loaded, error, ctx)
        result.findings += ctx.findings
        result.dropped, result.more_places = ctx.dropped, ctx.more_places
        result.findings.sort(key=Finding.sort_key)
        return result
    from ecdplan.core.compiled import compile_plan

    if error is not None:
        _model_findings(ctx, error)  # only findings the loader has not made already
    result.plan = plan
    result.compiled = compile_plan(plan, loaded.file, result.findings)
    run_checks(result.compiled, ctx, "plan")
    result.findings += ctx.findings
    result.dropped, result.more_places = ctx.dropped, ctx.more_places
    result.findings.sort(key=Finding.sort_key)
    return result


def has_format(loaded: LoadedFile, expected: str, ctx: Context, what: str = "") -> bool:
    """Whether the file's `format:` is `expected`; S003 at the key (or the top) if not. With `what` (a file of
    another kind than a plan), the finding names the kind of file `expected` is for (FORMAT_KINDS)."""
    fmt = loaded.data.get("format")
    if fmt == expected:
        return True
    if fmt is None:
        template = N_("the key 'format: {expected}' is missing at the top of the file")
    elif what:
        template = N_("format is {found}; this ecdplan reads '{expected}' for {kind}")
    else:
        template = N_("format is {found}; this ecdplan reads '{expected}'")
    params = {"found": repr(fmt), "expected": expected, "kind": Word(FORMAT_KINDS.get(expected, N_("such files")))}
    ctx.add(Finding.at("S003", ("format",) if "format" in loaded.data else (), template, params))
    return False


# the kind of file each format is, for S003 ("this ecdplan reads 'ecdplan-progress/1' for progress files")
FORMAT_KINDS = {"ecdplan/1": N_("plans"), "ecdplan-progress/1": N_("progress files"),
                "ecdplan-envelopes/1": N_("envelope files"), "ecdplan-scenario/1": N_("scenario files")}


def read_document(loaded: LoadedFile, model_cls: Any, ctx: Context, expected: str | None = None,
                  what: str = "") -> Any:
    """A side file's model (envelopes, scenario, progress) when its format is `expected` and its values fit;
    None otherwise, with the findings in `ctx` (S003; S001/S002 where the loader has not spoken already)."""
    from pydantic import ValidationError

    if expected is not None and not has_format(loaded, expected, ctx, what):
        return None
    try:
        return model_cls.model_validate(loaded.data)
    except ValidationError as exc:
        _model_findings(ctx, exc)
        return None


def _without_refused(loaded: LoadedFile, exc: Any) -> Plan | None:
    """The plan without the values the loader refused (each already a finding), when nothing else is wrong:
    commands then stop with those findings, or with --partial show figures that say what is left out."""
    from pydantic import ValidationError

    from ecdplan.source.loaded import REFUSED
    from ecdplan.formats.plan import Plan

    if not loaded.poisoned:
        return None
    for err in exc.errors(include_url=False):
        path = data_path(loaded.data, err["loc"])
        if not any(path[:i] in loaded.poisoned for i in range(len(path) + 1)):
            return None  # a real schema error too

    def drop(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: drop(v) for k, v in node.items() if v is not REFUSED and k is not REFUSED}
        if isinstance(node, list):
            return [drop(v) for v in node if v is not REFUSED]
        return node

    try:
        return Plan.model_validate(drop(loaded.data))
    except ValidationError:
        return None


ITEM_LISTS = ("sources", "groups", "interventions", "indicators", "reporting", "responsibilities", "documents",
              "accepted")
# what a check cannot judge once items of a list were set aside: it would report their absence
SKIP_WITHOUT = {"sources": {"I003"}, "groups": {"I002", "B001", "B002"}, "interventions": {"B002"}}


def _check_the_rest(loaded: LoadedFile, exc: Any, ctx: Context) -> None:
    """Run the rule checks on the items that do fit the format, so one run reports all findings.

    Items of the plan's lists that have schema errors are set aside; the plan itself stays unusable.
    """
    from pydantic import ValidationError

    from ecdplan.formats.plan import Plan
    from ecdplan.rules.registry import run_checks

    data = loaded.data
    bad: dict[str, set[int]] = {}
    for err in exc.errors(include_url=False):
        path = data_path(data, err["loc"])
        if len(path) >= 2 and path[0] in ITEM_LISTS and isinstance(path[1], int):
            bad.setdefault(path[0], set()).add(path[1])
        elif path[:1] != ("envelopes",):
            return  # the plan's own description (period, unit ...) is needed by every check
    rest = dict(data)
    if any(data_path(data, e["loc"])[:1] == ("envelopes",) for e in exc.errors(include_url=False)):
        rest["envelopes"] = {}
    for key, indexes in bad.items():
        kept = [i for i in range(len(data[key])) if i not in indexes]
        rest[key] = [data[key][i] for i in kept]
        ctx.index_map[key] = kept
        ctx.skip_codes |= SKIP_WITHOUT.get(key, set())
        if key == "interventions":
            ctx.incomplete_groups |= {str(data[key][i].get("group")) for i in indexes if isinstance(data[key][i], dict)}
    try:
        plan = Plan.model_validate(rest)
    except ValidationError:
        return
    from ecdplan.core.compiled import compile_plan

    run_checks(compile_plan(plan, loaded.file), ctx, "plan")


def check_file(path: str | Path) -> PlanResult:
    """Load, validate and check one plan file."""
    return check_loaded(load_file(path))


def check_text(text: str, file: str = "<string>") -> PlanResult:
    """Validate and check plan text (for tests and for callers that hold the YAML already)."""
    return check_loaded(load_text(text, file))
