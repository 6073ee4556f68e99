"""A figure the plan does not give is shown as unknown (blank, with the reason), never as 0."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ecdplan.cli.commands import app

PLANS = Path(__file__).resolve().parent.parent / "plans"


def rollout(plan: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["rollout", str(PLANS / plan), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_commune_years_of_a_plan_whose_lines_give_no_communes_are_blank_not_zero():
    data = json.loads(rollout("lang-son-2019-2025.yaml", "--format", "json"))
    total = next(r for r in data["totals"] if r["intervention"] == "Commune-years")
    text = rollout("lang-son-2019-2025.yaml")
    last = next(line for line in text.splitlines() if line.startswith("Commune-years"))
    assert last.split() == ["Commune-years"], last  # no 0 under any year
    assert all(v is None for k, v in total.items() if k not in ("intervention", "name"))
    assert "No commune rollout in the plan for:" in text


def test_commune_years_of_a_plan_with_some_rollout_still_add_up():
    text = rollout("gia-lai-2023-2026.yaml")
    last = next(line for line in text.splitlines() if line.startswith("Commune-years"))
    assert last.split()[1:] == ["265", "265", "370", "370", "1,270"]


def test_a_plan_without_interventions_says_there_is_nothing_to_roll_out():
    text = rollout("chi-lang-2024.yaml", "--lang", "vi")
    assert "Kế hoạch không có nội dung can thiệp nào" in text
    assert not any(line.startswith("Xã-năm") and "0" in line for line in text.splitlines())


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_empty_table_of_a_plan_that_holds_only_its_heading_says_why():
    plan = str(PLANS / "chi-lang-2024.yaml")
    assert "The plan lists no interventions (lines with communes or costs): it sets no money." in run("budget", plan)
    assert "The plan names no body that leads, cooperates or is responsible for a task." in run("agencies", plan)
    assert "No plan sets a reporting deadline." in run("calendar", plan)
    assert "This plan has no indicators." in run("targets", plan)


def test_tables_with_rows_carry_no_empty_reason():
    plan = str(PLANS / "gia-lai-2023-2026.yaml")
    assert "no body that leads" not in run("agencies", plan)
    assert "No plan sets a reporting deadline." not in run("calendar", plan)
    assert "it sets no money" not in run("budget", plan)
