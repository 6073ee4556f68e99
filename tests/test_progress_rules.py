"""Every G rule (progress files): the smallest progress file that triggers it, and a near-identical one that does
not, run through `ecdplan validate FILE --format json` next to the plan of test_rules.BASE. Bad progress files get
the plans' treatment: rule codes at their lines, exit statuses, no traceback.
"""

from __future__ import annotations

import pytest

from conftest import line_of
from ecdplan.rules.findings import RULES
from test_rules import BASE, edit

PLAN = edit("        communes: 2\n", "        communes: 2\n        named: [Xã Một, Xã Hai]\n")

PROGRESS = """\
format: ecdplan-progress/1
illustrative: true
plan: {id: test-plan, file: plan.yaml}
period: 2023
unit: million VND
lines:
  clubs:
    communes: [Xã Một, xã  hai]
    beneficiaries: 40
    disbursed: {ntp: 50, nsdp: {Tiểu dự án 1: 20, Tiểu dự án 2: 10}}
    activities: [Sinh hoạt câu lạc bộ]
indicators:
  access:
    - {value: 72, date: 2023-12-31, source: Điều tra}
"""


def progress(old: str, new: str, text: str = PROGRESS) -> str:
    return edit(old, new, text)


# issue 20: a line without a cost (G013); a source with its sub-project (G014)
UNBUDGETED = edit("    cost: {total: 1000}\n", "", edit("Y tế, total: 1000}", "Y tế}", edit("\ntotal: 1000\n", "\n", PLAN)))
WITH_COMPONENT = edit("    kind: ntp\n", "    kind: ntp\n    component: Dự án 7\n", PLAN)

# code -> (progress text, plan text): the smallest progress file that triggers it
TRIGGERS: dict[str, tuple[str, str]] = {
    "G001": (progress("  clubs:\n", "  club:\n"), PLAN),
    "G002": (progress("{ntp: 50,", "{ntq: 50,"), PLAN),
    "G003": (progress("{ntp: 50,", "{ntp: 50, other: 1,"),
             edit("    kind: local-budget\n", "    kind: local-budget\n  - {id: other, name: Khác, kind: other}\n",
                  PLAN)),
    "G004": (progress("period: 2023", "period: 2027-H1"), PLAN),
    # 2023: the line costs 1000 × 2/12 commune-years = 166.67, half per source = 83.33
    "G005": (progress("{ntp: 50,", "{ntp: 90,"), PLAN),
    "G006": (progress("communes: [Xã Một, xã  hai]", "communes: 3"), PLAN),
    "G007": (progress("communes: [Xã Một, xã  hai]", "communes: 11"), PLAN),
    "G008": (progress("xã  hai]", "Xã Ba]"), PLAN),
    "G009": (progress("file: plan.yaml}", "file: missing.yaml}"), PLAN),
    "G010": (progress("{id: test-plan,", "{id: other-plan,"), PLAN),
    "G011": (progress("period: 2023", "period: {from: 2023-07-01, to: 2024-06-30}"), PLAN),
    "G012": (progress("  access:\n", "  acces:\n"), PLAN),
    "G013": (progress("{ntp: 50, nsdp: {Tiểu dự án 1: 20, Tiểu dự án 2: 10}}", "{ntp: 50}"), UNBUDGETED),
    "G014": (progress("{Tiểu dự án 1: 20,", "{Dự án 7: 20,"), WITH_COMPONENT),
}
# the finding's line: the text that the edited value starts with
WHERE = {"G001": "  club:", "G002": "ntq", "G003": "other: 1", "G004": "period:", "G005": "ntp: 90",
         "G006": "communes: 3", "G007": "communes: 11", "G008": "Xã Ba", "G009": "file: missing",
         "G010": "id: other-plan", "G011": "period:", "G012": "  acces:", "G013": "ntp: 50", "G014": "Dự án 7"}
NEAR_MISS: dict[str, str] = {
    "G001": PROGRESS, "G002": PROGRESS, "G003": PROGRESS, "G004": progress("period: 2023", "period: 2026-H2"),
    "G005": progress("{ntp: 50,", "{ntp: 83.333333,"), "G006": progress("communes: [Xã Một, xã  hai]", "communes: 2"),
    "G007": progress("communes: [Xã Một, xã  hai]", "communes: 2"), "G008": PROGRESS, "G009": PROGRESS,
    "G010": PROGRESS, "G011": progress("period: 2023", "period: {from: 2023-07-01, to: 2023-12-31}"),
    "G012": PROGRESS, "G013": PROGRESS, "G014": progress("{ntp: 50,", "{ntp: {Dự án 7: 50},"),
}


def run_progress(cli, tmp_path, text: str | bytes, plan: str = PLAN):
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    path = tmp_path / "progress.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    run = cli("validate", path, "--format", "json")
    run.assert_no_traceback()
    return run


def test_every_G_rule_has_a_trigger_here():
    assert set(TRIGGERS) == {c for c in RULES if c.startswith("G")} == set(NEAR_MISS)


def test_the_base_progress_file_is_clean(cli, tmp_path):
    run = run_progress(cli, tmp_path, PROGRESS)
    assert run.exit_code == 0 and run.findings() == [], run.stdout


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_each_triggering_progress_file_reports_its_code_at_its_line(cli, tmp_path, code):
    text, plan = TRIGGERS[code]
    run = run_progress(cli, tmp_path, text, plan)
    found = run.findings(code)
    assert len(found) == 1, run.stdout
    assert found[0]["line"] == line_of(text, WHERE[code]), found[0]
    assert found[0]["severity"] == RULES[code].severity.value
    assert run.exit_code == (1 if RULES[code].severity.value == "error" else 0)


