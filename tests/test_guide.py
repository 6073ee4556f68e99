"""The Vietnamese guide for officers (docs/huong-dan.md): every example in it runs, and shows what it prints.

Blocks are run in order in an empty temporary folder outside the repository, as an officer would: a ```yaml block
whose first line is `# FILE` is written to FILE; each line of a ```sh block is a command that must succeed;
in a ```console block, `$ COMMAND` lines are run and the lines after them are what the command prints
(`# mã thoát: N` after a command: it must exit with N). The install steps (```powershell and ```bash blocks)
are not run here: the README's quickstart, checked in a fresh virtual environment, installs the same way.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "huong-dan.md"
BLOCK = re.compile(r"^```(yaml|sh|console)\n(.*?)^```$", re.M | re.S)
EXIT = re.compile(r"\s+#\s*mã thoát:\s*(\d+)\s*$")


def blocks() -> list[tuple[str, str]]:
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def run(command: str, cwd: Path):
    code = 0
    found = EXIT.search(command)
    if found:
        code, command = int(found.group(1)), command[: found.start()]
    args = shlex.split(command)
    assert args[0] == "ecdplan", command
    result = CliRunner().invoke(app, args[1:])
    assert result.exit_code == code, (command, result.output, result.exception)
    return result


def test_the_guide_has_examples_of_every_step():
    kinds = [kind for kind, _ in blocks()]
    assert kinds.count("console") >= 4 and kinds.count("sh") >= 3 and "yaml" in kinds
    commands = " ".join(body for kind, body in blocks() if kind != "yaml")
    for step in ("validate", "budget", "rollout", "export xlsx", "report", "calendar"):
        assert f"ecdplan {step}" in commands


def test_every_command_of_the_guide_runs_and_prints_what_the_guide_shows(tmp_path, monkeypatch):
    # an officer's own folder: empty, outside the repository (nothing of the repository is needed)
    assert not list(tmp_path.iterdir()) and ROOT not in tmp_path.resolve().parents
    monkeypatch.chdir(tmp_path)
    ran = 0
    for kind, body in blocks():
        if kind == "yaml":
            first, _, rest = body.partition("\n")
            if first.startswith("# ") and first[2:].strip().endswith(".yaml"):
                (tmp_path / first[2:].strip()).write_text(rest, encoding="utf-8")
            continue
        if kind == "sh":
            for line in body.splitlines():
                if line.strip() and not line.startswith("#"):
                    run(line, tmp_path)
                    out = shlex.split(line)
                    if "-o" in out:
                        assert (tmp_path / out[out.index("-o") + 1]).stat().st_size > 0
                    ran += 1
            continue
        command, expected = None, []
        for line in body.splitlines() + ["$ "]:
            if line.startswith("$ "):
                if command:
                    shown = run(command, tmp_path).stdout
                    assert shown.rstrip("\n") == "\n".join(expected).rstrip("\n"), command
                    ran += 1
                command, expected = line[2:].strip(), []
            else:
                expected.append(line)
    assert ran >= 8
