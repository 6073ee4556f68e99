"""Word plans (`.docx`, issue 21): a document built from seed 000's text (tests/docx_seed.py) reads to a plan with the
bundled Gia Lai plan's figures; its inconsistent period is X101 at its paragraph; X101-X104 each have a trigger and
a near miss; hostile files (not a zip, a zip bomb, an empty document, no table, huge tables) are refused with exit 2
and a clear message; what was read by judgement is listed, every value has a place, and reading twice gives the
same data."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from conftest import GIA_LAI, invoke
from docx_seed import build
from ecdplan.rules.findings import RULES
from ecdplan.source.office import docx_lines as docx_module
from ecdplan.source.office.docx import read_docx

CLOSING = "Trên đây là Kế hoạch duy trì và nhân rộng mô hình hiệu quả của dự án phát triển trẻ thơ toàn diện cho giai " \
          "đoạn 2022-2026."


def replace(old: str, new: str):
    def _edit(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)
    return _edit


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("docx") / "gia-lai.docx")


def validate(path: Path) -> tuple[int, list[dict]]:
    run = invoke(["validate", str(path), "--format", "json"])
    run.assert_no_traceback()
    return run.exit_code, run.findings()


def budget(path: Path | str, *by: str) -> dict:
    run = invoke(["budget", str(path), *by, "-f", "json"])
    run.assert_no_traceback()
    assert run.exit_code == 0, run.output
    return run.json()


# --- the seed's Word plan reads to the bundled plan's figures -----------------------------------------------------

def test_word_plan_of_seed_000_has_the_bundled_gia_lai_plans_source_and_grand_totals(seed_docx):
    keys = ("source", "amount", "outside_valid_years", "component")
    word, yaml_ = budget(seed_docx, "--by-source"), budget(GIA_LAI, "--by-source")
    assert [{k: r[k] for k in keys} for r in word["rows"]] == [{k: r[k] for k in keys} for r in yaml_["rows"]]
    assert word["totals"][0]["amount"] == yaml_["totals"][0]["amount"] == 42900


def test_word_plan_of_seed_000_has_the_bundled_plans_line_totals_in_order(seed_docx):
    word, yaml_ = budget(seed_docx), budget(GIA_LAI)
    amounts = lambda doc: [r["amount"] for r in doc["rows"]]  # noqa: E731
    assert amounts(word) == amounts(yaml_) == [9300, 9300, 9300, 7500, 4860, 2640]
    by_year = lambda doc: [(r["source"], r.get("2023"), r.get("2026")) for r in doc["rows"]]  # noqa: E731
    assert by_year(budget(seed_docx, "--by-source", "--by-year")) == by_year(budget(GIA_LAI, "--by-source", "--by-year"))


def test_word_plan_of_seed_000_validates_with_no_error_and_is_not_X110_or_X111_or_X112(seed_docx):
    code, findings = validate(seed_docx)
    assert code == 0
    assert not {"X110", "X111", "X112", "L001", "L002"} & {f["code"] for f in findings}  # not "not UTF-8"
    assert not [f for f in findings if f["severity"] == "error"]
    assert {"D002", "F002", "X101"} <= {f["code"] for f in findings}


def test_word_plan_reads_heading_basis_groups_lines_and_merged_cells(seed_docx):
    data = read_docx(seed_docx).data
    plan = data["plan"]
    assert (plan["issuer"], plan["level"], plan["number"], plan["period"]) == (
        "UBND tỉnh Gia Lai", "province", "/KH-UBND", {"start": 2023, "end": 2026})
    assert plan["title"].startswith("Kế hoạch duy trì và nhân rộng") and plan["title"].endswith("2023-2026")
    assert [(b.get("number"), str(b.get("date"))) for b in plan["basis"]] == [
        ("441/QĐ-UBND", "2022-07-07"), ("437/QĐ-UBND", "2022-08-22"), (None, "None")]
    assert [(g["id"], g["total"]) for g in data["groups"]] == [("I", 27900), ("II", 7500), ("III", 4860), ("IV", 2640)]
    imam, package = data["interventions"][:2]
    assert imam["sources"] == ["ntp-dtts", "ntp-gnbv", "ntp-ntm", "nsdp", "other"]
    assert package["sources"] == ["ntp-dtts", "ntp-gnbv", "ntp-ntm", "other"]
    # the merged timing cell gives each line both phases' places, the merged staff cell its staff
    assert package["rollout"] == [
        {"years": "2023-2024", "communes": 10, "where": "10 xã đặc biệt khó khăn của huyện Kông Chro"},
        {"years": "2025-2026", "communes": 42, "where": "42 xã đặc biệt khó khăn trên địa bàn toàn tỉnh"}]
    assert package["staff"] == imam["staff"] == "Sở Y tế, CDC, TTYT huyện"
    assert [s["component"] for s in data["sources"][:3]] == ["Dự án 7", "Tiểu dự án 2 - Dự án 3", "Nội dung 2"]
    assert data["total"] == 42900


def test_an_appendix_with_sub_projects_in_a_third_heading_row_and_x_ticks_has_the_same_sources(tmp_path):
    path = build(tmp_path / "three.docx", three_rows=True)
    keys = ("source", "amount", "outside_valid_years", "component")
    word, yaml_ = budget(path, "--by-source"), budget(GIA_LAI, "--by-source")
    assert [{k: r[k] for k in keys} for r in word["rows"]] == [{k: r[k] for k in keys} for r in yaml_["rows"]]
    imported = read_docx(path)
    assert imported.provenance[("sources", 0, "component")] == "Bảng 2!R3C9"
    assert imported.provenance[("interventions", 0, "cost", "total")] == "Bảng 2!R5C8"


def test_word_plan_reads_responsibilities_under_to_chuc_thuc_hien_with_their_tasks(seed_docx):
    resp = read_docx(seed_docx).data["responsibilities"]
    assert [r["body"] for r in resp] == [
        "Sở Kế hoạch và Đầu tư", "Sở Y tế", "Sở Lao động, Thương binh và Xã hội", "Sở Giáo dục và Đào tạo",
        "Sở Tài chính", "Các Sở, ban, ngành", "UBND các huyện, thị xã, thành phố"]
    assert [len(r["tasks"]) for r in resp] == [6, 2, 2, 2, 1, 1, 3]
    assert [r["role"] for r in resp] == ["monitor", "cooperate", "cooperate", "cooperate", "fund", "cooperate",
                                        "implement"]


def test_every_value_read_keeps_its_paragraph_or_cell_and_judgements_are_listed(seed_docx):
    imported = read_docx(seed_docx)
    assert imported.provenance[("interventions", 0, "cost", "total")] == "Bảng 2!R4C8"
    assert imported.provenance[("plan", "basis", 0)].startswith("¶")
    assert "Căn cứ Quyết định số 441/QĐ-UBND" in imported.provenance[("plan", "basis", 0)]
    whys = {j["path"]: j for j in imported.judgements}
    assert "responsibilities[0].role" in whys and "reporting[0]" in whys and "plan.id" in whys
    assert whys["reporting[0]"]["text"].startswith("¶")


def test_importing_the_same_word_file_twice_gives_the_same_data(seed_docx):
    first, second = read_docx(seed_docx), read_docx(seed_docx)
    assert first.data == second.data
    assert first.provenance == second.provenance and first.judgements == second.judgements
    assert json.dumps(first.data, default=str, ensure_ascii=False) == json.dumps(second.data, default=str,
                                                                                 ensure_ascii=False)


def test_a_deadline_before_the_day_yearly_reads_as_yearly_and_falls_due_the_day_before(tmp_path):
    path = build(tmp_path / "p.docx", replace("định kỳ (06 tháng, 01 năm) tổng hợp báo cáo",
                                              "trước ngày 05/12 hằng năm tổng hợp báo cáo"))
    imported = read_docx(path)
    (entry,) = imported.data["reporting"]
    assert (entry["yearly"], entry["notes"]) == ("12-05", "trước ngày 05/12 hằng năm")
    assert any(j["path"] == "reporting[0]" for j in imported.judgements)
    run = invoke(["calendar", str(path), "-f", "json"])
    assert run.exit_code == 0, run.output
    assert "2023-12-04" in run.stdout and "2023-12-05" not in run.stdout


# --- X101-X104: each with its trigger and near miss -----------------------------------------------------------------

def test_the_seeds_closing_sentence_giai_doan_2022_2026_is_X101_at_its_paragraph(seed_docx):
    imported = read_docx(seed_docx)
    (f,) = [f for f in imported.findings if f.code == "X101"]
    assert f.figures["written"] == "2022-2026" and f.figures["title"] == "2023-2026"
    assert f.figures["place"].startswith("¶") and "Trên đây là Kế hoạch" in f.figures["place"]
    _, findings = validate(seed_docx)
    (x,) = [x for x in findings if x["code"] == "X101"]
    assert (x["line"], x["col"]) == (f.line, 1) and x["severity"] == RULES["X101"].severity.value


def test_the_closing_sentence_with_the_titles_period_is_not_X101(tmp_path):
    path = build(tmp_path / "p.docx", replace(CLOSING, CLOSING.replace("2022-2026", "2023-2026")))
    assert not [f for f in read_docx(path).findings if f.code == "X101"]


def test_appendix_year_columns_other_than_the_period_are_X101_at_the_heading_cell(tmp_path):
    path = build(tmp_path / "p.docx", replace("2026 (*)", "2027 (*)"))
    found = [f for f in read_docx(path).findings if f.code == "X101"]
    assert any(f.figures["place"] == "Bảng 2!R2C3" and f.figures["written"] == "2023-2027" for f in found)


HEADING_NUMBER = replace("Số: /KH-UBND", "Số: 2454/KH-UBND")


def test_a_caption_number_other_than_the_headings_is_X102(tmp_path):
    heading = HEADING_NUMBER
    bad = build(tmp_path / "bad.docx", lambda t: heading(t).replace("Kèm theo Kế hoạch số /KH-UBND",
                                                                     "Kèm theo Kế hoạch số 245/KH-UBND"))
    (f,) = [f for f in read_docx(bad).findings if f.code == "X102"]
    assert (f.figures["caption"], f.figures["heading"]) == ("245/KH-UBND", "2454/KH-UBND")
    code, findings = validate(bad)
    assert "X102" in {x["code"] for x in findings} and code == 0


def test_a_caption_with_the_headings_number_is_not_X102(tmp_path):
    heading = HEADING_NUMBER
    good = build(tmp_path / "good.docx", lambda t: heading(t).replace("Kèm theo Kế hoạch số /KH-UBND",
                                                                       "Kèm theo Kế hoạch số 2454/KH-UBND"))
    assert not [f for f in read_docx(good).findings if f.code == "X102"]


APPENDIX_SENTENCE = "(Có Phụ lục chi tiết kèm theo)"


def test_a_total_in_the_text_other_than_tong_cong_is_X103(tmp_path):
    sentence = APPENDIX_SENTENCE
    bad = build(tmp_path / "bad.docx", replace(sentence, "Tổng kinh phí thực hiện Kế hoạch: 42.000 triệu đồng.\n\n"
                                               + sentence))
    (f,) = [f for f in read_docx(bad).findings if f.code == "X103"]
    assert f.figures["declared"] - f.figures["computed"] == -900_000_000 == f.figures["difference"]
    code, _ = validate(bad)
    assert code == 1


def test_a_total_in_the_text_equal_to_tong_cong_is_not_X103(tmp_path):
    sentence = APPENDIX_SENTENCE
    good = build(tmp_path / "good.docx", replace(sentence, "Tổng kinh phí thực hiện Kế hoạch: 42.900 triệu đồng.\n\n"
                                                 + sentence))
    assert not [f for f in read_docx(good).findings if f.code == "X103"]


def test_a_cost_cell_in_words_is_X104_at_its_cell_and_never_a_figure(tmp_path):
    path = build(tmp_path / "p.docx", replace("Mô hình hỗ trợ duy trì vận hành hệ thống bảo vệ trẻ em dựa vào cộng "
                                              "đồng\t220\t220\t220\t220\tGiai đoạn 2023-2026; triển khai tại 220 xã "
                                              "trên địa bàn toàn tỉnh.\t4.860",
                                              "Mô hình hỗ trợ duy trì vận hành hệ thống bảo vệ trẻ em dựa vào cộng "
                                              "đồng\t220\t220\t220\t220\tGiai đoạn 2023-2026; triển khai tại 220 xã "
                                              "trên địa bàn toàn tỉnh.\tbốn nghìn"))
    (f,) = [f for f in read_docx(path).findings if f.code == "X104"]
    assert "bốn nghìn" in f.message and "Bảng 2!R10C8" in f.message
    code, findings = validate(path)
    assert code == 1 and "X104" in {x["code"] for x in findings}
    run = invoke(["budget", str(path)])
    assert run.exit_code == 2, run.output  # a refused value: no figures without --partial


def test_a_cost_written_with_a_thousands_dot_is_read_as_thousands_and_not_X104(seed_docx):
    imported = read_docx(seed_docx)
    assert not [f for f in imported.findings if f.code == "X104"]
    assert imported.data["interventions"][4]["cost"] == {"total": 4860}


def test_a_row_with_a_cost_and_no_line_number_is_X105_at_its_row(tmp_path):
    path = build(tmp_path / "p.docx", replace("\n1\tCâu lạc bộ dinh dưỡng\t", "\n1a\tCâu lạc bộ dinh dưỡng\t"))
    (f,) = [f for f in read_docx(path).findings if f.code == "X105"]
    assert "Câu lạc bộ dinh dưỡng" in f.message and f.figures["place"] == "Bảng 2!R12C8"
    code, findings = validate(path)
    assert code == 1 and "X105" in {x["code"] for x in findings}


def test_the_tong_cong_row_and_numbered_lines_are_not_X105(seed_docx):
    assert not [f for f in read_docx(seed_docx).findings if f.code == "X105"]


# --- hostile files: bounded, clear, exit 2 ------------------------------------------------------------------------

def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _document(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats'
            f'.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>').encode()


def _refused(tmp_path: Path, content: bytes, code: str, words: str) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(content)
    run = invoke(["validate", str(path)])
    run.assert_no_traceback()
    assert run.exit_code == 2, run.output
    assert code in run.output and words in run.output, run.output
    assert "internal error" not in run.output
    assert RULES[code].fatal or code == "L001"


def test_a_text_file_named_docx_is_X110_not_a_word_document(tmp_path):
    _refused(tmp_path, "format: ecdplan/1\n".encode(), "X110", "not a Word (.docx) document: not a zip file")


def test_a_pdf_named_docx_is_X110_naming_pdf(tmp_path):
    _refused(tmp_path, b"%PDF-1.7\n...", "X110", "a PDF file")


def test_a_zip_bomb_is_X110_before_it_is_unpacked(tmp_path):
    bomb = _zip({"word/document.xml": b"<" + b" " * (300 * 1024 * 1024)})
    assert len(bomb) < 2 * 1024 * 1024
    _refused(tmp_path, bomb, "X110", "zip bomb")


def test_a_zip_without_a_word_document_is_X110(tmp_path):
    _refused(tmp_path, _zip({"xl/workbook.xml": b"<x/>"}), "X110", "no word/document.xml")


def test_damaged_xml_is_X110(tmp_path):
    _refused(tmp_path, _zip({"word/document.xml": b"<w:document"}), "X110", "not well-formed XML")


def test_an_empty_word_document_is_X111_empty(tmp_path):
    _refused(tmp_path, _zip({"word/document.xml": _document("")}), "X111", "the Word document is empty")


def test_a_word_document_with_no_table_is_X111_naming_the_appendix(tmp_path):
    path = build(tmp_path / "p.docx", table=False)
    _refused(tmp_path, path.read_bytes(), "X111", "no appendix table")


def test_a_huge_table_is_X112_at_the_limit(tmp_path):
    row = "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
    content = _zip({"word/document.xml": _document("<w:tbl>" + row * (docx_module.MAX_LINES + 10) + "</w:tbl>")})
    _refused(tmp_path, content, "X112", "more than 50,000 paragraphs and table rows")


def test_a_table_with_too_many_columns_is_X112(tmp_path):
    cell = "<w:tc><w:p/></w:tc>"
    content = _zip({"word/document.xml": _document("<w:tbl><w:tr>" + cell * 300 + "</w:tr></w:tbl>")})
    _refused(tmp_path, content, "X112", "more than 200 columns")


def test_entities_in_the_xml_are_not_expanded(tmp_path):
    lol = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           '<w:t>&c;</w:t></w:r></w:p></w:body></w:document>').encode()
    path = tmp_path / "plan.docx"
    path.write_bytes(_zip({"word/document.xml": lol}))
    run = invoke(["validate", str(path)])
    run.assert_no_traceback()
    assert run.exit_code == 2 and "aaaaaaaaaa" not in run.output


def test_a_missing_docx_is_L001(tmp_path):
    run = invoke(["validate", str(tmp_path / "missing.docx")])
    assert run.exit_code == 2 and "L001" in run.output and "no such file" in run.output


def test_an_appendix_with_line_numbers_past_9999_reads_every_line(tmp_path):
    def cell(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    def row(*texts: str) -> str:
        return "<w:tr>" + "".join(cell(t) for t in texts) + "</w:tr>"

    n = 10_050
    rows = [row("STT", "Tên", "2023", "Kinh phí (triệu đồng)"), row("I", "Nhóm", "", str(n))]
    rows += [row(str(i + 1), f"Xã {i + 1}", "1", "1") for i in range(n)] + [row("", "Tổng cộng", "", str(n))]
    body = "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p><w:p><w:r><w:t>Thử năm 2023</w:t></w:r></w:p>"
    path = tmp_path / "long.docx"
    path.write_bytes(_zip({"word/document.xml": _document(body + "<w:tbl>" + "".join(rows) + "</w:tbl>")}))
    data = read_docx(path).data
    assert len(data["interventions"]) == n and data["interventions"][-1]["name"] == f"Xã {n}"
    assert data["total"] == n and data["plan"]["period"] == {"start": 2023, "end": 2023}


def test_ecdplan_import_writes_a_word_plan_as_yaml_with_each_values_paragraph_and_the_same_figures(seed_docx, tmp_path):
    from typer.testing import CliRunner

    from ecdplan.cli.commands import app

    target = tmp_path / "ke-hoach-tu-word.yaml"
    run = CliRunner().invoke(app, ["import", str(seed_docx), "-o", str(target)])
    assert run.exit_code == 0, run.output
    text = target.read_text(encoding="utf-8")
    assert "# from ¶" in text or "# from Bảng" in text  # where each value came from
    assert budget(target, "--by-source")["totals"][0]["amount"] == 42900
    assert budget(target)["rows"] == budget(seed_docx)["rows"]
    again = tmp_path / "again.yaml"
    CliRunner().invoke(app, ["import", str(seed_docx), "-o", str(again)])
    assert again.read_bytes() == target.read_bytes()
