"""The HTML report as paper an office can sign: printed by headless Chromium on A4, every year, line name and total
of the plan on paper (nothing clipped, however long the period), text at least 9 pt, page numbers, the plan's
table first and the findings in an annex at the end."""

from __future__ import annotations

import os
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app
from ecdplan.core.display import Unit
from ecdplan.i18n.numbers import format_number
from ecdplan.pipeline import compile_file
from ecdplan.reports import ReportOptions
from ecdplan.reports.documents import report_document
from ecdplan.writers.html import year_blocks
from tests.printing import chromium_pdf, flat, needs_chromium, png_pages, printed_pages

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "plans").glob("*.yaml"))
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
LANG_SON = ROOT / "plans" / "lang-son-2019-2025.yaml"
CHI_LANG = ROOT / "plans" / "chi-lang-2024.yaml"
SHOTS = os.environ.get("ECDPLAN_SHOTS")  # a folder to keep the printed pages in as PNG, to look at

GROUPS = ["Y tế", "Giáo dục mầm non", "Bảo vệ trẻ em", "Dinh dưỡng", "Nuôi dạy con", "Truyền thông"]
ACTIVITIES = ["Tập huấn kỹ năng chăm sóc trẻ thơ cho cha mẹ và người chăm sóc", "Xây dựng góc chơi cộng đồng",
              "Khám sàng lọc phát triển cho trẻ dưới sáu tuổi", "Bổ sung vi chất dinh dưỡng cho phụ nữ mang thai",
              "Sinh hoạt nhóm cha mẹ theo chủ đề hằng tháng", "Thăm hộ gia đình có trẻ khuyết tật"]


def ten_year_plan() -> str:
    """A 10-year (2026-2035), 40-line plan in six groups, four sources (a programme that ends in 2030): the length
    of plan the one-page-wide report could not print (its rollout stopped at 2031, its total column was cut off)."""
    lines = []
    for i in range(1, 41):
        first, second = 3 + i % 7, 10 + (i * 13) % 90
        lines.append(
            f"  - id: line-{i:02d}\n    group: g{(i - 1) % 6 + 1}\n"
            f"    name: {ACTIVITIES[i % 6]} tại các thôn bản vùng khó khăn, đợt {i}\n"
            f"    rollout:\n      - years: 2026-2030\n        communes: {first}\n"
            f"      - years: 2031-2035\n        communes: {second}\n"
            f"    cost: {{total: {1000 + i * 237}}}\n"
            f"    sources: [{'ntp, ' if i % 3 else ''}nsdp, other{', oda' if i % 4 == 0 else ''}]\n")
    groups = "".join(f"  - {{id: g{k}, name: {name}}}\n" for k, name in enumerate(GROUPS, 1))
    return (
        "format: ecdplan/1\nplan:\n  id: muoi-nam-2026-2035\n"
        "  title: Kế hoạch phát triển toàn diện trẻ em những năm đầu đời giai đoạn 2026-2035\n"
        "  issuer: UBND tỉnh thử nghiệm\n  level: province\n  area: {name: tỉnh thử nghiệm}\n"
        "  period: {start: 2026, end: 2035}\n  unit: million VND\n"
        "sources:\n"
        "  - {id: ntp, name: Chương trình mục tiêu quốc gia giai đoạn 2026-2030, short: CTMTQG, kind: ntp, "
        "valid: {start: 2026, end: 2030}}\n"
        "  - {id: nsdp, name: Ngân sách địa phương, short: NSĐP, kind: local-budget}\n"
        "  - {id: other, name: Các nguồn kinh phí hợp pháp khác, short: Nguồn hợp pháp khác, kind: other}\n"
        "  - {id: oda, name: Vốn viện trợ không hoàn lại, short: Viện trợ, kind: other}\n"
        f"groups:\n{groups}interventions:\n{''.join(lines)}")


HEADINGS = {"vi": ["Nội dung, kinh phí và nguồn vốn thực hiện", "Kinh phí theo năm và nguồn", "Lộ trình triển khai",
                    "Chỉ tiêu", "Lịch báo cáo", "Phụ lục: Kết quả kiểm tra"],
            "en": ["Lines of the plan: cost and sources", "Budget by year and source", "Rollout", "Targets",
                   "Reporting calendar", "Annex: findings of the checks"]}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", flat(text))


