"""A workbook an officer can edit: totals are formulas that recalculate, stored with their values; assumed
figures are set apart; the seed's tick form; hostile text stays inert text."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
IMAM = "Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)"


def export(tmp_path: Path, *args, plan: Path = GIA_LAI, name: str = "appendix.xlsx") -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(app, ["export", "xlsx", str(plan), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def find(ws, predicate):
    return next(c for row in ws.iter_rows() for c in row if predicate(c.value))


def row_of(ws, text: str) -> int:
    return find(ws, lambda v: v == text).row


def test_subtotals_and_totals_are_formulas_stored_with_their_values(tmp_path):
    out = export(tmp_path, "--lang", "vi")
    formulas = openpyxl.load_workbook(out)["Phụ lục"]
    values = openpyxl.load_workbook(out, data_only=True)["Phụ lục"]
    header = [c.value for c in formulas[4]]
    cost = header.index("Ước tính kinh phí thực hiện (triệu đồng)") + 1
    total, group_i, imam = row_of(formulas, "Tổng cộng"), row_of(formulas, "Y tế"), row_of(formulas, IMAM)
    assert formulas.cell(total, cost).value.startswith("=SUM(")
    assert formulas.cell(group_i, cost).value == f"=SUM(H{imam}:H{imam + 2})"
    assert formulas.cell(imam, cost).value == f"=SUM(I{imam}:M{imam})"  # a line's cost: the sum of its sources
    # a program that does not calculate reads the stored values: the plan's figures
    assert values.cell(total, cost).value == 42900 and values.cell(group_i, cost).value == 27900
    assert [values.cell(total, cost + 1 + j).value for j in range(5)] == [6510, 6510, 6510, 9360, 14010]
    sheet = openpyxl.load_workbook(out)["Nguồn vốn × năm"]
    last = max(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Tổng cộng")
    assert sheet.cell(last, 3).value == f"=SUM(C5:C{last - 1})"  # below the title, the status and the headings
    assert sheet.cell(5, 7).value == "=SUM(C5:F5)"


def test_assumed_figures_are_styled_apart_with_a_legend(tmp_path):
    out = export(tmp_path, "--lang", "vi")
    ws = openpyxl.load_workbook(out)["Phụ lục"]
    imam = row_of(ws, IMAM)
    source_cell = ws.cell(imam, 9)  # the equal split over sources: an assumption
    assert source_cell.font.i and source_cell.fill.fgColor.rgb.endswith("E7E6E6")
    assert not ws.cell(imam, 3).font.i  # communes per year are the plan's own
    legend = find(ws, lambda v: isinstance(v, str) and v.startswith("Số liệu giả định"))
    assert ws.cell(legend.row, 1).fill.fgColor.rgb.endswith("E7E6E6")
    years = openpyxl.load_workbook(out)["Nguồn vốn × năm"]
    assert years.cell(5, 3).font.i  # spread over years in proportion to commune-years, and split equally
    assert any(isinstance(c.value, str) and c.value.startswith("Số liệu giả định") for row in years.iter_rows()
               for c in row)


def test_sources_as_ticks_reproduce_the_seed_form(tmp_path):
    out = export(tmp_path, "--lang", "vi", "--sources", "ticks")
    ws = openpyxl.load_workbook(out, data_only=True)["Phụ lục"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    imam = next(r for r in rows if r[1] == IMAM)
    assert imam[8:13] == ["Dự án 7", "Tiểu dự án 2 - Dự án 3", "Nội dung 2", "x", "x"]
    library = next(r for r in rows if r[1] and str(r[1]).startswith("Mô hình Thư viện"))
    assert library[8:13] == [None, None, None, "x", "x"]
    assert next(r for r in rows if r[1] == "Tổng cộng")[7] == 42900
    assert not any(isinstance(v, str) and v.startswith("Số liệu giả định") for r in rows for v in r)


def test_the_default_is_amounts():
    result = CliRunner().invoke(app, ["export", "xlsx", "--help"])
    text = " ".join(result.output.split())
    assert "ticks" in text and "[default: amounts]" in text


LONG_NAME = ("Rất dài " * 4095).strip()  # 32,759 characters: within a cell (a longer one is L011 at load)


def hostile_plan(tmp_path: Path) -> Path:
    text = GIA_LAI.read_text(encoding="utf-8").replace(
        "name: Câu lạc bộ dinh dưỡng", 'name: "=HYPERLINK(\\"http://x\\",\\"click\\")\\a\\x01 bell"').replace(
        "name: Gói can thiệp dinh dưỡng cơ bản", "name: " + LONG_NAME).replace(
        "lead: Sở Giáo dục và Đào tạo", 'lead: "@SUM(1+1)"').replace(
        "name: Ngân sách địa phương", 'name: "+cmd|\' /C calc\'!A0"')
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_hostile_text_is_stored_as_inert_text_without_control_characters(tmp_path):
    for lang in ("vi", "en"):
        out = export(tmp_path, "--lang", lang, plan=hostile_plan(tmp_path), name=f"h-{lang}.xlsx")
        book = openpyxl.load_workbook(out)
        cells = [c for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        link = next(c for c in cells if "HYPERLINK" in c.value)
        assert link.data_type == "s" and link.value == '=HYPERLINK("http://x","click") bell'
        assert all(c.data_type == "s" for c in cells if c.value.startswith(("=HYPER", "+cmd", "@SUM")))
        long = next(c for c in cells if c.value.startswith("Rất dài"))
        assert long.value == LONG_NAME  # whole: a cell holds 32,767 characters, and longer names are L011
        assert not any(ch in c.value for c in cells for ch in "\x00\x01\x07")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_excel_totals_recalculate_in_libreoffice_after_a_cell_is_changed(tmp_path):
    out = export(tmp_path, "--lang", "vi")
    book = openpyxl.load_workbook(out)  # formulas kept, as an officer's spreadsheet program would
    ws = book["Phụ lục"]
    imam = row_of(ws, IMAM)
    assert ws.cell(imam, 9).value == 1860
    ws.cell(imam, 9).value = 1960  # the officer adds 100 million of DTTS-MN money to IMAM
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path / "csv"),
                    str(edited)], capture_output=True, timeout=180, check=True)
    rows = list(csv.reader(io.StringIO((tmp_path / "csv" / "edited.csv").read_text(encoding="utf-8"))))
    number = lambda v: int(v.replace(",", "").replace(".", "")) if v else None  # noqa: E731
    recomputed: dict = {}
    for r in rows:  # the first "Y tế" is group I (group IV has the same name)
        if len(r) > 12 and r[1] in (IMAM, "Y tế", "Tổng cộng"):
            recomputed.setdefault(r[1], [number(v) for v in r[7:13]])
    assert recomputed[IMAM] == [9400, 1960, 1860, 1860, 1860, 1860]
    assert recomputed["Y tế"][:2] == [28000, 6610]
    assert recomputed["Tổng cộng"] == [43000, 6610, 6510, 6510, 9360, 14010]
