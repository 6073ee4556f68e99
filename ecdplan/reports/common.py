"""What every report shares: its options, labels of keys, money columns with the unit in the header, notes."""

from __future__ import annotations

from dataclasses import dataclass

from ..compiled import CompiledPlan
from ..display import MOVED_NOTE
from ..errors import EcdplanError
from ..facts import NO_SOURCE
from ..labels import UNIT_LABEL, t
from ..model import Plan
from ..render import Column


class ReportError(EcdplanError):
    """A report that cannot be made from this plan (exit status 2)."""


@dataclass(frozen=True)
class ReportOptions:
    """How every report shows figures: unit (`vocab.UNITS`), decimal places (None: fewest exact), language."""

    unit: str = "million"
    decimals: int | None = None
    lang: str = "en"

    @property
    def unit_label(self) -> str:
        if "@" in self.unit:  # a currency at the plan's declared rate (currency.py)
            return self.unit.split("@", 1)[0]
        return UNIT_LABEL[self.lang][self.unit]


DIMENSION_NAMES = {"intervention": "Intervention", "group": "Group", "agency": "Agency", "source": "Source",
                   "year": "Year"}


def money_column(name: str, key: str, opts: ReportOptions, decimals: int, with_unit: bool = True, **kw) -> Column:
    """A column of amounts; its header says the unit (`Amount (million VND)`)."""
    header = f"{t(name, opts.lang)} ({opts.unit_label})" if with_unit else name
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
        items=", ".join(iv.id for iv in missing))]


def standard_notes(compiled: CompiledPlan, lang: str, moved: bool) -> list[str]:
    """Notes every table of figures carries when they apply: the exchange rate of a plan in another currency,
    values left out (--partial), controlled rounding (last, where funding's tables look for it)."""
    from ..currency import rate_note

    rate = rate_note(compiled.plan, lang)
    notes = [rate] if rate else []
    if compiled.missing:
        notes.append(t("Incomplete: values that could not be read are left out of these figures: {items}.",
                       lang).format(items="; ".join(compiled.missing)))
    if moved:
        notes.append(t(MOVED_NOTE, lang))
    return notes


def plan_scope(compiled: CompiledPlan, year: int | None) -> str:
    period = compiled.plan.plan.period
    return f" {year}" if year else f" {period.start}-{period.end}"
