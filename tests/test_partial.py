"""No figures from a partly read plan unless asked: L and S errors stop every command but validate (exit 2);
`--partial` shows the figures and every output says what is missing (issue 11)."""

from __future__ import annotations

import json

from test_rules import BASE, edit

UNREADABLE = edit("cost: {total: 1000}", "cost: {total: 1.000}")  # L006: 1,000 or 1.0?


def test_budget_on_a_plan_with_an_unreadable_value_stops_with_exit_2_and_the_finding(cli, write_plan):
    run = cli("budget", str(write_plan(UNREADABLE)))
    assert run.exit_code == 2
    assert "L006" in run.output and "--partial" in run.output
    assert "unbudgeted" not in run.stdout  # never a figure that silently leaves the value out


def test_partial_shows_the_figures_and_says_what_is_left_out_in_csv_and_json(cli, write_plan):
    path = str(write_plan(UNREADABLE))
    doc = json.loads(cli("budget", path, "--partial", "--format", "json").stdout)
    assert any(n.startswith("Incomplete") and "interventions[clubs].cost.total" in n for n in doc["notes"])
    csv_out = cli("rollout", path, "--partial", "--format", "csv").stdout
    assert csv_out.startswith("# incomplete: values left out: interventions[clubs].cost.total")
    table = cli("rollout", path, "--partial").stdout
    assert "Incomplete" in table


def test_a_date_that_does_not_exist_stops_calendar_instead_of_printing_no_date(cli, write_plan):
    run = cli("calendar", str(write_plan(edit("due: 2026-12-05", "due: 2026-02-30"))))
    assert run.exit_code == 2
    assert "(no date)" not in run.stdout


def test_a_clean_plan_needs_no_partial(cli, write_plan):
    assert cli("budget", str(write_plan(BASE))).exit_code == 0
