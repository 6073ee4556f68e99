"""Load a plan file: bytes -> text -> YAML nodes -> plain Python data with a position for every value.

Only what a plan needs is accepted: safe YAML, no anchors/aliases, no duplicate keys, no `.nan`/`.inf`,
and no number that a reader and YAML would read differently (`9.300`, `042`, `0x10`, `1:30`, `yes`).
A number is read only from plain decimal notation (`9300`, `12.5`); decimals become `Decimal` (never
float) so money stays exact. All text is NFC-normalised, its spaces normalised and control characters
removed (and reported). Problems become findings; the loader never raises for bad input.
"""

from __future__ import annotations

import os
import re
import stat
from array import array
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ecdplan.rules.findings import N_, Finding, Phrase, Word

MAX_BYTES = 8 * 1024 * 1024  # a national plan with every commune named is well under 1 MiB
MAX_DEPTH = 64
# Every amount, count, share and year is below 10^18 in the plan's unit, with at most MAX_DECIMALS places:
# sums of a million such amounts, times 10^9 đồng per unit, stay far inside exact integer/Decimal arithmetic.
MAX_EXPONENT = 18
MAX_DECIMALS = 20
MAX_ALIAS_FINDINGS = 100  # more aliases than this: the file is not composed at all, the rest are counted
MAX_VALUES = 1_500_000  # values in one file: the 100,000-line benchmark plan (8.3 MB) has 1.1 million
MAX_FINDINGS_PER_RULE = 199  # the loader's findings of one rule it lists; one more says how many it left out

Path_ = tuple[Any, ...]  # a location in the data: ("interventions", 0, "cost", "total")

_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
# numbers written with separators: 9.300 / 42.900,0 / 42,900.5 / 1 500 (space or no-break space)
_SEPARATED = re.compile(r"([-+]?)(\d{1,3}(?:([., \u00a0\u202f])\d{3})(?:\3\d{3})*)(?:([.,])(\d+))?")
_PLAIN_INT = re.compile(r"-?(?:0|[1-9]\d*)\Z")
_PLAIN_DECIMAL = re.compile(r"-?\d+\.\d+\Z")
_KEY_NUMBER_START = frozenset("-0123456789")  # how every key that _key_identity reads as a number starts
# text YAML 1.1 keeps as text but other readers (YAML 1.2, JSON, spreadsheets) take for a number
_NUMBERISH = re.compile(r"^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)[eE][-+]?\d+$|^[-+]?0[oO][0-7_]+$|^[-+]?0\d+(?:\.\d*)?$")
_NUMBER_START = frozenset("0123456789+-.")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"[^\S\n]+")  # any Unicode space except newline (tabs, NBSP, U+2007, U+202F ...)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 except \t \n \r, DEL, C1
_NUMERIC_KEYS = {"total", "per_commune_year", "share", "amount", "count", "communes", "start", "end", "districts"}
_NAME_KEYS = {"id", "name", "source", "group", "short", "body", "kind", "unit", "level", "lead", "report"}
_YAML_TAGS = "tag:yaml.org,2002:"


class _Refused:
    """A value the loader refused (a finding says why). It stays in the data, where no model accepts it, so a plan
    with a refused value is never used for figures; its path is in `poisoned`, so it is reported only once."""

    def __repr__(self) -> str:
        return "<refused value>"


REFUSED = _Refused()


