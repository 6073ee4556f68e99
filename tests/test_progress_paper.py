"""The progress report on paper (issue 22): the workbook printed by LibreOffice and the HTML page printed by
Chromium are A4, text at least 9 pt, header rows on every page, nothing overprinted; totals, subtotals and
remainders are formulas that follow an edit; planned amounts from the equal split are marked as assumed; line
names, not ids; Vietnamese periods and dates; the .ics names plan and period, and says so when it has no date."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from printing import flat, needs_chromium, needs_soffice, printed_pages, soffice_convert, chromium_pdf

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = "plans/gia-lai-2023-2026.yaml"
P2023 = "examples/progress-gia-lai-2023.yaml"
P2024H1 = "examples/progress-gia-lai-2024-H1.yaml"
IMAM = "Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)"


def report(cli, tmp_path: Path, kind: str, lang: str = "vi") -> Path:
    out = tmp_path / f"report-{lang}.{kind}"
    run = cli("progress", GIA_LAI, P2023, P2024H1, "--report", "2024-H1", "--export", kind, "-o", out, "--lang", lang,
              cwd=ROOT)
    assert run.exit_code == 0, run.output
    return out


def word_boxes(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (pdftotext -bbox)."""
    text = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [[(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, page)]
            for page in text.split("<page ")[1:]]


def overprinted(words) -> list[tuple[str, str]]:
    """Pairs of words printed over each other: their boxes (less the room above and below the letters) meet. A
    row lower than its wrapped text makes its lines run into the next row's."""
    boxes = sorted((x0 + 0.5, y0 + (y1 - y0) * 0.3, x1 - 0.5, y1 - (y1 - y0) * 0.3, w) for x0, y0, x1, y1, w in words)
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b[0] >= a[2]:
                break
            if b[1] < a[3] and a[1] < b[3]:
                found.append((a[4], b[4]))
    return found


def sheets(path: Path, values: bool = True):
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(path, data_only=values)


def money_sheet(book):
    return next(ws for ws in book.worksheets if ws.title.startswith("3."))


def row_of(ws, *texts) -> int:
    """The first row whose cells hold all `texts` (a line's source row: the source in column C)."""
    for row in ws.iter_rows():
        values = [c.value for c in row]
        if all(t in values for t in texts):
            return row[0].row
    raise AssertionError(texts)


@needs_soffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_progress_workbook_prints_on_a4_with_its_header_row_on_every_page_and_nothing_overprinted(cli, tmp_path):
    pdf = soffice_convert(report(cli, tmp_path, "xlsx"), tmp_path / "pdf")
    pages = printed_pages(pdf)
    assert len(pages) >= 5  # a sheet per section, the money table over two pages
    for k, page in enumerate(pages, 1):
        assert page.a4, (k, page.width, page.height)
        assert page.smallest_text >= 9, (k, sorted(page.sizes)[:3])
        assert "STT" in page.text, k  # the header row of the section's table, repeated on the pages it runs onto
        assert f"{k} / {len(pages)}" in page.text  # page numbers
    money = [p for p in pages if "Cộng các nguồn" in p.text]
    assert len(money) >= 2 and all("Nguồn vốn" in p.text for p in money)
    for k, words in enumerate(word_boxes(pdf), 1):
        assert words and overprinted(words) == [], (k, overprinted(words)[:5])
    text = flat(" ".join(p.text for p in pages))
    assert "NGƯỜI LẬP BIỂU" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text and "(Ký, ghi rõ họ tên)" in text
    assert "(Ký tên, đóng dấu)" in text and "ngày …… tháng …… năm ……" in text


