"""The places, bodies, documents, currency and progress rules (A001-A004, O001, D001-D004, C001-C002, G001-G012)
in the reader's language (issue 13): every message these rules can give, triggered here, reads in Vietnamese
with `--lang vi` (none of its English words left, nothing missing from the catalogue) and in English with
`--lang en`; JSON keeps the English message. Lines are named by their names, sources by their labels.

Triggers are small edits of test_rules.BASE and test_progress_rules.PROGRESS (the same as those rules' own tests).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from conftest import invoke
from ecdplan.i18n import labels
from ecdplan.rules.findings import Finding, Phrase, Word
from test_progress_rules import PLAN, PROGRESS
from test_progress_rules import TRIGGERS as PROGRESS_TRIGGERS
from test_rules import BASE, ISSUED_AFTER, MERGED, PROV, edit
from test_rules import TRIGGERS as PLAN_TRIGGERS

ROOT = Path(__file__).resolve().parent.parent
CODES = ("A", "O", "D", "C", "G")  # the rule families of this file
LINE = "Câu lạc bộ dinh dưỡng"  # the name of BASE's one line (its id is 'clubs')

BODIES = edit("    name: Câu lạc bộ dinh dưỡng\n", "    name: Câu lạc bộ dinh dưỡng\n    lead: UBND huyện Chi Lăng\n"
              "    cooperating: [Phòng LĐTBXH]\n",
              edit("    due: 2026-12-05", "    due: 2026-12-05\n    to: Sở Kế hoạch và Đầu tư\n    by: Ban Dân tộc tỉnh\n"
                   "  - report: Báo cáo 6 tháng\n    every: half-year\n    to: Sở LĐTB&XH\n    by: UBND cấp huyện\n"
                   "responsibilities:\n  - {body: Sở LĐTB&XH, role: lead}"))
D004_BASE = edit("  issuer: UBND xã Thử\n", "  issuer: UBND xã Thử\n  number: 5/KH-UBND\n  date: 2023-01-05\n")
NO_INDICATORS = PLAN.split("indicators:\n")[0] + "reporting:" + PLAN.split("reporting:")[1]
SOURCES = ("  - id: ntp\n    name: Chương trình MTQG\n    kind: ntp\n    valid: {start: 2021, end: 2026}\n  - id: nsdp\n"
           "    name: Ngân sách địa phương\n    kind: local-budget\n")
NO_SOURCES = edit("\ntotal: 1000\n", "\n", edit(", total: 1000}", "}", edit("    cost: {total: 1000}\n", "", edit(
    "    sources: [ntp, nsdp]\n", "", edit("sources:\n" + SOURCES, "sources: []\n", PLAN)))))
NO_LINES = PLAN.split("interventions:")[0].replace("total: 1000}", "total: 0}") + "interventions: []\ntotal: 0\n" \
    "indicators:" + PLAN.split("indicators:")[1]
USD_SOURCE = "    currency: {code: USD, rate: 0, date: 2024-01-02, source: test}\n"

# case -> (plan text, progress text or None, the code it triggers)
CASES: dict[str, tuple[str, str | None, str]] = {
    **{code: (text, None, code) for code, text in PLAN_TRIGGERS.items() if code.startswith(CODES)},
    **{code: (plan, text, code) for code, (text, plan) in PROGRESS_TRIGGERS.items()},
    # A: a new unit named in years before it existed; a district abolished (more than six successors); a name
    # not in the registry, with and without a province, with suggestions; too long; ambiguous
    "A002-formed": (edit("        communes: 2\n", "        communes: 2\n        named: [Ba Sơn, Gia Lộc]\n", PROV),
                    None, "A002"),
    "A002-formed-in-2025": (edit("        communes: 4\n", "        communes: 4\n        named: [Ba Sơn, Gia Lộc, Bằng Hữu, "
                                 "Thượng Cường]\n", PROV), None, "A002"),
    "A002-district": (edit("  area: {name: xã Thử, communes: 10}\n", "  area: {name: tỉnh Thanh Hóa, province: Thanh "
                           "Hóa, communes: 300, named_districts: [Mường Lát]}\n"), None, "A002"),
    "A001-province": (edit("  unit: million VND\n", ISSUED_AFTER, edit(
        "  area: {name: xã Thử, communes: 10}\n", "  area: {name: tỉnh Bình Định, province: Bình Định, communes: 300}\n")),
        None, "A001"),
    "A003-suggest": (edit("        communes: 2\n", "        communes: 2\n        named: [Bằng Mạk, Gia Lộc]\n", PROV),
                     None, "A003"),
    "A003-no-province": (edit("        communes: 2\n", "        communes: 2\n        named: [Không Có Đâu, Bằng Mạk]\n"),
                         None, "A003"),
    "A003-old-province": (edit("  area: {name: xã Thử, communes: 10}\n", "  area: {name: tỉnh Bình Địn, province: Bình "
                                                                          "Địn, communes: 300}\n"), None, "A003"),
    "A003-too-long": (edit("        communes: 2\n", "        communes: 2\n        named: [" + "Bằng Mạc " * 10
                           + ", Gia Lộc]\n", PROV), None, "A003"),
    "A003-ambiguous": (edit("        communes: 2\n", "        communes: 2\n        named: [Phú Túc, Gia Lộc]\n"), None, "A003"),
    # O: every subject (reporting to/by, dated or not, responsibility, lead, cooperating) and change
    "O001-all": (BODIES, None, "O001"),
    "O001-district-level": (edit("  level: commune\n", "  level: district\n",
                                 edit("    due: 2026-12-05", "    due: 2026-12-05\n    to: UBND Thành phố")), None, "O001"),
    # issue 20: a district health centre passed to Sở Y tế; a merged province's own communes; a replaced document
    "O001-transferred": (edit("    due: 2026-12-05", "    due: 2026-12-05\n    to: Trung tâm Y tế huyện Chi Lăng"), None,
                         "O001"),
    "A004-former-province": (edit("  area: {name: tỉnh Lạng Sơn, province: Lạng Sơn, communes: 300}\n",
                                  "  area: {name: tỉnh Gia Lai, province: Gia Lai, communes: 220}\n",
                                  edit("  level: commune\n", "  level: province\n",
                                       edit("communes: 4\n", "communes: 100\n", PROV))), None, "A004"),
    "D003-replaced": (edit("  unit: million VND\n", "  unit: million VND\n  basis:\n    - {number: 582/QĐ-TTg, title: "
                           "Danh sách thôn đặc biệt khó khăn giai đoạn 2016-2020}\n"), None, "D003"),
    # D: issuer; number without date, date without number; a cited title; the plan against itself and its parent
    "D001-issuer": (edit("  unit: million VND\n", "  unit: million VND\n  basis:\n    - {number: 1/QĐ-TTg, issuer: Thủ "
                         "tướng Chính phủ}\n    - {number: 1/QĐ-TTg, issuer: Bộ Y tế}\n"), None, "D001"),
    "D002-no-date": (edit("  unit: million VND\n", "  unit: million VND\n  number: 5/KH-UBND\n"), None, "D002"),
    "D002-no-number": (edit("  unit: million VND\n", "  unit: million VND\n  date: 2023-01-05\n"), None, "D002"),
    "D003-title": (edit("  unit: million VND\n", "  unit: million VND\n  basis:\n    - {title: Chương trình giai đoạn "
                        "2021-2025}\n"), None, "D003"),
    "D004-title": (edit("  title: Kế hoạch thử nghiệm\n", "  title: Kế hoạch thử nghiệm giai đoạn 2023-2025\n",
                        D004_BASE), None, "D004"),
    "D004-parent": (edit("  date: 2023-01-05\n", "  date: 2023-01-05\n  parent: {date: 2023-02-01}\n", D004_BASE),
                    None, "D004"),
    "D004-number-year": (edit("  number: 5/KH-UBND\n", "  number: 5/2024/KH-UBND\n", D004_BASE), None, "D004"),
    # C: an implausible rate; a source's rate
    "C001-large": (edit("  unit: million VND\n", "  currency: {code: USD, rate: 100000000, date: 2024-01-02, source: "
                        "test}\n"), None, "C001"),
    "C001-inverted": (edit("  unit: million VND\n", "  currency: {code: USD, rate: 0.0000393, date: 2024-01-02, "
                           "source: test}\n"), None, "C001"),
    "C001-small": (edit("  unit: million VND\n", "  currency: {code: EUR, rate: 2.7, date: 2024-01-02, source: "
                        "test}\n"), None, "C001"),
    "C001-source": (edit("  - id: nsdp\n", "  - id: unicef\n    name: UNICEF\n    kind: donor\n" + USD_SOURCE
                         + "  - id: nsdp\n"), None, "C001"),
    # G: a plan that cannot be used, a plan without indicators, half-years, a date range, a fraction of a đồng
    "G009-unusable": ("format: ecdplan/1\nplan: {id: test-plan}\n", PROGRESS, "G009"),
    "G001-no-lines": (NO_LINES, PROGRESS, "G001"),
    "G002-no-sources": (NO_SOURCES, PROGRESS, "G002"),
    "G012-no-indicators": (NO_INDICATORS, edit("  access:\n", "  acces:\n", PROGRESS), "G012"),
    "G005-first-half": (PLAN, edit("period: 2023", "period: 2023-H1", edit("{ntp: 50,", "{ntp: 90,", PROGRESS)),
                        "G005"),
    "G006-second-half": (PLAN, edit("period: 2023", "period: 2023-H2",
                                    edit("communes: [Xã Một, xã  hai]", "communes: 3", PROGRESS)), "G006"),
    "G005-range": (PLAN, edit("period: 2023", "period: {from: 2023-03-01, to: 2023-05-31}",
                              edit("{ntp: 50,", "{ntp: 90,", PROGRESS)), "G005"),
    "B004-progress": (PLAN, edit("{ntp: 50,", "{ntp: 50.0000001,", PROGRESS), "B004"),
}


def write(folder: Path, plan: str, progress: str | None) -> Path:
    """The plan (and the progress file on it) in `folder`; the file to validate."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    if progress is None:
        return folder / "plan.yaml"
    (folder / "progress.yaml").write_text(progress, encoding="utf-8")
    return folder / "progress.yaml"


