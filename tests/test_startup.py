"""Start-up guards that cannot flake: what the command line imports, builds and writes, counted, never timed;
its start-up tricks (ecdplan.cli.speedups) change no output, stay off for a library, and step aside when a
library they rely on changed.

The first tests run the console entry point (`ecdplan.__main__.main`) in a child process with a small probe that
records which modules were imported and which typer commands were built, then reports them as JSON
on stderr when the process ends. Timing belongs to bench/run.py and bench/tricks.py, not to the test suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import GIA_LAI, REPO_ROOT
from ecdplan.cli import speedups

SWITCH = speedups.SWITCH  # ECDPLAN_NO_SPEEDUPS

PROBE = r"""
import json, os, sys
import typer.main
from ecdplan.cli import speedups

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

speedups.exit_now = report
sys.argv = ["ecdplan", *sys.argv[1:]]
from ecdplan.__main__ import main
main()
"""

# never on the validate path: slow to import, and only some commands need them
HEAVY = ("importlib.metadata", "scipy", "openpyxl", "babel", "tabulate", "rich", "num2words", "email")


def probe(*args: str, **environ: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("ECDPLAN_DEBUG", "PYDANTIC_DISABLE_PLUGINS", SWITCH)}
    env.update(environ)
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
    assert top and all(fn == "listed_only" for _, fn in top)
    assert not loaded(run["modules"], "pydantic_core") and not loaded(run["modules"], "yaml")
    from ecdplan.cli.commands import app
    from ecdplan.cli.speedups import command_name

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




def test_the_switch_turns_every_trick_off():
    run = probe("validate", str(GIA_LAI.relative_to(REPO_ROOT)), **{SWITCH: "1"})
    assert run["status"] == 0 and "1 file checked" in run["stdout"]
    assert run["gc"] is True
    assert loaded(run["modules"], "importlib.metadata")  # pydantic's own plugin discovery ran
    from ecdplan.cli.commands import app

    assert len(run["built"]) == len(app.registered_commands) + sum(
        len(g.typer_instance.registered_commands) for g in app.registered_groups)  # typer built them all


# --- the same outputs with and without the tricks -------------------------------------------------------------

def _diff_copy(tmp_path: Path) -> str:
    changed = tmp_path / "gia-lai-changed.yaml"
    text = GIA_LAI.read_text(encoding="utf-8")
    changed.write_text(text.replace("2023-2026", "2023-2027", 1), encoding="utf-8")
    return str(changed)


def both_ways_commands(tmp_path: Path) -> dict[str, list[str]]:
    """Every command on the bundled plans (absolute paths: the same in both runs), as the CLI tests run them."""
    plan, plans, examples = str(GIA_LAI), REPO_ROOT / "plans", REPO_ROOT / "examples"
    return {
        "validate": ["validate", plan],
        "validate, every bundled plan": ["validate", *sorted(str(p) for p in plans.glob("*.yaml"))],
        "budget --by-source": ["budget", "--by-source", plan],
        "rollout --year 2025": ["rollout", "--year", "2025", plan],
        "targets": ["targets", str(plans / "lang-son-2019-2025.yaml")],
        "agencies": ["agencies", plan],
        "calendar": ["calendar", str(plans / "bang-mac-2024.yaml"), str(plans / "tay-ninh-2025.yaml")],
        "rollup": ["rollup", str(plans / "bang-mac-2024.yaml"), str(plans / "chi-lang-2024.yaml")],
        "funding": ["funding", plan, "--envelopes", str(examples / "gia-lai-envelopes.yaml")],
        "compare": ["compare", plan, "-s", str(examples / "scenario-imam-30.yaml")],
        "diff": ["diff", plan, _diff_copy(tmp_path)],
        "export xlsx": ["export", "xlsx", plan, "-o", "appendix.xlsx"],
        "report": ["report", plan, "-o", "report.html"],
        "places": ["places", "Ia Mlah"],
        "rules": ["rules"],
        "schema": ["schema"],
        "--help": ["--help"],
        "budget --help": ["budget", "--help"],
        "--version": ["--version"],
        "a usage error": ["budget", "--by-nothing", plan],
        "a usage error in Vietnamese": ["rollout", "--year", "hai", plan, "--lang", "vi"],
        "a mistyped command": ["valdate", plan],
    }


def _run_in(folder: Path, args: list[str], switched_off: bool) -> tuple:
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("ECDPLAN_DEBUG", "PYDANTIC_DISABLE_PLUGINS", SWITCH)}
    env.update(COLUMNS="100", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    if switched_off:
        env[SWITCH] = "1"
    proc = subprocess.run([sys.executable, "-m", "ecdplan", *args], cwd=folder, capture_output=True, timeout=120,
                          env=env)
    written = {p.name: _content(p) for p in sorted(folder.iterdir())}
    return proc.returncode, proc.stdout, proc.stderr, written


def _content(path: Path) -> bytes | dict[str, bytes]:
    """A file's bytes; a workbook's members, but for the time it was written (docProps/core.xml says when)."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {name: re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"(when)", z.read(name)) if name == "docProps/core.xml"
                else z.read(name) for name in z.namelist()}


