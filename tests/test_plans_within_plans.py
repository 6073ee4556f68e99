"""A plan that names its parent is checked against the parent's file: period, level, citation."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ecdplan.cli.commands import app

PARENT = """\
format: ecdplan/1
plan:
  id: district-2024
  title: Kế hoạch huyện
  number: 102/KH-UBND
  date: 2024-03-22
  issuer: UBND huyện Chi Lăng
  level: district
  area: {name: huyện Chi Lăng}
  period: {start: 2024, end: 2024}
"""

CHILD = """\
format: ecdplan/1
plan:
  id: commune-2024
  title: Kế hoạch xã
  issuer: UBND xã Bằng Mạc
  level: {level}
  area: {{name: xã Bằng Mạc}}
  period: {{start: {start}, end: 2024}}
  parent:
    number: {number}
    date: {date}
    file: parent.yaml
"""


def validate_child(tmp_path: Path, level="commune", start=2024, number="102/KH-UBND", date="2024-03-22",
                   parent=PARENT):
    if parent is not None:
        (tmp_path / "parent.yaml").write_text(parent, encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text(CHILD.format(level=level, start=start, number=number, date=date), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(child)])
    return result, child.read_text(encoding="utf-8").splitlines()


def line_of(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_child_that_agrees_with_its_parent_file_is_clean(tmp_path):
    result, _ = validate_child(tmp_path)
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output


def test_citation_with_spaces_in_the_number_still_matches(tmp_path):
    result, _ = validate_child(tmp_path, number='"102 /KH-UBND"')
    assert result.exit_code == 0, result.output


def test_wrong_citation_number_is_P004_with_both_numbers(tmp_path):
    result, lines = validate_child(tmp_path, number="103/KH-UBND")
    assert result.exit_code == 1
    assert f"child.yaml:{line_of(lines, 'number: 103')}:" in result.output
    assert "P004" in result.output and "103/KH-UBND" in result.output and "102/KH-UBND" in result.output


def test_wrong_citation_date_is_P004(tmp_path):
    result, _ = validate_child(tmp_path, date="2024-03-23")
    assert result.exit_code == 1
    assert "P004" in result.output and "2024-03-22" in result.output


def test_child_period_outside_the_parent_period_is_P002(tmp_path):
    result, lines = validate_child(tmp_path, start=2023)
    assert result.exit_code == 1
    assert "P002" in result.output and "2023-2024" in result.output
    assert f":{line_of(lines, 'period:')}:" in result.output


def test_child_at_the_same_level_as_its_parent_is_P003(tmp_path):
    result, _ = validate_child(tmp_path, level="district")
    assert result.exit_code == 1
    assert "P003" in result.output


def test_missing_parent_file_is_P001(tmp_path):
    result, _ = validate_child(tmp_path, parent=None)
    assert result.exit_code == 1
    assert "P001" in result.output and "parent.yaml" in result.output
