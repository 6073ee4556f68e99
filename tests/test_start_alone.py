"""A start an officer can make alone (issue 21): `ecdplan init` writes a plan to fill in, with what to write above
every key in Vietnamese or English, that validates as written; `--lang` works before the command and with
`--help`; `schema --lang vi` gives the format's descriptions in Vietnamese."""

from __future__ import annotations

import json

import pytest
import yaml

from ecdplan.formats.registry import json_schema


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_init_writes_a_plan_that_validates_with_no_finding(cli, tmp_path, lang):
    target = tmp_path / "ke-hoach.yaml"
    assert cli("init", str(target), "--lang", lang).exit_code == 0
    run = cli("validate", str(target), "--format", "json")
    assert run.exit_code == 0 and json.loads(run.stdout)["findings"] == []


def test_init_explains_every_key_where_it_first_appears_in_the_readers_language(cli):
    text = cli("init", "-", "--lang", "vi").stdout
    assert "# Mã ngắn của dòng" in text and "Short id" not in text
    lines = text.splitlines()
    explained: dict[str, bool] = {}
    for i, line in enumerate(lines):
        stripped = line.lstrip().removeprefix("- ")
        if line.lstrip().startswith("#") or ":" not in stripped or stripped.startswith("#"):
            continue
        key = stripped.split(":", 1)[0]
        if key not in explained:
            explained[key] = lines[i - 1].lstrip().startswith("#")
    assert len(explained) >= 25
    assert [key for key, yes in explained.items() if not yes] == []


def test_init_is_block_style_and_needs_no_quotes(cli):
    text = cli("init", "-").stdout
    body = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any("{" in line or '"' in line or "'" in line for line in body)
    assert yaml.safe_load(text)["total"] == 16800


def test_init_never_replaces_an_existing_file_without_force(cli, tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    target.write_text("giữ nguyên\n", encoding="utf-8")
    run = cli("init", str(target))
    assert run.exit_code == 2 and "--force" in run.output
    assert target.read_text(encoding="utf-8") == "giữ nguyên\n"
    assert cli("init", str(target), "--force").exit_code == 0


def test_help_in_vietnamese_with_lang_after_help(cli):
    run = cli("--help", "--lang", "vi")
    assert run.exit_code == 0 and "Cách dùng" in run.stdout and "Ngôn ngữ của phần hướng dẫn" in run.stdout


def test_lang_before_the_command_applies_to_the_command_and_the_commands_own_wins(cli, tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    cli("init", str(target))
    assert "Đã kiểm tra 1 tệp" in cli("--lang", "vi", "validate", str(target)).stdout
    assert "1 file checked" in cli("--lang", "vi", "validate", str(target), "--lang", "en").stdout


def test_schema_in_vietnamese_translates_every_description_and_nothing_else(cli):
    run = cli("schema", "--lang", "vi")
    vi, en = json.loads(run.stdout), json_schema("plan")
    assert vi["$defs"]["Intervention"]["properties"]["id"]["description"].startswith("Mã ngắn của dòng")

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "description"}
        return [strip(v) for v in node] if isinstance(node, list) else node

    assert strip(vi) == strip(en)
