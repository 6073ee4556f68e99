"""Every rule in `ecdplan.rules.findings.RULES`: the smallest plan that triggers it, and a near-identical one that does not.

Each plan is a small edit of BASE, a minimal valid plan, run through `ecdplan validate FILE --format json`.
Expected line numbers are computed from the edited text (the line holding the edited value), never typed in.
"""

from __future__ import annotations

import pytest

from conftest import col_of, line_of, to_cp1258
from ecdplan.rules.findings import RULES

BASE = """\
format: ecdplan/1
plan:
  id: test-plan
  title: Kế hoạch thử nghiệm
  issuer: UBND xã Thử
  level: commune
  area: {name: xã Thử, communes: 10}
  period: {start: 2023, end: 2026}
  unit: million VND
sources:
  - id: ntp
    name: Chương trình MTQG
    kind: ntp
    valid: {start: 2021, end: 2026}
  - id: nsdp
    name: Ngân sách địa phương
    kind: local-budget
groups:
  - {id: I, name: Y tế, total: 1000}
interventions:
  - id: clubs
    group: I
    name: Câu lạc bộ dinh dưỡng
    rollout:
      - years: 2023-2024
        communes: 2
      - years: 2025-2026
        communes: 4
    cost: {total: 1000}
    sources: [ntp, nsdp]
total: 1000
indicators:
  - id: access
    name: Trẻ được tiếp cận dịch vụ
    unit: percent
    milestones: {2023: 70, 2026: 90}
reporting:
  - report: Báo cáo năm
    due: 2026-12-05
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    """BASE with `old` (which must occur exactly once) replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# code -> the smallest plan that triggers it (bytes when the trigger is in the encoding)
TRIGGERS: dict[str, str | bytes] = {
    "L001": to_cp1258(BASE),
    "L002": edit("  level: commune\n", "  level: commune: xã\n"),
    "L003": "- format: ecdplan/1\n- plan: {}\n",
    "L004": edit("  unit: million VND\n", "  unit: million VND\n  unit: VND\n"),
    "L005": edit("Y tế, total: 1000}", "Y tế, total: &t 1000}", edit("\ntotal: 1000\n", "\ntotal: *t\n")),
    "L006": edit("cost: {total: 1000}", "cost: {total: 1.000}"),
    "L007": edit("cost: {total: 1000}", "cost: {total: .nan}"),
    "L008": edit("  unit: million VND\n", f"  unit: million VND\n  notes: {nested(100)}\n"),
    "L009": edit("communes: 2\n", "communes: 02\n"),
    "L010": edit("name: Câu lạc bộ dinh dưỡng", 'name: "Câu lạc bộ\\a dinh dưỡng"'),
    "L013": edit("  - {id: I, name: Y tế, total: 1000}", "  - {id: I, name: Y tế, giáo dục, total: 1000}"),
    "L014": edit("  - {id: I, name: Y tế, total: 1000}", "  - {id:I, name: Y tế, total: 1000}"),
    "L015": edit("name: Câu lạc bộ dinh dưỡng", "name: Câu lạc bộ dinh dưỡng #2"),
    "L016": edit("name: Câu lạc bộ dinh dưỡng", "name: • Câu lạc bộ dinh dưỡng"),
    "S001": edit("    group: I\n", "    group: I\n    leed: Sở Y tế\n"),
    "S002": edit("communes: 2\n", "communes: -2\n"),
    "S003": edit("format: ecdplan/1", "format: ecdplan/2"),
    "I001": edit("  - {id: I, name: Y tế, total: 1000}\n",
                 "  - {id: I, name: Y tế, total: 1000}\n  - {id: I, name: Giáo dục}\n"),
    "I002": edit("    group: I\n", "    group: IX\n"),
    "I003": edit("sources: [ntp, nsdp]", "sources: [ntp, nsbp]"),
    "B001": edit("Y tế, total: 1000}", "Y tế, total: 1001}"),
    "B002": edit("\ntotal: 1000\n", "\ntotal: 1001\n"),
    "B003": edit("cost: {total: 1000}", "cost: {total: 1000, by_year: {2023: 200, 2024: 200, 2025: 300, 2026: 299}}"),
    "B004": edit("cost: {total: 1000}", "cost: {total: 1000.0000001}"),
    "B007": edit("cost: {total: 1000}", "cost: {total: 1000000001}"),
    "L011": edit("name: Câu lạc bộ dinh dưỡng", "name: " + "x" * 32_768),
    "B005": edit("  unit: million VND\n", "  notes: no unit\n"),
    "R001": edit("years: 2025-2026", "years: 2025-2027"),
    "R002": edit("years: 2023-2024", "years: 2023-2025"),
    "R003": edit("years: 2023-2024", "years: 2023"),
    "R004": edit("communes: 4\n", "communes: 11\n"),
    "R005": edit("communes: 4\n", "communes: 1\n"),
    "R006": edit("        communes: 2\n", "        communes: 2\n        named: [Xã Một]\n"),
    "I004": edit("sources: [ntp, nsdp]", "sources: [ntp, nsdp, nsdp]"),
    "I007": BASE + "accepted:\n  - {rule: R003, reason: the pause in 2025 is intended}\n",
    "I008": BASE + "accepted:\n  - {rule: B002, reason: the total is right}\n",
    "R008": edit("cost: {total: 1000}", "cost: {by_year: {2023: 100, 2024: 300, 2025: 300, 2062: 300}}"),
    "R007": edit("cost: {total: 1000}", "cost: {by_year: {2023: 100, 2024: 300, 2025: 300, 2026: 300}}",
                 edit("      - years: 2023-2024\n", "      - years: 2024\n")),
    "F001": edit("sources: [ntp, nsdp]", "sources: [{source: ntp, share: 60}, {source: nsdp, share: 30}]"),
    "F002": edit("valid: {start: 2021, end: 2026}", "valid: {start: 2021, end: 2025}"),
    "F003": edit("sources: [ntp, nsdp]", "sources: []"),
    "F004": edit("sources: [ntp, nsdp]", "sources: [{source: ntp, share: 100}, nsdp]"),
    "T001": edit("2026: 90}", "2026: 120}"),
    "T002": edit("2026: 90}", "2030: 90}"),
    "T003": edit("2026: 90}", "2026: 60}"),
    "T004": edit("due: 2026-12-05", "due: 2028-12-05"),
    "T005": edit("due: 2026-12-05", "yearly: '02-29'"),
    "P001": edit("  unit: million VND\n", "  unit: million VND\n  parent: {number: 1/KH-UBND, file: missing.yaml}\n"),
}
# A, G, D, C (issue 15: today's Vietnam, cited documents, currencies); near misses in test_places_rules.py
PROV = edit("  area: {name: xã Thử, communes: 10}\n", "  area: {name: tỉnh Lạng Sơn, province: Lạng Sơn, communes: 300}\n")
MERGED = edit("        communes: 4\n", "        communes: 4\n        named: [Bằng Mạc, Gia Lộc, Bằng Hữu, Thượng Cường]\n", PROV)
ISSUED_AFTER = "  unit: million VND\n  number: 7/KH-UBND\n  date: 2025-08-01\n"
TRIGGERS |= {
    "A001": edit("  unit: million VND\n", ISSUED_AFTER, MERGED),
    "A002": MERGED,
    "A003": edit("        communes: 2\n", "        communes: 2\n        named: [Không Có Đâu, Gia Lộc]\n", PROV),
    "A004": edit("  level: commune\n", "  level: province\n", edit("communes: 4\n", "communes: 70\n", PROV)),
    "A005": edit("  area: {name: xã Thử, communes: 10}\n",
                 "  area: {name: tỉnh Thanh Hóa, province: Thanh Hóa, named_districts: [Tĩnh Gia]}\n"),
    "O001": edit("    due: 2026-12-05", "    due: 2026-12-05\n    to: Sở Kế hoạch và Đầu tư"),
    "D001": edit("  unit: million VND\n", "  unit: million VND\n  basis:\n    - {number: 1/QĐ-TTg, date: 2020-01-01}\n"
                 "    - {number: 1/QĐ-TTg, date: 2020-01-02}\n"),
    "D002": edit("  unit: million VND\n", "  unit: million VND\n  number: /KH-UBND\n"),
    "D003": edit("  unit: million VND\n", "  unit: million VND\n  basis:\n    - {number: 1/QĐ-TTg, title: Chương "
                 "trình giai đoạn 2021-2025}\n"),
    "D004": edit("  issuer: UBND xã Thử\n", "  issuer: Trạm Y tế xã Thử\n  number: 5/KH-UBND\n  date: 2023-01-05\n"),
    "C001": edit("  unit: million VND\n", "  currency: {code: USD, rate: 0, date: 2024-01-02, source: test}\n"),
    "C002": edit("  unit: million VND\n", "  unit: million VND\n  currency: {code: USD, rate: 25000, date: 2024-01-02, "
                 "source: test}\n"),
}
# rules that need a second (parent) file: their triggers are in test_plans_within_plans.py
CROSS_FILE = {"P002", "P003", "P004", "I005", "P005"}  # I005, P005: tests/test_side_files.py
CROSS_FILE |= {"I006"}  # a set of files: tests/test_numbers_trust.py
# rules of progress files (a progress file and its plan): triggers in test_progress_rules.py
CROSS_FILE |= {"G001", "G002", "G003", "G004", "G005", "G006", "G007", "G008", "G009", "G010", "G011", "G012",
               "G013", "G014"}