def test_every_command_gives_the_same_outputs_with_and_without_the_tricks(tmp_path):
    different, statuses = [], {}
    for n, (label, args) in enumerate(both_ways_commands(tmp_path).items()):
        fast = _run_in(tmp_path / f"{n}-tricks", args, switched_off=False)
        plain = _run_in(tmp_path / f"{n}-none", args, switched_off=True)
        statuses[label] = fast[0]
        if fast != plain:
            different.append((label, [what for what, a, b in zip(("status", "stdout", "stderr", "files"), fast, plain)
                                      if a != b]))
    assert different == []
    # the commands ran as the CLI tests expect: results, findings and usage errors
    assert statuses["validate"] == 0 and statuses["export xlsx"] == 0 and statuses["report"] == 0
    assert statuses["a usage error"] == statuses["a usage error in Vietnamese"] == statuses["a mistyped command"] == 2


# --- nothing kept between runs ----------------------------------------------------------------------------------

def _files(*folders: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for folder in folders for p in folder.rglob("*")
            if p.is_file()}


def test_a_run_writes_nothing_but_pythons_bytecode(tmp_path):
    """With bytecode writing on, the command line writes what Python writes (`.pyc` in `__pycache__`) and what it
    is asked to write, nothing else: no cache of code or configuration, in the package, the folder or home."""
    package = REPO_ROOT / "ecdplan"
    work, home, temp = tmp_path / "work", tmp_path / "home", tmp_path / "tmp"
    for folder in (work, home, temp):
        folder.mkdir()
    (work / "pyproject.toml").write_text('[tool.ecdplan]\nplans = ["plan.yaml"]\nlang = "vi"\n', encoding="utf-8")
    (work / "plan.yaml").write_bytes(GIA_LAI.read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", SWITCH, "ECDPLAN_DEBUG")}
    env.update(HOME=str(home), TMPDIR=str(temp), XDG_CACHE_HOME=str(home / ".cache"))
    before = _files(package, tmp_path)
    for args in (["validate"], ["budget", "--by-source"], ["rollout", "--year", "2025"], ["rules"], ["--help"]):
        proc = subprocess.run([sys.executable, "-m", "ecdplan", *args], cwd=work, capture_output=True, timeout=120,
                              env=env)
        assert proc.returncode == 0, proc.stderr[-2000:]
    after = _files(package, tmp_path)
    new = [p for p in after if before.get(p) != after[p]]
    assert [p for p in new if not (p.suffix == ".pyc" and p.parent.name == "__pycache__")] == []
    assert not [p for p in after if p.suffix == ".marshal"]


# --- a library never gets them ------------------------------------------------------------------------------------

def test_importing_ecdplan_as_a_library_applies_no_trick():
    code = ("import gc, os\nfrom typer.testing import CliRunner\nfrom ecdplan import check_file\n"
            "from ecdplan.cli.commands import app\n"
            f"check_file({str(GIA_LAI)!r})\n"
            f"run = CliRunner().invoke(app, ['budget', '--by-source', {str(GIA_LAI)!r}])\n"
            "import tabulate, pydantic.plugin._loader as loader\n"
            "print(run.exit_code, gc.isenabled(), 'PYDANTIC_DISABLE_PLUGINS' in os.environ, tabulate.__version__ !="
            " 'unknown', getattr(loader, '__file__', None) is not None)\n")  # the real loader, not the stand-in
    env = {k: v for k, v in os.environ.items() if k not in ("PYDANTIC_DISABLE_PLUGINS", SWITCH)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
                          env=env)
    assert proc.stdout.split() == ["0", "True", "False", "True", "True"], proc.stderr[-2000:]


# --- each trick steps aside when what it relies on changed ------------------------------------------------------

@pytest.fixture
def no_plugin_loader(monkeypatch):
    """sys.modules without pydantic.plugin._loader and the environment without PYDANTIC_DISABLE_PLUGINS, both put
    back afterwards."""
    name = "pydantic.plugin._loader"
    saved = sys.modules.pop(name, None)
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    yield name
    sys.modules.pop(name, None)
    if saved is not None:
        sys.modules[name] = saved


def test_the_plugin_loader_stand_in_is_made_only_for_the_loader_it_knows(no_plugin_loader, tmp_path):
    real = Path(speedups._pydantic_file("plugin", "_loader.py"))
    changed = tmp_path / "_loader.py"
    changed.write_text(real.read_text(encoding="utf-8").replace("return ()", "return _plugins_anyway()"),
                       encoding="utf-8")
    assert speedups.skip_plugin_discovery(str(changed)) is False
    assert no_plugin_loader not in sys.modules
    assert speedups.skip_plugin_discovery(str(tmp_path / "gone.py")) is False  # moved or renamed: nothing either
    assert speedups.skip_plugin_discovery() is True  # the installed pydantic: the loader it knows
    assert sys.modules[no_plugin_loader].get_plugins() == ()


def test_a_user_who_asks_for_pydantic_plugins_keeps_them(no_plugin_loader, monkeypatch):
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "some_plugin")
    assert speedups.skip_plugin_discovery() is False
    assert no_plugin_loader not in sys.modules