def first(folder: Path, case: str, lang: str) -> str:
    """The message of the first finding of `case`'s code, in `lang`."""
    plan, progress, code = CASES[case]
    return next(f.text(lang) for f in checked(write(folder / case, plan, progress)) if f.code == code)


def checked(path: Path) -> list[Finding]:
    from ecdplan.pipeline import check_file
    from ecdplan.pipeline import check_progress_file

    result = check_progress_file(path) if path.name == "progress.yaml" else check_file(str(path))
    return result.findings


def every_place(path: Path) -> list[Finding]:
    """The findings and the other places of each (a grouped finding's `also`), each with its own message."""
    return [g for f in checked(path) for g in (f, *f.also)]


def msgids(value: object) -> list[str]:
    """The English texts a finding's message is made of: its template, and the phrases and words filled in."""
    if isinstance(value, Finding):
        return [value.template, *(m for v in value.params.values() for m in msgids(v))]
    if isinstance(value, Phrase):
        return ([value.template] if value.translated else []) + [m for v in value.params.values() for m in msgids(v)]
    if isinstance(value, Word):
        return [str(value)]
    return []


# words of these msgids that are not English: Vietnamese written without diacritics, and acronyms
NOT_ENGLISH = {"UBND", "YAML", "giai", "Lao", "binh", "Ban", "Trung", "TCCB", "BYT", "khu"}


