"""The plan format, version 1 (`format: ecdplan/1`), as pydantic models.

The models know the shape of a plan and the meaning of each key; cross-field rules that need the
whole plan (totals, references, periods) live in `checks.py` so that they can all be reported at once.
Every field carries a description: `ecdplan schema` and docs/format.md are generated from them. The field
types shared with the side files are in fields.py; the side files' models in side_files.py.
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Self, Union

from pydantic import (AfterValidator, BeforeValidator, ConfigDict, Discriminator, Field, Tag, WithJsonSchema,
                      model_validator)

from ecdplan.formats.fields import (
    FIRST_YEAR,
    LAST_YEAR,
    UNIT_DONG,
    Amount,
    Count,
    Id,
    Model,
    Share,
    Text,
    Year,
    new_dict,
    new_list,
    number_not_text,
    refusal,
)
from ecdplan.reference.programmes import PROGRAMME_IDS
from ecdplan.i18n.messages import N_
from ecdplan.vocab import FOREIGN_CURRENCIES

FORMAT = "ecdplan/1"


class Period(Model):
    """A range of whole years, both ends included."""

    start: Year = Field(description=N_("First year."))
    end: Year = Field(description=N_("Last year (inclusive)."))

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise refusal(N_("the period ends ({end}) before it starts ({start})"), end=str(self.end),
                          start=str(self.start))
        return self

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


class Area(Model):
    name: Text = Field(description=N_("The area the plan covers, e.g. 'tỉnh Gia Lai'."))
    communes: Count | None = Field(None, description=N_("Number of communes (xã) in the area; bounds commune counts."))
    districts: Count | None = Field(None, description=N_("Number of districts (huyện) in the area, if known."))
    named_districts: list[Text] = Field(default_factory=new_list,
                                        description=N_("Districts the plan names (e.g. the 16 of the Thanh Hóa "
                                                       "plan)."))
    province: str | None = Field(None, description=N_("The province the area lies in, as the plan names it (e.g. "
                                                   "'Lạng Sơn'). With it, or with named districts or communes, "
                                                   "the places are checked against the registry (A rules)."))
    district: str | None = Field(None, description=N_("The district the area lay in, before 1 July 2025 (e.g. "
                                                   "'huyện Chi Lăng')."))


class Document(Model):
    """A legal or planning document cited by the plan (căn cứ), or the plan's own document."""

    number: str | None = Field(None, description=N_("Document number, e.g. '1437/QĐ-TTg'."))
    date: dt.date | None = Field(None, description=N_("Date issued, YYYY-MM-DD."))
    issuer: str | None = Field(None, description=N_("Who issued it, e.g. 'Thủ tướng Chính phủ'."))
    title: str | None = Field(None, description=N_("What it is about."))
    from_: str | None = Field(None, alias="from", description=N_("Where a fact about it comes from when it is not "
                                                             "in the plan's own text, e.g. 'provincial newspaper "
                                                             "(Báo Gia Lai)'."))


class ParentRef(Document):
    """The plan this plan implements (kế hoạch cấp trên)."""

    id: Id | None = Field(None, description=N_("The parent plan's `plan.id`, when it is encoded too."))
    file: str | None = Field(None, description=N_("Path of the parent plan file, relative to this file."))


PlanLevel = Literal["national", "province", "city", "district", "commune"]


class Currency(Model):
    """A currency other than đồng, with the exchange rate the plan declares."""

    code: Literal[FOREIGN_CURRENCIES] = Field(  # type: ignore[valid-type]
        description=N_("ISO 4217 code of the currency the amounts are in."))
    rate: Annotated[Decimal, BeforeValidator(number_not_text), WithJsonSchema({"type": "number"})] = Field(
        description=N_("Đồng per one unit of the currency (e.g. 25450). Amounts × rate are rounded half up to the "
                    "đồng once, when the plan is compiled."))
    date: dt.date = Field(description=N_("The date of the rate, YYYY-MM-DD."))
    source: Text = Field(description=N_("Where the rate comes from, e.g. 'State Bank of Vietnam central rate' or "
                                     "'UNICEF operational rate of exchange'."))


class AppendixMark(Model):
    """A mark the appendix puts on a column's heading, with the note below the table it refers to."""

    mark: Text = Field(description=N_("The mark as printed, e.g. '(*)'."))
    at: Year | Id = Field(description=N_("What it marks: a year of the period (its heading in the communes "
                                         "columns) or a source id (its column's heading)."))
    note: Text = Field(description=N_("The note the mark refers to, printed below the table after the mark."))


