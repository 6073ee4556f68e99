"""Findings: what a check reports about a plan, and the catalogue of rules that produce them.

Every rule has a stable code, a severity and one documentation entry here; `ecdplan rules`
lists this catalogue and the README's rule table is generated from it (see tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

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


E, W = Severity.ERROR, Severity.WARNING

# The catalogue, in the order `ecdplan rules` lists it. Each family of rules keeps its entries next to its checks
# (rules/budget.py, ...); rules/catalogue.py fills this from them when the package ecdplan.rules is imported,
# which any import of this module does first.
RULES: dict[str, Rule] = {}


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
    cell: str = ""  # the spreadsheet cell the value came from, for a plan imported from one ('Phụ lục!H12')

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

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.code)

    @classmethod
    def at(cls, code: str, path: tuple, template: str, params: dict[str, object], **figures: object) -> Finding:
        """What a check reports: a finding at the data `path`, its message `template` (English, marked N_) filled
        with `params`. The runner stamps the file, the position and the readable path when it records it."""
        return cls(code=code, message=template.format(**params), path_key=tuple(path), figures=figures,
                   template=template, params=dict(params))


PLAN_UNITS = {"VND": "vnd", "thousand VND": "thousand", "million VND": "million", "billion VND": "billion"}


def plan_unit(values: dict, lang: str) -> dict[str, str]:
    """A plan's unit ('million VND') in `lang` ('triệu đồng'), for messages that name it."""
    unit = values.get("unit")
    if lang == "en" or unit not in PLAN_UNITS:
        return {}
    from ecdplan.i18n.labels import UNIT_LABEL

    return {"unit": UNIT_LABEL[lang][PLAN_UNITS[unit]]}
