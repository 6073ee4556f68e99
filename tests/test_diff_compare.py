"""Plan diffs (two files or a git revision) and scenarios side by side."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan import compile_file
from ecdplan.cli.commands import app
from ecdplan.core.plandiff import diff_plans

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
EXAMPLES = ROOT / "examples"
IMAM = "Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)"


def imam_at_30(tmp_path: Path) -> Path:
    text = GIA_LAI.read_text(encoding="utf-8")
    start = text.index("  - id: imam")
    at = text.index("communes: 42", start)
    copy = tmp_path / "imam-30.yaml"
    copy.write_text(text[:at] + "communes: 30" + text[at + len("communes: 42"):], encoding="utf-8")
    return copy


def run(*args, code=0):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result.stdout if code == 0 else result.output  # warnings go to stderr


def test_diff_with_imam_at_30_communes_shows_coverage_and_cost_changes(tmp_path):
    changes = diff_plans(compile_file(GIA_LAI), compile_file(imam_at_30(tmp_path)))
    got = {(c.aspect, c.key): (c.old, c.new) for c in changes}
    # lines are named as the plan writes them
    assert got["coverage", f"{IMAM} 2025"] == (42, 30) and got["coverage", f"{IMAM} 2026"] == (42, 30)
    assert got["coverage", "commune-years"] == (1_270, 1_246)
    # the declared 9,300 stays, so IMAM's money moves: 10/104 of it in 2023 before, 10/80 after
    old_2023, new_2023 = got["year", "2023"]
    assert new_2023 - old_2023 == 1_162_500_000 - 894_230_769
    assert ("total", "total") not in got  # the grand total does not change
    assert not any(c.aspect == "finding" for c in changes)


def test_diff_markdown_is_readable_in_a_pull_request(tmp_path):
    out = run("diff", GIA_LAI, imam_at_30(tmp_path), "--format", "markdown")
    assert out.startswith("### Changes:")
    assert f"| {IMAM} 2025" in out
    row = next(line for line in out.splitlines() if f"{IMAM} 2025" in line)
    assert [c.strip() for c in row.strip("|").split("|")][2:] == ["42", "30", "-12"]


def test_diff_reports_new_and_resolved_findings(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(GIA_LAI.read_text(encoding="utf-8").replace("total: 42900", "total: 42901"), encoding="utf-8")
    doc = json.loads(run("diff", GIA_LAI, broken, "--format", "json"))
    findings = [r for r in doc["rows"] if r["aspect"] == "Finding"]
    assert len(findings) == 1 and findings[0]["key"].startswith("B002") and findings[0]["new"] == "new"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_against_a_git_revision_of_the_same_file(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(GIA_LAI.read_text(encoding="utf-8"), encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "plan.yaml"], check=True)
    subprocess.run([*git, "commit", "-qm", "plan"], check=True)
    plan.write_text(imam_at_30(tmp_path).read_text(encoding="utf-8"), encoding="utf-8")
    out = run("diff", plan, "--rev", "HEAD", "--format", "csv")
    assert f"Communes,{IMAM} 2025,42,30,-12" in out


def test_diff_needs_two_files_or_a_revision():
    assert "--rev" in run("diff", GIA_LAI, code=2)


def test_compare_shows_baseline_scenarios_and_deltas():
    doc = json.loads(run("compare", GIA_LAI, "-s", EXAMPLES / "scenario-imam-30.yaml", "-s",
                         EXAMPLES / "scenario-more-ntp.yaml", "--envelopes", EXAMPLES / "gia-lai-envelopes.yaml",
                         "--method", "priority", "--format", "json"))
    rows = {r["measure"]: r for r in doc["rows"]}
    total = rows["Total cost"]
    assert (total["baseline"], total["IMAM 30"], total["delta_IMAM 30"]) == (42900, 41100, -1800)
    assert rows["Commune-years"]["delta_IMAM 30"] == -24
    gap = rows["Gap (priority)"]
    assert gap["baseline"] == 25900  # the worked example: need less every usable envelope
    assert gap["delta_NTP x2 in 2025"] == -3000  # three more NTP envelopes of 2025, all usable


def test_scenario_naming_an_unknown_intervention_is_a_usage_error(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("format: ecdplan-scenario/1\nname: x\ninterventions:\n  imax: {cost: {total: 1}}\n",
                   encoding="utf-8")
    assert "imax" in run("compare", GIA_LAI, "-s", bad, code=2)