class UnreadableFile(Exception):
    """A file that cannot be read as a plan or side file: missing, not a regular file, too large ...

    Its text is `template` (an English msgid, marked N_) filled with `params`, for a finding in any language."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


def said(code: str, template: str, params: dict[str, object], file: str, line: int, col: int,
         **figures: object) -> Finding:
    """A finding whose message is `template` (English, marked N_) filled with `params`."""
    return Finding(code=code, message=template.format(**params), file=file, line=line, col=col, figures=figures,
                   template=template, params=params)


@dataclass
class LoadedFile:
    """What the loader made of one file: the data (None if unusable), positions and findings."""

    file: str
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    poisoned: set[Path_] = field(default_factory=set)  # values the loader refused (already reported)
    # the positions of the items of each list, packed (line << 32 | column): a national plan's lists of names
    # hold most of its values, and a path and a pair for each would take more memory than the data itself
    item_positions: dict[Path_, Any] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return self.data is not None and not any(f.rule.fatal for f in self.findings)

    def position(self, path: Path_) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            last = path[-1]
            if isinstance(last, int):
                marks = self.item_positions.get(path[:-1])
                if marks is not None and 0 <= last < len(marks):
                    return marks[last] >> 32, marks[last] & 0xFFFFFFFF
            path = path[:-1]
        return self.positions.get((), (1, 1))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalise_text(text: str, block: bool = False) -> str:
    """NFC, zero-width characters removed, every kind of space an ordinary one, runs collapsed, ends stripped.

    `block` text (YAML `|`/`>` scalars) keeps its lines and their indentation."""
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the usual case, already normal
    text = nfc(text).translate(_ZERO_WIDTH)
    if not block:
        return " ".join(text.split())
    lines = []
    for line in text.split("\n"):
        body = line.lstrip()
        indent = len(line) - len(body)
        lines.append(" " * indent + _SPACES.sub(" ", body).rstrip())
    return "\n".join(lines)


def thousands_reading(text: str) -> str | None:
    """The number a Vietnamese (or English) reader sees in `text` written with thousands separators, as plain
    decimal text: '9.300' -> '9300', '42.900,0' -> '42900', '9.300,5' -> '9300.5', '1 500' -> '1500',
    '42,900.5' -> '42900.5'; None if `text` is not such a number."""
    m = _SEPARATED.fullmatch(text.strip())
    if not m or (m.group(4) and m.group(4) == m.group(3)):
        return None
    digits = re.sub(r"\D", "", m.group(2))
    fraction = (m.group(5) or "").rstrip("0")
    return ("-" if m.group(1) == "-" else "") + digits + (f".{fraction}" if fraction else "")


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


def _control_findings(text: str, file: str) -> tuple[str, list[Finding]]:
    """Control characters written into the file: one L010 each (the first 200), each replaced by a zero-width
    space, which keeps every column where it was and which text normalisation then removes."""
    found: list[Finding] = []
    if not _CONTROL.search(text):
        return text, found
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    import bisect

    count = 0
    for m in _CONTROL.finditer(text):
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
    return _CONTROL.sub("\u200b", text), found


def _syntax_finding(exc: Any, text: str, file: str) -> Finding:
    """A YAML syntax error, in words that name the usual causes (a tab, a missing colon)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    if "depth" in problem:
        return said("L008", N_("YAML syntax: {problem}"), {"problem": _yaml_problem(problem)}, file, line, col)
    lines = text.split("\n")
    if "tab" in problem or "cannot start any token" in problem:
        for number in (line, line - 1, line + 1):
            if 1 <= number <= len(lines):
                content = lines[number - 1]
                indent = content[: len(content) - len(content.lstrip(" \t"))]
                if "\t" in indent:
                    tab = indent.index("\t") + 1
                    return said("L002", N_("a tab is used for indentation at {line}:{col}; YAML needs spaces"),
                                {"line": number, "col": tab}, file, number, tab)
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        key_line = exc.context_mark.line + 1
        key_col = exc.context_mark.column + 1
        written = lines[key_line - 1].strip() if key_line <= len(lines) else ""
        return said("L002", N_("missing ':' after a key: `{written}` needs a colon and a space after the key "
                               "(`key: value`)"), {"written": _short(written)}, file, key_line, key_col)
    return said("L002", N_("YAML syntax: {problem}"), {"problem": _yaml_problem(problem)}, file, line, col)


# the YAML parser's (libyaml's) usual complaints, word for word, so that they can be shown translated
_YAML_PROBLEMS = frozenset({
    N_("mapping values are not allowed in this context"), N_("mapping values are not allowed here"),
    N_("while parsing a flow node did not find expected node content"),
    N_("while parsing a block node did not find expected node content"),
    N_("while parsing a flow mapping did not find expected ',' or '}'"),
    N_("while parsing a flow sequence did not find expected ',' or ']'"),
    N_("while parsing a block mapping did not find expected key"),
    N_("while parsing a block collection did not find expected '-' indicator"),
    N_("while scanning a quoted scalar found unexpected end of stream"),
    N_("while scanning for the next token found character that cannot start any token"),
    N_("while scanning an alias did not find expected alphabetic or numeric character"),
    N_("while scanning an anchor did not find expected alphabetic or numeric character"),
    N_("expected a single document in the stream but found another document"),
    N_("did not find expected <document start>"), N_("found undefined alias")})


def _yaml_problem(problem: str) -> str:
    """The parser's complaint, as a Word (shown translated) when it is one of the usual ones."""
    return Word(problem) if problem in _YAML_PROBLEMS else problem


