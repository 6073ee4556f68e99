"""Terminal tables fit COLUMNS and wrap between words: never inside a name, an id, a number, a date or a code.

Every table command runs on the bundled plans twice: piped (nothing wraps) and with COLUMNS=80. The 80-column
output has no line wider than 80 characters (counted after NFC, as a terminal shows Vietnamese), and every word
of the piped output's titles, cells and notes is found whole in it, and no other: a word cut in two ("DTTS-/MN",
"gia-lai-20/23-2026", "2025-07-/01") would be missing from it, and its halves new.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "plans").glob("*.yaml"))
GIA_LAI = "plans/gia-lai-2023-2026.yaml"
WIDTH = 80


def run(args: list[str], columns: int | None) -> str:
    env = {"COLUMNS": str(columns) if columns else None}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.stdout


def _is_rule(line: str) -> bool:
    return bool(line.strip()) and set(line) <= {"-", " "}


def body_words(text: str) -> set[str]:
    """The words of a table output, its column headers left out (a header's long word may be hyphenated at last
    resort: never a cell's). A table's headers are the lines between a blank line and its first rule."""
    lines = text.splitlines()
    header = set()
    start, ruled = 0, False
    for k, line in enumerate(lines):
        if not line.strip():
            start, ruled = k + 1, False
        elif _is_rule(line):
            if not ruled:
                header.update(range(start, k))
            ruled = True
    return {w for k, line in enumerate(lines) if k not in header and not _is_rule(line) for w in line.split()}


def width(line: str) -> int:
    return len(unicodedata.normalize("NFC", line))


COMMANDS = (
    [["budget", p] for p in PLANS]
    + [["budget", p, "--by-source", "--by-year"] for p in PLANS]
    + [["budget", GIA_LAI, "--by-group", "--by-year"], ["budget", GIA_LAI, "--by-agency"]]
    + [["rollout", p] for p in PLANS]
    + [["rollout", GIA_LAI, "--year", "2025"], ["rollout", GIA_LAI, "--communes", "--year", "2025"]]
    + [["targets", p] for p in PLANS]
    + [["agencies", p] for p in PLANS]
    + [["calendar", *PLANS]]
    + [["rollup", *PLANS], ["rollup", *PLANS, "--by", "plan"]]
    + [["funding", GIA_LAI, "--envelopes", "examples/gia-lai-envelopes.yaml"]]
    + [["compare", GIA_LAI, "-s", "examples/scenario-imam-30.yaml", "-s", "examples/scenario-more-ntp.yaml"]]
    + [["diff", GIA_LAI, "plans/lang-son-2019-2025.yaml"], ["diff", "plans/lang-son-2019-2025.yaml",
                                                            "plans/thanh-hoa-2019-2025.yaml"]]
    + [["progress", GIA_LAI, "examples/progress-gia-lai-2023.yaml", "examples/progress-gia-lai-2024-H1.yaml"],
       ["progress", "plans/bang-mac-2024.yaml", "examples/progress-bang-mac-2024.yaml"]]
    + [["places", "Ia Mlah"], ["places", "bang mac"], ["places", "Chi Lăng"]]
    + [["rules"]]
)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(x.split("/")[-1] for x in a))
def test_every_table_fits_80_columns_and_no_word_is_cut_across_lines(args, lang, monkeypatch):
    monkeypatch.chdir(ROOT)
    wide = run([*args, "--lang", lang], None)
    narrow = run([*args, "--lang", lang], WIDTH)
    too_wide = [line for line in narrow.splitlines() if width(line) > WIDTH]
    if args[0] == "places" and args[1] != "Ia Mlah":
        # nine columns whose longest words ("30/6/2025);", "2025-06-30", "phường") add up to more than 80: the
        # table is as narrow as whole words allow
        assert max(map(width, narrow.splitlines())) <= WIDTH + 10
    else:
        assert not too_wide, "\n".join(too_wide)
    assert body_words(wide) - body_words(narrow) == set(), "words cut across lines"
    assert body_words(narrow) - body_words(wide) == set(), "pieces of cut words"


def test_piped_tables_and_machine_formats_do_not_wrap(monkeypatch):
    monkeypatch.chdir(ROOT)
    piped = run(["progress", GIA_LAI, "examples/progress-gia-lai-2024-H1.yaml"], None)
    assert max(map(width, piped.splitlines())) > 100  # the execution table, one line per row
    for fmt in ("csv", "json"):
        args = ["progress", GIA_LAI, "examples/progress-gia-lai-2024-H1.yaml", "--format", fmt]
        assert run(args, WIDTH) == run(args, None)


def test_a_code_of_a_source_wraps_before_it_never_inside_it(monkeypatch):
    """The 80-column execution table of Gia Lai puts "CTMTQG DTTS-MN" in a narrow column: "DTTS-MN" whole."""
    monkeypatch.chdir(ROOT)
    out = run(["progress", GIA_LAI, "examples/progress-gia-lai-2024-H1.yaml"], WIDTH)
    lines = out.splitlines()
    assert "CTMTQG" in body_words(out) and "DTTS-MN" in body_words(out) and not {"DTTS-", "DTTS", "MN"} & body_words(out)
    assert max(map(width, lines)) <= WIDTH


def test_a_word_longer_than_any_column_widens_its_column_rather_than_being_cut():
    from ecdplan.reports.table import Column, Table
    from ecdplan.writers.render import ReportFormat, render

    token = "gia-lai-2023-2026-" * 3 + "x"  # 55 characters, no space
    table = Table([Column("Plan"), Column("Note"), Column("Amount", numeric=True)],
                  [[token, "một hai ba bốn năm sáu bảy tám chín mười " * 3, 42_900]])
    text = render(table, ReportFormat.table, "vi", 70)
    assert token in text.split() and "42.900" in text.split()
    assert max(map(width, text.splitlines())) <= 70  # the note column gave way, down to its longest word
    assert "mười" in text.splitlines()[-1]


HELP_COMMANDS = ["validate", "rules", "schema", "init", "budget", "rollout", "targets", "agencies", "calendar",
                 "rollup", "funding", "compare", "diff", "report", "progress", "places", "import", "export xlsx"]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_command_help_names_values_plan_file_year_never_python_types(lang):
    import re

    for command in HELP_COMMANDS:
        result = CliRunner().invoke(app, [*command.split(), "--help", "--lang", lang], env={"COLUMNS": "100"})
        assert result.exit_code == 0, result.output
        assert not re.findall(r"<(?:list\[|path>|int|str>|text>|float|bool>|Path)", result.stdout), command
    rollup = CliRunner().invoke(app, ["rollup", "--help"], env={"COLUMNS": "100"}).stdout
    assert "{PLAN}..." in rollup and "  PLAN...  The plans to add up." in rollup
    budget = CliRunner().invoke(app, ["budget", "--help"], env={"COLUMNS": "100"}).stdout
    assert "--year YEAR" in budget and "--decimals N" in budget and "Usage: ecdplan budget [OPTIONS] [PLAN]" in budget


# English words a Vietnamese reader must not meet in a terminal output ("no" is left out: Vietnamese "no ấm").
# Proper names, codes, YAML keys such as `plan:` and file names are not words: tokens with `:/._=[]{}` or a
# backtick are left out.
ENGLISH = {"the", "and", "of", "with", "not", "total", "year", "years", "yearly", "half-year", "source",
           "sources", "line", "lines", "plan", "plans", "interpolated", "milestone", "milestones", "commune",
           "communes", "deadline", "lead", "body", "basis", "resolved", "new", "changes", "million", "cost", "data",
           "licence", "error", "warning", "report", "period", "planned", "disbursed", "remaining", "figures",
           "target", "targets", "indicator", "name", "unit", "status", "behind", "measured", "every", "each", "until",
           "from", "by", "date", "number", "issuer", "title", "document", "responsibility", "finding", "before",
           "after", "key", "aspect", "code", "severity", "checks", "level", "province", "district", "successors",
           "predecessors", "units", "reform", "file", "missing", "mapping", "amount", "amounts", "unknown", "place"}


def english_words(text: str) -> set[str]:
    found = set()
    for token in text.split():
        word = token.strip("()[],;'\"!?*")
        if any(c in word for c in "`:/._=[]{}\\") or any(c.isdigit() for c in word):
            continue
        if word.lower() in ENGLISH:
            found.add(word)
    return found


@pytest.mark.parametrize("args", COMMANDS + [["validate", *PLANS], ["calendar", *PLANS]],
                         ids=lambda a: " ".join(x.split("/")[-1] for x in a))
def test_a_vietnamese_terminal_output_has_no_english_word(args, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, [*args, "--lang", "vi"], env={"COLUMNS": "80"})
    assert result.exit_code in (0, 1), result.output  # validate: 1 when there are findings
    assert english_words(result.output) == set()


def test_english_words_are_found_in_text_and_codes_are_not():
    assert english_words("Tổng kế hoạch: the total (2025)") == {"the", "total"}
    assert english_words("Cấp ngoài cùng (format:, plan:, ...) `plans` data/dataset.db CTMTQG DTTS-MN") == set()
