"""The versions ecdplan runs with: a typer without the private name the Vietnamese help relies on still
runs, and tabulate 0.9 writes what 0.10 writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.core
from typer.testing import CliRunner

from ecdplan.cli import help_language
from ecdplan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = str(ROOT / "plans" / "gia-lai-2023-2026.yaml")


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
    ("table", 40, "Intervention    Cost        Beneficia\n"
                  "                (million    ries\n"
                  "                VND)\n"
                  "--------------  ----------  -----------\n"),
    ("markdown", None, "| Intervention   | Cost (million VND)   | Beneficiaries   |\n"
                       "|----------------|----------------------|-----------------|\n"),
])
def test_a_table_without_rows_is_its_headers_with_every_supported_tabulate(fmt, width, expected):
    from ecdplan.writers.render import Column, ReportFormat, Table, render

    table = Table([Column("Intervention"), Column("Cost (million VND)", numeric=True),
                   Column("Beneficiaries", numeric=True)], title="Nothing")
    heading = "### Nothing\n\n" if fmt == "markdown" else "Nothing\n\n"
    assert render(table, ReportFormat(fmt), width=width) == heading + expected
