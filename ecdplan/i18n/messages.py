"""The one message type: texts for people are English message ids marked with `N_` where they are written and
shown in the reader's language when read (`labels.t`). A parameter that is itself a message is a `Word` (one
msgid) or a `Phrase` (a template and its parameters); `in_lang` shows any parameter as the reader's language
writes it. Nothing here imports gettext or Babel: findings are built at start-up, translated only when shown.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from ecdplan.i18n.marks import N_  # noqa: F401 (re-exported: the one marker)


class Word(str):
    """A parameter that is itself an English msgid (a word of the format, a kind of source): shown
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


class Amount(str):
    """An amount of money in a message, written exactly in the plan's unit ('9300', '-0.5'): shown as the
    reader's language groups it (Vietnamese 9.300 and -0,5; English as written, like the plan).

    It stays a str: it is a finding parameter, filled into the English message and written to JSON as the
    plan writes it; only its display in another language goes through `grouped`."""


def in_lang(value: object, lang: str) -> object:
    """A parameter as the reader of `lang` reads it: words and phrases translated, a date and a decimal as
    Vietnamese write them (31/12/2026, 83,5; in English ISO and 83.5); anything else as it is (names, integers,
    paths, numbers given as text)."""
    if lang == "en":
        return value
    if isinstance(value, Word):  # a Phrase too
        return value.text(lang)
    if isinstance(value, Amount):
        return grouped(value, lang)
    if isinstance(value, _dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, Decimal):
        return decimal_comma(str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return _GroupedInLang(value, lang)
    return value


class _GroupedInLang(int):
    """An integer that a template groups with `{n:,}`: grouped by the one number formatter, as the reader's
    language writes it (Vietnamese 32.767, not 32,767); any other spec as Python formats it."""

    def __new__(cls, value: int, lang: str) -> _GroupedInLang:
        self = super().__new__(cls, value)
        self.lang = lang
        return self

    def __format__(self, spec: str) -> str:
        return grouped(str(int(self)), self.lang) if spec == "," else format(int(self), spec)


def decimal_comma(number: str) -> str:
    """'83.333334' as Vietnamese write it, '83,333334' (a dot would read as a thousands separator)."""
    return number.replace(".", ",")


def grouped(number: str, lang: str) -> str:
    """An exact amount written as text ('42900.5') grouped as `lang` writes it ('42.900,5' in Vietnamese), by
    the one number formatter; text that is not a plain decimal number is shown as it is."""
    from decimal import InvalidOperation

    from ecdplan.i18n.numbers import format_number

    try:
        value = Decimal(number)
    except InvalidOperation:
        return number
    if not value.is_finite() or "e" in number.lower():
        return number
    places = max(0, -value.as_tuple().exponent)
    return format_number(value, places, lang)
