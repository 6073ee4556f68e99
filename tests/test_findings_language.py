"""Findings in the reader's language: a message with a template is shown in Vietnamese with its figures and the
line's name; machine formats keep English; messages without a template stay English (issue 13, in progress)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ecdplan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
IMAM = "Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)"


def mismatched(tmp_path: Path) -> Path:
    text = GIA_LAI.read_text(encoding="utf-8")
    text = text.replace("cost: {total: 9300}", "cost: {total: 9300, by_year: {2023: 900, 2024: 900, 2025: 3700, "
                                               "2026: 3700}}", 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_lang_vi_gives_a_vietnamese_total_mismatch_with_its_figures_and_the_lines_name(tmp_path):
    run = CliRunner().invoke(app, ["validate", str(mismatched(tmp_path)), "--lang", "vi"])
    assert run.exit_code == 1
    b003 = next(line for line in run.stdout.splitlines() if " B003 " in line)
    assert f"{IMAM}: tổng kế hoạch ghi 9.300 triệu đồng, nhưng kinh phí các năm cộng lại là 9.200 (chênh lệch 100)" \
        in b003
    assert "kế hoạch ghi 9.300, tính lại 9.200, chênh lệch 100 triệu đồng" in run.stdout
    assert "Đã kiểm tra 1 tệp:" in run.stdout


def test_the_same_finding_reads_in_english_by_default_and_json_keeps_english(tmp_path):
    path = mismatched(tmp_path)
    run = CliRunner().invoke(app, ["validate", str(path), "--lang", "en"])
    assert f"{IMAM}: the declared total is 9300 million VND, but the per-year amounts add up to 9200" in run.stdout
    doc = json.loads(CliRunner().invoke(app, ["validate", str(path), "--format", "json", "--lang", "vi"]).stdout)
    [b003] = [f for f in doc["findings"] if f["code"] == "B003"]
    assert b003["message"].startswith(f"{IMAM}: the declared total")
    assert b003["figures"]["difference"] == "100"


def test_every_rules_fix_has_a_vietnamese_translation_and_validate_lang_vi_shows_it(tmp_path):
    from ecdplan.rules.findings import RULES
    from ecdplan.i18n.labels import MISSES, t

    MISSES.clear()
    for rule in RULES.values():
        assert t(rule.fix, "vi") != rule.fix or rule.fix.startswith("Use `format"), rule.code
    assert not MISSES
    run = CliRunner().invoke(app, ["validate", str(mismatched(tmp_path)), "--lang", "vi"])
    assert "\nB003: Sửa chi tiết để cộng lại bằng tổng kế hoạch" in run.stdout  # no English rule name


def test_rollout_funding_and_period_findings_read_in_vietnamese(tmp_path):
    from test_rules import edit

    text = edit("sources: [ntp, nsdp]", "sources: [{source: ntp, share: 60}, {source: nsdp, share: 30}]",
                edit("cost: {total: 1000}", "cost: {by_year: {2023: 100, 2024: 300, 2025: 300, 2062: 300}}"))
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    out = CliRunner().invoke(app, ["validate", str(path), "--lang", "vi"]).stdout
    assert "Câu lạc bộ dinh dưỡng: tỷ lệ các nguồn cộng lại là 90%, không phải 100% (chênh lệch 10)" in out
    assert "Câu lạc bộ dinh dưỡng: kinh phí năm 2062, ngoài thời gian thực hiện kế hoạch 2023-2026" in out


def test_the_html_reports_findings_read_in_the_readers_language_without_data_paths(tmp_path):
    out = tmp_path / "r.html"
    assert CliRunner().invoke(app, ["report", str(GIA_LAI), "-o", str(out), "--lang", "vi"]).exit_code == 0
    findings = out.read_text(encoding="utf-8").split("<h2>Phụ lục: Kết quả kiểm tra</h2>")[1]
    assert "interventions[" not in findings and "sources[" not in findings  # ids are for JSON and SARIF
    assert "<code>F002</code> <strong>cảnh báo</strong>" in findings
    assert "<li>Mô hình quản lý điều trị suy dinh dưỡng" in findings
