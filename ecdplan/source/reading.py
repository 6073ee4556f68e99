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
# C0 except \t \n \r, DEL, C1 except U+0085 (NEL, a line break to YAML), and the bidirectional controls, which
# reorder the text around them when it is shown (a name in HTML, a CSV or JSON cell, SARIF, JUnit)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# what YAML counts as a line break (PyYAML: \r\n, \r, \n, NEL, U+2028, U+2029): positions count lines the same way
LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS "
       "US").split()


def char_name(ch: str) -> str:
    """A character's name for a message: 'NUL', 'RIGHT-TO-LEFT OVERRIDE', 'ZERO WIDTH SPACE'."""
    import unicodedata

    code = ord(ch)
    if code < 32:
        return _C0[code]
    if code == 0x7F:
        return "DEL"
    return unicodedata.name(ch, "C1 CONTROL" if 0x80 <= code <= 0x9F else f"U+{code:04X}")


def yaml_lines(text: str) -> list[str]:
    """The lines of `text` as YAML counts them (so that a position's line and column are those of the file)."""
    return LINE_BREAK.split(text)


def line_starts(text: str) -> list[int]:
    """The offset where each line begins, lines counted as YAML counts them."""
    return [0] + [m.end() for m in LINE_BREAK.finditer(text)]


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
                raise UnreadableFile(N_("the file is more than {limit:,} bytes, the most a plan file may have (reading "
                                        "stopped at byte {stopped:,})"), limit=max_bytes, stopped=total)
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
        before = raw[: exc.start].decode("utf-8")  # valid up to the bad byte
        starts = line_starts(before)
        line, col = len(starts), len(before) - starts[-1] + 1
        return None, said(
            "L001", N_("the file is not UTF-8: byte 0x{byte} cannot be decoded (a Windows-1258 or other legacy "
                       "export?); re-save the file as UTF-8"), {"byte": f"{raw[exc.start]:02x}"}, file, line, col)


def control_findings(text: str, file: str) -> tuple[str, list[Finding]]:
    """Control characters written into the file: one L010 each (the first 200), each replaced by a zero-width
    space, which keeps every column where it was and which text normalisation then removes."""
    found: list[Finding] = []
    if not CONTROL.search(text):
        return text, found
    starts = line_starts(text)
    import bisect

    count = 0
    for m in CONTROL.finditer(text):
        count += 1
        if count <= 200:
            line = bisect.bisect_right(starts, m.start())
            col = m.start() - starts[line - 1] + 1
            point = f"U+{ord(m.group()):04X}"
            if m.group() in BIDI:
                found.append(said("L010", N_("bidirectional control character {code_point} ({name}) in the text: it "
                                             "reorders the text around it wherever the text is shown; it was removed, "
                                             "delete it from the file"),
                                  {"code_point": point, "name": char_name(m.group())}, file, line, col,
                                  code_point=point))
                continue
            found.append(said("L010", N_("control character {code_point} in the text; it was removed"),
                              {"code_point": point}, file, line, col, code_point=point))
    if count > 200:
        found.append(said("L010", N_("{count:,} more control characters not listed"), {"count": count - 200}, file,
                          found[-1].line, found[-1].col))
    return CONTROL.sub("\u200b", text), found

