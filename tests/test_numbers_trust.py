"""Issue 20, lane "numbers": side files in the plan's unit, plausible exchange rates, money outside the plan's
lines, exact funding, one figure one value. Each test pins one behaviour that was wrong before."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"


def _billion_plan(tmp_path: Path) -> Path:
    """The Gia Lai plan with its amounts read as billion VND (so 42,900 billion)."""
    text = GIA_LAI.read_text(encoding="utf-8")
    assert "  unit: million VND\n" in text
    path = tmp_path / "plans" / "gl-billion.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("  unit: million VND\n", "  unit: billion VND\n"), encoding="utf-8")
    return path


def _side(tmp_path: Path, example: str, name: str, plan_rel: str = "../plans/gl-billion.yaml") -> Path:
    text = (ROOT / "examples" / example).read_text(encoding="utf-8")
    text = text.replace("unit: million VND\n", "")
    text = text.replace("../plans/gia-lai-2023-2026.yaml", plan_rel)
    path = tmp_path / "side" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_progress_file_without_unit_inherits_plan_unit(cli, tmp_path):
    plan = _billion_plan(tmp_path)
    progress = _side(tmp_path, "progress-gia-lai-2023.yaml", "p2023.yaml")
    run = cli("progress", str(plan), str(progress), "--by-year", "--unit", "billion", "--format", "json")
    assert run.exit_code == 0, run.output
    execution = run.json()["tables"][0]
    assert Decimal(str(execution["totals"][0]["disbursed"])) == 4110  # not 4.1: 4,110 billion, as the plan's unit
    assert "(billion VND)" in execution["title"] or any("billion VND" in c["header"] for c in execution["columns"])


def test_envelope_file_without_unit_inherits_plan_unit(cli, tmp_path):
    plan = _billion_plan(tmp_path)
    envelopes = _side(tmp_path, "gia-lai-envelopes.yaml", "env.yaml")
    stated = tmp_path / "side" / "env-stated.yaml"
    stated.write_text(envelopes.read_text(encoding="utf-8").replace("envelopes:\n", "unit: billion VND\nenvelopes:\n"),
                      encoding="utf-8")
    inherited = cli("funding", str(plan), "--envelopes", str(envelopes), "--unit", "billion", "--format", "json")
    explicit = cli("funding", str(plan), "--envelopes", str(stated), "--unit", "billion", "--format", "json")
    assert inherited.exit_code == explicit.exit_code == 0, inherited.output + explicit.output
    assert inherited.json() == explicit.json()
    check = cli("validate", str(envelopes))
    assert check.exit_code == 0, check.output
