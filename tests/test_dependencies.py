"""The versions ecdplan runs with: CI tests the oldest versions pyproject.toml allows, as pinned in
.ci/oldest-constraints.txt; a typer without the private name the Vietnamese help relies on still runs; tabulate
0.9 writes what 0.10 writes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import typer.core
from typer.testing import CliRunner

from ecdplan.cli import help_language
from ecdplan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / ".ci" / "oldest-constraints.txt"
GIA_LAI = str(ROOT / "plans" / "gia-lai-2023-2026.yaml")


def _name(requirement: str) -> str:
    """A distribution's name as pip compares it (PEP 503: case and runs of -_. do not matter)."""
    return re.sub(r"[-_.]+", "-", requirement).lower()


def _lower_bounds() -> dict[str, str]:
    """{name: the version after >=} of every requirement in pyproject.toml, the extras' included."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    bounds: dict[str, str] = {}
    for requirement in requirements:
        found = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)", requirement)
        assert found, requirement
        lower = [s.strip()[2:] for s in found[2].split(",") if s.strip().startswith(">=")]
        assert len(lower) == 1, f"{requirement}: give it one lower bound (>=), the oldest version CI tests"
        name = _name(found[1])
        assert bounds.get(name, lower[0]) == lower[0], f"{name}: two different lower bounds"
        bounds[name] = lower[0]
    return bounds


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line}: pin an exact version (name==version)"
            pins[_name(name.strip())] = version.strip()
    return pins


def test_the_oldest_constraints_pin_every_dependency_at_its_lower_bound_in_pyproject():
    assert _pins() == _lower_bounds()


def test_ci_runs_the_suite_a_second_time_against_the_oldest_constraints():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("\\\n", " ")  # continued lines as one
    oldest = next((line for line in script.splitlines()
                   if "oldest-constraints.txt" in line and not line.lstrip().startswith("#")), "")
    assert "pip install" in oldest and "-c .ci/oldest-constraints.txt" in oldest and "pytest" in oldest
    assert "exit" in script.split(oldest, 1)[1], "the script's exit status must tell both runs"


@pytest.fixture
def typer_without_private_gettext(monkeypatch):
    """typer as a release without the private `typer.core._` would be, in a process that has not yet run in
    Vietnamese (so help_language has kept no gettext of typer's)."""
    import builtins

    monkeypatch.setattr(help_language, "_TYPER_GETTEXT", {})
    gettext = typer.core._
    monkeypatch.delattr(typer.core, "_")
    # typer's own calls of `_` still find a gettext, as they would in a typer that named it otherwise
    monkeypatch.setattr(builtins, "_", gettext, raising=False)


def test_without_typers_private_gettext_the_help_is_english_whole(typer_without_private_gettext):
    vi = CliRunner().invoke(app, ["budget", "--help", "--lang", "vi"])
    assert vi.exit_code == 0, vi.output
    for text in ("Usage: ecdplan budget", "Options:", "By funding source.", "Show this message and exit."):
        assert text in vi.stdout, text
    assert "Tùy chọn" not in vi.stdout and "Theo nguồn vốn." not in vi.stdout


def test_without_typers_private_gettext_a_vietnamese_run_still_runs_in_vietnamese(typer_without_private_gettext):
    vi = CliRunner().invoke(app, ["budget", GIA_LAI, "--by-source", "--lang", "vi"])
    assert vi.exit_code == 0, vi.output
    assert "Nguồn vốn" in vi.stdout and "Kinh phí (triệu đồng)" in vi.stdout
    mistyped = CliRunner().invoke(app, ["budget", GIA_LAI, "--lang", "vi", "--foo"])
    assert mistyped.exit_code == 2 and "Lỗi: Không có tùy chọn --foo" in mistyped.stderr


@pytest.mark.parametrize("fmt, width, expected", [
    ("table", None, "Intervention    Cost (million VND)    Beneficiaries\n"
                    "--------------  --------------------  ---------------\n"),
    ("table", 40, "Intervention  Cost      Beneficiaries\n"  # wrapped between words: none is cut
                  "              (million\n"
                  "              VND)\n"
                  "------------  --------  -------------\n"),
    ("markdown", None, "| Intervention   | Cost (million VND)   | Beneficiaries   |\n"
                       "|----------------|----------------------|-----------------|\n"),
])
def test_a_table_without_rows_is_its_headers_with_every_supported_tabulate(fmt, width, expected):
    from ecdplan.reports.table import Column, Table
    from ecdplan.writers.render import ReportFormat, render

    table = Table([Column("Intervention"), Column("Cost (million VND)", numeric=True),
                   Column("Beneficiaries", numeric=True)], title="Nothing")
    heading = "### Nothing\n\n" if fmt == "markdown" else "Nothing\n\n"
    assert render(table, ReportFormat(fmt), width=width) == heading + expected