def english_words(msgid: str) -> set[str]:
    """The English words of a msgid that its Vietnamese must not keep: not placeholders, `code` nor dotted keys
    (plan.area.province), nor Vietnamese words and acronyms (NOT_ENGLISH)."""
    text = re.sub(r"`[^`]*`|\{\w+\}|\w+(\.\w+)+", " ", msgid)
    return {w for w in re.findall(r"\w+", text) if w.isascii() and w.isalpha() and len(w) >= 3
            and w not in NOT_ENGLISH}


def blank(value: object) -> object:
    """A parameter with what the plan wrote (names, files, numbers) left out: only the words ecdplan adds."""
    if isinstance(value, Phrase):
        return Phrase(value.template, {k: blank(v) for k, v in value.params.items()}, translated=value.translated)
    return value if isinstance(value, Word) else "…"


def assert_vietnamese(finding: Finding) -> str:
    """The finding's Vietnamese message, checked: none of the English words of its texts left in it."""
    ours = replace(finding, params={k: blank(v) for k, v in finding.params.items()}).text("vi")
    ours = re.sub(r"`[^`]*`|\w+(\.\w+)+", " ", ours)  # keys of the format (`unit:`, plan.area.province) stay
    for msgid in msgids(finding):
        assert labels.t(msgid, "vi") != msgid or not english_words(msgid), (finding.code, msgid)
        for word in english_words(msgid):
            assert not re.search(rf"(?<!\w){word}(?!\w)", ours, re.IGNORECASE), (finding.code, word, ours)
    return finding.text("vi")


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_message_reads_in_vietnamese_with_lang_vi_and_in_english_with_lang_en(tmp_path, case):
    plan, progress, code = CASES[case]
    path = write(tmp_path, plan, progress)
    found = [f for f in checked(path) if f.code == code]
    assert found, case
    labels.MISSES.clear()
    vi = invoke(["validate", path, "--lang", "vi"])
    en = invoke(["validate", path, "--lang", "en"])
    machine = json.loads(invoke(["validate", path, "--format", "json", "--lang", "vi"]).stdout)["findings"]
    for f in found:
        assert f.template is not None, (case, f.message)  # a message people read in their language
        said = assert_vietnamese(f)
        assert said != f.message and said in vi.stdout, (case, said)
        assert f.text("en") == f.message and f.message in en.stdout, (case, f.message)
        assert f.message in [m["message"] for m in machine if m["code"] == code]  # JSON stays English
    assert labels.MISSES == set(), labels.MISSES


