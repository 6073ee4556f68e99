"""Findings: what a check reports about a plan, and the catalogue of rules that produce them.

Every rule has a stable code, a severity and one documentation entry here; `ecdplan rules`
lists this catalogue and the README's rule table is generated from it (see tests).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from ecdplan.i18n.messages import N_, Amount, Phrase, Word, decimal_comma, in_lang  # noqa: F401 (the message type)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    fix: str
    fatal: bool = False  # the file cannot be used at all: exit status 2


E, W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        # L: loading the file
        Rule("L001", "unreadable-file", E, N_("The file cannot be read: missing, too large, or not UTF-8 text."),
             N_("Check the path; save the file as UTF-8 (with or without BOM)."), fatal=True),
        Rule("L002", "yaml-syntax", E, N_("The file is not valid YAML."),
             N_("Fix the YAML at the position shown (indentation, quotes, colons)."), fatal=True),
        Rule("L003", "root-not-mapping", E, N_("The top of the file must be a mapping of keys (format:, plan:, ...)."),
             N_("Start the file with `format: ecdplan/1` and the plan's keys."), fatal=True),
        Rule("L004", "duplicate-key", E, N_("A key appears twice in the same mapping; YAML would silently keep the last."),
             N_("Delete or rename one of the two keys.")),
        Rule("L005", "alias-not-allowed", E, N_("YAML anchors and aliases (&x, *x) are not accepted in plan files."),
             N_("Write the value out in full where it is used.")),
        Rule("L006", "ambiguous-thousands", E,
             N_("A number like `9.300` is written with a dot before three digits: in Vietnamese that is 9,300, "
             "but YAML reads 9.3."),
             N_("Write thousands without separators (9300); write a real decimal with fewer or more than three "
             "digits after the dot (9.3, 9.3000).")),
        Rule("L007", "not-finite", E, N_("Not-a-number, infinite (.nan, .inf) or too large values are not amounts: "
             "every amount, count, share and year is below 10^18 in the plan's unit, with at most 20 decimal places."),
             N_("Write a real number within the bound; check the plan's unit.")),
        Rule("L008", "too-deep", E, N_("The file nests deeper, or holds more values (1,500,000), than any plan needs."),
             N_("Flatten the structure; plans need only a few levels and far fewer values."), fatal=True),
        Rule("L009", "yaml11-number", E,
             N_("A value is written in a notation that YAML 1.1 reads differently from what a reader sees: a leading "
             "zero (042 is octal 34), 0x/0b prefixes, base 60 (1:30 is 90), underscores, a + sign, an exponent, an "
             "explicit tag (!!int), or yes/no/on/off/y/n (read as true/false)."),
             N_("Write numbers in plain digits (42, 9300, 12.5); put text in quotes ('no', '042').")),
        Rule("L010", "control-character", E, N_("The text holds a control character (U+0000-U+001F except tab, "
             "line feed and carriage return; U+007F-U+009F); it is removed from the value."),
             N_("Delete the character (often pasted from another program); the finding names its code point.")),
        # S: the plan format
        Rule("S001", "schema", E, N_("A value does not fit the plan format (missing key, unknown key, wrong type)."),
             N_("See the format reference in docs/format.md or the JSON Schema in schemas/plan.schema.json.")),
        Rule("S002", "negative-amount", E, N_("An amount, count or share is negative."),
             N_("Amounts, commune counts and shares are zero or more.")),
        Rule("S003", "unsupported-format", E, N_("The `format:` key names a version this ecdplan does not know."),
             N_("Use `format: ecdplan/1`."), fatal=True),
        # I: identifiers and references
        Rule("I001", "duplicate-id", E, N_("Two items of the same list share an id."),
             N_("Give every group, intervention, source and indicator its own id.")),
        Rule("I002", "unknown-group", E, N_("An intervention names a group that the plan does not define."),
             N_("Add the group under `groups:` or correct the id.")),
        Rule("I003", "unknown-source", E, N_("An intervention names a funding source that is not in `sources:`."),
             N_("Add the source to the catalogue or correct the id.")),
        Rule("I004", "repeated-item", E, N_("A list names the same thing twice: a commune in one phase, a source of "
             "one line, a body among a line's cooperating bodies. Names are compared after NFC and space "
             "normalisation, so 'Sở Y tế' typed with a non-breaking space is the same body."),
             N_("Delete the repetition. A repeated source counts once in the figures.")),
        Rule("I005", "unknown-line", E, N_("A scenario changes an intervention that the plan does not have."),
             N_("Use an intervention id of the plan (`ecdplan budget` lists them).")),
        # B: budget totals
        Rule("B001", "group-total-mismatch", E, N_("A group's declared subtotal differs from the sum of its lines."),
             N_("Correct the subtotal or the line costs; the finding shows declared, computed and difference.")),
        Rule("B002", "grand-total-mismatch", E, N_("The declared grand total differs from the sum of all lines."),
             N_("Correct `total:` or the line costs; the finding shows declared, computed and difference.")),
        Rule("B003", "cost-breakdown-mismatch", E,
             N_("An intervention's declared total differs from its per-year amounts, its unit cost times "
             "commune-years, or its per-source amounts."),
             N_("Make the breakdown add up to the declared total, or drop one of them.")),
        Rule("B004", "sub-dong-amount", E, N_("An amount converts to a fraction of a đồng in the plan's unit."),
             N_("Round the amount to whole đồng.")),
        # R: rollout
        Rule("R001", "phase-outside-period", E, N_("A rollout phase or per-year count lies outside the plan period."),
             N_("Move the phase inside `plan.period` or widen the period.")),
        Rule("R002", "phase-overlap", E, N_("Two rollout phases of one intervention cover the same year."),
             N_("Make the phases' year ranges disjoint.")),
        Rule("R003", "phase-gap", W, N_("An intervention's phases leave a year without rollout between them."),
             N_("Add a phase for the missing years, or confirm the pause is intended.")),
        Rule("R004", "communes-exceed-area", E, N_("A commune count is larger than the communes of the plan's area."),
             N_("Correct the count or `plan.area.communes`.")),
        Rule("R005", "coverage-shrinks", W, N_("An intervention reaches fewer communes in a year than the year before."),
             N_("Confirm communes are meant to leave the intervention.")),
        Rule("R006", "named-communes-mismatch", E, N_("A phase names a different number of communes than its count."),
             N_("List exactly `communes:` names, or correct the count.")),
        Rule("R007", "money-without-communes", W, N_("A line with a commune rollout has money in a year in which "
             "it runs in no commune; the per-commune listing shows that money on a row of its own."),
             N_("Add the year to the rollout, move the money to a year with communes, or confirm it is spent "
             "without communes (e.g. preparation).")),
        Rule("R008", "year-outside-period", E, N_("A line's `years`, a per-year cost or an envelope year lies outside "
             "the plan period (e.g. `by_year: {2062: 80}`, a typo for 2026)."),
             N_("Correct the year, or widen `plan.period` if the plan really runs that long.")),
        # F: funding sources
        Rule("F001", "shares-not-100", E, N_("The shares of an intervention's sources do not add up to 100%."),
             N_("Correct the shares so they add up to 100.")),
        Rule("F002", "source-outside-validity", W,
             N_("A source is used in a year outside the years it is valid for (e.g. a 2021-2025 national target "
             "program funding 2026)."),
             N_("Confirm the program will be extended, or fund that year from another source.")),
        Rule("F003", "no-eligible-source", E, N_("An intervention with a cost has no eligible funding source."),
             N_("List at least one source under the intervention's `sources:`.")),
        Rule("F004", "mixed-split", E, N_("An intervention's sources mix shares and amounts, or give some a share "
             "and others none."), N_("Give every source a share, every source an amount, or none of them.")),
        # T: targets and reporting
        Rule("T001", "target-out-of-range", E, N_("A percent target is outside 0-100."),
             N_("Correct the value or the indicator's unit.")),
        Rule("T002", "milestone-outside-period", E, N_("An indicator milestone lies outside the plan period."),
             N_("Move the milestone into the period or widen the period.")),
        Rule("T003", "target-decreasing", W, N_("An indicator's milestones go down over time."),
             N_("Confirm the indicator is one where lower is better (set `direction: down`).")),
        Rule("T004", "deadline-outside-period", W, N_("A reporting deadline lies outside the plan period."),
             N_("Check the date's year.")),
        # P: plans within plans (checked against the parent's own file)
        Rule("P001", "parent-not-found", E, N_("The parent plan file named in `plan.parent.file` is missing or "
             "cannot be used."), N_("Correct the path (relative to this file), or fix the parent file.")),
        Rule("P002", "period-outside-parent", E, N_("The plan's period is not within its parent plan's period."),
             N_("Correct this plan's period or the parent reference.")),
        Rule("P003", "level-not-below-parent", E, N_("The plan is not at a lower level than its parent "
             "(commune < district/city < province < national)."), N_("Check both plans' `level`.")),
        Rule("P004", "parent-citation-mismatch", E, N_("The plan cites its parent with a number, date or id that "
             "differs from the parent file."), N_("Copy the parent's number and date exactly as the parent file has them.")),
        Rule("P005", "applied-plan-not-found", E, N_("The plan named by a scenario or envelope file's `plan:` is "
             "missing or cannot be used."), N_("Correct the path (relative to the side file), or fix that plan.")),
        # A: places (administrative units) in the years the plan uses them; see places.py for the year rule
        Rule("A001", "place-not-in-year", E, N_("A plan drawn up on the new map (issued, or starting, after 1 July "
             "2025) names a place (its area, a district or commune) in a year in which it does not exist: it was "
             "abolished or merged on 1 July 2025, or did not exist yet; the finding names its successors."),
             N_("Name the unit that exists in that year (`ecdplan places NAME`, or `ecdplan places --migrate PLAN`).")),
        Rule("A002", "place-changed-during-plan", W, N_("A plan drawn up before 1 July 2025 names a place that ended "
             "(or began) on that date, in a year the plan runs: for part of 2025, or after it; the finding names "
             "its successors. The plan is out of date there, not wrong for its day."),
             N_("When the plan is revised or extended, name the units of the new map (`ecdplan places --migrate`).")),
        Rule("A003", "place-not-identified", W, N_("A place name is not in the registry of administrative units, is "
             "ambiguous (the finding lists the candidates with their province), or holds control characters."),
             N_("Correct the spelling, or give `plan.area.province` / the commune's `district` to narrow it.")),
        Rule("A004", "communes-exceed-units", W, N_("A commune count in a year after the reform is larger than the "
             "real number of communes and wards of the plan's province (e.g. Gia Lai has 135 since 1/7/2025)."),
             N_("Count the communes of the new map, or say which units are meant.")),
        # O: organisations (government bodies) that were merged, renamed or abolished
        Rule("O001", "body-no-longer-exists", W, N_("A deadline, responsibility, lead or cooperating body names a "
             "body that no longer exists at that date (merged, renamed or abolished in 2025); the finding names "
             "its successor and the legal basis."), N_("Address the successor body.")),
        # D: the documents the plan cites, and the plan's own document
        Rule("D001", "document-cited-inconsistently", E, N_("The same document number is cited with different "
             "dates or issuers in the plan."), N_("Copy the number, date and issuer exactly from the document.")),
        Rule("D002", "plan-is-draft", W, N_("The plan's own number or date is left blank ('/KH-UBND', or a number "
             "without a date): it is a draft (ecdplan has only errors and warnings; a draft is a warning). A plan "
             "that gives neither is not judged."),
             N_("Fill in `plan.number` and `plan.date` once the plan is issued.")),
        Rule("D003", "cited-period-ends-before-plan", W, N_("A cited document's own period (e.g. 'giai đoạn "
             "2021-2025' in its title) ends before the plan's period does. Reports ('Báo cáo ...'), being about "
             "the years behind them, are left alone."),
             N_("Cite the document that covers the later years, or confirm the old one still applies.")),
        Rule("D004", "plan-number-inconsistent", W, N_("The plan's number, date or title does not agree with what the "
             "plan says of itself: a year in the number other than its date's, a 'KH-UBND' number for a plan not "
             "issued by a UBND, a date before its parent's, a 'giai đoạn' in its title other than its period."),
             N_("Correct the number, date, title, period or issuer.")),
        # C: currencies and exchange rates
        Rule("C001", "exchange-rate-implausible", E, N_("A declared exchange rate is zero, negative, absurdly large, "
             "or written in a way YAML reads differently (`1_000`)."),
             N_("Write the rate as a plain number of đồng per unit of the currency (e.g. 25450).")),
        Rule("C002", "unit-and-currency", E, N_("The plan gives both `unit` (amounts in đồng) and `currency` (amounts "
             "in another currency): which one its amounts are in would be a guess."),
             N_("Keep `unit` for a plan in đồng, or `currency` for a plan in another currency; not both.")),
    ]
}

# G: progress files (`format: ecdplan-progress/1`), checked against the plan they report on
RULES.update({r.code: r for r in [
    Rule("G001", "unknown-line", E, N_("A progress file reports on a line (intervention id) that the plan does not have."),
         N_("Use an intervention id of the plan (see `ecdplan budget PLAN`).")),
    Rule("G002", "unknown-source", E, N_("A progress file reports money from a source that is not in the plan's "
         "`sources:`."), N_("Use a source id of the plan's catalogue.")),
    Rule("G003", "source-not-eligible", E, N_("A progress file reports money from a source that the line may not draw "
         "on (it is not among the line's `sources:`; a line that lists none may draw on any source of the plan)."), N_("Correct the source, or add it to the line in the plan.")),
    Rule("G004", "period-outside-plan", E, N_("The progress file's period lies outside the plan period."),
         N_("Correct `period:` (e.g. 2024, 2024-H1) or the plan the file names.")),
    Rule("G005", "disbursed-above-allocation", W, N_("More was disbursed from a source on a line than the plan "
         "allocates to the period (the year's planned amount; half of it for a half-year, by largest remainder; "
         "in proportion to days for a date range)."),
         N_("Check the amount and its unit; or confirm the overspend (the execution table shows it).")),
    Rule("G006", "communes-above-rollout", W, N_("More communes were reached on a line than the plan rolls it out to "
         "in that year."), N_("Check the count, or update the plan's rollout.")),
    Rule("G007", "communes-above-area", E, N_("More communes were reached on a line than the plan's area has."),
         N_("Correct the count or the plan's `plan.area.communes`.")),
    Rule("G008", "commune-not-in-rollout", E, N_("A commune reached (by name) is not among the communes the plan "
         "names for that line and year (compared after NFC, ignoring case and spacing)."),
         N_("Correct the spelling, or add the commune to the plan's rollout.")),
    Rule("G009", "plan-not-found", E, N_("The plan file named in `plan.file` is missing or cannot be used."),
         N_("Correct the path (relative to the progress file), or fix the plan file.")),
    Rule("G010", "plan-id-mismatch", E, N_("The progress file names a plan id that differs from the plan file's "
         "`plan.id`: it belongs to another plan."), N_("Name the plan file this progress belongs to, with its id.")),
    Rule("G011", "period-spans-years", E, N_("A date-range period runs over more than one calendar year."),
         N_("Give one progress file per year or half-year.")),
    Rule("G012", "unknown-indicator", E, N_("A progress file measures an indicator that the plan does not have."),
         N_("Use an indicator id of the plan (see `ecdplan targets PLAN`).")),
]})


@dataclass
class Finding:
    code: str
    message: str
    file: str = ""
    line: int = 0
    col: int = 0
    path: str = ""  # readable location in the plan, e.g. interventions[imam].rollout
    figures: dict[str, object] = field(default_factory=dict)  # declared / computed / difference ...
    path_key: tuple | None = field(default=None, compare=False, repr=False)  # the data path, for programs
    # the message as an English msgid with {placeholders} and their values: shown in the reader's language
    template: str | None = field(default=None, compare=False, repr=False)
    params: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def text(self, lang: str = "en") -> str:
        """The message in `lang` (English where no translation exists yet)."""
        if lang == "en" or self.template is None:
            return self.message
        from ecdplan.i18n.labels import t

        params = {k: in_lang(v, lang) for k, v in self.params.items()}
        return t(self.template, lang).format(**{**params, **plan_unit(self.params, lang)})


    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def hint(self) -> str:
        return self.rule.fix

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "rule": self.rule.name,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "message": self.message,
            "figures": self.figures,
            "hint": self.hint,
        }

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.code)


PLAN_UNITS = {"VND": "vnd", "thousand VND": "thousand", "million VND": "million", "billion VND": "billion"}


def plan_unit(values: dict, lang: str) -> dict[str, str]:
    """A plan's unit ('million VND') in `lang` ('triệu đồng'), for messages that name it."""
    unit = values.get("unit")
    if lang == "en" or unit not in PLAN_UNITS:
        return {}
    from ecdplan.i18n.labels import UNIT_LABEL

    return {"unit": UNIT_LABEL[lang][PLAN_UNITS[unit]]}
