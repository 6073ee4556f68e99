"""`ecdplan import` and office files read directly: the round trip through `export xlsx` for every bundled plan, a
workbook made by hand in the seed's form, CSV, mapping files, and hostile files (X rules, each with a near miss)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO_ROOT
from ecdplan.cli.commands import app

openpyxl = pytest.importorskip("openpyxl")

PLANS = sorted((REPO_ROOT / "plans").glob("*.yaml"))
GIA_LAI = REPO_ROOT / "plans" / "gia-lai-2023-2026.yaml"


def run(*args, code: int | None = 0):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit)), \
        repr(result.exception)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def by_source(plan: Path) -> list[dict]:
    """`budget --by-source -f json` in đồng, each source by its name, sub-project and amount."""
    rows = json.loads(run("budget", plan, "--by-source", "-f", "json", "--unit", "vnd").stdout)
    return [{k: r[k] for k in ("source_name", "component", "amount")} for r in rows["rows"] + rows.get("totals", [])]


def by_line(plan: Path) -> list[tuple]:
    """Each line's name, cost and declared cost in đồng, how it is split over sources and spread over years."""
    rows = json.loads(run("budget", plan, "-f", "json", "--unit", "vnd").stdout)["rows"]
    return [(r.get("name"), r.get("amount"), r.get("declared"), r.get("split"), r.get("status")) for r in rows]


def plan_data(path: Path) -> dict:
    from ecdplan.source.loader import load_file

    return load_file(path).data


def outline(data: dict) -> dict:
    """What the round trip keeps: lines (name, group, communes per year), sources, groups (name, subtotal), total."""
    from ecdplan.pipeline import compile_file  # noqa: F401 (the plan is compiled by the caller)

    return {"sources": [s.get("short") or s["name"] for s in data.get("sources", [])],
            "groups": [(g["name"], g.get("total")) for g in data.get("groups", [])],
            "total": data.get("total")}


def communes(path: Path) -> list[tuple[str, dict]]:
    from ecdplan.pipeline import compile_file

    compiled = compile_file(path)
    counts = compiled.communes_by_line()
    groups = {g.id: g.name for g in compiled.plan.groups}
    return [(iv.name, groups.get(iv.group), dict(counts.get(iv.id, {}))) for iv in compiled.plan.interventions]


# -- the round trip ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_figures_lines_sources_groups_and_communes(plan, tmp_path):
    book = tmp_path / f"{plan.stem}.xlsx"
    run("export", "xlsx", plan, "-o", book)
    back = tmp_path / "imported.yaml"
    run("import", book, "-o", back)
    assert by_source(back) == by_source(plan)
    assert by_line(back) == by_line(plan)
    assert communes(back) == communes(plan)
    got, want = outline(plan_data(back)), outline(plan_data(plan))
    assert got["sources"] == want["sources"] and got["total"] == want["total"]
    used = {iv.get("group") for iv in plan_data(plan).get("interventions", [])}
    assert got["groups"] == [g for g in want["groups"] if any(g[0] == x["name"] for x in plan_data(plan)["groups"]
                                                               if x["id"] in used)]


def test_export_then_import_in_vietnamese_reads_the_vietnamese_headings(tmp_path):
    book = tmp_path / "gia-lai.xlsx"
    run("export", "xlsx", GIA_LAI, "-o", book, "--lang", "vi")
    back = tmp_path / "imported.yaml"
    run("import", book, "-o", back)
    assert by_source(back) == by_source(GIA_LAI)


def test_export_with_ticks_then_import_gives_the_same_figures_and_sub_projects(tmp_path):
    book = tmp_path / "gia-lai.xlsx"
    run("export", "xlsx", GIA_LAI, "-o", book, "--sources", "ticks")
    back = tmp_path / "imported.yaml"
    run("import", book, "-o", back)
    assert by_source(back) == by_source(GIA_LAI)


