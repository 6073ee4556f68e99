"""Writing output files safely: atomically (temp file + rename), and never over an input plan.

- a symbolic link is written through: the link stays, its target gets the content (atomically, in its folder);
- an existing FIFO or character device is written directly, never replaced;
- a new file gets the permissions the umask allows (as any program's new file); an existing file keeps its own
  owner, group and mode (another user's file that we cannot give its owner back is written in place);
- a plan file (`format: ecdplan/...` at the top) is not overwritten without `force`; an input never is; a read-only
  file never is, even with `force`;
- the file is written unnamed where the system allows (Linux O_TMPFILE: a SIGKILL leaves nothing), else as
  `.NAME.ecdplan-PID-….tmp`; the temporary file is removed when the write fails or the process is ended by SIGTERM
  (exit 143), SIGHUP (129) or SIGINT (130), and one left by a process that no longer exists is removed by the
  next write of the same name.
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
    def __init__(self, status: int = 143) -> None:
        super().__init__(status)


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
        if _read_only(real, info):
            raise OutputError(Phrase(N_("{target} is read-only; refusing to replace it, even with --force (make it "
                                        "writable first if it is meant to be replaced)"), target=target))
    folder = real.parent if str(real.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(Phrase(N_("{folder} is not a folder"), folder=folder))
    _remove_stale(folder, real.name)
    with _cleaned_on_signals():
        if info is not None and not _can_own_like(info):  # another user's file: in place, its owner kept
            _write_in_place(real, payload)
            return
        _write_by_rename(real, folder, payload, info)


TEMP_MARK = ".ecdplan-"  # .NAME.ecdplan-PID-RANDOM.tmp: a temporary file of ours, and the process that made it
_STALE = re.compile(r"^\.(?P<name>.+)\.ecdplan-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")
SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")  # the temporary file is removed when one of these ends the process


def _read_only(real: Path, info: os.stat_result) -> bool:
    """A file nobody may write (no w bit), or one this user may not write: never replaced, even with --force."""
    if not info.st_mode & 0o222:
        return True
    return hasattr(os, "geteuid") and os.geteuid() != 0 and not os.access(real, os.W_OK)


def _can_own_like(info: os.stat_result) -> bool:
    """Whether a new file of ours can get the existing file's owner and group (as its owner, or as root)."""
    if not hasattr(os, "geteuid"):
        return True
    if os.geteuid() == 0:
        return True
    return info.st_uid == os.geteuid() and (info.st_gid == os.getegid() or info.st_gid in os.getgroups())


def _write_in_place(real: Path, payload: bytes) -> None:
    try:
        fd = os.open(real, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise OutputError(Phrase(N_("{target}: {reason}"), target=real, reason=exc.strerror)) from None
    try:
        _write_all(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale(folder: Path, name: str) -> None:
    """Temporary files of ours for this name whose process is gone (killed by SIGKILL, a power cut)."""
    prefix = f".{name[:100]}{TEMP_MARK}"
    try:
        entries = [e for e in os.listdir(folder) if e.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        match = _STALE.match(entry)
        if match is None or _alive(int(match["pid"])):
            continue
        try:
            os.unlink(folder / entry)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


class _cleaned_on_signals:
    """SIGTERM, SIGHUP and SIGINT during the write end the process (143, 129, 130) through the clean-up below."""

    def __enter__(self):
        self.previous = {}

        def _on_signal(signum, frame):  # noqa: ARG001
            raise _Terminated(128 + signum)

        for name in SIGNALS:
            number = getattr(signal, name, None)
            if number is None:
                continue
            try:
                self.previous[number] = signal.signal(number, _on_signal)
            except ValueError:  # not the main thread: no handler, the clean-up still runs on errors
                pass
        return self

    def __exit__(self, *exc) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)


def _open_temp(folder: Path, name: str) -> tuple[int, str | None]:
    """A file to write: unnamed where the system allows it (O_TMPFILE: a SIGKILL leaves nothing behind), else a
    named temporary file of ours; (fd, its name or None)."""
    tmpfile = getattr(os, "O_TMPFILE", None)
    if tmpfile is not None and os.path.isdir("/proc/self/fd") and _linkat() is not None:
        try:
            return os.open(folder, tmpfile | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600), None
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
    import secrets  # deferred: only writing needs it

    for _ in range(100):
        tmp = str(folder / f".{name[:100]}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600), tmp
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "no free temporary name")


def _write_by_rename(real: Path, folder: Path, payload: bytes, info: os.stat_result | None) -> None:
    try:
        fd, tmp = _open_temp(folder, real.name)
    except PermissionError:
        raise OutputError(Phrase(N_("cannot create a file in {folder}: permission denied (a read-only folder?)"),
                                 folder=folder)) from None
    except OSError as exc:
        raise OutputError(Phrase(N_("cannot create a file in {folder}: {reason}"), folder=folder,
                                 reason=exc.strerror)) from None
    try:
        try:
            if info is not None:  # the existing file's owner, group and mode
                if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != (os.fstat(fd).st_uid, os.fstat(fd).st_gid):
                    os.fchown(fd, info.st_uid, info.st_gid)
                os.fchmod(fd, stat.S_IMODE(info.st_mode))
            else:
                os.fchmod(fd, 0o666 & ~_umask())
            _write_all(fd, payload)
            os.fsync(fd)
            if tmp is None:  # give the unnamed file a name of ours, then put it in place
                tmp = _link_unnamed(fd, folder, real.name)
        finally:
            os.close(fd)
        os.replace(tmp, real)
    except BaseException:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise


AT_FDCWD, AT_SYMLINK_FOLLOW = -100, 0x400  # Linux
_LINKAT: list = []


def _linkat():
    """libc's linkat (os.link calls link(2), which cannot name an O_TMPFILE file through /proc), or None."""
    if not _LINKAT:
        try:
            import ctypes  # deferred: only writing on Linux needs it

            libc = ctypes.CDLL(None, use_errno=True)
            function = libc.linkat
            function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
            _LINKAT.append(function)
        except (ImportError, OSError, AttributeError):
            _LINKAT.append(None)
    return _LINKAT[0]


def _link_unnamed(fd: int, folder: Path, name: str) -> str:
    """Name the unnamed file (`.NAME.ecdplan-PID-….tmp`) just before it replaces the target."""
    import ctypes
    import secrets  # deferred: only writing needs it

    while True:
        tmp = str(folder / f".{name[:100]}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}.tmp")
        if _linkat()(AT_FDCWD, f"/proc/self/fd/{fd}".encode(), AT_FDCWD, os.fsencode(tmp), AT_SYMLINK_FOLLOW) == 0:
            return tmp
        code = ctypes.get_errno()
        if code != errno.EEXIST:
            raise OSError(code, os.strerror(code), tmp)
