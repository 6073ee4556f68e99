"""`ecdplan progress`: execution, rollout, targets and roll-up into a parent plan, checked by hand; the report due at
a deadline (xlsx, html) opened in LibreOffice and headless Chromium; `calendar` with the period each deadline expects
and `--due`."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = "plans/gia-lai-2023-2026.yaml"
P2023 = "examples/progress-gia-lai-2023.yaml"
P2024H1 = "examples/progress-gia-lai-2024-H1.yaml"
BANG_MAC = "examples/progress-bang-mac-2024.yaml"


def tables(cli, *args) -> list[dict]:
    run = cli("progress", *args, "--format", "json", cwd=ROOT)
    assert run.exit_code == 0, run.output
    return run.json()["tables"]


def pct(part: Fraction, whole: Fraction) -> Decimal:
    """To one decimal, half up, as a person would on a calculator."""
    return Decimal(int(part * 1000 / whole * 2 + 1) // 2).scaleb(-1)


def test_execution_by_source_and_year_checked_by_hand(cli):
    """The Gia Lai plan's 2023 money (million VND), worked out from the appendix: IMAM 9,300 over 104 commune-years
    (10 in 2023), split over its 5 sources; the nutrition package and newborn care the same over their 4 sources;
    the library 7,500 over 42 commune-years (6 in 2023) and child protection 4,860 and the clubs 2,640 over 4 years,
    each over NSĐP and other. `budget --by-source --by-year` shows 626.0 per NTP, NSĐP 1,652.0, other 2,099.1."""
    imam = Fraction(9300 * 10, 104) / 5
    package = Fraction(9300 * 10, 104) / 4
    library = Fraction(7500 * 6, 42) / 2
    protection, clubs = Fraction(4860, 4) / 2, Fraction(2640, 4) / 2
    planned = {"CTMTQG DTTS-MN": imam + 2 * package, "CTMTQG GNBV": imam + 2 * package,
               "CTMTQG XD NTM": imam + 2 * package, "NSĐP": imam + library + protection + clubs,
               "Nguồn hợp pháp khác": imam + 2 * package + library + protection + clubs}
    assert round(float(sum(planned.values())), 1) == 5629.1
    # the illustrative file's disbursements, added by hand per source
    disbursed = {"CTMTQG DTTS-MN": 150 + 200 + 210, "CTMTQG GNBV": 120 + 180 + 190, "CTMTQG XD NTM": 100 + 150 + 200,
                 "NSĐP": 160 + 400 + 600 + 300, "Nguồn hợp pháp khác": 90 + 100 + 120 + 250 + 380 + 210}
    shown_planned = {"CTMTQG DTTS-MN": "626.0", "CTMTQG GNBV": "626.0", "CTMTQG XD NTM": "626.0", "NSĐP": "1652.0",
                     "Nguồn hợp pháp khác": "2099.1"}  # as budget shows them
    execution = tables(cli, GIA_LAI, P2023, "--by-source", "--by-year")[0]
    rows = {r["source"]: r for r in execution["rows"]}
    assert list(rows) == list(planned)
    for source, row in rows.items():
        assert row["year"] == 2023
        assert Decimal(str(row["planned"])) == Decimal(shown_planned[source])
        assert Decimal(str(row["disbursed"])) == disbursed[source]
        assert Decimal(str(row["remaining"])) == Decimal(shown_planned[source]) - disbursed[source]
        assert Decimal(str(row["percent_used"])) == pct(Fraction(disbursed[source]), planned[source])
    assert [str(rows[s]["percent_used"]) for s in rows] == ["89.5", "78.3", "71.9", "88.4", "54.8"]
    total = execution["totals"][0]
    assert (total["planned"], total["disbursed"], total["remaining"], total["percent_used"]) == \
        (5629.1, 4110.0, 1519.1, 73.0)
    assert any("ILLUSTRATIVE" in n for n in execution["notes"])


def test_execution_columns_add_up_as_shown_in_every_pivot(cli):
    for flags in ([], ["--by-source"], ["--by-intervention", "--by-year"], ["--by-group"], ["--by-agency"]):
        execution = tables(cli, GIA_LAI, P2023, P2024H1, *flags)[0]
        total = execution["totals"][0]
        for key in ("planned", "disbursed", "remaining"):
            assert sum(Decimal(str(r[key])) for r in execution["rows"]) == Decimal(str(total[key])), (flags, key)
        for r in execution["rows"]:
            assert Decimal(str(r["planned"])) - Decimal(str(r["disbursed"])) == Decimal(str(r["remaining"]))


def test_a_half_year_is_planned_at_half_its_year(cli):
    execution = tables(cli, GIA_LAI, P2024H1, "--by-year")[0]
    assert execution["rows"][0]["planned"] == 2814.6  # half of 5,629.1 (5,629.12 / 2 = 2,814.56)


def test_rollout_shows_named_communes_still_behind(cli):
    rollout = tables(cli, GIA_LAI, P2023)[1]
    clubs = next(r for r in rollout["rows"] if r["intervention"] == "nutrition-clubs")
    assert (clubs["communes_planned"], clubs["communes_reached"], clubs["communes_behind"]) == (9, 8, 1)
    assert clubs["not_reached"] == "Ia Mlah"  # 'kông lơng khơng' in lower case still counts as Kông Lơng Khơng


def test_a_commune_plans_progress_rolls_up_into_its_district_plan(cli):
    execution, rollout, _ = tables(cli, "plans/chi-lang-2024.yaml", BANG_MAC, "--by-intervention", "--by-source")
    assert execution["title"].startswith("chi-lang-2024: ")
    lines = {(r["intervention"], r["source"]): r for r in execution["rows"]}
    assert lines[("bang-mac-2024 / capacity", "bang-mac-2024 / Phòng LĐTB&XH và Dân tộc huyện")]["disbursed"] == 8.0
    assert execution["totals"][0]["disbursed"] == 31.5  # 8 + 4.5 + 6 + 3 + 10
    assert execution["totals"][0]["planned"] is None  # the commune plan has no money: unbudgeted, not zero
    assert any("bang-mac-2024" in n and "block" in n for n in execution["notes"])
    reached = {r["intervention"]: r["communes_reached"] for r in rollout["rows"]}
    assert reached["bang-mac-2024 / capacity"] == 1


def test_targets_are_on_track_or_behind_the_path_at_the_measurement_date(cli, tmp_path):
    plan = (ROOT / "plans" / "lang-son-2019-2025.yaml").read_text(encoding="utf-8")
    ind = re.search(r"indicators:\n  - id: ([\w-]+)", plan).group(1)
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    (tmp_path / "p.yaml").write_text(f"""format: ecdplan-progress/1
plan: {{id: lang-son-2019-2025, file: plan.yaml}}
period: 2022
indicators:
  {ind}:
    - {{value: 80, date: 2022-12-31, source: khảo sát}}
    - {{value: 75, date: 2022-06-30, source: khảo sát}}
