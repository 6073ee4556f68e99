"""Vietnam's administrative units before and after the reform of 1 July 2025, with the old → new mapping.

The data is a snapshot of the `vietnamadminunits` package (MIT), version 1.0.4, built once by
`scripts/build_registry.py` into `ecdplan/data/admin-units-1.0.4.json.gz` and read here with the standard
library only. It is read lazily: only when a plan names places or `ecdplan places` runs.

Units and years (the rule ecdplan applies; the checks are in place_checks.py):
- a unit of before the reform (a province of the 63, a district, a commune of about 10,000) existed until
  30 June 2025; a unit of after it (a province of the 34, a commune, ward or special zone of the 3,321)
  exists from 1 July 2025;
- a year counts from 1 January: a unit exists *in* a year if it existed all that year; in 2025 a unit of
  either map exists only in part, and a place the plan uses in a year it does not fully exist in is a
  finding that names its successors (or predecessors): a warning (A002) in a plan drawn up on the old map
  (dated before 1/7/2025, or undated and starting by 2025), which was right for its day; an error (A001) in
  a plan drawn up on the new map;
- a name that carries on (the old xã Bằng Mạc became part of the new xã Bằng Mạc; tỉnh Gia Lai took in
  Bình Định) exists throughout 2025: the old unit until 30 June, its namesake successor from 1 July.
"""

from __future__ import annotations

import binascii
import datetime as dt
import json
import sys
import zlib
import weakref
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from ecdplan.i18n.messages import N_, Phrase
from ecdplan.reference.names import fold, fold_many, numbered, split_type

VERSION = "1.0.4"
DATA = Path(__file__).parent / "data" / f"admin-units-{VERSION}.json.gz"
CHANGED = dt.date(2025, 7, 1)
LEGAL_BASIS = N_("NQ 202/2025/QH15 (provinces), NQ 203/2025/QH15 (no district level), UBTVQH resolutions of "
                  "16/6/2025 (communes)")

# what a written unit type can name, folded: 'huyen' names a district, 'xa' a commune ...
_TYPE_LEVELS = {"tinh": {"province"}, "thanh pho": {"province", "district"}, "tp": {"province", "district"},
                "huyen": {"district"}, "quan": {"district"}, "thi xa": {"district"},
                "xa": {"commune"}, "phuong": {"commune"}, "thi tran": {"commune"}, "dac khu": {"commune"}}


@dataclass(frozen=True)
class Place:
    key: str                 # unique within the registry, e.g. 'new:123'
    level: str               # province | district | commune
    type: str                # Tỉnh, Thành phố, Huyện, Xã, Phường, Thị trấn, Đặc khu ...
    name: str                # without its type: 'Bằng Mạc'
    code: str                # the official code (GSO)
    province: str            # the province it lies in, without type ('Lạng Sơn')
    district: str | None     # for a commune before the reform: its district, with type ('huyện Chi Lăng')
    era: str                 # 'before' (until 30/6/2025) or 'after' (from 1/7/2025)

    @property
    def full(self) -> str:
        if not self.type or fold(self.name).startswith(fold(self.type) + " "):
            return self.name  # 'Quận 1', not 'quận Quận 1'
        return f"{self.type[0].lower()}{self.type[1:]} {self.name}"

    @property
    def label(self) -> str:
        """'xã Bằng Mạc (huyện Chi Lăng, Lạng Sơn; until 30/6/2025)'."""
        return str(self.phrase)

    @property
    def phrase(self) -> Phrase:
        """The label in the reader's language: 'xã Bằng Mạc (huyện Chi Lăng, Lạng Sơn; đến 30/6/2025)'."""
        where = ", ".join(x for x in (self.district, self.province if self.level != "province" else None) if x)
        if self.era == "before":
            template = N_("{unit} ({where}; until 30/6/2025)") if where else N_("{unit} (until 30/6/2025)")
        else:
            template = N_("{unit} ({where}; from 1/7/2025)") if where else N_("{unit} (from 1/7/2025)")
        return Phrase(template, {"unit": self.full, "where": where})

    def exists(self, year: int) -> str:
        """'all', 'part' or 'none' of the year."""
        if year == CHANGED.year:
            return "part"
        return "all" if (year < CHANGED.year) == (self.era == "before") else "none"

    @property
    def since(self) -> str:
        return CHANGED.isoformat() if self.era == "after" else ""

    @property
    def until(self) -> str:
        return (CHANGED - dt.timedelta(days=1)).isoformat() if self.era == "before" else ""


