"""Issue 11: for any input, ecdplan reads the value the person meant or refuses it with a finding.

Each case damages the Gia Lai plan (or another bundled file) in one way and checks: the exit status, the rule
code, the line (and column), no traceback, and — where other commands could still run — that `ecdplan budget`
gives the same figures as for the undamaged plan or refuses to run (exit 2). Never a different figure.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import GIA_LAI, REPO_ROOT, col_of, invoke, line_of
from cpu_budget import WALL_FACTOR, child_limits, children_cpu_seconds
from ecdplan.source.loader import load_text
from ecdplan.source.reading import MAX_BYTES
from ecdplan.source.scalars import normalise_text, thousands_reading

FAST = 5.0  # CPU seconds (Run.cpu): a loaded machine cannot fail it, a loop that does not end does
LANG_SON = REPO_ROOT / "plans" / "lang-son-2019-2025.yaml"
ENVELOPES = REPO_ROOT / "examples" / "gia-lai-envelopes.yaml"


def _gia_lai_codes() -> set[str]:
    from ecdplan import check_file

    return {f.code for f in check_file(GIA_LAI).findings}


GIA_LAI_CODES = _gia_lai_codes()  # the bundled plan's own warnings (F002, and places, bodies, draft)


@pytest.fixture(scope="module")
def baseline_budget() -> str:
    run = invoke(["budget", GIA_LAI, "--format", "json"])
    assert run.exit_code == 0
    return run.stdout


def check(run, status: int) -> None:
    run.assert_no_traceback()
    assert run.exit_code == status, run.output
    assert run.cpu < FAST, f"took {run.cpu:.1f} CPU seconds"
    assert "internal error" not in run.output


def one(run, code: str) -> dict:
    found = run.findings(code)
    assert len(found) == 1, run.stdout
    return found[0]


def figures_unchanged(write_plan, baseline: str, text: str) -> None:
    """`ecdplan budget` on the damaged plan: the same figures, or a refusal (exit 2); never other figures."""
    path = write_plan(text, "for-budget.yaml")
    run = invoke(["budget", path, "--format", "json"])
    run.assert_no_traceback()
    assert run.exit_code == 2 or run.stdout == baseline, run.output


def at(text: str, needle: str) -> tuple[int, int]:
    return line_of(text, needle), col_of(text, needle)


# --- numbers in notations YAML 1.1 reads differently ------------------------------------------------------------

NOTATIONS = [
    # (id, old, new, what the finding must show)
    ("an_octal_looking_commune_count_is_refused_not_read_as_34", "        communes: 42\n", "        communes: 042\n",
     "042", "34"),
    ("a_total_with_a_leading_zero_is_refused_not_read_as_80", "cost: {total: 9300}", "cost: {total: 0120}", "0120",
     "80"),
    ("a_hexadecimal_total_is_refused_not_read_as_16", "cost: {total: 9300}", "cost: {total: 0x10}", "0x10", "16"),
    ("a_binary_total_is_refused_not_read_as_5", "cost: {total: 9300}", "cost: {total: 0b101}", "0b101", "5"),
    ("a_base_60_total_is_refused_not_read_as_90", "cost: {total: 9300}", "cost: {total: 1:30}", "1:30", "90"),
    ("a_base_60_decimal_is_refused", "cost: {total: 9300}", "cost: {total: 1:30.5}", "1:30.5", "90.5"),
    ("a_total_with_underscores_is_refused_not_read_as_9300", "cost: {total: 9300}", "cost: {total: 9_300}", "9_300",
     "9300"),
    ("a_total_with_a_plus_sign_is_refused", "cost: {total: 9300}", "cost: {total: +9300}", "+9300", "9300"),
    ("a_total_with_an_exponent_is_refused", "cost: {total: 9300}", "cost: {total: 9.3e+3}", "9.3e+3", "9300"),
    ("a_total_written_1e6_is_refused_with_a_hint", "cost: {total: 9300}", "cost: {total: 1e6}", "1e6", "text"),
    ("a_yaml_12_octal_total_is_refused", "cost: {total: 9300}", "cost: {total: 0o17}", "0o17", "text"),
    ("a_count_08_is_refused_not_read_as_8", "        communes: 42\n", "        communes: 08\n", "08", "text"),
    ("a_decimal_without_a_leading_digit_is_refused", "cost: {total: 9300}", "cost: {total: .5}", ".5", "0.5"),
    ("a_decimal_without_digits_after_the_point_is_refused", "cost: {total: 9300}", "cost: {total: 9300.}", "9300.",
     "9300"),
    ("an_int_tag_on_a_total_is_refused", "cost: {total: 9300}", "cost: {total: !!int 9300}", "!!int", "tag"),
    ("a_float_tag_on_a_total_is_refused", "cost: {total: 9300}", "cost: {total: !!float 9300}", "!!float", "tag"),
    ("a_str_tag_on_a_total_is_refused", "cost: {total: 9300}", "cost: {total: !!str 9300}", "!!str", "tag"),
    ("an_int_tag_on_quoted_digits_is_refused", "cost: {total: 9300}", 'cost: {total: !!int "9300"}', "!!int", "tag"),
    ("true_as_a_commune_count_is_refused", "        communes: 42\n", "        communes: true\n", "true", "true"),
    ("yes_as_a_commune_count_is_refused", "        communes: 42\n", "        communes: yes\n", "yes", "true"),
    ("off_as_a_total_is_refused", "cost: {total: 9300}", "cost: {total: off}", "off", "false"),
    ("an_octal_looking_year_is_refused", "period: {start: 2023, end: 2026}", "period: {start: 03747, end: 2026}",
     "03747", "2023"),
    ("a_hexadecimal_area_commune_count_is_refused", "    communes: 220\n", "    communes: 0xDC\n", "0xDC", "220"),
    ("an_octal_looking_beneficiary_count_is_refused", "count: 253,", "count: 0375,", "0375", "253"),
]


@pytest.mark.parametrize("old, new, written, reading", [c[1:] for c in NOTATIONS], ids=[c[0] for c in NOTATIONS])
def test_a_number_in_a_yaml_11_notation_is_refused(validate_json, mutate, write_plan, baseline_budget, old, new,
                                                   written, reading):
    text = mutate(old, new)
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L009")
    token = "!!" if reading == "tag" else written
    assert (f["line"], f["col"]) == (line_of(text, new), col_of(text, new) + new.index(token))
    if reading == "tag":
        assert "explicit YAML tags" in f["message"] and written in f["message"]
    else:
        assert f"`{written}`" in f["message"] and reading in f["message"]
    assert f["figures"]["written"] == written or reading == "tag"
    assert not run.findings("S001")  # the refused value is not reported twice
    figures_unchanged(write_plan, baseline_budget, text)


def test_an_unquoted_no_as_a_source_id_says_quote_it(validate_json, mutate, write_plan, baseline_budget):
    text = mutate("  - id: other\n", "  - id: no\n")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L009")
    assert (f["line"], f["col"]) == (line_of(text, "id: no"), col_of(text, "id: no") + 4)
    assert "quote it: 'no'" in f["message"]
    figures_unchanged(write_plan, baseline_budget, text)


def test_an_unquoted_no_in_a_list_of_source_ids_says_quote_it(validate_json, mutate):
    text = mutate("sources: [ntp-dtts, ntp-gnbv, ntp-ntm, nsdp, other]", "sources: [ntp-dtts, ntp-gnbv, no]")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L009")
    assert f["line"] == line_of(text, "ntp-gnbv, no]") and "quote it: 'no'" in f["message"]


def test_no_as_a_mapping_key_is_refused_saying_quote_it(validate_json, mutate):
    text = mutate("  unit: million VND\n", "  unit: million VND\n  no: x\n")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L009")
    assert f["line"] == line_of(text, "  no: x") and "quote it: 'no'" in f["message"]


@pytest.mark.parametrize("word", ["y", "N"])
def test_a_bare_y_or_n_as_a_group_id_is_refused_saying_quote_it(validate_json, mutate, word):
    text = mutate("  - {id: IV, name: Y tế, total: 2640}", f"  - {{id: {word}, name: Y tế, total: 2640}}")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L009")
    assert (f["line"], f["col"]) == at(text, f"{word}, name: Y tế, total: 2640")
    assert f"quote it: '{word}'" in f["message"]


def test_yes_as_a_text_value_says_write_it_in_quotes(validate_json, mutate):
    text = mutate("who: trẻ em suy dinh dưỡng cấp tính nặng}", "who: yes}")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L009")
    assert "reads `yes` as true" in f["message"] and "quotes" in f["message"]


def test_a_quoted_no_as_an_id_is_read_as_text(validate_json, mutate):
    text = mutate("  - id: other\n", "  - id: 'no'\n")
    run = validate_json(text)
    run.assert_no_traceback()
    assert not run.findings("L009") and not run.findings("S001")
    assert load_text(text).data["sources"][4]["id"] == "no"


def test_plain_decimal_numbers_are_read_exactly(validate_json):
    loaded = load_text("a: 9300\nb: 12.50\nc: -0.5\nd: 0\n")
    assert loaded.findings == []
    from decimal import Decimal
    assert loaded.data == {"a": 9300, "b": Decimal("12.50"), "c": Decimal("-0.5"), "d": 0}


# --- keys compared as the values they mean -------------------------------------------------------------------------

def test_2025_and_quoted_2025_in_a_per_year_rollout_are_a_duplicate(validate_json, mutate):
    text = mutate("    rollout:\n      - years: 2023-2024\n        communes: 10\n        where: 10 xã đặc biệt khó khăn "
                  "của huyện Kông Chro\n      - years: 2025-2026\n        communes: 42\n        where: 42 xã đặc biệt khó"
                  " khăn trên địa bàn toàn tỉnh\n    cost: {total: 9300}",
                  "    rollout: {2023: 10, 2024: 10, 2025: 42, \"2025\": 40, 2026: 42}\n    cost: {total: 9300}")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L004")
    assert f["line"] == line_of(text, '"2025": 40') and "same as" in f["message"]


def test_2025_and_quoted_2025_in_cost_by_year_are_a_duplicate(validate_json, mutate):
    text = mutate("cost: {total: 9300}", 'cost: {total: 9300, by_year: {2025: 4650, "2025": 4650}}')
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L004")
    assert f["line"] == line_of(text, '"2025": 4650')
    assert f"first at line {f['line']}, again at line {f['line']}" in f["message"]


def test_2025_and_2025_0_in_milestones_are_a_duplicate(validate_json):
    source = LANG_SON.read_text(encoding="utf-8")
    text = source.replace("milestones: {2020: 70, 2025: 90}", "milestones: {2020: 70, 2025: 90, 2025.0: 80}", 1)
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L004")
    assert f["line"] == line_of(text, "2025.0: 80")


def test_two_spellings_of_a_year_in_plan_envelopes_are_a_duplicate(validate_json, mutate):
    text = mutate("\ninterventions:\n", "\nenvelopes:\n  nsdp: {2025: 5, \"2025\": 7}\n\ninterventions:\n")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L004")
    assert f["line"] == line_of(text, '"2025": 7')


def test_two_spellings_of_a_year_in_an_envelope_file_are_a_duplicate(cli, tmp_path):
    text = ENVELOPES.read_text(encoding="utf-8").replace("nsdp: {2023: 2000,", 'nsdp: {2023: 2000, "2023": 9000,')
    path = tmp_path / "env.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("funding", GIA_LAI, "--envelopes", path)
    run.assert_no_traceback()
    assert run.exit_code == 2 and "L004" in run.output
    line = line_of(text, '"2023": 9000')
    assert f":{line}:" in run.output


def test_nfc_and_nfd_spellings_of_a_key_are_a_duplicate(validate_json, mutate):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "tên")
    text = mutate("  unit: million VND\n", f"  unit: million VND\n  tên: a\n  {nfd}: b\n")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L004")
    assert f["line"] == line_of(text, f"  {nfd}: b")


# --- names mean one thing ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("space", ["\u00a0", "\u2007", "\u202f", "\t", "  ", "\u3000"],
                         ids=["nbsp", "figure-space", "narrow-nbsp", "tab", "two-spaces", "ideographic-space"])
def test_odd_spaces_in_a_name_are_normalised_and_change_no_figure(validate_json, mutate, write_plan, baseline_budget,
                                                                   space):
    text = mutate("name: Gói can thiệp dinh dưỡng cơ bản", f'name: "Gói{space}can thiệp dinh dưỡng cơ bản {space}"')
    run = validate_json(text)
    check(run, 0)
    loaded = load_text(text)
    assert loaded.data["interventions"][1]["name"] == "Gói can thiệp dinh dưỡng cơ bản"
    figures_unchanged(write_plan, baseline_budget, text)


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060"], ids=["zwsp", "bom-inside", "word-joiner"])
def test_an_invisible_character_in_an_id_is_removed_so_the_id_still_matches(validate_json, mutate, write_plan,
                                                                              baseline_budget, invisible):
    text = mutate("  - id: nsdp\n", f"  - id: ns{invisible}dp\n")
    run = validate_json(text)
    check(run, 0)
    assert not run.findings("I003")
    figures_unchanged(write_plan, baseline_budget, text)


def test_a_block_scalar_keeps_its_lines_but_normalises_spaces(gia_lai_text):
    text = gia_lai_text.replace("    Issued in September 2023", "    Issued\u00a0 in\tSeptember 2023   ", 1)
    text = text.replace("  notes: >-\n", "  notes: |-\n", 1)
    notes = load_text(text).data["plan"]["notes"]
    assert notes.startswith("Issued in September 2023 (day not given") and "\n" in notes
    assert "\u00a0" not in notes and "\t" not in notes


@pytest.mark.parametrize("escape, point", [("\\a", "U+0007"), ("\\e", "U+001B"), ("\\x9b", "U+009B"),
                                           ("\\x7f", "U+007F"), ("\\0", "U+0000"), ("\\b", "U+0008"),
                                           ("\\v", "U+000B"), ("\\f", "U+000C")],
                         ids=["bell", "escape", "c1-csi", "delete", "nul", "backspace", "vertical-tab", "form-feed"])
def test_a_control_character_in_a_name_is_L010_naming_its_code_point(validate_json, mutate, write_plan,
                                                                      baseline_budget, escape, point):
    text = mutate("name: Gói can thiệp dinh dưỡng cơ bản", f'name: "Gói can thiệp{escape} dinh dưỡng cơ bản"')
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L010")
    assert (f["line"], f["col"]) == at(text, '"Gói can thiệp')
    assert point in f["message"]
    assert run.codes() - {"L010"} == GIA_LAI_CODES  # nothing else: the plan's own warnings only
    figures_unchanged(write_plan, baseline_budget, text)


def test_a_raw_control_byte_in_a_name_is_L010_at_its_column_not_a_yaml_error(validate_json, mutate):
    text = mutate("name: Gói can thiệp dinh dưỡng cơ bản", "name: Gói can\x07 thiệp dinh dưỡng cơ bản")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L010")
    assert (f["line"], f["col"]) == at(text, "\x07")
    assert "U+0007" in f["message"]


def test_a_raw_escape_sequence_in_a_name_is_L010_and_never_reaches_the_terminal(validate_text, mutate, write_plan):
    text = mutate("name: Gói can thiệp dinh dưỡng cơ bản", "name: Gói \x1b[31mcan thiệp\x1b[0m dinh dưỡng cơ bản")
    run = validate_text(text)
    check(run, 1)
    assert "L010" in run.stdout and "\x1b" not in run.output
    report = invoke(["budget", write_plan(text, "esc.yaml")])
    assert "\x1b" not in report.output


def test_a_name_that_is_only_a_control_character_is_one_L010_not_also_a_schema_error(validate_json, mutate):
    text = mutate("name: Gói can thiệp dinh dưỡng cơ bản", 'name: "\\a"')
    run = validate_json(text)
    check(run, 1)
    assert len(run.findings("L010")) == 1 and not run.findings("S001")


def test_export_xlsx_of_a_plan_with_a_control_character_does_not_crash(mutate, write_plan, tmp_path):
    text = mutate("name: Gói can thiệp dinh dưỡng cơ bản", 'name: "=Gói\\a can thiệp"')
    plan = write_plan(text)
    out = tmp_path / "a.xlsx"
    run = invoke(["export", "xlsx", plan, "-o", out])
    run.assert_no_traceback()
    assert run.exit_code == 0, run.output
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(out).active.iter_rows() for c in row if c.value == "=Gói can thiệp"]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


# --- hints that name the right number ----------------------------------------------------------------------------

@pytest.mark.parametrize("written, meant", [("42.900,0", "42900"), ("9.300,5", "9300.5"), ("1 500", "1500"),
                                            ("1\u00a0500", "1500"), ("42,900.5", "42900.5"), ("1.234.567", "1234567")])
def test_thousands_separators_are_read_as_a_vietnamese_reader_means(written, meant):
    assert thousands_reading(written) == meant


@pytest.mark.parametrize("written, meant", [("42.900,0", "42900"), ("9.300,5", "9300.5")])
def test_a_quoted_amount_with_separators_gets_the_right_hint(validate_json, mutate, written, meant):
    text = mutate("  - {id: III, name: Bảo vệ trẻ em, total: 4860}", f'  - {{id: III, name: Bảo vệ trẻ em, total: "{written}"}}')
    run = validate_json(text)
    check(run, 1)
    f = one(run, "S001")
    assert f"e.g. {meant}" in f["message"] and "Value error" not in f["message"]


def test_an_amount_42_900_0_in_a_block_mapping_gets_the_hint_42900_not_429000(validate_json, mutate):
    text = mutate("\ntotal: 42900\n", "\ntotal: 42.900,0\n")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L006")
    assert f["line"] == line_of(text, "total: 42.900,0")
    assert "42900" in f["message"] and "429000" not in f["message"]


def test_a_space_as_thousands_separator_gets_the_thousands_hint(validate_json, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: 9 300}")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L006")
    assert (f["line"], f["col"]) == at(text, "9 300") and "write 9300" in f["message"]


def test_a_thousands_comma_in_a_flow_mapping_is_L006_at_the_number(validate_json, mutate, write_plan,
                                                                    baseline_budget):
    text = mutate("cost: {total: 9300}", "cost: {total: 9,300}")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L006")
    assert (f["line"], f["col"]) == at(text, "9,300")
    assert "comma" in f["message"] and "thousands separator" in f["message"] and "9300" in f["message"]
    assert not run.findings("S001")  # not "Keys should be strings"
    figures_unchanged(write_plan, baseline_budget, text)


def test_a_decimal_comma_in_a_flow_mapping_is_L006_naming_the_decimal(validate_json, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: 9300,5}")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L006")
    assert "decimal comma" in f["message"] and "9300.5" in f["message"]


def test_a_tab_in_the_indentation_is_named_as_such(validate_json, mutate):
    text = mutate("  unit: million VND\n", "  unit: million VND\n\tnotes: x\n")
    run = validate_json(text)
    check(run, 2)
    f = one(run, "L002")
    line = line_of(text, "\tnotes")
    assert (f["line"], f["col"]) == (line, 1)
    assert f["message"] == f"a tab is used for indentation at {line}:1; YAML needs spaces"


def test_a_key_without_its_colon_names_the_missing_colon(validate_json, mutate):
    text = mutate("  issuer: UBND tỉnh Gia Lai\n", "  issuer UBND tỉnh Gia Lai\n")
    run = validate_json(text)
    check(run, 2)
    f = one(run, "L002")
    assert f["line"] == line_of(text, "  issuer UBND") and "missing ':'" in f["message"]


def test_a_nested_mapping_without_its_colon_names_the_missing_colon(validate_json, mutate):
    text = mutate("cost: {total: 9300}", "cost {total: 9300}")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "S001")
    assert (f["line"], f["col"]) == at(text, "cost {total") and "missing ':' after `cost`" in f["message"]


def test_messages_from_the_models_do_not_start_with_value_error(validate_json, mutate):
    text = mutate("period: {start: 2023, end: 2026}", "period: {start: 2023, end: 2020}")
    run = validate_json(text)
    check(run, 1)
    assert all("Value error" not in f["message"] for f in run.findings())
    assert any("ends (2020) before it starts (2023)" in f["message"] for f in run.findings("S001"))


# --- limits -------------------------------------------------------------------------------------------------------

def test_an_amount_of_10_to_the_18_is_L007_too_large_with_the_figures(validate_json, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: 1000000000000000000}")
    run = validate_json(text)
    check(run, 1)
    f = one(run, "L007")
    assert f["line"] == line_of(text, "1000000000000000000") and "too large" in f["message"]
    assert f["figures"] == {"written": "1000000000000000000", "limit": "10^18"}


def test_an_amount_with_25_decimal_places_is_L007(validate_json, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: 9300.0000000000000000000000001}")
    run = validate_json(text)
    check(run, 1)
    assert one(run, "L007")["line"] == line_of(text, "9300.00000")


def test_an_amount_just_below_the_bound_is_read_exactly(validate_json, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: 999999999999999999}")
    run = validate_json(text)
    check(run, 2)  # read exactly, then refused: beyond MAX_DONG (B007)
    assert not run.findings("L007") and run.findings("B007")
    assert load_text(text).data["interventions"][0]["cost"]["total"] == 10**18 - 1


def test_to_dong_is_exact_at_the_bound():
    from decimal import Decimal

    from ecdplan.core.money import to_dong

    assert to_dong(Decimal("999999999999999999.99999999999999999999"), 10**9) is None
    assert to_dong(Decimal("999999999999999999.999999999"), 10**9) == 10**27 - 1


def test_300_refused_numbers_are_listed_up_to_200_with_a_count_of_the_rest(write_plan, gia_lai_text):
    extra = "".join(f"  n{i}: 0{i % 7 + 1}\n" for i in range(300))
    path = write_plan(gia_lai_text.replace("  unit: million VND\n", "  unit: million VND\n" + extra, 1))
    run = invoke(["validate", path])
    check(run, 1)
    listed = run.text_findings("L009")
    assert len(listed) == 200 and "101 more L009 findings like the above not listed" in listed[-1]["message"]
    assert listed[-1]["line"] == line_of(gia_lai_text, "  unit: million VND") + 300


def test_the_report_lists_at_most_200_findings_per_rule_and_file_in_every_format():
    import json as _json
    import xml.etree.ElementTree as ET

    from ecdplan.rules.findings import Finding
    from ecdplan.writers.findings import FindingsFormat, render_findings
    from ecdplan.rules.runner import PlanResult

    result = PlanResult(file="p.yaml", loaded=load_text("a: 1\n"),
                        findings=[Finding(code="S001", message=f"bad {i}", file="p.yaml", line=i + 1, col=1)
                                  for i in range(300)])
    out = {fmt: render_findings([result], fmt) for fmt in FindingsFormat}
    more = "100 more S001 finding(s) not listed"
    assert out[FindingsFormat.text].count(": S001 [error]") == 200 and more in out[FindingsFormat.text]
    doc = _json.loads(out[FindingsFormat.json])
    assert len(doc["findings"]) == 200 and doc["not_listed"] == [{"file": "p.yaml", "code": "S001", "count": 100}]
    assert doc["summary"]["errors"] == 300
    assert out[FindingsFormat.github].count("::error") == 201 and more in out[FindingsFormat.github]
    sarif = _json.loads(out[FindingsFormat.sarif])
    assert len(sarif["runs"][0]["results"]) == 200 and sarif["runs"][0]["properties"]["not_listed"][0]["count"] == 100
    assert more in out[FindingsFormat.junit] and ET.fromstring(out[FindingsFormat.junit].encode())


def test_a_file_of_more_values_than_any_plan_has_is_L008_with_bounded_memory(write_plan):
    path = write_plan("format: ecdplan/1\nx: [" + "1," * 1_600_000 + "1]\n")  # 3.2 MB, under the byte limit
    run = invoke(["validate", path, "-f", "json"])
    check(run, 2)
    f = one(run, "L008")
    assert "more than 1,500,000 values" in f["message"]


YAML_PIECES = ["a", "b: ", "- ", ", ", ":", "-", "?", "[", "]", "{", "}", "\n", "\r\n", "  ", " ", "'x'", "#c\n",
               "\u2028", "|\n  t\n", "? ", "1"]


def test_no_yaml_text_holds_more_values_than_its_characters_allow(monkeypatch):
    """The loader parses a text a first time only when it could hold more than MAX_VALUES values: the bound,
    worked out from its line breaks and indicators, is never below the values the parser finds."""
    import random

    import yaml

    from ecdplan.source import tree

    monkeypatch.setattr(tree, "MAX_VALUES", 0)  # always by counting characters, as for a large file
    rng, parsed = random.Random(20), 0
    # empty values that no character holds: keys of a flow mapping without values, '?' and ':' alone, bare '-'
    tight = ["{a, b, c, d}", "{a,b,c}", "[a: , b: , c]", "? \n? \n? \n", "{? , ? , ?}", ": \n", "-\n-\n-\n", "[-, -]"]
    for text in tight + ["".join(rng.choice(YAML_PIECES) for _ in range(rng.randint(1, 30))) for _ in range(4000)]:
        try:
            values = sum(isinstance(e, yaml.ScalarEvent) for e in yaml.parse(text, Loader=yaml.CSafeLoader))
        except yaml.YAMLError:
            continue
        parsed += 1
        assert values <= tree.most_values(text), text
    assert parsed > 500  # a sixth of them are YAML: the bound was put to the test


def test_a_large_file_of_few_values_is_parsed_once(tmp_path, monkeypatch):
    """2 MB of long names (a national plan's lists) cannot hold 1,500,000 values: no first pass over its events."""
    from ecdplan.source import loader

    scanned = []
    monkeypatch.setattr(loader, "scan_events", lambda *args: scanned.append(1) or ([], set(), 0, 0))
    names = "".join(f"  - Xã có tên rất dài số {i}\n" for i in range(60_000))
    result = load_text(f"format: ecdplan/1\nnamed:\n{names}", "big.yaml")
    assert len(result.data["named"]) == 60_000 and scanned == []
    load_text("format: ecdplan/1\nx: [" + "1," * 800_000 + "1]\n", "many.yaml")  # could hold 1,600,002
    assert scanned == [1]


def test_a_value_is_read_by_how_it_is_written_each_time_it_repeats():
    """Each distinct plain value is resolved once (loader.remembering_loader): the same digits quoted stay text,
    and a YAML 1.1 spelling is refused at every place it is written, not only the first."""
    text = ("format: ecdplan/1\na: 2025\nb: '2025'\nc: 2025\nd: [2025, '2025', 2025]\n"
            "e: yes\nf: [yes, 'yes']\ng: 9.300\nh: [9.300, '9.300']\n")
    result = load_text(text, "repeat.yaml")
    data = result.data
    assert (data["a"], data["b"], data["c"], data["d"]) == (2025, "2025", 2025, [2025, "2025", 2025])
    assert data["f"][1] == "yes" and data["h"][1] == "9.300"
    refused = sorted((f.code, f.line, f.col) for f in result.findings)
    assert refused == [("L006", line_of(text, "g: 9.300"), 4), ("L006", line_of(text, "h: [9.300"), 5),
                       ("L009", line_of(text, "e: yes"), 4), ("L009", line_of(text, "f: [yes"), 5)]


def test_items_of_a_long_list_keep_their_pitfalls_and_positions():
    """A list's values are read without going through the builder item by item: a pasted bullet and a comment cut
    from a name are still found, each at its own place."""
    text = ("format: ecdplan/1\nnamed:\n  - Ia Mlah\n  - • Ia Pết\n  - Lớp #2\n"
            "flow: [Ia Mlah, • Ia Pết, Ia Dêr]\n")
    result = load_text(text, "items.yaml")
    found = sorted((f.code, f.line, f.col) for f in result.findings)
    assert ("L016", line_of(text, "• Ia Pết"), 5) in found and ("L016", line_of(text, "flow:"), 17) in found
    assert ("L015", line_of(text, "Lớp #2"), 5) in found
    assert result.data["named"][0] == "Ia Mlah" and result.data["flow"][2] == "Ia Dêr"
    assert result.item_positions[("flow",)][2] == (line_of(text, "flow:") << 32 | 27)


def test_2_8_million_aliases_in_8_mib_end_fast_with_bounded_output(tmp_path):
    n = 2_790_000
    path = tmp_path / "bomb.yaml"
    path.write_text("format: ecdplan/1\na: &a x\nb: [" + "*a," * n + "*a]\n", encoding="utf-8")
    assert path.stat().st_size <= MAX_BYTES
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []  # peak memory, KiB
    cpu_start = children_cpu_seconds()
    proc = subprocess.run([*timer, sys.executable, "-m", "ecdplan", "validate", str(path), "-f", "sarif"],
                          capture_output=True, timeout=20 * WALL_FACTOR, cwd=REPO_ROOT, preexec_fn=child_limits(20))
    cpu = children_cpu_seconds() - cpu_start
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert cpu < 20, f"took {cpu:.1f} CPU seconds"
    assert len(proc.stdout) < 200_000  # 100 aliases listed, the rest counted
    assert b"more aliases not listed" in proc.stdout
    rss_kib = proc.stderr.decode().strip().splitlines()[-1] if timer else "0"
    assert int(rss_kib) < 500_000, f"{rss_kib} KiB"


# --- files that are not plain files -------------------------------------------------------------------------------

def test_a_fifo_as_the_plan_is_L001_and_does_not_hang(tmp_path):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    run = invoke(["validate", fifo, "-f", "json"])
    check(run, 2)
    f = one(run, "L001")
    assert "named pipe" in f["message"]


def test_a_fifo_that_streams_zeros_forever_is_refused_without_reading_it(tmp_path):
    """Like /dev/zero (size 0, no end): the type is checked on the open descriptor before any read."""
    fifo = tmp_path / "zeros.yaml"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed() -> None:
        try:
            fd = os.open(fifo, os.O_WRONLY)
        except OSError:
            return
        try:
            while not stop.is_set():
                os.write(fd, b"\0" * 65536)
        except OSError:
            pass
        finally:
            os.close(fd)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        run = invoke(["validate", fifo, "-f", "json"])
        check(run, 2)
        assert "named pipe" in one(run, "L001")["message"]
    finally:
        stop.set()
        try:  # let the writer's blocking open return
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
        writer.join(timeout=5)


def test_a_file_one_byte_over_the_limit_is_refused_counting_what_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.write(b"format: ecdplan/1\n# " + b"x" * (MAX_BYTES - 20) + b"\n")
    assert path.stat().st_size == MAX_BYTES + 1
    run = invoke(["validate", path, "-f", "json"])
    check(run, 2)
    assert "more than the" in one(run, "L001")["message"]


def test_reading_stops_after_the_limit_even_when_the_size_says_0(monkeypatch, tmp_path):
    """A /proc-like file: stat says 0 bytes, reading never ends. Only MAX_BYTES+1 bytes are read."""
    from ecdplan.source import reading

    path = tmp_path / "endless.yaml"
    path.write_bytes(b"")
    calls = {"bytes": 0}

    def endless_read(fd, size):
        calls["bytes"] += size
        return b"a" * size

    monkeypatch.setattr(reading.os, "read", endless_read)
    with pytest.raises(reading.UnreadableFile, match="more than"):
        reading.read_limited(path, max_bytes=10_000)
    assert calls["bytes"] == 10_001


def test_a_directory_is_L001_saying_so(tmp_path):
    run = invoke(["validate", tmp_path, "-f", "json"])
    check(run, 2)
    assert "directory" in one(run, "L001")["message"]


def test_a_looping_symlink_is_L001_not_an_exception(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop.yaml")
    run = invoke(["validate", loop, "-f", "json"])
    check(run, 2)
    assert "loops" in one(run, "L001")["message"]


def test_a_symlink_to_a_plan_is_read_as_the_plan(tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(GIA_LAI)
    check(invoke(["validate", link]), 0)


def test_a_nul_byte_in_the_path_is_a_clear_usage_error_not_an_exception(tmp_path):
    run = invoke(["validate", f"{tmp_path}/pl\0an.yaml", "-f", "json"])
    run.assert_no_traceback()
    assert run.exit_code == 2 and "null byte" in run.output


def test_a_nul_byte_in_a_path_given_to_the_loader_is_L001():
    from ecdplan.source.loader import load_file

    [f] = load_file("plans/gi\0a.yaml").findings
    assert f.code == "L001" and "NUL" in f.message


def test_a_file_name_too_long_for_the_system_is_L001(tmp_path):
    run = invoke(["validate", tmp_path / ("x" * 300 + ".yaml"), "-f", "json"])
    check(run, 2)
    assert "too long" in one(run, "L001")["message"]


def test_a_socket_is_L001_saying_what_it_is(tmp_path):
    path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        run = invoke(["validate", path, "-f", "json"])
        check(run, 2)
        assert "socket" in one(run, "L001")["message"]
    finally:
        server.close()


def test_a_plan_that_cannot_be_read_says_permission(tmp_path, gia_lai_text):
    path = tmp_path / "locked.yaml"
    path.write_text(gia_lai_text, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        run = invoke(["validate", path, "-f", "json"])
        check(run, 2)
        assert "permission" in one(run, "L001")["message"]
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_an_envelope_file_that_is_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "env.yaml"
    os.mkfifo(fifo)
    run = invoke(["funding", GIA_LAI, "--envelopes", fifo])
    check(run, 2)
    assert "named pipe" in run.output


# --- git revisions ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rev", ["--output=OUT", "-h", "--upload-pack=touch OUT"], ids=["output", "dash-h", "upload"])
def test_a_revision_that_looks_like_an_option_is_refused_and_writes_nothing(tmp_path, rev):
    out = tmp_path / "x"
    rev = rev.replace("OUT", str(out))
    run = invoke(["diff", GIA_LAI, f"--rev={rev}"])
    check(run, 2)
    assert "is not a revision" in run.output
    assert not out.exists()


def test_a_revision_given_as_a_separate_argument_that_looks_like_an_option_is_refused(tmp_path):
    out = tmp_path / "x"
    run = invoke(["diff", GIA_LAI, "--rev", f"--output={out}"])
    run.assert_no_traceback()
    assert run.exit_code == 2 and not out.exists()


def test_an_unknown_revision_is_a_clear_error(tmp_path):
    run = invoke(["diff", GIA_LAI, "--rev", "no-such-branch-xyz"])
    check(run, 2)
    assert "not a commit" in run.output


def test_read_git_blob_checks_the_size_before_reading():
    from ecdplan.source.git import GitError, read_git_blob

    with pytest.raises(GitError, match="more than"):
        read_git_blob(GIA_LAI, "HEAD", max_bytes=100)
    assert read_git_blob(GIA_LAI, "HEAD").startswith(b"# yaml-language-server")


def test_normalise_text_handles_every_kind_of_space():
    assert normalise_text("\u00a0a\u2007b\u202fc\td  e\u200b\ufeff ") == "a b c d e"
    assert normalise_text("a\u00a0 b\n  c\t d  \n", block=True) == "a b\n  c d\n"


def test_fifty_thousand_refused_names_in_one_list_are_reported_in_bounded_time(write_plan, gia_lai_text):
    old = "    lead: Sở Y tế\n"
    assert old in gia_lai_text
    path = write_plan(gia_lai_text.replace(old, old + "    cooperating: [" + "no, " * 50_000 + "x]\n", 1))
    run = invoke(["validate", path])
    run.assert_no_traceback()
    assert run.exit_code == 1 and run.cpu < 15
    assert len(run.text_findings("L009")) == 200 and not run.text_findings("S001")


def test_a_merge_key_that_would_bring_in_a_cost_keeps_the_plan_from_being_used_for_figures(validate_json, mutate,
                                                                                            write_plan,
                                                                                            baseline_budget):
    text = mutate("    cost: {total: 9300}\n", "    cost: {<<: {total: 9300}}\n")
    run = validate_json(text)
    check(run, 1)
    assert one(run, "L005")["line"] == line_of(text, "<<:")
    path = write_plan(text, "merge.yaml")
    budget = invoke(["budget", path, "--format", "json"])
    assert budget.exit_code == 2  # not "imam: unbudgeted" with other totals
    figures_unchanged(write_plan, baseline_budget, text)


def test_a_refused_key_does_not_bring_its_value_into_the_figures(validate_json, mutate, write_plan, baseline_budget):
    text = mutate("\ninterventions:\n", "\nenvelopes:\n  no: {2025: 5}\n\ninterventions:\n")
    run = validate_json(text)
    check(run, 1)
    assert "quote it: 'no'" in one(run, "L009")["message"]
    assert invoke(["budget", write_plan(text, "k.yaml"), "--format", "json"]).exit_code == 2
    figures_unchanged(write_plan, baseline_budget, text)
