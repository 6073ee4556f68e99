"""Progress against a plan: the file format `ecdplan-progress/1`, its loading, its checks (G rules), and the
attachment of progress files to a plan (or to a parent plan, as blocks of its child plans).

A progress file belongs to one plan (`plan: {id, file}`, the file relative to the progress file) and one
reporting period: a year (`2023`), a half-year (`2024-H1`) or a date range (`{from: 2024-01-01, to: ...}`)
within one calendar year. It is read like a plan (same loader, same strictness, positions for every value)
and checked against the plan's compiled facts.

What a period is allocated of the plan (the planned amount a disbursement is measured against):
  - a year: the year's planned amount of each line and source;
  - a half-year: half of it, split by largest remainder (the first half takes the odd đồng);
  - a date range: the year's amount in proportion to the days the range covers (largest remainder).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ecdplan.writers.files import safe_resolve
from ecdplan.rules.findings import N_, Phrase, Word
from ecdplan.formats.side_files import PROGRESS_FORMAT, DateRange, ProgressFile
from ecdplan.rules.runner import PlanResult

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.pipeline import LinkedFiles
    from ecdplan.source.loaded import LoadedFile
    from ecdplan.rules.runner import Context

_HALF = re.compile(r"^\s*(\d{4})\s*(?:-\s*H([12])\s*)?$")


# --- periods ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportPeriod:
    label: str  # 2023, 2024-H1, 2024-03-01..2024-05-31
    start: dt.date
    end: dt.date
    kind: Literal["year", "half", "range"]

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def one_year(self) -> bool:
        return self.start.year == self.end.year

    def overlaps(self, other: ReportPeriod) -> bool:
        return self.start <= other.end and other.start <= self.end

    def share(self, amount: int) -> int:
        """The part of a year's amount that falls in this period (largest remainder, see the module doc)."""
        if self.kind == "year":
            return amount
        if self.kind == "half":
            return _largest_remainder(amount, [1, 1])[0 if self.start.month == 1 else 1]
        first, last = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        weights = [(self.start - first).days, (self.end - self.start).days + 1, (last - self.end).days]
        return _largest_remainder(amount, weights)[1]

    @property
    def phrase(self) -> str | Phrase:
        """The label in the reader's language ('2024-H1': '6 tháng đầu năm 2024'); English as the label."""
        if self.kind == "half":
            return Phrase(N_("{year}-H1") if self.start.month == 1 else N_("{year}-H2"), {"year": self.year})
        if self.kind == "range":
            return Phrase(N_("{start}..{end}"), {"start": self.start, "end": self.end})
        return self.label

    def describe(self) -> str:
        return {"year": N_("the year's planned amount"),
                "half": N_("half of the year's planned amount (largest remainder: the first half takes the odd đồng)"),
                "range": N_("the year's planned amount in proportion to the days covered (largest remainder)")}[self.kind]


def _largest_remainder(total: int, weights: list[int]) -> list[int]:
    from ecdplan.core.money import largest_remainder

    return largest_remainder(total, weights)