@pytest.mark.parametrize("code", sorted(NEAR_MISS))
def test_each_near_miss_does_not_report_the_code(cli, tmp_path, code):
    run = run_progress(cli, tmp_path, NEAR_MISS[code])
    assert run.findings(code) == [], run.stdout


def test_G005_gives_the_disbursed_and_the_allocation_in_the_plans_unit(cli, tmp_path):
    found = run_progress(cli, tmp_path, TRIGGERS["G005"][0]).findings("G005")[0]
    # 1000 over 12 commune-years: 2023 has 2, so 166.666667 (largest remainder), half per source
    assert found["figures"]["declared"] == "90"
    assert found["figures"]["computed"] == "83.333334"


def test_a_half_year_is_allocated_half_of_its_year():
    from ecdplan.core.progress import parse_period

    h1, h2 = parse_period("2024-H1"), parse_period("2024-H2")
    assert (h1.share(1001), h2.share(1001)) == (501, 500)
    assert parse_period("2024").share(1001) == 1001


@pytest.mark.parametrize("text, code, where", [
    (progress("period: 2023", "period: 2024-H3"), "S001", "period:"),
    (progress("{ntp: 50,", "{ntp: 9.300,"), "L006", "9.300"),
    (progress("    beneficiaries: 40\n", "    beneficiaries: 40\n    beneficiaries: 41\n"), "L004", "beneficiaries: 41"),
    (progress("    activities:", "    activitis:"), "S001", "activitis"),
    (progress("{ntp: 50,", "{ntp: -5,"), "S002", "-5"),
    (progress("format: ecdplan-progress/1", "format: ecdplan-progress/9"), "S003", "format:"),
    (progress("    activities: [Sinh hoạt câu lạc bộ]", "    activities: [Sinh hoạt\x07]"), "L010", "Sinh hoạt"),
])
def test_bad_progress_files_get_rule_codes_at_their_lines(cli, tmp_path, text, code, where):
    run = run_progress(cli, tmp_path, text)
    assert code in run.codes(), run.stdout
    if where:
        assert run.findings(code)[0]["line"] == line_of(text, where)
    assert run.exit_code in (1, 2)


def test_an_empty_progress_file_is_unusable(cli, tmp_path):
    (tmp_path / "e.yaml").write_text("", encoding="utf-8")
    run = cli("validate", tmp_path / "e.yaml", "--format", "json")
    assert run.exit_code == 2 and "L003" in run.codes()


def test_the_progress_command_stops_on_a_bad_progress_file_with_the_findings(ecdplan_subprocess, tmp_path):
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    bad = tmp_path / "progress.yaml"
    bad.write_text(TRIGGERS["G001"][0], encoding="utf-8")
    run = ecdplan_subprocess("progress", tmp_path / "plan.yaml", bad)
    assert run.exit_code == 2 and "Traceback" not in run.output
    assert f"progress.yaml:{line_of(TRIGGERS['G001'][0], '  club:')}:" in run.stderr and "G001" in run.stderr
    partial = ecdplan_subprocess("progress", tmp_path / "plan.yaml", bad, "--partial")
    assert partial.exit_code == 0 and "Incomplete" in partial.stdout


def test_a_missing_plan_file_and_a_control_character(ecdplan_subprocess, tmp_path):
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    progress_file = tmp_path / "progress.yaml"
    progress_file.write_text(PROGRESS, encoding="utf-8")
    run = ecdplan_subprocess("progress", tmp_path / "nope.yaml", progress_file)
    assert run.exit_code == 2 and "Traceback" not in run.output and "L001" in run.stderr
    progress_file.write_bytes(PROGRESS.replace("Điều tra", "Điều\x01tra").encode("utf-8"))
    run = ecdplan_subprocess("progress", tmp_path / "plan.yaml", progress_file)
    assert run.exit_code == 2 and "Traceback" not in run.output and "L010" in run.stderr


def test_a_progress_file_of_another_plan_is_refused(ecdplan_subprocess, repo_root):
    run = ecdplan_subprocess("progress", "plans/tay-ninh-2025.yaml", "examples/progress-gia-lai-2023.yaml")
    assert run.exit_code == 2 and "neither tay-ninh-2025" in run.stderr and "Traceback" not in run.output


def test_named_communes_compare_after_nfc(cli, tmp_path):
    import unicodedata

    decomposed = progress("xã  hai]", unicodedata.normalize("NFD", "XÃ HAI") + "]")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert run_progress(cli, tmp_path, decomposed).findings("G008") == []


def test_an_overspend_is_a_warning_and_the_figures_still_show_it(ecdplan_subprocess, tmp_path):
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "p.yaml").write_text(TRIGGERS["G005"][0], encoding="utf-8")
    run = ecdplan_subprocess("progress", tmp_path / "plan.yaml", tmp_path / "p.yaml", "--by-source", "--format", "csv")
    assert run.exit_code == 0 and "G005 [warning]" in run.stderr
    row = next(line for line in run.stdout.splitlines() if line.startswith("Chương trình MTQG"))
    # 83.33 shown as 83.4 so that the column adds up to 166.7 (note in the output); 90 ÷ 83.333334 = 108.0 %
    assert row.split(",")[1:] == ["83.4", "90.0", "-6.6", "108.0", "equal split (assumed)"]  # the plan sets no split