def build_index(raw: dict) -> dict[str, list[str]]:
    """Folded name -> keys of the units of every era that bear it ('p:3', 'ou:1207', ...), from the tables as
    rows (see `pack`)."""
    index: dict[str, list[str]] = {}
    for prefix, rows, col in (("p", raw["provinces"], 1), ("op", raw["old_provinces"], 1),
                              ("u", raw["units"], 2), ("d", raw["districts"], 2), ("ou", raw["old_units"], 2)):
        names = fold_many([_short(row[col])[1] if col == 1 else row[col] for row in rows])
        for i, name in enumerate(names):
            index.setdefault(name, []).append(f"{prefix}:{i}")
    return index


SEVERAL = 0xFFFF  # in the column of an old unit's successor: it has several (see "several")
CODE = 5  # characters of a commune's code (GSO): the codes of a table are written one after the other


class _Codes:
    """The codes of a table, read from their text when asked (not 13,000 strings at every start)."""

    def __init__(self, text: str):
        self.text = text

    def __len__(self) -> int:
        return len(self.text) // CODE

    def __getitem__(self, i: int) -> str:
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.text[i * CODE:(i + 1) * CODE]


def _numbers(values: list[int]) -> str:
    """Numbers below 65,535 as text: 16-bit little-endian, base64 (read back as an array, without making a
    Python number for each: the columns of numbers took half the time of reading the snapshot)."""
    numbers = array("H", values)
    if sys.byteorder == "big":
        numbers.byteswap()
    return binascii.b2a_base64(numbers.tobytes(), newline=False).decode("ascii")


def _read_numbers(text: str) -> array:
    numbers = array("H")
    numbers.frombytes(binascii.a2b_base64(text))
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def pack(raw: dict) -> dict:
    """The snapshot as written (scripts/build_registry.py) from its tables as rows: the two long tables by
    column (numbers as `_numbers`, names one per line, codes one after the other, types as numbers), an old
    unit's successor as one number (its list under "several" when it has more than one), the index as one
    text (`_Index`). scripts/build_registry.py writes it as ASCII JSON (decoded faster than UTF-8). The
    registry is read in ~5 ms instead of 12.5 (the rows), at every start of a command that checks a plan
    naming places."""
    types = sorted({row[1] for table in ("units", "old_units") for row in raw[table]})
    out = {k: v for k, v in raw.items() if k not in ("units", "old_units", "index")}
    out["types"] = types
    kind = {t: k for k, t in enumerate(types)}
    units, old = raw["units"], raw["old_units"]
    assert len(units) < SEVERAL and all(len(r[4]) > 0 for r in old)
    # units by province, old units by district: the registry finds a province's or district's by bisection
    assert [r[0] for r in units] == sorted(r[0] for r in units) and [r[0] for r in old] == sorted(r[0] for r in old)
    assert {len(r[3]) for r in units} == {len(r[3]) for r in old} == {CODE}
    out["units"] = {"province": _numbers([r[0] for r in units]), "type": _numbers([kind[r[1]] for r in units]),
                    "name": "\n".join(r[2] for r in units), "code": "".join(r[3] for r in units)}
    out["old_units"] = {"district": _numbers([r[0] for r in old]), "type": _numbers([kind[r[1]] for r in old]),
                        "name": "\n".join(r[2] for r in old), "code": "".join(r[3] for r in old),
                        "successor": _numbers([r[4][0] if len(r[4]) == 1 else SEVERAL for r in old]),
                        "several": {str(i): r[4] for i, r in enumerate(old) if len(r[4]) > 1}}
    out["index"] = "\n".join(f"{name}\t{' '.join(keys)}" for name, keys in sorted(build_index(raw).items()))
    return out


class _Index:
    """The folded-name index as the snapshot writes it, one 'name<TAB>keys' line per name in sorted order,
    searched by bisection: no dictionary of 7,150 names to make at every start."""

    def __init__(self, text: str):
        self.lines = text.split("\n")

    def get(self, name: str, default: str | None = None) -> str | None:
        probe = name + "\t"  # a tab sorts before every character of a folded name
        i = bisect_left(self.lines, probe)
        if i < len(self.lines) and self.lines[i].startswith(probe):
            return self.lines[i][len(probe):]
        return default

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    def __iter__(self) -> Iterator[str]:
        return (line.split("\t", 1)[0] for line in self.lines)

    def starting_with(self, prefix: str) -> list[str]:
        """The names that start with `prefix`: one run of the sorted lines."""
        lines = self.lines
        return [line.split("\t", 1)[0] for line in
                lines[bisect_left(lines, prefix):bisect_left(lines, prefix + "\U0010ffff")]]


