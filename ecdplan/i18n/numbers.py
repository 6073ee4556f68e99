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


# Vietnamese number words, as num2words (0.5.8+) writes them for every figure it gets right: "một nghìn lẻ năm",
# "hai mươi mốt", "bốn mươi lăm". num2words goes through a float ('%.2f'), so above 2^53 it writes another number,
# and its word for 1000^5 is "trăm nghìn tỷ" (10^14): 10^15 came out ten times too small. Ours works on the exact
# integer, for every figure up to money.MAX_DONG = 10^15 ("một triệu tỷ"); tests compare the two below it.
_UNITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một", "mười hai",
          "mười ba", "mười bốn", "mười lăm", "mười sáu", "mười bảy", "mười tám", "mười chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")  # 1000^k


def _vi_below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    word = f"{_UNITS[tens]} mươi"
    if unit == 0:
        return word
    return f"{word} {'mốt' if unit == 1 else 'lăm' if unit == 5 else _UNITS[unit]}"


def _vi_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    word = f"{_UNITS[hundreds]} trăm" if hundreds else ""
    if rest == 0:
        return word
    if not word:
        return _vi_below_100(rest)
    return f"{word} lẻ {_UNITS[rest]}" if rest < 10 else f"{word} {_vi_below_100(rest)}"


def vietnamese_words(n: int) -> str:
    """A whole number from 0 to 10^15 in Vietnamese words: 42900000000 -> 'bốn mươi hai tỷ chín trăm triệu'."""
    if not 0 <= n <= 10**15:
        raise ValueError(f"{n} is outside 0..10^15, the figures ecdplan writes in words")
    if n < 1000:
        return _vi_below_1000(n) if n else _UNITS[0]
    k = (len(str(n)) - 1) // 3  # the largest group: n < 1000^(k+1)
    head, rest = divmod(n, 1000**k)
    word = f"{_vi_below_1000(head)} {_GROUPS[k]}"
    if rest == 0:
        return word
    return f"{word} lẻ {vietnamese_words(rest)}" if rest <= 99 else f"{word} {vietnamese_words(rest)}"


def _num2words(n: int, lang: str) -> str:
    """Words of another language from num2words (English: exact integer arithmetic), within the same limit."""
    from num2words import num2words

    if not 0 <= n <= 10**15:
        raise ValueError(f"{n} is outside 0..10^15, the figures ecdplan writes in words")
    return num2words(n, lang=lang)


_WORDS = {"vi": lambda n, lang: vietnamese_words(n)}  # languages whose words are ecdplan's own


def amount_in_words(dong: int, lang: str = "vi") -> str:
    """'Bốn mươi hai tỷ chín trăm triệu đồng' for 42,900,000,000 — the 'Bằng chữ' line of a document. Figures are
    at most money.MAX_DONG (B007 refuses larger ones before any output)."""
    from ecdplan.i18n.labels import t

    words = _WORDS.get(Lang(lang).value, _num2words)(dong, Lang(lang).value)
    unit = t("dong", lang)  # the currency's name in words: dong, đồng
    return f"{words[:1].upper()}{words[1:]} {unit}"
