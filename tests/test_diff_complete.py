"""`diff` covers what a plan says beyond money: milestones, deadlines, responsibilities and documents.

Five of the six bundled plans have no money (Bằng Mạc, Chi Lăng, Lạng Sơn, Tây Ninh, Thanh Hóa): a change in one
of them must still show. Each test edits one value of a copy of a bundled plan and diffs it with the original.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "plans").glob("*.yaml"))
LANG_SON = ROOT / "plans" / "lang-son-2019-2025.yaml"
TAY_NINH = ROOT / "plans" / "tay-ninh-2025.yaml"
BANG_MAC = ROOT / "plans" / "bang-mac-2024.yaml"
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"


def copied(plan: Path, tmp_path: Path) -> Path:
    """A copy of a bundled plan beside copies of the others (a parent plan is found as in plans/)."""
    for other in PLANS:
        shutil.copy(other, tmp_path / other.name)
    return tmp_path / plan.name


def edited(plan: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = plan.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    copy = copied(plan, tmp_path)
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def diff(old: Path, new: Path, *more: str) -> str:
    result = CliRunner().invoke(app, ["diff", str(old), str(new), *more], env={"COLUMNS": None})
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(old: Path, new: Path) -> list[dict]:
    return json.loads(diff(old, new, "--format", "json"))["rows"]


def test_a_changed_milestone_shows_its_old_and_new_target(tmp_path):
    copy = edited(LANG_SON, tmp_path, "milestones: {2020: 40, 2025: 85}", "milestones: {2020: 40, 2025: 80}")
    got = rows(LANG_SON, copy)
    assert [(r["aspect"], r["old"], r["new"], r["change"]) for r in got if r["aspect"] == "Milestone"] == [
        ("Milestone", 85, 80, -5)]
    assert got[0]["key"].startswith("Các huyện, thành phố xây dựng") and got[0]["key"].endswith(" 2025")
    vi = diff(LANG_SON, copy, "--lang", "vi")
    assert "Mốc chỉ tiêu" in vi and "-5" in vi.split()


def test_a_changed_deadline_shows_both_dates(tmp_path):
    copy = edited(TAY_NINH, tmp_path, "due: 2025-11-05", "due: 2025-11-10")
    got = [r for r in rows(TAY_NINH, copy) if r["aspect"] == "Reporting deadline"]
    assert [(r["key"], r["old"], r["new"]) for r in got] == [
        ("Báo cáo năm kết quả thực hiện Đề án: due date", "2025-11-05", "2025-11-10")]
    vi = diff(TAY_NINH, copy, "--lang", "vi")
    assert "05/11/2025" in vi and "10/11/2025" in vi and "2025-11-05" not in vi


def test_a_changed_yearly_deadline_shows_the_day_it_moved_to(tmp_path):
    copy = edited(LANG_SON, tmp_path, 'yearly: "12-05"', 'yearly: "11-30"')
    got = [r for r in rows(LANG_SON, copy) if r["aspect"] == "Reporting deadline"]
    assert [(r["old"], r["new"]) for r in got] == [("05/12", "30/11")]


def test_a_changed_lead_body_shows_on_its_line(tmp_path):
    copy = edited(GIA_LAI, tmp_path, "lead: Sở Giáo dục và Đào tạo", "lead: Sở Văn hóa, Thể thao và Du lịch")
    got = [r for r in rows(GIA_LAI, copy) if r["aspect"] == "Responsibility"]
    assert len(got) == 1
    assert got[0]["key"].endswith(": lead body")
    assert (got[0]["old"], got[0]["new"]) == ("Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch")
    assert not any(r["aspect"].startswith("Cost") or r["aspect"] == "Total cost" for r in rows(GIA_LAI, copy))


def test_a_changed_lead_body_shows_in_a_plan_without_money(tmp_path):
    copy = edited(LANG_SON, tmp_path, "lead: Sở Lao động - Thương binh và Xã hội", "lead: Sở Y tế")
    got = [r for r in rows(LANG_SON, copy) if r["aspect"] == "Responsibility"]
    assert [(r["old"], r["new"]) for r in got] == [("Sở Lao động - Thương binh và Xã hội", "Sở Y tế")]


def test_a_corrected_document_number_is_one_document_with_a_changed_number(tmp_path):
    copy = edited(BANG_MAC, tmp_path, "number: 102/KH-UBND", "number: 103/KH-UBND")
    got = [r for r in rows(BANG_MAC, copy) if r["aspect"] == "Document"]
    assert [(r["old"], r["new"]) for r in got] == [("102/KH-UBND", "103/KH-UBND")]


def test_the_plans_own_number_and_date_show(tmp_path):
    copy = edited(TAY_NINH, tmp_path, "date: 2025-02-28", "date: 2025-03-03")
    got = [r for r in rows(TAY_NINH, copy) if r["aspect"] == "The plan"]
    assert [(r["key"], r["old"], r["new"]) for r in got] == [("the plan: date issued", "2025-02-28", "2025-03-03")]


def test_a_cited_document_added_to_the_basis_shows(tmp_path):
    copy = edited(TAY_NINH, tmp_path, "  parent:\n", "  basis:\n    - number: 1437/QĐ-TTg\n      date: 2018-10-29\n"
                  "      issuer: Thủ tướng Chính phủ\n  parent:\n")
    got = [(r["key"], r["old"], r["new"]) for r in rows(TAY_NINH, copy) if r["aspect"] == "Document"]
    assert got == [("basis 1437/QĐ-TTg: number", None, "1437/QĐ-TTg"),
                   ("basis 1437/QĐ-TTg: date issued", None, "2018-10-29"),
                   ("basis 1437/QĐ-TTg: issuer", None, "Thủ tướng Chính phủ")]


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_identical_plans_show_no_difference(plan, tmp_path):
    copy = copied(plan, tmp_path)
    assert rows(plan, copy) == []
    out = diff(plan, copy)
    assert "No changes in money, coverage, targets, deadlines, responsibilities, documents or findings." in out


def test_all_lists_the_unchanged_milestones_deadlines_and_documents_too(tmp_path):
    copy = copied(LANG_SON, tmp_path)
    result = CliRunner().invoke(app, ["diff", str(LANG_SON), str(copy), "--all", "--format", "json"])
    aspects = {r["aspect"] for r in json.loads(result.stdout)["rows"]}
    assert {"Milestone", "Reporting deadline", "Responsibility", "The plan", "Document"} <= aspects
