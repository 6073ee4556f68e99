"""What a check is given besides the plan, and where its findings are recorded: one file's `Context`.

Checks yield findings (`Finding.at`); the runner records each with `Context.add`, which places it (file, line,
column, readable path) and keeps at most KEEP_PER_RULE of one rule, and PLACES_KEPT of one subject. Checks and runner
both import this module, never each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecdplan.rules.findings import UNSET, subject_of

if TYPE_CHECKING:
    from ecdplan.rules.findings import Finding
    from ecdplan.source.loader import LoadedFile, Path_

KEEP_PER_RULE = 1000  # findings of one rule kept per file; more are counted
SHOWN = 200  # other places listed under a finding (rules/grouping.py), the same in every output; the rest counted
# places of one subject kept per file: its first and the SHOWN others that every output lists (text, JSON, SARIF,
# HTML alike); more are counted. A name at 136,000 places was 136,000 placed findings, of which text showed 40,200
PLACES_KEPT = SHOWN + 1


def readable_path(data: Any, path: Path_, memo: dict | None = None) -> str:
    """`interventions[imam].rollout[1]` rather than `interventions.0.rollout.1`: list items by their id. `memo`
    (one per file's data) keeps each parent path's reading: the places of a long list are read from their parent
    once, not from the top each time."""
    path = tuple(path)
    if memo is None or len(path) < 2:
        return _walk(data, path, len(path))[0]
    parent = path[:-1]
    hit = memo.get(parent)
    if hit is None:
        hit = memo[parent] = _walk(data, path, len(parent))
    return _step(*hit, path[-1], path)[0]


def _walk(data: Any, path: Path_, upto: int) -> tuple[str, Any]:
    """The reading of the first `upto` keys of `path`, and the node they lead to."""
    out, node = "", data
    for i in range(upto):
        out, node = _step(out, node, path[i], path)
    return out, node


def _step(out: str, node: Any, key: Any, path: Path_) -> tuple[str, Any]:
    if isinstance(key, int) and isinstance(node, list):
        item = node[key] if 0 <= key < len(node) else None
        ident = item.get("id") if isinstance(item, dict) else None
        if ident is None and isinstance(item, dict) and isinstance(item.get("source"), str) \
                and path[:1] != ("accepted",):  # an acceptance's `source` names what it accepts, not the entry
            ident = item["source"]
        if isinstance(item, str) and path[:1] == ("interventions",) and "sources" in path:
            ident = item  # a source given by its id
        return out + (f"[{ident}]" if isinstance(ident, (str, int)) else f"[{key}]"), item
    return out + (f".{key}" if out else str(key)), node.get(key) if isinstance(node, dict) else None


class Context:
    """What checks need besides the plan: the file, the raw data and its positions; and the findings so far."""

    def __init__(self, loaded: LoadedFile):
        self.loaded = loaded
        self.findings: list[Finding] = []
        # when items that do not fit the format were set aside, checks see shorter lists:
        # list name -> original index of each remaining item, and the lists that lost items
        self.index_map: dict[str, list[int]] = {}
        self.skip_codes: set[str] = set()
        self.incomplete_groups: set[str] = set()  # groups that lost a line: their subtotal cannot be checked
        self.kept: dict[str, int] = {}
        self.dropped: dict[str, int] = {}  # beyond KEEP_PER_RULE a finding is only counted: bounded time and memory
        # the places of one subject (rules/grouping.py) are one finding: a repeated place does not count towards
        # KEEP_PER_RULE; beyond PLACES_KEPT places of one subject the rest are only counted, here
        self.places: dict[tuple, int] = {}
        self.more_places: dict[tuple, int] = {}
        self._paths: dict[tuple, tuple[str, Any]] = {}  # readable_path's memo

    def add(self, finding: Finding) -> None:
        """Record a finding made at a data path (`Finding.at`): stamp its file, position and readable path."""
        code = finding.code
        if code in self.skip_codes:
            return
        subject = finding.subject
        if subject is UNSET:
            subject = finding.subject = subject_of(finding)
        if subject is not None:
            if self.counted_only(code, subject):
                return
            key = (code, subject)
            seen = self.places[key] = self.places.get(key, 0) + 1
            if seen > 1:  # another place of a finding already kept
                self._place(finding)
                return
        self.kept[code] = self.kept.get(code, 0) + 1
        if self.kept[code] > KEEP_PER_RULE:
            self.dropped[code] = self.dropped.get(code, 0) + 1
            return
        self._place(finding)

    def counted_only(self, code: str, subject: Any) -> bool:
        """Whether one more place of a finding (its rule's code and subject) is only counted, its subject's kept
        places being taken (or the rule skipped); if so it is counted here. A check that makes one finding at
        thousands of places asks first, and makes none for a place that would not be kept."""
        if code in self.skip_codes:
            return True
        key = (code, subject)
        seen = self.places.get(key, 0)
        if seen < PLACES_KEPT:
            return False
        self.places[key] = seen + 1
        self.more_places[key] = self.more_places.get(key, 0) + 1
        return True

    def _place(self, finding: Finding) -> None:
        path = finding.path_key or ()
        if len(path) >= 2 and path[0] in self.index_map and isinstance(path[1], int):
            path = (path[0], self.index_map[path[0]][path[1]], *path[2:])
        loaded = self.loaded
        finding.file = loaded.file
        # the places of a long list (a name at 136,000 places): the item's own position, and its parent's reading
        parent, last = path[:-1], path[-1] if path else None
        marks = loaded.item_positions.get(parent) if last.__class__ is int else None
        if marks is not None and 0 <= last < len(marks) and path not in loaded.positions:
            finding.line, finding.col = marks[last] >> 32, marks[last] & 0xFFFFFFFF
        else:
            finding.line, finding.col = loaded.position(path)
        finding.path, finding.path_key = readable_path(loaded.data, path, self._paths), tuple(path)
        self.findings.append(finding)
