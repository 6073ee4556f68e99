"""Findings of the loading and format stages in the reader's language: every L, S and P rule, I005 and the side
files' findings read in Vietnamese with `validate --lang vi` (no English word of their templates, nothing missing
from the catalogue) and in English with `--lang en`; JSON keeps English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import to_cp1258
from ecdplan.cli.commands import app
from ecdplan.rules.findings import Finding, Phrase, Word
from test_plans_within_plans import CHILD, PARENT
from test_progress_rules import PLAN as PROGRESS_PLAN, PROGRESS
from test_rules import BASE, edit, nested

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
# words of the templates that stay as they are in Vietnamese: names of formats and programs, YAML's own words
KEPT = {"YAML", "PyYAML", "UTF", "Windows", "ecdplan", "validate", "true", "false", "byte", "tab"}


def child(level="commune", start=2024, number="102/KH-UBND", date="2024-03-22") -> str:
    return CHILD.format(level=level, start=start, number=number, date=date)


def scenario(body: str) -> str:
    return f"format: ecdplan-scenario/1\nname: thử\nplan: {GIA_LAI}\n{body}"


# (case, code, {file name: text or bytes}); the first file is validated, the others sit next to it
CASES: list[tuple[str, str, dict[str, str | bytes]]] = [
    ("cp1258", "L001", {"p.yaml": to_cp1258(BASE)}),
    ("utf16", "L001", {"p.yaml": "format: ecdplan/1\n".encode("utf-16")}),
    ("missing-file", "L001", {"absent.yaml": None}),
    ("directory", "L001", {"dir.yaml": "DIR"}),
    ("syntax", "L002", {"p.yaml": edit("  level: commune\n", "  level: commune: xã\n")}),
    ("flow-syntax", "L002", {"p.yaml": edit("  unit: million VND\n", "  unit: [million VND\n")}),
    ("tab", "L002", {"p.yaml": edit("  unit: million VND\n", "\tunit: million VND\n")}),
    ("missing-colon", "L002", {"p.yaml": edit("  unit: million VND\n", "  unit: million VND\n  notes\n"
                                                                       "  more: 1\n")}),
    ("list", "L003", {"p.yaml": "- format: ecdplan/1\n- plan: {}\n"}),
    ("empty", "L003", {"p.yaml": ""}),
    ("single", "L003", {"p.yaml": "ecdplan\n"}),
    ("duplicate", "L004", {"p.yaml": edit("  unit: million VND\n", "  unit: million VND\n  unit: VND\n")}),
    ("alias", "L005", {"p.yaml": edit("Y tế, total: 1000}", "Y tế, total: &t 1000}",
                                      edit("\ntotal: 1000\n", "\ntotal: *t\n"))}),
    ("merge", "L005", {"p.yaml": edit("  area: {name: xã Thử, communes: 10}\n",
                                      "  area:\n    <<: {name: xã Thử}\n    communes: 10\n")}),
    ("thousands", "L006", {"p.yaml": edit("cost: {total: 1000}", "cost: {total: 1.000}")}),
    ("thousands-comma", "L006", {"p.yaml": edit("cost: {total: 1000}", "cost: {total: 1,000}")}),
    ("decimal-comma", "L006", {"p.yaml": edit("cost: {total: 1000}", "cost: {total: 1000,5}")}),
    ("separators-text", "L006", {"p.yaml": edit("cost: {total: 1000}", "cost: {total: 42 900}")}),
    ("nan", "L007", {"p.yaml": edit("cost: {total: 1000}", "cost: {total: .nan}")}),
    ("too-large", "L007", {"p.yaml": edit("cost: {total: 1000}", "cost: {total: 10000000000000000000000}")}),
    ("deep", "L008", {"p.yaml": edit("  unit: million VND\n", f"  unit: million VND\n  notes: {nested(100)}\n")}),
    ("octal", "L009", {"p.yaml": edit("communes: 2\n", "communes: 02\n")}),
    ("hex", "L009", {"p.yaml": edit("communes: 2\n", "communes: 0x2\n")}),
    ("exponent-text", "L009", {"p.yaml": edit("cost: {total: 1000}", "cost: {total: 1e3}")}),
    ("yes-number", "L009", {"p.yaml": edit("communes: 2\n", "communes: yes\n")}),
    ("no-name", "L009", {"p.yaml": edit("  - id: nsdp\n", "  - id: no\n")}),
    ("y-text", "L009", {"p.yaml": edit("  issuer: UBND xã Thử\n", "  issuer: UBND xã Thử\n  notes: y\n")}),
    ("tag", "L009", {"p.yaml": edit("communes: 2\n", "communes: !!int 2\n")}),
    ("flag", "L009", {"progress.yaml": PROGRESS.replace("illustrative: true", "illustrative: yes"),
                      "plan.yaml": PROGRESS_PLAN}),
    ("control", "L010", {"p.yaml": edit("name: Câu lạc bộ dinh dưỡng", 'name: "Câu lạc bộ\\a dinh dưỡng"')}),
    ("unknown-key", "S001", {"p.yaml": edit("    group: I\n", "    group: I\n    leed: Sở Y tế\n")}),
    ("missing-key", "S001", {"p.yaml": edit("  issuer: UBND xã Thử\n", "")}),
    ("whole-number", "S001", {"p.yaml": edit("communes: 2\n", "communes: 2.5\n")}),
    ("literal", "S001", {"p.yaml": edit("  level: commune\n", "  level: town\n")}),
    ("empty-text", "S001", {"p.yaml": edit("  title: Kế hoạch thử nghiệm\n", "  title: ''\n")}),
    ("id-pattern", "S001", {"p.yaml": edit("  - id: clubs\n", "  - id: 'câu lạc bộ'\n")}),
    ("date", "S001", {"p.yaml": edit("due: 2026-12-05", "due: 'soon'")}),
    ("bad-date", "S001", {"p.yaml": edit("due: 2026-12-05", "due: 2026-13-05")}),
    ("union", "S001", {"p.yaml": edit("years: 2023-2024", "years: [2023]")}),
    ("text-number", "S001", {"p.yaml": edit("cost: {total: 1000}", "cost: {total: '1.000'}")}),
    ("period-order", "S001", {"p.yaml": edit("period: {start: 2023, end: 2026}", "period: {start: 2026, end: 2023}")}),
    ("year-range", "S001", {"p.yaml": edit("years: 2023-2024", "years: 2024-2023")}),
    ("yearly", "S001", {"p.yaml": edit("due: 2026-12-05", "yearly: '02-30'")}),
    ("share", "S001", {"p.yaml": edit("sources: [ntp, nsdp]", "sources: [{source: ntp, share: 120}]")}),
    ("progress-period", "S001", {"progress.yaml": PROGRESS.replace("period: 2023", "period: 2023-H3"),
                                 "plan.yaml": PROGRESS_PLAN}),
    ("negative", "S002", {"p.yaml": edit("communes: 2\n", "communes: -2\n")}),
    ("format", "S003", {"p.yaml": edit("format: ecdplan/1", "format: ecdplan/2")}),
    ("no-format", "S003", {"p.yaml": edit("format: ecdplan/1\n", "")}),
    ("progress-format", "S003", {"progress.yaml": PROGRESS.replace("ecdplan-progress/1", "ecdplan-progress/2"),
                                 "plan.yaml": PROGRESS_PLAN}),
    ("parent-missing", "P001", {"child.yaml": child()}),
    ("parent-unusable", "P001", {"child.yaml": child(), "parent.yaml": PARENT.replace("level: district", "level: x")}),
    ("period", "P002", {"child.yaml": child(start=2023), "parent.yaml": PARENT}),
    ("level", "P003", {"child.yaml": child(level="province"), "parent.yaml": PARENT}),
    ("number", "P004", {"child.yaml": child(number="103/KH-UBND"), "parent.yaml": PARENT}),
    ("date", "P004", {"child.yaml": child(date="2024-03-23"), "parent.yaml": PARENT}),
    ("id", "P004", {"child.yaml": child().replace("    file: parent.yaml", "    id: other\n    file: parent.yaml"),
                    "parent.yaml": PARENT}),
    ("side-plan", "P005", {"side.yaml": "format: ecdplan-scenario/1\nname: x\nplan: missing.yaml\n"}),
    ("scenario-line", "I005", {"side.yaml": scenario("interventions:\n  ghost-line:\n    cost: {total: 5}\n")}),
    ("scenario-shares", "F001", {"side.yaml": scenario("interventions:\n  imam:\n    sources: [{source: nsdp, "
                                                      "share: 50}]\n")}),
    ("scenario-rollout", "R001", {"side.yaml": scenario("interventions:\n  imam:\n    rollout: {1950: 3}\n")}),
]


def write(tmp_path: Path, files: dict[str, str | bytes | None]) -> Path:
    for name, content in files.items():
        path = tmp_path / name
        if content == "DIR":
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        elif content is not None:
            path.write_text(content, encoding="utf-8")
    return tmp_path / next(iter(files))


def findings_of(path: Path, code: str) -> list[Finding]:
    from ecdplan.pipeline import check_files

    [result] = check_files([str(path)])
    return [f for f in result.findings if f.code == code]


def parts(value: object) -> tuple[list[str], list[str]]:
    """(English msgids, raw values) of a finding's template and parameters, nested phrases included."""
    if isinstance(value, Phrase):
        ids, raw = [value.template], []
        for v in value.params.values():
            more_ids, more_raw = parts(v)
            ids += more_ids
            raw += more_raw
        return ids, raw
    if isinstance(value, Word):
        return [str(value)], []
    return [], [str(value)]


