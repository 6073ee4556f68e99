"""Findings: what a check reports about a plan, and the catalogue of rules that produce them.

Every rule has a stable code, a severity and one documentation entry here; `ecdplan rules`
lists this catalogue and the README's rule table is generated from it (see tests).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


def N_(text: str) -> str:
    """Marks rule summaries, fixes and finding messages for the catalogues (shown with `t(text, lang)` when
    read; no gettext import at start-up)."""
    return text


class Word(str):
    """A finding parameter that is itself an English msgid (a word of the format, a kind of source): shown
    translated in the reader's language. Mark its literal with N_ where it is written."""

    def text(self, lang: str) -> str:
        from ecdplan.i18n.labels import t

        return t(self, lang)


class Phrase(Word):
    """A parameter (of a finding, of an error) that is itself a message: an English template (marked N_) and its
    parameters, shown in the reader's language (a place with the day it began or ended, a programme's note, a
    list ending 'and 3 more'). As a str it is the English text, so an English message is filled as any other.

    `Phrase(template, name=value, ...)` or `Phrase(template, {"name": value})`."""

    template: str
    params: dict[str, object]
    translated: bool

    def __new__(cls, template: str, params: dict[str, object] | None = None, /, *, translated: bool = True,
                **more: object) -> Phrase:
        params = {**(params or {}), **more}
        self = super().__new__(cls, template.format(**params))
        self.template, self.params, self.translated = template, params, translated
        return self

    @classmethod
    def join(cls, items, sep: str = ", ") -> Phrase:
        """Items (words, phrases, names) listed with `sep`, each in the reader's language."""
        keys = {f"p{i}": item for i, item in enumerate(items)}
        return cls(sep.replace("{", "{{").replace("}", "}}").join("{%s}" % k for k in keys), keys, translated=False)

    def text(self, lang: str) -> str:
        from ecdplan.i18n.labels import t

        template = t(self.template, lang) if self.translated else self.template
        return template.format(**{k: in_lang(v, lang) for k, v in self.params.items()})

    def __getnewargs__(self) -> tuple:  # copies and pickles are built from the template, not the English text
        return self.template, self.params


def in_lang(value: object, lang: str) -> object:
    """A parameter as the reader of `lang` reads it: words and phrases translated, a date and a decimal as
    Vietnamese write them (31/12/2026, 83,5; in English ISO and 83.5); anything else as it is (names, integers,
    paths, numbers given as text)."""
    if lang == "en":
        return value
    if isinstance(value, Word):  # a Phrase too
        return value.text(lang)
    if isinstance(value, Amount):
        return grouped_vi(value)
    if isinstance(value, _dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, Decimal):
        return decimal_comma(str(value))
    return value


def decimal_comma(number: str) -> str:
    """'83.333334' as Vietnamese write it, '83,333334' (a dot would read as a thousands separator)."""
    return number.replace(".", ",")


class Amount(str):
    """An amount of money in a message, written exactly in the plan's unit ('9300', '-0.5'): shown as the
    reader's language groups it (Vietnamese 9.300 and -0,5; English as written, like the plan)."""


def grouped_vi(number: str) -> str:
    """'42900.5' as Vietnamese write it: '42.900,5'."""
    sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
    whole, _, fraction = digits.partition(".")
    whole = f"{int(whole):,}".replace(",", ".") if whole.isdigit() else whole
    return sign + whole + ("," + fraction if fraction else "")


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
