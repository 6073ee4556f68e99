"""Vietnamese first: one language per output, every label from the gettext catalogue, none missing."""

from __future__ import annotations

import gettext
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.i18n import labels
from ecdplan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "plans").glob("*.yaml"))
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
PO = ROOT / "ecdplan" / "i18n" / "locale" / "vi" / "LC_MESSAGES" / "ecdplan.po"
MO = PO.with_suffix(".mo")
POT = ROOT / "ecdplan" / "i18n" / "locale" / "ecdplan.pot"
KEYWORDS = ("t", "N_", "money_column")  # as README's `pybabel extract -k …` names them

ENGLISH_LABEL_WORDS = ("Total", "Source", "Amount", "Cost", "Intervention", "Year", "Group", "Agency", "Declared",
                       "Difference", "Split", "Years", "Communes", "Commune", "Scale", "Rollout", "Findings", "Level",
                       "Period", "Issuer", "Target", "Indicator", "Body", "Date", "Report", "unbudgeted", "province",
                       "commune", "commune-years", "shares", "amounts", "equal", "even", "million", "billion", "VND",
                       "Appendix", "Notes", "Plan", "Status", "yearly", "interpolated", "milestone", "Need", "Binding")
TABLE_COMMANDS = [["budget"], ["budget", "--by-source"], ["budget", "--by-year"], ["budget", "--by-group"],
                  ["budget", "--by-agency"], ["budget", "--by-source", "--by-year"],
                  ["budget", "--by-intervention", "--by-source"], ["budget", "--year", "FIRST"], ["rollout"],
                  ["rollout", "--year", "FIRST"], ["rollout", "--communes"], ["targets"], ["agencies"], ["calendar"],
                  ["funding"], ["funding", "--method", "equal"]]


def invoke(*args, env=None):
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result


def read_po():
    from babel.messages.pofile import read_po as read

    with PO.open("rb") as f:
        return read(f)


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_every_report_and_writer_in_vietnamese_finds_every_label_in_the_catalogue(plan, tmp_path):
    from ecdplan.pipeline import compile_file

    first = compile_file(plan).plan.info.period.start
    labels.MISSES.clear()
    for_people = []
    for args in TABLE_COMMANDS:
        args = [str(first) if a == "FIRST" else a for a in args]
        for fmt in ("table", "markdown", "csv", "json"):
            out = invoke(args[0], plan, *args[1:], "--lang", "vi", "--format", fmt).stdout
            if fmt in ("table", "markdown"):
                for_people.append(out)
    for_people.append(invoke("rollout", plan, "--chart", "--lang", "vi").stdout)
    from ecdplan.core.deadlines import deadlines

    ics = CliRunner().invoke(app, ["calendar", str(plan), "--ics", str(tmp_path / "c.ics"), "--lang", "vi"])
    # a plan none of whose deadlines has a date gets a message, not an empty calendar
    assert ics.exit_code == (0 if any(d.date for d in deadlines(compile_file(plan).plan)) else 2), ics.output
    invoke("export", "xlsx", plan, "-o", tmp_path / "a.xlsx", "--lang", "vi")
    invoke("export", "xlsx", plan, "--sources", "ticks", "-o", tmp_path / "t.xlsx", "--lang", "vi")
    invoke("report", plan, "-o", tmp_path / "r.html", "--lang", "vi")
    invoke("rollup", *PLANS, "--by", "kind", "--lang", "vi")
    invoke("rules", "--lang", "vi")
    invoke("diff", plan, plan, "--lang", "vi")
    assert labels.MISSES == set()
    # and no English label word in what people read: the whole HTML report, its findings too, and the findings
    # of validate
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    for_people.append(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|title)>.*?</\1>", "", html, flags=re.S)))
    for_people.append(CliRunner().invoke(app, ["validate", str(plan), "--lang", "vi"]).stdout)
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(tmp_path / "a.xlsx", data_only=True)
    for_people.append(" ".join(book.sheetnames) + " " + " ".join(
        str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)))
    text, source = "\n".join(for_people), plan.read_text(encoding="utf-8")
    found = {w for w in ENGLISH_LABEL_WORDS if re.search(rf"(?<![\w-]){w}(?![\w-])", text) and w not in source}
    assert found == set()


