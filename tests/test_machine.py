"""Issue 20, the machine: globs, streams, configuration, the environment's failures.

- a glob follows no link twice: a symlink loop gives each plan once, and the walk ends;
- `-o /dev/stdout`, `-o >(cmd)` are written into the pipe, not by a temporary file in /proc;
- a closed or full standard output, a narrow output encoding, no memory, a mistyped [tool.ecdplan]: one line with
  the cause, exit 2, never "internal error … please report it"; cp1258 carries Vietnamese exactly, latin-1 and
  ASCII get the letters without marks and one note;
- the configuration is the project's: the search stops at the first pyproject.toml/ecdplan.toml or at the
  repository root, a broken pyproject.toml that is not ecdplan's is not an error, other users' files are ignored;
- a plans pattern reaching outside the project is refused (L012) and nothing of what it reaches is shown.
"""

from __future__ import annotations

import os
import signal
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import GIA_LAI, REPO_ROOT, invoke

SECRET = "hunter2-do-not-show"


def project(folder: Path, config: str, plans: dict[str, str | bytes] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    for name, content in (plans if plans is not None else {"plans/plan.yaml": GIA_LAI.read_bytes()}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def child(args: list[str], cwd: Path | None = None, env: dict | None = None, shell_suffix: str = "",
          timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m ecdplan ARGS` in a child process; `shell_suffix` is a redirection given to the shell."""
    environ = {k: v for k, v in os.environ.items() if k not in ("ECDPLAN_DEBUG", "PYTHONIOENCODING")}
    environ.update(env or {})
    command = " ".join([sys.executable, "-m", "ecdplan", *(f"'{a}'" for a in args)]) + shell_suffix
    return subprocess.run(["/bin/sh", "-c", command], cwd=cwd or REPO_ROOT, capture_output=True, env=environ,
                          timeout=timeout)


def one_line_exit_2(proc: subprocess.CompletedProcess, *words: str) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    assert "Traceback" not in err and "internal error" not in err and "please report" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err, err
    return err


# --- 1. globs follow no link twice ------------------------------------------------------------------------------

def test_a_configured_glob_through_a_symlink_loop_checks_each_plan_once_and_ends(tmp_path):
    root = project(tmp_path / "p", '[tool.ecdplan]\nplans = ["**/*.yaml"]\n')
    (root / "self").symlink_to(".")
    (root / "plans" / "up").symlink_to("..")
    run = invoke(["validate", "--format", "json"], cwd=root)
    run.assert_no_traceback()
    assert run.exit_code == 0, run.output
    assert [f["file"] for f in run.json()["files"]] == ["plans/plan.yaml"]
    assert run.elapsed < 30


def test_a_quoted_glob_on_the_command_line_through_a_symlink_loop_gives_each_plan_once(tmp_path):
    root = project(tmp_path / "p", "[tool.other]\n")
    (root / "plans" / "again").symlink_to(".")
    run = invoke(["validate", "--format", "json", "plans/**/*.yaml"], cwd=root)
    run.assert_no_traceback()
    assert run.json()["summary"]["files"] == 1, run.output


def test_a_walk_over_its_limit_stops_with_a_clear_message(tmp_path, monkeypatch):
    from ecdplan.errors import EcdplanError
    from ecdplan.source import globs

    for i in range(30):
        (tmp_path / f"d{i}").mkdir()
    monkeypatch.setattr(globs, "LIMIT", 10)
    with pytest.raises(EcdplanError, match="narrower"):
        globs.expand("**/*.yaml", tmp_path)


# --- 2. outputs into pipes and devices --------------------------------------------------------------------------

def test_dash_o_dev_stdout_writes_the_report_into_the_pipe():
    proc = child(["report", str(GIA_LAI), "-o", "/dev/stdout"])
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.startswith(b"<!DOCTYPE html>")


def test_dash_o_a_pipe_by_its_dev_fd_name_is_written_into_the_pipe_like_a_process_substitution():
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "ecdplan", "export", "xlsx", str(GIA_LAI), "-o",
                                 f"/dev/fd/{write_end}"], cwd=REPO_ROOT, pass_fds=[write_end],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(write_end)
        write_end = -1
        with os.fdopen(read_end, "rb") as pipe:
            read_end = -1
            data = pipe.read()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 0, err
    finally:
        for fd in (read_end, write_end):
            if fd >= 0:
                os.close(fd)
    assert data.startswith(b"PK\x03\x04")


# --- 3. the environment's failures: one line, exit 2 ------------------------------------------------------------

def test_a_closed_standard_output_is_one_line_and_exit_2():
    one_line_exit_2(child(["budget", str(GIA_LAI)], shell_suffix=" >&-"), "closed")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (written to, as an existing device)")
def test_a_full_disk_on_standard_output_is_one_line_and_exit_2():
    one_line_exit_2(child(["budget", str(GIA_LAI)], shell_suffix=" > /dev/full"), "No space left")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (written to, as an existing device)")
def test_a_short_output_into_a_full_disk_is_one_line_and_exit_2_too():
    one_line_exit_2(child(["--version"], shell_suffix=" > /dev/full"), "No space left")


def test_cp1258_output_carries_the_vietnamese_text_exactly():
    utf8 = child(["budget", str(GIA_LAI), "--lang", "vi"], env={"PYTHONIOENCODING": "utf-8"})
    cp1258 = child(["budget", str(GIA_LAI), "--lang", "vi"], env={"PYTHONIOENCODING": "cp1258"})
    assert cp1258.returncode == 0, cp1258.stderr.decode()
    assert cp1258.stderr == b""
    shown = unicodedata.normalize("NFC", cp1258.stdout.decode("cp1258"))
    assert shown == utf8.stdout.decode("utf-8")
    assert "triệu đồng" in shown


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_latin1_or_ascii_output_gets_the_letters_without_marks_and_one_note(encoding):
    proc = child(["budget", str(GIA_LAI), "--lang", "vi"], env={"PYTHONIOENCODING": encoding})
    err = proc.stderr.decode(encoding, "replace")
    assert proc.returncode == 0, err
    assert "internal error" not in err
    assert err.count("PYTHONIOENCODING=utf-8") == 1, err  # one note (in the run's language)
    out = proc.stdout.decode(encoding)  # every byte in the encoding
    assert "trieu dong" in out


def test_running_out_of_memory_is_one_line_and_exit_2_not_an_internal_error():
    script = ("import sys; import ecdplan.pipeline as p\n"
              "def boom(*a, **k): raise MemoryError()\n"
              "p.compile_file = boom\n"
              f"sys.argv = ['ecdplan', 'budget', {str(GIA_LAI)!r}]\n"
              "from ecdplan.cli.entry import main; main()\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, timeout=120)
    one_line_exit_2(proc, "memory")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a memory limit in a child process needs POSIX")
@pytest.mark.parametrize("mib", [24, 26, 28, 30, 32, 40, 48])
def test_a_memory_limit_ends_in_one_line_never_an_internal_error(mib):
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (mib * 2**20, mib * 2**20))

    proc = subprocess.run([sys.executable, "-m", "ecdplan", "budget", str(GIA_LAI)], cwd=REPO_ROOT,
                          capture_output=True, timeout=120, preexec_fn=limit)
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode == -signal.SIGABRT and "memory allocation of" in err:
        pytest.skip("pydantic-core's Rust allocator aborted the process (it cannot be caught in Python)")
    assert "internal error" not in err and "please report" not in err, err
    if err.startswith("ecdplan:"):  # the limit struck in ecdplan, not in the interpreter's own start
        one_line_exit_2(proc, "memory")


@pytest.mark.parametrize("config", ['[tool.ecdplan]\nplans = 5\n', '[tool.ecdplan]\ndefault = 5\n',
                                    '[tool]\necdplan = 5\n'], ids=["plans-5", "default-5", "section-5"])
def test_a_mistyped_configuration_is_one_line_and_exit_2(tmp_path, config):
    root = project(tmp_path / "p", config)
    one_line_exit_2(child(["validate"], cwd=root), "[tool.ecdplan]")


# --- 4. the configuration is the project's ----------------------------------------------------------------------

def test_a_broken_pyproject_of_another_tool_in_a_parent_folder_is_not_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.poetry\nname = 'x'\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    run = invoke(["budget", str(GIA_LAI), "--format", "csv"], cwd=work)
    run.assert_no_traceback()
    assert run.exit_code == 0, run.output


def test_a_broken_pyproject_that_configures_ecdplan_is_still_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.ecdplan]\nplans = [\n", encoding="utf-8")
    run = invoke(["validate"], cwd=tmp_path)
    assert run.exit_code == 2 and "pyproject.toml" in run.output, run.output


def test_the_search_stops_at_the_first_pyproject_even_without_an_ecdplan_section(tmp_path):
    project(tmp_path, '[tool.ecdplan]\nplans = ["plans/*.yaml"]\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'inner'\n", encoding="utf-8")
    run = invoke(["validate"], cwd=inner)
    assert run.exit_code == 2, run.output
    assert "no plan file given" in run.output


def test_the_search_stops_at_the_repository_root(tmp_path):
    project(tmp_path, '[tool.ecdplan]\nplans = ["plans/*.yaml"]\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    sub = repo / "sub"
    sub.mkdir()
    run = invoke(["validate"], cwd=sub)
    assert run.exit_code == 2, run.output
    assert "no plan file given" in run.output


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_configuration_another_user_owns_is_ignored(tmp_path):
    root = project(tmp_path, '[tool.ecdplan]\nplans = ["plans/*.yaml"]\nlang = "vi"\n')
    os.chown(root / "pyproject.toml", 65534, 65534)
    run = invoke(["validate"], cwd=root)
    assert run.exit_code == 2, run.output
    assert "no plan file given" in run.output


def test_a_configuration_the_user_owns_is_read(tmp_path):
    root = project(tmp_path, '[tool.ecdplan]\nplans = ["plans/*.yaml"]\n')
    run = invoke(["validate", "--format", "json"], cwd=root)
    assert run.exit_code == 0, run.output
    assert run.json()["summary"]["files"] == 1


# --- 5. nothing outside the project (L012) ----------------------------------------------------------------------

def outside_file(tmp_path: Path) -> Path:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "secrets.yaml").write_text(f"a: 1\n{SECRET}\nb: 2\n", encoding="utf-8")
    return other


def test_a_plans_pattern_outside_the_project_is_L012_and_nothing_it_reaches_is_quoted(tmp_path):
    outside_file(tmp_path)
    root = project(tmp_path / "proj", '[tool.ecdplan]\nplans = ["plans/*.yaml", "../elsewhere/*.yaml"]\n')
    run = invoke(["validate", "--format", "github"], cwd=root)
    run.assert_no_traceback()
    assert run.exit_code == 2, run.output
    assert "L012" in run.output
    assert "pyproject.toml,line=2" in run.output
    assert SECRET not in run.output


def test_a_link_inside_the_project_leading_out_is_L012_and_not_read(tmp_path):
    other = outside_file(tmp_path)
    root = project(tmp_path / "proj", '[tool.ecdplan]\nplans = ["plans/*.yaml"]\n')
    (root / "plans" / "linked.yaml").symlink_to(other / "secrets.yaml")
    run = invoke(["validate", "--format", "json"], cwd=root)
    assert run.exit_code == 2, run.output
    assert [f["code"] for f in run.findings("L012")] == ["L012"]
    assert SECRET not in run.output


def test_a_plans_pattern_that_leaves_and_comes_back_into_the_project_is_not_L012(tmp_path):
    root = project(tmp_path / "proj", '[tool.ecdplan]\nplans = ["plans/../plans/*.yaml"]\n')
    run = invoke(["validate", "--format", "json"], cwd=root)
    assert run.exit_code == 0, run.output
    assert not run.findings("L012")
    assert run.json()["summary"]["files"] == 1


def test_a_default_plan_outside_the_project_is_refused(tmp_path):
    other = outside_file(tmp_path)
    root = project(tmp_path / "proj", f'[tool.ecdplan]\ndefault = "../elsewhere/secrets.yaml"\n')
    run = invoke(["budget"], cwd=root)
    assert run.exit_code == 2, run.output
    assert "L012" in run.output and SECRET not in run.output
    assert other.exists()


# --- 7. time budgets a loaded machine cannot fail, that a real hang still fails ----------------------------------

def test_a_time_budget_counts_cpu_seconds_not_waiting_for_a_loaded_machine():
    import time

    from cpu_budget import budget

    with budget(0.5) as spent:  # waiting (as on a machine whose cores are busy elsewhere) spends no budget
        time.sleep(0.8)
    assert spent.wall >= 0.8 and spent.cpu < 0.5


def test_a_computing_hang_is_stopped_by_its_cpu_budget():
    from cpu_budget import OverBudget, budget

    with pytest.raises(OverBudget, match="CPU seconds"):
        with budget(0.3):
            while True:
                pass


def test_a_waiting_hang_is_stopped_by_the_wall_clock_cap():
    import time

    from cpu_budget import OverBudget, budget

    with pytest.raises(OverBudget, match="wall clock"):
        with budget(0.1, wall_factor=3):
            time.sleep(5)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a CPU limit in a child process needs POSIX")
def test_a_child_that_computes_forever_is_ended_by_its_cpu_limit():
    import signal

    from cpu_budget import child_limits

    proc = subprocess.run([sys.executable, "-c", "while True: pass"], preexec_fn=child_limits(1), timeout=60)
    assert proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL)


def test_the_fuzz_budgets_are_cpu_seconds():
    source = "".join((REPO_ROOT / "tests" / name).read_text(encoding="utf-8")
                     for name in ("test_fuzz.py", "test_fuzz_seeded.py", "test_bad_input_strict.py"))
    assert "perf_counter" not in source and ".elapsed <" not in source
