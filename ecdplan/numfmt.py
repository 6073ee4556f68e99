"""Number formatting, in one place: `42,900.5` in English, `42.900,5` in Vietnamese."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum


class Lang(str, Enum):
    en = "en"
    vi = "vi"


SEPARATORS = {"en": (",", "."), "vi": (".", ",")}  # (thousands, decimal)


def format_number(value: Decimal | int, decimals: int = 0, lang: str = "en") -> str:
    lang = Lang(lang).value
    """Group thousands and write `decimals` places; the value must already be rounded to them."""
    thousands, point = SEPARATORS[lang]
    text = f"{Decimal(value):,.{decimals}f}"  # 42,900.5 — then swap separators for the language
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)