def english_words(msgid: str) -> set[str]:
    """The words of an English template that a reader would read, not what is quoted or a placeholder."""
    text = re.sub(r"`[^`]*`|'[^']*'|\{\{.*?\}\}|\{[^}]*\}|<[^>]*>|\b[A-Z]{2,}[-\w]*", " ", msgid)
    return {w for w in re.findall(r"[A-Za-z]{2,}", text)} - KEPT


@pytest.mark.parametrize("case,code,files", CASES, ids=[f"{c[1]}-{c[0]}" for c in CASES])
def test_each_finding_of_loading_and_format_reads_in_vietnamese_and_in_english(case, code, files, tmp_path):
    from ecdplan.i18n.labels import MISSES

    path = write(tmp_path, files)
    found = findings_of(path, code)
    assert found, f"{case} does not trigger {code}"
    MISSES.clear()
    vi = CliRunner().invoke(app, ["validate", str(path), "--lang", "vi"]).stdout
    en = CliRunner().invoke(app, ["validate", str(path), "--lang", "en"]).stdout
    assert not MISSES
    for f in found:
        assert f.template is not None, f.message  # marked for translation
        text = f.text("vi")
        assert text in vi and f.message in en
        assert text != f.message and VIETNAMESE.search(text), text
        ids, raw = parts(Phrase(f.template, f.params))
        leftover = {w for msgid in ids for w in english_words(msgid)
                    if re.search(rf"(?<![\w-]){w}(?![\w-])", text)
                    and not any(re.search(rf"(?<![A-Za-z]){w}(?![A-Za-z])", r) for r in raw)}
        assert not leftover, (text, leftover)
    assert VIETNAMESE.search(vi.splitlines()[-1])  # the summary too


