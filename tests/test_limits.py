"""Issue 20, lane "limits": very large figures, words, messages and positions.

One documented limit, `core.money.MAX_DONG` = 10^15 đồng, that every output carries exactly (Excel cells, the
amount in words, grouped figures), refused beyond it with B007 before anything is written; positions right
whatever the line breaks; invisible characters named where they are; texts no output cuts.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import col_of, invoke, line_of
from ecdplan.i18n.numbers import amount_in_words

MAX_DONG = 10**15  # core.money.MAX_DONG (imported inside the tests, so that they run against older code too)

openpyxl = pytest.importorskip("openpyxl")

PLAN = """\
format: ecdplan/1
plan:
  id: big-plan
  title: Kế hoạch lớn
  issuer: UBND tỉnh Thử
  level: commune
  area: {name: xã Thử, communes: 10}
  period: {start: 2023, end: 2023}
  unit: VND
sources:
  - id: ntp
    name: Chương trình MTQG
    kind: ntp
    valid: {start: 2021, end: 2026}
interventions:
  - id: clubs
    name: Câu lạc bộ dinh dưỡng
    rollout:
      - years: 2023
        communes: 2
    cost: {total: AMOUNT}
    sources: [ntp]
"""
TWO_53_PLUS_1 = 2**53 + 1  # 9007199254740993: a double cannot hold it (it becomes ...992)


def plan_text(amount: int | str) -> str:
    return PLAN.replace("AMOUNT", str(amount))


def write(tmp_path: Path, text: str | bytes, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def json_findings(run, code: str) -> list[dict]:
    import json

    return [f for f in json.loads(run.stdout)["findings"] if f["code"] == code]


def no_crash(run) -> None:
    assert "Traceback" not in run.output and "internal error" not in run.output, run.output
    assert run.exception is None or isinstance(run.exception, SystemExit), repr(run.exception)


# --- 1. the Excel appendix never changes an amount ---------------------------------------------------------------

def test_xlsx_appendix_refuses_an_amount_a_cell_cannot_hold_before_writing(tmp_path):
    plan = write(tmp_path, plan_text(TWO_53_PLUS_1))
    out = tmp_path / "appendix.xlsx"
    run = invoke(["export", "xlsx", str(plan), "-o", str(out)])
    no_crash(run)
    assert run.exit_code == 2, run.output
    assert "B007" in run.output and "9007199254740993" in run.output
    assert not out.exists()


@pytest.mark.parametrize("amount", [MAX_DONG, MAX_DONG - 7, 999_999_999_999_999, 123_456_789_012_345])
def test_xlsx_cells_equal_the_exact_dong_up_to_the_limit_totals_included(tmp_path, amount):
    plan = write(tmp_path, plan_text(amount))
    out = tmp_path / "appendix.xlsx"
    run = invoke(["export", "xlsx", str(plan), "-o", str(out), "--lang", "vi", "--decimals", "6"])
    assert run.exit_code == 0, run.output
    ws = openpyxl.load_workbook(out, data_only=True).worksheets[0]
    numbers = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float))]
    in_dong = [Decimal(repr(n)) * 10**6 for n in numbers]  # the appendix is in million VND, read back exactly
    assert in_dong.count(amount) >= 3, numbers  # the line's source, its cost, the grand total
    words = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "Bằng chữ" in c.value]
    assert words == [f"Bằng chữ: {amount_in_words(amount, 'vi')}."]


# --- 2. "Bằng chữ": exact words up to the limit ----------------------------------------------------------------

def test_amount_in_words_of_ten_to_the_fifteen_dong_is_mot_trieu_ty_not_ten_times_smaller():
    assert amount_in_words(10**15, "vi") == "Một triệu tỷ đồng"
    assert amount_in_words(10**15 - 1, "vi").startswith("Chín trăm chín mươi chín nghìn tỷ chín trăm")
    assert amount_in_words(2 * 10**14 + 5, "vi") == "Hai trăm nghìn tỷ lẻ năm đồng"


def test_vietnamese_words_equal_num2words_wherever_num2words_is_right():
    from num2words import num2words

    from ecdplan.i18n.numbers import vietnamese_words

    rng = random.Random(20)
    values = list(range(0, 2100)) + [10**k + d for k in range(3, 15) for d in (-1, 0, 1, 5, 10, 15, 21, 99, 100, 105)]
    values += [rng.randrange(10 ** rng.randint(1, 15)) for _ in range(20000)]
    for n in values:  # below 10^15 num2words is right (its float is exact below 2^53)
        assert vietnamese_words(n) == num2words(n, lang="vi"), n


def test_words_never_mix_in_english_and_never_go_beyond_the_limit():
    from ecdplan.core.money import MAX_DONG as documented
    from ecdplan.i18n.numbers import vietnamese_words

    assert documented == MAX_DONG
    with pytest.raises(ValueError):
        vietnamese_words(TWO_53_PLUS_1)
    words = vietnamese_words(MAX_DONG - 1)
    assert words.isascii() is False and "illion" not in words


# --- 3. one limit, refused with B007 before any output ---------------------------------------------------------

@pytest.mark.parametrize("command", [["validate"], ["budget"], ["budget", "--lang", "vi"], ["report", "-o", "X"],
                                     ["funding"], ["rollout"]])
def test_a_figure_beyond_the_limit_is_B007_and_exit_2_before_any_output(tmp_path, command):
    plan = write(tmp_path, plan_text(MAX_DONG + 1))
    out = tmp_path / "out.html"
    args = [command[0], str(plan), *[str(out) if a == "X" else a for a in command[1:]]]
    run = invoke(args)
    no_crash(run)
    assert run.exit_code == 2, run.output
    assert "B007" in run.output
    assert "Câu lạc bộ" not in run.stdout.split("B007")[0] or command == ["validate"]
    assert not out.exists()


def test_B007_names_the_figure_the_limit_and_the_position(tmp_path):
    text = plan_text(TWO_53_PLUS_1)
    run = invoke(["validate", str(write(tmp_path, text)), "--format", "json"])
    [f] = json_findings(run, "B007")
    assert f["line"] == line_of(text, "cost: {total:") and f["figures"]["amount"] == "9007199254740993"
    assert f["figures"]["limit"] == str(MAX_DONG) and f["severity"] == "error"
    assert "10^15" in f["message"]


def test_a_figure_at_the_limit_is_accepted(tmp_path):
    run = invoke(["budget", str(write(tmp_path, plan_text(MAX_DONG))), "--unit", "vnd", "--lang", "vi"])
    assert run.exit_code == 0, run.output
    assert "1.000.000.000.000.000" in run.stdout


def test_lines_that_add_up_beyond_the_limit_are_B007(tmp_path):
    text = plan_text(MAX_DONG).replace("    sources: [ntp]\n", "    sources: [ntp]\n  - id: more\n    name: Thêm\n"
                                       "    rollout: [{years: 2023, communes: 2}]\n    cost: {total: 1}\n"
                                       "    sources: [ntp]\n")
    run = invoke(["budget", str(write(tmp_path, text))])
    no_crash(run)
    assert run.exit_code == 2 and "B007" in run.output and "1000000000000001" in run.output


def test_a_progress_file_beyond_the_limit_is_B007(tmp_path):
    write(tmp_path, plan_text(1000))
    progress = write(tmp_path, "format: ecdplan-progress/1\nplan: {id: big-plan, file: plan.yaml}\nperiod: 2023\n"
                               f"unit: VND\nlines:\n  clubs:\n    disbursed: {{ntp: {TWO_53_PLUS_1}}}\n", "p.yaml")
    run = invoke(["progress", str(tmp_path / "plan.yaml"), str(progress)])
    no_crash(run)
    assert run.exit_code == 2 and "B007" in run.output, run.output
    run = invoke(["validate", str(progress)])
    assert run.exit_code == 2 and "B007" in run.output, run.output


def test_progress_files_that_add_up_beyond_the_limit_are_B007(tmp_path):
    write(tmp_path, plan_text(MAX_DONG).replace("period: {start: 2023, end: 2023}", "period: {start: 2023, end: 2024}")
          .replace("years: 2023\n", "years: 2023-2024\n"))
    files = []
    for year in (2023, 2024):
        files.append(write(tmp_path, "format: ecdplan-progress/1\nplan: {id: big-plan, file: plan.yaml}\n"
                                     f"period: {year}\nunit: VND\nlines:\n  clubs:\n"
                                     f"    disbursed: {{ntp: {6 * 10**14}}}\n", f"p{year}.yaml"))
    run = invoke(["progress", str(tmp_path / "plan.yaml"), *map(str, files)])
    no_crash(run)
    assert run.exit_code == 2 and "B007" in run.output and "1200000000000000" in run.output, run.output


def test_envelopes_beyond_the_limit_are_B007(tmp_path):
    write(tmp_path, plan_text(1000))
    env = write(tmp_path, f"format: ecdplan-envelopes/1\nplan: plan.yaml\nunit: VND\nenvelopes:\n"
                          f"  ntp: {{2023: {TWO_53_PLUS_1}}}\n", "env.yaml")
    run = invoke(["funding", str(tmp_path / "plan.yaml"), "--envelopes", str(env)])
    no_crash(run)
    assert run.exit_code == 2 and "B007" in run.output, run.output


def test_a_scenario_beyond_the_limit_is_B007(tmp_path):
    write(tmp_path, plan_text(1000))
    scenario = write(tmp_path, "format: ecdplan-scenario/1\nplan: plan.yaml\nname: Lớn\ninterventions:\n"
                               f"  clubs:\n    cost: {{total: {TWO_53_PLUS_1}}}\n", "s.yaml")
    run = invoke(["compare", str(tmp_path / "plan.yaml"), "-s", str(scenario)])
    no_crash(run)
    assert run.exit_code == 2 and "B007" in run.output, run.output


def test_a_scenario_whose_lines_add_up_beyond_the_limit_is_B007_in_validate_and_compare(tmp_path):
    text = plan_text(1000).replace("    sources: [ntp]\n", "    sources: [ntp]\n  - id: more\n    name: Thêm\n"
                                   "    rollout: [{years: 2023, communes: 2}]\n    cost: {total: 1}\n"
                                   "    sources: [ntp]\n")
    write(tmp_path, text)
    scenario = write(tmp_path, "format: ecdplan-scenario/1\nplan: plan.yaml\nname: Lớn\ninterventions:\n"
                               f"  clubs:\n    cost: {{total: {MAX_DONG}}}\n", "s.yaml")
    run = invoke(["validate", str(scenario)])
    no_crash(run)
    assert run.exit_code == 2 and "B007" in run.output and "1000000000000001" in run.output, run.output
    run = invoke(["compare", str(tmp_path / "plan.yaml"), "-s", str(scenario)])
    assert run.exit_code == 2 and "B007" in run.output, run.output


def test_plans_rolled_up_beyond_the_limit_are_B007(tmp_path):
    a = write(tmp_path, plan_text(6 * 10**14), "a.yaml")
    b = write(tmp_path, plan_text(6 * 10**14).replace("id: big-plan", "id: big-plan-2"), "b.yaml")
    run = invoke(["rollup", str(a), str(b)])
    no_crash(run)
    assert run.exit_code == 2 and "B007" in run.output and "1200000000000000" in run.output, run.output


@pytest.mark.parametrize("written", ["1.234.567.890.123.456.789.012.345.678.901",
                                     "1.234.567.890.123.456.789.012.345.678,901",
                                     "12345678901234567.123456789012"])
def test_a_figure_with_29_significant_digits_is_a_finding_not_an_internal_error(tmp_path, written):
    for text in (plan_text(written), PLAN.replace("cost: {total: AMOUNT}", f"cost:\n      total: {written}")):
        run = invoke(["validate", str(write(tmp_path, text)), "--lang", "vi"])
        no_crash(run)
        assert run.exit_code in (1, 2) and any(c in run.output for c in ("L006", "L007", "B007")), run.output


# --- 4. the hint of `{total: 9.300,5}` --------------------------------------------------------------------------

def test_vietnamese_decimal_comma_in_a_flow_mapping_is_read_as_vietnamese_notation(tmp_path):
    run = invoke(["validate", str(write(tmp_path, plan_text("9.300,5"))), "--format", "json"])
    [f] = json_findings(run, "L006")
    assert "Vietnamese notation" in f["message"] and "9.300,5 is 9300.5: write 9300.5" in f["message"]
    assert "thousands separator write" not in f["message"]
    # an English thousands comma keeps its own hint
    run = invoke(["validate", str(write(tmp_path, plan_text("9,300"))), "--format", "json"])
    [f] = json_findings(run, "L006")
    assert "if the comma is a thousands separator write 9300" in f["message"]


# --- 5. an invisible character inside an amount -----------------------------------------------------------------

@pytest.mark.parametrize("char, point, name", [("\x00", "U+0000", "NUL"), ("\u200b", "U+200B", "ZERO WIDTH SPACE"),
                                               ("\u2060", "U+2060", "WORD JOINER")])
def test_an_invisible_character_inside_an_amount_is_L010_with_its_code_point_and_position(tmp_path, char, point,
                                                                                          name):
    text = plan_text(f'"75{char}00"')
    run = invoke(["validate", str(write(tmp_path, text)), "--format", "json"])
    no_crash(run)
    found = json_findings(run, "L010")
    assert len(found) == 1, run.stdout
    line, col = line_of(text, char), col_of(text, char)
    assert point in found[0]["message"] and name in found[0]["message"] and f"{line}:{col}" in found[0]["message"]
    assert "is text, a number is needed" not in run.stdout
    assert not json_findings(run, "S001")
    run = invoke(["budget", str(tmp_path / "plan.yaml")])
    assert run.exit_code == 2, run.output  # the amount was not read: no figures without it


# --- 6. positions whatever the line breaks; a file over the size limit ------------------------------------------

@pytest.mark.parametrize("newline", ["\r", "\u2028", "\x85", "\r\n"])
def test_positions_are_right_with_old_mac_and_unicode_line_breaks(tmp_path, newline):
    text = plan_text(1000).replace("name: Câu lạc bộ", 'name: "Câu\x07 lạc bộ')
    text = text.replace("dinh dưỡng\n", 'dinh dưỡng"\n')
    line, col = line_of(text, "\x07"), col_of(text, "\x07")
    run = invoke(["validate", str(write(tmp_path, text.replace("\n", newline))), "--format", "json"])
    no_crash(run)
    found = json_findings(run, "L010")
    assert [(f["line"], f["col"]) for f in found] == [(line, col)], run.stdout


def test_a_file_over_the_size_limit_is_at_1_1_with_the_limit_and_the_size(tmp_path):
    from ecdplan.source.reading import MAX_BYTES

    path = write(tmp_path, plan_text(1000) + "#" * MAX_BYTES)
    run = invoke(["validate", str(path), "--format", "json"])
    [f] = json_findings(run, "L001")
    assert (f["line"], f["col"]) == (1, 1)
    assert f"{MAX_BYTES:,}" in f["message"] and f"{path.stat().st_size:,}" in f["message"]


# --- 7. the chart's legend with real (long) source names -------------------------------------------------------

LONG_SOURCES = [("a", "Chương trình mục tiêu quốc gia giảm nghèo bền vững"),  # 46 characters
                ("b", "Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025"),
                ("c", "Ngân sách địa phương theo phân cấp ngân sách hiện hành"),
                ("d", "Nguồn vận động tài trợ hợp pháp khác của các tổ chức, cá nhân trong và ngoài nước theo quy "
                      "định của pháp luật về huy động nguồn lực xã hội"),
                ("e", "UNICEF")]


@pytest.mark.skipif(__import__("shutil").which("chromium") is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("width", [1200, 700])
def test_the_chart_legend_shows_long_source_names_without_overprinting_in_chromium(tmp_path, width):
    import re
    import shutil
    import subprocess

    sources = "".join(f"  - {{id: {i}, name: '{name}', kind: other}}\n" for i, name in LONG_SOURCES)
    text = plan_text(3000).replace(PLAN[PLAN.index("  - id: ntp"):PLAN.index("interventions:")], sources)
    text = text.replace("sources: [ntp]", "sources: [a, b, c, d, e]").replace("unit: VND", "unit: million VND")
    page = tmp_path / "report.html"
    run = invoke(["report", str(write(tmp_path, text)), "-o", str(page)])
    assert run.exit_code == 0, run.output
    html = page.read_text(encoding="utf-8")
    for _, name in LONG_SOURCES:
        assert name in html
    probe = """<script>window.addEventListener('load', () => {
      const items = [...document.querySelectorAll('#budget-legend li')].map(li => li.getBoundingClientRect());
      const labels = [...document.querySelectorAll('#budget-legend .label')];
      let overlaps = 0;
      for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
        const a = items[i], b = items[j];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps++; }
      const clipped = labels.filter(l => l.scrollWidth > l.clientWidth + 1 ||
                                          l.getBoundingClientRect().right > window.innerWidth).length;
      const chart = document.querySelector('#budget-chart').getBoundingClientRect();
      const below = items.every(r => r.top >= chart.bottom - 0.5);
      document.title = 'items=' + items.length + ';overlaps=' + overlaps + ';clipped=' + clipped + ';below=' + below;
    });</script></body>"""
    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("</body>", probe), encoding="utf-8")
    dom = subprocess.run(
        [shutil.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--window-size={width},900", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=120).stdout
    found = re.search(r"<title>(items=.*?)</title>", dom)
    assert found, dom[-2000:]
    values = dict(part.split("=") for part in found.group(1).split(";"))
    assert values == {"items": "5", "overlaps": "0", "clipped": "0", "below": "true"}, values


# --- 8. bidirectional controls ----------------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f"])
def test_bidi_controls_are_L010_at_load_and_reach_no_output(tmp_path, char):
    text = plan_text(1000).replace("name: Câu lạc bộ", f"name: Câu{char} lạc bộ")
    path = write(tmp_path, text)
    run = invoke(["validate", str(path), "--format", "json"])
    [f] = json_findings(run, "L010")
    assert (f["line"], f["col"]) == (line_of(text, char), col_of(text, char))
    assert f"U+{ord(char):04X}" in f["message"] and "bidirectional" in f["message"]
    assert char not in run.stdout
    for fmt in ("csv", "json", "markdown"):
        out = invoke(["budget", str(path), "--format", fmt])
        assert char not in out.stdout and "Câu lạc bộ" in out.stdout, out.output
    for fmt in ("sarif", "junit", "github"):
        assert char not in invoke(["validate", str(path), "--format", fmt]).stdout


# --- 9. texts no output cuts ------------------------------------------------------------------------------------

def test_a_name_over_32767_characters_is_L011_at_load(tmp_path):
    long_name = "Câu lạc bộ " + "x" * 32_767
    text = plan_text(1000).replace("name: Câu lạc bộ dinh dưỡng", f"name: {long_name}")
    run = invoke(["validate", str(write(tmp_path, text)), "--format", "json"])
    [f] = json_findings(run, "L011")
    assert f["line"] == line_of(text, "name: Câu lạc bộ x") and "32,767" in f["message"]
    assert run.exit_code == 1


def test_a_name_of_32767_characters_is_not_L011(tmp_path):
    text = plan_text(1000).replace("name: Câu lạc bộ dinh dưỡng", f"name: {'x' * 32_767}")
    run = invoke(["validate", str(write(tmp_path, text)), "--format", "json"])
    assert not json_findings(run, "L011")


@pytest.mark.parametrize("years", ["99999", "0000-2023", "2023-9999", "1899", "'0000'"])
def test_a_rollout_year_outside_1900_to_2200_is_S001_naming_it_in_every_command(tmp_path, years):
    text = plan_text(1000).replace("      - years: 2023\n", f"      - years: {years}\n")
    plan = str(write(tmp_path, text))
    run = invoke(["validate", plan, "--format", "json"])
    [f] = json_findings(run, "S001")
    assert f["line"] == line_of(text, f"years: {years}") and "is not a year from 1900 to 2200" in f["message"]
    assert run.exit_code == 1
    for command in (["budget"], ["rollout"], ["targets"], ["agencies"], ["calendar"], ["report", "-o", "r.html"]):
        no_crash(invoke([command[0], plan, *command[1:]], cwd=tmp_path))


@pytest.mark.parametrize("years", ["1900", "2200", "2023-2023", "'2023 – 2023'"])
def test_a_rollout_year_from_1900_to_2200_is_not_S001(tmp_path, years):
    text = plan_text(1000).replace("      - years: 2023\n", f"      - years: {years}\n")
    run = invoke(["validate", str(write(tmp_path, text)), "--format", "json"])
    no_crash(run)
    assert not json_findings(run, "S001")


# --- hostile figures: bounded findings, never an internal error -------------------------------------------------

@pytest.mark.parametrize("written", ["1e400", "1e1000000", "1e999999999999", "-1e400", "1E+30", "1e-400",
                                     "1" + ".000" * 30000, "1" + ".000" * 30000 + ",5", "1" + ".000" * 6 + ",5"])
def test_huge_exponents_and_thousands_of_digits_are_L007_with_a_short_message(tmp_path, written):
    import time

    start = time.perf_counter()
    run = invoke(["validate", str(write(tmp_path, plan_text(written))), "--format", "json"])
    assert time.perf_counter() - start < 10
    no_crash(run)
    [f] = json_findings(run, "L007")
    assert len(f["message"]) < 200, f["message"]
    assert run.exit_code == 1


@pytest.mark.parametrize("written, meant", [("7\u00a0500", "7500"), ("7\u202f500", "7500"), ("1 234 567", "1234567")])
def test_thousands_separated_by_spaces_pasted_from_word_are_L006_with_the_number_meant(tmp_path, written, meant):
    run = invoke(["validate", str(write(tmp_path, plan_text(written))), "--format", "json"])
    [f] = json_findings(run, "L006")
    assert f"write {meant}" in f["message"]
