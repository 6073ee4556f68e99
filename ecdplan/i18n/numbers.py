"""Number formatting, in one place: `42,900.5` in English (Python's format, which is CLDR English), `42.900,5`
in Vietnamese (through Babel's CLDR locale data), and amounts in words for documents ("Bằng chữ")."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from functools import lru_cache

from ecdplan.vocab import LANGS


Lang = Enum("Lang", {code: code for code in LANGS}, type=str)  # the choices of --lang


@lru_cache(maxsize=None)
def _pattern(decimals: int, signed: bool) -> str:
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"+{body};-{body}" if signed else body


def format_number(value: Decimal | int, decimals: int = 0, lang: str = "en", signed: bool = False) -> str:
    """Group thousands and write `decimals` places; the value must already be rounded to them
    (Babel would round half-even otherwise). `signed` writes +12 for a positive change."""
    lang = Lang(lang).value
    if lang == "en":
        # CLDR English is Python's own format: ',' groups of three, '.' point, '-' and '+' signs, rounding
        # half-even; this skips loading Babel and its locale data (~25 ms, more than the report itself)
        sign = "+" if signed and value != 0 else ""
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        return format(number, f"{sign},.{decimals}f")
    from babel.numbers import (
        format_decimal,  # deferred: only output that people read needs it
    )

    if signed and value == 0:
        return format_decimal(value, format=_pattern(decimals, False), locale=lang)
    return format_decimal(value, format=_pattern(decimals, signed), locale=lang)


def amount_in_words(dong: int, lang: str = "vi") -> str:
    """'Bốn mươi hai tỷ chín trăm triệu đồng' for 42,900,000,000 — the 'Bằng chữ' line of a document."""
    from num2words import num2words

    from ecdplan.i18n.labels import t

    words = num2words(dong, lang=Lang(lang).value)
    unit = t("dong", lang)  # the currency's name in words: dong, đồng
    return f"{words[:1].upper()}{words[1:]} {unit}"
