"""One change made to a plan's YAML text in place: PyYAML's node positions (`yaml.compose`) give the exact span of
each value, and only that span is rewritten (a scalar), or only the lines of the key or item concerned are
removed or inserted (block style, at the mapping's indentation). A flow collection that changes is rewritten
whole, in flow style. A change to a block mapping or list becomes changes to its keys or items, so that the
lines that stay the same are not touched."""

from __future__ import annotations

import bisect
from typing import Any

from ecdplan.i18n.marks import N_
from ecdplan.i18n.messages import Word
from ecdplan.source.editing.refusal import EditRefused
from ecdplan.source.editing.render import (INDENT, block_lines, flow_text, inline, is_scalar, item_lines,
                                           pair_lines, scalar_text)
from ecdplan.source.editing.values import expected_after
from ecdplan.source.reading import CONTROL, LINE_BREAK, line_starts

Edit = tuple[int, int, str]  # replace text[start:end] by the string
Step = Any  # None (nothing to do), an Edit, or a list of (path, value) to do instead, in order

_MERGE = "tag:yaml.org,2002:merge"
_NULL = "tag:yaml.org,2002:null"


def compose(text: str) -> tuple[Any, set[tuple[int, int]]]:
    """The root mapping node of `text` and the positions of the nodes that carry an anchor (`&a`)."""
    import yaml

    parsed = CONTROL.sub("\u200b", text)  # as the loader reads it: one character for one, positions kept
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # its marks count characters, as the Python one's
    try:
        documents = list(yaml.compose_all(parsed, Loader=loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or exc).splitlines()[0]
        raise EditRefused("E002", N_("the file is not valid YAML (line {line}: {problem})"),
                          N_("correct the file in an editor, then load it again"),
                          line=mark.line + 1 if mark else 1, problem=problem) from None
    if len(documents) > 1:
        raise EditRefused("E003", N_("the file holds {count} YAML documents; a plan file holds one"),
                          N_("keep one document in the file (no second `---`)"), count=len(documents))
    if not documents or not isinstance(documents[0], yaml.MappingNode):
        raise EditRefused("E002", N_("the file does not hold a mapping of keys"),
                          N_("correct the file in an editor, then load it again"))
    anchored: set[tuple[int, int]] = set()
    if "&" in parsed:
        for event in yaml.parse(parsed, Loader=loader):
            if getattr(event, "anchor", None) and not isinstance(event, yaml.AliasEvent):
                anchored.add((event.start_mark.line, event.start_mark.column))
    return documents[0], anchored


def node_value(node: Any) -> Any:
    """What a node holds, as the loader gives it: decimals as Decimal, text normalised."""
    import datetime as dt
    from decimal import Decimal

    import yaml

    from ecdplan.source.editing.render import clean_text

    def plain(value: Any) -> Any:
        if isinstance(value, float):
            return Decimal(repr(value))
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dict):
            return {plain(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(yaml.constructor.SafeConstructor().construct_object(node, deep=True))


def same(a: Any, b: Any) -> bool:
    """Equal values of the same kind (True is not 1, '1' is not 1; 12 and Decimal('12.0') are one number)."""
    from decimal import Decimal

    if isinstance(a, dict) and isinstance(b, dict):
        return len(a) == len(b) and all(k in b and same(a[k], b[k]) for k in a)  # the meaning, not the order
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)):
        return a == b
    return type(a) is type(b) and a == b