def write_report(plan: Path, out: Path, lang: str) -> str:
    result = CliRunner().invoke(app, ["report", str(plan), "-o", str(out), "--lang", lang, "--force"])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def expected_on_paper(plan: Path, lang: str) -> tuple[list[str], list[str]]:
    """Every year and line name of the plan, and every total as the report displays it: the grand total, each
    source's and group's total, each line's cost, each year's total."""
    compiled = compile_file(plan, partial=True)
    doc = report_document(compiled, ReportOptions(Unit.named("million"), None, lang))
    words = [str(y) for y in compiled.plan.info.period.years] + [iv.name for iv in compiled.plan.interventions]
    figures = []
    a = doc.appendix
    if a is not None and a.cost is not None:
        shown = lambda v: format_number(v, a.decimals, lang)  # noqa: E731
        figures += [shown(a.cost)] + [shown(v) for v in a.sources if v is not None]
        for g in a.groups:
            figures += [shown(g.cost)] + [shown(ln.cost) for ln in g.lines if ln.cost is not None]
    figures += [format_number(b.total, doc.budget_decimals, lang) for b in doc.budget_bars]
    if doc.budget_table is not None:
        cols = doc.budget_table.columns
        for row in doc.budget_table.total_rows:
            figures += [format_number(v, cols[j].decimals or 0, lang) for j, v in enumerate(row)
                        if isinstance(v, Decimal)]
    return words, figures


def test_ten_years_print_in_balanced_blocks_of_years():
    years = list(range(2026, 2036))
    assert year_blocks(years, 4) == [years[:4], years[4:7], years[7:]]
    assert year_blocks(years, 6) == [years[:5], years[5:]]
    assert year_blocks(years[:4], 4) == [years[:4]]


def test_a_ten_year_report_prints_every_year_of_every_table_in_blocks_that_repeat_the_names(tmp_path):
    plan = tmp_path / "muoi-nam.yaml"
    plan.write_text(ten_year_plan(), encoding="utf-8")
    html = write_report(plan, tmp_path / "muoi-nam.html", "vi")
    budget = html.split('<section id="budget">')[1].split("</section>")[0]
    tables = re.findall(r'<table class="blocked">.*?</table>', budget, flags=re.S)
    assert [re.findall(r"<th[^>]*>(\d{4})</th>", tb) for tb in tables] == [
        [str(y) for y in range(2026, 2031)], [str(y) for y in range(2031, 2036)]]
    assert all("Ngân sách địa phương" in tb or "NSĐP" in tb for tb in tables)  # each block repeats the names
    assert "Tổng cộng" in tables[-1].split("</thead>")[0] and "Tổng cộng" not in tables[0].split("</thead>")[0]
    timeline = html.split('<section id="rollout">')[1].split("</section>")[0]
    blocks = re.findall(r'<table class="timeline".*?</table>', timeline, flags=re.S)
    assert len(blocks) == 3 and all(tb.count('<td class="name">') == 40 for tb in blocks)
    assert "Năm 2026-2029" in blocks[0] and "Năm 2033-2035" in blocks[2]


def test_money_of_a_source_outside_its_valid_years_is_hatched_on_the_chart_with_a_legend_saying_why(tmp_path):
    html = write_report(GIA_LAI, tmp_path / "gl.html", "vi")
    chart = re.search(r'<svg class="chart" id="budget-chart".*?</svg>', html, flags=re.S).group(0)
    outside = re.findall(r'<rect class="bar" data-source="([\w-]+)" data-year="(\d+)"[^>]*data-outside="1"', chart)
    assert sorted(outside) == [("ntp-dtts", "2026"), ("ntp-gnbv", "2026"), ("ntp-ntm", "2026")]
    assert len(re.findall(r'<rect class="outside"', chart)) == 3
    legend = html.split('id="budget-legend"')[1].split("</ul>")[0]
    assert "Gạch chéo" in legend and "ngoài thời gian hiệu lực" in legend
    assert "data-outside" not in write_report(LANG_SON, tmp_path / "ls.html", "vi")


def test_the_plans_table_comes_first_with_each_line_cost_group_subtotals_and_the_grand_total(tmp_path):
    html = write_report(GIA_LAI, tmp_path / "gl.html", "vi")
    order = [html.index(f'<section id="{s}">') for s in ("appendix", "budget", "rollout", "targets", "calendar")]
    assert order == sorted(order) and html.index('id="findings"') > order[-1]
    table = re.search(r'<table class="appendix" id="appendix-table">.*?</table>', html, flags=re.S).group(0)
    groups = re.findall(r'<tr class="group"><td class="no">(\w+)</td><td class="name">([^<]+)</td>'
                        r'<td class="num">([\d.]+)</td>', table)
    assert groups == [("I", "Y tế", "27.900"), ("II", "Giáo dục và đào tạo", "7.500"),
                      ("III", "Bảo vệ trẻ em", "4.860"), ("IV", "Y tế", "2.640")]
    assert re.search(r'data-intervention="imam"><td class="no">1</td><td class="name">Mô hình quản lý điều trị suy '
                     r'dinh dưỡng cấp tính nặng ở trẻ em \(IMAM\)</td><td class="num">9.300</td>', table)
    total = re.search(r'<tr class="total">(.*?)</tr>', table).group(1)
    assert re.findall(r'<td class="num">([\d.]+)</td>', total) == ["42.900", "6.510", "6.510", "6.510", "9.360",
                                                                     "14.010"]


