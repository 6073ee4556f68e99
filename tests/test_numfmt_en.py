"""English numbers are formatted without Babel: the same text Babel's CLDR English gives, for any value."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from ecdplan.i18n.numbers import _pattern, format_number

values = st.one_of(
    st.integers(min_value=-10**18, max_value=10**18),
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, allow_infinity=False,
                places=6),
    st.sampled_from([Decimal("0"), Decimal("-0"), Decimal("-0.000"), Decimal("0.5"), Decimal("-2.5"),
                     Decimal("999.995"), Decimal("1E+3"), Decimal("123456789.125")]),
)


def babel_en(value, decimals: int, signed: bool) -> str:
    if signed and value == 0:
        return format_decimal(value, format=_pattern(decimals, False), locale="en")
    return format_decimal(value, format=_pattern(decimals, signed), locale="en")


@settings(max_examples=400, deadline=None)
@given(values, st.integers(min_value=0, max_value=6), st.booleans())
def test_english_numbers_match_babel(value, decimals, signed):
    assert format_number(value, decimals, "en", signed) == babel_en(value, decimals, signed)


def test_english_numbers_examples():
    assert format_number(Decimal("42900.5"), 1, "en") == "42,900.5"
    assert format_number(42900000000, 0, "en") == "42,900,000,000"
    assert format_number(Decimal("268.3"), 1, "en", signed=True) == "+268.3"
    assert format_number(Decimal("-268.3"), 1, "en", signed=True) == "-268.3"
    assert format_number(0, 2, "en", signed=True) == "0.00"
