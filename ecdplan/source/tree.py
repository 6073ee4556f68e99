"""The YAML tree with positions: a composed YAML node graph becomes plain data, with the position of every value,
refusing what a plan does not need: aliases and merge keys (L005), duplicate keys (L004), non-scalar keys,
nesting deeper than MAX_DEPTH and files of more than MAX_VALUES values (L008). Scalars are read by the scalar
policy (scalars.ScalarReader)."""

from __future__ import annotations

import re
from array import array
from typing import Any

from ecdplan.i18n.messages import N_

from ecdplan.rules.findings import Finding
from ecdplan.source.loaded import REFUSED, LoadedFile, Path_, said
from ecdplan.source.pitfalls import Pitfalls
from ecdplan.source.reading import yaml_lines
from ecdplan.source.scalars import ScalarReader, key_identity, _short, normalise_text

_KEY_THEN_COLLECTION = re.compile(r"\S [{\[]")  # `named [a, b]`: a key whose colon is missing
MAX_DEPTH = 64
MAX_ALIAS_FINDINGS = 100  # more aliases than this: the file is not composed at all, the rest are counted
MAX_VALUES = 1_500_000  # values in one file: the 100,000-line benchmark plan (8.3 MB) has 1.1 million
MAX_FINDINGS_PER_RULE = 199  # the loader's findings of one rule it lists; one more says how many it left out


# Every value of a YAML text but the first follows a line break or an indicator among these (`a: b`, `- a`, `[a, b]`,
# `{a}`, `? a`), and each brings at most one value of its own besides (an empty one: `a:`, `-`, `{a}`).
SEPARATORS = ("\n", "\r", "\x85", "\u2028", "\u2029", ",", ":", "-", "?", "[", "{")


def most_values(text: str) -> int:
    """How many values `text` can hold at most (counting characters, without parsing it)."""
    if 2 * (len(text) + 1) <= MAX_VALUES:  # every value takes a character
        return 2 * (len(text) + 1)
    return 2 * (1 + sum(text.count(c) for c in SEPARATORS))


def scan_events(yaml: Any, text: str, loader_cls: Any, file: str) -> tuple[list[Finding], set[tuple[int, int]], int,
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


class TooDeep(Exception):
    def __init__(self, pos: tuple[int, int]):
        self.pos = pos


class TreeBuilder(ScalarReader):
    """Turns a composed YAML node graph into data, recording positions and loader findings."""

    def __init__(self, file: str, result: LoadedFile, text: str = "", tags: set[tuple[int, int]] | None = None):
        import yaml

        self.yaml = yaml
        self.file = file
        self.result = result
        self.lines = yaml_lines(text)
        self.tags = tags or set()
        from yaml.constructor import SafeConstructor

        self.constructor = SafeConstructor()
        self.seen: set[int] = set()
        self.aliases = "*" in text  # compose() makes an alias (`*x`) the very node of its anchor: look for repeats
        self.counts: dict[str, int] = {}
        self.last: dict[str, Any] = {}
        self.pitfalls = Pitfalls(self)

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
        if depth > MAX_DEPTH:
            raise TooDeep((node.start_mark.line + 1, node.start_mark.column + 1))
        if self.aliases:
            if id(node) in self.seen:
                # compose() resolves an alias to the very node of its anchor; seeing it twice means an alias
                # (reported at the alias itself by _events)
                self.result.poisoned.add(path)
                return REFUSED
            self.seen.add(id(node))
        if not item:  # an item's position is kept with its list's
            mark = node.start_mark
            self.result.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        kind = node.__class__
        if kind is self.yaml.MappingNode:
            return self._mapping(node, path, depth)
        if kind is self.yaml.SequenceNode:
            items, node.value = node.value, None
            out = []
            marks = self.result.item_positions[path] = array("Q")
            # a list of 3,000 names is mostly values: each read here, not through build (no alias or depth to see)
            scalar_node = self.yaml.ScalarNode if depth < MAX_DEPTH and not self.aliases else None
            for i in range(len(items)):
                child = items[i]
                mark = child.start_mark
                marks.append((mark.line + 1) << 32 | (mark.column + 1))
                if child.__class__ is scalar_node:
                    out.append(self._value(child, (*path, i)))
                else:
                    out.append(self.build(child, (*path, i), depth + 1, True))
                items[i] = None
            return out
        return self._value(node, path)

    def _value(self, node: Any, path: Path_) -> Any:
        """The data of a scalar node: a value as the scalar policy reads it, or REFUSED (its path poisoned)."""
        value = self.scalar(node, path)
        if value.__class__ is str and self.pitfalls.scalar(node, value):
            value = REFUSED
        if value is REFUSED:
            self.result.poisoned.add(path)
        return value

    def _mapping(self, node: Any, path: Path_, depth: int) -> dict[Any, Any]:
        yaml = self.yaml
        scalar_node = yaml.ScalarNode
        out: dict[Any, Any] = {}
        first_line: dict[Any, tuple[int, Any]] = {}
        pairs, node.value = node.value, None
        skip: set[int] = set()
        renamed: dict[int, str] = {}
        # `{…}` read otherwise than meant (a comma inside a value, a colon without a space) always leaves an entry
        # without a value: a national plan's 10,000 `{name, district}` have none, and skip both looks
        if node.flow_style and any(v.__class__ is scalar_node and v.value == "" for _, v in pairs):
            skip = self._flow_commas(pairs, path)
            dropped, renamed = self.pitfalls.flow_mapping(pairs, skip, path)
            skip |= dropped
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
            key = self.scalar(key_node, (*path, "<key>")) if index not in renamed else renamed[index]
            refused = key is REFUSED or index in renamed
            if key is REFUSED:
                key = normalise_text(key_node.value)
            elif isinstance(key, str) and not key_node.style and ("{" in key or "[" in key) \
                    and _KEY_THEN_COLLECTION.search(key):
                name = key.split(" ", 1)[0]
                self._finding("S001", N_("missing ':' after `{name}`: `{written}...` is read as one key '{key}'; "
                                         "write `{whole}: ...`"),
                              {"name": _short(name), "written": _short(key_node.value), "key": _short(key),
                               "whole": name}, key_node, written=key)
                refused = True
            line = key_node.start_mark.line + 1
            identity = key_identity(key)
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