class AppendixHeading(Model):
    """How the plan's appendix (Phụ lục) is headed, where it differs from the plan itself."""

    title: str | None = Field(None, description=N_("The appendix's own title, as printed above its table (the "
                                                   "plan's title when absent)."))
    sources_note: str | None = Field(None, description=N_("Said in parentheses after the heading of the source "
                                                          "columns, e.g. 'không tính nguồn UNICEF'."))
    marks: list[AppendixMark] = Field(default_factory=new_list, description=N_(
        "Marks on year or source headings, each with its note, e.g. (*) on 2026."))


class PlanInfo(Model):
    id: Id = Field(description=N_("Stable identifier, e.g. 'gia-lai-2023-2026'. Used by other plans to cite this one."))
    title: Text = Field(description=N_("Title as issued (Vietnamese)."))
    number: str | None = Field(None, description=N_("Document number, e.g. '245/KH-UBND'."))
    date: dt.date | None = Field(None, description=N_("Date issued, YYYY-MM-DD."))
    issuer: Text = Field(description=N_("Issuing body, e.g. 'UBND tỉnh Gia Lai'."))
    level: PlanLevel = Field(description=N_("Administrative level of the issuer."))
    area: Area = Field(description=N_("The area the plan covers."))
    period: Period = Field(description=N_("Years the plan runs."))
    unit: Literal["VND", "thousand VND", "million VND", "billion VND"] = Field(
        "million VND", description=N_("Unit every amount in the file is written in (the seeds use triệu đồng)."))
    basis: list[Document] = Field(default_factory=new_list, description=N_("Legal basis cited (căn cứ)."))
    parent: ParentRef | None = Field(None, description=N_("The higher-level plan this one implements."))
    notes: str | None = Field(None, description=N_("Free text kept with the plan; never read as a figure."))
    from_: str | None = Field(None, alias="from", description=N_("Where the plan's number or date comes from when "
                                                             "the plan's own text leaves it blank, e.g. "
                                                             "'provincial newspaper (Báo Gia Lai)'."))
    currency: Currency | None = Field(None, description=N_("For a plan whose amounts are in another currency than "
                                                        "đồng (e.g. donor funds in USD): the currency and the "
                                                        "declared exchange rate. Leave `unit` out then."))
    appendix: AppendixHeading | None = Field(None, description=N_("How the appendix table is headed: its own "
                                                                  "title, a note on the sources, marks and notes."))

SourceKind = Literal["ntp", "local-budget", "socialised", "donor", "other"]


class Source(Model):
    id: Id = Field(description=N_("Short id the lines use to name this source, e.g. 'nsdp', 'ntp-dtts'."))
    name: Text = Field(description=N_("Full name, e.g. 'CTMTQG phát triển KT-XH vùng đồng bào DTTS và miền "
                                      "núi'."))
    short: str | None = Field(None, description=N_("Short label for tables, e.g. 'CTMTQG DTTS-MN'."))
    kind: SourceKind = Field(description=N_("ntp = national target program (CTMTQG); local-budget = NSĐP; "
                                         "socialised = XHH; donor; other."))
    component: str | None = Field(None, description=N_("The program's sub-component that pays, e.g. 'Dự án 7'."))
    valid: Period | None = Field(None, description=N_("Years the source exists for (e.g. a 2021-2025 program)."))
    currency: Currency | None = Field(None, description=N_("For a source that gives money in another currency (e.g. "
                                                        "a donor in USD): its amounts (`amount` under an "
                                                        "intervention's sources, its envelopes) are in that "
                                                        "currency, converted at the declared rate."))
    programme: Literal[PROGRAMME_IDS] | None = Field(  # type: ignore[valid-type]
        None, description=N_("The national target programme it is part of, from ecdplan's catalogue (dtts-mn, gnbv, "
                          "ntm, ntp-2026-2035): F002 then says whether the programme or its phase ends."))
    notes: str | None = Field(None, description=N_("Free text kept with the plan; never read as a figure."))

    @property
    def label(self) -> str:
        return self.short or self.name


class Group(Model):
    id: Id = Field(description=N_("Group number as in the appendix, e.g. 'I'."))
    name: Text = Field(description=N_("Group name as in the appendix, e.g. 'Y tế'."))
    total: Amount | None = Field(None, description=N_("Declared subtotal, checked against the lines (B001)."))


