"""Targets, agencies, the reporting calendar and rollups on the seed plans (issue 4's figures)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app
from ecdplan.pipeline import compile_file

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
LANG_SON = str(PLANS / "lang-son-2019-2025.yaml")
BANG_MAC = str(PLANS / "bang-mac-2024.yaml")
TAY_NINH = str(PLANS / "tay-ninh-2025.yaml")
GIA_LAI = str(PLANS / "gia-lai-2023-2026.yaml")


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_all_five_seed_plans_validate_together_without_errors():
    files = sorted(str(p) for p in PLANS.glob("*.yaml"))
    assert len(files) == 6  # five seeds and the Chi Lăng stub Bằng Mạc cites as its parent
    out = run("validate", *files)
    assert "0 error(s)" in out


def test_targets_on_lang_son_interpolate_70_to_90_between_2020_and_2025():
    rows = json.loads(run("targets", LANG_SON, "--format", "json"))["rows"]
    access = [(r["year"], r["target"], r["basis"]) for r in rows if r["indicator"] == "access"]
    assert access == [(2020, 70, "milestone"), (2021, 74, "interpolated"), (2022, 78, "interpolated"),
                      (2023, 82, "interpolated"), (2024, 86, "interpolated"), (2025, 90, "milestone")]
    network = {r["year"]: r["target"] for r in rows if r["indicator"] == "referral-network"}
    assert network == {2020: 40, 2021: 49, 2022: 58, 2023: 67, 2024: 76, 2025: 85}


def test_targets_grid_marks_interpolated_years_with_a_star_never_parentheses_a_negative_reading():
    out = run("targets", LANG_SON)
    access = next(line for line in out.splitlines() if line.startswith("Trẻ em đến 8 tuổi"))  # the indicator's name
    assert access.split("%", 1)[1].split() == ["70", "74*", "78*", "82*", "86*", "90"]
    assert "(" not in out.split("\n\n")[1]  # no figure of the grid in parentheses
    assert "* interpolated between milestones." in out


def test_targets_for_one_year():
    rows = json.loads(run("targets", LANG_SON, "--year", "2023", "--format", "json"))["rows"]
    assert {r["indicator"]: r["target"] for r in rows} == {"access": 82, "trained": 82, "referral-network": 67}


def test_calendar_of_bang_mac_and_tay_ninh_lists_the_four_deadlines_in_date_order():
    out = run("calendar", BANG_MAC, TAY_NINH)
    dates = re.findall(r"^(\d\d/\d\d/\d{4})", out, flags=re.M)
    # "trước ngày 15/11/2024": due by the 14th (issue 20)
    assert dates == ["14/11/2024", "19/11/2024", "04/05/2025", "04/11/2025"]


def test_calendar_expands_a_yearly_deadline_over_the_period():
    rows = json.loads(run("calendar", LANG_SON, "--format", "json"))["rows"]
    yearly = [r["date"] for r in rows if r["recurs"] == "yearly"]
    assert yearly == [f"{y}-12-04" for y in range(2019, 2026)]  # "trước ngày 05/12 hàng năm"


def test_ics_file_parses_with_icalendar_one_event_per_dated_deadline(tmp_path):
    icalendar = pytest.importorskip("icalendar")
    target = tmp_path / "deadlines.ics"
    run("calendar", BANG_MAC, TAY_NINH, "--ics", str(target))
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert sorted(e.decoded("DTSTART") for e in events) == [
        dt.date(2024, 11, 14), dt.date(2024, 11, 19), dt.date(2025, 5, 4), dt.date(2025, 11, 4)]
    assert all(str(e["UID"]).endswith("@ecdplan") for e in events)
    assert len({str(e["UID"]) for e in events}) == 4
    assert any("Tổng hợp báo cáo" in str(e["SUMMARY"]) for e in events)
    assert b"\r\n" in target.read_bytes()
    assert all(len(line) <= 75 for line in target.read_bytes().split(b"\r\n"))


def test_ics_is_the_same_on_every_run(tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    run("calendar", TAY_NINH, "--ics", str(first))
    run("calendar", TAY_NINH, "--ics", str(second))
    assert first.read_bytes() == second.read_bytes()


def test_ics_refuses_to_write_over_an_input_plan(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(Path(TAY_NINH).read_text(encoding="utf-8"), encoding="utf-8")
    out = run("calendar", str(plan), "--ics", str(plan), code=2)
    assert "input plan" in out
    assert plan.read_text(encoding="utf-8") == Path(TAY_NINH).read_text(encoding="utf-8")


def test_agencies_matrix_shows_leads_and_cooperating_bodies():
    rows = json.loads(run("agencies", GIA_LAI, "--format", "json"))["rows"]
    health = next(r for r in rows if r["body"] == "Sở Y tế")
    assert [health[k] for k in ("imam", "nutrition-package", "newborn-care", "library", "nutrition-clubs")] == \
        ["LC", "LC", "LC", None, "LC"]  # leads each line; cooperates in its field (Tổ chức thực hiện 2)
    planning = next(r for r in rows if r["body"] == "Sở Kế hoạch và Đầu tư")
    assert planning["plan"] == "M"  # monitors the plan as a whole; the seed gives it no line


def test_agencies_of_tay_ninh_list_its_eight_responsible_bodies():
    rows = json.loads(run("agencies", TAY_NINH, "--format", "json"))["rows"]
    assert len(rows) == 8
    assert rows[0]["body"] == "Phòng Lao động - Thương binh và Xã hội Thành phố" and rows[0]["plan"] == "L"


def test_budget_of_a_plan_without_money_reports_unbudgeted_not_zero():
    out = run("budget", BANG_MAC)
    assert "unbudgeted" in out and "Unbudgeted (no cost in the plan, not zero)" in out
    doc = json.loads(run("budget", BANG_MAC, "--format", "json"))
    assert all(r["amount"] is None and r["status"] == "unbudgeted" for r in doc["rows"])
    assert re.search(r"\b0\b", out.split("Unbudgeted")[0].split("\n", 3)[3]) is None


def test_rollup_adds_plans_by_plan_and_year_keeping_unbudgeted_plans_blank():
    doc = json.loads(run("rollup", GIA_LAI, BANG_MAC, "--by", "plan", "--format", "json"))
    rows = {r["plan"]: r for r in doc["rows"]}
    assert rows["gia-lai-2023-2026"]["total"] == 42900
    assert rows["bang-mac-2024"]["total"] is None
    assert doc["totals"][0]["total"] == 42900
    assert doc["totals"][1]["total"] == 1270  # commune-years


def test_rollup_by_kind_adds_the_three_ntps():
    doc = json.loads(run("rollup", GIA_LAI, "--by", "kind", "--format", "json"))
    assert {r["kind"]: r["total"] for r in doc["rows"]} == {"ntp": 19530, "local-budget": 9360, "other": 14010}


def test_a_yearly_deadline_on_a_day_the_month_does_not_have_is_refused(tmp_path):
    text = Path(LANG_SON).read_text(encoding="utf-8").replace('yearly: "12-05"', 'yearly: "04-31"')
    assert '"04-31"' in text
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    out = run("validate", str(plan), code=1)
    assert "S001" in out and "month 4 has no day 31" in out


def test_rollout_communes_refuses_an_absurd_listing_instead_of_running_for_minutes(tmp_path):
    text = Path(GIA_LAI).read_text(encoding="utf-8").replace("communes: 15\n", "communes: 1000000\n")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    out = run("rollout", str(plan), "--communes", code=2)
    assert "2,000,000" in out or "rows, more than 1,000,000" in out


def test_targets_and_funding_of_plans_without_indicators_or_money_say_so():
    assert "This plan has no indicators." in run("targets", GIA_LAI)
    out = run("funding", BANG_MAC)
    names = [iv.name for iv in compile_file(BANG_MAC).plan.interventions]
    assert "Unbudgeted (no cost in the plan, not zero): " + "; ".join(names) + "." in " ".join(out.split())