def test_a_stray_nul_in_a_yaml_plan_is_still_read_as_text_not_X001(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(GIA_LAI.read_bytes().replace(b"title: ", b"title: \x00", 1))
    codes = validate_codes(plan, code=None)
    assert "X001" not in codes and "L010" in codes


def test_a_cost_edited_in_the_exported_workbook_is_exactly_the_change_diff_shows(tmp_path):
    book = tmp_path / "gia-lai.xlsx"
    run("export", "xlsx", GIA_LAI, "-o", book)
    before = tmp_path / "before.yaml"
    run("import", book, "-o", before)
    wb = openpyxl.load_workbook(book)
    ws = wb["Appendix"]
    assert ws["B7"].value.startswith("Mô hình quản lý điều trị") and ws["H7"].value == "=SUM(I7:M7)"
    ws["H7"] = 9500  # IMAM: 9,300 -> 9,500; openpyxl keeps no formula's value: the SUMs are worked out
    wb.save(book)
    after = tmp_path / "after.yaml"
    result = run("import", book, "-o", after)
    def body(path: Path) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]

    changed = [line for line in zip(body(before), body(after)) if line[0] != line[1]]
    # the line's cost, and the subtotal and total formulas that follow it (worked out: openpyxl stores no values)
    assert changed == [("    total: 27900  # from Appendix!H6", "    total: 28100  # from Appendix!H6"),
                       ("      total: 9300  # from Appendix!H7", "      total: 9500  # from Appendix!H7"),
                       ("total: 42900  # from Appendix!H16", "total: 43100  # from Appendix!H16")]
    assert "SUM formula(s)" in result.output  # the subtotals and total (SUMs without values) were worked out: said
    from ecdplan.core.plandiff import diff_plans
    from ecdplan.pipeline import check_file

    old, new = check_file(before).compiled, check_file(after).compiled
    changes = diff_plans(old, new)
    lines = {c.key for c in changes if c.aspect == "intervention"}
    assert len(lines) == 1 and str(lines.pop()).startswith("Mô hình quản lý điều trị")
    assert {c.aspect for c in changes} <= {"total", "source", "year", "intervention"}
    assert not [c for c in changes if c.aspect in ("finding", "coverage")]
    shown = run("diff", before, after).stdout
    assert "9,300.0" in shown and "9,500.0" in shown and "Gói can thiệp" not in shown


# -- a workbook made by hand in the seed's form ----------------------------------------------------------------------

SEED_LINES = [  # STT, name, communes 2023-2026, where, cost (text, as Vietnamese write it), the five source cells
    ("I", "Y tế", None, None, "27.900", [None] * 5),
    (1, "Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)", [10, 10, 42, 42],
     "Giai đoạn 2023-2024: triển khai tại 10 xã đặc biệt khó khăn của huyện Kông Chro. Giai đoạn 2025-2026: triển "
     "khai tại 42 xã đặc biệt khó khăn trên địa bàn toàn tỉnh", "9.300",
     ["Dự án 7", "Tiểu dự án 2-Dự án 3", "Nội dung 2", "x", "x"]),
    (2, "Gói can thiệp dinh dưỡng cơ bản", [10, 10, 42, 42], None, "9.300",
     ["Dự án 7", "Tiểu dự án 2-Dự án 3", "Nội dung 2", None, "x"]),
    (3, "Mô hình chăm sóc thiết yếu cho bà mẹ và trẻ sơ sinh", [10, 10, 42, 42], None, "9.300",
     ["Dự án 7", "Tiểu dự án 2-Dự án 3", "Nội dung 2", None, "x"]),
    ("II", "Giáo dục và đào tạo", None, None, "7.600", [None] * 5),  # the wrong subtotal: the line is 7.500
    (1, "Mô hình Thư viện thân thiện dựa vào cộng đồng trong trường mầm non", [6, 6, 15, 15],
     "Giai đoạn 2023-2024: 6 xã mới của 03 huyện dự án. Giai đoạn 2025-2026: 15 xã", "7.500",
     [None, None, None, "x", "x"]),
    ("III", "Bảo vệ trẻ em", None, None, "4.860", [None] * 5),
    (1, "Mô hình hỗ trợ duy trì vận hành hệ thống bảo vệ trẻ em dựa vào cộng đồng", [220] * 4,
     "Giai đoạn 2023-2026; triển khai tại 220 xã trên địa bàn toàn tỉnh.", "4.860", [None, None, None, "x", "x"]),
    ("IV", "Y tế", None, None, "2.640", [None] * 5),
    (1, "Câu lạc bộ dinh dưỡng", [9] * 4, "Giai đoạn 2023-2026; triển khai tại 9 xã dự án.", 2640,
     [None, None, None, "x", "x"]),
]