class Commune(Model):
    name: Text = Field(description=N_("Commune name as written, e.g. 'Kông Lơng Khơng' (compared after NFC)."))
    district: str | None = Field(None, description=N_("District (huyện) of the commune."))
    formerly: str | None = Field(None, description=N_("What the unit was called before it was moved to the units of "
                                                   "after 1 July 2025 (`ecdplan places --migrate`)."))


def _kind_of_named(value: Any) -> str:
    return "name" if isinstance(value, str) else "commune"


NamedCommune = Annotated[
    Union[Annotated[Text, Tag("name")], Annotated[Commune, Tag("commune")]],
    Discriminator(_kind_of_named),
]

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?$")


def _year_range(value: int | str) -> int | str:
    if isinstance(value, str) and not _YEARS.match(value):
        raise refusal(N_("'{value}' is not a year or a range of years like 2023-2024"), value=value)
    first, last = year_bounds(value)
    if last < first:
        raise refusal(N_("the range '{value}' ends before it starts"), value=value)
    if not (FIRST_YEAR <= first and last <= LAST_YEAR):
        raise refusal(N_("'{value}' is not a year from {first} to {last}"), value=str(value), first=FIRST_YEAR,
                      last=LAST_YEAR)
    return value


YearRange = Annotated[
    int | str,
    AfterValidator(_year_range),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
                              {"type": "string", "pattern": r"^\s*\d{4}\s*([-–]\s*\d{4}\s*)?$"}]}),
]


def year_bounds(value: int | str) -> tuple[int, int]:
    """(first, last) of a YearRange value: 2025 -> (2025, 2025); '2023-2024' -> (2023, 2024)."""
    if isinstance(value, int):
        return value, value
    m = _YEARS.match(value)
    return int(m.group(1)), int(m.group(2) or m.group(1))


class Phase(Model):
    """A stretch of years in which an intervention runs in a fixed number of communes."""

    years: YearRange = Field(description=N_("One year (2025) or a range ('2023-2024')."))
    communes: Count = Field(description=N_("Number of communes the intervention runs in each year of the phase."))
    where: str | None = Field(None, description=N_("The 'where' text of the plan, e.g. '10 xã ĐBKK huyện Kông "
                                                   "Chro'."))
    named: list[NamedCommune] | None = Field(None, description=N_("The communes by name, when the plan names them."))
    from_: str | None = Field(None, alias="from", description=N_("Where the names come from when the plan's own "
                                                             "text does not give them, e.g. 'provincial project "
                                                             "page'."))

    @property
    def first(self) -> int:
        return year_bounds(self.years)[0]

    @property
    def last(self) -> int:
        return year_bounds(self.years)[1]


def _kind_of_rollout(value: Any) -> str:
    return "phases" if isinstance(value, list) else "by_year"


Rollout = Annotated[
    Union[Annotated[list[Phase], Tag("phases")], Annotated[dict[Year, Count], Tag("by_year")]],
    Discriminator(_kind_of_rollout),
]


class Cost(Model):
    """What an intervention costs, in the plan's unit. Give at least one; if several, they must agree (B003)."""

    total: Amount | None = Field(None, description=N_("Declared total over the whole period."))
    per_commune_year: Amount | None = Field(None, description=N_("Unit cost for one commune for one year."))
    by_year: dict[Year, Amount] | None = Field(None, description=N_("Explicit amount for each year."))


class Funding(Model):
    source: Id = Field(description=N_("Id of a source in `sources:`."))
    share: Share | None = Field(None, description=N_("Percent of the intervention's cost this source pays."))
    amount: Amount | None = Field(None, description=N_("Amount this source pays over the period."))


def _kind_of_funding(value: Any) -> str:
    return "id" if isinstance(value, str) else "funding"


FundingItem = Annotated[
    Union[Annotated[Id, Tag("id")], Annotated[Funding, Tag("funding")]],
    Discriminator(_kind_of_funding),
]


class Beneficiaries(Model):
    count: Count = Field(description=N_("How many people benefit (e.g. 253 children)."))
    per: Literal["year", "total", "commune-year"] = Field("year", description=N_("What the count is for."))
    who: str | None = Field(None, description=N_("Who benefits, e.g. 'trẻ suy dinh dưỡng cấp tính nặng'."))


