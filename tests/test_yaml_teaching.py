"""Where YAML bites a person writing a plan by hand (issue 21): a comma or ` #` inside a plain value, a colon with no
space, a bullet pasted from Word. Each is named for what it is, with the fix, in English and Vietnamese; none is
read silently as another value. Each trigger has a near miss written correctly that gives no finding."""

from __future__ import annotations

import pytest

from conftest import line_of
from test_rules import BASE, edit

GROUP = "  - {id: I, name: Y tế, total: 1000}"
REPORT = "  - report: Báo cáo năm\n    due: 2026-12-05\n"


def flow_report(by: str) -> str:
    return edit(REPORT, f"  - {{report: Báo cáo năm, by: {by}, due: 2026-12-05}}\n")


# --- a comma inside a value in {…} (L013) ---------------------------------------------------------------------------

def test_a_comma_inside_a_value_in_braces_is_L013_naming_the_value_and_the_fix_not_unknown_keys(validate_json):
    text = flow_report("Các cơ quan, đơn vị, UBND phường, xã")
    run = validate_json(text)
    assert run.codes() == {"L013"}  # no S001 for the keys 'đơn vị', 'UBND phường', 'xã' the officer never wrote
    f = run.findings("L013")[0]
    assert f["line"] == line_of(text, "Các cơ quan")
    assert 'by: "Các cơ quan, đơn vị, UBND phường, xã"' in f["message"]
    assert "`đơn vị`, `UBND phường`, `xã`" in f["message"]
    assert run.exit_code == 1


def test_a_comma_inside_a_value_in_braces_is_explained_in_vietnamese(validate_text):
    run = validate_text(flow_report("Các cơ quan, đơn vị"), "--lang", "vi")
    assert "L013" in run.stdout
    assert "dấu ngoặc kép" in run.stdout and "by: \"Các cơ quan, đơn vị\"" in run.stdout


def test_a_quoted_value_with_commas_is_not_L013(validate_json):
    run = validate_json(flow_report('"Các cơ quan, đơn vị, UBND phường, xã"'))
    assert run.findings() == [] and run.exit_code == 0, run.stdout


def test_a_list_in_brackets_is_split_at_its_commas_without_L013(validate_json):
    run = validate_json(BASE)  # `sources: [ntp, nsdp]`
    assert "sources: [ntp, nsdp]" in BASE and run.findings() == []


def test_a_thousands_comma_in_a_number_is_still_L006_not_L013(validate_json):
    run = validate_json(edit("cost: {total: 1000}", "cost: {total: 1,000}"))
    assert "L006" in run.codes() and "L013" not in run.codes()


def test_a_comma_in_a_block_style_value_needs_no_quotes(validate_json):
    run = validate_json(edit(REPORT, "  - report: Báo cáo năm\n    by: Các cơ quan, đơn vị, UBND phường, xã\n"
                                     "    due: 2026-12-05\n"))
    assert run.findings() == [] and run.exit_code == 0


# --- a colon with no space (L014, and L002 where it breaks the YAML) -----------------------------------------------

def test_a_key_glued_to_its_value_in_braces_is_L014_and_the_key_is_not_reported_missing(validate_json):
    run = validate_json(edit(GROUP, "  - {id:I, name: Y tế, total: 1000}"))
    assert run.codes() == {"L014"}
    assert "write `id: I`" in run.findings("L014")[0]["message"]


def test_a_colon_inside_a_value_with_a_space_before_the_next_word_is_not_L014(validate_json):
    run = validate_json(edit("name: Câu lạc bộ dinh dưỡng", 'name: "Câu lạc bộ: dinh dưỡng"'))
    assert "L014" not in run.codes() and run.exit_code == 0


def test_a_block_key_glued_to_its_value_is_L002_saying_a_space_is_missing_in_both_languages(validate_text):
    text = edit("  issuer: UBND xã Thử\n", "  issuer:UBND xã Thử\n")
    en = validate_text(text)
    assert "L002" in en.stdout and "a colon needs a space after it; write `issuer: UBND xã Thử`" in en.stdout
    assert f"plan.yaml:{line_of(text, 'issuer:UBND')}:3:" in en.stdout
    vi = validate_text(text, "--lang", "vi")
    assert "dấu cách" in vi.stdout and "issuer: UBND xã Thử" in vi.stdout


# --- ` #` inside a plain value (L015) ------------------------------------------------------------------------------

def test_a_hash_after_a_space_inside_a_name_is_L015_saying_what_was_read(validate_json):
    run = validate_json(edit("name: Câu lạc bộ dinh dưỡng", "name: Câu lạc bộ dinh dưỡng #2 xã Thử"))
    f = run.findings("L015")[0]
    assert f["severity"] == "warning"
    assert f["figures"]["yaml"] == "Câu lạc bộ dinh dưỡng"
    assert f["figures"]["written"] == "Câu lạc bộ dinh dưỡng #2 xã Thử"
    assert '"Câu lạc bộ dinh dưỡng #2 xã Thử"' in f["message"]


@pytest.mark.parametrize("written", ["name: Câu lạc bộ dinh dưỡng  # ghi chú", 'name: "Câu lạc bộ dinh dưỡng #2"',
                                     "name: Câu lạc bộ dinh dưỡng#2"])
def test_a_comment_with_a_space_after_the_hash_or_a_quoted_hash_is_not_L015(validate_json, written):
    run = validate_json(edit("name: Câu lạc bộ dinh dưỡng", written))
    assert "L015" not in run.codes() and run.exit_code == 0, run.stdout


# --- a bullet pasted from a document (L016, and L002 where it breaks the YAML) --------------------------------------

@pytest.mark.parametrize("bullet", ["•", "–", "\uf0b7", "▪"])
def test_a_value_beginning_with_a_pasted_bullet_is_L016_with_its_code_point(validate_json, bullet):
    run = validate_json(edit("name: Câu lạc bộ dinh dưỡng", f"name: {bullet} Câu lạc bộ dinh dưỡng"))
    f = run.findings("L016")[0]
    assert f["figures"]["code_point"] == f"U+{ord(bullet):04X}"
    assert "`- `" in f["message"]
    assert run.exit_code == 1


def test_bullets_pasted_on_several_lines_under_a_key_are_L016_not_one_long_text(validate_json):
    text = edit("    group: I\n", "    group: I\n    lead:\n      • Sở Y tế\n      • Trạm Y tế xã\n")
    run = validate_json(text)
    assert run.codes() == {"L016"}
    assert run.findings("L016")[0]["line"] == line_of(text, "• Sở Y tế")


@pytest.mark.parametrize("written", ["name: Câu lạc bộ dinh dưỡng - xã Thử", "name: Câu lạc bộ – dinh dưỡng"])
def test_a_dash_inside_a_name_is_not_L016(validate_json, written):
    run = validate_json(edit("name: Câu lạc bộ dinh dưỡng", written))
    assert "L016" not in run.codes() and run.exit_code == 0, run.stdout


def test_a_pasted_bullet_line_that_breaks_the_yaml_is_L002_naming_the_bullet_in_both_languages(validate_text):
    text = edit("    group: I\n", "    group: I\n    • Sở Y tế chủ trì\n")
    en = validate_text(text)
    assert "L002" in en.stdout and "bullet pasted from a document (U+2022)" in en.stdout
    vi = validate_text(text, "--lang", "vi")
    assert "U+2022" in vi.stdout and "gạch đầu dòng" in vi.stdout
