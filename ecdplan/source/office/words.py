"""The words of an appendix table: how headings, numbers and totals are recognised (Vietnamese or English,
with or without diacritics), the units, the known sources, the plan's level from its issuer."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from ecdplan.i18n.messages import N_
from ecdplan.source.office.table import Cell

_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_LINE_NUMBER = re.compile(r"^\d{1,4}(\.\d{1,3})*\.?$|^[a-zđ]\)?$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_YEAR = re.compile(r"^\s*(?:năm\s+|year\s+)?((?:19|20)\d\d)\b", re.I)
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")
_PHASE = re.compile(r"(?:Phase|Giai đoạn|Năm)\s+((?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?)\s*[:;]\s*", re.I)
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")
_NUMBER_DOC = re.compile(r"(\d*/[A-ZĐ][A-ZĐa-z0-9&\-]*(?:-[A-ZĐ0-9&]+)*)")
UNITS = {"trieu dong": "million VND", "million vnd": "million VND", "nghin dong": "thousand VND",
         "ngan dong": "thousand VND", "thousand vnd": "thousand VND", "ty dong": "billion VND",
         "billion vnd": "billion VND", "dong": "VND", "vnd": "VND"}
TICKS = {"x", "v", "✓", "✔", "√", "+"}
BLANK_COST = {"unbudgeted", "chua co du toan", "-", "—", "–"}
# a known source's id and kind, by words of its heading (keyed: no diacritics, lower case)
KNOWN_SOURCES = [("dtts", "ntp-dtts", "ntp"), ("giam ngheo", "ntp-gnbv", "ntp"), ("gnbv", "ntp-gnbv", "ntp"),
                 ("nong thon moi", "ntp-ntm", "ntp"), ("ntm", "ntp-ntm", "ntp"), ("nsdp", "nsdp", "local-budget"),
                 ("ngan sach dia phuong", "nsdp", "local-budget"), ("ngan sach xa", "commune-budget", "local-budget"),
                 ("nsnn", "nsnn", "local-budget"), ("ngan sach nha nuoc", "nsnn", "local-budget"),
                 ("hop phap khac", "other", "other"), ("xhh", "xhh", "socialised"), ("xa hoi hoa", "xhh", "socialised"),
                 ("unicef", "unicef", "donor"), ("oda", "oda", "donor"), ("long ghep", "long-ghep", "other")]
SOURCE_WORDS = ("nguon", "source", "ctmtqg", "ngan sach", "nsdp", "nsnn", "xhh", "hop phap", "unicef", "oda",
                "long ghep")


def key(text: Any) -> str:
    """Text for matching headings: no diacritics, đ as d, lower case, spaces collapsed."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())


def _text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    v = cell.value
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return unicodedata.normalize("NFC", " ".join(str(v).split())) if not isinstance(v, str) or "\n" not in v else \
        unicodedata.normalize("NFC", "\n".join(" ".join(part.split()) for part in v.split("\n")).strip())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key(text)).strip("-")[:60] or "plan"


ROLE_NAMES = {"number": N_("the number (STT)"), "name": N_("the line's name"),
              "where": N_("timing and area (the phases' 'where')"), "cost": N_("the line's cost"),
              "staff": N_("staff who carry it out"), "lead": N_("the lead body"), "notes": N_("notes")}


def _role_of(k: str, top: str) -> str | None:
    if k in ("stt", "tt", "no.", "no", "so tt", "so thu tu"):
        return "number"
    if "thoi gian va dia ban" in k or "dia ban" in k or "timing and area" in k:
        return "where"
    if k.startswith(("ghi chu", "notes", "note")):
        return "notes"
    if "nhan luc" in k or k.startswith("staff"):
        return "staff"
    if "chu tri" in k or k.startswith(("lead", "co quan thuc hien", "don vi thuc hien")):
        return "lead"
    if "kinh phi" in k or k.startswith(("cost", "estimated cost", "du toan", "tong kinh phi")):
        return "cost"
    if k.startswith(("ten", "noi dung", "name", "hoat dong", "nhiem vu")) or "can thiep" in k:
        return "name"
    if any(w in k for w in SOURCE_WORDS):
        return "source"
    return None


def _is_total(k: str) -> bool:
    return k.startswith(("tong cong", "total", "tong so", "tong kinh phi")) or k == "tong"


def _unit_of(k: str) -> str | None:
    for m in re.finditer(r"\(([^()]*)\)", k):
        inner = m.group(1).strip()
        if inner in UNITS:
            return UNITS[inner]
    return None


def _level_of(k: str) -> str | None:
    for words, level in ((("thi xa",), "district"), (("thanh pho",), "city"), (("tinh",), "province"),
                         (("huyen", "quan "), "district"), (("xa ", "phuong", "thi tran"), "commune"),
                         (("chinh phu", "bo "), "national")):
        if any(w in k + " " for w in words):
            return level
    return None


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for k, v in extra.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out