class Intervention(Model):
    id: Id = Field(description=N_("Short id of the line, e.g. 'imam'; used by progress files and scenarios."))
    group: Id | None = Field(None, description=N_("Id of the group (section) the line belongs to."))
    name: Text = Field(description=N_("Name of the line (intervention, model) as in the appendix."))
    lead: str | None = Field(None, description=N_("Lead agency (cơ quan chủ trì)."))
    cooperating: list[Text] = Field(default_factory=new_list, description=N_("Cooperating agencies (phối hợp)."))
    staff: str | None = Field(None, description=N_("Who carries it out (nhân lực triển khai)."))
    years: YearRange | None = Field(None, description=N_("When the line runs, if it has no commune rollout "
                                                       "(e.g. '2019-2025' for an annual activity)."))
    rollout: Rollout | None = Field(None, description=N_("Phases (list) or communes per year (mapping year: count)."))
    cost: Cost | None = Field(None, description=N_("What the line costs; none means unbudgeted (not zero)."))
    sources: list[FundingItem] = Field(
        default_factory=new_list,
        description=N_("Eligible sources: ids, or {source, share} / {source, amount}. "
                    "With neither shares nor amounts the cost is split equally, and reported as such."))
    beneficiaries: Beneficiaries | None = Field(None, description=N_("Expected beneficiaries."))
    notes: str | None = Field(None, description=N_("Free text kept with the plan; never read as a figure."))

    def communes_by_year(self) -> dict[int, int]:
        """Communes active in each year, from phases or per-year counts (later phases win on overlap)."""
        if self.rollout is None:
            return {}
        if isinstance(self.rollout, dict):
            return dict(sorted(self.rollout.items()))
        out: dict[int, int] = {}
        for phase in self.rollout:
            for year in range(phase.first, phase.last + 1):
                out[year] = phase.communes
        return dict(sorted(out.items()))

    def active_years(self, period: Period) -> list[int]:
        """Years the line runs: its rollout, else its `years`, else the whole plan period."""
        counts = self.communes_by_year()
        if counts:
            return [y for y, n in counts.items() if n > 0]
        if self.years is not None:
            first, last = year_bounds(self.years)
            return list(range(first, last + 1))
        return list(period.years)

    def funding(self) -> list[Funding]:
        """The eligible sources, each once (a repeated source is I004 and counts once, as meant)."""
        out, seen = [], set()
        for f in self.sources:
            item = Funding(source=f) if isinstance(f, str) else f
            if item.source not in seen:
                seen.add(item.source)
                out.append(item)
        return out


class Indicator(Model):
    id: Id = Field(description=N_("Short id of the indicator, e.g. 'access'."))
    name: Text = Field(description=N_("What is measured, as the plan words it."))
    unit: Literal["percent", "count", "number"] = Field("percent", description=N_("percent, count or number."))
    direction: Literal["up", "down"] = Field("up", description=N_("Whether higher values are better."))
    milestones: dict[Year, Annotated[Decimal, BeforeValidator(number_not_text),
                                     WithJsonSchema({"type": "number"})]] = Field(
        description=N_("Target value by year, e.g. {2020: 70, 2025: 90}."))


class Deadline(Model):
    """A reporting obligation: a fixed date, or a day of every year of the period."""

    report: Text = Field(description=N_("What is reported."))
    by: str | None = Field(None, description=N_("Who reports."))
    to: str | None = Field(None, description=N_("To whom."))
    due: dt.date | None = Field(None, description=N_("A fixed date, YYYY-MM-DD."))
    yearly: Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")] | None = Field(
        None, description=N_("A day of every year, MM-DD (e.g. '12-05' for before 5 December)."))
    every: Literal["month", "quarter", "half-year", "year"] | None = Field(
        None, description=N_("How often, when the plan gives no date."))
    notes: str | None = Field(None, description=N_("Free text kept with the plan; never read as a figure."))

    @model_validator(mode="after")
    def _real_day(self) -> Self:
        if self.yearly is not None:
            month, day = map(int, self.yearly.split("-"))
            if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
                raise refusal(N_("yearly '{yearly}': month {month} has no day {day}"), yearly=self.yearly, month=month,
                              day=day)
        return self