class Text:
    """A plan's text and its YAML nodes, to plan one change at a time."""

    def __init__(self, text: str, nl: str) -> None:
        self.text, self.nl = text, nl
        self.root, self.anchored = compose(text)
        self.starts = line_starts(text)

    # --- positions -------------------------------------------------------------------------------------------
    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) - 1

    def line_end(self, index: int) -> int:
        m = LINE_BREAK.search(self.text, index)
        return m.start() if m else len(self.text)

    def before(self, index: int) -> str:
        """The text of the line before `index`."""
        return self.text[self.starts[self.line_of(index)]:index]

    def end(self, node: Any) -> int:
        """Where the node's written value ends (a block collection: its last value; -1: an empty value)."""
        import yaml

        if isinstance(node, yaml.ScalarNode):
            if node.start_mark.index == node.end_mark.index:
                return -1
            if node.style in ("|", ">"):
                return node.start_mark.index + len(self.text[node.start_mark.index:node.end_mark.index].rstrip())
            return node.end_mark.index
        if node.flow_style or not node.value:
            return node.end_mark.index
        if isinstance(node, yaml.MappingNode):
            key, value = node.value[-1]
            return max(key.end_mark.index, self.end(value))
        return self.end(node.value[-1])

    def _lines_span(self, first: int, stop: int) -> Edit:
        """Remove whole lines: from the line of `first` to the line of `stop`, with its line end."""
        start = self.starts[self.line_of(first)]
        end = self.line_end(stop)
        m = LINE_BREAK.match(self.text, end)
        if m:
            return start, m.end(), ""
        back = LINE_BREAK.search(self.text[:start][-2:] or "") if start else None  # the last line: its break before
        return (start - len(back.group()) if back else start), end, ""

    # --- guards ----------------------------------------------------------------------------------------------
    def guard(self, node: Any, path: tuple) -> None:
        import yaml

        if (node.start_mark.line, node.start_mark.column) in self.anchored:
            raise EditRefused("E006", N_("this value is an anchor that other places repeat (an alias), or one of "
                                         "them"), N_("write the value out in each place, then edit it"), path)
        if isinstance(node, yaml.MappingNode) and any(k.tag == _MERGE or k.value == "<<" for k, _ in node.value):
            raise EditRefused("E006", N_("this mapping takes keys from elsewhere (a merge key `<<`)"),
                              N_("write the keys out in the mapping, then edit it"), path)

    # --- a change --------------------------------------------------------------------------------------------
    def plan(self, path: tuple, value: Any) -> Step:
        """What to do to set `value` (None: remove) at `path`."""
        import yaml

        node, flow_at, container, key_node = self.root, None, None, None
        for i, key in enumerate(path):
            here = path[:i]
            self.guard(node, here)
            if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.flow_style and flow_at is None:
                flow_at = (node, i)
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if same(node_value(k), key)), None)
                if pair is None:
                    if flow_at is not None:
                        return self.rewrite_flow(flow_at, path, value)
                    if value is None:
                        return None
                    rest = path[i + 1:]
                    if any(isinstance(k, int) for k in rest):
                        raise self._no_place(path[:i + 1])
                    for k in reversed(rest):
                        value = {k: value}
                    return self.insert_pair(node, key, value)
                container, (key_node, child) = node, pair
            elif isinstance(node, yaml.SequenceNode):
                if not isinstance(key, int) or isinstance(key, bool) or not 0 <= key <= len(node.value):
                    raise self._no_place(path[:i + 1])
                if key == len(node.value):
                    if i != len(path) - 1:
                        raise self._no_place(path[:i + 1])
                    if value is None:
                        return None
                    return self.rewrite_flow(flow_at, path, value) if flow_at else self.append(node, value)
                container, key_node, child = node, None, node.value[key]
            else:
                raise self._no_place(here)
            if i == len(path) - 1:
                return self.at(container, key_node, child, path, value, flow_at)
            if isinstance(child, yaml.ScalarNode) and child.tag == _NULL and flow_at is None:
                rest = path[i + 1:]  # `key:` with nothing after it: the mapping the path needs is written there
                if value is None:
                    return None
                if any(isinstance(k, int) for k in rest):
                    raise self._no_place(path[:i + 2])
                for k in reversed(rest):
                    value = {k: value}
                return self.replace_value(key_node, child, value)
            node = child
        raise self._no_place(path)

    def _no_place(self, path: tuple) -> EditRefused:
        return EditRefused("E005", N_("the file has no such place"), N_("check the path against the file"), path)

    def at(self, container: Any, key_node: Any, target: Any, path: tuple, value: Any, flow_at: Any) -> Step:
        import yaml

        self.guard(target, path)
        if value is None:
            return self.rewrite_flow(flow_at, path, None) if flow_at else self.remove(container, key_node, target, path)
        if same(node_value(target), value):
            return None
        if isinstance(target, yaml.ScalarNode) and self.end(target) < 0:  # `key:` with nothing after it
            if key_node is None:
                raise EditRefused("E009", N_("this list item is empty"), N_("write a value in it, then edit it"),
                                  path)
            return self.replace_value(key_node, target, value)
        if isinstance(target, yaml.ScalarNode) and is_scalar(value):
            if target.style in ("|", ">") and isinstance(value, str) and flow_at is None:
                return self.block_scalar(key_node, target, value)
            if target.style not in ("|", ">"):
                return self.keep_comment(target.start_mark.index, target.end_mark.index,
                                         scalar_text(value, flow=flow_at is not None))
        if flow_at is not None:
            return self.rewrite_flow(flow_at, path, value)
        if isinstance(target, (yaml.MappingNode, yaml.SequenceNode)) and target.flow_style and not is_scalar(value):
            if isinstance(value, dict) and value and all(isinstance(k, int) for k in value):
                value = dict(sorted(value.items()))
            return target.start_mark.index, target.end_mark.index, flow_text(value)
        if isinstance(target, yaml.MappingNode) and not target.flow_style and isinstance(value, dict) and value:
            return [(path + (k,), v) for k, v in value.items()] + \
                [(path + (k,), None) for k in (node_value(kn) for kn, _ in target.value) if k not in value]
        if isinstance(target, yaml.SequenceNode) and not target.flow_style and isinstance(value, list) and value:
            old = len(target.value)
            return [(path + (i,), v) for i, v in enumerate(value)] + \
                [(path + (i,), None) for i in reversed(range(len(value), old))]
        return self.replace_value(key_node, target, value)

    def keep_comment(self, start: int, end: int, new: str) -> Edit:
        """A span replaced; a comment after it on the line stays at its column while a space is left before it."""
        rest = self.text[end:self.line_end(end)]
        gap = len(rest) - len(rest.lstrip(" "))
        if gap and rest[gap:gap + 1] == "#" and "\n" not in new:
            width = (end - start) - len(new)
            return start, end + gap, new + " " * max(1, gap + width)
        return start, end, new

    def replace_value(self, key_node: Any, target: Any, value: Any) -> Edit:
        """The value at a key (or a list item) written anew, whatever it was."""
        import yaml

        block = isinstance(target, (yaml.MappingNode, yaml.SequenceNode)) and not target.flow_style
        block = block or (isinstance(target, yaml.ScalarNode) and target.style in ("|", ">"))
        empty = self.end(target) < 0
        if key_node is not None:
            colon = self.text.index(":", key_node.end_mark.index)
            start = colon + 1 if block or empty else target.start_mark.index
            end = self.end(target) if not empty else colon + 1
            if inline(value):
                return start, end, (" " if start == colon + 1 else "") + (
                    scalar_text(value) if is_scalar(value) else flow_text(value))
            indent = key_node.start_mark.column + INDENT
            return colon + 1, end, self.nl + self.nl.join(block_lines(value, indent))
        if inline(value):
            return target.start_mark.index, self.end(target), scalar_text(value) if is_scalar(value) else \
                flow_text(value)
        column = target.start_mark.column
        lines = item_lines(value, column - INDENT)
        return target.start_mark.index, self.end(target), self.nl.join([lines[0][column:]] + lines[1:])

    def block_scalar(self, key_node: Any, target: Any, value: str) -> Edit:
        """A `>-` or `|` text written anew in its style, at the indentation of its lines."""
        start = target.start_mark.index
        header_end = self.line_end(start)
        header = self.text[start:header_end]
        end = self.end(target)
        body_start = LINE_BREAK.match(self.text, header_end)
        first = self.text[body_start.end():self.line_end(body_start.end())] if body_start else ""
        indent = len(first) - len(first.lstrip(" ")) or ((key_node.start_mark.column if key_node else 0) + INDENT)
        lines = value.split("\n")
        if target.style == ">" and len(lines) > 1:
            header = "|" + header[1:]
        body = self.nl.join(" " * indent + line if line else "" for line in lines)
        return start, end, header + self.nl + body

    def remove(self, container: Any, key_node: Any, target: Any, path: tuple) -> Edit:
        """A key of a block mapping, or an item of a block list, removed with its lines."""
        import yaml

        if len(container.value) == 1:
            what = Word(N_("mapping") if isinstance(container, yaml.MappingNode) else N_("list"))
            raise EditRefused("E009", N_("removing the only entry would leave an empty {what}"),
                              N_("remove or empty the {what} that holds it instead"), path, what=what)
        if key_node is not None:
            lead = self.before(key_node.start_mark.index)
            last = max(key_node.end_mark.index, self.end(target))
            if not lead.strip():
                return self._lines_span(key_node.start_mark.index, last)
            index = next(i for i, (k, _) in enumerate(container.value) if k is key_node)
            if lead.strip() == "-" and index == 0:  # `- id: x`: the next key moves up to the dash
                return key_node.start_mark.index, container.value[1][0].start_mark.index, ""
        elif self.before(target.start_mark.index).strip() == "-":
            return self._lines_span(target.start_mark.index, max(target.start_mark.index, self.end(target)))
        raise EditRefused("E009", N_("this entry shares its line with others"),
                          N_("put each entry on a line of its own, then edit it"), path)

    def insert_pair(self, mapping: Any, key: Any, value: Any) -> Edit:
        """A key the mapping lacks, in block style at the mapping's indentation: after its last key (a year:
        before the first later year)."""
        first = mapping.value[0][0]
        column = first.start_mark.column
        lines = pair_lines(key, value, column)
        if isinstance(key, int):
            later = [k for k, _ in mapping.value if isinstance(node_value(k), int) and node_value(k) > key]
            if later and not self.before(later[0].start_mark.index).strip():
                at = self.starts[self.line_of(later[0].start_mark.index)]
                return at, at, self.nl.join(lines) + self.nl
        k, v = mapping.value[-1]
        at = self.line_end(max(k.end_mark.index, self.end(v)))
        return at, at, self.nl + self.nl.join(lines)

    def append(self, sequence: Any, value: Any) -> Edit:
        """An item after the list's last item, at its dash's column."""
        lead = self.before(sequence.value[0].start_mark.index)
        if not lead.rstrip().endswith("-"):
            raise EditRefused("E009", N_("the items of this list are not written one per line"),
                              N_("put each item on a line of its own, then edit it"))
        column = lead.rstrip().rfind("-")
        lines = item_lines(value, column)
        last = sequence.value[-1]
        at = self.line_end(max(last.start_mark.index, self.end(last)))
        # items parted by a blank line (the plans' interventions): the new one too
        above = self.line_of(last.start_mark.index) - 1
        parted = len(sequence.value) > 1 and above >= 0 and not self.text[self.starts[above]:self.line_end(
            self.starts[above])].strip()
        return at, at, self.nl * (2 if parted else 1) + self.nl.join(lines)

    def rewrite_flow(self, flow_at: Any, path: tuple, value: Any) -> Step:
        """A flow collection (`{2023: 10, 2024: 10}`, `[a, b]`) with the change made, written whole."""
        node, i = flow_at
        old = node_value(node)
        new = expected_after(old, path[i:], value)
        if isinstance(new, dict) and new and all(isinstance(k, int) for k in new):
            new = dict(sorted(new.items()))
        if same(old, new):
            return None
        return node.start_mark.index, node.end_mark.index, flow_text(new)