# rules of the project's configuration (a pyproject.toml and the files it names): triggers in test_machine.py
CROSS_FILE |= {"L012"}
# rules of importing an office file (a workbook or CSV table, not YAML text): triggers in test_import.py
CROSS_FILE |= {"X001", "X002", "X003", "X004", "X005", "X006", "X007", "X008", "X009", "X010"}
# rules of Word plans (a .docx, not a YAML text): triggers and near misses in test_import_docx.py
CROSS_FILE |= {"X101", "X102", "X103", "X104", "X105", "X110", "X111", "X112"}


def only(run, code: str) -> dict:
    """The one finding with `code` in a JSON run."""
    found = run.findings(code)
    assert len(found) == 1, f"expected one {code}, got {run.stdout}"
    return found[0]


def expected_exit(code: str) -> int:
    rule = RULES[code]
    return 2 if rule.fatal else 1 if rule.severity.value == "error" else 0


# --- the catalogue is covered ---------------------------------------------------------------------------------

def test_every_rule_in_the_catalogue_has_a_triggering_plan_here():
    assert set(TRIGGERS) | CROSS_FILE == set(RULES)
    assert not set(TRIGGERS) & CROSS_FILE


def test_the_base_plan_is_clean(validate_json):
    run = validate_json(BASE)
    assert run.findings() == []
    assert run.exit_code == 0


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_each_triggering_plan_reports_its_code_with_the_rules_severity_and_exit_status(validate_json, code):
    run = validate_json(TRIGGERS[code])
    found = run.findings(code)
    assert found, f"{code} not reported:\n{run.stdout}"
    for f in found:
        assert f["severity"] == RULES[code].severity.value
        assert f["rule"] == RULES[code].name
        assert f["line"] >= 1
        assert f["hint"] == RULES[code].fix
    assert run.exit_code == expected_exit(code), run.stdout


