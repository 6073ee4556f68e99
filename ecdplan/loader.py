"""Load a plan file: bytes -> text -> YAML nodes -> plain Python data with a position for every value.

Only what a plan needs is accepted: safe YAML, no anchors/aliases, no duplicate keys, no `.nan`/`.inf`,
and no number that a Vietnamese reader and YAML would read differently (`9.300`). Decimals become
`Decimal` (never float) so money stays exact. All text is NFC-normalised. Problems become findings;
the loader never raises for bad input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .findings import Finding

MAX_BYTES = 8 * 1024 * 1024  # a national plan with every commune named is well under 1 MiB
MAX_DEPTH = 64
MAX_EXPONENT = 30  # no amount, count or share comes near 10^30; larger ones overflow exact arithmetic

Path_ = tuple[Any, ...]  # a location in the data: ("interventions", 0, "cost", "total")

_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")


@dataclass
class LoadedFile:
    """What the loader made of one file: the data (None if unusable), positions and findings."""

    file: str
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    poisoned: set[Path_] = field(default_factory=set)  # values the loader refused (already reported)

    @property
    def usable(self) -> bool:
        return self.data is not None and not any(f.rule.fatal for f in self.findings)

    def position(self, path: Path_) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def decode(raw: bytes, file: str) -> tuple[str | None, Finding | None]:
    """UTF-8 (BOM optional) to text; anything else is a clear L001 finding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Finding("L001", "the file is UTF-16 text; save it as UTF-8", file, 1, 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Finding(
            "L001",
            f"the file is not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded "
            "(a Windows-1258 or other legacy export?); re-save the file as UTF-8",
            file, line, col,
        )


def load_text(text: str, file: str = "<string>") -> LoadedFile:
    """Parse YAML text into a LoadedFile."""
    import yaml  # deferred: keeps `ecdplan --help` and `ecdplan rules` fast

    result = LoadedFile(file)
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader_cls)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        code = "L008" if "depth" in problem else "L002"
        result.findings.append(Finding(code, f"YAML syntax: {problem}", file, line, col))
        return result
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        result.findings.append(Finding("L002", f"YAML syntax: {exc}", file, 1, 1))
        return result
    if root is None:
        result.findings.append(Finding("L003", "the file is empty", file, 1, 1))
        return result
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        line, col = root.start_mark.line + 1, root.start_mark.column + 1
        result.findings.append(Finding("L003", f"the file holds {kind}, not a mapping of keys", file, line, col))
        return result
    if "*" in text:  # an alias; compose() has lost where it was written, the events still know
        result.findings += _alias_findings(yaml, text, loader_cls, file)
    builder = _Builder(file, result)
    try:
        result.data = builder.build(root, (), 0)
    except _TooDeep as exc:
        result.data = None
        result.findings.append(Finding("L008", f"the data nests deeper than {MAX_DEPTH} levels", file, *exc.pos))
    return result


def load_file(path: str | Path) -> LoadedFile:
    """Read and parse a plan file from disk."""
    file = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            return LoadedFile(file, findings=[Finding(
                "L001", f"the file is {size:,} bytes, more than the {MAX_BYTES:,} a plan file may have", file, 1, 1)])
        raw = p.read_bytes()
    except FileNotFoundError:
        return LoadedFile(file, findings=[Finding("L001", "no such file", file, 0, 0)])
    except IsADirectoryError:
        return LoadedFile(file, findings=[Finding("L001", "this is a directory, not a plan file", file, 0, 0)])
    except OSError as exc:
        return LoadedFile(file, findings=[Finding("L001", f"cannot read the file: {exc.strerror}", file, 0, 0)])
    text, problem = decode(raw, file)
    if problem:
        return LoadedFile(file, findings=[problem])
    return load_text(text, file)


def _alias_findings(yaml: Any, text: str, loader_cls: Any, file: str) -> list[Finding]:
    """One L005 per alias (`*x`), at the alias, naming the line of its anchor (`&x`)."""
    anchors: dict[str, int] = {}
    found: list[Finding] = []
    for event in yaml.parse(text, Loader=loader_cls):
        if isinstance(event, yaml.AliasEvent):
            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            found.append(Finding("L005", f"*{event.anchor} reuses the value written at line "
                                 f"{anchors.get(event.anchor, line)} (&{event.anchor}) through a YAML alias",
                                 file, line, col))
        elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            anchors[event.anchor] = event.start_mark.line + 1
    return found


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:20]}…"


