"""Findings: what a check reports about a plan, and the catalogue of rules that produce them.

Every rule has a stable code, a severity and one documentation entry here; `ecdplan rules`
lists this catalogue and the README's rule table is generated from it (see tests).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ecdplan.i18n.messages import N_, Amount, Phrase, Word, decimal_comma, in_lang  # noqa: F401 (the message type)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, kw_only=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    fix: str
    fatal: bool = False  # the file cannot be used at all: exit status 2
    # the figures that say what a finding is about (F002: the source; O001: the body): findings of one rule in one
    # file with the same subject are one finding, listing its other places (`Finding.also`); an acceptance in the
    # plan (`accepted:`) names the rule and these figures, or a path
    subject: tuple[str, ...] = ()


E, W = Severity.ERROR, Severity.WARNING

# The catalogue, in the order `ecdplan rules` lists it. Each family of rules keeps its entries next to its checks
# (rules/budget.py, ...); rules/catalogue.py fills this from them when the package ecdplan.rules is imported,
# which any import of this module does first.
RULES: dict[str, Rule] = {}
UNSET: Any = type("Unset", (), {"__repr__": lambda self: "UNSET", "__slots__": ()})()  # not worked out yet


@dataclass(kw_only=True)
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
    # the other findings of the same rule and subject in the file (rules/grouping.py): its other places
    also: list[Finding] = field(default_factory=list, compare=False, repr=False)
    more: int = field(default=0, compare=False)  # more places of the subject, counted but not kept (PLACES_KEPT)
    accepted: str | None = field(default=None, compare=False)  # the reason, when the plan accepts this finding
    cell: str = ""  # the spreadsheet cell the value came from, for a plan imported from one ('Phụ lục!H12')
    # what it is about (subject_of), worked out once when it is recorded: 136,000 places of one name are one subject
    subject: Any = field(default=UNSET, compare=False, repr=False)

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
            "also": [other.where_said() for other in self.also],
            "also_not_listed": self.more,
            "accepted": self.accepted,
        } | ({"cell": self.cell} if self.cell else {})

    @property
    def place(self) -> str:
        """`file:line:col`; for a spreadsheet read in memory `file:Sheet!H12`, for a plan imported from one
        `file:line:col [Sheet!H12]`."""
        if self.file.lower().endswith((".xlsx", ".xlsm", ".csv")):  # its YAML lines are ecdplan's, not the file's
            return f"{self.file}:{self.cell or self.path}" if self.cell or self.path else self.file
        if self.cell:
            return f"{self.file}:{self.line}:{self.col} [{self.cell}]"
        return f"{self.file}:{self.line}:{self.col}"

    def where_said(self) -> dict[str, object]:
        """Where the finding is and what it says there, as a grouped finding lists its other places (`also`), with
        the place's name when it has one."""
        out: dict[str, object] = {"file": self.file, "line": self.line, "col": self.col, "path": self.path,
                                  "message": self.message}
        if isinstance(self.figures.get("name"), str):
            out["name"] = self.figures["name"]
        if self.cell:
            out["cell"] = self.cell
        return out

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.code)

    @classmethod
    def at(cls, code: str, path: tuple, template: str, params: dict[str, object], **figures: object) -> Finding:
        """What a check reports: a finding at the data `path`, its message `template` (English, marked N_) filled
        with `params`. The runner stamps the file, the position and the readable path when it records it."""
        return cls(code=code, message=template.format(**params), path_key=tuple(path), figures=figures,
                   template=template, params=dict(params))


def norm_figure(value: Any) -> Any:
    """A figure as an acceptance compares it: lists item by item, dates as YYYY-MM-DD, text after NFC, case and
    spacing ignored; numbers by their digits (2025 written in the plan equals the year 2025 of a finding)."""
    if isinstance(value, (list, tuple)):
        return tuple(norm_figure(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    return " ".join(unicodedata.normalize("NFC", str(value)).casefold().split())


def subject_of(finding: Finding) -> tuple | None:
    """What the finding is about, by its rule's subject; None when the rule has none (each finding stands alone)."""
    keys = RULES[finding.code].subject if finding.code in RULES else ()
    if not keys or any(k not in finding.figures for k in keys):
        return None
    return tuple(norm_figure(finding.figures[k]) for k in keys)


PLAN_UNITS = {"VND": "vnd", "thousand VND": "thousand", "million VND": "million", "billion VND": "billion"}


def plan_unit(values: dict, lang: str) -> dict[str, str]:
    """A plan's unit ('million VND') in `lang` ('triệu đồng'), for messages that name it."""
    unit = values.get("unit")
    if lang == "en" or unit not in PLAN_UNITS:
        return {}
    from ecdplan.i18n.labels import UNIT_LABEL

    return {"unit": UNIT_LABEL[lang][PLAN_UNITS[unit]]}