# --- L: loading ------------------------------------------------------------------------------------------------

def test_legacy_windows_1258_bytes_are_L001_at_the_first_undecodable_byte(validate_json):
    run = validate_json(TRIGGERS["L001"])
    f = only(run, "L001")
    assert f["line"] == line_of(BASE, "Kế hoạch")  # the first non-ASCII letter is in the title
    assert "not UTF-8" in f["message"]
    assert run.exit_code == 2


def test_the_same_plan_saved_as_utf8_is_not_L001(validate_json):
    run = validate_json(BASE.encode("utf-8"))
    assert "L001" not in run.codes()
    assert run.exit_code == 0


def test_a_colon_inside_a_plain_value_is_L002_at_its_line(validate_json):
    text = TRIGGERS["L002"]
    run = validate_json(text)
    f = only(run, "L002")
    assert f["line"] == line_of(text, "level: commune: xã")
    assert run.findings() == [f]
    assert run.exit_code == 2


def test_a_quoted_value_with_a_colon_is_not_L002(validate_json):
    run = validate_json(edit("  title: Kế hoạch thử nghiệm\n", "  title: 'Kế hoạch: thử nghiệm'\n"))
    assert run.findings() == []


def test_a_list_at_the_top_is_L003(validate_json):
    run = validate_json(TRIGGERS["L003"])
    f = only(run, "L003")
    assert (f["line"], f["col"]) == (1, 1)
    assert "a list" in f["message"]
    assert run.exit_code == 2


def test_a_mapping_at_the_top_is_not_L003(validate_json):
    run = validate_json("format: ecdplan/1\nplan: {}\n")
    assert "L003" not in run.codes()


def test_a_duplicated_key_is_L004_naming_both_lines(validate_json):
    text = TRIGGERS["L004"]
    run = validate_json(text)
    f = only(run, "L004")
    first, second = line_of(text, "  unit: million VND"), line_of(text, "  unit: VND")
    assert second == first + 1
    assert f["line"] == second
    assert f["figures"] == {"first_line": first, "second_line": second}
    assert f"line {first}" in f["message"] and f"line {second}" in f["message"]
    assert run.exit_code == 1


def test_two_different_keys_are_not_L004(validate_json):
    run = validate_json(edit("  unit: million VND\n", "  unit: million VND\n  notes: VND\n"))
    assert run.findings() == []


def test_a_yaml_alias_is_L005_at_the_alias(validate_json):
    text = TRIGGERS["L005"]
    run = validate_json(text)
    f = only(run, "L005")
    assert f["line"] == line_of(text, "total: *t")
    assert f"line {line_of(text, '&t 1000')}" in f["message"]  # and says where the value was written
    assert run.exit_code == 1


def test_the_value_written_out_again_is_not_L005(validate_json):
    run = validate_json(BASE)
    assert "L005" not in run.codes()


def test_a_cost_written_with_a_thousands_dot_is_L006_with_both_readings(validate_json):
    text = TRIGGERS["L006"]
    run = validate_json(text)
    f = only(run, "L006")
    assert f["line"] == line_of(text, "total: 1.000}")
    assert f["col"] == col_of(text, "1.000}")
    assert f["figures"] == {"written": "1.000", "vietnamese": 1000, "yaml": "1"}
    # the refused value must not also make the totals look wrong
    assert run.codes() == {"L006"}
    assert run.exit_code == 1


def test_a_real_decimal_is_not_L006(validate_json):
    run = validate_json(edit("cost: {total: 1000}", "cost: {total: 1000.0}"))
    assert run.findings() == []


@pytest.mark.parametrize("written", [".nan", ".NaN", ".inf", "-.inf", "+.Inf"])
def test_not_a_number_or_infinity_is_L007(validate_json, written):
    text = edit("cost: {total: 1000}", f"cost: {{total: {written}}}")
    run = validate_json(text)
    f = only(run, "L007")
    assert f["line"] == line_of(text, written)
    assert f["col"] == col_of(text, written)
    assert run.codes() == {"L007"}
    assert run.exit_code == 1


def test_a_finite_amount_is_not_L007(validate_json):
    run = validate_json(edit("cost: {total: 1000}", "cost: {total: 1000.5}",
                             edit("Y tế, total: 1000}", "Y tế, total: 1000.5}", edit("\ntotal: 1000\n", "\ntotal: 1000.5\n"))))
    assert run.findings() == []


@pytest.mark.parametrize("written, reading", [("010", "8"), ("0x10", "16"), ("1:30", "90"), ("1_000", "1000"),
                                              ("+4", "4"), ("4.0e+0", "4")])
def test_a_commune_count_in_a_yaml_11_notation_is_L009_with_what_yaml_reads(validate_json, written, reading):
    text = edit("communes: 4\n", f"communes: {written}\n")
    run = validate_json(text)
    f = only(run, "L009")
    assert (f["line"], f["col"]) == (line_of(text, f"communes: {written}"), col_of(text, written))
    assert f["figures"]["written"] == written and f["figures"]["yaml"].startswith(reading)
    assert run.codes() == {"L009"}  # the refused count is not reported again by the schema or the rollout rules
    assert run.exit_code == 1


def test_a_commune_count_in_plain_digits_is_not_L009(validate_json):
    run = validate_json(edit("communes: 2\n", "communes: 3\n"))
    assert run.codes() <= {"R005"} and "L009" not in run.codes()


