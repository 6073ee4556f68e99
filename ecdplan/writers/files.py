"""Writing output files safely: atomically (temp file + rename), and never over an input plan.

- a symbolic link is written through: the link stays, its target gets the content (atomically, in its folder);
- an existing FIFO or character device is written directly, never replaced;
- a new file gets the permissions the umask allows (as any program's new file); an existing file keeps its own;
- a plan file (`format: ecdplan/...` at the top) is not overwritten without `force`; an input never is;
- the temporary file is removed when the write fails or the process is terminated (SIGTERM: exit 143).
"""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import time
from pathlib import Path

from ecdplan.errors import EcdplanError
from ecdplan.i18n.messages import N_, Phrase, Word

_PLAN_FORMAT = re.compile(rb"(?m)^format:[ \t]*[\"']?ecdplan")
FIFO_WAIT = 10.0  # seconds to wait for a program to open a FIFO for reading


def safe_resolve(path: str | Path) -> Path:
    """The absolute path, links followed where they can be; a looping link or a too-long name stays as given
    (reading it then gives the clear L001 finding)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))


class OutputError(EcdplanError):
    """The output file cannot or must not be written (exit status 2)."""


class _Terminated(SystemExit):
    def __init__(self) -> None:
        super().__init__(143)


def is_plan_file(path: str | Path) -> bool:
    """Whether the file starts like an ecdplan plan or side file (`format: ecdplan/1` near the top)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return bool(_PLAN_FORMAT.search(head.removeprefix(b"\xef\xbb\xbf")))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_special(target: str, payload: bytes, kind: str) -> None:
    """A FIFO or character device: opened for writing and written, never replaced."""
    deadline = time.monotonic() + FIFO_WAIT
    while True:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
            break
        except OSError as exc:
            if exc.errno == errno.ENXIO and time.monotonic() < deadline:  # a FIFO nobody reads yet
                time.sleep(0.05)
                continue
            if exc.errno == errno.ENXIO:
                raise OutputError(Phrase(N_("{target} is a {kind} that no program is reading"), target=target,
                                         kind=Word(kind))) from None
            raise
    try:
        os.set_blocking(fd, True)
        _write_all(fd, payload)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes, inputs: list[Path] = (), force: bool = False) -> None:
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if "\0" in str(target):
        raise OutputError(Phrase(N_("the path contains a NUL byte")))
    try:
        followed = os.stat(target)  # /dev/stdout, >(cmd): a link to a pipe that has no name to resolve
    except (OSError, ValueError):
        followed = None
    if followed is not None and (stat.S_ISFIFO(followed.st_mode) or stat.S_ISCHR(followed.st_mode)):
        _write_special(str(target), payload, N_("FIFO") if stat.S_ISFIFO(followed.st_mode) else N_("device"))
        return
    try:
        real = Path(os.path.realpath(target)) if os.path.islink(target) else target
        info = os.stat(real) if os.path.lexists(real) else None
    except ValueError:
        raise OutputError(Phrase(N_("the path contains a NUL byte"))) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(Phrase(N_("{target} is a symbolic link that loops"), target=target)) from None
        if exc.errno == errno.ENAMETOOLONG:
            raise OutputError(Phrase(N_("the file name is too long"))) from None
        raise OutputError(Phrase(N_("{target}: {reason}"), target=target, reason=exc.strerror)) from None
    if os.path.islink(real):  # a dangling link, or one realpath could not follow to the end
        raise OutputError(Phrase(N_("{target} is a symbolic link to {real}, which does not exist"), target=target,
                                 real=real))
    mode = None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(Phrase(N_("{target} is a folder"), target=target))
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
            _write_special(str(real), payload, N_("FIFO") if stat.S_ISFIFO(info.st_mode) else N_("device"))
            return
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(Phrase(N_("{target} is not a regular file (a socket or block device?)"), target=target))
        for source in inputs:
            try:
                if os.path.samefile(real, source):
                    raise OutputError(Phrase(N_("{target} is an input plan; refusing to write over it"), target=target))
            except OSError:
                continue
        if not force and is_plan_file(real):
            raise OutputError(Phrase(N_("{target} is an ecdplan plan file; refusing to write over it (use --force to "
                                 "replace it)"), target=target))
        mode = stat.S_IMODE(info.st_mode)
    folder = real.parent if str(real.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(Phrase(N_("{folder} is not a folder"), folder=folder))
    try:
        import tempfile  # deferred: only writing needs it (it loads random)

        fd, tmp = tempfile.mkstemp(prefix=f".{real.name[:100]}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise OutputError(Phrase(N_("cannot create a file in {folder}: permission denied (a read-only folder?)"),
                                 folder=folder)) from None
    except OSError as exc:
        raise OutputError(Phrase(N_("cannot create a file in {folder}: {reason}"), folder=folder,
                                 reason=exc.strerror)) from None

    def _on_term(signum, frame):  # noqa: ARG001
        raise _Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, _on_term)
    except ValueError:  # not the main thread: no handler, the finally below still cleans up on errors
        previous = None
    try:
        try:
            os.fchmod(fd, mode if mode is not None else 0o666 & ~_umask())
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
