"""Progress against a plan: the file format `ecdplan-progress/1`, its loading and the finding of its plan (its
checks, the G rules, are in rules/progress.py), and the attachment of progress files to a plan (or to a parent
plan, as blocks of its child plans).

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

from ecdplan.i18n.messages import N_, Phrase
from ecdplan.formats.side_files import PROGRESS_FORMAT, DateRange, ProgressFile
from ecdplan.rules.runner import LinkedPlans, PlanResult

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.source.loaded import LoadedFile

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


def period_text(label: str, lang: str) -> str:
    """A period as the reader of `lang` writes it ('2024-H1': '6 tháng đầu năm 2024'; a date range
    '22/03/2024 - ...'); a label that is not a period stays as it is."""
    from ecdplan.i18n.messages import in_lang

    try:
        phrase = parse_period(label).phrase
    except ValueError:
        return label
    return str(in_lang(phrase, lang))


def commune_key(name: str) -> str:
    """Two spellings of one commune name compare equal: NFC, case and spacing do not matter."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


# --- checking ---------------------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class ProgressResult(PlanResult):
    """A progress file's outcome: the document, the plan it reports on, its period, every finding."""

    document: ProgressFile | None = None
    plan_file: str | None = None  # the plan file as found from the progress file
    planned: PlanResult | None = None  # that plan file checked; None when there is no such file
    target: CompiledPlan | None = None  # the plan reported on, compiled
    period: ReportPeriod | None = None


def plan_path(progress_file: str, link_file: str) -> Path:
    import os

    return Path(os.path.normpath(Path(progress_file).parent / link_file))


def check_progress(loaded: LoadedFile, linked: LinkedPlans) -> ProgressResult:
    """Check a loaded progress file against its plan, read through `linked`."""
    from ecdplan.rules.context import Context
    from ecdplan.rules.findings import Finding
    from ecdplan.rules.registry import run_checks
    from ecdplan.rules.runner import read_document

    result = ProgressResult(file=loaded.file, loaded=loaded, findings=list(loaded.findings))
    if not loaded.usable:
        return result
    ctx = Context(loaded)
    document = read_document(loaded, ProgressFile, ctx, PROGRESS_FORMAT, " for progress files")
    if document is None:
        result.findings = sorted(result.findings + ctx.findings, key=Finding.sort_key)
        return result
    result.document = document
    result.period = parse_period(document.period)
    plan_file = plan_path(result.file, document.plan.file)
    result.plan_file = str(plan_file)
    if plan_file.is_file():
        result.planned = linked.plan_with_parents(plan_file)  # the plan with its parent checked, read once per run
        result.target = result.planned.compiled
        if result.target is not None:
            document.inherit_unit(result.target.plan)
    run_checks(result, ctx, "progress")
    result.findings = sorted(result.findings + ctx.findings, key=Finding.sort_key)
    return result


def eligible_sources(iv: Any, plan: Any) -> set[str]:
    """Sources a line may draw on: its own `sources:`; a line that lists none (a plan whose money is given for
    the plan as a whole, as Bằng Mạc's) may draw on any source of the plan."""
    own = {f.source for f in iv.funding()}
    return own or {s.id for s in plan.sources}


def component_owner(plan: Any, source_id: str, label: str) -> Any:
    """The other source whose `component` a sub-project label is (compared after NFC, ignoring case and spacing),
    when it is not also this source's own: the amount was written under the wrong source (G014)."""
    key = commune_key(label)
    own = plan.source(source_id)
    if own is not None and own.component and commune_key(own.component) == key:
        return None
    return next((s for s in plan.sources if s.id != source_id and s.component and commune_key(s.component) == key),
                None)


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


def assumed_allocation(compiled: CompiledPlan, period: ReportPeriod) -> set[tuple[str, str]]:
    """(line, source) pairs whose planned amount in the period the plan does not set per source: ecdplan split
    the line's cost equally over its eligible sources (an assumption, marked in every output)."""
    split: dict[str, set[str]] = {}
    for f in compiled.facts:
        if f.year == period.year and f.amount and f.split_rule == "equal":
            split.setdefault(f.intervention, set()).add(f.source)
    return {(line, source) for line, sources in split.items() if len(sources) > 1 for source in sources}


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