def test_findings_are_an_annex_grouped_by_rule_without_line_numbers_or_paths(tmp_path):
    html = write_report(GIA_LAI, tmp_path / "gl.html", "vi")
    annex = html.split('<section class="annex" id="findings">')[1]
    rules = re.findall(r'data-rule="(\w+)"', annex)
    assert rules == sorted(set(rules)) == ["A002", "A003", "A004", "F002", "O001"]  # each rule once
    f002 = annex.split('data-rule="F002"')[1].split("</div>")[0]
    assert "(9 nơi)" in f002 and f002.count("<li") == 3  # three sources, each at three lines
    assert "Cũng liên quan đến: Gói can thiệp dinh dưỡng cơ bản; Mô hình chăm sóc thiết yếu" in f002
    assert not re.search(r"dòng \d+|line \d+|\d+:\d+ |interventions\[|\.yaml", annex)
    assert "gia-lai-2023-2026" not in html.split("<style>")[0] + html.split("</style>")[1]  # no plan id


def test_every_empty_section_says_why_it_is_empty(tmp_path):
    html = write_report(CHI_LANG, tmp_path / "cl.html", "vi")
    for section in ("appendix", "budget", "rollout", "targets", "calendar"):
        body = html.split(f'<section id="{section}">')[1].split("</section>")[0]
        text = re.sub(r"<[^>]+>", " ", body.split("</h2>", 1)[1]).strip()
        assert text, section
    assert "Kế hoạch không có dòng nội dung" in html and "Kế hoạch không đặt chỉ tiêu" in html
    ls = write_report(LANG_SON, tmp_path / "ls.html", "en")
    assert "The plan sets no money: no line has a cost." in ls  # its table marks eligible sources instead


def check_printed(pdf: Path, plan: Path, lang: str) -> list:
    pages = printed_pages(pdf)
    assert pages and all(p.a4 for p in pages), [(p.width, p.height) for p in pages]
    text = nfc(" ".join(p.text for p in pages))
    words, figures = expected_on_paper(plan, lang)
    for expected in words + figures:
        assert nfc(expected) in text, (plan.name, lang, expected)
    on_page = [nfc(p.text) for p in pages]
    for name in words:  # a row is never split over two pages: each name is whole on one page
        assert any(nfc(name) in page for page in on_page), (plan.name, name)
    smallest = min(p.smallest_text for p in pages)
    assert smallest >= 9 - 0.01, [s for p in pages for s in p.sizes if s[0] < 9][:5]
    headings = [nfc(h) for h in HEADINGS[lang]]
    for page in pages:  # a heading is kept with what follows it: no page ends with one
        last = nfc(page.text.strip().splitlines()[-1])
        assert last not in headings, (plan.name, last)
    numbers = re.findall(r"(?:Trang|Page) (\d+)(?:/| of )(\d+)", text)
    assert [int(n) for n, _ in numbers] == list(range(1, len(pages) + 1)), numbers  # page numbers on every page
    assert all(int(of) == len(pages) for _, of in numbers)
    return pages


