"""Issue 11: whatever text a plan holds, every output stays well formed.

Markdown cells escape pipes, backslashes and HTML; the terminal never receives escape sequences, control
characters or bidi overrides; JUnit parses as XML; SARIF and JSON parse; the iCalendar file escapes text per
RFC 5545; XLSX cells hold no control characters and formula-like text stays text.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from conftest import GIA_LAI, REPO_ROOT, invoke
from ecdplan.core.deadlines import DeadlineDate, to_ics
from ecdplan.rules.findings import Finding
from ecdplan.writers.findings import github, junit, sarif, text, xml_safe
from ecdplan.source.loader import load_text
from ecdplan.reports.table import Column, Table
from ecdplan.writers.render import ReportFormat, markdown_cell, render, terminal_safe
from ecdplan.rules.runner import PlanResult

TAY_NINH = REPO_ROOT / "plans" / "tay-ninh-2025.yaml"
HOSTILE = "A|B\\C <script>alert(1)</script> & \x1b[31mred\x1b[0m \u202eevil\u202c \x07bell\nline2"


def hostile_table() -> Table:
    return Table([Column("Name", "name"), Column("Amount", "amount", numeric=True)], [[HOSTILE, 1]],
                 title=f"T {HOSTILE}", notes=[f"note {HOSTILE}"])


def test_markdown_cells_escape_pipes_backslashes_html_and_newlines():
    out = render(hostile_table(), ReportFormat.markdown)
    row = next(line for line in out.splitlines() if line.startswith("|") and "alert" in line)
    assert row.count("|") - row.count("\\|") == 3  # the table's own three bars, no more
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert "A\\|B\\\\C" in out and "<br>line2" in out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out


def test_the_terminal_table_has_no_escape_sequences_controls_or_bidi_overrides():
    out = render(hostile_table(), ReportFormat.table)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\u202c" not in out
    assert "red" in out and "evil" in out and "bell" in out


@pytest.mark.parametrize("unsafe", ["\x1b]0;title\x07", "\x1b[2J", "\x9b31m", "\u2066", "\u200f", "\x08"])
def test_terminal_safe_removes_each_kind_of_unsafe_sequence(unsafe):
    assert terminal_safe(f"a{unsafe}b") == "ab"


def test_csv_and_json_keep_the_text_as_it_is_in_the_data():
    table = Table([Column("Name", "name")], [["a|b <c>"]])
    assert "a|b <c>" in render(table, ReportFormat.csv)
    assert json.loads(render(table, ReportFormat.json))["rows"][0]["name"] == "a|b <c>"


def test_a_plan_with_a_pipe_and_a_script_tag_in_an_agency_name_gives_a_well_formed_markdown_table(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(GIA_LAI.read_text(encoding="utf-8").replace("    lead: Sở Y tế\n",
                                                                 '    lead: "Sở Y tế | <script>x</script>"\n', 1),
                    encoding="utf-8")
    run = invoke(["agencies", plan, "--format", "markdown"])
    run.assert_no_traceback()
    assert run.exit_code == 0, run.output
    assert "<script>" not in run.stdout and "Sở Y tế \\| &lt;script&gt;" in run.stdout
    widths = {line.count("|") - line.count("\\|") for line in run.stdout.splitlines() if line.startswith("|")}
    assert len(widths) == 1  # every row has the same number of cells


def test_a_bidi_override_in_a_plan_name_does_not_reach_the_terminal(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(GIA_LAI.read_text(encoding="utf-8").replace("    lead: Sở Y tế\n", "    lead: Sở \u202eY tế\n", 1),
                    encoding="utf-8")
    run = invoke(["agencies", plan])
    assert run.exit_code == 0 and "\u202e" not in run.stdout and "Sở Y tế" in run.stdout


def hostile_result() -> PlanResult:
    finding = Finding(code="L010", message="control \x07 in 'x\x1b[2Jy' \ud800 \ufffe", file="pl\x01an.yaml",
                      line=3, col=4, figures={"code_point": "U+0007"})
    return PlanResult(file="pl\x01an.yaml", loaded=load_text("a: 1\n"), findings=[finding])


def test_junit_with_control_characters_parses_as_xml():
    out = junit([hostile_result()])
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and "\x07" not in failure.get("message")


def test_junit_of_a_plan_with_control_characters_parses(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(GIA_LAI.read_text(encoding="utf-8").replace("    lead: Sở Y tế\n", '    lead: "Sở\\a\\e Y tế"\n', 1),
                    encoding="utf-8")
    run = invoke(["validate", plan, "-f", "junit"])
    assert run.exit_code == 1
    ET.fromstring(run.stdout.encode("utf-8"))


def test_sarif_and_github_outputs_of_control_characters_are_safe():
    doc = json.loads(sarif([hostile_result()]))
    assert doc["runs"][0]["results"][0]["ruleId"] == "L010"
    gh = github([hostile_result()])
    assert "\x1b" not in gh and "\x07" not in gh and gh.count("\n") == 1
    assert "\x1b" not in text([hostile_result()])


def test_xml_safe_drops_what_xml_10_does_not_allow():
    assert xml_safe("a\x00b\x0bc\ud800d\ufffee\tf\ng") == "abcde\tf\ng"


def test_ics_escapes_backslash_semicolon_comma_and_newline_and_drops_cr_vt_ff():
    item = DeadlineDate(plan="p", date=dt.date(2025, 5, 5), report="a\\b;c,d\ne\rf\x0bg\x0ch\x1bi", by="", to="",
                        recurring="")
    out = to_ics([item])
    summary = next(line for line in out.split("\r\n") if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:a\\\\b\\;c\\,d\\nefghi"
    assert "\r" not in out.replace("\r\n", "") and "\x0b" not in out and "\x0c" not in out


def test_a_deadline_with_a_form_feed_is_reported_and_the_calendar_stays_clean(tmp_path):
    source = TAY_NINH.read_text(encoding="utf-8")
    old = "  - report: Báo cáo định kỳ 6 tháng kết quả thực hiện Đề án\n"
    assert old in source
    plan = tmp_path / "plan.yaml"
    plan.write_text(source.replace(old, '  - report: "Báo cáo định kỳ\\f\\r\\v 6 tháng"\n', 1), encoding="utf-8")
    assert "L010" in invoke(["validate", plan]).stdout
    out = tmp_path / "cal.ics"
    run = invoke(["calendar", plan, "--ics", out])
    assert run.exit_code == 0, run.output
    data = out.read_bytes()
    assert b"\x0c" not in data and b"\x0b" not in data and b"\r" not in data.replace(b"\r\n", b"")


def test_xlsx_cells_drop_control_characters_and_keep_formula_like_text_as_text():
    import io

    import xlsxwriter
    from openpyxl import load_workbook

    from ecdplan.writers.xlsx import Formats, SheetWriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    w = SheetWriter(book.add_worksheet("t"), Formats(book))
    for col, value in enumerate(["=1+1", "+1", "-x", "@SUM(A1)", "a\x07b\x1bc"]):
        w.text(0, col, value)
    book.close()
    cells = [load_workbook(io.BytesIO(out.getvalue())).active.cell(row=1, column=c) for c in range(1, 6)]
    assert [c.value for c in cells] == ["=1+1", "+1", "-x", "@SUM(A1)", "abc"]
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells[:4]) and not cells[4].quotePrefix


def test_markdown_cell_of_plain_text_is_unchanged():
    assert markdown_cell("Sở Y tế (CDC) 1,234.5") == "Sở Y tế (CDC) 1,234.5"


def test_an_error_message_naming_a_path_with_an_escape_sequence_is_terminal_safe(tmp_path):
    run = invoke(["report", GIA_LAI, "-o", tmp_path / "r\x1b[2J.pdf"])
    assert run.exit_code == 2 and "\x1b" not in run.output and "give the file" in run.output
