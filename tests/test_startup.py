"""Start-up guards that cannot flake: what the command line imports and builds, counted, never timed.

Each test runs the console entry point (`ecdplan.cli.commands.main`) in a child process with a small probe that
records which modules were imported and which typer commands were built, then reports them as JSON
on stderr when the process ends. Timing belongs to bench/run.py, not to the test suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import GIA_LAI, REPO_ROOT

PROBE = r"""
import json, os, sys
import typer.main
import ecdplan.cli.commands as cli

built = []
_build = typer.main.get_command_from_info

def recording_build(command_info, **kwargs):
    command = _build(command_info, **kwargs)
    built.append([command.name, command_info.callback.__name__])
    return command

typer.main.get_command_from_info = recording_build

def report(status):
    sys.stdout.flush()
    sys.stderr.write("\nPROBE " + json.dumps({"status": status, "modules": sorted(sys.modules), "built": built,
                                               "gc": __import__("gc").isenabled()}) + "\n")
    sys.stderr.flush()
    os._exit(0 if status is None else status)

cli._exit_now = report
sys.argv = ["ecdplan", *sys.argv[1:]]
cli.main()
"""

# never on the validate path: slow to import, and only some commands need them
HEAVY = ("importlib.metadata", "scipy", "openpyxl", "babel", "tabulate", "rich", "num2words", "email")


def probe(*args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("ECDPLAN_DEBUG", "PYDANTIC_DISABLE_PLUGINS")}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=120, env=env)
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("PROBE ")]
    assert lines, proc.stderr[-2000:]
    got = json.loads(lines[-1][len("PROBE "):])
    got["stdout"] = proc.stdout
    return got


def loaded(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.fixture(scope="module")
def validate_run() -> dict:
    return probe("validate", str(GIA_LAI.relative_to(REPO_ROOT)))


def test_validate_imports_nothing_heavy(validate_run):
    assert validate_run["status"] == 0
    assert "1 file checked" in validate_run["stdout"]
    assert [m for m in HEAVY if loaded(validate_run["modules"], m)] == []


def test_validate_skips_pydantic_plugin_discovery(validate_run):
    assert not loaded(validate_run["modules"], "importlib.metadata")
    assert "pydantic.plugin._loader" in validate_run["modules"]  # the stand-in, not the real loader


def test_only_the_invoked_command_is_built(validate_run):
    assert validate_run["built"] == [["validate", "validate"]]


def test_the_cli_runs_without_cyclic_gc(validate_run):
    assert validate_run["gc"] is False


def test_a_subcommand_builds_only_its_group():
    run = probe("export", "--help")
    assert run["status"] == 0
    assert [name for name, _ in run["built"]] == ["xlsx"]
    assert "xlsx" in run["stdout"]


def test_help_lists_every_command_without_building_them():
    run = probe("--help")
    assert run["status"] == 0
    # every top-level command appears, each built as a stand-in with its name and help only
    top = [(name, fn) for name, fn in run["built"] if name != "xlsx"]
    assert top and all(fn == "_listed_only" for _, fn in top)
    assert not loaded(run["modules"], "pydantic_core") and not loaded(run["modules"], "yaml")
    from ecdplan.cli.commands import app, command_name

    names = [command_name(c) for c in app.registered_commands] + [g.name for g in app.registered_groups]
    for name in names:
        assert f"\n  {name} " in run["stdout"]


def test_help_lists_the_same_commands_as_the_full_app():
    env = {**os.environ, "COLUMNS": "100"}
    full = subprocess.run([sys.executable, "-c", "from ecdplan.cli.commands import app; app(prog_name='ecdplan')", "--help"],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, env=env).stdout
    lean = subprocess.run([sys.executable, "-m", "ecdplan", "--help"], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60, env=env).stdout
    assert lean.split("Commands:")[1] == full.split("Commands:")[1]


def test_a_mistyped_command_is_still_suggested():
    proc = subprocess.run([sys.executable, "-m", "ecdplan", "valdate"], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert "No such command 'valdate'" in proc.stderr and "validate" in proc.stderr


def test_exit_status_and_output_survive_the_fast_exit(tmp_path):
    missing = subprocess.run([sys.executable, "-m", "ecdplan", "validate", str(tmp_path / "none.yaml")],
                             cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "could not be used" in missing.stdout
    out = tmp_path / "rules.txt"
    wide = {**os.environ, "COLUMNS": "400"}  # the same width in both runs: the table wraps to it
    with out.open("w") as f:
        status = subprocess.run([sys.executable, "-m", "ecdplan", "rules"], cwd=REPO_ROOT, stdout=f, timeout=60,
                                env=wide)
    from typer.testing import CliRunner

    from ecdplan.cli.commands import app

    assert status.returncode == 0
    assert out.read_text() == CliRunner().invoke(app, ["rules"], env={"COLUMNS": "400"}).stdout  # all, flushed


def test_a_closed_stdout_pipe_exits_1_without_a_traceback():
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-m", "ecdplan", "rules"], cwd=REPO_ROOT, stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


# --- the cache of dataclass code (ecdplan.cli.speedups) ---------------------------------------------------------------

DATACLASSES = r"""
import sys, dataclasses
from ecdplan.cli import speedups as _startup
if sys.argv[1] != "-":
    _startup._path = lambda: sys.argv[1]
    _startup.cache_dataclass_code()

