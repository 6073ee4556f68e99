"""One run's options (`ReportOptions` with a `Unit`), one message type (`i18n.messages`), every text through the
catalogue: what issue 19 asked of the language layer."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecdplan.core.currency import rate_note
from ecdplan.core.deadlines import deadlines_expecting
from ecdplan.core.display import Unit, auto_decimals, shown_column, shown_value
from ecdplan.i18n import labels
from ecdplan.i18n.messages import Amount, grouped, in_lang
from ecdplan.i18n.numbers import SYMBOLS, _pattern, format_number
from ecdplan.pipeline import compile_file
from ecdplan.reports import BudgetOptions, ReportOptions
from ecdplan.reports.progress import ProgressOptions

ROOT = Path(__file__).resolve().parent.parent
USD_PLAN = ROOT / "examples" / "usd-donor-plan.yaml"
LANG_SON = ROOT / "plans" / "lang-son-2019-2025.yaml"  # a yearly report the plan gives no date for


def test_a_named_unit_is_its_share_of_a_million_dong_and_says_its_name_in_each_language():
    million = Unit.named("million")
    assert (million.dong, million.max_decimals) == (1_000_000, 1)
    assert (million.label("en"), million.label("vi")) == ("million VND", "triệu đồng")
    assert not million.is_currency
    with pytest.raises(KeyError):
        Unit.named("USD@25450")  # a unit is never parsed from a string


def test_a_currency_unit_divides_by_its_declared_rate_exactly_to_the_cent():
    usd = Unit.currency("USD", Decimal("25450.5"))
    assert usd.is_currency and usd.label("en") == usd.label("vi") == "USD"
    assert shown_value(50_901, usd, 2) == Decimal("2.00")  # 2 × 25,450.5 đồng
    assert auto_decimals([50_901, 25_450], usd) == 2  # 25,450 đồng is not a whole cent count: capped at cents
    column = shown_column([25_450_500, 50_901_000], usd, 2)
    assert column.cells == [Decimal("1000.00"), Decimal("2000.00")] and column.total == Decimal("3000.00")


def test_report_options_take_a_unit_or_its_name_and_keep_every_field_as_a_reports_own_options():
    opts = ReportOptions(Unit.currency("USD", Decimal(25000)), 2, "vi", partial=True)
    budget = opts.as_(BudgetOptions, by=("source",), year=2025)
    progress = opts.as_(ProgressOptions, by=("source",), names=True)
    for own in (budget, progress):
        assert (own.unit, own.decimals, own.lang, own.partial) == (opts.unit, 2, "vi", True)
    assert (budget.by, budget.year, progress.names) == (("source",), 2025, True)
    assert ReportOptions("vnd", 0, "en").unit == Unit.named("vnd")  # library callers may name a unit
    assert ReportOptions(lang="vi").unit_label == "triệu đồng"


def test_the_rate_note_is_said_in_the_readers_language_with_the_rate_and_date_as_each_writes_them():
    plan = compile_file(USD_PLAN).plan
    english, vietnamese = rate_note(plan, "en"), rate_note(plan, "vi")
    assert english.startswith("Exchange rates: the plan in USD at 25450.5 đồng per USD (")
    assert "2024-01-02" in english
    assert vietnamese.startswith("Tỷ giá: kế hoạch tính bằng USD, tỷ giá 25.450,5 đồng/USD (")
    assert "02/01/2024" in vietnamese


def test_an_undated_deadline_is_said_in_the_reports_language():
    plan = compile_file(LANG_SON).plan
    english, vietnamese = deadlines_expecting(plan, "2020", "en"), deadlines_expecting(plan, "2020", "vi")
    assert "no date: " in english and "không ghi ngày" not in english  # was Vietnamese in the English report
    assert "không ghi ngày: " in vietnamese


@pytest.mark.parametrize("written, shown", [("9300", "9.300"), ("-0.5", "-0,5"), ("42900.5", "42.900,5"),
                                            ("9300.50", "9.300,50"), ("-1234567.125", "-1.234.567,125")])
def test_an_amount_in_a_vietnamese_message_is_grouped_by_the_one_number_formatter(written, shown):
    assert in_lang(Amount(written), "vi") == grouped(written, "vi") == shown
    assert shown == format_number(Decimal(written), max(0, -Decimal(written).as_tuple().exponent), "vi")
    assert in_lang(Amount(written), "en") == written  # English shows the amount as the plan writes it


def test_the_forms_wording_of_a_heading_is_a_context_of_the_catalogue_not_a_language_test():
    labels.MISSES.clear()
    assert labels.t("Unit", "vi") == "Đơn vị" and labels.t("Unit", "vi", "form") == "Đơn vị tính"
    assert labels.t("Unit", "en", "form") == "Unit"
    assert labels.MISSES == set()


LANGUAGE_BRANCH = re.compile(r"""(==|!=) *["']vi["']|\bif vi else\b|\bvi = lang""")


def test_no_report_writer_or_display_text_chooses_its_words_by_testing_the_language():
    """Texts for people come from the catalogue; a `"…" if vi else "…"` would bypass it (and its tests)."""
    package = ROOT / "ecdplan"
    files = [*package.glob("i18n/*.py"), *package.glob("reports/*.py"), *package.glob("writers/*.py"),
             package / "core" / "currency.py",
             package / "core" / "deadlines.py", package / "core" / "display.py"]
    found = [f"{f.relative_to(ROOT)}:{n}" for f in files if f.name != "docgen.py"
             for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if LANGUAGE_BRANCH.search(line)]
    assert found == []


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.integers(min_value=-10**18, max_value=10**18),
                 st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False,
                             allow_infinity=False, places=6),
                 st.sampled_from([Decimal("0"), Decimal("-0"), Decimal("-0.000"), Decimal("-2.5"), Decimal("1E+3")])),
       st.integers(min_value=0, max_value=6), st.booleans(), st.sampled_from(sorted(SYMBOLS)))
def test_every_language_formats_numbers_as_babels_cldr_data_does_without_loading_it(value, decimals, signed, lang):
    from babel.numbers import format_decimal

    pattern = _pattern(decimals, signed and value != 0)
    assert format_number(value, decimals, lang, signed) == format_decimal(value, format=pattern, locale=lang)
