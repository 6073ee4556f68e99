"""Issue 20, "Seen: outside facts": each fact corrected with its source, pinned by what a user sees.

The sources are cited where the facts are kept: reference/bodies.py, reference/programmes.py, reference/history.py,
scripts/build_registry.py (the namesake wards) and the plans' `from:` fields.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from test_rules import BASE, PROV, edit

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"


def messages(run, code: str) -> list[str]:
    return [f["message"] for f in run.findings(code)]


# --- Gia Lai's plan number --------------------------------------------------------------------------------------

def test_gia_lai_plan_carries_the_registers_number_2454_of_13_september_2023():
    plan = yaml.safe_load((PLANS / "gia-lai-2023-2026.yaml").read_text(encoding="utf-8"))["plan"]
    assert plan["number"] == "2454/KH-UBND" and plan["date"] == dt.date(2023, 9, 13)
    assert "register" in plan["from"] and "245/KH-UBND" in plan["from"]  # the newspaper's reading, said why not


# --- the place registry: namesake wards, Roman numerals ------------------------------------------------------------

def test_same_named_wards_of_two_cities_keep_their_own_successors():
    from ecdplan.reference.places import registry

    reg = registry()
    (tay_ninh,) = reg.find("Phường 4", "Tây Ninh", "thành phố Tây Ninh")
    (tan_an,) = reg.find("Phường 4", "Long An", "thành phố Tân An")
    assert [p.name for p in reg.after(tay_ninh)] == ["Tân Ninh"]
    assert [p.name for p in reg.after(tan_an)] == ["Long An"]
    city = [p for p in reg.find("thành phố Tây Ninh", "Tây Ninh", levels={"district"})]
    assert sorted(p.name for p in reg.after(city[0])) == ["Bình Minh", "Ninh Thạnh", "Tân Ninh"]


def test_the_old_city_of_tay_ninh_is_not_sent_to_phuong_long_an(validate_json):
    run = validate_json((PLANS / "tay-ninh-2025.yaml").read_text(encoding="utf-8"), name="tay-ninh-2025.yaml")
    (city,) = [m for m in messages(run, "A002") if "thành phố Tây Ninh" in m]
    assert "Long An" not in city and "Tân Ninh" in city


def test_wards_written_in_roman_numerals_are_found():
    from ecdplan.reference.places import registry

    reg = registry()
    assert [p.label for p in reg.find("Phường IV", "Tây Ninh", "thành phố Tây Ninh")] == \
        [p.label for p in reg.find("Phường 4", "Tây Ninh", "thành phố Tây Ninh")] != []
    assert [p.name for p in reg.find("Quận X")] == ["Quận 10"]
    assert reg.find("xã Vi") == []  # only a ward's or an urban district's number is read as a numeral


# --- bodies after 2025 ------------------------------------------------------------------------------------------

DISTRICT = edit("  issuer: UBND xã Thử\n  level: commune\n  area: {name: xã Thử, communes: 10}\n",
                "  issuer: UBND thành phố Tây Ninh\n  level: city\n  area: {name: thành phố Tây Ninh, communes: 10}\n")


def responsibility(body: str, text: str = BASE) -> str:
    return text + f"responsibilities:\n  - body: {body}\n"


def test_district_health_centre_passed_to_so_y_te_not_abolished(validate_json):
    for text in (responsibility("Trung tâm Y tế Thành phố", DISTRICT), responsibility("Trung tâm Y tế huyện Chi Lăng")):
        (message,) = messages(validate_json(text), "O001")
        assert "passed on 01/07/2025 to Sở Y tế" in message and "abolished" not in message


def test_district_labour_office_was_reorganised_on_1_march_2025_under_decree_45(validate_json):
    (message,) = messages(validate_json(responsibility("Phòng Lao động - Thương binh và Xã hội huyện")), "O001")
    assert "merged on 01/03/2025" in message and "Nghị định 45/2025/NĐ-CP" in message
    assert "Phòng Nội vụ" in message


def test_a_report_to_the_labour_ministry_in_2025_names_the_ministry_of_health(validate_json):
    text = edit("    due: 2026-12-05", "    due: 2025-06-30\n    to: Bộ Lao động - Thương binh và Xã hội")
    (message,) = messages(validate_json(text), "O001")
    assert "Bộ Y tế (children's affairs" in message and "Nghị định 42/2025/NĐ-CP" in message


# --- programmes after 2025 ----------------------------------------------------------------------------------------

def programme_plan(group: str, line: str) -> str:
    text = edit("    kind: ntp\n    valid: {start: 2021, end: 2026}\n",
                "    kind: ntp\n    programme: gnbv\n    valid: {start: 2021, end: 2025}\n")
    return edit("Câu lạc bộ dinh dưỡng", line, edit("name: Y tế", f"name: {group}", text))


def test_a_health_or_nutrition_line_beyond_2025_names_the_health_programme_2026_2035(validate_json):
    (message,) = messages(validate_json(programme_plan("Y tế", "Câu lạc bộ dinh dưỡng")), "F002")
    assert "NQ 257/2025/QH15 (11/12/2025)" in message
    assert "the health programme 2026-2035 (NQ 262/2025/QH15 (11/12/2025))" in message


def test_a_preschool_line_beyond_2025_names_the_education_programme_2026_2035(validate_json):
    (message,) = messages(validate_json(programme_plan("Giáo dục và đào tạo", "Thư viện thân thiện mầm non")), "F002")
    assert "the education programme 2026-2035 (NQ 249/2025/QH15" in message


def test_a_line_of_neither_topic_names_only_the_merged_programme(validate_json):
    (message,) = messages(validate_json(programme_plan("Bảo vệ trẻ em", "Hệ thống bảo vệ trẻ em")), "F002")
    assert "merged programme 2026-2035 (NQ 257/2025/QH15 (11/12/2025))" in message
    assert "health programme" not in message and "education programme" not in message


# --- names and documents replaced before 2025 --------------------------------------------------------------------

def test_a_district_renamed_in_2020_says_what_it_became_and_when(validate_json):
    text = edit("  area: {name: xã Thử, communes: 10}\n",
                "  area: {name: tỉnh Thanh Hóa, province: Thanh Hóa, named_districts: [Tĩnh Gia]}\n")
    run = validate_json(text)
    (message,) = messages(run, "A005")
    assert "huyện Tĩnh Gia became thị xã Nghi Sơn on 01/06/2020" in message and "NQ 933/NQ-UBTVQH14" in message
    assert not messages(run, "A003")  # not "unknown, did you mean"
    assert any("thị xã Nghi Sơn" in m for m in messages(run, "A002"))  # which itself ended on 1/7/2025


def test_d003_names_the_document_that_replaced_the_one_cited(validate_json):
    text = edit("  unit: million VND\n", "  unit: million VND\n  basis:\n    - {number: 582/QĐ-TTg, title: Phê duyệt "
                "danh sách thôn đặc biệt khó khăn giai đoạn 2016-2020}\n")
    (message,) = messages(validate_json(text), "D003")
    assert message.endswith("it was replaced by 861/QĐ-TTg of 04/06/2021 (Thủ tướng Chính phủ)")


# --- deadlines and commune counts -----------------------------------------------------------------------------------

def test_a_report_due_before_the_5th_is_due_on_the_4th():
    from ecdplan.core.deadlines import deadlines
    from ecdplan.formats.plan import Plan

    data = yaml.safe_load(edit("    due: 2026-12-05", "    yearly: '12-05'\n    notes: trước ngày 05/12 hàng năm"))
    dates = [d.date for d in deadlines(Plan.model_validate(data))]
    assert dates == [dt.date(y, 12, 4) for y in range(2023, 2027)]
    data = yaml.safe_load(edit("    due: 2026-12-05", "    due: 2026-12-05\n    notes: chậm nhất ngày 05/12"))
    assert [d.date for d in deadlines(Plan.model_validate(data))] == [dt.date(2026, 12, 5)]


def test_a_pre_merger_provinces_communes_are_compared_with_its_own_new_units(validate_json):
    text = edit("  area: {name: tỉnh Lạng Sơn, province: Lạng Sơn, communes: 300}\n",
                "  area: {name: tỉnh Gia Lai, province: Gia Lai, communes: 220}\n",
                edit("  level: commune\n", "  level: province\n", edit("communes: 4\n", "communes: 100\n", PROV)))
    (message,) = messages(validate_json(text), "A004")
    assert "the communes of the former tỉnh Gia Lai became 77 communes and wards on 1/7/2025" in message
    assert "has 135" in message  # the merged province's count, said as what it is


# --- the bundled plans completed from their seeds ------------------------------------------------------------------

def test_gia_lai_plan_holds_the_seeds_review_its_report_to_ubnd_tinh_and_the_boards_meetings():
    from ecdplan.formats.plan import Plan

    plan = Plan.model_validate(yaml.safe_load((PLANS / "gia-lai-2023-2026.yaml").read_text(encoding="utf-8")))
    to_province = [(d.every, d.notes) for d in plan.reporting if d.by == "Sở Kế hoạch và Đầu tư"
                   and d.to == "Ủy ban nhân dân tỉnh"]
    assert [every for every, _ in to_province] == ["half-year", "year"]
    assert all("V.1" in notes for _, notes in to_province)  # where in the seed it comes from
    meetings = {d.every: d.by for d in plan.reporting if d.report.startswith("Họp")}
    assert meetings == {"month": "Ban Bảo vệ trẻ em cấp xã",
                        "quarter": "Ban Bảo vệ Chăm sóc trẻ em cấp tỉnh và cấp huyện"}
    (planning,) = [r for r in plan.responsibilities if r.body == "Sở Kế hoạch và Đầu tư"]
    assert any(task.startswith("Định kỳ tổng hợp, đánh giá kết quả triển khai dự án") for task in planning.tasks)
    assert plan.total == 42900  # the seed's figures unchanged