class _TooDeep(Exception):
    def __init__(self, pos: tuple[int, int]):
        self.pos = pos


class _Builder:
    """Turns a composed YAML node graph into data, recording positions and loader findings."""

    def __init__(self, file: str, result: LoadedFile):
        import yaml

        self.yaml = yaml
        self.file = file
        self.result = result
        from yaml.constructor import SafeConstructor

        self.constructor = SafeConstructor()
        self.seen: set[int] = set()

    def _finding(self, code: str, message: str, node: Any, **figures: object) -> None:
        self.result.findings.append(Finding(
            code, message, self.file, node.start_mark.line + 1, node.start_mark.column + 1, figures=figures))

    def build(self, node: Any, path: Path_, depth: int) -> Any:
        yaml = self.yaml
        pos = (node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:
            raise _TooDeep(pos)
        if id(node) in self.seen:
            # compose() resolves an alias to the very node of its anchor; seeing it twice means an alias
            # (reported at the alias itself by _alias_findings)
            self.result.poisoned.add(path)
            return None
        self.seen.add(id(node))
        self.result.positions.setdefault(path, pos)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            first_line: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self._finding("S001", "a mapping key must be a plain value, not a list or mapping", key_node)
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._finding("L005", "merge keys (<<) are not accepted in plan files", key_node)
                    continue
                key = self.scalar(key_node, (*path, "<key>"))
                if isinstance(key, str):
                    key = nfc(key)
                line = key_node.start_mark.line + 1
                if key in first_line:
                    self._finding("L004", f"duplicate key '{key}': first at line {first_line[key]}, again at line "
                                  f"{line}", key_node, first_line=first_line[key], second_line=line)
                else:
                    first_line[key] = line
                child = (*path, key)
                # a key's own line is where people look for a nested block
                self.result.positions[child] = (line, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, child, depth + 1)
                if isinstance(value_node, yaml.ScalarNode):
                    self.result.positions[child] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        value = self.scalar(node, path)
        if value is None and node.tag != "tag:yaml.org,2002:null":
            self.result.poisoned.add(path)
        return value

    def scalar(self, node: Any, path: Path_) -> Any:
        tag = node.tag
        text = node.value
        if tag == "tag:yaml.org,2002:float":
            clean = text.replace("_", "")
            low = clean.lower().lstrip("+-")
            if low in (".nan", ".inf"):
                self._finding("L007", f"'{text}' is not a number that can be an amount", node)
                return None
            if _THOUSANDS.match(clean):
                self._finding(
                    "L006",
                    f"'{text}' is ambiguous: Vietnamese reads {clean.replace('.', '')} (thousands), YAML reads "
                    f"{Decimal(clean).normalize()}", node,
                    written=text, vietnamese=int(clean.replace(".", "")), yaml=str(Decimal(clean).normalize()),
                )
                return None
            try:
                value = Decimal(clean)
            except InvalidOperation:  # sexagesimal 1:30.5 and other YAML 1.1 oddities
                try:
                    value = Decimal(repr(self.constructor.construct_yaml_float(node)))
                except (ValueError, IndexError, InvalidOperation):  # `!!float a`, `!!float ''`
                    self._finding("S001", f"'{_short(text)}' is tagged !!float but is not a number", node)
                    return None
            if not value.is_finite() or value.adjusted() >= MAX_EXPONENT:  # 1.0e+999999, or 1e999:30.5
                self._finding("L007", f"'{_short(text)}' is too large to be an amount", node)
                return None
            return value
        if tag == "tag:yaml.org,2002:str":
            return nfc(text)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except Exception as exc:  # a malformed timestamp such as 2024-13-45, or `!!timestamp x`
            kind = tag.rsplit(":", 1)[-1]
            detail = str(exc) if isinstance(exc, ValueError) else f"not a valid {kind}"
            self._finding("S001", f"'{_short(text)}' cannot be read as a {kind}: {detail}", node)
            return None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_EXPONENT:
            self._finding("L007", f"'{_short(text)}' is too large to be an amount", node)
            return None
        return nfc(value) if isinstance(value, str) else value
