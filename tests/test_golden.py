"""CLI output that people read, pinned by golden files in tests/golden/.

After an intended change of output, regenerate with: ECDPLAN_UPDATE_GOLDEN=1 pytest tests/test_golden.py
and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
PLAN = "plans/gia-lai-2023-2026.yaml"

CASES = {
    "validate-gia-lai": ["validate", PLAN],
    "budget-by-source": ["budget", PLAN, "--by-source"],
    "budget-by-source-by-year": ["budget", PLAN, "--by-source", "--by-year"],
    "budget-by-group-vi": ["budget", PLAN, "--by-group", "--lang", "vi"],
    "budget-by-year-markdown": ["budget", PLAN, "--by-year", "--format", "markdown"],
    "rollout-grid": ["rollout", PLAN],
    "rollout-2025": ["rollout", PLAN, "--year", "2025"],
    "rules": ["rules"],
    "targets-lang-son": ["targets", "plans/lang-son-2019-2025.yaml"],
    "calendar-bang-mac-tay-ninh": ["calendar", "plans/bang-mac-2024.yaml", "plans/tay-ninh-2025.yaml"],
    "agencies-gia-lai": ["agencies", PLAN],
    "budget-unbudgeted-vi": ["budget", "plans/bang-mac-2024.yaml", "--lang", "vi"],
    "progress-gia-lai-2023-by-source-by-year": ["progress", PLAN, "examples/progress-gia-lai-2023.yaml", "--by-source",
                                                "--by-year"],
    "progress-chi-lang-rollup-vi": ["progress", "plans/chi-lang-2024.yaml", "examples/progress-bang-mac-2024.yaml",
                                    "--lang", "vi"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_output_matches_golden_file(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, CASES[name])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("ECDPLAN_UPDATE_GOLDEN"):
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")