def seed_workbook(path: Path, lines=SEED_LINES, total="42.900") -> Path:
    """The seed 000 appendix as an office would type it: a title, the cited plan, a heading merged over three rows,
    sub-projects and "x" in the source columns, numbers as Vietnamese text, 'Tổng cộng' and 'Bằng chữ'."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws["A1"] = "PHỤ LỤC"
    ws["A2"] = ("KẾ HOẠCH DUY TRÌ VÀ NHÂN RỘNG CÁC CAN THIỆP THIẾT YẾU CỦA DỰ ÁN PHÁT TRIỂN TRẺ THƠ TOÀN DIỆN CHO "
                "GIAI ĐOẠN 2023-2026")
    ws["A3"] = "(Kèm theo Kế hoạch số /KH-UBND ngày tháng 9 năm 2023 của UBND tỉnh Gia Lai)"
    for rng, text in [("A5:A7", "STT"), ("B5:B7", "Tên can thiệp thiết yếu lựa chọn bởi sở ngành"),
                      ("C5:F6", "Số xã tham gia duy trì theo năm"), ("G5:G7", "Thời gian và địa bàn triển khai thực hiện"),
                      ("H5:H7", "Ước tính kinh phí thực hiện (triệu đồng)"),
                      ("I5:M5", "Dự kiến nguồn chi tiết (không tính nguồn UNICEF)"),
                      ("I6:K6", "Chương trình mục tiêu quốc gia"), ("L6:L7", "NSĐP (**)"),
                      ("M6:M7", "Các nguồn kinh phí hợp pháp khác (XHH, lồng ghép các chương trình, dự án khác)"),
                      ("N5:N7", "Nhân lực triển khai"), ("O5:O7", "Ghi chú")]:
        ws.merge_cells(rng)
        ws[rng.split(":")[0]] = text
    for col, text in zip("CDEFIJK", ["2023", "2024", "2025", "2026 (*)", "CTMTQG DTTS-MN", "CTMTQG GNBV",
                                    "CTMTQG XD NTM"]):
        ws[f"{col}7"] = text
    row = 8
    for number, name, counts, where, cost, sources in lines:
        ws.cell(row, 1, number)
        ws.cell(row, 2, name)
        for k, n in enumerate(counts or []):
            ws.cell(row, 3 + k, n)
        if where:
            ws.cell(row, 7, where)
        ws.cell(row, 8, cost)
        for k, s in enumerate(sources):
            if s:
                ws.cell(row, 9 + k, s)
        row += 1
    ws.cell(row, 2, "Tổng cộng")
    ws.cell(row, 8, total)
    ws.cell(row + 1, 1, "Bằng chữ: Bốn mươi hai tỷ chín trăm triệu đồng")
    ws.cell(row + 3, 1, "Ghi chú: (*) Kinh phí ước tính theo dự toán giao giai đoạn 2021-2025")
    wb.save(path)
    return path


def test_a_workbook_typed_in_the_seed_form_imports_to_the_seed_figures(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    plan = tmp_path / "plan.yaml"
    result = run("import", book, "-o", plan)
    assert "'9.300' was read as the number 9300" in result.output  # X005: a text read as a number, said
    assert "Read by judgement, to confirm:" in result.output
    assert [r["amount"] for r in by_source(plan)] == [r["amount"] for r in by_source(GIA_LAI)]
    assert [r["source_name"] for r in by_source(plan)][:4] == ["CTMTQG DTTS-MN", "CTMTQG GNBV", "CTMTQG XD NTM",
                                                               "NSĐP"]
    assert [r["component"] for r in by_source(plan)][:3] == ["Dự án 7", "Tiểu dự án 2-Dự án 3", "Nội dung 2"]
    assert [c for _, _, c in communes(plan)] == [c for _, _, c in communes(GIA_LAI)]


def test_the_wrong_subtotal_of_a_hand_made_workbook_is_B001_at_its_cell(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    result = run("validate", book, "-f", "json", code=1)
    b001 = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "B001"]
    assert [(f["cell"], f["line"], f["col"], f["figures"]["declared"], f["figures"]["computed"]) for f in b001] == \
        [("Phụ lục!H12", 12, 8, "7600", "7500")]  # line and column: the cell's row and column, for CI annotations
    text = run("validate", book, code=1).stdout
    assert "phu-luc.xlsx:Phụ lục!H12: B001 [error]" in text
    imported = tmp_path / "plan.yaml"
    run("import", book, "-o", imported)
    text = run("validate", imported, code=1).stdout
    assert "[Phụ lục!H12]: B001 [error]" in text  # the imported plan's findings name the cell too


def test_the_same_workbook_imported_twice_gives_the_same_bytes(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    run("import", book, "-o", tmp_path / "a.yaml")
    run("import", book, "-o", tmp_path / "b.yaml")
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()


def test_dry_run_shows_the_plan_and_the_list_and_writes_nothing(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    result = run("import", book, "--dry-run", "-o", tmp_path / "plan.yaml")
    assert "format: \"ecdplan/1\"" in result.stdout and "# from Phụ lục!H9" in result.stdout
    assert "Read by judgement, to confirm:" in result.stdout  # in the plan's comments, and on stderr
    assert not (tmp_path / "plan.yaml").exists()


def test_every_command_reads_an_xlsx_plan_directly(tmp_path):
    book = tmp_path / "gia-lai.xlsx"
    run("export", "xlsx", GIA_LAI, "-o", book)
    assert by_source(book) == by_source(GIA_LAI)
    assert "Kông Chro" in run("rollout", book).stdout or run("rollout", book).exit_code == 0


# -- CSV and mapping files -----------------------------------------------------------------------------------------

CSV = """STT,Nội dung,2024,2025,Kinh phí (triệu đồng),NSĐP,Nguồn hợp pháp khác,Ghi chú
I,Y tế,,,"1.500",,,
1,Câu lạc bộ dinh dưỡng,5,10,1000,x,x,
2,Tư vấn dinh dưỡng,5,5,500,300,200,
,Tổng cộng,,,"1.500",,,
"""


def test_a_csv_table_with_a_header_row_imports(tmp_path):
    table = tmp_path / "ke-hoach-2024.csv"
    table.write_text(CSV, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    assert "X010" in run("import", table, "-o", plan, code=1).output  # no title or issuer in a CSV table
    data = plan_data(plan)
    assert data["plan"]["period"] == {"start": 2024, "end": 2025} and data["plan"]["unit"] == "million VND"
    assert [s["id"] for s in data["sources"]] == ["nsdp", "other"]
    lines = data["interventions"]
    assert lines[0]["sources"] == ["nsdp", "other"] and lines[0]["cost"]["total"] == 1000
    assert lines[1]["sources"] == [{"source": "nsdp", "amount": 300}, {"source": "other", "amount": 200}]
    assert data["groups"][0]["total"] == 1500 and data["total"] == 1500
    assert "# from E3" in plan.read_text(encoding="utf-8")


def test_money_by_year_columns_are_the_line_s_cost_by_year_not_communes(tmp_path):
    table = tmp_path / "ke-hoach.csv"
    table.write_text("STT;Nội dung;Kinh phí theo năm (triệu đồng);;Tổng kinh phí (triệu đồng)\n"
                     ";;Năm 2024;Năm 2025;\n1;Truyền thông;100;150;250\n", encoding="utf-8")
    run("import", table, "-o", tmp_path / "plan.yaml", code=1)  # X010: no title or issuer
    line = plan_data(tmp_path / "plan.yaml")["interventions"][0]
    assert line["cost"] == {"total": 250, "by_year": {2024: 100, 2025: 150}} and "rollout" not in line


def test_validate_reads_a_csv_table_instead_of_a_yaml_syntax_error(tmp_path):
    table = tmp_path / "ke-hoach-2024.csv"
    table.write_text(CSV, encoding="utf-8")
    result = run("validate", table, code=None)
    assert "L002" not in result.stdout and "YAML syntax" not in result.stdout
    assert "X009" in result.stdout and "X010" in result.stdout  # the plan's title and issuer: in a mapping file


def test_validate_reads_an_xlsx_plan_instead_of_saying_it_is_not_utf8(tmp_path):
    book = tmp_path / "gia-lai.xlsx"
    run("export", "xlsx", GIA_LAI, "-o", book)
    result = run("validate", book, code=0)
    assert "UTF-8" not in result.stdout and "L001" not in result.stdout


def test_a_mapping_file_describes_a_layout_the_importer_does_not_know(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bảng 1"
    ws.append(["Mã", "Hạng mục", "Xã 2025", "Tiền", "Quỹ A"])  # no heading the importer knows
    ws.append(["1", "Truyền thông", 4, 120, 120])
    wb.save(tmp_path / "bang.xlsx")
    result = run("import", tmp_path / "bang.xlsx", "--dry-run", code=2)
    assert "X002" in result.output
    (tmp_path / "bang.mapping.yaml").write_text(
        "format: ecdplan-import/1\nsheet: Bảng 1\nheader_rows: [1, 1]\ncolumns:\n  A: number\n  B: name\n"
        "  C: {communes: 2025}\n  D: cost\n  E: {source: quy-a, name: Quỹ A, kind: donor}\n"
        "plan:\n  id: bang-2025\n  title: Kế hoạch truyền thông năm 2025\n  issuer: UBND xã Bằng Mạc\n  level: commune\n  area: {name: xã Bằng Mạc}\n"
        "  unit: million VND\n", encoding="utf-8")
    result = run("import", tmp_path / "bang.xlsx", "--mapping", tmp_path / "bang.mapping.yaml", "-o",
                 tmp_path / "plan.yaml")
    data = plan_data(tmp_path / "plan.yaml")
    assert data["plan"]["id"] == "bang-2025" and data["sources"] == [{"id": "quy-a", "name": "Quỹ A", "kind": "donor"}]
    assert data["interventions"][0]["sources"] == [{"source": "quy-a", "amount": 120}]
    run("validate", tmp_path / "bang.xlsx", code=0)  # beside the workbook, the mapping is used directly too


# -- hostile files, and each X rule with a near miss ------------------------------------------------------------------

def validate_codes(path: Path, code: int | None = None) -> set[str]:
    result = run("validate", path, "-f", "json", code=code)
    return {f["code"] for f in json.loads(result.stdout)["findings"]}


def test_a_pdf_is_X001_saying_what_ecdplan_reads(tmp_path):
    pdf = tmp_path / "ke-hoach.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    result = run("validate", pdf, code=2)
    assert "X001" in result.stdout and "PDF" in result.stdout and ".xlsx" in result.stdout
    assert "Traceback" not in result.output


def test_an_xlsx_that_is_not_a_zip_is_X001(tmp_path):
    fake = tmp_path / "phu-luc.xlsx"
    fake.write_text("STT;Nội dung\n", encoding="utf-8")
    assert "X001" in run("validate", fake, code=2).stdout


def test_a_zip_bomb_named_xlsx_is_X001(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 120_000_000)
    result = run("validate", bomb, code=2)
    assert "X001" in result.stdout and "zip bomb" in result.stdout


def test_an_unknown_binary_is_X001(tmp_path):
    blob = tmp_path / "plan.bin"
    blob.write_bytes(bytes(range(256)) * 4)
    assert "X001" in run("validate", blob, code=2).stdout


def test_an_exported_workbook_is_not_X001_or_X002(tmp_path):
    book = tmp_path / "gia-lai.xlsx"
    run("export", "xlsx", GIA_LAI, "-o", book)
    assert not validate_codes(book) & {"X001", "X002", "X003", "X004", "X006", "X007", "X008"}


def test_an_empty_workbook_is_X002(tmp_path):
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    result = run("validate", tmp_path / "empty.xlsx", code=2)
    assert "X002" in result.stdout and "empty" in result.stdout


def test_a_workbook_without_a_heading_is_X002(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Danh sách", "xã"])
    wb.active.append(["Bằng Mạc", 1])
    wb.save(tmp_path / "list.xlsx")
    assert "X002" in validate_codes(tmp_path / "list.xlsx", code=2)


def test_a_huge_sheet_is_X003(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "STT"
    wb.active["A25000"] = 1
    wb.save(tmp_path / "huge.xlsx")
    result = run("validate", tmp_path / "huge.xlsx", code=2)
    assert "X003" in result.stdout and "25,000 rows" in result.stdout


def test_a_sheet_within_the_limits_is_not_X003(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    assert "X003" not in validate_codes(book, code=1)


def test_a_formula_without_a_value_that_is_no_sum_is_X004(tmp_path):
    lines = [list(x) for x in SEED_LINES]
    lines[9][4] = "=ROUND(2640,0)"  # written by openpyxl: no value stored
    book = seed_workbook(tmp_path / "phu-luc.xlsx", [tuple(x) for x in lines])
    result = run("validate", book, code=1)
    assert "Phụ lục!H17: X004 [error]" in result.stdout and "=ROUND(2640,0)" in result.stdout


def test_a_sum_without_a_value_is_worked_out_and_is_not_X004(tmp_path):
    lines = [list(x) for x in SEED_LINES]
    lines[9][4] = "=SUM(2640)" if False else "=SUM(I17:M17)"
    lines[9][5] = [None, None, None, 1320, 1320]
    book = seed_workbook(tmp_path / "phu-luc.xlsx", [tuple(x) for x in lines])
    codes = validate_codes(book, code=1)
    assert "X004" not in codes and codes >= {"B001"}


def test_text_read_as_a_number_is_X005(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    assert "X005" in validate_codes(book, code=1)


def test_numbers_stored_as_numbers_are_not_X005(tmp_path):
    lines = [(n, name, c, w, int(cost.replace(".", "")) if isinstance(cost, str) else cost, s)
             for n, name, c, w, cost, s in SEED_LINES]
    book = seed_workbook(tmp_path / "phu-luc.xlsx", lines, total=42900)
    assert "X005" not in validate_codes(book, code=1)


def test_a_date_in_a_number_cell_is_X006(tmp_path):
    import datetime

    lines = [list(x) for x in SEED_LINES]
    lines[9][4] = datetime.datetime(2024, 2, 6)
    book = seed_workbook(tmp_path / "phu-luc.xlsx", [tuple(x) for x in lines])
    result = run("validate", book, code=1)
    assert "Phụ lục!H17: X006 [error]" in result.stdout and "date" in result.stdout


def test_a_number_in_a_number_cell_is_not_X006(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    assert "X006" not in validate_codes(book, code=1)


def test_a_cost_merged_over_two_lines_is_X007(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["Phụ lục"].merge_cells("H10:H11")
    wb.save(book)
    result = run("validate", book, code=1)
    assert "Phụ lục!H10: X007 [error]" in result.stdout


def test_a_where_text_merged_over_lines_is_not_X007(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["Phụ lục"].merge_cells("G9:G11")
    wb.save(book)
    assert "X007" not in validate_codes(book, code=1)


def test_a_total_label_merged_over_the_number_and_name_columns_is_the_total_not_X008(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["Phụ lục"]
    ws["A18"], ws["B18"] = "Tổng cộng", None
    ws.merge_cells("A18:G18")
    wb.save(book)
    result = run("validate", book, "-f", "json", code=1)
    found = json.loads(result.stdout)["findings"]
    assert "X008" not in {f["code"] for f in found}
    assert not [f for f in found if f["code"] == "B002"]  # the total, 42.900, read and equal to the lines


def test_a_row_neither_group_line_nor_total_is_X008(tmp_path):
    lines = list(SEED_LINES)
    lines.insert(4, (None, "Nội dung bổ sung (chưa đánh số)", None, None, None, [None] * 5))
    book = seed_workbook(tmp_path / "phu-luc.xlsx", lines)
    assert "X008" in validate_codes(book, code=1)


def test_a_subtotal_row_cong_is_not_X008(tmp_path):
    lines = list(SEED_LINES)
    lines.insert(4, (None, "Cộng", None, None, "27.900", [None] * 5))
    book = seed_workbook(tmp_path / "phu-luc.xlsx", lines)
    assert "X008" not in validate_codes(book, code=1)


def test_a_table_without_title_or_issuer_is_X010(tmp_path):
    table = tmp_path / "ke-hoach-2024.csv"
    table.write_text(CSV, encoding="utf-8")
    assert "X010" in validate_codes(table, code=1)


def test_a_table_whose_plan_facts_a_mapping_gives_is_not_X010(tmp_path):
    table = tmp_path / "ke-hoach-2024.csv"
    table.write_text(CSV, encoding="utf-8")
    (tmp_path / "ke-hoach-2024.mapping.yaml").write_text(
        "format: ecdplan-import/1\nplan:\n  title: Kế hoạch dinh dưỡng 2024-2025\n  issuer: UBND xã Bằng Mạc\n"
        "  level: commune\n  area: {name: xã Bằng Mạc}\n", encoding="utf-8")
    assert "X010" not in validate_codes(table)


def test_a_table_read_by_judgement_is_X009(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    assert "X009" in validate_codes(book, code=1)


def test_a_plan_imported_to_yaml_is_not_X009(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    run("import", book, "-o", tmp_path / "plan.yaml")
    assert "X009" not in validate_codes(tmp_path / "plan.yaml", code=1)


def test_openpyxl_is_imported_only_when_a_workbook_is_read():
    import subprocess
    import sys

    code = ("import sys; from ecdplan.pipeline import check_file; check_file(sys.argv[1]); "
            "print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(GIA_LAI)], capture_output=True, text=True, cwd=REPO_ROOT)
    assert out.stdout.strip() == "False", out.stderr


def test_a_mapping_file_with_an_unknown_key_is_refused_with_what_it_may_hold(tmp_path):
    book = seed_workbook(tmp_path / "phu-luc.xlsx")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("format: ecdplan-import/1\nsheets: Phụ lục\n", encoding="utf-8")
    result = run("import", book, "--mapping", mapping, "--dry-run", code=2)
    assert "unknown key(s) sheets" in result.output and "sheet, header_rows, columns and plan" in result.output


def test_import_of_a_yaml_plan_says_it_needs_none(tmp_path):
    result = run("import", GIA_LAI, "--dry-run", code=2)
    assert "needs no import" in result.output


def test_an_old_xls_or_password_protected_workbook_is_X001_saying_to_save_as_xlsx(tmp_path):
    old = tmp_path / "phu-luc.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = run("validate", old, code=2)
    assert "X001" in result.stdout and "password" in result.stdout and ".xlsx" in result.stdout


def test_a_stored_sum_with_floating_point_noise_is_the_figure_excel_shows(tmp_path):
    lines = [list(x) for x in SEED_LINES]
    lines[0][4] = 27900.000000000004  # a sum's double as Excel may store it; Excel shows 27900 (15 digits)
    book = seed_workbook(tmp_path / "phu-luc.xlsx", [tuple(x) for x in lines])
    result = run("validate", book, "-f", "json", code=1)
    assert [f["cell"] for f in json.loads(result.stdout)["findings"] if f["code"].startswith("B")] == ["Phụ lục!H12"]


def test_places_migrate_of_a_workbook_says_to_import_it_first_not_an_internal_error(tmp_path):
    book = tmp_path / "gia-lai.xlsx"
    run("export", "xlsx", GIA_LAI, "-o", book)
    result = run("places", "--migrate", book, code=2)
    assert "import it to YAML first" in result.output and "internal error" not in result.output


def test_a_csv_field_longer_than_the_csv_module_reads_is_X001_not_an_internal_error(tmp_path):
    table = tmp_path / "bang.csv"
    table.write_text(CSV.replace("Y tế", "Y tế " + "x" * 200_000), encoding="utf-8")
    result = run("validate", table, code=2)
    assert "X001" in result.stdout and "row 2" in result.stdout


def test_a_nul_byte_in_a_csv_table_is_L010_at_its_cell(tmp_path):
    table = tmp_path / "bang.csv"
    table.write_bytes(CSV.encode("utf-8").replace(b"Y t", b"Y\x00t"))
    result = run("validate", table, code=1)
    assert "bang.csv:B2: L010 [error]" in result.stdout


def test_a_sum_that_adds_itself_up_is_X004_not_a_hang(tmp_path):
    lines = [list(x) for x in SEED_LINES]
    lines[9][4] = "=SUM(H17,H18)"  # H18, the total, is text; H17 is itself
    book = seed_workbook(tmp_path / "phu-luc.xlsx", [tuple(x) for x in lines])
    result = run("validate", book, code=1)
    assert "Phụ lục!H17: X004 [error]" in result.stdout