def test_the_catalogue_has_no_empty_or_fuzzy_entry_and_covers_every_marked_text():
    from babel.messages.extract import extract_from_dir

    catalogue = read_po()
    assert not catalogue.fuzzy
    entries = [m for m in catalogue if m.id]
    assert entries and all(m.string and "fuzzy" not in m.flags for m in entries)
    extracted = {msg for _, _, msg, _, _ in extract_from_dir(
        str(ROOT / "ecdplan"), keywords={k: None for k in KEYWORDS}) if isinstance(msg, str)}
    assert extracted - {m.id for m in entries} == set()  # run README's extract + update + compile
    from babel.messages.pofile import read_po as read

    with POT.open("rb") as f:
        assert {m.id for m in read(f) if m.id} == extracted  # the template is the code's texts, no more, no less


def test_the_compiled_catalogue_is_the_po_file_compiled():
    compiled = gettext.GNUTranslations(MO.open("rb"))
    for message in read_po():
        if message.id:
            found = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
            assert found == message.string, (message.context, message.id)


def test_the_package_data_ships_the_catalogue():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert data["packages"]["find"]["include"] == ["ecdplan*"]  # every stage's package, reports included
    assert "locale/*/LC_MESSAGES/*.mo" in data["package-data"]["ecdplan.i18n"]
    assert MO.is_file()


# --- one language per output --------------------------------------------------------------------------------

COMMANDS_WITH_LANG = [["budget"], ["rollout"], ["targets"], ["agencies"], ["calendar"], ["funding"], ["rules"]]