def parse_period(value: Any) -> ReportPeriod:
    if isinstance(value, DateRange):
        return ReportPeriod(f"{value.start.isoformat()}..{value.end.isoformat()}", value.start, value.end, "range")
    m = _HALF.match(str(value))
    if m is None:
        raise ValueError(f"{value!r} is not a period")
    year = int(m.group(1))
    if m.group(2) is None:
        return ReportPeriod(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if m.group(2) == "1":
        return ReportPeriod(f"{year}-H1", dt.date(year, 1, 1), dt.date(year, 6, 30), "half")
    return ReportPeriod(f"{year}-H2", dt.date(year, 7, 1), dt.date(year, 12, 31), "half")


def commune_key(name: str) -> str:
    """Two spellings of one commune name compare equal: NFC, case and spacing do not matter."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


# --- checking ---------------------------------------------------------------------------------------------------

@dataclass
class ProgressResult(PlanResult):
    """A progress file's outcome: the document, the plan it reports on, its period, every finding."""

    document: ProgressFile | None = None
    plan_file: str | None = None  # the plan file as found from the progress file
    target: CompiledPlan | None = None  # the plan reported on, compiled
    period: ReportPeriod | None = None


def plan_path(progress_file: str, link_file: str) -> Path:
    import os

    return Path(os.path.normpath(Path(progress_file).parent / link_file))


def check_progress_file(path: str | Path, linked: LinkedFiles | None = None) -> ProgressResult:
    """Load and check one progress file, against its plan (read through `linked`, the run's linked files);
    never raises for bad input."""
    from ecdplan.pipeline import LinkedFiles

    linked = linked if linked is not None else LinkedFiles()
    return check_progress(linked.load(path), linked)


def check_progress(loaded: LoadedFile, linked: LinkedFiles) -> ProgressResult:
    """Check a loaded progress file against its plan, read through `linked`."""
    from ecdplan.rules.findings import Finding
    from ecdplan.rules.runner import Context, read_document

    result = ProgressResult(loaded.file, loaded, findings=list(loaded.findings))
    if not loaded.usable:
        return result
    ctx = Context(loaded)
    document = read_document(loaded, ProgressFile, ctx, PROGRESS_FORMAT, " for progress files")
    if document is None:
        result.findings = sorted(result.findings + ctx.findings, key=Finding.sort_key)
        return result
    result.document = document
    result.period = parse_period(document.period)
    _check_against_plan(result, ctx, linked)
    result.findings = sorted(result.findings + ctx.findings, key=Finding.sort_key)
    return result


def _plan_result(path: Path, linked: LinkedFiles) -> PlanResult:
    """The plan a progress file reports on, with its parent checked, read once per run."""
    return linked.plan_with_parents(path)


def say(ctx: Context, code: str, path: tuple, template: str, params: dict[str, object], **figures: object) -> None:
    """A finding whose message is `template` (English, marked N_) filled with `params`."""
    ctx.add(code, path, template.format(**params), template=template, params=params, **figures)


def _listed(items: Any) -> str:
    """'clubs (Câu lạc bộ dinh dưỡng), ...': the ids a progress file may use, each with its name."""
    return ", ".join(f"{ident} ({name})" if name and name != ident else str(ident) for ident, name in items)


def _check_against_plan(result: ProgressResult, ctx: Context, plans: dict) -> None:
    doc, period = result.document, result.period
    ppath = plan_path(result.file, doc.plan.file)
    result.plan_file = str(ppath)
    ctx.allowed = {"G009"}
    if not ppath.is_file():
        say(ctx, "G009", ("plan", "file"), N_("plan file {file} not found (looked for {path})"),
            {"file": doc.plan.file, "path": str(ppath)}, file=doc.plan.file)
        return
    planned = _plan_result(ppath, plans)
    if planned.compiled is None:
        say(ctx, "G009", ("plan", "file"), N_("plan file {file} cannot be used ({n} finding(s); see `ecdplan "
                                              "validate {path}`)"),
            {"file": doc.plan.file, "n": len(planned.findings), "path": str(ppath)}, file=doc.plan.file)
        return
    compiled = result.target = planned.compiled
    plan = compiled.plan
    ctx.allowed = {"G010"}
    if doc.plan.id != plan.plan.id:
        say(ctx, "G010", ("plan", "id"), N_("this progress file is for plan '{declared}', but {file} holds plan "
                                            "'{found}' ({title})"),
            {"declared": doc.plan.id, "file": doc.plan.file, "found": plan.plan.id, "title": plan.plan.title},
            declared=doc.plan.id, found=plan.plan.id)
        return
    ctx.allowed = {"G011", "G004"}
    dated = True
    plan_period = f"{plan.plan.period.start}-{plan.plan.period.end}"
    if not period.one_year:
        say(ctx, "G011", ("period",), N_("the period {period} runs over more than one calendar year; give one "
                                         "progress file per year (or half-year)"),
            {"period": period.phrase}, period=period.label)
        dated = False
    elif not plan.plan.period.start <= period.year <= plan.plan.period.end:
        say(ctx, "G004", ("period",), N_("the period {period} is outside the plan period {plan_period}"),
            {"period": period.phrase, "plan_period": plan_period}, period=period.label, plan_period=plan_period)
        dated = False
    for check in PROGRESS_CHECKS:
        ctx.allowed = set(check.codes)
        try:
            check.run(result, compiled, ctx, dated)
        finally:
            ctx.allowed = None


@dataclass(frozen=True)
class ProgressCheck:
    run: Any
    codes: tuple[str, ...]


PROGRESS_CHECKS: list[ProgressCheck] = []


def progress_check(*codes: str):
    """Register a check of a progress file against its plan, with the rule codes it emits."""
    def register(fn):
        PROGRESS_CHECKS.append(ProgressCheck(fn, codes))
        return fn
    return register


def eligible_sources(iv: Any, plan: Any) -> set[str]:
    """Sources a line may draw on: its own `sources:`; a line that lists none (a plan whose money is given for
    the plan as a whole, as Bằng Mạc's) may draw on any source of the plan."""
    own = {f.source for f in iv.funding()}
    return own or {s.id for s in plan.sources}


def amount_in_dong(doc: ProgressFile, value: Decimal) -> int | None:
    from ecdplan.core.money import to_dong

    return to_dong(value, doc.dong_per_unit)


def disbursed_dong(doc: ProgressFile, value: Any) -> int:
    """A disbursement (an amount or {sub-project: amount}) in đồng; fractions of a đồng are rounded (B004)."""
    from fractions import Fraction

    from ecdplan.core.money import round_half_up

    values = value.values() if isinstance(value, dict) else [value]
    return sum(round_half_up(Fraction(v) * doc.dong_per_unit) for v in values)


def allocation(compiled: CompiledPlan, period: ReportPeriod) -> dict[tuple[str, str], int]:
    """(line, source) -> the part of the plan's money the period is allocated (see the module doc)."""
    out: dict[tuple[str, str], int] = {}
    for f in compiled.facts:
        if f.year == period.year:
            key = (f.intervention, f.source)
            out[key] = out.get(key, 0) + period.share(f.amount)
    return out


@progress_check("G001", "G002", "G003", "G005", "B004")
def _lines_and_money(result: ProgressResult, compiled: CompiledPlan, ctx: Context, dated: bool) -> None:
    from ecdplan.rules.checks import in_unit

    doc, plan = result.document, compiled.plan
    known = {iv.id: iv for iv in plan.interventions}
    alloc = allocation(compiled, result.period) if dated else {}
    for line_id, line in doc.lines.items():
        iv = known.get(line_id)
        if iv is None:
            lines = _listed((i.id, i.name) for i in plan.interventions)
            say(ctx, "G001", ("lines", line_id),
                N_("line '{line}' is not an intervention of plan {plan} (its lines: {lines})") if lines else
                N_("line '{line}' is not an intervention of plan {plan}, which has no lines"),
                {"line": line_id, "plan": plan.plan.id, "lines": lines}, line=line_id)
            continue
        eligible = eligible_sources(iv, plan)
        budgeted = compiled.line(line_id) is not None
        for source_id, value in line.disbursed.items():
            where = ("lines", line_id, "disbursed", source_id)
            for part in (value.values() if isinstance(value, dict) else [value]):
                if amount_in_dong(doc, part) is None:
                    say(ctx, "B004", where, N_("{amount} {unit} is not a whole number of đồng"),
                        {"amount": part, "unit": doc.unit})
            source = plan.source(source_id)
            if source is None:
                sources = _listed((s.id, s.label) for s in plan.sources)
                say(ctx, "G002", where,
                    N_("source '{source}' is not in the plan's sources ({sources})") if sources else
                    N_("source '{source}' is not in the plan's sources: the plan lists none"),
                    {"source": source_id, "sources": sources}, source=source_id)
                continue
            if source_id not in eligible:
                say(ctx, "G003", where, N_("{line} may not draw on the source '{source}' (its sources: {sources})"),
                    {"line": iv.name, "source": source.label,
                     "sources": _listed((s, plan.source(s).label if plan.source(s) else s) for s in sorted(eligible))},
                    source=source_id)
                continue
            if not dated or not budgeted:
                continue  # no period to measure against, or an unbudgeted line (no amount, not zero)
            paid = disbursed_dong(doc, value)
            allowed = alloc.get((line_id, source_id), 0)
            if paid > allowed:
                say(ctx, "G005", where, N_("{line}: {source} disbursed {paid} {unit} in {period}, above its "
                                           "allocation of {allowed} ({rule})"),
                    {"line": iv.name, "source": source.label, "paid": Decimal(in_unit(plan, paid)),
                     "unit": plan.plan.unit, "period": result.period.phrase, "allowed": Decimal(in_unit(plan, allowed)),
                     "rule": Word(result.period.describe())},
                    declared=in_unit(plan, paid), computed=in_unit(plan, allowed),
                    difference=in_unit(plan, paid - allowed), unit=plan.plan.unit)


@progress_check("G006", "G007", "G008")
def _communes(result: ProgressResult, compiled: CompiledPlan, ctx: Context, dated: bool) -> None:
    from ecdplan.core.compiled import named_by_year

    doc, plan = result.document, compiled.plan
    area = plan.plan.area.communes
    known = {iv.id: iv for iv in plan.interventions}
    for line_id, line in doc.lines.items():
        iv = known.get(line_id)
        if iv is None or line.communes is None:
            continue
        where = ("lines", line_id, "communes")
        names = line.communes if isinstance(line.communes, list) else None
        reached = len({commune_key(n) for n in names}) if names is not None else line.communes
        if area is not None and reached > area:
            say(ctx, "G007", where, N_("{line}: {reached} communes reached, more than the {area} of {area_name}"),
                {"line": iv.name, "reached": reached, "area": area, "area_name": plan.plan.area.name},
                reached=reached, area=area)
        if not dated:
            continue
        counts = iv.communes_by_year()
        planned = counts.get(result.period.year) if counts else None
        if planned is not None and reached > planned:
            say(ctx, "G006", where, N_("{line}: {reached} communes reached in {period}, more than the {planned} the "
                                       "plan rolls out that year"),
                {"line": iv.name, "reached": reached, "period": result.period.phrase, "planned": planned},
                reached=reached, planned=planned)
        planned_names = named_by_year(iv).get(result.period.year)
        if names is not None and planned_names is not None:
            rollout = {commune_key(n) for n in planned_names}
            for k, name in enumerate(names):
                if commune_key(name) not in rollout:
                    say(ctx, "G008", (*where, k), N_("{line}: commune '{commune}' is not in its rollout in {year} "
                                                     "({communes})"),
                        {"line": iv.name, "commune": name, "year": result.period.year,
                         "communes": ", ".join(planned_names)}, commune=name)


@progress_check("G012")
def _indicators(result: ProgressResult, compiled: CompiledPlan, ctx: Context, dated: bool) -> None:
    known = {i.id: i.name for i in compiled.plan.indicators}
    for ind_id in result.document.indicators:
        if ind_id not in known:
            indicators = _listed(sorted(known.items()))
            say(ctx, "G012", ("indicators", ind_id),
                N_("indicator '{indicator}' is not in plan {plan} (its indicators: {indicators})") if indicators
                else N_("indicator '{indicator}' is not in plan {plan}, which has no indicators"),
                {"indicator": ind_id, "plan": compiled.plan.plan.id, "indicators": indicators}, indicator=ind_id)


# --- progress files attached to the plan a report is about ---------------------------------------------------

@dataclass
class Attached:
    """One progress file, checked, attached to the plan of the report (directly or as a child plan's block)."""

    file: str
    document: ProgressFile
    period: ReportPeriod
    compiled: CompiledPlan  # the plan the file reports on
    block: str | None = None  # None: the report's own plan; else the child plan's id (its lines form a block)


@dataclass
class ProgressSet:
    """A plan and the progress files attached to it, with what the report must say about them."""

    compiled: CompiledPlan
    items: list[Attached] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # findings that do not stop the figures
    left_out: list[str] = field(default_factory=list)  # with --partial: what the figures leave out

    @property
    def illustrative(self) -> list[str]:
        return [a.file for a in self.items if a.document.illustrative]

    def periods(self) -> list[str]:
        return list(dict.fromkeys(a.period.label for a in self.items))


def _ancestors(compiled: CompiledPlan, linked: LinkedFiles, limit: int = 6) -> list[tuple[str, Path | None]]:
    """(plan id, file) of each ancestor of a plan, nearest first, following `plan.parent.file`."""
    out: list[tuple[str, Path | None]] = []
    current, file = compiled, Path(compiled.file)
    while current is not None and current.plan.plan.parent is not None and len(out) < limit:
        ref = current.plan.plan.parent
        path = plan_path(str(file), ref.file) if ref.file else None
        out.append((ref.id or "", safe_resolve(path) if path else None))
        if path is None or not path.is_file():
            break
        parent = _plan_result(path, linked)
        current, file = parent.compiled, path
    return out


def attach(plan_file: str, progress_files: list[str], partial: bool = False) -> ProgressSet:
    """The plan (compiled) with each progress file checked and attached; EcdplanError when one cannot be used."""
    from ecdplan.errors import EcdplanError
    from ecdplan.rules.findings import Severity
    from ecdplan.pipeline import LinkedFiles, compiled_from

    linked = LinkedFiles()
    main_result = _plan_result(Path(plan_file), linked)
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
            if not any(p == main_key or (ident and ident == compiled.plan.plan.id) for ident, p in chain):
                raise EcdplanError(Phrase(N_("{path} reports on plan {other} ({other_file}), which is neither "
                                             "{plan} ({plan_file}) nor a plan under it"), path=path,
                                          other=target.plan.plan.id, other_file=result.plan_file,
                                          plan=compiled.plan.plan.id, plan_file=plan_file))
            block = target.plan.plan.id
        out.items.append(Attached(result.file, result.document, result.period, target, block))
    for i, a in enumerate(out.items):
        for b in out.items[:i]:
            if a.compiled.plan.plan.id == b.compiled.plan.plan.id and a.period.overlaps(b.period):
                raise EcdplanError(Phrase(N_("{first} ({first_period}) and {second} ({second_period}) cover the "
                                             "same days of one plan; their figures would be counted twice. Give the "
                                             "year or its halves, not both."), first=b.file,
                                          first_period=b.period.label, second=a.file, second_period=a.period.label))
    return out
