"""The calculation core on the Gia Lai plan (seed 000): figures from the seed's appendix table."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collections import namedtuple

from ecdplan import compile_file, pivot
from ecdplan.cli.commands import app

CommuneRow = namedtuple("CommuneRow", "intervention commune start year amount")

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
MILLION = 1_000_000


@pytest.fixture(scope="module")
def compiled():
    return compile_file(GIA_LAI)


@pytest.fixture(scope="module")
def plan(compiled):
    return compiled.plan


@pytest.fixture(scope="module")
def facts(compiled):
    return compiled.facts


def commune_rows(compiled, year=None):
    return [CommuneRow(*r) for r in compiled.commune_rows(year)]


def run_json(*args: str) -> dict:
    result = CliRunner().invoke(app, [*args, str(GIA_LAI), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_total_is_42900_million_to_the_dong(facts):
    assert sum(f.amount for f in facts) == 42_900 * MILLION


def test_group_totals_are_27900_7500_4860_2640(facts):
    p = pivot(facts, "group")
    assert [p.cell(g) for g in ("I", "II", "III", "IV")] == [x * MILLION for x in (27_900, 7_500, 4_860, 2_640)]


def test_plan_has_1270_commune_years(plan):
    assert sum(sum(iv.communes_by_year().values()) for iv in plan.interventions) == 1_270


def test_equal_split_gives_each_ntp_6510_local_budget_9360_other_14010(facts):
    p = pivot(facts, "source")
    assert {s: p.cell(s) // MILLION for s in p.rows} == {
        "ntp-dtts": 6_510, "ntp-gnbv": 6_510, "ntp-ntm": 6_510, "nsdp": 9_360, "other": 14_010}
    assert all(p.cell(s) % MILLION == 0 for s in p.rows)  # exactly, not approximately
    assert all(f.split_rule == "equal" for f in facts)


def test_each_intervention_facts_add_up_to_its_cost_to_the_dong(compiled, plan, facts):
    for iv in plan.interventions:
        assert sum(f.amount for f in facts if f.intervention == iv.id) == compiled.line(iv.id).total


def test_each_intervention_year_splits_equally_over_sources_within_one_dong(plan, facts):
    for iv in plan.interventions:
        for year in iv.communes_by_year():
            amounts = [f.amount for f in facts if f.intervention == iv.id and f.year == year]
            assert len(amounts) == len(iv.sources)
            assert max(amounts) - min(amounts) <= 1


def test_proportional_spread_shows_5629_1_and_15820_9_adding_to_42900_0():
    doc = run_json("budget", "--by-year")
    shown = {row["year"]: Decimal(str(row["amount"])) for row in doc["rows"]}
    assert shown == {2023: Decimal("5629.1"), 2024: Decimal("5629.1"),
                     2025: Decimal("15820.9"), 2026: Decimal("15820.9")}
    assert sum(shown.values()) == Decimal(str(doc["totals"][0]["amount"])) == Decimal("42900.0")


def test_years_are_spread_by_commune_years_and_labelled_so(facts):
    assert {f.year_rule for f in facts} == {"commune-years"}
    imam = {f.year: 0 for f in facts if f.intervention == "imam"}
    for f in facts:
        if f.intervention == "imam":
            imam[f.year] += f.amount
    # 9,300 million × 10/104 commune-years in 2023, to the đồng (largest remainder)
    assert imam[2023] == 894_230_769 or imam[2023] == 894_230_770
    assert sum(imam.values()) == 9_300 * MILLION


def test_ntp_money_in_2026_is_marked_outside_the_2021_2025_validity(facts):
    outside = {f.source for f in facts if not f.source_valid and f.amount}
    assert outside == {"ntp-dtts", "ntp-gnbv", "ntp-ntm"}
    assert {f.year for f in facts if not f.source_valid} == {2026}


def test_rollout_2025_gives_new_and_continuing_communes(compiled):
    got = {c.intervention: c for c in compiled.coverage if c.year == 2025}
    assert (got["imam"].communes, got["imam"].new, got["imam"].continuing) == (42, 32, 10)
    assert (got["nutrition-package"].communes, got["nutrition-package"].new) == (42, 32)
    assert (got["newborn-care"].communes, got["newborn-care"].new) == (42, 32)
    assert (got["library"].communes, got["library"].new, got["library"].continuing) == (15, 9, 6)
    assert (got["child-protection"].communes, got["child-protection"].new) == (220, 0)
    assert got["nutrition-clubs"].communes == 9


def test_rollout_year_command_reports_counts_cost_beneficiaries_and_coverage():
    doc = run_json("rollout", "--year", "2025")
    rows = {r["intervention"]: r for r in doc["rows"]}
    assert (rows["imam"]["active"], rows["imam"]["new"], rows["imam"]["continuing"]) == (42, 32, 10)
    assert rows["imam"]["beneficiaries"] == 253
    assert Decimal(str(rows["imam"]["coverage_percent"])) == Decimal("19.1")  # 42 of 220 communes
    assert rows["library"]["new"] == 9 and rows["child-protection"]["new"] == 0
    costs = [Decimal(str(r["cost"])) for r in doc["rows"]]
    assert sum(costs) == Decimal(str(doc["totals"][0]["cost"])) == Decimal("15820.9")


def test_named_communes_carry_their_names_and_slots_their_start_year(compiled):
    rows = commune_rows(compiled, 2025)
    clubs = [r.commune for r in rows if r.intervention == "nutrition-clubs"]
    assert "Kông Lơng Khơng" in clubs and len(clubs) == 9
    imam = [r for r in rows if r.intervention == "imam"]
    assert len(imam) == 42
    assert sum(1 for r in imam if r.start == 2023) == 10 and sum(1 for r in imam if r.start == 2025) == 32


def test_commune_rows_add_up_to_the_fact_table(compiled, facts):
    assert sum(r.amount for r in commune_rows(compiled)) == sum(f.amount for f in facts)


@pytest.mark.parametrize("args", [
    ("budget", "--by-source", "--by-year"), ("budget", "--by-group", "--by-year"),
    ("budget", "--by-intervention", "--by-source"), ("budget", "--by-agency", "--by-year"),
])
def test_pivot_tables_add_up_as_displayed_on_both_margins(args):
    doc = run_json(*args)
    year_keys = [k for k in doc["rows"][0] if k.isdigit() or k.startswith("ntp") or k in ("nsdp", "other")]
    for row in doc["rows"]:
        cells = [Decimal(str(row[k])) for k in year_keys]
        assert sum(cells) == Decimal(str(row["total"]))
    totals = doc["totals"][0]
    for k in year_keys:
        assert sum(Decimal(str(r[k])) for r in doc["rows"]) == Decimal(str(totals[k]))
    assert Decimal(str(totals["total"])) == Decimal("42900")


def test_budget_by_source_in_billion_and_vietnamese_numbers():
    result = CliRunner().invoke(app, ["budget", str(GIA_LAI), "--by-source", "--unit", "billion", "--lang", "vi"])
    assert result.exit_code == 0
    assert "14,01" in result.output and "42,9" in result.output and "Nguồn" in result.output


def test_budget_with_year_filter_shows_only_that_year():
    doc = run_json("budget", "--by-source", "--year", "2023")
    assert Decimal(str(doc["totals"][0]["amount"])) == Decimal("5629.1")


def test_more_than_two_by_options_is_a_usage_error():
    result = CliRunner().invoke(app, ["budget", str(GIA_LAI), "--by-source", "--by-year", "--by-group"])
    assert result.exit_code == 2
    assert "at most two" in result.output


def test_year_outside_the_plan_period_is_a_usage_error():
    result = CliRunner().invoke(app, ["rollout", str(GIA_LAI), "--year", "2030"])
    assert result.exit_code == 2
    assert "2023-2026" in result.output


def test_budget_without_plan_argument_uses_the_project_default(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["budget", "--by-source", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "ntp-dtts,CTMTQG DTTS-MN,Dự án 7,6510" in result.output  # machines: the id, its label beside