def test_every_message_of_these_rules_is_triggered_here(tmp_path):
    """Each template these modules can give (and the phrases in them) comes up in one of the cases above."""
    modules = ["rules/places", "reference/places", "rules/bodies", "rules/documents", "rules/currency", "rules/progress",
               "core/progress"]
    wanted = {m for name in modules for _, m, _, _ in extract_from_file(
        "python", ROOT / "ecdplan" / f"{name}.py", keywords={"N_": None}) if "{" in m} - error_messages(modules)
    seen: set[str] = set()
    for case, (plan, progress, code) in CASES.items():
        path = write(tmp_path / case, plan, progress)
        seen |= {m for f in every_place(path) if f.code == code for m in msgids(f)}
    seen |= {m for f in direct_findings(tmp_path) for m in msgids(f)}
    assert wanted - seen == set()


def error_messages(modules: list[str]) -> set[str]:
    """The messages of errors these modules raise (EcdplanError: not findings; tests/test_cli_errors_language.py)."""
    import ast

    found = set()
    for name in modules:
        for node in ast.walk(ast.parse((ROOT / "ecdplan" / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "EcdplanError":
                found |= {n.args[0].value for n in ast.walk(node) if isinstance(n, ast.Call)
                          and getattr(n.func, "id", None) == "N_" and isinstance(n.args[0], ast.Constant)}
    return found


def direct_findings(tmp_path: Path) -> list[Finding]:
    """Messages no plan file can bring about (the loader removes control characters and refuses `25_000`),
    given by calling the checks directly."""
    from ecdplan.pipeline import check_file
    from ecdplan.reference.places import registry
    from ecdplan.rules import currency
    from ecdplan.rules.context import Context
    from ecdplan.rules.places import check_place

    path = write(tmp_path / "direct", edit("  unit: million VND\n", "  currency: {code: USD, rate: 25000, date: 2024-01-02, "
                                                         "source: test}\n"), None)
    result = check_file(str(path))
    ctx = Context(result.loaded)
    reg = registry()
    for finding in check_place(reg, ctx, result.plan, ("plan", "area", "name"), "Gia\x07Lộc", [2026], None):
        ctx.add(finding)
    reg.before = lambda place: []  # a unit formed from none the registry knows
    try:
        for finding in check_place(reg, ctx, result.plan, ("plan", "area", "name"), "Ba Sơn", [2024], "Lạng Sơn"):
            ctx.add(finding)
    finally:
        del reg.before
    written, currency._written_with_underscore = currency._written_with_underscore, lambda ctx, path: True
    try:
        for finding in currency.check_rate(result.compiled, ctx):
            ctx.add(finding)
    finally:
        currency._written_with_underscore = written
    return ctx.findings


def test_messages_no_plan_file_brings_about_read_in_vietnamese_too(tmp_path):
    found = direct_findings(tmp_path)
    assert [f.code for f in found] == ["A003", "A002", "C001"]
    labels.MISSES.clear()
    said = [assert_vietnamese(f) for f in found]
    assert said[0] == "tên địa danh 'Gia\\x07Lộc' chứa ký tự điều khiển hoặc ký tự ẩn"
    assert said[1] == "xã Ba Sơn chưa tồn tại trong năm 2024: được thành lập từ ngày 1/7/2025"
    assert said[2].endswith("tỷ giá được viết có dấu '_' (YAML đọc là 25000); hãy ghi bằng chữ số thường")
    assert labels.MISSES == set()


def test_lines_and_sources_are_named_as_the_plan_writes_them(tmp_path):
    plan, progress, _ = CASES["G005"]
    [g005] = [f for f in checked(write(tmp_path, plan, progress)) if f.code == "G005"]
    assert g005.text("en").startswith(f"{LINE}: Chương trình MTQG disbursed 90 million VND in 2023")
    assert g005.text("vi") == (f"{LINE}: nguồn Chương trình MTQG đã giải ngân 90 triệu đồng trong kỳ 2023, vượt mức "
                               "phân bổ 83,333334 (kinh phí kế hoạch của năm)")
    assert g005.path == "lines.clubs.disbursed.ntp"  # the machine formats keep the ids


def test_places_years_dates_and_periods_read_as_a_vietnamese_official_writes_them(tmp_path):
    def message(case: str, lang: str) -> str:
        return first(tmp_path, case, lang)

    assert message("A002", "vi") == ("xã Gia Lộc không còn tồn tại trong năm 2025 (từ 1/7), 2026: đã sáp nhập vào đơn "
                                     "vị mới từ ngày 1/7/2025; nay là xã Bằng Mạc (Lạng Sơn; từ 1/7/2025)")
    assert message("A002", "en") == ("xã Gia Lộc does not exist in 2025 (from 1/7), 2026: merged into the new units "
                                     "on 1/7/2025; now xã Bằng Mạc (Lạng Sơn; from 1/7/2025)")
    assert "đơn vị khác" in message("A002-district", "vi")  # more than six successors
    assert message("D001", "vi") == ("văn bản số 1/QĐ-TTg ở đây ghi ngày 02/01/2020, nhưng nơi dẫn lần đầu ghi ngày "
                                     "01/01/2020 (căn cứ, dòng 11)")
    assert message("D001", "en") == "1/QĐ-TTg is dated 2020-01-02 here but 2020-01-01 where first cited (its basis, line 11)"
    assert message("G004", "vi").startswith("kỳ báo cáo 6 tháng đầu năm 2027 nằm ngoài thời gian thực hiện kế hoạch")
    assert message("G004", "en").startswith("the period 2027-H1 is outside the plan period")
    assert message("G011", "vi").startswith("kỳ báo cáo từ 01/07/2023 đến 30/06/2024 kéo dài quá một năm")
    assert "sáp nhập" in message("O001", "vi") and "đơn vị kế thừa: Sở Tài chính" in message("O001", "vi")


def test_the_progress_command_shows_its_warnings_and_the_findings_that_stop_it_in_the_readers_language(tmp_path):
    plan, progress, _ = CASES["G006"]
    path = write(tmp_path, plan, progress)
    vi = invoke(["progress", tmp_path / "plan.yaml", path, "--lang", "vi", "--format", "csv"])
    en = invoke(["progress", tmp_path / "plan.yaml", path, "--lang", "en", "--format", "csv"])
    assert vi.exit_code == en.exit_code == 0, vi.output
    assert f"G006 [cảnh báo] {LINE}: 3 xã được triển khai trong kỳ 2023" in vi.stderr
    assert f"G006 [warning] {LINE}: 3 communes reached in 2023" in en.stderr
    plan, progress, _ = CASES["G001"]
    path = write(tmp_path, plan, progress)
    labels.MISSES.clear()
    vi = invoke(["progress", tmp_path / "plan.yaml", path, "--lang", "vi"])
    assert vi.exit_code == 2
    assert "G001 [lỗi] nội dung 'club' không có trong kế hoạch test-plan" in vi.stderr
    assert "Đã kiểm tra 1 tệp" in vi.stderr
    en = invoke(["progress", tmp_path / "plan.yaml", path, "--lang", "en"])
    assert "G001 [error] line 'club' is not an intervention of plan test-plan" in en.stderr
    assert labels.MISSES == set()