def test_json_keeps_the_english_message_whatever_the_language(tmp_path):
    path = write(tmp_path, {"p.yaml": edit("cost: {total: 1000}", "cost: {total: 1.000}")})
    doc = json.loads(CliRunner().invoke(app, ["validate", str(path), "--format", "json", "--lang", "vi"]).stdout)
    [l006] = [f for f in doc["findings"] if f["code"] == "L006"]
    assert l006["message"] == "'1.000' is ambiguous: Vietnamese reads 1000 (thousands), YAML reads 1"


def test_the_hints_that_help_are_kept_in_vietnamese(tmp_path):
    def vi(text: str) -> str:
        path = write(tmp_path, {"p.yaml": text})
        return CliRunner().invoke(app, ["validate", str(path), "--lang", "vi"]).stdout

    assert "'9.300' có hai cách đọc: người Việt đọc là 9300" in \
        vi(edit("cost: {total: 1000}", "cost: {total: 9.300}"))
    assert "hãy ghi số không có dấu ngăn cách, ví dụ 42900" in \
        vi(edit("cost: {total: 1000}", "cost: {total: '42.900,0'}"))
    assert "hãy đặt trong dấu nháy: 'no'" in vi(edit("  - id: nsdp\n", "  - id: no\n"))
    assert "YAML 1.1 đọc là 34 (hệ bát phân, vì có số 0 ở đầu); hãy ghi bằng chữ số thường (ví dụ 42, bỏ số 0 ở " \
           "đầu)" in vi(edit("communes: 2\n", "communes: 042\n"))
    assert "có phải là 'lead'?" in vi(edit("    group: I\n", "    group: I\n    leed: Sở Y tế\n"))


