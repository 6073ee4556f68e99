"""The appendix workbook on paper: every workbook `ecdplan export xlsx` writes, converted to PDF by LibreOffice as
an office prints it, is A4 (the appendix landscape), printed at 9 pt or more, with the table's headings on every
page, and nothing overprinted or cut: each row is as high as its wrapped text. And edited: a changed cost or
commune count flows to the total, the live check notes and the linked sheets."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app
from printing import needs_soffice, printed_pages, soffice_convert

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "plans").glob("*.yaml"))
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
USD = ROOT / "examples" / "usd-donor-plan.yaml"
IMAM = "Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)"
PDFTOTEXT = shutil.which("pdftotext")

# every bundled plan in Vietnamese; the plans with money in both modes; English once
CASES = [(plan, "amounts", "vi") for plan in PLANS] + [(GIA_LAI, "ticks", "vi"), (GIA_LAI, "amounts", "en"),
                                                          (GIA_LAI, "ticks", "en"), (USD, "amounts", "vi"),
                                                          (USD, "ticks", "vi")]


def export(out: Path, plan: Path, sources: str, lang: str) -> Path:
    result = CliRunner().invoke(app, ["export", "xlsx", str(plan), "-o", str(out), "--sources", sources,
                                      "--lang", lang])
    assert result.exit_code == 0, result.output
    return out


def case_id(case) -> str:
    plan, sources, lang = case
    return f"{plan.stem}-{sources}-{lang}"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")
    return {case_id(c): export(folder / f"{case_id(c)}.xlsx", *c) for c in CASES}


@pytest.fixture(scope="module")
def printed(workbooks, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("printed")
    return {name: soffice_convert(xlsx, folder / name) for name, xlsx in workbooks.items()}


# -- what each sheet heads its table with -------------------------------------------------------------------------

def merged_width(ws, row: int, col: int) -> tuple[float, bool]:
    """The width (Excel units) of the cell at row, col, or of the merged range it starts; whether it is merged."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row == row and rng.min_col == col:
            return sum(column_width(ws, c) for c in range(rng.min_col, rng.max_col + 1)), True
    return column_width(ws, col), False


def column_width(ws, col: int) -> float:
    """A column's width; openpyxl keeps one entry for a run of columns of the same width (min..max)."""
    return next((d.width for d in ws.column_dimensions.values() if d.min and d.max and d.min <= col <= d.max
                 and d.width), 8.43)


def heading_rows(ws) -> list[int]:
    """The rows the sheet repeats on every printed page (print titles), from the workbook itself."""
    titles = ws.print_title_rows  # e.g. '$4:$5'
    assert titles, f"{ws.title}: no rows repeated on every printed page"
    first, last = (int(x) for x in re.findall(r"\d+", titles))
    return list(range(first, last + 1))


def heading_words(ws) -> set[str]:
    rows = heading_rows(ws)
    return {word for r in rows for c in ws[r] if c.value is not None for word in str(c.value).split()}


@needs_soffice
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_exported_workbook_prints_on_a4_at_9_pt_or_more_with_its_headings_on_every_page(case, workbooks,
                                                                                              printed):
    name = case_id(case)
    book = openpyxl.load_workbook(workbooks[name])
    pages = printed_pages(printed[name])
    assert pages
    assert all(page.a4 for page in pages), [(p.width, p.height) for p in pages]
    smallest = min(page.smallest_text for page in pages)
    assert smallest >= 9, f"{name}: text printed at {smallest} pt"
    headings = [heading_words(ws) for ws in book]
    appendix = headings[0]
    for k, page in enumerate(pages, 1):
        words = page.words
        # the words of one sheet's headings (a heading wrapped in its cell may be read out glued to the next)
        found = max(len(h & words) / len(h) for h in headings)
        assert found >= 0.9, f"{name} page {k} lacks its table's headings: {page.text[:200]}"
        if len(appendix & words) >= 0.9 * len(appendix):
            assert page.landscape, f"{name} page {k}: the appendix prints in landscape"


@needs_soffice
def test_the_gia_lai_appendix_runs_over_pages_and_each_repeats_the_headings(printed):
    pages = printed_pages(printed["gia-lai-2023-2026-amounts-vi"])
    appendix = [p for p in pages if "STT" in p.words and p.says("Tên can thiệp")]
    assert len(appendix) >= 2  # the headings are on the second page too, not only the first
    assert all(p.says("Ước tính kinh phí") for p in appendix)
    assert any(p.says("Câu lạc bộ dinh dưỡng") for p in appendix[1:])  # a page after the first, headed


# -- nothing overprinted ------------------------------------------------------------------------------------------

