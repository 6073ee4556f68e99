"""Where YAML bites people who write plans by hand: text that YAML reads otherwise than the writer meant, though
the file is valid YAML. Each is named for what it is, with the fix, in the reader's language (rules L013-L016).

- a comma inside a plain value in `{…}` (`{by: Các cơ quan, đơn vị}`): YAML ends the value at the comma and
  makes `đơn vị` a key (L013);
- a colon without a space (`{id:nsxa}`, `issuer:UBND xã`): YAML reads one word, not a key and a value (L014);
- ` #` inside a plain value (`name: Lớp #2`): YAML reads the rest of the line as a comment (L015);
- a bullet pasted from Word (`• Sở Y tế`, `– Sở Y tế`): YAML reads text, not a list item (L016).

The tree builder (source/tree.py) calls these with the composed nodes and the file's lines; syntax errors that
the same mistakes cause are worded by `syntax_hint` (the loader's L002).
"""

from __future__ import annotations

import re
from typing import Any

from ecdplan.i18n.messages import N_

# bullets Word and web pages paste: •◦▪▫●○■□◆◇►▶➢➤✓✔·, the Symbol font's private-use bullets, en and em dashes
BULLETS = "\u2022\u25e6\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u25c6\u25c7\u25ba\u25b6\u27a2\u27a4\u2713\u2714" \
          "\u00b7\uf0b7\uf0a7\uf076\uf0d8\u2013\u2014\u2043\u2219"
_BULLET = re.compile(f"^[{BULLETS}][ \t\u00a0]")
_BULLET_INSIDE = re.compile(f" [{BULLETS}] ")
_COMMENT_GLUED = re.compile(r"[ \t]+#(\S)")  # ` #2`: a comment that begins with no space, as a number or name would
_COLON_GLUED = re.compile(r"^([^\s:]+):(\S.*)$")  # `id:nsxa` (not `http://…`: only one word before the colon)


def _plain_text(node: Any, yaml: Any) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.tag == "tag:yaml.org,2002:str"


def _empty(node: Any, yaml: Any) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value == "" \
        and node.tag == "tag:yaml.org,2002:null"