""", encoding="utf-8")
    run = cli("progress", tmp_path / "plan.yaml", tmp_path / "p.yaml", "--format", "json")
    assert run.exit_code == 0, run.output
    rows = run.json()["tables"][2]["rows"]
    # milestones 70 (2020) and 90 (2025) hold at 31/12, 1,826 days apart: on 30/06/2022 (546 days on)
    # 70 + 20 × 546/1826 = 75.98 (75 is behind); on 31/12/2022 (730 days on) 70 + 20 × 730/1826 = 78.00 (80 on track)
    assert [(r["date"], r["target"], r["status"]) for r in rows] == [
        ("2022-06-30", 75.98, "behind"), ("2022-12-31", 78, "on track")]


def test_calendar_marks_the_period_each_deadline_expects(cli):
    run = cli("calendar", "plans/tay-ninh-2025.yaml", "plans/bang-mac-2024.yaml", "--format", "json", cwd=ROOT)
    rows = run.json()["rows"]
    expects = {(r["date"], r["plan"]): r["expects"] for r in rows if r["date"]}
    # "trước ngày 05/5/2025": due on the 4th (issue 20)
    assert expects[("2025-05-04", "tay-ninh-2025")] == "2025-H1"
    assert expects[("2025-11-04", "tay-ninh-2025")] == "2025"
    assert expects[("2024-11-19", "bang-mac-2024")] == "2024"


def test_calendar_due_lists_reports_overdue_or_due_soon_without_a_progress_file(cli):
    run = cli("calendar", "--due", "--within", "30", "--today", "2024-11-01", BANG_MAC, "plans/tay-ninh-2025.yaml",
              "--format", "json", cwd=ROOT)
    assert run.exit_code == 0, run.output
    rows = run.json()["rows"]
    assert all(r["plan"] != "bang-mac-2024" for r in rows)  # its 2024 progress file exists: met
    run = cli("calendar", "--due", "--today", "2025-05-10", "plans/tay-ninh-2025.yaml", "--format", "json", cwd=ROOT)
    rows = run.json()["rows"]
    assert [(r["date"], r["expects"], r["status"]) for r in rows] == [("2025-05-04", "2025-H1", "overdue by 6 days")]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def export(cli, tmp_path: Path, kind: str) -> Path:
    out = tmp_path / f"report.{kind}"
    run = cli("progress", GIA_LAI, P2023, P2024H1, "--report", "2024-H1", "--export", kind, "-o", out, "--lang", "vi", cwd=ROOT)
    assert run.exit_code == 0, run.output
    return out


def test_the_half_year_report_workbook_has_the_forms_columns_and_totals(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(export(cli, tmp_path, "xlsx"), data_only=True)  # the values stored with formulas
    cells = [[c for c in row] for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    text = "\n".join(str(c) for row in cells for c in row if c is not None)
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH KỲ 6 THÁNG ĐẦU NĂM 2024" in text and "SỐ LIỆU MINH HỌA" in text
    for header in ("STT", "Nội dung/chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Tỷ lệ % so với kế hoạch",
                   "Ghi chú"):
        assert header in text
    total = next(row for row in cells if row[1] == "Tổng cộng" and row[3] is not None)
    assert list(total[3:7]) == [2814.6, 1870.5, 944.1, 66.5]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_half_year_report_opens_in_libreoffice(cli, tmp_path):
    out = export(cli, tmp_path, "xlsx")
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180, check=True)
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True,
                              text=True, timeout=60).stdout
        assert "Tỷ lệ" in text and ("2.814,6" in text or "2,814.6" in text)
        assert "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH KỲ 6 THÁNG ĐẦU NĂM 2024" in text and "SỐ LIỆU MINH HỌA" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "report.pdf"),
                        str(tmp_path / "page")], capture_output=True, timeout=60, check=True)
        pngs = sorted(tmp_path.glob("page-*.png"))  # page-1.png, or page-01.png with ten pages or more
        assert pngs and pngs[0].read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
def test_the_half_year_report_renders_in_headless_chromium(cli, tmp_path):
    out = export(cli, tmp_path, "html")
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and not re.search(r'(src|href)="(https?:)?//', html)
    assert "SỐ LIỆU MINH HỌA" in html and "2.814,6" in html
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", out.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert dom.count("<table") >= 6 and "Tổng cộng" in dom
    shot = tmp_path / "page.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile2'}", f"--screenshot={shot}", "--window-size=1280,1600",
                    out.as_uri()], capture_output=True, timeout=120)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000


def test_every_output_of_an_illustrative_file_says_so(cli):
    for fmt in ("table", "csv", "json", "markdown"):
        run = cli("progress", GIA_LAI, P2023, "--format", fmt, cwd=ROOT)
        assert run.exit_code == 0 and ("ILLUSTRATIVE" in run.stdout or "# illustrative:" in run.stdout), fmt


def test_hostile_progress_values_never_crash(cli, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text((ROOT / GIA_LAI).read_text(encoding="utf-8"), encoding="utf-8")
    for body, status in [("period: 2023\nlines: {imam: {communes: []}}", 0), ("period: true", 2),
                         ("period: [2023]", 2), ("period: ' 2024 - H1 '\nlines: {imam: {disbursed: {nsdp: {}}}}", 0),
                         ("period: {from: 2024-05-01, to: 2024-03-01}", 2), ("period: 2023\nlines: {imam: null}", 2)]:
        (tmp_path / "p.yaml").write_text("format: ecdplan-progress/1\nplan: {id: gia-lai-2023-2026, file: plan.yaml}\n"
                                         + body + "\n", encoding="utf-8")
        run = cli("progress", plan, tmp_path / "p.yaml")
        run.assert_no_traceback()
        assert run.exit_code == status, (body, run.output)


def test_the_commune_report_rolls_up_into_the_district_report_with_its_deadlines(cli, tmp_path):
    out = tmp_path / "bm.html"
    run = cli("progress", "plans/chi-lang-2024.yaml", BANG_MAC, "--report", "2024", "--export", "html", "-o", out, "--lang", "vi",
              cwd=ROOT)
    assert run.exit_code == 0, run.output
    html = out.read_text(encoding="utf-8")
    assert "19/11/2024: Tổng hợp báo cáo kết quả thực hiện" in html  # the child's deadline ("trước ngày 20/11")
    assert "bang-mac-2024 / Nâng cao năng lực" in html and "31,5" in html and "chưa có dự toán" in html


def test_sub_project_amounts_are_noted_in_the_results_form(cli, tmp_path):
    out = tmp_path / "r.html"
    assert cli("progress", GIA_LAI, P2023, "--report", "2023", "--export", "html", "-o", out, "--lang", "vi", cwd=ROOT).exit_code == 0
    assert "Tiểu dự án 2 - Dự án 3: 180 triệu đồng" in out.read_text(encoding="utf-8")


def test_validate_checks_each_file_by_its_format_in_the_order_given(cli):
    run = cli("validate", P2023, "plans/bang-mac-2024.yaml", BANG_MAC, "--format", "json", cwd=ROOT)
    assert run.exit_code == 0, run.output
    assert [f["file"] for f in run.json()["files"]] == [P2023, "plans/bang-mac-2024.yaml", BANG_MAC]
    assert [f["plan"] for f in run.json()["files"]] == [None, "bang-mac-2024", None]


def test_report_needs_a_progress_file_for_its_period(cli, tmp_path):
    run = cli("progress", GIA_LAI, P2023, "--report", "2024-H1", "--export", "xlsx", "-o", tmp_path / "x.xlsx",
              cwd=ROOT)
    assert run.exit_code == 2 and "no progress file for the period 2024-H1" in run.output


def test_calendar_due_lists_ended_periods_of_undated_reports(cli):
    run = cli("calendar", "--due", "--today", "2024-07-15", P2023, P2024H1, "--format", "json", cwd=ROOT)
    rows = run.json()["rows"]
    # Gia Lai's reports are six-monthly and yearly with no date: 2023 and 2024-H1 have files, 2023's halves do not;
    # each half has two reports: the units' to Sở KHĐT and Sở KHĐT's to UBND tỉnh (the seed's V.1)
    assert [(r["date"], r["expects"]) for r in rows] == [("(no date)", "2023-H1")] * 2 + [("(no date)", "2023-H2")] * 2