def test_an_unquoted_no_as_an_id_is_L009_saying_quote_it(validate_json):
    text = edit("  - id: nsdp\n", "  - id: no\n", edit("sources: [ntp, nsdp]", "sources: [ntp, 'no']"))
    run = validate_json(text)
    f = only(run, "L009")
    assert f["line"] == line_of(text, "id: no")
    assert "quote it: 'no'" in f["message"] and "false" in f["message"]


def test_a_quoted_no_as_an_id_is_not_L009(validate_json):
    text = edit("  - id: nsdp\n", "  - id: 'no'\n", edit("sources: [ntp, nsdp]", "sources: [ntp, 'no']"))
    assert validate_json(text).findings() == []


def test_a_control_character_in_a_name_is_L010_naming_it_and_is_removed(validate_json):
    text = TRIGGERS["L010"]
    run = validate_json(text)
    f = only(run, "L010")
    assert f["line"] == line_of(text, "Câu lạc bộ\\a")
    assert "U+0007" in f["message"]
    assert run.codes() == {"L010"}


def test_a_name_with_a_tab_and_no_break_spaces_is_not_L010(validate_json):
    run = validate_json(edit("name: Câu lạc bộ dinh dưỡng", 'name: "Câu lạc\\tbộ\u00a0dinh  dưỡng"'))
    assert run.findings() == []


def test_data_nested_deeper_than_any_plan_needs_is_L008(validate_json):
    text = TRIGGERS["L008"]
    run = validate_json(text)
    f = only(run, "L008")
    assert f["line"] == line_of(text, "notes: [[[")
    assert run.findings() == [f]
    assert run.exit_code == 2


def test_shallow_nesting_is_not_L008(validate_json):
    run = validate_json(edit("  unit: million VND\n", f"  unit: million VND\n  notes: {nested(20)}\n"))
    assert "L008" not in run.codes()
    assert run.codes() == {"S001"}  # notes must be text, but the file is usable


# --- S: the format ---------------------------------------------------------------------------------------------

def test_an_unknown_key_is_S001_with_a_did_you_mean_hint(validate_json):
    text = TRIGGERS["S001"]
    run = validate_json(text)
    f = only(run, "S001")
    assert f["line"] == line_of(text, "leed:")
    assert "unknown key 'leed'" in f["message"]
    assert "did you mean 'lead'" in f["message"]
    assert f["path"] == "interventions[clubs].leed"
    assert run.exit_code == 1


def test_the_known_key_is_not_S001(validate_json):
    run = validate_json(edit("    group: I\n", "    group: I\n    lead: Sở Y tế\n"))
    assert run.findings() == []


def test_a_missing_required_key_is_S001_naming_it(validate_json):
    text = edit("  issuer: UBND xã Thử\n", "")
    run = validate_json(text)
    f = only(run, "S001")
    assert "missing required key 'issuer'" in f["message"]
    assert f["line"] == line_of(text, "plan:")


def test_a_negative_commune_count_is_S002(validate_json):
    text = TRIGGERS["S002"]
    run = validate_json(text)
    f = only(run, "S002")
    assert f["line"] == line_of(text, "communes: -2")
    assert f["col"] == col_of(text, "-2\n")
    assert "S001" not in run.codes()
    assert run.exit_code == 1


def test_a_negative_amount_is_S002(validate_json):
    text = edit("cost: {total: 1000}", "cost: {total: -1000}")
    run = validate_json(text)
    f = only(run, "S002")
    assert f["line"] == line_of(text, "total: -1000")
    assert f["path"] == "interventions[clubs].cost.total"


def test_a_zero_count_is_not_S002(validate_json):
    run = validate_json(edit("communes: 2\n", "communes: 0\n"))
    assert run.findings() == []


def test_an_unknown_format_version_is_S003_and_the_file_is_not_used(validate_json):
    text = TRIGGERS["S003"]
    run = validate_json(text)
    f = only(run, "S003")
    assert f["line"] == line_of(text, "format: ecdplan/2")
    assert "ecdplan/2" in f["message"]
    assert run.findings() == [f]
    assert run.exit_code == 2


def test_a_missing_format_key_is_S003(validate_json):
    run = validate_json(edit("format: ecdplan/1\n", ""))
    f = only(run, "S003")
    assert "missing" in f["message"]
    assert run.exit_code == 2


# --- I: identifiers ----------------------------------------------------------------------------------------------

def test_a_second_group_with_the_same_id_is_I001_at_the_second_naming_the_first(validate_json):
    text = TRIGGERS["I001"]
    run = validate_json(text)
    f = only(run, "I001")
    assert f["line"] == line_of(text, "{id: I, name: Giáo dục}")
    assert f"first at line {line_of(text, '{id: I, name: Y tế')}" in f["message"]
    assert run.exit_code == 1


def test_groups_with_different_ids_are_not_I001(validate_json):
    run = validate_json(edit("  - {id: I, name: Y tế, total: 1000}\n",
                             "  - {id: I, name: Y tế, total: 1000}\n  - {id: II, name: Giáo dục}\n"))
    assert run.findings() == []


def test_a_duplicate_intervention_id_is_I001(validate_json):
    block = BASE[BASE.index("  - id: clubs"):BASE.index("total: 1000\n", BASE.index("  - id: clubs"))]
    text = edit(block, block + block.replace("cost: {total: 1000}", "cost: {total: 0}"))
    run = validate_json(text)
    f = only(run, "I001")
    assert f["line"] == line_of(text, "- id: clubs", nth=2)


