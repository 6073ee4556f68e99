"""The side-file formats, as pydantic models: envelopes (`ecdplan-envelopes/1`), scenarios
(`ecdplan-scenario/1`) and progress files (`ecdplan-progress/1`). Each is read by the plans' loader and
strictness; which format a file is, the registry (registry.py) decides."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Self, Union

from pydantic import BeforeValidator, Discriminator, Field, PrivateAttr, Tag, WithJsonSchema, model_validator

from ecdplan.formats.fields import (
    UNIT_DONG,
    Amount,
    Count,
    Id,
    Model,
    Text,
    Year,
    new_dict,
    new_list,
    number_not_text,
    refusal,
)
from ecdplan.formats.plan import Cost, FundingItem, Rollout, YearRange
from ecdplan.i18n.messages import N_

ENVELOPES_FORMAT = "ecdplan-envelopes/1"


class EnvelopeFile(Model):
    """A separate file of funding envelopes (`ecdplan funding --envelopes FILE`)."""

    format: Literal["ecdplan-envelopes/1"] = Field(description=N_("Format version of this file."))
    unit: Literal["VND", "thousand VND", "million VND", "billion VND"] | None = Field(
        None, description=N_("Unit of the amounts below; left out, the plan's unit."))
    envelopes: dict[Id, dict[Year, Amount]] = Field(description=N_("source id: {year: amount}."))
    plan: str | None = Field(None, description=N_("The plan file these envelopes are for, relative to this file: "
                                               "`ecdplan validate` then checks them against it."))
    notes: str | None = None


class InterventionOverride(Model):
    """What a scenario changes in one intervention; keys given replace the plan's."""

    rollout: Rollout | None = None
    cost: Cost | None = None
    sources: list[FundingItem] | None = None
    years: YearRange | None = None


class Scenario(Model):
    """A scenario: overrides of parts of a plan (`ecdplan compare PLAN --scenario FILE`)."""

    format: Literal["ecdplan-scenario/1"] = Field(description=N_("Format version of this file."))
    name: Text = Field(description=N_("Short name shown as the column heading."))
    description: str | None = None
    plan: str | None = Field(None, description=N_("The plan file this scenario changes, relative to this file: "
                                               "`ecdplan validate` then checks it against it."))
    interventions: dict[Id, InterventionOverride] = Field(default_factory=new_dict,
                                                          description=N_("Overrides by intervention id."))
    envelopes: dict[Id, dict[Year, Amount]] | None = Field(
        None, description=N_("Envelopes that replace the plan's, source by source (in the plan's unit)."))


# --- progress files (ecdplan-progress/1): what was done against a plan in one period; see progress.py ---------

PROGRESS_FORMAT = "ecdplan-progress/1"
_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:-\s*H([12])\s*)?$")

class PlanLink(Model):
    """The plan this progress file reports on."""

    id: Id = Field(description=N_("The plan's `plan.id`; must match the plan file (G010)."))
    file: Text = Field(description=N_("Path of the plan file, relative to this progress file."))


class DateRange(Model):
    """Any stretch of days within one calendar year, both ends included."""

    start: dt.date = Field(alias="from", description=N_("First day, YYYY-MM-DD."))
    end: dt.date = Field(alias="to", description=N_("Last day (inclusive), YYYY-MM-DD."))

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise refusal(N_("the period ends ({end}) before it starts ({start})"), end=str(self.end),
                          start=str(self.start))
        return self


def _period_text(value: Any) -> Any:
    if isinstance(value, bool):
        raise refusal(N_("a period is a year, a half-year or `from`/`to` dates, not true/false"))
    if isinstance(value, int):
        if not 1900 <= value <= 2200:
            raise refusal(N_("{value} is not a year"), value=value)
        return value
    if not isinstance(value, str):
        raise refusal(N_("a period is a year (2023), a half-year (2024-H1) or {{from: date, to: date}}"))
    if not _PERIOD.match(value):
        raise refusal(N_("'{value}' is not a period: write a year (2023), a half-year (2024-H1 or 2024-H2) or "
                         "`from`/`to` dates"), value=value)
    return value


