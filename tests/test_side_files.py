"""Scenario and envelope files are checked by the same rules, positions and exit codes as plans (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import line_of

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"


def side(tmp_path: Path, text: str, name: str = "side.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("PLAN", str(GIA_LAI)), encoding="utf-8")
    return path


ENVELOPES = """format: ecdplan-envelopes/1
plan: PLAN
envelopes:
  nsdp: {1900: 5, 2024: 100}
  ghost: {2024: 5}
"""
SCENARIO = """format: ecdplan-scenario/1
name: bad
plan: PLAN
interventions:
  imam:
    rollout: {1950: 3}
    sources: [{source: nsdp, share: 100}, {source: other, share: 50}]
  ghost-line:
    cost: {total: 5}
"""


def test_validate_checks_an_envelope_file_against_its_plan_at_its_own_lines(cli, tmp_path):
    path = side(tmp_path, ENVELOPES)
    run = cli("validate", str(path), "--format", "json")
    assert run.exit_code == 1
    found = {(f["code"], f["line"]) for f in run.findings()}
    text = path.read_text(encoding="utf-8")
    assert found == {("R008", line_of(text, "1900: 5")), ("I003", line_of(text, "ghost:"))}


def test_validate_checks_a_scenario_file_against_its_plan_at_its_own_lines(cli, tmp_path):
    path = side(tmp_path, SCENARIO)
    run = cli("validate", str(path), "--format", "json")
    text = path.read_text(encoding="utf-8")
    found = {(f["code"], f["line"]) for f in run.findings()}
    assert found == {("R001", line_of(text, "rollout: {1950: 3}")), ("F001", line_of(text, "sources: [{source")),
                     ("I005", line_of(text, "ghost-line:"))}
    assert run.exit_code == 1


def test_a_side_file_naming_a_plan_that_cannot_be_used_is_P005(cli, tmp_path):
    path = side(tmp_path, "format: ecdplan-scenario/1\nname: x\nplan: missing.yaml\n")
    run = cli("validate", str(path), "--format", "json")
    [f] = run.findings()
    assert (f["code"], f["line"]) == ("P005", 3)


def test_a_side_file_naming_itself_as_its_plan_stops_at_once(cli, tmp_path):
    path = side(tmp_path, "format: ecdplan-scenario/1\nname: x\nplan: side.yaml\n")
    run = cli("validate", str(path), "--format", "json")
    assert [f["code"] for f in run.findings()] == ["P005"]


@pytest.mark.parametrize("command, text", [
    (["funding", str(GIA_LAI), "--envelopes"], ENVELOPES),
    (["compare", str(GIA_LAI), "-s"], SCENARIO),
])
def test_funding_and_compare_refuse_a_side_file_with_errors_and_show_its_findings(cli, tmp_path, command, text):
    path = side(tmp_path, text)
    run = cli(*command, str(path))
    assert run.exit_code == 2
    assert "cannot be used" in run.stderr and ("R008" in run.output or "R001" in run.output)


def test_the_bundled_examples_validate_against_the_gia_lai_plan(cli):
    run = cli("validate", *[str(p) for p in sorted((ROOT / "examples").glob("*.yaml"))])
    assert run.exit_code == 0, run.output


def test_a_good_side_file_with_no_plan_key_is_checked_against_the_plan_it_is_used_with(cli, tmp_path):
    path = side(tmp_path, "format: ecdplan-envelopes/1\nenvelopes:\n  nsdp: {2062: 5}\n")
    assert cli("validate", str(path)).exit_code == 0  # alone: only its format can be checked
    run = cli("funding", str(GIA_LAI), "--envelopes", str(path))
    assert run.exit_code == 2 and "R008" in run.output
