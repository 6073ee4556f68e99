"""Machine output for other people's CI: SARIF, JUnit XML, and progress only on a terminal."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from ecdplan.cli.commands import app
from ecdplan.rules.findings import RULES

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"


def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(GIA_LAI.read_text(encoding="utf-8").replace("total: 42900", "total: 42901"), encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(app, ["validate", *map(str, args)])


def test_sarif_carries_the_same_findings_as_json(tmp_path):
    plan = broken(tmp_path)
    sarif = json.loads(invoke(plan, "--format", "sarif").stdout)
    plain = json.loads(invoke(plan, "--format", "json").stdout)["findings"]
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(RULES)
    got = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
           for r in run["results"]]
    assert got == [(f["code"], f["severity"], f["line"]) for f in plain]
    b002 = next(r for r in run["results"] if r["ruleId"] == "B002")
    assert run["tool"]["driver"]["rules"][b002["ruleIndex"]]["id"] == "B002"
    assert b002["properties"]["figures"]["difference"] == "1"


def test_junit_fails_errors_and_with_strict_warnings_too(tmp_path):
    plan = broken(tmp_path)
    result = invoke(plan, "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    failures = root.findall(".//failure")
    assert [f.get("type") for f in failures] == ["B002"]
    # 9 warnings, one per subject (3 F002: one per programme, ...) + B002
    assert root.get("failures") == "1" and root.get("tests") == "10"
    strict = ET.fromstring(invoke(plan, "--format", "junit", "--strict").stdout)
    assert len(strict.findall(".//failure")) == 10


def test_junit_reports_a_clean_file_as_one_passing_case():
    root = ET.fromstring(invoke(ROOT / "plans" / "chi-lang-2024.yaml", "--format", "junit").stdout)
    cases = root.findall(".//testcase")
    assert len(cases) == 1 and cases[0].get("name") == "valid" and not root.findall(".//failure")


def many_plans(tmp_path: Path, n: int = 25) -> list[Path]:
    text = (ROOT / "plans" / "bang-mac-2024.yaml").read_text(encoding="utf-8").replace(
        "file: chi-lang-2024.yaml", f"file: {ROOT / 'plans' / 'chi-lang-2024.yaml'}")
    paths = []
    for i in range(n):
        p = tmp_path / f"plan-{i:02d}.yaml"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def test_nothing_extra_on_stderr_when_not_a_terminal(tmp_path):
    result = invoke(*many_plans(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "25 files checked: 0 error(s)" in result.stdout


def test_progress_goes_to_stderr_on_a_terminal(tmp_path, monkeypatch, capsys):
    import sys

    from ecdplan.cli.plans import check_files

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    results = check_files(many_plans(tmp_path))
    assert len(results) == 25 and all(r.plan is not None for r in results)
    captured = capsys.readouterr()
    assert captured.out == ""


def test_version_option_prints_the_package_version():
    from ecdplan import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"ecdplan {__version__}"