class Responsibility(Model):
    """A body's part in carrying out the plan (Tổ chức thực hiện)."""

    body: Text = Field(description=N_("The body, e.g. 'Sở Y tế' or 'Công chức Văn hóa - Xã hội'."))
    role: Literal["lead", "cooperate", "fund", "monitor", "implement"] = Field(
        "implement", description=N_("lead = chủ trì; cooperate = phối hợp; fund = arranges money; monitor = "
                                 "checks and reports; implement = carries out its share."))
    lines: list[Id] = Field(default_factory=new_list,
                            description=N_("Ids of the interventions it works on; empty means the plan as a whole."))
    tasks: list[Text] = Field(default_factory=new_list, description=N_("Its tasks, as the plan words them."))


class RelatedDocument(Model):
    """A document that came with the plan: the submission asking for it, a consultation report, ..."""

    kind: Literal["submission", "consultation", "report", "decision", "other"] = Field(
        description=N_("submission = Tờ trình; consultation = report on comments (Báo cáo lấy ý kiến); ..."))
    number: str | None = Field(None, description=N_("Document number, e.g. '59/TTr-LĐTBXH'."))
    date: dt.date | None = Field(None, description=N_("Date, YYYY-MM-DD."))
    issuer: str | None = Field(None, description=N_("Who issued it."))
    title: str | None = Field(None, description=N_("What it is about."))
    agreed: list[Text] = Field(default_factory=new_list, description=N_("Bodies that agreed (for a consultation)."))
    notes: str | None = Field(None, description=N_("Free text kept with the plan; never read as a figure."))
    from_: str | None = Field(None, alias="from", description=N_("Where a fact about it comes from when it is not "
                                                             "in the plan's own text."))


class Acceptance(Model):
    """A finding that was reviewed and is accepted as it is, with the reason: shown as accepted, not counted."""

    model_config = ConfigDict(extra="allow")  # the figures the accepted findings are about (the rule's subject)

    rule: str = Field(description=N_("The rule code of the accepted findings, e.g. 'F002'. Only warnings can be "
                                  "accepted (I008)."))
    reason: Text = Field(description=N_("Why the findings are right as they are: who reviewed them and what they "
                                     "decided."))
    path: str | None = Field(None, description=N_("Accept only the finding at this place, written as findings show "
                                               "it (e.g. 'interventions[imam].sources[ntp-gnbv]')."))


class Plan(Model):
    """An ECD plan (Kế hoạch)."""

    format: Literal["ecdplan/1"] = Field(description=N_("Format version of this file."))
    # `info` in Python (`compiled.plan.info.period`, not `plan.info.period`); written `plan:` in a file
    info: PlanInfo = Field(alias="plan", description=N_("What the plan is: id, title, issuer, level, area, period, "
                                                        "unit."))
    sources: list[Source] = Field(default_factory=new_list, description=N_("Catalogue of funding sources."))
    groups: list[Group] = Field(default_factory=new_list, description=N_("Groups (sections) of the appendix table."))
    interventions: list[Intervention] = Field(default_factory=new_list, description=N_("The lines of the plan."))
    total: Amount | None = Field(None, description=N_("Declared grand total (Tổng cộng), checked (B002)."))
    indicators: list[Indicator] = Field(default_factory=new_list, description=N_("Targets with milestones."))
    reporting: list[Deadline] = Field(default_factory=new_list, description=N_("Reporting deadlines."))
    envelopes: dict[Id, dict[Year, Amount]] = Field(
        default_factory=new_dict,
        description=N_("Funding envelopes: the most each source can give per year (source id: {year: amount}). A "
                    "source listed here gives nothing in years it does not list; a source not listed is unlimited. "
                    "`ecdplan funding --envelopes FILE` can supply or override them."))
    responsibilities: list[Responsibility] = Field(default_factory=new_list,
                                                   description=N_("Who does what (Tổ chức thực hiện)."))
    documents: list[RelatedDocument] = Field(default_factory=new_list,
                                             description=N_("Documents that came with the plan."))
    accepted: list[Acceptance] = Field(
        default_factory=new_list,
        description=N_("Findings reviewed and accepted, each with its reason: the rule, and the figures its findings "
                    "are about (F002: source; O001: body; A002: kind and years; A003, A005: name) or a `path`. "
                    "They are shown as accepted and not counted; an entry that matches nothing is I007, one that "
                    "names an unknown rule, an error or a field the rule does not have is I008."))

    @property
    def dong_per_unit(self) -> int | Decimal:
        """Đồng per unit of the amounts: the unit's, or the declared exchange rate of a plan in another currency."""
        if self.info.currency is not None:
            return self.info.currency.rate
        return UNIT_DONG[self.info.unit]

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def group(self, group_id: str | None) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)
