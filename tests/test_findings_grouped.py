"""Findings an officer can act on (issue 20): one finding per subject listing every place it occurs (`also`), and
reviewed warnings accepted in the plan with a reason (shown as accepted, not counted, `--strict` passes).

Plans are small edits of tests/test_rules.py's BASE; every findings format is run through `ecdplan validate`.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import line_of
from ecdplan.cli.commands import app
from ecdplan.rules.findings import RULES
from test_rules import BASE, edit

# two lines draw on a source valid until 2025 in 2026: F002 twice, about one source
SECOND_LINE = """\
  - id: books
    group: I
    name: Tủ sách mầm non
    years: 2023-2026
    cost: {by_year: {2023: 25, 2024: 25, 2025: 25, 2026: 25}}
    sources: [ntp, nsdp]
"""
TWO_LINES = edit("    sources: [ntp, nsdp]\ntotal: 1000\n", "    sources: [ntp, nsdp]\n" + SECOND_LINE + "total: 1100\n",
                 edit("valid: {start: 2021, end: 2026}", "valid: {start: 2021, end: 2025}",
                      edit("Y tế, total: 1000}", "Y tế, total: 1100}")))
# one body that no longer exists, named by two deadlines
TWO_DEADLINES = edit("    due: 2026-12-05", "    due: 2026-12-05\n    to: Sở Kế hoạch và Đầu tư\n"
                     "  - report: Báo cáo sáu tháng\n    due: 2026-06-15\n    to: Sở Kế hoạch và Đầu tư")


def accepting(text: str, entries: str) -> str:
    """`text` with an `accepted:` list at the end."""
    return text + "accepted:\n" + entries


def validate(tmp_path: Path, text: str, *options: str):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(app, ["validate", str(path), *options])


def as_json(tmp_path: Path, text: str) -> dict:
    result = validate(tmp_path, text, "--format", "json")
    assert "Traceback" not in result.output
    return json.loads(result.stdout)


# --- grouping by subject -----------------------------------------------------------------------------------------

def test_a_source_past_its_validity_on_two_lines_is_one_F002_listing_the_other_line(tmp_path):
    doc = as_json(tmp_path, TWO_LINES)
    f002 = [f for f in doc["findings"] if f["code"] == "F002"]
    assert len(f002) == 1, f002
    assert f002[0]["figures"]["source"] == "ntp"
    assert [p["path"] for p in f002[0]["also"]] == ["interventions[books].sources[ntp]"]
    assert f002[0]["also"][0]["line"] == line_of(TWO_LINES, "sources: [ntp, nsdp]", 2)
    assert doc["summary"]["warnings"] == 1


def test_two_sources_past_their_validity_stay_two_F002(tmp_path):
    text = edit("    kind: local-budget\n", "    kind: local-budget\n    valid: {start: 2021, end: 2025}\n", TWO_LINES)
    f002 = [f for f in as_json(tmp_path, text)["findings"] if f["code"] == "F002"]
    assert sorted(f["figures"]["source"] for f in f002) == ["nsdp", "ntp"]
    assert all(len(f["also"]) == 1 for f in f002)


def test_one_body_named_by_two_deadlines_is_one_O001_with_the_second_in_also(tmp_path):
    doc = as_json(tmp_path, TWO_DEADLINES)
    o001 = [f for f in doc["findings"] if f["code"] == "O001"]
    assert len(o001) == 1
    assert o001[0]["path"] == "reporting[0].to"
    assert [(p["path"], p["line"]) for p in o001[0]["also"]] == \
        [("reporting[1].to", line_of(TWO_DEADLINES, "to: Sở Kế hoạch và Đầu tư", 2))]


def test_two_different_bodies_are_two_O001(tmp_path):
    text = edit("    due: 2026-06-15\n    to: Sở Kế hoạch và Đầu tư", "    due: 2026-06-15\n    to: Ban Dân tộc tỉnh",
                TWO_DEADLINES)
    o001 = [f for f in as_json(tmp_path, text)["findings"] if f["code"] == "O001"]
    assert len(o001) == 2 and all(f["also"] == [] for f in o001)


def test_communes_merged_in_2025_are_one_A002_naming_each_place(tmp_path):
    from test_rules import TRIGGERS

    doc = as_json(tmp_path, TRIGGERS["A002"])
    a002 = [f for f in doc["findings"] if f["code"] == "A002"]
    assert len(a002) == 1
    assert a002[0]["figures"]["kind"] == "commune"
    assert len(a002[0]["also"]) >= 1
    assert all(p["name"] for p in a002[0]["also"])


def test_rules_without_a_subject_are_never_grouped(tmp_path):
    text = edit("2026: 90}", "2026: 120}", edit("  - id: access\n", "  - id: other\n    name: Khác\n    unit: percent\n"
                "    milestones: {2023: 70, 2026: 120}\n  - id: access\n"))
    t001 = [f for f in as_json(tmp_path, text)["findings"] if f["code"] == "T001"]
    assert len(t001) == 2
    assert not RULES["T001"].subject


def test_every_subject_names_figures_its_rule_reports():
    assert RULES["F002"].subject == ("source",)
    assert RULES["O001"].subject == ("body",)
    assert RULES["A002"].subject == ("kind", "years")
    assert RULES["A003"].subject == ("name",)
    assert all(RULES[code].severity.value == "warning" for code in RULES if RULES[code].subject)


# --- accepted findings ----------------------------------------------------------------------------------------------

ACCEPT_NTP = "  - {rule: F002, source: ntp, reason: Sở Tài chính confirmed the programme's successor pays 2026}\n"


def test_an_accepted_F002_is_shown_as_accepted_and_not_counted(tmp_path):
    doc = as_json(tmp_path, accepting(TWO_LINES, ACCEPT_NTP))
    f002 = [f for f in doc["findings"] if f["code"] == "F002"]
    assert len(f002) == 1
    assert f002[0]["accepted"].startswith("Sở Tài chính confirmed")
    assert len(f002[0]["also"]) == 1
    assert doc["summary"]["warnings"] == 0
    assert doc["summary"]["accepted"] == 1
    assert doc["files"][0]["warnings"] == 0


def test_strict_passes_when_every_warning_is_accepted(tmp_path):
    assert validate(tmp_path, TWO_LINES, "--strict").exit_code == 1
    result = validate(tmp_path, accepting(TWO_LINES, ACCEPT_NTP), "--strict")
    assert result.exit_code == 0, result.stdout
    assert "[accepted]" in result.stdout
    assert "accepted: Sở Tài chính confirmed" in result.stdout
    assert "0 warning(s), 1 accepted" in result.stdout


def test_an_acceptance_by_path_accepts_only_that_place(tmp_path):
    text = accepting(TWO_LINES, "  - {rule: F002, path: 'interventions[books].sources[ntp]', reason: reviewed}\n")
    doc = as_json(tmp_path, text)
    f002 = sorted((f for f in doc["findings"] if f["code"] == "F002"), key=lambda f: f["line"])
    assert [(f["path"], f["accepted"]) for f in f002] == [("interventions[clubs].sources[ntp]", None),
                                                          ("interventions[books].sources[ntp]", "reviewed")]
    assert doc["summary"]["warnings"] == 1 and doc["summary"]["accepted"] == 1
    assert validate(tmp_path, text, "--strict").exit_code == 1


def test_an_acceptance_without_a_reason_is_S001(tmp_path):
    doc = as_json(tmp_path, accepting(TWO_LINES, "  - {rule: F002, source: ntp}\n"))
    s001 = [f for f in doc["findings"] if f["code"] == "S001"]
    assert s001 and "reason" in s001[0]["message"]
    assert s001[0]["path"] == "accepted[0]"
    assert s001[0]["line"] == line_of(accepting(TWO_LINES, "  - {rule: F002, source: ntp}\n"), "{rule: F002")


def test_an_acceptance_matching_nothing_is_I007_at_its_line(tmp_path):
    text = accepting(TWO_LINES, "  - {rule: F002, source: nsdp, reason: reviewed}\n")
    doc = as_json(tmp_path, text)
    i007 = [f for f in doc["findings"] if f["code"] == "I007"]
    assert len(i007) == 1
    assert i007[0]["line"] == line_of(text, "{rule: F002, source: nsdp")
    assert "source: nsdp" in i007[0]["message"]
    assert [f["accepted"] for f in doc["findings"] if f["code"] == "F002"] == [None]


def test_an_acceptance_of_the_right_source_is_not_I007(tmp_path):
    doc = as_json(tmp_path, accepting(TWO_LINES, ACCEPT_NTP))
    assert not [f for f in doc["findings"] if f["code"] in ("I007", "I008")]


@pytest.mark.parametrize("entry, why", [
    ("{rule: F009, reason: reviewed}", "there is no rule F009"),
    ("{rule: B002, reason: reviewed}", "cannot be accepted"),
    ("{rule: I007, reason: reviewed}", "cannot be accepted"),
    ("{rule: F002, body: Sở Y tế, reason: reviewed}", "no field 'body'"),
])
def test_an_acceptance_of_an_unknown_rule_an_error_or_a_field_the_rule_lacks_is_I008(tmp_path, entry, why):
    text = accepting(TWO_LINES, f"  - {entry}\n")
    result = validate(tmp_path, text, "--format", "json")
    doc = json.loads(result.stdout)
    i008 = [f for f in doc["findings"] if f["code"] == "I008"]
    assert len(i008) == 1 and why in i008[0]["message"], i008
    assert i008[0]["line"] == line_of(text, entry)
    assert result.exit_code == 1


# --- every format carries the other places and the acceptance -------------------------------------------------------

def test_every_findings_format_carries_also_and_accepted(tmp_path):
    grouped = TWO_LINES  # F002 at clubs, also at books
    accepted = accepting(TWO_DEADLINES, "  - {rule: O001, body: Sở Kế hoạch và Đầu tư, reason: reviewed by Sở Tài chính}\n")
    books_line = line_of(TWO_LINES, "sources: [ntp, nsdp]", 2)

    text = validate(tmp_path, grouped).stdout
    assert f"also at {books_line}:" in text and "interventions[books].sources[ntp]" in text
    assert "accepted: reviewed by Sở Tài chính" in validate(tmp_path, accepted).stdout

    sarif = json.loads(validate(tmp_path, grouped, "--format", "sarif").stdout)["runs"][0]["results"]
    f002 = next(r for r in sarif if r["ruleId"] == "F002")
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in f002["relatedLocations"]] == [books_line]
    sarif = json.loads(validate(tmp_path, accepted, "--format", "sarif").stdout)["runs"][0]["results"]
    o001 = next(r for r in sarif if r["ruleId"] == "O001")
    assert o001["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "reviewed by Sở Tài chính"}]
    assert len(o001["relatedLocations"]) == 1

    junit = ET.fromstring(validate(tmp_path, grouped, "--format", "junit", "--strict").stdout)
    case = next(c for c in junit.iter("testcase") if c.get("name", "").startswith("F002"))
    assert "interventions[books].sources[ntp]" in case.find("failure").text
    junit = ET.fromstring(validate(tmp_path, accepted, "--format", "junit", "--strict").stdout)
    case = next(c for c in junit.iter("testcase") if c.get("name", "").startswith("O001"))
    assert case.find("failure") is None
    assert case.find("skipped").get("message") == "accepted: reviewed by Sở Tài chính"
    assert junit.get("failures") == "0"

    github = validate(tmp_path, grouped, "--format", "github").stdout
    assert "also at" in github and "interventions[books].sources[ntp]" in github
    github = validate(tmp_path, accepted, "--format", "github").stdout
    assert github.startswith("::notice ") and "accepted: reviewed by Sở Tài chính" in github


def test_the_html_report_lists_other_places_and_acceptances(tmp_path):
    text = accepting(TWO_LINES, "  - {rule: F002, path: 'interventions[books].sources[ntp]', reason: reviewed}\n")
    plan = tmp_path / "plan.yaml"
    plan.write_text(edit("    kind: local-budget\n", "    kind: local-budget\n    valid: {start: 2021, end: 2025}\n",
                         text), encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(plan), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert 'class="finding-accepted"' in page and "accepted: reviewed" in page
    annex = page.split('<section class="annex" id="findings">')[1]
    # other places by name, never a line number or a data path (the report is printed and signed)
    assert "Also concerns: Tủ sách mầm non." in annex and "sources[" not in annex and "line " not in annex


def test_vietnamese_text_says_also_and_accepted_in_vietnamese(tmp_path):
    out = validate(tmp_path, accepting(TWO_LINES, ACCEPT_NTP), "--lang", "vi").stdout
    assert "also at" not in out and "[accepted]" not in out
    assert "interventions[books].sources[ntp]" in out


def test_a_body_named_in_1500_places_is_one_O001_listing_the_same_200_other_places_in_json_and_text(tmp_path):
    from ecdplan.rules.context import PLACES_KEPT, SHOWN

    extra = "".join(f"  - report: Báo cáo {i}\n    due: 2026-06-15\n    to: Sở Kế hoạch và Đầu tư\n" for i in range(1500))
    text = edit("    due: 2026-12-05\n", "    due: 2026-12-05\n" + extra)
    doc = as_json(tmp_path, text)
    [o001] = [f for f in doc["findings"] if f["code"] == "O001"]
    assert PLACES_KEPT == SHOWN + 1 == 201
    assert len(o001["also"]) == SHOWN and o001["also_not_listed"] == 1500 - 1 - SHOWN
    assert doc["summary"]["warnings"] == 1 and "not_listed" not in doc
    shown = validate(tmp_path, text).stdout
    assert shown.count("    also at ") == 200
    assert f"and {1500 - 1 - 200} more place(s) not listed" in shown


def test_a_second_acceptance_of_the_same_findings_is_I007_saying_an_earlier_entry_accepts_them(tmp_path):
    text = accepting(TWO_LINES, ACCEPT_NTP + "  - {rule: F002, source: ntp, reason: reviewed again}\n")
    doc = as_json(tmp_path, text)
    [i007] = [f for f in doc["findings"] if f["code"] == "I007"]
    assert "accepted by an earlier entry" in i007["message"]
    assert i007["line"] == line_of(text, "reason: reviewed again")


def test_diff_shows_one_place_of_a_grouped_finding_resolved(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(TWO_DEADLINES, encoding="utf-8")
    new.write_text(edit("    due: 2026-06-15\n    to: Sở Kế hoạch và Đầu tư", "    due: 2026-06-15", TWO_DEADLINES),
                   encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.stdout)["rows"] if r["aspect"] == "Finding"]
    assert len(rows) == 1 and rows[0]["key"].startswith("O001") and rows[0]["old"] == "resolved", rows


def test_each_other_place_of_a_grouped_a002_names_its_own_successor_in_the_readers_language(cli, repo_root):
    plan = str(repo_root / "plans" / "gia-lai-2023-2026.yaml")
    en = cli("validate", plan).stdout
    assert "(Kông Lơng Khơng → xã Tơ Tung (Gia Lai; from 1/7/2025))" in en
    assert "(Chư Drăng → xã Uar (Gia Lai; from 1/7/2025))" in en
    vi = cli("validate", plan, "--lang", "vi").stdout
    assert "(Kông Lơng Khơng → xã Tơ Tung (Gia Lai; từ 1/7/2025))" in vi and "from 1/7" not in vi