@needs_soffice
def test_totals_subtotals_and_remainders_follow_an_edited_disbursement(cli, tmp_path):
    """IMAM's NSĐP disbursed 80 → 180 (million VND): its remaining, its line's subtotal, the total and the shares
    recalculate in LibreOffice."""
    path = report(cli, tmp_path, "xlsx")
    book = sheets(path, values=False)
    ws = money_sheet(book)
    r = row_of(ws, "NSĐP", 89.4)
    assert ws[f"E{r}"].value == 80 and ws[f"F{r}"].value == f"=D{r}-E{r}"
    line = row_of(ws, IMAM)
    total = row_of(ws, "Tổng cộng")
    assert str(ws[f"E{line}"].value).startswith("=SUM(") and str(ws[f"E{total}"].value).startswith("=SUM(")
    indicators = next(w for w in book.worksheets if w.title.startswith("2."))
    assert str(indicators.cell(row_of(indicators, "người", 253), 6).value).startswith("=IF(")  # 118 ÷ 253: 46.6 %
    ws[f"E{r}"].value = 180
    book.save(tmp_path / "edited.xlsx")
    again = money_sheet(sheets(soffice_convert(tmp_path / "edited.xlsx", tmp_path / "recalculated", "xlsx")))
    assert round(again[f"F{r}"].value, 1) == -90.6  # 89.4 − 180
    assert round(again[f"E{line}"].value, 1) == 380.0 and round(again[f"F{line}"].value, 1) == 67.0
    assert round(again[f"E{total}"].value, 1) == 1970.5 and round(again[f"F{total}"].value, 1) == 844.1
    assert round(again[f"G{total}"].value, 1) == 70.0  # 1,970.5 ÷ 2,814.6


def test_row_numbers_and_years_are_numbers(cli, tmp_path):
    book = sheets(report(cli, tmp_path, "xlsx"))
    ws = money_sheet(book)
    assert [ws.cell(row_of(ws, IMAM), 1).value, ws.cell(row_of(ws, "Câu lạc bộ dinh dưỡng"), 1).value] == [1, 6]
    communes = next(w for w in book.worksheets if w.title.startswith("4."))
    assert communes.cell(row_of(communes, IMAM), 3).value == 2024


def test_planned_amounts_of_the_equal_split_are_marked_as_assumed(cli, tmp_path):
    """Gia Lai gives each line's cost, not each source's part: IMAM's 447 million over five sources, 89.4 each."""
    ws = money_sheet(sheets(report(cli, tmp_path, "xlsx")))
    r, line = row_of(ws, "Nguồn hợp pháp khác", 89.4), row_of(ws, IMAM)
    planned = ws[f"D{r}"]
    assert planned.value == 89.4 and planned.font.i and planned.fill.fgColor.rgb.endswith("E7E6E6")
    assert not ws[f"E{r}"].font.i  # the disbursement is a fact
    assert ws[f"D{line}"].value == 447 and not ws[f"D{line}"].font.i  # the line's cost is the plan's
    legend = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Số liệu giả định: kế hoạch chỉ ghi kinh phí của nội dung" in legend
    html = report(cli, tmp_path, "html").read_text(encoding="utf-8")
    assert '<td class="num assumed">89,4</td>' in html and 'class="note legend"' in html
    run = cli("progress", GIA_LAI, P2024H1, "--by-intervention", "--by-source", cwd=ROOT)
    row = next(line for line in run.stdout.splitlines() if "Other lawful sources" in line or "hợp pháp" in line)
    assert "equal split (assumed)" in row and "not against a figure of the plan" in run.stdout


def test_progress_tables_show_line_names_and_machines_keep_the_ids(cli):
    run = cli("progress", GIA_LAI, P2024H1, "--lang", "vi", cwd=ROOT)
    assert run.exit_code == 0 and IMAM in run.stdout and "Gói can thiệp dinh dưỡng cơ bản" in run.stdout
    assert not re.search(r"\b(imam|nutrition-package)\b", run.stdout)
    rows = cli("progress", GIA_LAI, P2024H1, "--format", "json", cwd=ROOT).json()["tables"][0]["rows"]
    assert rows[0]["intervention"] == "imam" and rows[0]["line_name"] == IMAM


def test_vietnamese_outputs_write_periods_and_dates_as_vietnamese_do(cli, tmp_path):
    html = report(cli, tmp_path, "html").read_text(encoding="utf-8")
    assert "6 tháng đầu năm 2024" in html and "2024-H1" not in html.replace("progress-gia-lai-2024-H1.yaml", "")
    calendar = cli("calendar", "plans/tay-ninh-2025.yaml", GIA_LAI, "--lang", "vi", cwd=ROOT).stdout
    assert "04/05/2025" in calendar and "6 tháng đầu năm 2025" in calendar and "mỗi 6 tháng" in calendar
    assert not re.search(r"YYYY|\d{4}-H[12]|\d{4}-\d\d-\d\d", calendar)
    due = cli("calendar", "--due", "--today", "2024-07-15", P2023, P2024H1, "--lang", "vi", cwd=ROOT).stdout
    assert "6 tháng cuối năm 2023" in due and "kỳ đã kết thúc 31/12/2023" in due and "-H2" not in due
    ics = cli("calendar", "plans/tay-ninh-2025.yaml", "--ics", "-", "--lang", "vi", cwd=ROOT).stdout.replace("\r", "").replace("\n ", "")
    assert "Kỳ báo cáo: 6 tháng đầu năm 2025" in ics and "(6 tháng đầu năm 2025)" in ics


