"""Number formatting, in one place: `42,900.5` in English, `42.900,5` in Vietnamese (Python's format with each
language's CLDR symbols), and amounts in words for documents ("Bằng chữ")."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from functools import lru_cache

from ecdplan.vocab import LANGS


Lang = Enum("Lang", {code: code for code in LANGS}, type=str)  # the choices of --lang


@lru_cache(maxsize=None)
def _pattern(decimals: int, signed: bool) -> str:
    """The CLDR pattern Babel would be given for these places (tests compare the two routes with it)."""
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"+{body};-{body}" if signed else body


# The CLDR number symbols of each language ecdplan speaks: grouping separator, decimal point (signs are '+' and
# '-' in both). Tests check every language against Babel's locale data for any value.
SYMBOLS: dict[str, tuple[str, str]] = {"en": (",", "."), "vi": (".", ",")}


def format_number(value: Decimal | int, decimals: int = 0, lang: str = "en", signed: bool = False) -> str:
    """Group thousands and write `decimals` places as `lang` writes them; the value must already be rounded to
    them (else rounded half-even, as Babel would). `signed` writes +12 for a positive change.

    The one number route of every output: Python's format (which is CLDR English) with the language's symbols;
    this skips loading Babel and its locale data (~25 ms, more than a report itself)."""
    group, point = SYMBOLS[Lang(lang).value]
    sign = "+" if signed and value != 0 else ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    text = format(number, f"{sign},.{decimals}f")
    return text if (group, point) == (",", ".") else text.translate({ord(","): group, ord("."): point})


def amount_in_words(dong: int, lang: str = "vi") -> str:
    """'Bốn mươi hai tỷ chín trăm triệu đồng' for 42,900,000,000 — the 'Bằng chữ' line of a document."""
    from num2words import num2words

    from ecdplan.i18n.labels import t

    words = num2words(dong, lang=Lang(lang).value)
    unit = t("dong", lang)  # the currency's name in words: dong, đồng
    return f"{words[:1].upper()}{words[1:]} {unit}"