TABULATE = ("import sys\nfrom ecdplan.cli import speedups\nspeedups._applied.add('tabulate')\n"
            "table = speedups.tabulate_function({source})([[1, 'a']], tablefmt='plain')\n"
            "import tabulate\nprint(table.split(), tabulate.__version__ != 'unknown', 'importlib.metadata' in sys.modules)\n")


def _plain_tabulate_loads_metadata() -> bool:
    """Whether the installed tabulate, imported as any program would, imports importlib.metadata itself (0.10 does,
    to read its version; 0.9 does not)."""
    code = "import sys, tabulate\nprint('importlib.metadata' in sys.modules)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout.strip() \
        == "True"


@pytest.mark.parametrize("source", ["None", "'from importlib.metadata import version, metadata\\n'"])
def test_tabulate_is_imported_without_importlib_metadata_only_as_it_is_known(source):
    """The installed tabulate, when it begins as the trick knows it: imported without importlib.metadata (its
    version reads 'unknown'). Any other tabulate (an older one, or a changed beginning): a plain import."""
    known = source == "None" and speedups._tabulate_beginning() == speedups.TABULATE_BEGINS
    plain = _plain_tabulate_loads_metadata()
    expected = "['1', 'a'] False False" if known else f"['1', 'a'] True {plain}"
    proc = subprocess.run([sys.executable, "-c", TABULATE.format(source=source)], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.stdout.strip() == expected, proc.stderr[-2000:]


def test_the_lean_app_is_the_full_app_when_typer_makes_apps_otherwise(monkeypatch):
    from ecdplan.cli.commands import app

    monkeypatch.setattr(speedups, "_applied", {"lean-app"})
    assert len(speedups.lean_app(app, ["validate"]).registered_commands) == 1  # typer as it knows it
    changed = [SimpleNamespace(registered_commands=(), registered_groups=[]),  # tuples, not lists
               SimpleNamespace(registered_commands=[SimpleNamespace(name="validate", help="")], registered_groups=[]),
               SimpleNamespace(registered_groups=[])]
    for other in changed:
        assert speedups.lean_app(other, ["validate"]) is other
    monkeypatch.setattr(speedups, "_applied", set())
    assert speedups.lean_app(app, ["validate"]) is app  # switched off
