"""Terminal manners: tables fit the terminal (COLUMNS honoured), quoted globs are expanded, completion installs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, columns: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns:
        env["COLUMNS"] = columns
    return subprocess.run([sys.executable, "-m", "ecdplan", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("args", [
    ("calendar", "plans/bang-mac-2024.yaml", "plans/tay-ninh-2025.yaml"),
    ("budget", "--by-source"),
    ("agencies",),
])
def test_a_table_fits_the_width_columns_gives(args):
    out = run(*args, columns="80")
    assert out.returncode == 0, out.stderr
    assert max(len(line) for line in out.stdout.splitlines()) <= 80


def test_a_wrapped_table_keeps_its_figures_and_its_total_rule():
    wide = run("budget", "--by-source").stdout
    narrow = run("budget", "--by-source", columns="80").stdout
    for figure in ("6,510", "9,360", "14,010", "42,900", "7,887"):
        assert figure in wide and figure in narrow
    assert narrow.splitlines()[-8].startswith("----") or any(
        line.startswith("----") and nxt.startswith("Total") for line, nxt in zip(narrow.splitlines(), narrow.splitlines()[1:]))


def test_piped_output_is_not_wrapped():
    out = run("calendar", "plans/bang-mac-2024.yaml", "plans/tay-ninh-2025.yaml")
    assert max(len(line) for line in out.stdout.splitlines()) > 120


def test_a_quoted_glob_is_expanded_by_ecdplan():
    out = run("validate", "plans/*.yaml")
    assert out.returncode == 0
    assert f"{len(list((ROOT / 'plans').glob('*.yaml')))} files checked" in out.stdout


def test_a_glob_that_matches_nothing_is_a_usage_error():
    out = run("validate", "nowhere/*.yaml")
    assert out.returncode == 2 and "matches no file" in out.stderr


def test_shell_completion_can_be_shown_and_completes_options():
    shown = run("--show-completion", "bash").stdout
    assert "complete -o default" in shown and "COMPLETE=complete_bash" in shown
    env = dict(os.environ, _ECDPLAN_COMPLETE="complete_bash", COMP_WORDS="ecdplan budget --by-s", COMP_CWORD="2")
    script = Path(sys.executable).parent / "ecdplan"  # completion is for the installed command
    out = subprocess.run([str(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "--by-source" in out.stdout