@needs_chromium
@pytest.mark.parametrize("plan,lang", [(p, "vi") for p in PLANS] + [(GIA_LAI, "en")],
                         ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_every_bundled_plans_report_prints_on_a4_with_every_year_name_and_total(tmp_path, plan, lang):
    out = tmp_path / f"{plan.stem}-{lang}.html"
    write_report(plan, out, lang)
    pdf = chromium_pdf(out, tmp_path / f"{plan.stem}-{lang}.pdf")
    check_printed(pdf, plan, lang)
    if SHOTS and plan == GIA_LAI and lang == "vi":
        png_pages(pdf, Path(SHOTS))


@needs_chromium
def test_a_ten_year_forty_line_report_prints_on_a4_with_every_year_name_and_total(tmp_path):
    plan = tmp_path / "muoi-nam-2026-2035.yaml"
    plan.write_text(ten_year_plan(), encoding="utf-8")
    out = tmp_path / "muoi-nam-2026-2035.html"
    write_report(plan, out, "vi")
    pdf = chromium_pdf(out, tmp_path / "muoi-nam-2026-2035.pdf")
    pages = check_printed(pdf, plan, "vi")
    assert len(pages) >= 5
    if SHOTS:
        png_pages(pdf, Path(SHOTS))


def test_the_vietnamese_report_writes_dates_and_periods_as_vietnamese_documents_do(tmp_path):
    tay_ninh = write_report(ROOT / "plans" / "tay-ninh-2025.yaml", tmp_path / "tn.html", "vi")
    calendar = tay_ninh.split('<section id="calendar">')[1].split("</section>")[0]
    assert "<td>04/05/2025</td>" in calendar and "<td>6 tháng đầu năm 2025</td>" in calendar
    gia_lai = write_report(GIA_LAI, tmp_path / "gl.html", "vi")
    assert "<th>Ngày ban hành</th><td>13/09/2023</td>" in gia_lai and "<td>mỗi 6 tháng</td>" in gia_lai
    for page in (tay_ninh, gia_lai):
        assert not re.search(r"YYYY|\d{4}-H[12]|\d{4}-\d\d-\d\d", page)


# the page as printed: the print style's body (no screen margins), then the measures
PROBE = """<style>body{margin:0;padding:0;max-width:none}</style><script>window.addEventListener('load', () => {
  const names = [...document.querySelectorAll('td.name')].map(td => td.getBoundingClientRect().width);
  const page = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('table, svg.chart')].filter(
    el => el.getBoundingClientRect().right > page + 1 || el.scrollWidth > el.clientWidth + 1).length;
  document.title = 'names=' + names.length + ';narrowest=' + Math.round(Math.min(...names)) + ';wide=' + wide +
    ';page=' + page;
});</script></body>"""


@needs_chromium
def test_on_a_page_as_wide_as_a4_no_table_is_wider_than_the_page_and_names_keep_a_readable_width(tmp_path):
    import subprocess

    from tests.printing import CHROMIUM

    plan = tmp_path / "muoi-nam.yaml"
    plan.write_text(ten_year_plan(), encoding="utf-8")
    html = write_report(plan, tmp_path / "muoi-nam.html", "vi")
    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("</body>", PROBE), encoding="utf-8")
    # 182 mm of A4 portrait between the margins, at 96 CSS px an inch
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=688,1000",
         "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=120).stdout
    values = dict(part.split("=") for part in re.search(r"<title>(names=.*?)</title>", dom).group(1).split(";"))
    assert int(values["names"]) >= 40 * 4  # the appendix and three blocks of the rollout, 40 lines each
    assert int(values["wide"]) == 0  # nothing reaches past the page's right edge: nothing would be clipped
    assert int(values["narrowest"]) >= 150  # a name column of about 13 em: names wrap between words


def test_figures_the_plan_does_not_give_are_in_italics_with_a_note_saying_so(tmp_path):
    html = write_report(GIA_LAI, tmp_path / "gl.html", "vi")
    table = re.search(r'<table class="appendix" id="appendix-table">.*?</table>', html, flags=re.S).group(0)
    imam = re.search(r'data-intervention="imam">.*?</tr>', table).group(0)
    assert imam.count('<td class="num assumed">1.860</td>') == 5  # 9.300 split equally over five sources
    assert '<td class="num assumed">27.900' not in table  # the cost is the plan's own
    assert "Chữ nghiêng: Số liệu giả định: kế hoạch không ghi" in html


def test_more_sources_than_fit_the_width_print_in_blocks_that_repeat_number_name_and_cost(tmp_path):
    extra = "".join(f"  - {{id: s{k}, name: Nguồn bổ sung số {k}, short: Nguồn {k}, kind: other}}\n" for k in range(4))
    text = ten_year_plan().replace("groups:\n", extra + "groups:\n", 1)
    text = text.replace("    sources: [ntp, nsdp, other]\n", "    sources: [ntp, nsdp, other, s0, s1, s2, s3]\n", 1)
    plan = tmp_path / "tam-nguon.yaml"
    plan.write_text(text, encoding="utf-8")
    html = write_report(plan, tmp_path / "tam-nguon.html", "vi")
    tables = re.findall(r'<table class="appendix".*?</table>', html, flags=re.S)
    heads = [re.findall(r"<th[^>]*>(.*?)</th>", tb.split("</thead>")[0])[1:] for tb in tables]
    assert [h[:3] for h in heads] == [["STT", "Tên can thiệp", "Ước tính kinh phí thực hiện (triệu đồng)"]] * 2
    assert [len(h) - 3 for h in heads] == [5, 3]  # eight sources: five, then three
    assert all(tb.count('data-intervention="line-01"') == 1 for tb in tables)