def test_an_intervention_in_an_undefined_group_is_I002(validate_json):
    text = TRIGGERS["I002"]
    run = validate_json(text)
    f = only(run, "I002")
    assert f["line"] == line_of(text, "group: IX")
    assert "'IX'" in f["message"] and "known: I" in f["message"]
    assert run.exit_code == 1


def test_an_intervention_in_a_defined_group_is_not_I002(validate_json):
    assert "I002" not in validate_json(BASE).codes()


def test_an_unknown_source_id_is_I003_at_the_id(validate_json):
    text = TRIGGERS["I003"]
    run = validate_json(text)
    f = only(run, "I003")
    assert f["line"] == line_of(text, "nsbp")
    assert f["col"] == col_of(text, "nsbp")
    assert "'nsbp'" in f["message"]
    assert f["path"] == "interventions[clubs].sources[nsbp]"
    assert run.exit_code == 1


def test_known_source_ids_are_not_I003(validate_json):
    run = validate_json(edit("sources: [ntp, nsdp]", "sources: [nsdp, ntp]"))
    assert run.findings() == []


# --- B: budget totals --------------------------------------------------------------------------------------------

def test_group_subtotal_that_differs_from_its_lines_is_B001_with_the_difference(validate_json):
    text = TRIGGERS["B001"]
    run = validate_json(text)
    f = only(run, "B001")
    assert f["line"] == line_of(text, "Y tế, total: 1001}")
    assert f["figures"] == {"declared": "1001", "computed": "1000", "difference": "1", "unit": "million VND"}
    assert "B002" not in run.codes()
    assert run.exit_code == 1


def test_group_subtotal_equal_to_its_lines_is_not_B001(validate_json):
    assert "B001" not in validate_json(BASE).codes()


def test_grand_total_that_differs_from_the_lines_is_B002_with_the_difference(validate_json):
    text = TRIGGERS["B002"]
    run = validate_json(text)
    f = only(run, "B002")
    assert f["line"] == line_of(text, "\ntotal: 1001") + 1
    assert f["figures"] == {"declared": "1001", "computed": "1000", "difference": "1", "unit": "million VND"}
    assert "B001" not in run.codes()


def test_a_line_cost_that_moves_both_totals_is_B001_and_B002_with_negative_differences(validate_json):
    text = edit("cost: {total: 1000}", "cost: {total: 1001}")
    run = validate_json(text)
    assert only(run, "B001")["figures"] == {"declared": "1000", "computed": "1001", "difference": "-1",
                                           "unit": "million VND"}
    assert only(run, "B002")["figures"] == {"declared": "1000", "computed": "1001", "difference": "-1",
                                           "unit": "million VND"}


def test_grand_total_equal_to_the_lines_is_not_B002(validate_json):
    assert "B002" not in validate_json(BASE).codes()


def test_per_year_amounts_that_do_not_add_up_to_the_total_are_B003(validate_json):
    text = TRIGGERS["B003"]
    run = validate_json(text)
    f = only(run, "B003")
    assert f["line"] == line_of(text, "cost: {total: 1000, by_year")
    assert f["figures"] == {"declared": "1000", "computed": "999", "difference": "1", "unit": "million VND"}
    assert run.exit_code == 1


def test_per_year_amounts_that_add_up_are_not_B003(validate_json):
    run = validate_json(edit("cost: {total: 1000}",
                             "cost: {total: 1000, by_year: {2023: 200, 2024: 200, 2025: 300, 2026: 300}}"))
    assert run.findings() == []


def test_unit_cost_times_commune_years_that_differs_from_the_total_is_B003(validate_json):
    # communes 2, 2, 4, 4 -> 12 commune-years; 80 x 12 = 960
    text = edit("cost: {total: 1000}", "cost: {total: 1000, per_commune_year: 80}")
    run = validate_json(text)
    f = only(run, "B003")
    assert f["figures"] == {"declared": "1000", "computed": "960", "difference": "40", "unit": "million VND"}
    assert "12 commune-years" in f["message"]


def test_per_source_amounts_that_differ_from_the_cost_are_B003(validate_json):
    text = edit("sources: [ntp, nsdp]", "sources: [{source: ntp, amount: 600}, {source: nsdp, amount: 300}]")
    run = validate_json(text)
    f = only(run, "B003")
    assert f["line"] == line_of(text, "sources: [{source")
    assert f["figures"] == {"declared": "1000", "computed": "900", "difference": "100", "unit": "million VND"}


def test_an_amount_that_is_a_fraction_of_a_dong_is_B004(validate_json):
    text = TRIGGERS["B004"]
    run = validate_json(text)
    f = only(run, "B004")
    assert f["line"] == line_of(text, "1000.0000001")
    assert "1000.0000001" in f["message"]
    assert run.codes() == {"B004"}  # rounded to the đồng, the totals still agree
    assert run.exit_code == 1


def test_yearly_29_february_is_T005_naming_the_common_years(validate_json):
    text = TRIGGERS["T005"]
    run = validate_json(text)
    f = only(run, "T005")
    assert f["line"] == line_of(text, "yearly: '02-29'")
    assert "2023, 2025, 2026" in f["message"] and "28 February" in f["message"]


def test_yearly_28_february_is_not_T005(validate_json):
    run = validate_json(edit("due: 2026-12-05", "yearly: '02-28'"))
    assert "T005" not in run.codes(), run.stdout


def test_a_plan_with_amounts_and_no_unit_is_B005_at_plan(validate_json):
    text = TRIGGERS["B005"]
    run = validate_json(text)
    f = only(run, "B005")
    assert f["line"] == line_of(text, "plan:")
    assert "million VND" in f["message"]
    assert run.exit_code == 0  # a warning: the amounts are read as million VND, and it says so