class _Rows:
    """A table kept by columns, seen as rows (`raw["units"][i]`, `len(raw["old_units"])`): made when asked."""

    def __init__(self, row: Callable[[int], list], n: int):
        self.row, self.n = row, n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> list:
        if not -self.n <= i < self.n:
            raise IndexError(i)
        return self.row(i % self.n)

    def __iter__(self) -> Iterator[list]:
        return (self.row(i) for i in range(self.n))


class Registry:
    """The units, read from the snapshot; a `Place` is made only when a look-up reaches it (fast start-up)."""

    def __init__(self, packed: dict):
        self.types: list[str] = packed["types"]
        units, old = packed["units"], packed["old_units"]
        self.unit_province: array = _read_numbers(units["province"])
        self.unit_type: array = _read_numbers(units["type"])  # a number in self.types
        self.unit_name: list[str] = units["name"].split("\n")
        self.unit_code = _Codes(units["code"])
        self.old_district: array = _read_numbers(old["district"])
        self.old_type: array = _read_numbers(old["type"])
        self.old_name: list[str] = old["name"].split("\n")
        self.old_code = _Codes(old["code"])
        self.old_successor: array = _read_numbers(old["successor"])  # its one successor, or SEVERAL
        self.old_several: dict[str, list[int]] = old["several"]
        # the tables as rows, as scripts/build_registry.py makes them ([province, type, name, code] ...)
        self.raw = {**packed,
                    "units": _Rows(lambda i: [self.unit_province[i], self.types[self.unit_type[i]], self.unit_name[i],
                                              self.unit_code[i]], len(self.unit_name)),
                    "old_units": _Rows(lambda i: [self.old_district[i], self.types[self.old_type[i]], self.old_name[i],
                                                  self.old_code[i], self._successors(i)], len(self.old_name))}
        raw = self.raw
        self.source: str = raw["source"]
        self._places: dict[str, Place] = {}
        self._names: dict[str, list[str]] = {}  # province -> folded names of its units (for suggestions)
        self._found: dict[tuple, list[Place]] = {}  # find(): the same names asked again and again
        self._suggested: dict[tuple, list[Place]] = {}  # suggest(): an unknown name is often named many times
        self._asked: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._in_districts: dict[str, list[range]] = {}  # district name -> its old units (see _district_units)
        self._predecessors: dict[int, list[int]] | None = None  # new unit -> old units (numbers)
        # the folded-name index ships in the snapshot (scripts/build_registry.py): name -> 'p:3 op:5'
        self.by_name = _Index(packed["index"])

    def keys(self, name: str) -> list[str]:
        """The keys of the units called `name` (folded), of every era."""
        found = self.by_name.get(name)
        return found.split() if found else []

    def place(self, key: str) -> Place:
        place = self._places.get(key)
        if place is None:
            place = self._places[key] = self._make(key)
        return place

    def _make(self, key: str) -> Place:
        prefix, i = key.split(":")
        raw, i = self.raw, int(i)
        if prefix in ("p", "op"):
            row = raw["provinces" if prefix == "p" else "old_provinces"][i]
            kind, name = _short(row[1])
            return Place(key, "province", kind, name, row[0], name, None, "after" if prefix == "p" else "before")
        if prefix == "u":
            return Place(key, "commune", self.types[self.unit_type[i]], self.unit_name[i], self.unit_code[i],
                         _short(raw["provinces"][self.unit_province[i]][1])[1], None, "after")
        if prefix == "d":
            prov, kind, name, code = raw["districts"][i]
            return Place(key, "district", kind, name, code, _short(raw["old_provinces"][prov][1])[1], None, "before")
        d = self.place(f"d:{self.old_district[i]}")
        return Place(key, "commune", self.types[self.old_type[i]], self.old_name[i], self.old_code[i], d.province,
                     f"{d.type.lower()} {d.name}", "before")

    def successors_of(self, key: str) -> list[str]:
        """old → new: a province's new province, a commune's new unit(s), a district's the new units of its
        communes (computed for the keys asked, not for all: start-up stays short)."""
        prefix, i = key.split(":")
        raw = self.raw
        if prefix == "op":
            return [f"p:{raw['old_provinces'][int(i)][2]}"]
        if prefix == "ou":
            return [f"u:{n}" for n in self._successors(int(i))]
        if prefix == "d":
            out: dict[str, None] = {}
            for k in self._old_units_of(int(i)):
                out.update(dict.fromkeys(f"u:{n}" for n in self._successors(k)))
            return list(out)
        return []

    def _old_units_of(self, district: int) -> range:
        """The old units of district number `district`: the snapshot lists them by district (pack checks it)."""
        return range(bisect_left(self.old_district, district), bisect_right(self.old_district, district))

    def _units_of(self, province: int) -> range:
        """The units of province number `province` (of the 34): listed by province (pack checks it)."""
        return range(bisect_left(self.unit_province, province), bisect_right(self.unit_province, province))

    def _district_units(self, want: str) -> list[range]:
        """The old units of the districts whose name, folded and without its type, is `want`: those the index
        gives under `want` (a district's folded name is its folded 'type name' without the type: tested)."""
        found = self._in_districts.get(want)
        if found is None:
            found = self._in_districts[want] = [self._old_units_of(int(k[2:])) for k in self.keys(want)
                                                if k.startswith("d:")]
        return found

    def _successors(self, i: int) -> list[int]:
        """The units of after the reform that the unit `ou:i` went into."""
        found = self.old_successor[i]
        return [found] if found != SEVERAL else self.old_several[str(i)]

    def predecessors_of(self, key: str) -> list[str]:
        """new → old: the units of before the reform that went into the unit `key` (the map of all of them is
        made the first time one is asked for, in one pass over numbers)."""
        prefix, i = key.split(":")
        if prefix == "p":
            return [f"op:{k}" for k, row in enumerate(self.raw["old_provinces"]) if row[2] == int(i)]
        if prefix != "u":
            return []
        if self._predecessors is None:
            before: dict[int, list[int]] = {}
            for k, found in enumerate(self.old_successor):
                if found != SEVERAL:
                    olds = before.get(found)
                    if olds is None:
                        before[found] = [k]
                    else:
                        olds.append(k)
                else:
                    for n in self.old_several[str(k)]:
                        before.setdefault(n, []).append(k)
            self._predecessors = before
        return [f"ou:{k}" for k in self._predecessors.get(int(i), ())]

    def find(self, text: str, province: str | None = None, district: str | None = None,
             levels: set[str] | None = None) -> list[Place]:
        """Places whatever their era called `text` ('xã Bằng Mạc', 'bang mac', 'Ia Mláh'), narrowed by
        province (before or after the reform), district (with or without 'huyện') and level."""
        key = (text, province, district, frozenset(levels) if levels is not None else None)
        found = self._found.get(key)
        if found is None:  # a national plan asks for the same 3,321 communes 25,000 times
            found = self._found[key] = self._find(text, province, district, levels)
        return list(found)

    def _find(self, text: str, province: str | None, district: str | None,
              levels: set[str] | None) -> list[Place]:
        folded = fold(text)
        kind, name = (None, folded) if folded in self.by_name else split_type(folded)  # 'Quan Sơn' is no 'quận'
        number = numbered(kind, name)  # 'Phường IV' is 'Phường 4', a name the registry holds with its type
        if number != name:
            kind, name = (None, f"{kind} {number}") if f"{kind} {number}" in self.by_name else (kind, number)
        wanted = set(_TYPE_LEVELS.get(kind, {"province", "district", "commune"})) if kind else None
        if levels is not None:
            wanted = levels if wanted is None else wanted & levels
        out = []
        for key in self.keys(name):
            place = self.place(key)
            if wanted is not None and place.level not in wanted:
                continue
            if kind and kind not in ("tp",) and fold(place.type) != kind and not (
                    kind == "thanh pho" and place.level == "province" and place.type == "Thành phố"):
                if not (kind in ("xa", "phuong", "thi tran") and place.level == "commune" and place.era == "before"):
                    continue  # 'huyện X' is not 'thị xã X'; a commune's type changed often before the reform
            if province is not None and not self.in_province(place, province):
                continue
            if district is not None and not self._in_district(place, district):
                continue
            out.append(place)
        return out

    def _in_district(self, place: Place, district: str) -> bool:
        """A commune of before the reform in that district; one of after it made (partly) from that district."""
        want = split_type(fold(district))[1]
        if place.era == "after":  # one of its predecessors lay in that district
            prefix, number = place.key.split(":")
            if prefix != "u":
                return False  # a province: made of provinces, which lie in no district
            unit = int(number)
            return any(unit in self._successors(k) for units in self._district_units(want) for k in units)
        return place.district is not None and split_type(fold(place.district))[1] == want

    def suggestions_left(self, owner: object, most: int = 50) -> bool:
        """Whether `owner` (one file's checks) may still ask for suggestions: a fuzzy search is slow, and a
        file of thousands of unknown names needs the first few to be told what it does wrong."""
        count = self._asked.get(owner, 0)
        self._asked[owner] = count + 1
        return count < most

    def suggest(self, text: str, province: str | None = None, n: int = 3) -> list[Place]:
        """Units with a close name (a misspelling such as 'Kông Chiêng' for 'Kon Chiêng')."""
        key = (text, province, n)
        found = self._suggested.get(key)
        if found is None:
            found = self._suggested[key] = self._suggest(text, province, n)
        return list(found)

    def _suggest(self, text: str, province: str | None, n: int) -> list[Place]:
        import difflib

        name = split_type(fold(text))[1]
        # a misspelling keeps the first letter and about the length: the fuzzy search looks only there
        names = self._names_in(province) if province else self.by_name.starting_with(name[:1])
        span = max(2, len(name) // 4)
        names = [k for k in names if k[:1] == name[:1] and abs(len(k) - len(name)) <= span]
        close = difflib.get_close_matches(name, names, n=n * 3, cutoff=0.8)
        out = [self.place(k) for c in close for k in self.keys(c)
               if province is None or self.in_province(self.place(k), province)]
        return out[:n]

    def _names_in(self, province: str) -> list[str]:
        """The folded names of the units of a province (of after the reform, and of before it that it took in)."""
        want = split_type(fold(province))[1]
        cached = self._names.get(want)
        if cached is not None:
            return cached
        raw = self.raw
        new = {i for i, row in enumerate(raw["provinces"]) if fold(_short(row[1])[1]) == want}
        old = {i for i, row in enumerate(raw["old_provinces"]) if row[2] in new or fold(_short(row[1])[1]) == want}
        districts = {i for i, row in enumerate(raw["districts"]) if row[0] in old}
        names = {fold(self.unit_name[k]) for p in new for k in self._units_of(p)}
        names |= {fold(self.old_name[k]) for d in districts for k in self._old_units_of(d)}
        self._names[want] = sorted(names)
        return self._names[want]

    def in_province(self, place: Place, province: str) -> bool:
        """Whether `place` lies in `province` (a name of before or after the reform)."""
        want = split_type(fold(province))[1]
        if fold(place.province) == want:
            return True
        # a unit of before the reform lies in the province its old province became part of
        if place.era == "before":
            return any(fold(self.place(p).name) == want for p in self.province_after(place.province))
        return False

    def province_after(self, old_province: str) -> list[str]:
        keys = [k for k in self.keys(fold(old_province))
                if self.place(k).level == "province" and self.place(k).era == "before"]
        return [s for k in keys for s in self.successors_of(k)]

    def after(self, place: Place) -> list[Place]:
        """The units of after the reform that took `place` in (for a district, those of its communes)."""
        return [self.place(k) for k in self.successors_of(place.key)]

    def before(self, place: Place) -> list[Place]:
        return [self.place(k) for k in self.predecessors_of(place.key)]

    def units_in(self, province: str) -> int:
        """Communes, wards and special zones of a province of the 34 (after the reform)."""
        want = split_type(fold(province))[1]
        index = [i for i, row in enumerate(self.raw["provinces"]) if fold(_short(row[1])[1]) == want]
        return sum(len(self._units_of(p)) for p in index)

    def units_from(self, old_province: Place) -> int:
        """Communes, wards and special zones of after the reform made (wholly or partly) from the communes of a
        province of before it: the same area as the old province's own communes, to compare like with like."""
        number = int(old_province.key.split(":")[1])
        districts = [i for i, row in enumerate(self.raw["districts"]) if row[0] == number]
        return len({n for d in districts for k in self._old_units_of(d) for n in self._successors(k)})

    def merged_with_others(self, old_province: Place) -> bool:
        """Whether the province of after the reform that took in `old_province` also took in another one."""
        new = self.successors_of(old_province.key)
        return len(new) == 1 and len(self.predecessors_of(new[0])) > 1

    def carries_on(self, place: Place) -> bool:
        """Whether a unit of before the reform has a successor of the same name and level (exists all 2025)."""
        return any(fold(s.name) == fold(place.name) and s.level == place.level for s in self.after(place))


def _short(full: str) -> tuple[str, str]:
    for kind in ("Thành phố", "Tỉnh"):
        if full.startswith(kind + " "):
            return kind, full[len(kind) + 1:]
    return "", full


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry, read once per process."""
    return Registry(json.loads(zlib.decompress(DATA.read_bytes(), 16 + zlib.MAX_WBITS)))  # gzip, without its module
