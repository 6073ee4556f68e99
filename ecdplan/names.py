"""Names compared the way people write them: with or without diacritics, any Unicode form, any spacing.

`fold("Ia Mláh") == fold("Ia Mlăh") == fold("ia mlah") == "ia mlah"`. Standard library only, so that the
registry and the body catalogue can use it without loading anything else.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-–—,.;:&/()'\"’‘“”+_]+")
# unit types written before a name, longest first ("thị trấn" before "thị")
UNIT_TYPES = ("thi tran", "thi xa", "thanh pho", "dac khu", "phuong", "quan", "huyen", "tinh", "xa", "tp")


def has_control(text: str) -> bool:
    """Whether text holds control or format characters (a copy-paste accident: zero-width space, NUL ...)."""
    return any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), no punctuation, single spaces."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Mn", "Cc", "Cf"))
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    return _SEPARATORS.sub(" ", text).strip()


def split_type(folded: str) -> tuple[str | None, str]:
    """('xa', 'bang mac') from 'xa bang mac'; (None, 'bang mac') when no unit type is written."""
    for kind in UNIT_TYPES:
        if folded.startswith(kind + " ") and len(folded) > len(kind) + 1:
            return kind, folded[len(kind) + 1:]
    return None, folded
