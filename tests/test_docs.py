"""Documentation that is generated from the code, and the CI script, stay in step with it."""

from __future__ import annotations

import re
from pathlib import Path

from ecdplan.writers.docgen import format_reference, progress_reference, readme_with_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_format_reference_is_current():
    assert (ROOT / "docs" / "format.md").read_text(encoding="utf-8") == format_reference(), \
        "run: python -m ecdplan.writers.docgen"


def test_progress_format_reference_is_current():
    assert (ROOT / "docs" / "progress.md").read_text(encoding="utf-8") == progress_reference(), \
        "run: python -m ecdplan.writers.docgen"


def test_readme_rule_table_is_current():
    assert README == readme_with_rules(README), "run: python -m ecdplan.writers.docgen"


def test_quickstart_has_exactly_two_command_lines_and_ci_runs_the_test_one():
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quickstart, re.S)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "ecdplan budget" in commands[0] and "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_side_file_schemas_are_current():
    import json

    from ecdplan.formats.registry import json_schema

    for kind in ("envelopes", "scenario", "progress"):
        committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert committed == json_schema(kind), f"run: ecdplan schema {kind} > schemas/{kind}.schema.json"
