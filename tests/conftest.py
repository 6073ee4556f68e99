"""Shared fixtures for the validation tests: the bundled Gia Lai plan, text edits, and ways to run the CLI.

Most tests run the command line in-process with typer's CliRunner against `ecdplan.cli.commands.app`; a few run
`python -m ecdplan` as a subprocess to pin down what a user really sees (exit status, no traceback).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest
from typer.testing import CliRunner

from cpu_budget import children_cpu_seconds, cpu_seconds

from ecdplan.cli.commands import app

REPO_ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = REPO_ROOT / "plans" / "gia-lai-2023-2026.yaml"

# `path:line:col: CODE [severity] message` — the first line of every finding in text output
FINDING_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[LSIBRFTPAGDCOX]\d{3}) "
                          r"\[(?P<severity>error|warning)\] (?P<message>.+)$")


@dataclass
class Run:
    """What one run of the command line produced."""

    exit_code: int
    stdout: str
    stderr: str
    elapsed: float
    exception: BaseException | None = None
    args: list[str] = field(default_factory=list)
    cpu: float = 0.0  # CPU seconds of the run (a budget a loaded machine cannot fail: tests/cpu_budget.py)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)

    def findings(self, code: str | None = None) -> list[dict[str, Any]]:
        """Findings of a `--format json` run (optionally only those with `code`)."""
        found = self.json()["findings"]
        return [f for f in found if code is None or f["code"] == code]

    def text_findings(self, code: str | None = None) -> list[dict[str, Any]]:
        """Findings parsed from the text output's `path:line:col: CODE [severity] message` lines."""
        out = []
        for line in self.stdout.splitlines():
            m = FINDING_LINE.match(line)
            if m and (code is None or m["code"] == code):
                d = m.groupdict()
                d["line"], d["col"] = int(d["line"]), int(d["col"])
                out.append(d)
        return out

    def codes(self) -> set[str]:
        return {f["code"] for f in self.findings()}

    def assert_no_traceback(self) -> None:
        assert "Traceback" not in self.output, self.output
        assert self.exception is None or isinstance(self.exception, SystemExit), repr(self.exception)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line number of the `nth` occurrence of `needle` in `text` (asserting it is there)."""
    start = -1
    for _ in range(nth):
        start = text.find(needle, start + 1)
        assert start >= 0, f"{needle!r} (occurrence {nth}) is not in the text"
    return text.count("\n", 0, start) + 1


def col_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based column of the `nth` occurrence of `needle` in `text`."""
    start = -1
    for _ in range(nth):
        start = text.find(needle, start + 1)
        assert start >= 0, f"{needle!r} (occurrence {nth}) is not in the text"
    return start - (text.rfind("\n", 0, start) + 1) + 1


def invoke(args: list[str], cwd: Path | None = None) -> Run:
    """Run `ecdplan ARGS` in-process with CliRunner (optionally from directory `cwd`)."""
    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        start, cpu_start = time.perf_counter(), cpu_seconds()
        result = runner.invoke(app, [str(a) for a in args])
        elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    finally:
        os.chdir(old)
    return Run(result.exit_code, result.stdout, result.stderr, elapsed, result.exception, [str(a) for a in args], cpu)


def run_subprocess(args: list[str], cwd: Path | None = None, timeout: float = 60) -> Run:
    """Run `python -m ecdplan ARGS` as a separate process, as a user would."""
    env = {k: v for k, v in os.environ.items() if k != "ECDPLAN_DEBUG"}
    env["PYTHONIOENCODING"] = "utf-8"
    start, cpu_start = time.perf_counter(), children_cpu_seconds()
    proc = subprocess.run([sys.executable, "-m", "ecdplan", *[str(a) for a in args]], cwd=cwd or REPO_ROOT,
                          capture_output=True, timeout=timeout, env=env)
    elapsed, cpu = time.perf_counter() - start, children_cpu_seconds() - cpu_start
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"),
               elapsed, None, [str(a) for a in args], cpu)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def gia_lai_path() -> Path:
    return GIA_LAI


@pytest.fixture(scope="session")
def gia_lai_text() -> str:
    return GIA_LAI.read_text(encoding="utf-8")


@pytest.fixture
def mutate(gia_lai_text: str) -> Callable[..., str]:
    """`mutate(old, new, count=1)`: the Gia Lai text with `old` replaced by `new` (`old` must be there)."""

    def _mutate(old: str, new: str, count: int = 1) -> str:
        assert old in gia_lai_text, f"{old!r} is not in the Gia Lai plan"
        assert gia_lai_text.count(old) >= count, f"{old!r} occurs fewer than {count} times"
        return gia_lai_text.replace(old, new, count)

    return _mutate


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """`write_plan(text_or_bytes, name='plan.yaml')`: the file, written under tmp_path (bytes as they are)."""

    def _write(content: str | bytes, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))  # no newline translation: CRLF stays CRLF
        return path

    return _write


@pytest.fixture
def cli() -> Callable[..., Run]:
    """`cli(*args, cwd=None)`: run ecdplan in-process (CliRunner)."""

    def _cli(*args: Any, cwd: Path | None = None) -> Run:
        return invoke(list(args), cwd)

    return _cli


@pytest.fixture
def validate_text(write_plan: Callable[..., Path]) -> Callable[..., Run]:
    """`validate_text(text_or_bytes, *options, name='plan.yaml')`: write the plan, run `ecdplan validate FILE`."""

    def _validate(content: str | bytes, *options: str, name: str = "plan.yaml") -> Run:
        path = write_plan(content, name)
        return invoke(["validate", str(path), *options])

    return _validate


@pytest.fixture
def validate_json(validate_text: Callable[..., Run]) -> Callable[..., Run]:
    """Like validate_text, with `--format json` (use `.findings()` on the result)."""

    def _validate(content: str | bytes, name: str = "plan.yaml") -> Run:
        run = validate_text(content, "--format", "json", name=name)
        run.assert_no_traceback()
        return run

    return _validate


@pytest.fixture
def ecdplan_subprocess() -> Callable[..., Run]:
    """`ecdplan_subprocess(*args, cwd=repo root)`: run `python -m ecdplan` in a child process."""

    def _run(*args: Any, cwd: Path | None = None, timeout: float = 60) -> Run:
        return run_subprocess(list(args), cwd, timeout)

    return _run


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # the five Vietnamese tone marks, combining


def to_cp1258(text: str) -> bytes:
    """`text` as a Windows-1258 export writes it: precomposed where the code page has the letter, else the
    base letter followed by a combining tone mark (Python's cp1258 codec does not decompose by itself)."""
    import unicodedata

    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch):
    """Outputs follow the locale when no --lang is given: tests start from an English one, whatever the machine's."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
