"""A corpus of bad input, each through `ecdplan validate FILE`: a clear message, the rule code, the exit status,
no traceback, and a bounded time. The Gia Lai plan is the starting point for realistic damage.
"""

from __future__ import annotations

import re

import pytest

from conftest import col_of, line_of, to_cp1258

FAST = 5.0  # seconds; every case here takes well under one on a laptop


def check(run, status: int) -> None:
    """What every bad-input run must satisfy, whatever the input."""
    run.assert_no_traceback()
    assert run.exit_code == status, run.output
    assert run.elapsed < FAST, f"took {run.elapsed:.1f}s"
    assert "internal error" not in run.output


def findings(run, code: str) -> list[dict]:
    return run.text_findings(code)


# --- YAML that parses, but must not be trusted ------------------------------------------------------------------

def test_a_duplicate_key_names_both_lines_and_exits_1(validate_text, mutate):
    text = mutate("  unit: million VND\n", "  unit: million VND\n  unit: billion VND\n")
    run = validate_text(text)
    check(run, 1)
    first, second = line_of(text, "  unit: million VND"), line_of(text, "  unit: billion VND")
    [f] = findings(run, "L004")
    assert f["line"] == second
    assert "duplicate key 'unit'" in f["message"]
    assert f"first at line {first}, again at line {second}" in f["message"]


def test_a_duplicate_key_in_an_intervention_is_reported_not_silently_overwritten(validate_text, mutate):
    text = mutate("    cost: {total: 9300}\n", "    cost: {total: 9300}\n    cost: {total: 1}\n")
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "L004")
    assert f["line"] == line_of(text, "cost: {total: 1}")