@dataclasses.dataclass(frozen=True, order=True)
class Unit:
    name: str
    code: int = 0
    tags: list = dataclasses.field(default_factory=list)

@dataclasses.dataclass
class Row:
    unit: Unit
    share: float = 0.5

u = Unit("Bằng Mạc", 7)
print(repr(u), u == Unit("Bằng Mạc", 7, []), Unit("A") < u, Unit.__init__.__annotations__, Row(u), Row(u) == Row(u))
try:
    u.code = 1
except dataclasses.FrozenInstanceError as exc:
    print("frozen", type(exc).__name__)
_startup.save_dataclass_code()
"""


def _dataclasses_run(cache: str, write: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run([sys.executable, "-c", DATACLASSES, cache], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_dataclasses_made_with_cached_code_behave_as_without_it(tmp_path):
    cache = tmp_path / "dataclass-code.marshal"
    plain = _dataclasses_run("-", write=True)
    assert "frozen FrozenInstanceError" in plain
    assert _dataclasses_run(str(cache), write=False) == plain and not cache.exists()  # PYTHONDONTWRITEBYTECODE
    assert _dataclasses_run(str(cache), write=True) == plain and cache.exists()  # compiled, then kept
    first = cache.read_bytes()
    assert _dataclasses_run(str(cache), write=True) == plain  # from the cache: nothing new to keep
    assert cache.read_bytes() == first


def test_a_damaged_cache_of_dataclass_code_is_ignored(tmp_path):
    cache = tmp_path / "dataclass-code.marshal"
    plain = _dataclasses_run("-", write=True)
    cache.write_bytes(b"\x00not marshal")
    assert _dataclasses_run(str(cache), write=True) == plain


def test_secrets_is_loaded_when_first_used_and_then_is_the_real_module():
    code = ("import sys\nfrom ecdplan.cli.speedups import defer_secrets\ndefer_secrets()\n"
            "import pydantic.types\nfrom pydantic import SecretStr\nbefore = 'hmac' in sys.modules\n"
            "same = SecretStr('a') == SecretStr('a') and SecretStr('a') != SecretStr('b')\n"
            # pydantic before 2.14 compares secrets without `secrets`: the first use is then this one
            "if 'secrets' not in vars(pydantic.types): sys.modules['secrets'].token_hex\n"
            "import secrets\nprint(before, same, len(secrets.token_hex(4)), secrets is sys.modules['secrets'],"
            " sys.modules['secrets'].__file__.endswith('secrets.py'))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert proc.stdout.split() == ["False", "True", "8", "True", "True"], proc.stderr[-2000:]


def test_a_configuration_parsed_with_the_cache_is_what_tomllib_gives(tmp_path):
    import tomllib

    texts = ['[tool.ecdplan]\nplans = ["plans/*.yaml"]\nlang = "vi"\n', "[tool.x]\nwhen = 2024-01-02\n",  # a date
             "a = [1, 2.5, true]\n"]
    code = ("import sys, json\nfrom ecdplan.cli import speedups as _startup\n_startup._path = lambda: sys.argv[1]\n"
            "_startup.cache_dataclass_code()\n"
            "texts = json.loads(sys.argv[2])\n"
            "print(repr([_startup.parse_toml(t) for t in texts]))\n_startup.save_dataclass_code()\n")
    cache = tmp_path / "cache.marshal"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = [subprocess.run([sys.executable, "-c", code, str(cache), json.dumps(texts)], cwd=REPO_ROOT,
                           capture_output=True, text=True, timeout=120, env=env) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr[-2000:]
    assert runs[0].stdout == runs[1].stdout == repr([tomllib.loads(t) for t in texts]) + "\n"
    assert cache.exists()