def test_a_plan_without_unit_and_without_amounts_is_not_B005(validate_json):
    text = edit("  unit: million VND\n", "  notes: no unit\n",
                edit("    cost: {total: 1000}\n", "", edit("Y tế, total: 1000}", "Y tế}", edit("\ntotal: 1000\n", "\n"))))
    run = validate_json(text)
    assert "B005" not in run.codes(), run.stdout


def test_an_amount_of_whole_dong_written_with_many_decimals_is_not_B004(validate_json):
    run = validate_json(edit("cost: {total: 1000}", "cost: {total: 1000.0000000}"))
    assert run.findings() == []


def test_a_line_cost_above_ten_to_the_fifteen_dong_is_B007_and_the_plan_cannot_be_used(validate_json):
    text = TRIGGERS["B007"]
    run = validate_json(text)
    f = only(run, "B007")
    assert f["line"] == line_of(text, "cost: {total: 1000000001}")
    assert f["figures"]["amount"] == "1000000001000000" and f["figures"]["limit"] == "1000000000000000"
    assert run.exit_code == 2


def test_a_plan_of_exactly_ten_to_the_fifteen_dong_is_not_B007(validate_json):
    text = edit("cost: {total: 1000}", "cost: {total: 1000000000}", edit("Y tế, total: 1000}", "Y tế, total: 1000000000}",
                edit("\ntotal: 1000\n", "\ntotal: 1000000000\n")))
    assert validate_json(text).findings() == []


def test_a_name_longer_than_an_excel_cell_is_L011_and_not_read(validate_json):
    text = TRIGGERS["L011"]
    run = validate_json(text)
    f = only(run, "L011")
    assert f["line"] == line_of(text, "name: xxx") and "32,768 characters" in f["message"]
    assert run.exit_code == 1


def test_a_name_as_long_as_an_excel_cell_is_not_L011(validate_json):
    assert validate_json(edit("name: Câu lạc bộ dinh dưỡng", "name: " + "x" * 32_767)).findings() == []


# --- R: rollout --------------------------------------------------------------------------------------------------

def test_a_phase_ending_after_the_plan_period_is_R001(validate_json):
    text = TRIGGERS["R001"]
    run = validate_json(text)
    f = only(run, "R001")
    assert f["line"] == line_of(text, "years: 2025-2027")
    assert f["figures"] == {"phase": "2025-2027", "period": "2023-2026"}
    assert run.exit_code == 1


def test_a_phase_inside_the_period_is_not_R001(validate_json):
    assert "R001" not in validate_json(BASE).codes()


def test_a_per_year_count_outside_the_period_is_R001(validate_json):
    text = edit("""    rollout:
      - years: 2023-2024
        communes: 2
      - years: 2025-2026
        communes: 4
""", """    rollout:
      2023: 2
      2024: 2
      2025: 4
      2027: 4
""")
    run = validate_json(text)
    f = only(run, "R001")
    assert f["line"] == line_of(text, "2027: 4")
    assert f["figures"] == {"year": 2027, "period": "2023-2026"}


def test_overlapping_phases_are_R002_at_the_later_phase(validate_json):
    text = TRIGGERS["R002"]
    run = validate_json(text)
    f = only(run, "R002")
    assert f["line"] == line_of(text, "years: 2025-2026")
    assert "2023-2025" in f["message"] and "2025-2026" in f["message"]
    assert run.exit_code == 1


def test_adjacent_phases_are_not_R002(validate_json):
    assert "R002" not in validate_json(BASE).codes()


def test_a_year_without_a_phase_between_phases_is_an_R003_warning(validate_json):
    text = TRIGGERS["R003"]
    run = validate_json(text)
    f = only(run, "R003")
    assert f["severity"] == "warning"
    assert f["line"] == line_of(text, "years: 2025-2026")
    assert "no phase covers 2024" in f["message"]
    assert run.codes() == {"R003"}
    assert run.exit_code == 0


def test_phases_without_a_gap_are_not_R003(validate_json):
    assert "R003" not in validate_json(BASE).codes()


def test_more_communes_than_the_area_has_is_R004(validate_json):
    text = TRIGGERS["R004"]
    run = validate_json(text)
    f = only(run, "R004")
    assert f["line"] == line_of(text, "communes: 11")
    assert f["figures"] == {"communes": 11, "area": 10}
    assert run.exit_code == 1


def test_as_many_communes_as_the_area_has_is_not_R004(validate_json):
    assert validate_json(edit("communes: 4\n", "communes: 10\n")).findings() == []


def test_coverage_that_shrinks_from_one_year_to_the_next_is_an_R005_warning_at_the_phase(validate_json):
    text = TRIGGERS["R005"]
    run = validate_json(text)
    f = only(run, "R005")
    assert f["severity"] == "warning"
    # at the count of the phase in which coverage drops, not at `rollout:`
    assert f["line"] == next(i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "communes: 1")
    assert f["figures"] == {"before": 2, "after": 1}
    assert run.exit_code == 0


def test_coverage_that_stays_the_same_is_not_R005(validate_json):
    assert validate_json(edit("communes: 4\n", "communes: 2\n")).findings() == []


def test_a_phase_naming_fewer_communes_than_it_counts_is_R006(validate_json):
    text = TRIGGERS["R006"]
    run = validate_json(text)
    f = only(run, "R006")
    assert f["line"] == line_of(text, "named: [Xã Một]")
    assert f["figures"] == {"named": 1, "count": 2}
    assert run.exit_code == 1


