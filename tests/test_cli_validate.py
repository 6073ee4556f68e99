"""`ecdplan validate` as a user meets it: the project's plans by default, the five edits a reviewer must see
caught, the same findings in every output format, and the catalogue and schema commands.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FINDING_LINE, line_of
from ecdplan.rules.findings import RULES

GIA_LAI_REL = "plans/gia-lai-2023-2026.yaml"
NTPS = {"ntp-dtts", "ntp-gnbv", "ntp-ntm"}
NTP_LABELS = {"CTMTQG DTTS-MN", "CTMTQG GNBV", "CTMTQG XD NTM"}
NTP_LINES = ["sources: [ntp-dtts, ntp-gnbv, ntp-ntm, nsdp, other]", "sources: [ntp-dtts, ntp-gnbv, ntp-ntm, other]"]
GITHUB_LINE = re.compile(r"^::(?P<level>error|warning) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
                         r"title=(?P<code>[A-Z]\d{3}) (?P<name>[a-z0-9-]+)::(?P<message>.*)$")


def ntp_lines(text: str) -> set[int]:
    """The lines of the three interventions that name the national target programs as sources."""
    return {line_of(text, NTP_LINES[0]), line_of(text, NTP_LINES[1], 1), line_of(text, NTP_LINES[1], 2)}


def github_findings(stdout: str) -> list[dict]:
    out = []
    for line in stdout.splitlines():
        m = GITHUB_LINE.match(line)
        assert m, f"not a GitHub workflow command: {line!r}"
        d = m.groupdict()
        d["line"], d["col"] = int(d["line"]), int(d["col"])
        out.append(d)
    return out


def assert_text_shape(stdout: str) -> None:
    """Every finding line reads `path:line:col: CODE [severity] message`; figures are indented under it."""
    body = stdout.split("\n\n")[0] if "\n\n" in stdout else ""
    for line in body.splitlines():
        assert FINDING_LINE.match(line) or line.startswith("    "), f"unexpected line: {line!r}"


# --- the project's plans, with no argument ----------------------------------------------------------------------

def test_validate_without_arguments_checks_the_project_plans_and_lists_the_ntp_2026_warnings(cli, repo_root,
                                                                                           gia_lai_text):
    run = cli("validate", "--format", "json", cwd=repo_root)
    run.assert_no_traceback()
    assert run.exit_code == 0, run.output
    doc = run.json()
    assert GIA_LAI_REL in [f["file"] for f in doc["files"]]
    mine = [f for f in doc["findings"] if f["file"] == GIA_LAI_REL]
    assert [f for f in mine if f["severity"] == "error"] == []
    f002 = [f for f in mine if f["code"] == "F002"]
    # three interventions x three programs: one finding per programme (its subject), listing the other two lines
    assert len(f002) == 3
    assert {f["figures"]["source"] for f in f002} == NTPS
    assert all(f["figures"]["years"] == [2026] and f["figures"]["valid"] == "2021-2025" for f in f002)
    assert all(f["severity"] == "warning" for f in f002)
    assert {f["line"] for f in f002} | {p["line"] for f in f002 for p in f["also"]} == ntp_lines(gia_lai_text)
    assert {f["path"].split(".")[0] for f in f002} == {"interventions[imam]"}
    assert all({p["path"].split(".")[0] for p in f["also"]} == {"interventions[nutrition-package]",
                                                                "interventions[newborn-care]"} for f in f002)


def test_validate_without_arguments_prints_the_warnings_as_text_and_exits_0(cli, repo_root, gia_lai_text):
    run = cli("validate", cwd=repo_root)
    assert run.exit_code == 0, run.output
    assert_text_shape(run.stdout)
    f002 = [f for f in run.text_findings("F002") if f["file"] == GIA_LAI_REL]
    assert len(f002) == 3  # one per programme, its other two lines listed under it ("also at")
    for source in NTP_LABELS:  # sources are named as the plan labels them, not by id
        assert sum(f"source {source} " in f["message"] and "funds 2026" in f["message"] for f in f002) == 1
    assert {f["line"] for f in f002} == {line_of(gia_lai_text, NTP_LINES[0])}
    assert run.stdout.count("    also at ") >= 6
    every = run.text_findings()
    errors = sum(f["severity"] == "error" for f in every)
    summary = re.search(r"^(\d+) files? checked: (\d+) error\(s\), (\d+) warning\(s\)$", run.stdout, flags=re.M)
    assert summary, run.stdout
    assert (int(summary[2]), int(summary[3])) == (errors, len(every) - errors)
    assert errors == 0 and len(every) >= 9


def test_strict_makes_the_ntp_warnings_fail_with_exit_1(cli, repo_root):
    run = cli("validate", "--strict", cwd=repo_root)
    run.assert_no_traceback()
    assert run.exit_code == 1
    assert run.text_findings("F002")


def test_validate_without_arguments_in_a_subprocess_exits_0_then_1_with_strict(ecdplan_subprocess, repo_root):
    run = ecdplan_subprocess("validate", cwd=repo_root)
    assert run.exit_code == 0, run.output
    assert "Traceback" not in run.stderr
    assert "F002" in run.stdout
    strict = ecdplan_subprocess("validate", "--strict", cwd=repo_root)
    assert strict.exit_code == 1
    assert "Traceback" not in strict.stderr


def test_validate_without_arguments_outside_a_project_exits_2_with_a_message(cli, tmp_path):
    run = cli("validate", cwd=tmp_path)
    run.assert_no_traceback()
    assert run.exit_code == 2
    assert "no plan file given" in run.stderr


# --- the five edits a reviewer must see caught ------------------------------------------------------------------

def edit_cost_by_one(mutate):
    return mutate("cost: {total: 9300}", "cost: {total: 9301}")


def edit_cost_9_300(mutate):
    return mutate("cost: {total: 9300}", "cost: {total: 9.300}")


def edit_duplicate_key(mutate):
    return mutate("    lead: Sở Y tế\n", "    lead: Sở Y tế\n    lead: Sở Giáo dục và Đào tạo\n")


def edit_unknown_source(mutate):
    return mutate("sources: [nsdp, other]", "sources: [nsdp, others]")


def edit_phase_outside_period(mutate):
    return mutate("years: 2025-2026", "years: 2025-2027")


def expect_cost_by_one(text):
    return [("B001", line_of(text, "{id: I, name: Y tế, total: 27900}"),
             {"declared": "27900", "computed": "27901", "difference": "-1", "unit": "million VND"}),
            ("B002", line_of(text, "\ntotal: 42900") + 1,
             {"declared": "42900", "computed": "42901", "difference": "-1", "unit": "million VND"})]


def expect_cost_9_300(text):
    return [("L006", line_of(text, "total: 9.300"), {"written": "9.300", "vietnamese": 9300, "yaml": "9.3"})]


def expect_duplicate_key(text):
    first, second = line_of(text, "lead: Sở Y tế"), line_of(text, "lead: Sở Giáo dục và Đào tạo")
    return [("L004", second, {"first_line": first, "second_line": second})]


def expect_unknown_source(text):
    return [("I003", line_of(text, "others]"), {})]


def expect_phase_outside_period(text):
    return [("R001", line_of(text, "years: 2025-2027"), {"phase": "2025-2027", "period": "2023-2026"})]


MUST_SHOW = {
    "cost-changed-by-1": (edit_cost_by_one, expect_cost_by_one),
    "cost-written-9.300": (edit_cost_9_300, expect_cost_9_300),
    "key-duplicated": (edit_duplicate_key, expect_duplicate_key),
    "unknown-source-id": (edit_unknown_source, expect_unknown_source),
    "phase-year-outside-period": (edit_phase_outside_period, expect_phase_outside_period),
}


@pytest.mark.parametrize("case", list(MUST_SHOW))
def test_each_must_show_edit_gives_a_finding_with_code_line_and_figures_and_exits_1(case, mutate, validate_text):
    make, expect = MUST_SHOW[case]
    text = make(mutate)
    run = validate_text(text, "--format", "json")
    run.assert_no_traceback()
    assert run.exit_code == 1, run.output
    errors = [f for f in run.findings() if f["severity"] == "error"]
    expected = expect(text)
    assert {(f["code"], f["line"]) for f in errors} == {(code, line) for code, line, _ in expected}
    for code, line, figures in expected:
        [f] = [f for f in errors if f["code"] == code]
        assert f["figures"] == figures


def test_a_cost_changed_by_one_shows_declared_computed_and_difference_in_the_text(mutate, validate_text):
    text = edit_cost_by_one(mutate)
    run = validate_text(text)
    assert run.exit_code == 1
    assert_text_shape(run.stdout)
    lines = run.stdout.splitlines()
    group_line = line_of(text, "{id: I, name: Y tế, total: 27900}")
    total_line = line_of(text, "\ntotal: 42900") + 1
    [b001] = [i for i, line in enumerate(lines) if f":{group_line}:" in line and " B001 " in line]
    assert lines[b001 + 1].strip() == "declared 27900, computed 27901, difference -1 million VND"
    [b002] = [i for i, line in enumerate(lines) if f":{total_line}:" in line and " B002 " in line]
    assert lines[b002 + 1].strip() == "declared 42900, computed 42901, difference -1 million VND"


def test_only_the_edited_line_counts_a_cost_of_9301_once(mutate, validate_text):
    text = edit_cost_by_one(mutate)
    assert text.count("9301") == 1 and text.count("cost: {total: 9300}") == 2


@pytest.mark.parametrize("case", list(MUST_SHOW))
def test_json_and_github_formats_carry_the_same_findings_as_text(case, mutate, validate_text):
    text = MUST_SHOW[case][0](mutate)
    runs = {fmt: validate_text(text, "--format", fmt) for fmt in ("text", "json", "github")}
    for run in runs.values():
        run.assert_no_traceback()
        assert run.exit_code == 1
    assert_text_shape(runs["text"].stdout)
    from_text = sorted((f["code"], f["line"], f["col"], f["severity"]) for f in runs["text"].text_findings())
    from_json = sorted((f["code"], f["line"], f["col"], f["severity"]) for f in runs["json"].findings())
    from_github = sorted((f["code"], f["line"], f["col"], f["level"]) for f in github_findings(runs["github"].stdout))
    assert from_text, runs["text"].stdout
    assert from_text == from_json == from_github
    codes = {code for code, *_ in from_text}
    assert {code for code, _, _ in MUST_SHOW[case][1](text)} <= codes


def test_github_annotations_carry_the_figures_and_the_rule_name(mutate, validate_text):
    text = edit_cost_by_one(mutate)
    found = github_findings(validate_text(text, "--format", "github").stdout)
    [b001] = [f for f in found if f["code"] == "B001"]
    assert b001["level"] == "error"
    assert b001["name"] == RULES["B001"].name
    assert "(declared 27900, computed 27901, difference -1 million VND)" in b001["message"]


def test_json_output_has_a_summary_that_matches_the_findings(mutate, validate_text):
    run = validate_text(edit_cost_by_one(mutate), "--format", "json")
    doc = run.json()
    errors = sum(f["severity"] == "error" for f in doc["findings"])
    warnings = sum(f["severity"] == "warning" for f in doc["findings"])
    assert doc["summary"] == {"files": 1, "errors": errors, "warnings": warnings, "accepted": 0, "unusable": 0}
    # issue 20: its number has its date (no D002); one finding per subject (3 F002, one per programme; 3 O001, ...)
    assert (errors, warnings) == (2, 9)
    assert doc["files"][0]["plan"] == "gia-lai-2023-2026"


def test_the_must_show_edits_exit_1_in_a_subprocess_without_a_traceback(mutate, write_plan, ecdplan_subprocess):
    for name, (make, _) in MUST_SHOW.items():
        path = write_plan(make(mutate), f"{name}.yaml")
        run = ecdplan_subprocess("validate", path)
        assert run.exit_code == 1, (name, run.output)
        assert "Traceback" not in run.stderr and run.stderr == ""


# --- several files ----------------------------------------------------------------------------------------------

def test_several_files_in_one_run_report_the_findings_of_all_of_them(mutate, write_plan, cli):
    paths = {name: write_plan(make(mutate), f"{name}.yaml") for name, (make, _) in MUST_SHOW.items()}
    run = cli("validate", *paths.values(), "--format", "json")
    run.assert_no_traceback()
    assert run.exit_code == 1
    doc = run.json()
    assert doc["summary"]["files"] == len(paths)
    for name, path in paths.items():
        text = path.read_text(encoding="utf-8")
        expected = {(code, line) for code, line, _ in MUST_SHOW[name][1](text)}
        got = {(f["code"], f["line"]) for f in doc["findings"] if f["file"] == str(path)}
        assert expected <= got, name


def test_one_unusable_file_among_several_makes_the_run_exit_2_but_still_reports_the_others(mutate, write_plan, cli,
                                                                                          tmp_path):
    good = write_plan(edit_unknown_source(mutate), "unknown-source.yaml")
    run = cli("validate", good, tmp_path / "missing.yaml")
    run.assert_no_traceback()
    assert run.exit_code == 2
    files = {f["file"] for f in run.text_findings()}
    assert files == {str(good), str(tmp_path / "missing.yaml")}
    assert "2 files checked" in run.stdout


# --- rules, schema, and the plans' schema comment ----------------------------------------------------------------

def test_rules_lists_every_code(cli):
    run = cli("rules")
    assert run.exit_code == 0
    listed = re.findall(r"^([A-Z]\d{3})\b", run.stdout, flags=re.M)
    assert listed == list(RULES)


def test_rules_as_json_gives_every_code_with_its_severity(cli):
    run = cli("rules", "--format", "json")
    assert run.exit_code == 0
    rows = json.loads(run.stdout)["rows"]
    assert [(r["code"], r["name"], r["severity"]) for r in rows] == [
        (code, rule.name, rule.severity.value) for code, rule in RULES.items()]


def test_schema_output_equals_the_committed_schema_file(cli, repo_root):
    run = cli("schema")
    assert run.exit_code == 0
    committed = (repo_root / "schemas" / "plan.schema.json").read_text(encoding="utf-8")
    assert json.loads(run.stdout) == json.loads(committed), "schemas/plan.schema.json is stale: run `ecdplan schema`"
    assert run.stdout == committed


def plan_files() -> list[Path]:
    return sorted((Path(__file__).resolve().parent.parent / "plans").glob("*.yaml"))


def test_the_repo_has_plans():
    assert plan_files()


@pytest.mark.parametrize("plan", plan_files(), ids=lambda p: p.name)
def test_every_plan_carries_the_yaml_language_server_schema_comment(plan, repo_root):
    text = plan.read_text(encoding="utf-8")
    m = re.search(r"^# yaml-language-server: \$schema=(\S+)\s*$", text, flags=re.M)
    assert m, f"{plan.name} lacks '# yaml-language-server: $schema=' comment"
    target = m[1]
    if not re.match(r"^https?://", target):
        assert (plan.parent / target).resolve() == (repo_root / "schemas" / "plan.schema.json").resolve()


def test_a_schema_error_in_one_line_does_not_hide_the_findings_of_the_others(tmp_path):
    """One run reports all: a misspelt key in the library line, an unknown source in child protection and a
    wrong subtotal for group IV all come out together (the lines that fit the format are still checked)."""
    from typer.testing import CliRunner

    from ecdplan.cli.commands import app

    text = (Path(__file__).resolve().parent.parent / GIA_LAI_REL).read_text(encoding="utf-8").replace("    lead: Sở Giáo dục và Đào tạo\n", "    lead: Sở Giáo dục và Đào tạo\n    leed: x\n")
    text = text.replace("sources: [nsdp, other]\n    notes: Nguồn sự", "sources: [nsdp, othr]\n    notes: Nguồn sự")
    text = text.replace("{id: IV, name: Y tế, total: 2640}", "{id: IV, name: Y tế, total: 2641}")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(plan), "--format", "json"])
    assert result.exit_code == 1
    codes = sorted({f["code"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"})
    assert codes == ["B001", "I003", "S001"]
    lines = text.splitlines()
    found = {f["code"]: f["line"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"}
    assert lines[found["S001"] - 1].strip() == "leed: x"
    assert "othr" in lines[found["I003"] - 1]
    assert "total: 2641" in lines[found["B001"] - 1]
