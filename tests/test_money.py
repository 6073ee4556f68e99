"""Splitting and rounding never lose or create a đồng, and tables add up as displayed."""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor

from hypothesis import given, settings
from hypothesis import strategies as st

from ecdplan.core.money import controlled_round, largest_remainder, round_to_total, to_dong


def test_to_dong_converts_million_exactly_and_refuses_fractions_of_a_dong():
    from decimal import Decimal

    assert to_dong(Decimal("9300"), 1_000_000) == 9_300_000_000
    assert to_dong(Decimal("0.5"), 1_000_000) == 500_000
    assert to_dong(Decimal("0.0000005"), 1_000_000) is None


def test_largest_remainder_gives_the_leftover_to_the_largest_remainders():
    # 100 over 3 equal parts: 33.33 each, the one leftover đồng goes to the first (ties go earlier)
    assert largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    assert largest_remainder(10, [1, 2, 3]) == [2, 3, 5]  # exact 1.67, 3.33, 5 -> the .67 wins


@given(st.integers(0, 10**13), st.lists(st.integers(0, 10**6), min_size=1, max_size=12))
def test_largest_remainder_parts_add_up_and_stay_within_one_of_exact(total, weights):
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    w = sum(weights) or len(weights)
    for part, weight in zip(parts, weights if sum(weights) else [1] * len(weights)):
        exact = Fraction(total * weight, w)
        assert floor(exact) <= part <= ceil(exact)


@given(st.lists(st.fractions(min_value=0, max_value=10**6, max_denominator=1000), min_size=1, max_size=20))
def test_round_to_total_rounds_each_value_down_or_up_to_the_rounded_sum(values):
    rounded = round_to_total(values)
    assert sum(rounded) == floor(sum(values) + Fraction(1, 2))
    assert all(floor(v) <= r <= ceil(v) for v, r in zip(values, rounded))


tables = st.integers(1, 8).flatmap(lambda cols: st.lists(
    st.lists(st.fractions(min_value=0, max_value=10**5, max_denominator=97), min_size=cols, max_size=cols),
    min_size=1, max_size=8))


@settings(max_examples=300)
@given(tables)
def test_controlled_rounding_keeps_cells_margins_and_total_consistent(values):
    rounded = controlled_round(values)
    n_cols = len(values[0])
    for row, rrow in zip(values, rounded):
        assert all(floor(v) <= r <= ceil(v) for v, r in zip(row, rrow))
        assert floor(sum(row)) <= sum(rrow) <= ceil(sum(row))
    for j in range(n_cols):
        exact = sum(row[j] for row in values)
        shown = sum(row[j] for row in rounded)
        assert floor(exact) <= shown <= ceil(exact)
    assert sum(map(sum, rounded)) == floor(sum(map(sum, values)) + Fraction(1, 2))


def test_controlled_rounding_prefers_the_nearest_margins():
    # two years of 5,629.12 and two of 15,820.88 (in tenths of a million): margins round to nearest
    values = [[Fraction(5629121, 100)], [Fraction(5629121, 100)], [Fraction(15820879, 100)],
              [Fraction(15820879, 100)]]
    assert [r[0] for r in controlled_round(values)] == [56291, 56291, 158209, 158209]


@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=8),
       st.lists(st.integers(1, 1000), min_size=1, max_size=6))
def test_controlled_rounding_meets_given_integer_row_totals(row_totals, weights):
    # the fact table's case: each year's whole-đồng amount split over sources by weight
    values = [[Fraction(total * w, sum(weights)) for w in weights] for total in row_totals]
    rounded = controlled_round(values, row_totals=row_totals)
    assert [sum(r) for r in rounded] == row_totals
    for j, w in enumerate(weights):
        exact = Fraction(sum(row_totals) * w, sum(weights))
        assert floor(exact) <= sum(r[j] for r in rounded) <= ceil(exact)