def test_the_english_report_has_no_vietnamese_placeholder(cli, tmp_path):
    html = report(cli, tmp_path, "html", "en").read_text(encoding="utf-8")
    assert "không ghi ngày" not in html and "no date:" in html  # Gia Lai's six-monthly reports have no date
    assert "2024-H1" in html and "PREPARED BY" in html and "(Signature and seal)" in html
    assert "NGƯỜI LẬP BIỂU" not in html and "giả định" not in html


def test_an_ics_of_a_plan_whose_deadlines_are_all_undated_says_so_and_writes_nothing(cli, tmp_path):
    out = tmp_path / "gia-lai.ics"
    run = cli("calendar", GIA_LAI, "--ics", out, cwd=ROOT)
    assert run.exit_code == 2 and not out.exists()
    assert "no reporting deadline of gia-lai-2023-2026 has a date (6 without one" in flat(run.output)


def test_ics_events_name_their_plan_and_period(cli):
    ics = cli("calendar", "plans/tay-ninh-2025.yaml", "--ics", "-", "--lang", "en", cwd=ROOT).stdout
    events = ics.replace("\r", "").replace("\n ", "").split("BEGIN:VEVENT")[1:]
    assert len(events) == 2
    for event, period in zip(events, ("2025-H1", "2025")):
        assert "Plan: Kế hoạch triển khai thực hiện Đề án chăm sóc" in event and "(tay-ninh-2025)" in event
        assert f"Period reported on: {period}\\;" in event and f"({period})" in event.split("SUMMARY:")[1]


@needs_chromium
def test_progress_html_prints_on_a4_with_page_numbers_and_the_signature_block(cli, tmp_path):
    pages = printed_pages(chromium_pdf(report(cli, tmp_path, "html"), tmp_path / "report.pdf"))
    assert len(pages) >= 2
    for k, page in enumerate(pages, 1):
        assert page.a4 and not page.landscape, k
        assert page.smallest_text >= 9, (k, sorted(page.sizes)[:3])
        assert f"{k} / {len(pages)}" in page.text
    text = flat(" ".join(p.text for p in pages))
    assert "Tổng cộng 2.814,6 1.870,5 944,1 66,5" in text and "NGƯỜI LẬP BIỂU" in text
    assert "gia-lai-2023-2026" not in text  # no plan id on the official page


def test_the_report_and_its_workbook_grow_linearly_with_the_plans_lines(tmp_path):
    """Every line's name was found by a scan of all lines, once per row of each form."""
    from test_linear_reports import _lines_run, _plan_with_progress

    from ecdplan.pipeline import attach
    from ecdplan.reports import progress as progress_module
    from ecdplan.reports import progress_report as report_module
    from ecdplan.reports.due import period_report
    from ecdplan.reports.progress import ProgressOptions
    from ecdplan.writers import progress_xlsx as writer_module
    from ecdplan.writers.progress_xlsx import progress_workbook_bytes

    work = []
    for n in (150, 600):
        plan, progress = _plan_with_progress(tmp_path / f"n{n}", n)
        ps = attach(str(plan), [str(progress)])
        opts = ProgressOptions(lang="vi")
        doc = period_report(ps, "2023", opts)
        money = doc.sections[2]
        assert len(money.parts) == n and len(money.table.rows) == 3 * n  # each line: its subtotal, its two sources
        work.append(sum(_lines_run(m, lambda: progress_workbook_bytes(period_report(ps, "2023", opts)))
                        for m in (progress_module, report_module, writer_module)))
    assert work[1] < 6 * work[0], work  # 4 × the lines