def load_text(text: str, file: str = "<string>") -> LoadedFile:
    """Parse YAML text into a LoadedFile."""
    import yaml  # deferred: keeps `ecdplan --help` and `ecdplan rules` fast

    result = LoadedFile(file)
    text, controls = _control_findings(text, file)
    result.findings += controls
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    tags: set[tuple[int, int]] = set()
    if "*" in text or "!" in text or len(text) > 1_000_000:
        # an alias or a tag (compose() loses where aliases were written and which tags were explicit), or a
        # file large enough to hold more values than compose() should build: look at the events first
        try:
            aliases, tags, more, values = _events(yaml, text, loader_cls, file)
        except (yaml.YAMLError, RecursionError, ValueError):
            aliases, more, values = [], 0, 0  # compose() below reports the syntax error
        result.findings += aliases
        if more:
            result.findings.append(said("L005", N_("{more:,} more aliases not listed; the file was not read further"),
                                        {"more": more}, file, aliases[-1].line, aliases[-1].col, not_listed=more))
            return result
        if values > MAX_VALUES:
            result.findings.append(said("L008", N_("the file holds more than {limit:,} values; a plan file needs far "
                                           "fewer"), {"limit": MAX_VALUES}, file, 1, 1, limit=MAX_VALUES))
            return result
    try:
        root = yaml.compose(text, Loader=loader_cls)
    except yaml.MarkedYAMLError as exc:
        result.findings.append(_syntax_finding(exc, text, file))
        return result
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        result.findings.append(said("L002", N_("YAML syntax: {problem}"), {"problem": _yaml_problem(str(exc))}, file,
                                    1, 1))
        return result
    if root is None:
        result.findings.append(said("L003", N_("the file is empty"), {}, file, 1, 1))
        return result
    if not isinstance(root, yaml.MappingNode):
        kind = Word(N_("a list")) if isinstance(root, yaml.SequenceNode) else Word(N_("a single value"))
        line, col = root.start_mark.line + 1, root.start_mark.column + 1
        result.findings.append(said("L003", N_("the file holds {kind}, not a mapping of keys"), {"kind": kind}, file,
                                    line, col))
        return result
    builder = _Builder(file, result, text, tags)
    try:
        result.data = builder.build(root, (), 0)
    except _TooDeep as exc:
        result.data = None
        result.findings.append(said("L008", N_("the data nests deeper than {limit} levels"), {"limit": MAX_DEPTH},
                                    file, *exc.pos))
    builder.finish()
    return result


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


def load_file(path: str | Path) -> LoadedFile:
    """Read and parse a plan (or side) file from disk."""
    file = str(path)
    try:
        raw = read_limited(path)
    except UnreadableFile as exc:
        return LoadedFile(file, findings=[said("L001", exc.template, exc.params, file, 0, 0)])
    text, problem = decode(raw, file)
    if problem:
        return LoadedFile(file, findings=[problem])
    return load_text(text, file)


class GitError(Exception):
    """A file cannot be read from git at the revision asked for."""