def test_a_phase_naming_as_many_communes_as_it_counts_is_not_R006(validate_json):
    run = validate_json(edit("        communes: 2\n", "        communes: 2\n        named: [Xã Một, Xã Hai]\n"))
    assert [f["code"] for f in run.findings()] == ["A003"] * 3  # made-up names (and area): not in the registry
    assert run.exit_code == 0


def test_money_in_a_year_in_which_the_line_has_no_commune_is_R007_at_that_years_amount(validate_json):
    text = TRIGGERS["R007"]
    run = validate_json(text)
    f = only(run, "R007")
    assert f["line"] == line_of(text, "cost: {by_year:")
    assert f["figures"] == {"year": 2023, "amount": "100", "unit": "million VND"}
    assert run.exit_code == 0  # a warning: the money may be preparation


def test_money_only_in_years_with_communes_is_not_R007(validate_json):
    run = validate_json(edit("cost: {total: 1000}", "cost: {by_year: {2023: 100, 2024: 300, 2025: 300, 2026: 300}}"))
    assert run.findings() == []


def test_a_source_listed_twice_is_I004_and_counts_once(validate_json, cli, write_plan):
    text = TRIGGERS["I004"]
    run = validate_json(text)
    f = only(run, "I004")
    assert f["line"] == line_of(text, "sources: [ntp, nsdp, nsdp]")
    assert f["figures"] == {"item": "nsdp"}
    doc = cli("budget", str(write_plan(text)), "--by-source", "--format", "json").json()
    assert [r["amount"] for r in doc["rows"]] == [500, 500]  # an equal split over two sources, as meant


def test_a_commune_named_twice_in_nfc_and_nfd_is_I004(validate_json):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Xã Một")
    run = validate_json(edit("        communes: 2\n", f"        communes: 2\n        named: [Xã Một, {nfd}]\n"))
    assert len(run.findings("I004")) == 1


def test_a_body_typed_with_a_non_breaking_space_is_the_same_body(validate_json):
    run = validate_json(edit("    group: I\n", "    group: I\n    cooperating: [Sở Y tế, Sở Y\u00a0tế]\n"))
    assert [f["code"] for f in run.findings()] == ["I004"]


def test_a_commune_spelled_with_other_marks_is_the_same_commune(validate_json):
    run = validate_json(edit("        communes: 2\n", "        communes: 2\n        named: [Ia Mlăh, Ia Mláh]\n"))
    assert len(run.findings("I004")) == 1


def test_two_real_communes_whose_names_differ_only_in_marks_are_not_I004(validate_json):
    """Sơn Hà and Sơn Hạ are two communes of Quảng Ngãi (codes 21289 and 21292), not one spelled twice."""
    text = edit("  area: {name: xã Thử, communes: 10}\n", "  area: {name: xã Thử, province: Quảng Ngãi, communes: 10}\n")
    run = validate_json(edit("        communes: 2\n", "        communes: 2\n        named: [Sơn Hà, Sơn Hạ]\n", text))
    assert run.findings("I004") == []
    misspelt = validate_json(edit("        communes: 2\n", "        communes: 2\n        named: [Sơn Hà, Sơn Há]\n",
                                  text))
    assert len(misspelt.findings("I004")) == 1  # 'Sơn Há' is no unit: one commune spelled two ways


def test_different_sources_and_communes_are_not_I004(validate_json):
    run = validate_json(edit("        communes: 2\n", "        communes: 2\n        named: [Xã Một, Xã Hai]\n"))
    assert run.findings("I004") == []


def test_an_acceptance_matching_no_finding_is_I007_at_the_entry(validate_json):
    text = TRIGGERS["I007"]
    f = only(validate_json(text), "I007")
    assert (f["line"], f["figures"]["rule"]) == (line_of(text, "{rule: R003"), "R003")


def test_an_acceptance_of_a_finding_the_plan_has_is_not_I007(validate_json):
    text = edit("years: 2023-2024", "years: 2023", TRIGGERS["I007"])  # R003: 2025 left out
    run = validate_json(text)
    assert run.findings("I007") == []
    assert [f["accepted"] for f in run.findings("R003")] == ["the pause in 2025 is intended"]
    assert run.json()["summary"]["warnings"] == 0


def test_an_acceptance_of_an_error_rule_is_I008_at_the_entry(validate_json):
    text = TRIGGERS["I008"]
    f = only(validate_json(text), "I008")
    assert f["line"] == line_of(text, "{rule: B002")


def test_an_acceptance_of_a_warning_rule_is_not_I008(validate_json):
    run = validate_json(edit("rule: B002", "rule: R005", TRIGGERS["I008"]))
    assert run.findings("I008") == []
    assert len(run.findings("I007")) == 1  # allowed, but the base plan has no R005 to accept


def test_a_cost_in_a_year_outside_the_period_is_R008_at_that_year(validate_json):
    text = TRIGGERS["R008"]
    run = validate_json(text)
    f = next(f for f in run.findings() if f["code"] == "R008")
    assert f["line"] == line_of(text, "2062: 300")
    assert f["figures"] == {"year": 2062, "period": "2023-2026"}


def test_line_years_and_envelope_years_outside_the_period_are_R008(validate_json):
    text = edit("    group: I\n", "    group: I\n    years: 2020-2030\n") + "envelopes: {ntp: {1900: 5}}\n"
    run = validate_json(text)
    assert sorted(f["line"] for f in run.findings("R008")) == [line_of(text, "years: 2020-2030"),
                                                              line_of(text, "1900: 5")]


def test_years_inside_the_period_are_not_R008(validate_json):
    run = validate_json(edit("    group: I\n", "    group: I\n    years: 2023-2026\n") + "envelopes: {ntp: {2024: 5}}\n")
    assert run.findings("R008") == []