LINE = 12.3 / 11  # LibreOffice's line of Times New Roman (Liberation Serif), in points per point of font size
CHAR = 5.7 / 11  # the least mean advance of its Vietnamese text measured on the printed lines (5.7-7.2 px at 11 pt)


def lines_needed(text: str, width_units: float, size: float, bold: bool) -> int:
    """Lines of `text` in a cell this wide, from its length alone (a lower bound on what wrapping makes)."""
    room = width_units * 7 + 5 - 4
    per_line = max(1, int(room / (CHAR * size * (1.08 if bold else 1.0))))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_row_is_as_high_as_its_wrapped_text(case, workbooks):
    book = openpyxl.load_workbook(workbooks[case_id(case)])
    for ws in book:
        hidden_by_merge = {(r, c) for rng in ws.merged_cells.ranges for r in range(rng.min_row, rng.max_row + 1)
                           for c in range(rng.min_col, rng.max_col + 1) if (r, c) != (rng.min_row, rng.min_col)}
        spans = {(rng.min_row, rng.min_col): rng.max_row - rng.min_row + 1 for rng in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or cell.value.startswith("=") or \
                        (cell.row, cell.column) in hidden_by_merge:
                    continue
                width, _ = merged_width(ws, cell.row, cell.column)
                size = cell.font.sz or 11
                need = lines_needed(cell.value, width, size, bool(cell.font.b)) * LINE * size
                rows = range(cell.row, cell.row + spans.get((cell.row, cell.column), 1))
                height = sum(ws.row_dimensions[r].height or 15 for r in rows)
                assert height >= need, f"{ws.title}!{cell.coordinate}: {height} pt for {need:.0f} pt of " \
                                       f"{cell.value[:60]!r}"


def word_boxes(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes, from poppler's pdftotext."""
    out = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


def overprinted(boxes) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other (the middle of each box, so that lines set close are not counted)."""
    core = []
    for x0, y0, x1, y1, w in boxes:
        pad = (y1 - y0) * 0.25
        core.append((x0 + 0.5, y0 + pad, x1 - 0.5, y1 - pad, w))
    core.sort()
    clashes = []
    for i, (x0, y0, x1, y1, w) in enumerate(core):
        for a0, b0, a1, b1, v in core[i + 1:]:
            if a0 >= x1:
                break
            if b0 < y1 and y0 < b1:
                clashes.append((w, v))
    return clashes


@needs_soffice
@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler's pdftotext is not installed")
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_no_printed_word_is_drawn_over_another(case, printed):
    for k, boxes in enumerate(word_boxes(printed[case_id(case)]), 1):
        assert not overprinted(boxes), f"{case_id(case)} page {k}: {overprinted(boxes)[:5]}"


# -- an edit flows through ----------------------------------------------------------------------------------------

def find_row(ws, text: str) -> int:
    return next(c.row for row in ws.iter_rows() for c in row if c.value == text)


@needs_soffice
def test_an_edited_cost_and_commune_count_flow_to_the_total_the_checks_and_the_linked_sheets(tmp_path):
    out = export(tmp_path / "appendix.xlsx", GIA_LAI, "amounts", "vi")
    book = openpyxl.load_workbook(out)
    ws = book["Phụ lục"]
    imam = find_row(ws, IMAM)
    cost = next(c.column for c in ws[4] if c.value == "Ước tính kinh phí thực hiện (triệu đồng)")
    year_2025 = next(c.column for c in ws[5] if c.value == 2025)
    ws.cell(imam, cost).value = 9400  # the officer raises IMAM from 9,300 to 9,400 million
    ws.cell(imam, year_2025).value = 45  # and its communes in 2025 from 42 to 45
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    recalculated = soffice_convert(edited, tmp_path / "recalculated", to="xlsx")

    values = openpyxl.load_workbook(recalculated, data_only=True)
    appendix = values["Phụ lục"]
    total = find_row(appendix, "Tổng cộng")
    assert appendix.cell(total, cost).value == 43000
    assert appendix.cell(find_row(appendix, "Y tế"), cost).value == 28000
    texts = [c.value for row in appendix.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Tổng đã đổi: viết lại dòng Bằng chữ" in texts  # the in-words check no longer matches
    assert "Khớp với số tiền bằng chữ" not in texts
    assert "Tổng cộng kế hoạch ghi: 42.900 triệu đồng (KHÁC tổng các dòng)." in texts

    budget = values["Nguồn vốn × năm"]
    last = max(r for r in range(1, budget.max_row + 1) if budget.cell(r, 1).value == "Tổng cộng")
    heads = [c.value for c in budget[4]]
    on_appendix, difference = heads.index("Theo phụ lục") + 1, heads.index("Chênh lệch") + 1
    assert budget.cell(last, on_appendix).value == 43000  # the link follows the appendix's total
    assert budget.cell(last, difference).value == 100  # and shows how far the snapshot is behind
    assert budget.cell(last, heads.index("Tổng cộng (triệu đồng)") + 1).value == 42900  # the snapshot stays

    rollout = values["Lộ trình triển khai"]
    line = find_row(rollout, IMAM)
    years = [c.value for c in rollout[4]]
    assert rollout.cell(line, years.index("2025") + 1).value == 45  # linked to the appendix's cell
    assert rollout.cell(line, years.index("Xã-năm") + 1).value == 107
    totals = max(r for r in range(1, rollout.max_row + 1) if rollout.cell(r, 1).value == "Xã-năm")
    assert rollout.cell(totals, years.index("2025") + 1).value == 373


def test_before_any_edit_the_checks_say_the_total_matches_and_their_formulas_compare_the_total_cell(tmp_path):
    out = export(tmp_path / "appendix.xlsx", GIA_LAI, "amounts", "vi")
    formulas = openpyxl.load_workbook(out)["Phụ lục"]
    values = openpyxl.load_workbook(out, data_only=True)["Phụ lục"]
    total = find_row(values, "Tổng cộng")
    check = find_row(values, "Khớp với số tiền bằng chữ")
    assert formulas.cell(check, 1).value == (f'=IF(ROUND(H{total},0)=42900,"Khớp với số tiền bằng chữ",'
                                             f'"Tổng đã đổi: viết lại dòng Bằng chữ")')
    assert values.cell(check - 1, 1).value.startswith("Bằng chữ: Bốn mươi hai tỷ chín trăm triệu đồng")


# -- the seed's own headings, marks and notes ---------------------------------------------------------------------

def test_the_appendix_is_headed_marked_and_noted_as_the_seed_prints_it(tmp_path):
    ws = openpyxl.load_workbook(export(tmp_path / "a.xlsx", GIA_LAI, "ticks", "vi"))["Phụ lục"]
    assert ws["A1"].value == ("KẾ HOẠCH VỀ DUY TRÌ VÀ NHÂN RỘNG CÁC CAN THIỆP THIẾT YẾU CỦA DỰ ÁN PHÁT TRIỂN "
                              "TRẺ THƠ TOÀN DIỆN CHO GIAI ĐOẠN 2023-2026")  # the appendix's title, not the plan's
    assert ws["A2"].value == "(Kèm theo Kế hoạch số 2454/KH-UBND ngày 13/09/2023 của UBND tỉnh Gia Lai)"
    headings = [c.value for r in (4, 5) for c in ws[r] if c.value is not None]
    assert "Dự kiến nguồn chi tiết (không tính nguồn UNICEF)" in headings  # ticks: no amount unit over ticks
    assert "2026 (*)" in headings and "NSĐP (**)" in headings
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("Ghi chú: (*) Kinh phí ước tính theo dự toán giao giai đoạn 2021-2025") for t in texts)
    assert "(**) Dự toán chi thường xuyên hàng năm của các sở, ban, ngành của tỉnh và ngân sách huyện, thị xã, " \
           "thành phố." in texts
    assert not any(t.startswith("Kinh phí theo nguồn vốn: chia đều") for t in texts)  # no split in ticks mode
    amounts = openpyxl.load_workbook(export(tmp_path / "b.xlsx", GIA_LAI, "amounts", "vi"))["Phụ lục"]
    headings = [c.value for c in amounts[4] if c.value is not None]
    assert "Dự kiến nguồn chi tiết (không tính nguồn UNICEF) (triệu đồng)" in headings


def test_a_plan_without_appendix_marks_marks_the_years_its_note_on_sources_out_of_their_years_refers_to(tmp_path):
    text = GIA_LAI.read_text(encoding="utf-8")
    start = text.index("  appendix:")
    end = text.index("  basis:", start)
    plain = tmp_path / "plain.yaml"
    plain.write_text(text[:start] + text[end:], encoding="utf-8")
    ws = openpyxl.load_workbook(export(tmp_path / "p.xlsx", plain, "amounts", "vi"))["Phụ lục"]
    assert ws["A1"].value.startswith("KẾ HOẠCH DUY TRÌ VÀ NHÂN RỘNG MÔ HÌNH")  # the plan's own title
    headings = [c.value for c in ws[5] if c.value is not None]
    assert "2026 (*)" in headings and "NSĐP" in headings
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("(*) Nguồn vốn ngoài thời hạn thực hiện: CTMTQG DTTS-MN") for t in texts)


# -- without LibreOffice: what the workbook itself asks of the printer and how its sheets are linked --------------

@pytest.mark.parametrize("sources", ["amounts", "ticks"])
def test_every_sheet_asks_for_a4_one_page_wide_headings_repeated_and_page_numbers(tmp_path, sources):
    book = openpyxl.load_workbook(export(tmp_path / "a.xlsx", GIA_LAI, sources, "vi"))
    for ws in book:
        setup = ws.page_setup
        # one page wide (1, the default, is not written), as many tall as it takes
        assert setup.paperSize == 9 and (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows and ws.print_area, ws.title
        assert ws.oddFooter.center.text == "&P/&N", ws.title
        assert not ws.print_options.gridLines  # the table's own borders, as a government table prints
    assert book["Phụ lục"].page_setup.orientation == "landscape"
    assert book["Phụ lục"].print_title_rows == "$4:$5"  # both rows of the appendix's headings


def test_the_rollout_links_its_commune_counts_to_the_appendix_and_the_budget_sheet_says_it_is_a_snapshot(tmp_path):
    book = openpyxl.load_workbook(export(tmp_path / "a.xlsx", GIA_LAI, "amounts", "vi"))
    appendix, rollout = book["Phụ lục"], book["Lộ trình triển khai"]
    imam, line = find_row(appendix, IMAM), find_row(rollout, IMAM)
    assert [rollout.cell(line, c).value for c in range(2, 6)] == [f"='Phụ lục'!${col}${imam}" for col in "CDEF"]
    assert rollout.cell(line, 6).value == f"=SUM(B{line}:E{line})"
    budget = book["Nguồn vốn × năm"]
    assert budget["A2"].value.startswith("Số liệu chốt tại thời điểm xuất: không đổi theo khi sửa trang phụ lục")
    total = find_row(appendix, "Tổng cộng")
    last = max(r for r in range(1, budget.max_row + 1) if budget.cell(r, 1).value == "Tổng cộng")
    assert budget.cell(last, 8).value == f"='Phụ lục'!$H${total}"
    assert budget.cell(last, 9).value == f"=H{last}-G{last}"
    assert budget.cell(5, 8).value == f"='Phụ lục'!$I${total}"  # CTMTQG DTTS-MN: the appendix's source total
    values = openpyxl.load_workbook(tmp_path / "a.xlsx", data_only=True)["Nguồn vốn × năm"]
    assert [values.cell(last, c).value for c in (7, 8, 9)] == [42900, 42900, 0]  # stored: programs that do not
    # calculate read the figures of export


def test_an_appendix_mark_on_a_source_or_a_year_the_plan_lacks_is_an_error_at_its_line(tmp_path):
    text = GIA_LAI.read_text(encoding="utf-8")
    plan = tmp_path / "marks.yaml"
    plan.write_text(text.replace("        at: 2026\n", "        at: 2062\n").replace("        at: nsdp\n",
                                                                                 "        at: nsdp2\n"),
                    encoding="utf-8")
    lines = plan.read_text(encoding="utf-8").splitlines()
    year_line = lines.index("        at: 2062") + 1
    source_line = lines.index("        at: nsdp2") + 1
    result = CliRunner().invoke(app, ["validate", str(plan)])
    assert result.exit_code == 1
    assert f"marks.yaml:{year_line}:13: R008 [error] the appendix's mark (*) is on 2062, outside the plan period " \
           "2023-2026" in result.output
    assert f"marks.yaml:{source_line}:13: I003 [error] the appendix's mark (**) is on source 'nsdp2', which is not " \
           "in the sources catalogue" in result.output


def test_a_commune_total_no_line_gives_is_blank_not_zero(tmp_path):
    lang_son = ROOT / "plans" / "lang-son-2019-2025.yaml"  # no line of it counts communes
    rollout = openpyxl.load_workbook(export(tmp_path / "a.xlsx", lang_son, "amounts", "vi"))["Lộ trình triển khai"]
    total = max(r for r in range(1, rollout.max_row + 1) if rollout.cell(r, 1).value == "Xã-năm")
    assert [rollout.cell(total, c).value for c in range(2, 10)] == [None] * 8
    gia_lai = openpyxl.load_workbook(export(tmp_path / "b.xlsx", GIA_LAI, "amounts", "vi"), data_only=True)
    rollout = gia_lai["Lộ trình triển khai"]
    total = max(r for r in range(1, rollout.max_row + 1) if rollout.cell(r, 1).value == "Xã-năm")
    assert [rollout.cell(total, c).value for c in range(2, 7)] == [265, 265, 370, 370, 1270]