def test_a_schema_finding_inside_a_line_names_the_line_and_json_keeps_the_ids(tmp_path):
    path = write(tmp_path, {"p.yaml": edit("communes: 2\n", "communes: 2.5\n")})
    vi = CliRunner().invoke(app, ["validate", str(path), "--lang", "vi"]).stdout
    assert "Câu lạc bộ dinh dưỡng (interventions[clubs].rollout[0].communes): ở đây cần một số nguyên, không " \
           "phải 2.5" in vi
    doc = json.loads(CliRunner().invoke(app, ["validate", str(path), "--format", "json"]).stdout)
    [s001] = [f for f in doc["findings"] if f["code"] == "S001"]
    assert s001["path"] == "interventions[clubs].rollout[0].communes"
    assert s001["message"].endswith("a whole number is needed here, not 2.5")


# what `_model_findings` words itself, type by type; any other pydantic type falls back to "{where}: {detail}"
HANDLED = {"missing", "extra_forbidden", "ecdplan", "int_type", "int_parsing", "int_from_float", "string_type",
           "decimal_type", "decimal_parsing", "float_type", "float_parsing", "finite_number", "bool_type",
           "bool_parsing", "list_type", "tuple_type", "set_type", "dict_type", "model_type", "model_attributes_type",
           "none_required", "date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact",
           "datetime_type", "datetime_parsing", "datetime_from_date_parsing", "greater_than_equal", "greater_than",
           "less_than_equal", "less_than", "literal_error", "enum", "string_too_short", "string_too_long",
           "string_pattern_mismatch", "too_short", "too_long", "union_tag_invalid", "union_tag_not_found"}


def test_the_pydantic_error_types_handled_are_listed_and_each_reads_in_vietnamese():
    from ecdplan.i18n.labels import MISSES, t
    from ecdplan.rules.runner import HANDLED_TYPES, model_message

    assert HANDLED_TYPES == HANDLED
    MISSES.clear()
    ctx = {"ge": 0, "gt": 0, "le": 100, "lt": 100, "expected": "'a' or 'b'", "min_length": 2, "max_length": 3,
           "actual_length": 5, "pattern": "^x$", "template": "{value} is not a year", "value": 1800}
    for kind in sorted(HANDLED):
        template, params = model_message({"type": kind, "loc": ("plan",), "msg": "pydantic's text", "input": "x",
                                          "ctx": ctx}, "plan", "key", ["keys"])
        assert template != "{where}: {detail}" or kind == "ecdplan", kind
        assert t(template, "vi") != template or template == "{where}: {detail}", kind
        text = Finding(code="S001", message=template.format(**params), template=template, params=params).text("vi")
        assert VIETNAMESE.search(text), (kind, text)
    assert not MISSES


def test_an_unknown_pydantic_error_type_keeps_pydantics_english_text_after_the_place():
    from ecdplan.rules.runner import model_message

    template, params = model_message({"type": "url_parsing", "loc": ("plan",), "msg": "Input should be a valid URL",
                                      "input": "x"}, "plan")
    assert template == "{where}: {detail}"
    assert template.format(**params) == "plan: Input should be a valid URL (found 'x')"


def test_every_model_validator_raises_a_translatable_error():
    """No `raise ValueError` is left in the models: each validator's message is a marked template."""
    source = "".join((ROOT / "ecdplan" / "formats" / name).read_text(encoding="utf-8")
                     for name in ("fields.py", "plan.py", "side_files.py"))
    assert "raise ValueError" not in source
    assert source.count("raise refusal(N_(") >= 12
