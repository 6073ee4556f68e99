"""A file's bytes, read within limits and never blocking, and their text: UTF-8 only, control characters
reported (L001, L010). Nothing here knows YAML."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ecdplan.i18n.messages import N_, Word

from ecdplan.rules.findings import Finding
from ecdplan.source.loaded import said

MAX_BYTES = 8 * 1024 * 1024  # a national plan with every commune named is well under 1 MiB
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 except \t \n \r, DEL, C1


class UnreadableFile(Exception):
    """A file that cannot be read as a plan or side file: missing, not a regular file, too large ...

    Its text is `template` (an English msgid, marked N_) filled with `params`, for a finding in any language."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


_KINDS = [(stat.S_ISDIR, N_("a directory")), (stat.S_ISFIFO, N_("a named pipe (FIFO)")),
          (stat.S_ISCHR, N_("a character device")), (stat.S_ISBLK, N_("a block device")),
          (stat.S_ISSOCK, N_("a socket"))]


def read_limited(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; UnreadableFile (with a message for people) otherwise.

    The file is opened without blocking (a FIFO never hangs) and checked on the open descriptor; reading
    counts what really arrives, so a file that claims size 0 and never ends is cut off after max_bytes."""
    import errno

    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except ValueError:
        raise UnreadableFile(N_("the path contains a NUL byte")) from None
    except FileNotFoundError:
        raise UnreadableFile(N_("no such file")) from None
    except IsADirectoryError:
        raise UnreadableFile(N_("this is a directory, not a plan file")) from None
    except PermissionError:
        raise UnreadableFile(N_("the file cannot be read (permission denied)")) from None
    except OSError as exc:
        reason = {errno.ELOOP: N_("the path is a symbolic link that loops (or too many links)"),
                  errno.ENAMETOOLONG: N_("the file name is too long"),
                  errno.ENXIO: N_("this is a socket or a device without a reader, not a plan file"),
                  errno.ENOTDIR: N_("a part of the path is not a folder")}.get(exc.errno)
        if reason:
            raise UnreadableFile(reason) from None
        raise UnreadableFile(N_("cannot read the file: {reason}"), reason=exc.strerror) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), None)
            if kind is None:
                raise UnreadableFile(N_("this is not a regular file, not a plan file"))
            raise UnreadableFile(N_("this is {kind}, not a plan file"), kind=Word(kind))
        if info.st_size > max_bytes:  # no need to read what the size already refuses (a size of 0 proves nothing)
            raise UnreadableFile(N_("the file is {size:,} bytes, more than the {limit:,} a plan file may have"),
                                 size=info.st_size, limit=max_bytes)
        chunks, total = [], 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            except BlockingIOError:
                raise UnreadableFile(N_("the file gives no data (not a regular file?)")) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise UnreadableFile(N_("the file is more than the {limit:,} bytes a plan file may have"),
                                     limit=max_bytes)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(N_("cannot read the file: {reason}"), reason=exc.strerror) from None
    finally:
        os.close(fd)


def decode(raw: bytes, file: str) -> tuple[str | None, Finding | None]:
    """UTF-8 (BOM optional) to text; anything else is a clear L001 finding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, said("L001", N_("the file is UTF-16 text; save it as UTF-8"), {}, file, 1, 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, said(
            "L001", N_("the file is not UTF-8: byte 0x{byte} cannot be decoded (a Windows-1258 or other legacy "
                       "export?); re-save the file as UTF-8"), {"byte": f"{raw[exc.start]:02x}"}, file, line, col)


def control_findings(text: str, file: str) -> tuple[str, list[Finding]]:
    """Control characters written into the file: one L010 each (the first 200), each replaced by a zero-width
    space, which keeps every column where it was and which text normalisation then removes."""
    found: list[Finding] = []
    if not CONTROL.search(text):
        return text, found
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    import bisect

    count = 0
    for m in CONTROL.finditer(text):
        count += 1
        if count <= 200:
            line = bisect.bisect_right(line_starts, m.start())
            col = m.start() - line_starts[line - 1] + 1
            point = f"U+{ord(m.group()):04X}"
            found.append(said("L010", N_("control character {code_point} in the text; it was removed"),
                              {"code_point": point}, file, line, col, code_point=point))
    if count > 200:
        found.append(said("L010", N_("{count:,} more control characters not listed"), {"count": count - 200}, file,
                          found[-1].line, found[-1].col))
    return CONTROL.sub("\u200b", text), found

