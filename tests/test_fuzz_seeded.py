"""Seeded fuzzing (issue 11): the bundled plans (`plans/*.yaml`) and side files (`examples/*.yaml`), mutated with
control characters, odd spaces, numbers in YAML 1.1 notations and oversized values, through the command line
in-process. No traceback, exit 0/1/2, each case bounded in time, and the whole run within its budget: going over
the budget FAILS the test (it does not skip). Budgets are CPU seconds (tests/cpu_budget.py): a loaded machine
cannot fail them, a loop that does not end does.
"""

from __future__ import annotations

import random
from pathlib import Path

from typer.testing import CliRunner

from conftest import GIA_LAI, REPO_ROOT
from cpu_budget import budget, cpu_seconds
from ecdplan.cli.commands import app

SEED = 20261129
CASES_PER_FILE = 32
CASE_SECONDS = 5.0   # CPU seconds of one case (tests/cpu_budget.py: a loaded machine cannot fail it)
BUDGET_SECONDS = 60.0  # CPU seconds of the whole run
PLANS = sorted((REPO_ROOT / "plans").glob("*.yaml"))
SIDE_FILES = sorted((REPO_ROOT / "examples").glob("*.yaml"))
CONTROLS = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160)]]
ODD_SPACES = ["\u00a0", "\u2007", "\u202f", "\u200b", "\ufeff", "\u3000", "\t", "\u2028"]
NOTATIONS = ["0{n}", "0x{n}", "+{n}", "{n}_0", "1:{n}", "{n}e3", "{n}.0e+3", "!!int {n}", "!!str {n}", "yes",
             "off", "{n},000", "{n}.000", "{n} 000", ".{n}", "{n}."]


def mutate(text: str, rng: random.Random) -> tuple[str, str]:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    op = rng.choice(["raw-control", "quoted-control", "odd-space", "notation", "huge-number", "huge-text",
                     "long-key", "many-controls", "byte-junk", "duplicate-line"])
    if op == "raw-control":
        at = rng.randrange(len(line) + 1)
        lines[i] = line[:at] + rng.choice(CONTROLS) + line[at:]
    elif op == "quoted-control" and ": " in line and not line.rstrip().endswith((":", "|", ">", ">-", "|-")):
        key, _, value = line.partition(": ")
        escape = rng.choice(["\\a", "\\e", "\\0", "\\x9b", "\\x7f", "\\v", "\\f", "\\r", "\\b"])
        lines[i] = f'{key}: "{value.replace(chr(34), "")}{escape}"'
    elif op == "odd-space":
        at = rng.randrange(len(line) + 1)
        lines[i] = line[:at] + rng.choice(ODD_SPACES) + line[at:]
    elif op == "notation":
        digits = [w for w in line.replace("{", " ").replace("}", " ").replace(",", " ").split() if w.isdigit()]
        if digits:
            n = rng.choice(digits)
            lines[i] = line.replace(n, rng.choice(NOTATIONS).format(n=n), 1)
    elif op == "huge-number":
        digits = [w for w in line.replace("{", " ").replace("}", " ").replace(",", " ").split() if w.isdigit()]
        if digits:
            lines[i] = line.replace(rng.choice(digits), "9" * rng.choice([19, 40, 400, 5000]), 1)
    elif op == "huge-text" and ": " in line:
        key, _, _ = line.partition(": ")
        lines[i] = f"{key}: {'x' * rng.choice([1000, 100_000, 1_000_000])}"
    elif op == "long-key":
        indent = line[: len(line) - len(line.lstrip())]
        lines.insert(i, f"{indent}{'k' * rng.choice([100, 10_000])}: 1")
    elif op == "many-controls":
        lines[i] = "".join(c + rng.choice(CONTROLS) for c in line)
    elif op == "byte-junk":
        at = rng.randrange(len(line) + 1)
        lines[i] = line[:at] + "".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(1, 8))) + line[at:]
    else:
        lines.insert(i, line)
    return op, "\n".join(lines)


def commands(path: Path, original: Path) -> list[list[str]]:
    """What to run on a mutated file: validate always; a side file also through the command that reads it."""
    runs = [["validate", str(path), "--format", "json"]]
    if original.name.startswith("scenario"):
        runs.append(["compare", str(GIA_LAI), "--scenario", str(path)])
    elif "envelopes" in original.name:
        runs.append(["funding", str(GIA_LAI), "--envelopes", str(path)])
    else:
        runs.append(["budget", str(path), "--format", "json"])
    return runs


def test_mutated_bundled_files_never_crash_and_stay_within_the_time_budget(tmp_path):
    rng = random.Random(SEED)
    runner = CliRunner()
    start = cpu_seconds()
    problems: list[str] = []
    count = 0
    for original in PLANS + SIDE_FILES:
        source = original.read_text(encoding="utf-8")
        for k in range(CASES_PER_FILE):
            op, text = mutate(source, rng)
            path = tmp_path / f"{original.stem}-{k}{original.suffix}"
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            for args in commands(path, original):
                with budget(CASE_SECONDS * 5) as spent:  # a case computing 5 times its budget is stopped there
                    result = runner.invoke(app, args)
                elapsed = spent.cpu
                count += 1
                label = f"{original.name} case {k} ({op}): ecdplan {' '.join(args[:1])}"
                if result.exception is not None and not isinstance(result.exception, SystemExit):
                    problems.append(f"{label}: {type(result.exception).__name__}: {result.exception}")
                elif result.exit_code not in (0, 1, 2):
                    problems.append(f"{label}: exit {result.exit_code}")
                elif "Traceback" in result.output or "internal error" in result.output:
                    problems.append(f"{label}: traceback in the output")
                if elapsed > CASE_SECONDS:
                    problems.append(f"{label}: took {elapsed:.1f} CPU seconds")
            path.unlink()
    total = cpu_seconds() - start
    assert not problems, "\n".join(problems[:20])
    assert count >= 2 * CASES_PER_FILE * len(PLANS + SIDE_FILES)
    assert total < BUDGET_SECONDS, f"the fuzz run took {total:.1f} CPU seconds, over its {BUDGET_SECONDS:.0f}s budget"
