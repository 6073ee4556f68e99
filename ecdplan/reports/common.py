"""What every report shares: its options, labels of keys, money columns with the unit in the header, notes."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TypeVar

from ecdplan.core.compiled import CompiledPlan
from ecdplan.core.display import MOVED_NOTE, Unit, as_unit
from ecdplan.errors import EcdplanError
from ecdplan.core.facts import NO_SOURCE
from ecdplan.i18n.labels import N_, t
from ecdplan.formats.plan import Plan
from ecdplan.reports.table import Column


_Options = TypeVar("_Options", bound="ReportOptions")


class ReportError(EcdplanError):
    """A report that cannot be made from this plan (exit status 2)."""


@dataclass(frozen=True)
class ReportOptions:
    """One run's options, made once by the command line (`cli.commands.options`) and given to every report and
    writer: the display unit (a `Unit` with its rate; the name of a unit of `vocab.UNITS` is taken too),
    decimal places (None: fewest exact), the reader's language, and whether unreadable values were left out
    (`--partial`)."""

    unit: Unit = Unit.named("million")
    decimals: int | None = None
    lang: str = "en"
    partial: bool = field(default=False, kw_only=True)

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", as_unit(self.unit))

    @property
    def unit_label(self) -> str:
        return self.unit.label(self.lang)

    def as_(self, kind: type[_Options], **more) -> _Options:
        """These options as a report's own (`BudgetOptions`, `ProgressOptions`) with its further fields `more`."""
        return kind(**{f.name: getattr(self, f.name) for f in fields(ReportOptions)}, **more)


DIMENSION_NAMES = {"intervention": N_("Intervention"), "group": N_("Group"), "agency": N_("Agency"),
                   "source": N_("Source"), "year": N_("Year")}


def line_names(plan: Plan) -> dict[str, str]:
    """Each line's name by its id: people read names, machines keep ids (and get a `name` column)."""
    return {iv.id: iv.name for iv in plan.interventions}


def line_column(plan: Plan, lang: str, key: str = "intervention", name_beside: bool = True) -> Column:
    """The column of a table's lines: ids in CSV and JSON (with their names beside, unless the table is a long
    listing in which a name on every row would triple the file), names for people."""
    return Column(t("Intervention", lang), key, names=line_names(plan), names_key="name" if name_beside else None)


def source_column(plan: Plan, lang: str, extra: dict[str, str] | None = None) -> Column:
    """The column of a table's sources: ids in CSV and JSON (with their labels beside), labels for people."""
    names = {s.id: s.label for s in plan.sources} | {NO_SOURCE: t("(no source)", lang)} | (extra or {})
    return Column(t("Source", lang), "source", names=names, names_key="source_name")


def names_of(plan: Plan, ids) -> str:
    """Lines named in a note, for people: their names."""
    names = line_names(plan)
    return "; ".join(names.get(i, i) for i in ids)


def money_column(name: str, key: str, opts: ReportOptions, decimals: int, with_unit: bool = True, **kw) -> Column:
    """A column of amounts (`name`: an English message id); its header says the unit (`Amount (million VND)`)."""
    header = f"{t(name, opts.lang)} ({opts.unit_label})" if with_unit else t(name, opts.lang)
    return Column(header, key, numeric=True, decimals=decimals, **kw)


def order_by(dimension: str, plan: Plan) -> list | None:
    """Plan order for keys of a dimension, so tables read like the appendix."""
    if dimension == "intervention":
        return list(dict.fromkeys(iv.id for iv in plan.interventions))
    if dimension == "group":
        return [g.id for g in plan.groups]
    if dimension == "source":
        return [s.id for s in plan.sources]
    return None


def label(dimension: str, key, plan: Plan, lang: str) -> str:
    if dimension == "source":
        source = plan.source(key)
        if key == NO_SOURCE:
            return t("(no source)", lang)
        return source.label if source else str(key)
    if dimension == "group":
        group = plan.group(key)
        return f"{group.id}. {group.name}" if group else t("(no group)", lang)
    if dimension == "intervention":
        return str(key)
    if dimension == "agency":
        return key or t("(no lead)", lang)
    return key  # a year stays a number in CSV and JSON


def unbudgeted_note(compiled: CompiledPlan, lang: str) -> list[str]:
    missing = compiled.unbudgeted()
    if not missing:
        return []
    return [t("Unbudgeted (no cost in the plan, not zero): {items}.", lang).format(
        items=names_of(compiled.plan, [iv.id for iv in missing]))]


def standard_notes(compiled: CompiledPlan, lang: str, moved: bool) -> list[str]:
    """Notes every table of figures carries when they apply: the exchange rate of a plan in another currency,
    values left out (--partial), controlled rounding (last, where funding's tables look for it)."""
    from ecdplan.core.currency import rate_note

    rate = rate_note(compiled.plan, lang)
    notes = [rate] if rate else []
    if compiled.missing:
        notes.append(t("Incomplete: values that could not be read are left out of these figures: {items}.",
                       lang).format(items="; ".join(compiled.missing)))
    if moved:
        notes.append(t(MOVED_NOTE, lang))
    return notes


def plan_scope(compiled: CompiledPlan, year: int | None) -> str:
    period = compiled.plan.info.period
    if year:
        return f" {year}"
    return f" {period.start}" if period.start == period.end else f" {period.start}-{period.end}"