# --- F: funding --------------------------------------------------------------------------------------------------

def test_shares_that_do_not_add_up_to_100_are_F001_with_the_difference(validate_json):
    text = TRIGGERS["F001"]
    run = validate_json(text)
    f = only(run, "F001")
    assert f["line"] == line_of(text, "sources: [{source: ntp, share: 60}")
    assert f["figures"] == {"declared": "100", "computed": "90", "difference": "10"}
    assert run.exit_code == 1


def test_shares_that_add_up_to_100_are_not_F001(validate_json):
    run = validate_json(edit("sources: [ntp, nsdp]", "sources: [{source: ntp, share: 60}, {source: nsdp, share: 40}]"))
    assert run.findings() == []


def test_a_source_used_after_its_valid_years_is_an_F002_warning_at_its_id(validate_json):
    text = TRIGGERS["F002"]
    run = validate_json(text)
    f = only(run, "F002")
    assert f["severity"] == "warning"
    assert f["line"] == line_of(text, "sources: [ntp, nsdp]")
    assert f["col"] == col_of(text, "ntp, nsdp")
    assert f["figures"] == {"source": "ntp", "valid": "2021-2025", "years": [2026]}
    assert run.exit_code == 0


def test_a_source_valid_for_every_funded_year_is_not_F002(validate_json):
    assert "F002" not in validate_json(BASE).codes()


def test_a_source_without_valid_years_is_not_F002(validate_json):
    run = validate_json(edit("    valid: {start: 2021, end: 2026}\n", ""))
    assert run.findings() == []


def test_an_intervention_with_a_cost_and_no_source_is_F003(validate_json):
    text = TRIGGERS["F003"]
    run = validate_json(text)
    f = only(run, "F003")
    assert f["line"] == line_of(text, "- id: clubs")
    assert f["path"] == "interventions[clubs]"
    assert run.exit_code == 1


def test_an_intervention_without_a_cost_or_a_source_is_not_F003(validate_json):
    text = edit("    cost: {total: 1000}\n    sources: [ntp, nsdp]\n", "")
    text = edit("Y tế, total: 1000}", "Y tế, total: 0}", edit("\ntotal: 1000\n", "\ntotal: 0\n", text))
    assert validate_json(text).findings() == []


def test_sources_mixing_a_share_and_none_are_F004(validate_json):
    text = TRIGGERS["F004"]
    run = validate_json(text)
    f = only(run, "F004")
    assert f["line"] == line_of(text, "sources: [{source: ntp, share: 100}, nsdp]")
    assert "1 of 2 sources have a share" in f["message"]
    assert "F001" not in run.codes()
    assert run.exit_code == 1


def test_sources_mixing_shares_and_amounts_are_F004(validate_json):
    text = edit("sources: [ntp, nsdp]", "sources: [{source: ntp, share: 50}, {source: nsdp, amount: 500}]")
    assert only(validate_json(text), "F004")["line"] == line_of(text, "sources: [{source")


def test_every_source_with_a_share_is_not_F004(validate_json):
    run = validate_json(edit("sources: [ntp, nsdp]", "sources: [{source: ntp, share: 50}, {source: nsdp, share: 50}]"))
    assert run.findings() == []


# --- T: targets and reporting ------------------------------------------------------------------------------------

def test_a_percent_target_above_100_is_T001(validate_json):
    text = TRIGGERS["T001"]
    run = validate_json(text)
    f = only(run, "T001")
    assert f["line"] == line_of(text, "2026: 120}")
    assert f["col"] == col_of(text, "120}")
    assert f["figures"] == {"value": "120"}
    assert run.exit_code == 1


def test_a_percent_target_of_100_is_not_T001(validate_json):
    assert validate_json(edit("2026: 90}", "2026: 100}")).findings() == []


def test_a_count_target_above_100_is_not_T001(validate_json):
    run = validate_json(edit("    unit: percent\n", "    unit: count\n", edit("2026: 90}", "2026: 120}")))
    assert run.findings() == []


def test_a_milestone_after_the_plan_period_is_T002(validate_json):
    text = TRIGGERS["T002"]
    run = validate_json(text)
    f = only(run, "T002")
    assert f["line"] == line_of(text, "2030: 90}")
    assert f["figures"] == {"year": 2030, "period": "2023-2026"}
    assert run.exit_code == 1


def test_a_milestone_in_the_last_year_is_not_T002(validate_json):
    assert "T002" not in validate_json(BASE).codes()


def test_a_target_that_goes_down_is_a_T003_warning(validate_json):
    text = TRIGGERS["T003"]
    run = validate_json(text)
    f = only(run, "T003")
    assert f["severity"] == "warning"
    assert f["line"] == line_of(text, "2026: 60}")
    assert f["figures"] == {"before": "70", "after": "60"}
    assert run.exit_code == 0


def test_a_target_that_goes_down_with_direction_down_is_not_T003(validate_json):
    text = edit("    unit: percent\n", "    unit: percent\n    direction: down\n", TRIGGERS["T003"])
    assert validate_json(text).findings() == []


def test_a_deadline_two_years_after_the_period_is_a_T004_warning(validate_json):
    text = TRIGGERS["T004"]
    run = validate_json(text)
    f = only(run, "T004")
    assert f["severity"] == "warning"
    assert f["line"] == line_of(text, "due: 2028-12-05")
    assert f["figures"] == {"due": "2028-12-05"}
    assert run.exit_code == 0


def test_a_final_report_early_in_the_year_after_the_period_is_not_T004(validate_json):
    assert validate_json(edit("due: 2026-12-05", "due: 2027-01-15")).findings() == []