class Pitfalls:
    """The checks, given the tree builder (its `_finding`, `lines` and `yaml`)."""

    def __init__(self, builder: Any) -> None:
        self.b = builder

    def _char(self, line: int, column: int) -> str:
        lines = self.b.lines
        return lines[line][column] if 0 <= line < len(lines) and 0 <= column < len(lines[line]) else ""

    def _after(self, mark: Any) -> str:
        """The rest of the line after `mark`."""
        lines = self.b.lines
        return lines[mark.line][mark.column:] if 0 <= mark.line < len(lines) else ""

    def flow_mapping(self, pairs: list, skip: set[int], path: tuple) -> tuple[set[int], dict[int, str]]:
        """In `{…}`: keys written without a colon after them (a comma inside a value, L013) and keys with a colon
        but no space (L014). The indexes of the pairs to drop, and keys to read as another key (`id:nsxa` → id,
        refused)."""
        yaml = self.b.yaml
        drop: set[int] = set()
        renamed: dict[int, str] = {}
        i = 0
        while i < len(pairs):
            key, value = pairs[i]
            if i in skip or not (_plain_text(key, yaml) and _empty(value, yaml)) or self._colon_follows(key):
                i += 1
                continue
            glued = _COLON_GLUED.match(key.value)
            if glued and not glued.group(2).startswith("//"):  # not an address (http://…)
                word, rest = glued.groups()
                self.b._finding("L014", N_("`{written}`: a colon needs a space after it, or YAML reads one word; "
                                           "write `{key}: {value}`"),
                                {"written": key.value, "key": word, "value": rest}, key, written=key.value)
                renamed[i] = word
                i += 1
                continue
            before_key, before_value = pairs[i - 1] if i else (None, None)
            if not i or (i - 1) in skip or not _plain_text(before_value, yaml) or before_value.end_mark.line != key.start_mark.line \
                    or self._char(before_value.end_mark.line, before_value.end_mark.column) != ",":
                i += 1
                continue
            parts, j = [key.value], i + 1
            while j < len(pairs) and j not in skip and _plain_text(pairs[j][0], yaml) and _empty(pairs[j][1], yaml) \
                    and not self._colon_follows(pairs[j][0]) and pairs[j][0].start_mark.line == key.start_mark.line:
                parts.append(pairs[j][0].value)
                j += 1
            name = before_key.value if isinstance(before_key, yaml.ScalarNode) else "?"
            written = ", ".join([before_value.value, *parts])
            self.b._finding("L013", N_("`{key}: {written}`: inside {{…}} a comma ends the value, so YAML reads "
                                       "`{value}` and makes {parts} new keys; put the whole value in quotes: "
                                       "{key}: \"{written}\""),
                            {"key": name, "written": written, "value": before_value.value,
                             "parts": ", ".join(f"`{p}`" for p in parts)}, before_value, written=written,
                            yaml=before_value.value)
            before_value.tag = "tag:ecdplan:refused"  # what was meant is not known: the value is not used
            drop.update(range(i, j))
            i = j
        return drop, renamed

    def _colon_follows(self, key: Any) -> bool:
        """Whether a `:` follows the key (spaces between allowed): a key with a value written, even an empty one."""
        rest = self._after(key.end_mark).lstrip(" \t")
        return rest.startswith(":")

    def scalar(self, node: Any, value: Any) -> bool:
        """A plain text value cut at ` #` (L015, a warning: the comment may be meant) or starting with a pasted
        bullet (L016). Whether the value is refused."""
        if not isinstance(value, str) or node.style:
            return False
        written, end = node.value, node.end_mark
        pasted = written[:1] in BULLETS and _BULLET.match(written) or node.start_mark.line != end.line \
            and _BULLET_INSIDE.search(written)  # lines folded into one text: `Sở Y tế • Trạm Y tế`
        if pasted:
            bullet = pasted.group().strip()
            self.b._finding("L016", N_("`{written}` begins with a bullet pasted from a document ({code_point}); "
                                       "YAML reads it as text, not as a list. For a list write each item on its own "
                                       "line after `- `; for one text delete the bullet"),
                            {"written": node.value, "code_point": f"U+{ord(bullet):04X}"}, node,
                            written=node.value, code_point=f"U+{ord(bullet):04X}")
            return True
        if self._char(end.line, end.column) not in (" ", "\t"):
            return False  # the usual case: no ` #` can follow
        glued = _COMMENT_GLUED.match(self._after(end))
        if glued and node.start_mark.line == end.line:
            comment = self._after(node.end_mark).strip()
            self.b._finding("L015", N_("`{value} {comment}`: YAML reads ` #` as the start of a comment, so the value "
                                       "is `{value}`; if `{comment}` belongs to it, put the whole value in quotes: "
                                       "\"{value} {comment}\""),
                            {"value": node.value, "comment": comment}, node, written=f"{node.value} {comment}",
                            yaml=node.value)
        return False


def syntax_hint(written: str) -> tuple[str, dict[str, object]] | None:
    """A YAML syntax error on the line `written` that a pasted bullet or a colon without a space explains: the
    message (English, marked N_) and its parameters."""
    stripped = written.strip()
    if stripped and (_BULLET.match(stripped) or stripped[0] in BULLETS):
        return (N_("`{written}` begins with a bullet pasted from a document ({code_point}); YAML needs `- ` before "
                   "a list item, or a key and a colon (`key: value`)"),
                {"written": stripped, "code_point": f"U+{ord(stripped[0]):04X}"})
    glued = _COLON_GLUED.match(stripped)
    if glued and ": " not in stripped:
        word, rest = glued.groups()
        return (N_("`{written}`: a colon needs a space after it; write `{key}: {value}`"),
                {"written": stripped, "key": word, "value": rest})
    return None