def read_git_blob(path: str | Path, rev: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of `path` (a file in a git work tree) at revision `rev`; GitError with a clear message otherwise.

    The revision is never taken as an option (`--output=...`), is resolved to a commit first, and the blob's
    size is checked before it is read."""
    import subprocess

    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r") or len(rev) > 256:
        raise GitError(Phrase(N_("{rev} is not a revision"), rev=repr(rev)))
    try:
        folder = Path(path).resolve().parent
    except (OSError, RuntimeError, ValueError) as exc:
        raise GitError(Phrase(N_("cannot resolve the path: {reason}"), reason=exc)) from None

    def git(*args: str, limit: bool = False) -> bytes:
        try:
            done = subprocess.run(["git", *args], cwd=top or folder, capture_output=True, timeout=30,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as exc:
            raise GitError(Phrase(N_("git failed: {reason}"), reason=exc)) from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(message[-1] if message else Phrase(N_("git {command} failed"), command=args[0]))
        return done.stdout

    top = ""
    top = git("rev-parse", "--show-toplevel").decode("utf-8", "replace").strip()
    try:
        rel = Path(path).resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        raise GitError(Phrase(N_("{path} is not inside the git work tree {top}"), path=path, top=top)) from None
    try:
        commit = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(Phrase(N_("{rev} is not a commit in this repository"), rev=repr(rev))) from None
    if not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        raise GitError(Phrase(N_("{rev} is not a commit in this repository"), rev=repr(rev)))
    try:
        size = int(git("cat-file", "-s", f"{commit}:{rel}").decode().strip())
    except GitError:
        raise GitError(Phrase(N_("git has no {path} at {rev}"), path=rel, rev=rev)) from None
    except ValueError:
        raise GitError(Phrase(N_("git gave no size for {path} at {rev}"), path=rel, rev=rev)) from None
    if size > max_bytes:
        raise GitError(Phrase(N_("{path} at {rev} is {size} bytes, more than the {limit} a plan file may have"), path=rel,
                              rev=rev, size=f"{size:,}", limit=f"{max_bytes:,}"))
    return git("cat-file", "blob", f"{commit}:{rel}")


def _events(yaml: Any, text: str, loader_cls: Any, file: str) -> tuple[list[Finding], set[tuple[int, int]], int,
                                                                      int]:
    """One L005 per alias (`*x`, the first MAX_ALIAS_FINDINGS), at the alias, naming the line of its anchor (`&x`);
    the positions of scalars with an explicit tag; how many aliases were not listed; how many values there are.
    Stops counting values past MAX_VALUES (and listing tags past MAX_VALUES)."""
    anchors: dict[str, int] = {}
    found: list[Finding] = []
    tags: set[tuple[int, int]] = set()
    more = 0
    values = 0
    alias_event, node_event, scalar_event = yaml.AliasEvent, yaml.NodeEvent, yaml.ScalarEvent
    for event in yaml.parse(text, Loader=loader_cls):
        if event.__class__ is scalar_event:
            values += 1
            if values > MAX_VALUES and not found:
                break
        if event.__class__ is alias_event:
            if len(found) >= MAX_ALIAS_FINDINGS:
                more += 1
                continue
            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            found.append(said("L005", N_("*{anchor} reuses the value written at line {line} (&{anchor}) through a "
                                         "YAML alias"),
                              {"anchor": event.anchor, "line": anchors.get(event.anchor, line)}, file, line, col))
        elif isinstance(event, node_event):
            if event.anchor is not None:
                anchors[event.anchor] = event.start_mark.line + 1
            if event.__class__ is scalar_event and event.tag not in (None, "!") and len(tags) <= MAX_VALUES:
                tags.add((event.start_mark.line, event.start_mark.column))
    return found, tags, more, values


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:20]}…"


def _plain(value: Any) -> str:
    """A number as plain decimal text: 1.5E+3 -> 1500."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}" if value.is_finite() else str(value)
        return text
    return str(value)


# what Python says of a date that does not exist (YAML `2024-13-45`), in words that can be translated
_PYTHON_DATE_ERRORS = {"month must be in 1..12": N_("the month must be from 1 to 12"),
                       "day is out of range for month": N_("the day is out of range for the month"),
                       "year 0 is out of range": N_("the year is out of range")}

FLAG_KEYS = frozenset({"illustrative"})  # the only keys whose values are yes/no (true or false)


def _numeric_path(path: Path_) -> bool:
    """Whether the value at `path` is an amount, count, share or year (by where it stands in a plan)."""
    if not path:
        return False
    last = path[-1]
    if last == "<key>":
        parent = path[-2] if len(path) >= 2 else None
        return parent in ("by_year", "milestones", "rollout") or (len(path) == 3 and path[0] == "envelopes")
    if isinstance(last, str) and last in _NUMERIC_KEYS:
        return True
    if len(path) >= 2 and path[-2] in ("by_year", "milestones", "rollout") and not isinstance(last, str):
        return True
    return len(path) == 3 and path[0] == "envelopes"


def _name_path(path: Path_) -> bool:
    """Whether the value at `path` is an id or a name (text that a bare yes/no/on/off would break)."""
    last = path[-1] if path else None
    return last in _NAME_KEYS or last == "<key>" or isinstance(last, int)


class _TooDeep(Exception):
    def __init__(self, pos: tuple[int, int]):
        self.pos = pos


class _Builder:
    """Turns a composed YAML node graph into data, recording positions and loader findings."""

    def __init__(self, file: str, result: LoadedFile, text: str = "", tags: set[tuple[int, int]] | None = None):
        import yaml

        self.yaml = yaml
        self.file = file
        self.result = result
        self.lines = text.split("\n")
        self.tags = tags or set()
        from yaml.constructor import SafeConstructor

        self.constructor = SafeConstructor()
        self.seen: set[int] = set()
        self.aliases = "*" in text  # compose() makes an alias (`*x`) the very node of its anchor: look for repeats
        self.counts: dict[str, int] = {}
        self.last: dict[str, Any] = {}

    def _finding(self, code: str, template: str, params: dict[str, object], node: Any, **figures: object) -> None:
        """A finding at `node`: `template` (English, marked N_) filled with `params`."""
        count = self.counts[code] = self.counts.get(code, 0) + 1
        if count > MAX_FINDINGS_PER_RULE:  # a file of a million bad values: count them, keep memory bounded
            self.last[code] = node.start_mark
            return
        self.result.findings.append(said(code, template, params, self.file, node.start_mark.line + 1,
                                         node.start_mark.column + 1, **figures))

    def finish(self) -> None:
        """One finding per rule that had more findings than are listed, saying how many were left out."""
        for code, count in self.counts.items():
            if count > MAX_FINDINGS_PER_RULE:
                mark = self.last[code]
                more = count - MAX_FINDINGS_PER_RULE
                self.result.findings.append(said(
                    code, N_("{more:,} more {code} findings like the above not listed"), {"more": more, "code": code},
                    self.file, mark.line + 1, mark.column + 1, not_listed=more))

    def build(self, node: Any, path: Path_, depth: int, item: bool = False) -> Any:
        """The data of `node`. The graph is taken apart as it is read (each list or mapping lets go of its items
        once they are built), so that a large file's nodes are freed while its data grows, not after."""
        yaml = self.yaml
        mark = node.start_mark
        pos = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            raise _TooDeep(pos)
        if self.aliases:
            if id(node) in self.seen:
                # compose() resolves an alias to the very node of its anchor; seeing it twice means an alias
                # (reported at the alias itself by _events)
                self.result.poisoned.add(path)
                return REFUSED
            self.seen.add(id(node))
        if not item:  # an item's position is kept with its list's
            self.result.positions.setdefault(path, pos)
        kind = node.__class__
        if kind is yaml.MappingNode:
            return self._mapping(node, path, depth)
        if kind is yaml.SequenceNode:
            items, node.value = node.value, None
            out = []
            marks = self.result.item_positions[path] = array("Q")
            for i in range(len(items)):
                mark = items[i].start_mark
                marks.append((mark.line + 1) << 32 | (mark.column + 1))
                out.append(self.build(items[i], (*path, i), depth + 1, True))
                items[i] = None
            return out
        value = self.scalar(node, path)
        if value is REFUSED:
            self.result.poisoned.add(path)
        return value

    def _mapping(self, node: Any, path: Path_, depth: int) -> dict[Any, Any]:
        yaml = self.yaml
        out: dict[Any, Any] = {}
        first_line: dict[Any, tuple[int, Any]] = {}
        pairs, node.value = node.value, None
        skip: set[int] = set()
        if node.flow_style:
            skip = self._flow_commas(pairs, path)
        for index in range(len(pairs)):
            key_node, value_node = pairs[index]
            pairs[index] = None
            if index in skip:
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                if isinstance(key_node, yaml.ScalarNode):
                    self._finding("L005", N_("merge keys (<<) are not accepted in plan files"), {}, key_node)
                else:
                    self._finding("S001", N_("a mapping key must be a plain value, not a list or mapping"), {},
                                  key_node)
                # the mapping misses what the entry meant: a refusal in its place keeps the plan from being used
                placeholder = f"<key at line {key_node.start_mark.line + 1}>"
                out[placeholder] = REFUSED
                self.result.poisoned.add((*path, placeholder))
                continue
            key = self.scalar(key_node, (*path, "<key>"))
            refused = key is REFUSED
            if refused:
                key = normalise_text(key_node.value)
            elif isinstance(key, str) and not key_node.style and re.search(r"\S [{\[]", key):
                name = key.split(" ", 1)[0]
                self._finding("S001", N_("missing ':' after `{name}`: `{written}...` is read as one key '{key}'; "
                                         "write `{whole}: ...`"),
                              {"name": _short(name), "written": _short(key_node.value), "key": _short(key),
                               "whole": name}, key_node, written=key)
                refused = True
            line = key_node.start_mark.line + 1
            identity = _key_identity(key)
            duplicate = identity in first_line
            if duplicate:
                first, first_key = first_line[identity]
                template = N_("duplicate key '{key}': first at line {first}, again at line {line}") \
                    if first_key == key else \
                    N_("duplicate key '{key}' (the same as '{first_key}'): first at line {first}, again at line {line}")
                self._finding("L004", template, {"key": key, "first_key": first_key, "first": first, "line": line},
                              key_node, first_line=first, second_line=line)
            else:
                first_line[identity] = (line, key)
            child = (*path, key)
            if refused:
                self.result.poisoned.add(child)
            # a key's own line is where people look for a nested block
            self.result.positions[child] = (line, key_node.start_mark.column + 1)
            value = self.build(value_node, child, depth + 1)
            if duplicate:  # neither value is taken: the plan is not used for figures until one key is removed
                out[first_key] = REFUSED
                self.result.poisoned.add((*path, first_key))
            else:
                out[key] = REFUSED if refused else value  # a refused key: its value is not used either
            if isinstance(value_node, yaml.ScalarNode):
                self.result.positions[child] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        return out

    def _flow_commas(self, pairs: list, path: Path_) -> set[int]:
        """`{total: 9,300}`: YAML ends the entry at the comma (total: 9) and makes 300 a key without a value.
        Report the number as written with a thousands (or decimal) comma; return the indexes of the bogus keys."""
        skip: set[int] = set()
        scalar_node = self.yaml.ScalarNode
        if not any(v.__class__ is scalar_node and v.value == "" for _, v in pairs[1:]):
            return skip  # no entry after the first without a value: no number was cut at a comma
        i = 0
        while i < len(pairs):
            _, value_node = pairs[i]
            if not (isinstance(value_node, scalar_node) and not value_node.style
                    and re.fullmatch(r"-?\d+(\.\d+)*", value_node.value)):
                i += 1
                continue
            groups: list[str] = []
            end = value_node.end_mark
            j = i + 1
            while j < len(pairs):
                k, v = pairs[j]
                if not (isinstance(k, scalar_node) and not k.style and re.fullmatch(r"\d+", k.value)
                        and isinstance(v, scalar_node) and v.tag == "tag:yaml.org,2002:null" and v.value == ""
                        and k.start_mark.line == end.line and k.start_mark.column == end.column + 1
                        and self._char(end.line, end.column) == ","):
                    break
                groups.append(k.value)
                end = k.end_mark
                j += 1
            if not groups:
                i += 1
                continue
            written = ",".join([value_node.value, *groups])
            meant = thousands_reading(written)
            if meant is not None:
                template = N_("`{written}`: YAML reads the comma as the end of the entry (a value {value} and a new "
                              "key {key}); if the comma is a thousands separator write {meant}")
            else:
                template = N_("`{written}`: YAML reads the comma as the end of the entry (a value {value} and a new "
                              "key {key}); if the comma is a decimal comma write {meant}")
                meant = f"{value_node.value}.{''.join(groups)}" if "." not in value_node.value else written
            self._finding("L006", template, {"written": written, "value": value_node.value, "key": groups[0],
                                             "meant": meant},
                          value_node, written=written, vietnamese=meant, yaml=value_node.value)
            skip.update(range(i + 1, j))
            value_node.tag = "tag:ecdplan:refused"
            i = j
        return skip

    def _char(self, line: int, col: int) -> str:
        if 0 <= line < len(self.lines) and 0 <= col < len(self.lines[line]):
            return self.lines[line][col]
        return ""

    def _refuse(self, node: Any, written: str, reading: Phrase, how: str, path: Path_) -> _Refused:
        """L009 for a value YAML 1.1 reads as `reading`; `how` (a Phrase or Word, or "") says how to write it."""
        if _numeric_path(path) or not _name_path(path):
            advice = Phrase(N_("write it in plain digits ({how}); if it is text, put it in quotes: '{written}'")
                            if how else N_("write it in plain digits; if it is text, put it in quotes: '{written}'"),
                            {"how": how, "written": written})
        else:
            advice = Phrase(N_("quote it: '{written}' (or, if it is a number, {how})") if how
                            else N_("quote it: '{written}'"), {"how": how, "written": written})
        self._finding("L009", N_("`{written}` is not plain decimal notation: YAML 1.1 reads it as {reading}; {advice}"),
                      {"written": _short(written), "reading": reading, "advice": advice}, node, written=written,
                      yaml=str(reading))
        return REFUSED

    def scalar(self, node: Any, path: Path_) -> Any:
        tag = node.tag
        text = node.value
        if tag == "tag:ecdplan:refused":
            return REFUSED
        if (node.start_mark.line, node.start_mark.column) in self.tags:
            shown = tag.replace(_YAML_TAGS, "!!")
            self._finding("L009", N_("`{tag} {text}`: explicit YAML tags are not accepted on values; write a number "
                                     "in plain digits, text in quotes"), {"tag": _short(shown), "text": _short(text)},
                          node, written=text, tag=shown)
            return REFUSED
        if tag == "tag:yaml.org,2002:str":
            if not node.style and text in ("y", "Y", "n", "N"):
                reading = "true" if text in "yY" else "false"
                self._finding("L009", N_("YAML 1.1 defines `{text}` as {reading} (PyYAML keeps it as text, other "
                                         "readers do not); quote it: '{text}'"), {"text": text, "reading": reading},
                              node, written=text, yaml=reading)
                return REFUSED
            return self._text(node, path)
        if tag == "tag:yaml.org,2002:bool":
            reading = "true" if self.constructor.construct_yaml_bool(node) else "false"
            if path and path[-1] in FLAG_KEYS:  # a real yes/no field: only `true` and `false`, as written
                if text in ("true", "false"):
                    return text == "true"
                self._finding("L009", N_("`{text}` is a YAML 1.1 spelling of {reading}; write {reading}"),
                              {"text": text, "reading": reading}, node, written=text, yaml=reading)
                return REFUSED
            if _numeric_path(path):
                return self._refuse(node, text, Phrase(N_("{value} (a yes/no value)"), {"value": reading}),
                                    Word(N_("a number is needed here")), path)
            if _name_path(path):
                self._finding("L009", N_("YAML 1.1 reads `{text}` as {reading}, not as text; quote it: '{text}'"),
                              {"text": text, "reading": reading}, node, written=text, yaml=reading)
            else:
                self._finding("L009", N_("YAML 1.1 reads `{text}` as {reading}; write it in quotes if it is text: "
                                         "'{text}'"), {"text": text, "reading": reading}, node, written=text,
                              yaml=reading)
            return REFUSED
        if tag == "tag:yaml.org,2002:int":
            if _PLAIN_INT.match(text):
                if len(text.lstrip("-")) > MAX_EXPONENT:
                    return self._too_large(node, text)
                return int(text)
            return self._odd_int(node, text, path)
        if tag == "tag:yaml.org,2002:float":
            return self._float(node, text, path)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except Exception as exc:  # a malformed timestamp such as 2024-13-45, or `!!timestamp x`
            kind = tag.rsplit(":", 1)[-1]
            kind = Word(N_("date")) if kind == "timestamp" else kind
            if isinstance(exc, ValueError):
                detail = _PYTHON_DATE_ERRORS.get(str(exc), str(exc))
                detail = Word(detail) if str(exc) in _PYTHON_DATE_ERRORS else detail
            else:
                detail = Phrase(N_("not a valid {kind}"), {"kind": kind})
            self._finding("S001", N_("'{text}' cannot be read as a {kind}: {detail}"),
                          {"text": _short(text), "kind": kind, "detail": detail}, node)
            return REFUSED
        return normalise_text(value) if isinstance(value, str) else value

    def _text(self, node: Any, path: Path_) -> Any:
        raw = node.value
        style = node.style
        if not style and raw.isprintable() and "  " not in raw and raw[:1] not in _NUMBER_START and (
                raw.isascii() or unicodedata.is_normalized("NFC", raw)):
            # plain text that is already normal (printable: no control, zero-width or other space than ' ') and
            # cannot look like a number: the usual case, Vietnamese names included
            return raw
        bad = _CONTROL.findall(raw) if not raw.isprintable() else None
        if bad:
            points = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in bad))
            self._finding("L010", N_("control character {code_point} in the text '{text}'; it was removed"),
                          {"code_point": points, "text": _short(_CONTROL.sub('', raw))}, node, code_point=points)
            raw = _CONTROL.sub("", raw)
        text = normalise_text(raw, block=style in ("|", ">"))
        if bad and not text:
            return REFUSED  # nothing left: the missing value is the finding above
        if not style and text[:1] in _NUMBER_START and _numeric_path(path):
            meant = thousands_reading(text)
            if meant is not None:
                self._finding("L006", N_("'{text}' is written with thousands separators; a Vietnamese reader means "
                                         "{meant}: write {meant}"), {"text": _short(text), "meant": meant}, node,
                              written=text, vietnamese=meant)
                return REFUSED
            if _NUMBERISH.match(text):
                try:
                    meant = _plain(Decimal(text.replace("_", "").lower().replace("0o", "")))
                except InvalidOperation:
                    meant = ""
                return self._refuse(node, text, Phrase(N_("the text '{text}' (other programs read a number)"),
                                                       {"text": text}),
                                    Phrase(N_("e.g. {value}"), {"value": meant}) if meant else "", path)
        return text

    def _too_large(self, node: Any, text: str) -> _Refused:
        self._finding("L007", N_("'{text}' is too large: plan numbers are below 10^{exponent}, with at most "
                                 "{decimals} decimals"), {"text": _short(text), "exponent": MAX_EXPONENT,
                                                          "decimals": MAX_DECIMALS},
                      node, written=text, limit=f"10^{MAX_EXPONENT}")
        return REFUSED

    def _odd_int(self, node: Any, text: str, path: Path_) -> _Refused:
        clean = text.replace("_", "").lstrip("+-")
        try:
            value = self.constructor.construct_yaml_int(node)
        except (ValueError, IndexError):
            return self._too_large(node, text)
        if "_" in text:
            what = N_("digits with underscores")
        elif ":" in clean:
            what = N_("base 60 (like a time, 1:30 = 90)")
        elif clean.startswith(("0x", "0X")):
            what = N_("hexadecimal")
        elif clean.startswith(("0b", "0B")):
            what = N_("binary")
        elif clean.startswith("0") and len(clean) > 1:
            what = N_("octal, because of the leading zero")
        elif text.startswith("+"):
            what = N_("a number with a + sign")
        else:
            what = N_("a number in another notation")
        how: str = Phrase(N_("e.g. {value}"), {"value": value})
        if what.startswith("octal") and "_" not in text:
            how = Phrase(N_("e.g. {value} without the leading zero"), {"value": int(clean)}) if clean.isdigit() else ""
        return self._refuse(node, text, Phrase(N_("{value} ({notation})"), {"value": value, "notation": Word(what)}),
                            how, path)

    def _float(self, node: Any, text: str, path: Path_) -> Any:
        clean = text.replace("_", "")
        low = clean.lower().lstrip("+-")
        if low in (".nan", ".inf"):
            self._finding("L007", N_("'{text}' is not a number that can be an amount"), {"text": text}, node)
            return REFUSED
        if _THOUSANDS.match(clean):
            meant = thousands_reading(clean.lstrip("+"))
            self._finding(
                "L006", N_("'{text}' is ambiguous: Vietnamese reads {meant} (thousands), YAML reads {yaml}"),
                {"text": text, "meant": meant, "yaml": _plain(Decimal(clean))}, node,
                written=text, vietnamese=int(meant), yaml=_plain(Decimal(clean)),
            )
            return REFUSED
        if _PLAIN_DECIMAL.match(text):
            value = Decimal(text)
            whole, _, places = text.lstrip("-").partition(".")
            if len(whole.lstrip("0")) > MAX_EXPONENT or len(places) > MAX_DECIMALS:
                return self._too_large(node, text)
            return value
        if len(text) > 60:
            return self._too_large(node, text)
        try:
            value = Decimal(clean)
        except InvalidOperation:  # sexagesimal 1:30.5
            try:
                value = Decimal(repr(self.constructor.construct_yaml_float(node)))
            except (ValueError, IndexError, InvalidOperation, OverflowError):
                return self._too_large(node, text)
        if not value.is_finite() or value.adjusted() >= MAX_EXPONENT:
            return self._too_large(node, text)
        if ":" in clean:
            what = N_("base 60 (like a time)")
        elif "e" in low:
            what = N_("a number with an exponent")
        elif "_" in text:
            what = N_("digits with underscores")
        elif text.startswith("+"):
            what = N_("a number with a + sign")
        else:
            what = N_("a number without a digit before or after the point")
        shown = _plain(value)
        return self._refuse(node, text, Phrase(N_("{value} ({notation})"), {"value": shown, "notation": Word(what)}),
                            Phrase(N_("e.g. {value}"), {"value": shown}), path)


def _key_identity(key: Any) -> Any:
    """Keys compare as the values they mean: 2025, '2025' and 2025.0 are one key (pydantic makes them one)."""
    if isinstance(key, bool):
        return ("bool", key)
    if isinstance(key, (int, Decimal)):
        return ("number", Decimal(key))
    if isinstance(key, str):
        stripped = key.strip()
        if stripped[:1] not in _KEY_NUMBER_START:
            return ("text", key)  # a key that is no number: the usual case
        if _PLAIN_INT.match(stripped) or _PLAIN_DECIMAL.match(stripped) or re.fullmatch(r"-?0\d+", stripped):
            try:
                return ("number", Decimal(stripped))
            except InvalidOperation:
                pass
        return ("text", key)
    return ("other", repr(key))
