"""`apply_changes`: values set in a plan's YAML text, only the lines concerned rewritten, and the new text read
back: it must mean exactly the old data with the changes made, or nothing is done (EditRefused)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ecdplan.i18n.marks import N_
from ecdplan.source.editing.refusal import EditRefused, shown_path
from ecdplan.source.editing.render import is_scalar
from ecdplan.source.editing.text import Text, compose, same
from ecdplan.source.editing.values import checked, expected_after
from ecdplan.source.reading import LINE_BREAK, yaml_lines

MAX_STEPS = 10_000  # changes of keys and items a change becomes; far more than a form sends


@dataclass(frozen=True)
class Change:
    """One value to set: `path` in the data (("interventions", 0, "cost", "total"), ("plan", "title")), `value`
    an int, Decimal, str, date, list or dict; None removes the key or item. A number set at a line's `cost` is
    its `cost.total`."""

    path: tuple[str | int, ...]
    value: object


@dataclass(frozen=True)
class Edited:
    text: str  # the new file text
    changed_lines: list[int]  # 1-based line numbers of the OLD text that were replaced or removed
    diff: str  # a unified diff (difflib) old -> new


def _loaded(text: str, name: str) -> Any:
    from ecdplan.source.loader import load_text

    loaded = load_text(text, name)
    if loaded.data is None:
        problem = loaded.findings[0].message if loaded.findings else "?"
        raise EditRefused("E002", N_("the file cannot be read as a plan: {problem}"),
                          N_("correct the file in an editor, then load it again"), problem=problem)
    return loaded


def _first_difference(a: Any, b: Any, path: tuple = ()) -> tuple:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a or key not in b or not same(a[key], b[key]):
                return _first_difference(a.get(key), b.get(key), path + (key,))
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if not same(x, y):
                return _first_difference(x, y, path + (i,))
    return path


def normalised(change: Change) -> Change:
    """The change as the file should hold it: a number at a line's `cost` is its `cost.total`; values checked."""
    path = tuple(change.path)
    if not path or not all(isinstance(k, (str, int)) and not isinstance(k, bool) for k in path):
        raise EditRefused("E005", N_("a path is a list of keys (text) and list positions (whole numbers)"), "", path)
    if path[-1] == "cost" and change.value is not None and is_scalar(change.value):
        path += ("total",)
    return Change(path, checked(path, change.value))


def apply_changes(text: str, changes: list[Change], name: str = "plan.yaml") -> Edited:
    """`text` with `changes` made: only the YAML lines concerned change (comments, order, quoting of other
    values, indentation, line ends kept); EditRefused when a change cannot be made or the new text would read
    as anything but the old data with the changes."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    m = LINE_BREAK.search(body)
    nl = m.group() if m and m.group() in ("\r\n", "\n", "\r") else "\n"
    doc = Text(body, nl)  # E002, E003 before anything else
    before = _loaded(body, name)
    queue = [(change.path, change.value) for change in map(normalised, changes)]
    wanted = list(queue)
    current, steps = body, 0
    while queue:
        steps += 1
        if steps > MAX_STEPS:
            raise EditRefused("E009", N_("the changes are too many to make at once"), N_("make them in parts"))
        path, value = queue.pop(0)
        if doc.text is not current:  # composed again only after the text changed
            doc = Text(current, nl)
        step = doc.plan(path, value)
        if step is None:
            continue
        if isinstance(step, list):
            queue[:0] = step
            continue
        start, end, new = step
        current = current[:start] + new + current[end:]
    if current != body:
        expected = before.data
        for path, value in wanted:
            expected = expected_after(expected, path, value)
        try:
            compose(current)
        except EditRefused as exc:
            raise EditRefused("E008", N_("the new text would not be valid YAML: {problem}"),
                              N_("make this change in an editor"), problem=exc.text("en")) from None
        after = _loaded(current, name)
        if not same(after.data, expected):
            where = _first_difference(after.data, expected)
            raise EditRefused("E008", N_("the new text would not read as intended at {where}"),
                              N_("make this change in an editor"), where=shown_path(where) or "/")
        said = {(f.code, f.message) for f in before.findings}
        new = [f for f in after.findings if (f.code, f.message) not in said]
        if new:
            raise EditRefused("E008", N_("the new text would be read with a new problem: {problem}"),
                              N_("make this change in an editor"), problem=f"{new[0].code} {new[0].message}")
    return Edited(bom + current, *_compared(body, current, name))


def _compared(old: str, new: str, name: str) -> tuple[list[int], str]:
    """The old text's lines that were replaced or removed (1-based), and a unified diff old -> new."""
    a, b = yaml_lines(old), yaml_lines(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changed = [i + 1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("replace", "delete")
               for i in range(i1, i2)]
    diff = "\n".join(difflib.unified_diff(a, b, fromfile=name, tofile=name, lineterm=""))
    return changed, diff + ("\n" if diff else "")