BILLION_LAUGHS = """\
format: ecdplan/1
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_is_refused_fast_as_L005_and_exits_1(validate_text):
    run = validate_text(BILLION_LAUGHS)
    check(run, 1)
    assert run.elapsed < 2.0
    l005 = findings(run, "L005")
    assert len(l005) == 8 * 9  # one per alias, none expanded
    assert {f["line"] for f in l005} == set(range(3, 11))
    first = l005[0]
    assert (first["line"], first["col"]) == (3, col_of(BILLION_LAUGHS, "*a"))
    assert "line 2" in first["message"] and "alias" in first["message"]


def test_an_alias_bomb_in_a_subprocess_ends_fast_without_a_traceback(write_plan, ecdplan_subprocess):
    path = write_plan(BILLION_LAUGHS)
    run = ecdplan_subprocess("validate", path, timeout=30)
    check(run, 1)
    assert run.stderr == ""
    assert "L005" in run.stdout


def test_a_cost_written_9_300_is_L006_and_exits_1(validate_text, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: 9.300}")
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "L006")
    assert f["line"] == line_of(text, "9.300")
    assert "9300" in f["message"] and "9.3" in f["message"]
    # the refused amount must not cascade into false total mismatches
    assert not findings(run, "B001") and not findings(run, "B002")


@pytest.mark.parametrize("written", [".nan", ".inf", "-.inf", ".NaN"])
def test_not_a_number_or_infinity_is_L007(validate_text, mutate, written):
    text = mutate("cost: {total: 9300}", f"cost: {{total: {written}}}")
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "L007")
    assert f["line"] == line_of(text, written)
    assert f"'{written}'" in f["message"] and "not a number" in f["message"]


def test_a_negative_amount_is_S002(validate_text, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: -9300}")
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "S002")
    assert f["line"] == line_of(text, "-9300")
    assert "greater than or equal to 0" in f["message"]


# --- encodings and line endings ---------------------------------------------------------------------------------

def test_a_utf8_bom_is_accepted(validate_text, gia_lai_text):
    run = validate_text(b"\xef\xbb\xbf" + gia_lai_text.encode("utf-8"))
    check(run, 0)
    assert not [f for f in run.text_findings() if f["severity"] == "error"]
    assert len(run.text_findings("F002")) == 3  # the same warnings as the file without BOM (one per programme)


def test_crlf_line_endings_are_accepted_with_the_same_line_numbers(validate_text, gia_lai_text):
    crlf = gia_lai_text.replace("\n", "\r\n")
    assert "\r\n" in crlf
    run = validate_text(crlf.encode("utf-8"))
    check(run, 0)
    lines = [f["line"] for f in run.text_findings("F002")]  # one per programme, the other lines under it
    lines += [int(m) for m in re.findall(r"^    also at (\d+):\d+ interventions\[[^]]+\]\.sources", run.stdout, re.M)]
    assert lines and set(lines) == {line_of(gia_lai_text, "sources: [ntp-dtts, ntp-gnbv, ntp-ntm, nsdp, other]"),
                                    line_of(gia_lai_text, "sources: [ntp-dtts, ntp-gnbv, ntp-ntm, other]", 1),
                                    line_of(gia_lai_text, "sources: [ntp-dtts, ntp-gnbv, ntp-ntm, other]", 2)}


def test_windows_1258_bytes_are_L001_saying_not_utf8_and_exit_2(validate_text, gia_lai_text):
    raw = to_cp1258(gia_lai_text)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    run = validate_text(raw)
    check(run, 2)
    [f] = findings(run, "L001")
    assert "not UTF-8" in f["message"] and "UTF-8" in f["message"]
    first_non_ascii = next(i for i, ch in enumerate(gia_lai_text) if ord(ch) > 127)
    assert f["line"] == gia_lai_text.count("\n", 0, first_non_ascii) + 1
    assert "could not be used" in run.stdout


def test_a_short_vietnamese_text_in_windows_1258_is_L001(validate_text):
    run = validate_text(b"format: ecdplan/1\nplan:\n  issuer: " + to_cp1258("UBND tỉnh Gia Lai") + b"\n")
    check(run, 2)
    [f] = findings(run, "L001")
    assert f["line"] == 3


def test_utf16_is_L001_saying_save_as_utf8(validate_text, gia_lai_text):
    run = validate_text(gia_lai_text.encode("utf-16"))
    check(run, 2)
    [f] = findings(run, "L001")
    assert "UTF-16" in f["message"]


# --- files that are not a plan at all ---------------------------------------------------------------------------

def test_an_empty_file_is_L003_and_exits_2(validate_text):
    run = validate_text("")
    check(run, 2)
    [f] = findings(run, "L003")
    assert "empty" in f["message"]


def test_a_file_of_comments_only_is_L003(validate_text):
    run = validate_text("# yaml-language-server: $schema=../schemas/plan.schema.json\n# nothing yet\n")
    check(run, 2)
    assert findings(run, "L003")


def test_a_list_at_the_root_is_L003_and_exits_2(validate_text):
    run = validate_text("- format: ecdplan/1\n- plan: {}\n")
    check(run, 2)
    [f] = findings(run, "L003")
    assert "a list" in f["message"] and "mapping" in f["message"]


def test_a_single_value_at_the_root_is_L003(validate_text):
    run = validate_text("ecdplan/1\n")
    check(run, 2)
    [f] = findings(run, "L003")
    assert "a single value" in f["message"]


def test_a_10_mb_file_is_refused_fast_and_exits_2(validate_text):
    big = "format: ecdplan/1\n" + "# padding padding padding padding padding padding\n" * (10 * 1024 * 1024 // 50)
    assert len(big.encode()) >= 10 * 1024 * 1024
    run = validate_text(big)
    check(run, 2)
    assert run.elapsed < 2.0
    [f] = findings(run, "L001")
    assert "bytes" in f["message"] and "more than" in f["message"]


def test_10000_nested_brackets_are_refused_and_exit_2(validate_text):
    run = validate_text("[" * 10000)
    check(run, 2)
    assert findings(run, "L002") or findings(run, "L008")


def test_10000_nested_brackets_under_a_key_are_L008(validate_text):
    run = validate_text("format: ecdplan/1\nplan: " + "[" * 10000 + "]" * 10000 + "\n")
    check(run, 2)
    [f] = findings(run, "L008")
    assert f["line"] == 2


def test_deeply_nested_block_mappings_are_L008(validate_text):
    text = "format: ecdplan/1\n" + "".join("  " * i + f"k{i}:\n" for i in range(200))
    run = validate_text(text)
    check(run, 2)
    assert findings(run, "L008")


def test_deep_nesting_in_a_subprocess_ends_without_a_traceback(write_plan, ecdplan_subprocess):
    path = write_plan("[" * 10000)
    run = ecdplan_subprocess("validate", path, timeout=30)
    check(run, 2)
    assert run.stderr == ""


def test_a_missing_file_is_L001_and_exits_2(cli, tmp_path):
    missing = tmp_path / "no-such-plan.yaml"
    run = cli("validate", missing)
    check(run, 2)
    [f] = findings(run, "L001")
    assert "no such file" in f["message"]
    assert f["file"] == str(missing)


def test_a_directory_is_L001_and_exits_2(cli, tmp_path):
    run = cli("validate", tmp_path)
    check(run, 2)
    [f] = findings(run, "L001")
    assert "directory" in f["message"]


def test_a_missing_file_in_a_subprocess_exits_2_without_a_traceback(ecdplan_subprocess, tmp_path):
    run = ecdplan_subprocess("validate", tmp_path / "no-such-plan.yaml")
    check(run, 2)
    assert "L001" in run.stdout


def test_a_yaml_syntax_error_is_L002_at_its_line_and_exits_2(validate_text, mutate):
    text = mutate("  period: {start: 2023, end: 2026}\n", "  period: {start: 2023, end: 2026\n")
    run = validate_text(text)
    check(run, 2)
    [f] = findings(run, "L002")
    assert "YAML syntax" in f["message"]
    # libyaml notices the missing '}' at the next token: the line after the edit
    assert line_of(text, "period: {start: 2023") <= f["line"] <= line_of(text, "period: {start: 2023") + 1


def test_a_tab_in_the_indentation_is_L002(validate_text, mutate):
    text = mutate("  level: province\n", "\tlevel: province\n")
    run = validate_text(text)
    check(run, 2)
    [f] = findings(run, "L002")
    assert f["line"] == line_of(text, "\tlevel: province")


# --- the format -------------------------------------------------------------------------------------------------

def test_an_unknown_top_level_key_is_S001_with_a_did_you_mean_hint(validate_text, mutate):
    text = mutate("\ninterventions:\n", "\ninterventons:\n")
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "S001")
    assert f["line"] == line_of(text, "interventons:")
    assert "unknown key 'interventons'" in f["message"]
    assert "did you mean 'interventions'?" in f["message"]


def test_an_unknown_nested_key_gets_a_did_you_mean_hint_too(validate_text, mutate):
    text = mutate("    cost: {total: 9300}\n", "    cost: {totl: 9300}\n")
    run = validate_text(text)
    check(run, 1)
    s001 = findings(run, "S001")
    [f] = [x for x in s001 if "totl" in x["message"]]
    assert f["line"] == line_of(text, "totl")
    assert "did you mean 'total'?" in f["message"]


def test_an_amount_written_as_the_text_9_300_is_S001_with_a_hint_to_write_9300(validate_text, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: '9.300'}")
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "S001")
    assert f["line"] == line_of(text, "'9.300'")
    assert "is text" in f["message"]
    assert "e.g. 9300" in f["message"]


def test_an_amount_written_as_the_text_42_900_with_a_comma_gets_the_same_hint(validate_text, mutate):
    text = mutate("\ntotal: 42900\n", '\ntotal: "42,900"\n')
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "S001")
    assert f["line"] == line_of(text, '"42,900"')
    assert "e.g. 42900" in f["message"]


def test_an_impossible_date_is_S001_not_a_crash(validate_text, mutate):
    text = mutate("date: 2022-07-07", "date: 2022-13-45")
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "S001")
    assert f["line"] == line_of(text, "2022-13-45")


@pytest.mark.parametrize("old, new, typo, hint", [
    ("sources: [nsdp, other]", "sources: [{source: nsdp, shre: 50}, {source: other, share: 50}]", "shre", "share"),
    ("{name: Lơ Ku, district: KBang}", "{name: Lơ Ku, distrct: KBang}", "distrct", "district"),
    ("        communes: 42\n", "        comunes: 42\n", "comunes", "communes"),
    ("    every: half-year\n", "    evry: half-year\n", "evry", "every"),
    ("    valid: {start: 2021, end: 2025}", "    valid: {strat: 2021, end: 2025}", "strat", "start"),
])
def test_a_typo_in_a_nested_key_gets_the_hint_of_its_own_mapping(validate_text, mutate, old, new, typo, hint):
    text = mutate(old, new)
    run = validate_text(text)
    check(run, 1)
    [f] = [x for x in findings(run, "S001") if f"unknown key '{typo}'" in x["message"]]
    assert f["line"] == line_of(text, typo)
    assert f"did you mean '{hint}'?" in f["message"]


def test_findings_of_a_plan_that_does_not_fit_the_format_come_in_line_order(validate_text, mutate):
    text = mutate("  unit: million VND\n", "  unit: million VND\n  unit: VND\n")
    text = text.replace("  level: province\n", "  levl: province\n", 1)
    run = validate_text(text)
    check(run, 1)
    lines = [f["line"] for f in run.text_findings()]
    assert lines == sorted(lines)
    assert {f["code"] for f in run.text_findings()} >= {"L004", "S001"}


# --- numbers exact arithmetic cannot hold -----------------------------------------------------------------------

@pytest.mark.parametrize("written", ["1.0e+1000000", "1.0e+40", "9" * 4200, "9" * 400 + ":30.5"])
def test_a_number_too_large_for_any_plan_is_L007_not_an_internal_error(validate_text, mutate, written):
    text = mutate("cost: {total: 9300}", f"cost: {{total: {written}}}")
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "L007")
    assert f["line"] == line_of(text, "cost: {total: " + written[:10])
    assert "too large" in f["message"]
    assert len(f["message"]) < 100
    assert not findings(run, "B001") and not findings(run, "B002")


def test_a_huge_exponent_in_a_subprocess_is_reported_not_an_internal_error(mutate, write_plan, ecdplan_subprocess):
    path = write_plan(mutate("communes: 10\n", "communes: 1.0e+1000000\n"))
    run = ecdplan_subprocess("validate", path)
    check(run, 1)
    assert run.stderr == ""
    assert "L007" in run.stdout


def test_a_large_but_plausible_amount_is_accepted(validate_text, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: 930000000}")  # 9.3 × 10^14 đồng: below MAX_DONG
    run = validate_text(text)
    check(run, 1)
    assert not findings(run, "L007") and not findings(run, "B007")
    assert findings(run, "B001") and findings(run, "B002")


def test_an_amount_beyond_what_every_output_carries_is_B007_and_unusable(validate_text, mutate):
    text = mutate("cost: {total: 9300}", "cost: {total: 9300000000000}")
    run = validate_text(text)
    check(run, 2)
    assert not findings(run, "L007")
    [f] = findings(run, "B007")
    assert f["line"] == line_of(text, "cost: {total: 9300000000000}")


def test_an_alias_in_a_real_plan_is_L005_at_the_alias_naming_the_anchor_line(validate_text, mutate):
    text = mutate("cost: {total: 9300}", "cost: &cost {total: 9300}")
    text = text.replace("    cost: {total: 9300}\n", "    cost: *cost\n", 1)
    run = validate_text(text)
    check(run, 1)
    [f] = findings(run, "L005")
    assert f["line"] == line_of(text, "cost: *cost")
    assert f["col"] == col_of(text, "*cost")
    assert f"line {line_of(text, '&cost')}" in f["message"]
    assert not findings(run, "B001")  # the dropped value must not look like a missing cost
