"""Reports people open: the Excel appendix, the HTML report, Vietnamese presentation, safe output files."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app
from ecdplan.i18n.numbers import amount_in_words, format_number

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"


def run(*args, code=0):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


def injected_plan(tmp_path: Path) -> Path:
    """The Gia Lai plan with text a spreadsheet would run as a formula."""
    text = GIA_LAI.read_text(encoding="utf-8").replace(
        "name: Câu lạc bộ dinh dưỡng", 'name: "=HYPERLINK(\\"http://x\\",\\"click\\")"').replace(
        "lead: Sở Giáo dục và Đào tạo", 'lead: "@SUM(1+1)"')
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_vietnamese_numbers_and_amount_in_words():
    assert format_number(Decimal("42900.5"), 1, "vi") == "42.900,5"
    assert format_number(Decimal("42900.5"), 1, "en") == "42,900.5"
    assert format_number(Decimal("-268.3"), 1, "vi", signed=True) == "-268,3"
    assert format_number(Decimal("268.3"), 1, "en", signed=True) == "+268.3"
    assert amount_in_words(42_900_000_000) == "Bốn mươi hai tỷ chín trăm triệu đồng"


def test_xlsx_appendix_has_the_government_table_shape_and_figures(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "appendix.xlsx"
    run("export", "xlsx", GIA_LAI, "-o", out, "--lang", "vi")
    wb = openpyxl.load_workbook(out, data_only=True)  # the values stored with the formulas
    assert wb.sheetnames == ["Phụ lục", "Nguồn vốn × năm", "Lộ trình triển khai"]
    ws = wb["Phụ lục"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    groups = {r[0]: r for r in rows if r[0] in ("I", "II", "III", "IV")}
    cost_col = rows[3].index(next(v for v in rows[3] if v and str(v).startswith("Ước tính kinh phí")))
    assert [groups[g][cost_col] for g in ("I", "II", "III", "IV")] == [27900, 7500, 4860, 2640]
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[cost_col] == 42900
    assert total[cost_col + 1: cost_col + 6] == (6510, 6510, 6510, 9360, 14010) or \
        list(total[cost_col + 1: cost_col + 6]) == [6510, 6510, 6510, 9360, 14010]
    imam = next(r for r in rows if r[1] and "IMAM" in str(r[1]))
    assert imam[2:6] == [10, 10, 42, 42]
    assert any(r[0] == "Bằng chữ: Bốn mươi hai tỷ chín trăm triệu đồng." for r in rows)
    assert "Dự án 7" in rows[4][cost_col + 1]
    assert ws.cell(row=6, column=cost_col + 1).number_format == "#,##0"
    grid = [list(r) for r in wb["Lộ trình triển khai"].iter_rows(values_only=True)]
    assert ["Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)", 10, 10, 42, 42, 104] in grid


def test_xlsx_stores_formula_like_text_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "appendix.xlsx"
    run("export", "xlsx", injected_plan(tmp_path), "-o", out, "--lang", "vi")
    ws = openpyxl.load_workbook(out)["Phụ lục"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_csv_neutralises_formula_like_text(tmp_path):
    out = run("budget", injected_plan(tmp_path), "--by-agency", "--format", "csv").stdout
    assert "'@SUM(1+1)" in out
    assert not re.search(r"^@SUM", out, flags=re.M)


def test_outputs_are_never_written_over_an_input_plan(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(GIA_LAI.read_text(encoding="utf-8"), encoding="utf-8")
    before = plan.read_bytes()
    for args in (("export", "xlsx", plan, "-o", plan), ("report", plan, "-o", plan)):
        result = run(*args, code=2)
        assert "input plan" in result.output
        assert plan.read_bytes() == before
    assert list(tmp_path.iterdir()) == [plan]  # no temporary file left behind


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path):
    result = run("report", GIA_LAI, "-o", tmp_path / "no" / "such" / "r.html", code=2)
    assert "not a folder" in result.output


def test_html_report_is_self_contained_with_both_charts(tmp_path):
    out = tmp_path / "report.html"
    run("report", GIA_LAI, "-o", out, "--lang", "vi")
    html = out.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', html)  # no network
    assert "<script" not in html
    assert len(re.findall(r'<rect class="bar"', html)) == 20  # 5 sources × 4 years, stacked
    assert len(re.findall(r'<rect class="span"', html)) == 24  # 6 lines × 4 years
    assert "42.900 triệu đồng (Bốn mươi hai tỷ chín trăm triệu đồng)" in html
    assert "F002" in html and "@media print" in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
def test_html_report_charts_are_drawn_in_headless_chromium(tmp_path):
    out = tmp_path / "report.html"
    run("report", GIA_LAI, "-o", out)
    # a copy with a probe that measures what the browser actually laid out
    probe = """<script>window.addEventListener('load', () => {
      const drawn = sel => [...document.querySelectorAll(sel)].filter(r => {
        const b = r.getBBox(); return b.width > 0 && b.height > 0; }).length;
      document.title = 'bars=' + drawn('#budget-chart rect.bar') + ';spans=' + drawn('#rollout-chart rect.span');
    });</script></body>"""
    probed = tmp_path / "probed.html"
    probed.write_text(out.read_text(encoding="utf-8").replace("</body>", probe), encoding="utf-8")
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=120).stdout
    assert "<title>bars=20;spans=24</title>" in dom


def test_rollout_chart_draws_one_bar_per_line_and_year():
    out = run("rollout", GIA_LAI, "--chart").stdout
    imam = [line for line in out.splitlines() if re.search(r"  202[3-6]  ", line)][:4]
    assert [line.rsplit(" ", 1)[1] for line in imam] == ["10", "10", "42", "42"]
    assert len(imam[2].split()[-2]) > len(imam[0].split()[-2])  # 42 communes draw a longer bar than 10


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_xlsx_opens_in_libreoffice(tmp_path):
    out = tmp_path / "appendix.xlsx"
    run("export", "xlsx", GIA_LAI, "-o", out)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   capture_output=True, timeout=180, check=True)
    pdf = (tmp_path / "appendix.pdf").read_bytes()
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert pdf.startswith(b"%PDF") and len(pages) >= 3  # three sheets, at least a page each
