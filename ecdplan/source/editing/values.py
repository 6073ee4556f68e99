"""What a change may set where: every value checked and brought to the form the loader gives (a cost a number
≥ 0, never a float; a count a whole number ≥ 0; a date a date; text NFC with its spaces normalised), and the data
a change should leave (to compare with what the new text reads as)."""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from ecdplan.i18n.marks import N_
from ecdplan.i18n.messages import Word
from ecdplan.source.editing.refusal import EditRefused
from ecdplan.source.editing.render import clean_text
from ecdplan.source.scalars import MAX_TEXT, normalise_text

_MONEY = {"total", "per_commune_year", "amount"}
_COUNTS = {"communes", "count", "districts"}
_YEARS = {"start", "end"}
_ONE_LINE = {"title", "number", "issuer", "name", "lead", "id", "source"}  # a form's one-line fields
_KEPT_CONTROLS = "\t\n\r"
_DECIMAL = re.compile(r"\d+(?:\.\d+)?\Z")
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+\Z")  # '9.300': nine thousand three hundred to a Vietnamese reader


def _number(value: Any) -> Decimal | int | None:
    """An int or Decimal as given (digits as text are read too: '9400', '12.5'); None when it is not one."""
    if isinstance(value, bool) or isinstance(value, float):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, str) and _DECIMAL.match(value.strip()) and not _GROUPED.match(value.strip()):
        text = value.strip()
        return int(text) if "." not in text else Decimal(text)
    return None


def _refuse_number(path: tuple, value: Any, what: str) -> EditRefused:
    fix = N_("write a number with digits only, and a dot before decimals (9400, 12.5); never a float")
    return EditRefused("E007", N_("{what} must be a number of at least 0, not {value}"), fix, path,
                       what=Word(what), value=repr(value))


def checked(path: tuple, value: Any) -> Any:
    """`value` as the file should hold it at `path`, checked; EditRefused (E007) when it cannot be there."""
    last = path[-1] if path else None
    parent = path[-2] if len(path) >= 2 else None
    if value is None:
        return None
    if isinstance(value, dict):
        return {_key(path, k): checked(path + (_key(path, k),), v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [checked(path + (i,), v) for i, v in enumerate(value)]
    if isinstance(value, float):
        raise EditRefused("E007", N_("{value} is a float; amounts are exact"), N_("give an int or a Decimal"), path,
                          value=repr(value))
    if last in _MONEY or parent == "by_year" or last == "share":
        number = _number(value)
        if number is None or number < 0:
            raise _refuse_number(path, value, N_("an amount") if last != "share" else N_("a share"))
        if last == "share" and number > 100:
            raise EditRefused("E007", N_("a share is a percent from 0 to 100, not {value}"), "", path, value=number)
        return number
    if last in _COUNTS or (parent == "rollout" and isinstance(last, int) and last >= 1900):  # a year's communes
        number = _number(value)
        if not isinstance(number, int) or number < 0:
            raise EditRefused("E007", N_("a count must be a whole number of at least 0, not {value}"), "", path,
                              value=repr(value))
        return number
    if last in _YEARS:
        number = _number(value)
        if not isinstance(number, int) or not 1900 <= number <= 2200:
            raise EditRefused("E007", N_("a year must be a whole number from 1900 to 2200, not {value}"), "", path,
                              value=repr(value))
        return number
    if last == "date" or last == "due":
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise EditRefused("E007", N_("{value} is not a date"), N_("write the date as YYYY-MM-DD"), path,
                                  value=repr(value)) from None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise EditRefused("E007", N_("{value} is not a date"), N_("write the date as YYYY-MM-DD"), path,
                              value=repr(value))
        return value
    if isinstance(value, str):
        control = next((c for c in value if unicodedata.category(c) == "Cc" and c not in _KEPT_CONTROLS), None)
        if control is not None:
            raise EditRefused("E007", N_("the text holds a control character ({char}), which a plan file does not "
                                         "keep"), N_("type that part again, or paste it as plain text"), path,
                              char=f"U+{ord(control):04X}")
        # a line break pasted into a one-line field (from Word) is a space, as the loader reads a folded line
        text = normalise_text(value) if last in _ONE_LINE else clean_text(value)
        if len(text) > MAX_TEXT:
            raise EditRefused("E007", N_("a text of {count:,} characters is longer than a plan keeps ({limit:,}, "
                                         "the most an Excel cell holds)"), N_("shorten it"), path,
                              count=len(text), limit=MAX_TEXT)
        if not text and last in ("title", "issuer", "name", "id", "source"):
            raise EditRefused("E007", N_("this text cannot be empty"), N_("write the text, or leave it as it was"),
                              path)
        return text
    if isinstance(value, (bool, int, Decimal, dt.date)):
        if isinstance(value, Decimal) and not value.is_finite():
            raise _refuse_number(path, value, N_("a number"))
        return value
    raise EditRefused("E007", N_("a {kind} cannot be written in a plan"), "", path, kind=type(value).__name__)


def _key(path: tuple, key: Any) -> Any:
    """A mapping's key as the file holds it: a year given as text ('2024') is the year 2024."""
    if isinstance(key, str) and key.strip().isdigit() and (path[-1:] in (("rollout",), ("by_year",))):
        return int(key.strip())
    if isinstance(key, (str, int)) and not isinstance(key, bool):
        return clean_text(key) if isinstance(key, str) else key
    raise EditRefused("E007", N_("a key must be text or a whole number, not {value}"), "", path, value=repr(key))


def expected_after(data: Any, path: tuple, value: Any) -> Any:
    """`data` with `value` set at `path` (None: removed), missing mappings made: what the edited file should hold."""
    data = copy.deepcopy(data)
    if not path:
        return value
    node = data
    for i, key in enumerate(path[:-1]):
        if not isinstance(node, (dict, list)):
            raise EditRefused("E005", N_("the file has no such place"), N_("check the path against the file"),
                              path[:i])
        nxt = node[key] if _has(node, key) else None
        if nxt is None:
            if value is None:
                return data
            nxt = {}
            node[key] = nxt
        node = nxt
    last = path[-1]
    if not isinstance(node, (dict, list)) or isinstance(node, list) and not (isinstance(last, int) and
                                                                            0 <= last <= len(node)):
        raise EditRefused("E005", N_("the file has no such place"), N_("check the path against the file"), path)
    if value is None:
        if _has(node, last):
            del node[last]
    elif isinstance(node, list) and last == len(node):
        node.append(value)
    else:
        node[last] = value
    return data


def _has(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
