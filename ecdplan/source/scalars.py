"""The scalar policy: how a YAML scalar becomes a value, or is refused with a finding.

A number is read only from plain decimal notation (`9300`, `12.5`); decimals become `Decimal` (never float) so
money stays exact. Numbers written with thousands separators (`9.300`, `42.900,5`, `{total: 9,300}`) and the
notations YAML 1.1 reads otherwise than people and other readers (`042`, `0x10`, `1:30`, `1e3`, `yes`, `y`,
explicit tags) are refused (L006, L009), too large numbers too (L007). Text is NFC-normalised, its spaces
normalised and its control characters removed (L010).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from ecdplan.i18n.messages import N_, Phrase, Word
from ecdplan.source.loaded import REFUSED, Path_, _Refused
from ecdplan.source.reading import CONTROL, char_name

# Every amount, count, share and year is below 10^18 in the plan's unit, with at most MAX_DECIMALS places:
# sums of a million such amounts, times 10^9 đồng per unit, stay far inside exact integer/Decimal arithmetic.
MAX_EXPONENT = 18
MAX_DECIMALS = 20
MAX_TEXT = 32_767  # characters: the most an Excel cell holds (writers/xlsx.py), so no output cuts a text

_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
# numbers written with separators: 9.300 / 42.900,0 / 42,900.5 / 1 500 (space or no-break space)
_SEPARATED = re.compile(r"([-+]?)(\d{1,3}(?:([., \u00a0\u202f])\d{3})(?:\3\d{3})*)(?:([.,])(\d+))?")
_PLAIN_INT = re.compile(r"-?(?:0|[1-9]\d*)\Z")
_PLAIN_DECIMAL = re.compile(r"-?\d+\.\d+\Z")
_KEY_NUMBER_START = frozenset("-0123456789")  # how every key that key_identity reads as a number starts
# text YAML 1.1 keeps as text but other readers (YAML 1.2, JSON, spreadsheets) take for a number
_NUMBERISH = re.compile(r"^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)[eE][-+]?\d+$|^[-+]?0[oO][0-7_]+$|^[-+]?0\d+(?:\.\d*)?$")
_NUMBER_START = frozenset("0123456789+-.")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"[^\S\n]+")  # any Unicode space except newline (tabs, NBSP, U+2007, U+202F ...)
_NUMERIC_KEYS = {"total", "per_commune_year", "share", "amount", "count", "communes", "start", "end", "districts"}
_NAME_KEYS = {"id", "name", "source", "group", "short", "body", "kind", "unit", "level", "lead", "report"}
_YAML_TAGS = "tag:yaml.org,2002:"


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


def beyond_bounds(number: str) -> bool:
    """Whether a number written as plain decimal text is beyond what plans may write (L007)."""
    whole, _, places = number.lstrip("-").partition(".")
    return len(whole.lstrip("0")) > MAX_EXPONENT or len(places) > MAX_DECIMALS


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


def key_identity(key: Any) -> Any:
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


class ScalarReader:
    """The scalar half of the tree builder (tree.TreeBuilder): the values of scalars, and the numbers that flow
    mappings cut at a comma. Uses the builder's `_finding`, `constructor`, `tags` and `lines`."""

    def _flow_commas(self, pairs: list, path: Path_) -> set[int]:
        """`{total: 9,300}`: YAML ends the entry at the comma (total: 9) and makes 300 a key without a value.
        Report the number as written with a thousands (or decimal) comma; return the indexes of the bogus keys.
        Called only for a mapping with an entry without a value (tree.TreeBuilder._mapping): without one, no
        number was cut at a comma."""
        skip: set[int] = set()
        scalar_node = self.yaml.ScalarNode
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
            if meant is not None and beyond_bounds(meant) or len(written) > 60 and meant is None:
                self._too_large(value_node, written)  # thousands of digits: no message repeats them
                skip.update(range(i + 1, j))
                value_node.tag = "tag:ecdplan:refused"
                i = j
                continue
            if meant is not None and _SEPARATED.fullmatch(written).group(3) != ",":  # 9.300,5: a decimal comma
                template = N_("`{written}`: YAML reads the comma as the end of the entry (a value {value} and a new "
                              "key {key}); in Vietnamese notation (a dot between thousands, a decimal comma) "
                              "{written} is {meant}: write {meant}")
            elif meant is not None:
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
        if self.tags and (node.start_mark.line, node.start_mark.column) in self.tags:
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
                len(raw) <= MAX_TEXT) and (raw.isascii() or unicodedata.is_normalized("NFC", raw)):
            # plain text that is already normal (printable: no control, zero-width or other space than ' ') and
            # cannot look like a number: the usual case, Vietnamese names included
            return raw
        if _numeric_path(path) and not raw.isprintable():
            hidden = self._hidden_in_number(node, raw)
            if hidden is not None:
                return hidden
        bad = CONTROL.findall(raw) if not raw.isprintable() else None
        if bad:
            points = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in bad))
            self._finding("L010", N_("control character {code_point} in the text '{text}'; it was removed"),
                          {"code_point": points, "text": _short(CONTROL.sub('', raw))}, node, code_point=points)
            raw = CONTROL.sub("", raw)
        text = normalise_text(raw, block=style in ("|", ">"))
        if bad and not text:
            return REFUSED  # nothing left: the missing value is the finding above
        if not style and text[:1] in _NUMBER_START and _numeric_path(path):
            meant = thousands_reading(text)
            if meant is not None and beyond_bounds(meant):
                return self._too_large(node, text)
            if meant is not None:
                self._finding("L006", N_("'{text}' is written with thousands separators; a Vietnamese reader means "
                                         "{meant}: write {meant}"), {"text": _short(text), "meant": meant}, node,
                              written=text, vietnamese=meant)
                return REFUSED
            if _NUMBERISH.match(text):
                try:
                    number = Decimal(text.replace("_", "").lower().replace("0o", ""))
                except InvalidOperation:
                    number = None
                if number is not None and (not number.is_finite() or number and (
                        number.adjusted() >= MAX_EXPONENT or number.adjusted() < -MAX_DECIMALS)):
                    return self._too_large(node, text)  # 1e400, 1e1000000: no example with 400 digits
                meant = _plain(number) if number is not None else ""
                return self._refuse(node, text, Phrase(N_("the text '{text}' (other programs read a number)"),
                                                       {"text": text}),
                                    Phrase(N_("e.g. {value}"), {"value": meant}) if meant else "", path)
        if len(text) > MAX_TEXT:
            self._finding("L011", N_("the text '{text}' is {length:,} characters long, more than the {limit:,} a "
                                     "spreadsheet cell holds; it was not read: shorten it (put long explanations in "
                                     "a document the plan cites)"),
                          {"text": _short(text), "length": len(text), "limit": MAX_TEXT}, node,
                          length=len(text), limit=MAX_TEXT)
            return REFUSED
        return text

    def _hidden_in_number(self, node: Any, raw: str) -> _Refused | None:
        """`total: "75<NUL>00"`: an amount with a control or zero-width character inside (often pasted). The
        number is not read: one L010 names each character, its code point and where it is (the file-wide L010 of
        a control character, which the reading replaced by a zero-width space, is folded into it)."""
        shown = CONTROL.sub("", raw).translate(_ZERO_WIDTH).strip()
        if not shown or shown[:1] not in _NUMBER_START:
            return None
        start = node.start_mark
        quote = 1 if node.style in ("'", '"') else 0
        found = self.result.findings
        chars = []
        for i, ch in enumerate(raw):
            if not (CONTROL.match(ch) or ord(ch) in _ZERO_WIDTH):
                continue
            line, col = start.line + 1, start.column + 1 + quote + i
            earlier = next((f for f in found if f.code == "L010" and (f.line, f.col) == (line, col)
                            and "code_point" in f.figures), None)
            if earlier is not None:  # a control character the reading replaced: name the one written
                found.remove(earlier)
                ch = chr(int(str(earlier.figures["code_point"])[2:], 16))
            chars.append((ch, line, col))
        if not chars:
            return None
        points = ", ".join(dict.fromkeys(f"U+{ord(c):04X} ({char_name(c)})" for c, _, _ in chars))
        where = ", ".join(dict.fromkeys(f"{line}:{col}" for _, line, col in chars))
        self._finding("L010", N_("the amount '{text}' holds the invisible character {code_point} at {where}; the "
                                 "amount was not read: delete the character and write {text}"),
                      {"text": _short(shown), "code_point": points, "where": where}, node,
                      code_point=points, refused=True)
        return REFUSED

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

