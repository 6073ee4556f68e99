"""Issue 11: ecdplan writes only the file it was asked to write, and writes it safely.

`-o -` is standard output; a symlink is written through; a FIFO is written directly; a plan file is not replaced
without --force (an input never); the name must match the format; a read-only folder is a clear error (exit 2);
a SIGTERM during the write leaves no temporary file. The input plan is unchanged every time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import GIA_LAI, REPO_ROOT, invoke

XLSX_MAGIC = b"PK\x03\x04"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes(GIA_LAI.read_bytes())
    return path


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    """A plan whose deadlines have dates (Tây Ninh's): the calendar of one without any is not written."""
    path = tmp_path / "dated.yaml"
    path.write_bytes((REPO_ROOT / "plans" / "tay-ninh-2025.yaml").read_bytes())
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def unchanged(plan: Path):
    before = digest(plan)
    yield
    assert digest(plan) == before, "the input plan changed"


def ok(run) -> None:
    run.assert_no_traceback()
    assert run.exit_code == 0, run.output


def refused(run, *words: str) -> None:
    run.assert_no_traceback()
    assert run.exit_code == 2, run.output
    for word in words:
        assert word in run.output, run.output


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_dash_writes_the_report_to_standard_output(plan, unchanged, tmp_path):
    run = invoke(["report", plan, "-o", "-"])
    ok(run)
    assert run.stdout.lstrip().lower().startswith("<!doctype html")
    assert not (tmp_path / "-").exists()


def test_dash_writes_the_workbook_bytes_to_standard_output(plan, unchanged):
    from typer.testing import CliRunner

    from ecdplan.cli.commands import app

    result = CliRunner().invoke(app, ["export", "xlsx", str(plan), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(XLSX_MAGIC)


def test_ics_dash_writes_only_the_calendar_to_standard_output(dated):
    from typer.testing import CliRunner

    from ecdplan.cli.commands import app

    result = CliRunner().invoke(app, ["calendar", str(dated), "--ics", "-"])
    assert result.exit_code == 0, result.output
    out = result.stdout_bytes
    assert out.startswith(b"BEGIN:VCALENDAR\r\n") and out.endswith(b"END:VCALENDAR\r\n")
    assert b"Reporting calendar" not in out  # only the calendar, not the table


def test_a_symlink_is_written_through_and_stays_a_link(plan, unchanged, tmp_path):
    target_dir = tmp_path / "real"
    target_dir.mkdir()
    target = target_dir / "book.xlsx"
    target.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(target)
    ok(invoke(["export", "xlsx", plan, "-o", link]))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes().startswith(XLSX_MAGIC)
    assert leftovers(tmp_path) == [] and leftovers(target_dir) == []


def test_a_dangling_symlink_creates_its_target(plan, unchanged, tmp_path):
    link = tmp_path / "r.html"
    link.symlink_to(tmp_path / "made.html")
    ok(invoke(["report", plan, "-o", link]))
    assert link.is_symlink() and (tmp_path / "made.html").read_text(encoding="utf-8").lstrip().lower().startswith(
        "<!doctype html")


def test_a_looping_symlink_as_output_is_a_clear_error(plan, unchanged, tmp_path):
    loop = tmp_path / "loop.html"
    loop.symlink_to(loop)
    refused(invoke(["report", plan, "-o", loop]), "loops")


def test_a_fifo_is_written_directly_never_replaced(dated, tmp_path):
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    run = invoke(["calendar", dated, "--ics", fifo])
    reader.join(timeout=10)
    ok(run)
    assert received and received[0].startswith(b"BEGIN:VCALENDAR")
    assert fifo.is_fifo()  # still the FIFO, not a regular file put in its place


def test_a_fifo_nobody_reads_is_refused_after_a_short_wait_not_a_hang(plan, unchanged, tmp_path, monkeypatch):
    from ecdplan.writers import files

    monkeypatch.setattr(files, "FIFO_WAIT", 0.2)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused(invoke(["report", plan, "-o", fifo]), "no program is reading")  # nobody reads: no hang, exit 2


def test_a_read_only_folder_is_exit_2_with_a_clear_message(plan, unchanged, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write any folder (root)")
        refused(invoke(["report", plan, "-o", folder / "r.html"]), "permission denied")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_folder_where_no_file_can_be_created_is_exit_2_even_as_root(plan, unchanged, tmp_path, monkeypatch):
    from ecdplan.writers import files

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "_open_temp", denied)
    refused(invoke(["report", plan, "-o", tmp_path / "r.html"]), "permission denied")


def test_another_plan_is_not_overwritten_without_force(plan, unchanged, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_bytes(GIA_LAI.read_bytes())
    before = digest(other)
    refused(invoke(["export", "xlsx", plan, "-o", other]), ".xlsx")
    refused(invoke(["export", "xlsx", plan, "-o", other, "--force"]), ".xlsx")  # never a workbook named .yaml
    disguised = tmp_path / "other.html"
    disguised.write_bytes(GIA_LAI.read_bytes())
    refused(invoke(["report", plan, "-o", disguised]), "plan file", "--force")
    assert digest(other) == before and disguised.read_bytes() == GIA_LAI.read_bytes()
    ok(invoke(["report", plan, "-o", disguised, "--force"]))
    assert disguised.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_the_input_plan_is_never_overwritten_even_with_force(plan, dated, unchanged):
    refused(invoke(["report", plan, "-o", plan, "--force"]), "input plan")
    before = digest(dated)
    refused(invoke(["calendar", dated, "--ics", dated, "--force"]), "input plan")
    assert digest(dated) == before


@pytest.mark.parametrize("args, name", [(["export", "xlsx"], "book.csv"), (["report"], "r.pdf"),
                                        (["report"], "r"), (["calendar", "--ics"], "cal.txt")])
def test_a_name_that_does_not_match_the_format_is_refused(plan, dated, unchanged, tmp_path, args, name):
    out = tmp_path / name
    cmd = [*args[:1], dated, *args[1:], out] if args[0] == "calendar" else [*args, plan, "-o", out]
    refused(invoke(cmd), "give the file")
    assert not out.exists()


@pytest.mark.parametrize("name", ["r.html", "R.HTM"])
def test_html_and_htm_names_are_accepted_for_the_report(plan, unchanged, tmp_path, name):
    ok(invoke(["report", plan, "-o", tmp_path / name]))


def test_a_folder_as_output_is_a_clear_error(plan, unchanged, tmp_path):
    folder = tmp_path / "out.html"
    folder.mkdir()
    refused(invoke(["report", plan, "-o", folder]), "is a folder")


def test_a_new_file_gets_the_umask_permissions(plan, unchanged, tmp_path):
    old = os.umask(0o027)
    try:
        ok(invoke(["report", plan, "-o", tmp_path / "r.html"]))
    finally:
        os.umask(old)
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o640


def test_an_existing_file_keeps_its_permissions(dated, tmp_path):
    out = tmp_path / "cal.ics"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o604)
    ok(invoke(["calendar", dated, "--ics", out]))
    assert out.stat().st_mode & 0o777 == 0o604 and out.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_sigterm_during_the_write_removes_the_temporary_file(tmp_path):
    target = tmp_path / "out.html"
    script = f"""
import os, signal, sys, time
sys.path.insert(0, {str(REPO_ROOT)!r})
from ecdplan.writers import files
real = files._write_all
def slow(fd, payload):
    real(fd, payload[:10])
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)
    real(fd, payload[10:])
files._write_all = slow
files.write_atomic({str(target)!r}, "x" * 100000)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=30)
    assert proc.returncode == 143, proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_nul_byte_in_the_output_name_is_a_clear_error(plan, unchanged, tmp_path):
    run = invoke(["report", plan, "-o", f"{tmp_path}/r\0.html"])
    run.assert_no_traceback()
    assert run.exit_code == 2


# --- issue 20: owners, read-only targets, signals, stale temporary files -----------------------------------------

@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="a file of another user needs root")
def test_replacing_another_users_file_keeps_its_owner_group_and_mode(plan, unchanged, tmp_path):
    out = tmp_path / "shared.html"
    out.write_text("old", encoding="utf-8")
    os.chown(out, 65534, 65534)
    out.chmod(0o640)
    ok(invoke(["report", plan, "-o", out]))
    info = out.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (65534, 65534, 0o640)
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_a_read_only_plan_is_refused_even_with_force(plan, unchanged, tmp_path):
    disguised = tmp_path / "kept.html"
    disguised.write_bytes(GIA_LAI.read_bytes())
    disguised.chmod(0o444)
    try:
        refused(invoke(["report", plan, "-o", disguised, "--force"]), "read-only")
        assert disguised.read_bytes() == GIA_LAI.read_bytes()
        assert disguised.stat().st_mode & 0o777 == 0o444
    finally:
        disguised.chmod(0o644)


def test_a_read_only_output_is_refused_with_exit_2(dated, tmp_path):
    out = tmp_path / "cal.ics"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o444)
    try:
        refused(invoke(["calendar", dated, "--ics", out]), "read-only")
        assert out.read_text(encoding="utf-8") == "old"
    finally:
        out.chmod(0o644)


SLOW_WRITE = """
import os, signal, sys, time
sys.path.insert(0, {root!r})
from ecdplan.writers import files
real = files._write_all
def slow(fd, payload):
    real(fd, payload[:10])
    {action}
    time.sleep(30)
    real(fd, payload[10:])
files._write_all = slow
files.write_atomic({target!r}, "x" * 5_000_000)
"""


@pytest.mark.parametrize("name,status", [("SIGHUP", 129), ("SIGINT", 130), ("SIGTERM", 143)])
def test_sighup_sigint_and_sigterm_during_the_write_leave_no_temporary_file(tmp_path, name, status):
    target = tmp_path / "out.html"
    script = SLOW_WRITE.format(root=str(REPO_ROOT), target=str(target),
                               action=f"os.kill(os.getpid(), signal.{name})")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == status, proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="an unnamed temporary file (O_TMPFILE) is Linux's")
def test_sigkill_during_the_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out.html"
    script = SLOW_WRITE.format(root=str(REPO_ROOT), target=str(target),
                               action="print('writing', flush=True)")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"writing", proc.stderr.read()
        proc.kill()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert list(tmp_path.iterdir()) == []


def test_a_stale_temporary_file_of_a_writer_that_is_gone_is_removed_by_the_next_write(plan, unchanged, tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    stale = tmp_path / f".r.html.ecdplan-{gone.pid}-0123abcd.tmp"
    stale.write_bytes(b"x" * 1000)
    someone_elses = tmp_path / ".r.html.backup.tmp"  # not of our naming: left alone
    someone_elses.write_bytes(b"y")
    ok(invoke(["report", plan, "-o", tmp_path / "r.html"]))
    assert not stale.exists()
    assert someone_elses.exists()