def _kind_of_period(value: Any) -> str:
    return "range" if isinstance(value, dict) else "label"


PeriodValue = Annotated[
    Union[Annotated[Annotated[int | str, BeforeValidator(_period_text),
                              WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1900, "maximum": 2200},
                                                        {"type": "string", "pattern": r"^\s*\d{4}\s*(-\s*H[12]\s*)?$"}]})],
                    Tag("label")],
          Annotated[DateRange, Tag("range")]],
    Discriminator(_kind_of_period),
]

ByComponent = dict[Text, Amount]
Disbursed = Annotated[
    Union[Annotated[Amount, Tag("amount")], Annotated[ByComponent, Tag("components")]],
    Discriminator(lambda v: "components" if isinstance(v, dict) else "amount"),
]


class LineProgress(Model):
    """What was done on one line of the plan in the period."""

    communes: Count | list[Text] | None = Field(
        None, description=N_("Communes actually reached: how many, or their names (compared after NFC)."))
    beneficiaries: Count | None = Field(None, description=N_("People reached in the period (e.g. children treated)."))
    disbursed: dict[Id, Disbursed] = Field(
        default_factory=new_dict,
        description=N_("Money disbursed by source id, in the file's unit: an amount, or {sub-project: amount}."))
    activities: list[Text] = Field(default_factory=new_list, description=N_("Activities done, as free text."))
    notes: str | None = None


class Measurement(Model):
    """One measured value of an indicator."""

    value: Annotated[Decimal, WithJsonSchema({"type": "number"})] = Field(description=N_("The value measured."))
    date: dt.date = Field(description=N_("When it was measured, YYYY-MM-DD."))
    source: Text = Field(description=N_("Where the figure comes from (survey, register, report)."))
    notes: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _number(cls, data: Any) -> Any:
        if isinstance(data, dict) and "value" in data:
            data = dict(data)
            data["value"] = number_not_text(data["value"])
        return data


class ProgressFile(Model):
    """Progress against a plan in one reporting period (`ecdplan progress PLAN FILE...`)."""

    format: Literal["ecdplan-progress/1"] = Field(description=N_("Format version of this file."))
    illustrative: bool = Field(False, description=N_("True when the figures are made up for illustration, not real "
                                                  "data: every output of the file says so."))
    plan: PlanLink = Field(description=N_("The plan reported on."))
    period: PeriodValue = Field(description=N_("A year (2023), a half-year ('2024-H1') or {from: date, to: date} "
                                            "within one calendar year."))
    reported_by: str | None = Field(None, description=N_("Who reports."))
    reported_on: dt.date | None = Field(None, description=N_("Date of the report, YYYY-MM-DD."))
    unit: Literal["VND", "thousand VND", "million VND", "billion VND"] | None = Field(
        None, description=N_("Unit of every amount in the file; left out, the plan's unit (its currency for a plan in "
                          "another currency)."))
    lines: dict[Id, LineProgress] = Field(default_factory=new_dict, description=N_("Progress by intervention id."))
    indicators: dict[Id, list[Measurement]] = Field(default_factory=new_dict,
                                                    description=N_("Measured values by indicator id."))
    notes: str | None = None

    # the plan's unit, set when the file is checked against its plan: a file that states no unit inherits it
    _plan_unit: Any = PrivateAttr(default=None)
    _plan_dong_per_unit: Any = PrivateAttr(default=None)

    def inherit_unit(self, plan: Any) -> None:
        """A file that states no `unit:` is in its plan's unit (or currency)."""
        self._plan_dong_per_unit = plan.dong_per_unit
        self._plan_unit = plan.info.currency.code if plan.info.currency is not None else plan.info.unit

    @property
    def amount_unit(self) -> str:
        """The unit the file's amounts are in: its own, else its plan's (million VND when no plan is known)."""
        return self.unit or self._plan_unit or "million VND"

    @property
    def dong_per_unit(self) -> int | Decimal:
        if self.unit is not None:
            return UNIT_DONG[self.unit]
        return self._plan_dong_per_unit if self._plan_dong_per_unit is not None else UNIT_DONG["million VND"]