@pytest.mark.parametrize("args", COMMANDS_WITH_LANG, ids=[a[0] for a in COMMANDS_WITH_LANG])
def test_every_command_takes_its_language_from_lang_then_config_then_locale_then_english(args, tmp_path, monkeypatch):
    plan = [] if args[0] == "rules" else [GIA_LAI]
    english = invoke(*args, *plan).output
    assert invoke(*args, *plan, "--lang", "en").output == english
    vietnamese = invoke(*args, *plan, "--lang", "vi").output
    assert vietnamese != english
    assert invoke(*args, *plan, env={"LANG": "vi_VN.UTF-8"}).output == vietnamese
    assert invoke(*args, *plan, env={"LANG": "vi_VN.UTF-8", "LC_ALL": "en_US.UTF-8"}).output == english
    assert invoke(*args, *plan, "--lang", "en", env={"LANG": "vi_VN.UTF-8"}).output == english
    (tmp_path / "ecdplan.toml").write_text('[tool.ecdplan]\nlang = "vi"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke(*args, *plan).output == vietnamese
    assert invoke(*args, *plan, "--lang", "en").output == english


def test_a_language_in_the_configuration_that_ecdplan_does_not_speak_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "ecdplan.toml").write_text('[tool.ecdplan]\nlang = "fr"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["budget", str(GIA_LAI)])
    assert result.exit_code == 2 and "lang" in result.output


def test_report_and_export_follow_the_same_resolution_english_by_default(tmp_path):
    invoke("report", GIA_LAI, "-o", tmp_path / "en.html")
    html = (tmp_path / "en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Level</th><td>province" in html and "million VND" in html
    invoke("report", GIA_LAI, "-o", tmp_path / "vi.html", env={"LANG": "vi_VN.UTF-8"})
    html = (tmp_path / "vi.html").read_text(encoding="utf-8")
    labels = html.split('<h2>Kết quả kiểm tra</h2>')[0]  # finding messages are English for now (README)
    assert '<html lang="vi">' in html and "Cấp</th><td>tỉnh" in labels and "province" not in labels
    assert "commune-years" not in labels and "triệu đồng" in html


def test_export_xlsx_in_english_has_an_english_appendix_and_sheet_names(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    invoke("export", "xlsx", GIA_LAI, "-o", tmp_path / "en.xlsx", "--lang", "en")
    book = openpyxl.load_workbook(tmp_path / "en.xlsx", data_only=True)
    assert book.sheetnames == ["Appendix", "Sources × years", "Rollout"]
    text = " ".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    assert "Estimated cost (million VND)" in text and "In words: Forty-two billion" in text
    assert "(Attached to Plan No. 2454/KH-UBND dated 2023-09-13 of UBND tỉnh Gia Lai)" in text
    for vietnamese_label in ("Tổng cộng", "Bằng chữ", "Ước tính", "Ghi chú", "Kèm theo", "Giai đoạn", "triệu đồng"):
        assert vietnamese_label not in text


def test_vietnamese_human_outputs_name_lines_and_keep_ids_for_machines():
    out = invoke("rollout", GIA_LAI, "--lang", "vi").output
    assert "Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)" in out
    assert "imam" not in out and "commune-years" not in out
    doc = json.loads(invoke("rollout", GIA_LAI, "--lang", "vi", "--format", "json").output)
    assert doc["rows"][0]["intervention"] == "imam"
    assert doc["rows"][0]["name"].startswith("Mô hình quản lý điều trị")
    csv = invoke("budget", GIA_LAI, "--lang", "vi", "--format", "csv").output
    assert csv.splitlines()[0].startswith("intervention,name,amount")
    assert "\nimam," in csv and "commune-years" in csv  # the year rule keeps its id for machines


def test_ics_labels_follow_the_language(tmp_path):
    invoke("calendar", ROOT / "plans" / "bang-mac-2024.yaml", "--ics", tmp_path / "vi.ics", "--lang", "vi")
    invoke("calendar", ROOT / "plans" / "bang-mac-2024.yaml", "--ics", tmp_path / "en.ics", "--lang", "en")
    vi = (tmp_path / "vi.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    en = (tmp_path / "en.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert "Kế hoạch: Kế hoạch" in vi and "(bang-mac-2024)" in vi and "Plan: Kế hoạch" in en and "Kế hoạch:" not in en


def test_rules_take_lang_for_their_headings_summaries_and_fixes():
    out = invoke("rules", "--lang", "vi").output
    assert out.splitlines()[0].startswith("Mã") and "cảnh báo" in out
    assert "Tệp không phải YAML hợp lệ." in out and "The file is not valid YAML." not in out
    md = invoke("rules", "--lang", "vi", "--format", "markdown").output
    assert "Sửa chi tiết để cộng lại bằng tổng kế hoạch" in md  # B003's fix
    assert "The file is not valid YAML." in invoke("rules", "--lang", "en").output


def test_the_installed_package_reads_its_catalogue_without_babel(tmp_path):
    """The .mo is read by the standard library's gettext alone."""
    shutil.copytree(ROOT / "ecdplan" / "i18n" / "locale", tmp_path / "locale")
    found = gettext.translation(labels.DOMAIN, tmp_path / "locale", languages=["vi"])
    assert found.gettext("Total") == "Tổng cộng"


def test_every_translation_uses_only_the_placeholders_of_its_english_text():
    """A Vietnamese text naming a placeholder its English text lacks would fail when shown (KeyError)."""
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}

    wrong = [m.id for m in read_po() if m.id and "{" in m.id and not fields(m.string) <= fields(m.id)]
    assert wrong == []


def test_a_whole_number_a_message_groups_is_grouped_with_dots_in_vietnamese_and_commas_in_english():
    from ecdplan.i18n.messages import Phrase

    said = Phrase("a table of the Word document has more than {limit:,} columns", limit=16_384)
    assert said.text("en") == "a table of the Word document has more than 16,384 columns"
    assert said.text("vi") == "một bảng của văn bản Word có hơn 16.384 cột"
    assert Phrase("{year} ({n})", year=2025, n=1000).text("vi") == "2025 (1000)"  # ungrouped stays as written
