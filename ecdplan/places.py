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

import datetime as dt
import gzip
import json
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .findings import N_, Phrase
from .names import fold, fold_many, split_type

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
    """Folded name -> keys of the units of every era that bear it ('p:3', 'ou:1207', ...)."""
    index: dict[str, list[str]] = {}
    for prefix, rows, col in (("p", raw["provinces"], 1), ("op", raw["old_provinces"], 1),
                              ("u", raw["units"], 2), ("d", raw["districts"], 2), ("ou", raw["old_units"], 2)):
        names = fold_many([_short(row[col])[1] if col == 1 else row[col] for row in rows])
        for i, name in enumerate(names):
            index.setdefault(name, []).append(f"{prefix}:{i}")
    return index


class Registry:
    """The units, read from the snapshot; a `Place` is made only when a look-up reaches it (fast start-up)."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.source: str = raw["source"]
        self._places: dict[str, Place] = {}
        self._names: dict[str, list[str]] = {}  # province -> folded names of its units (for suggestions)
        self._found: dict[tuple, list[Place]] = {}  # find(): the same names asked again and again
        self._asked: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._district_units: dict[int, list[int]] | None = None
        self._predecessors: dict[str, list[str]] | None = None
        # the folded-name index ships in the snapshot (scripts/build_registry.py): built here only if absent
        self.by_name: dict[str, list[str]] = raw.get("index") or build_index(raw)

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
            prov, kind, name, code = raw["units"][i]
            return Place(key, "commune", kind, name, code, _short(raw["provinces"][prov][1])[1], None, "after")
        if prefix == "d":
            prov, kind, name, code = raw["districts"][i]
            return Place(key, "district", kind, name, code, _short(raw["old_provinces"][prov][1])[1], None, "before")
        dist, kind, name, code, _ = raw["old_units"][i]
        d = self.place(f"d:{dist}")
        return Place(key, "commune", kind, name, code, d.province, f"{d.type.lower()} {d.name}", "before")

    def successors_of(self, key: str) -> list[str]:
        """old → new: a province's new province, a commune's new unit(s), a district's the new units of its
        communes (computed for the keys asked, not for all: start-up stays short)."""
        prefix, i = key.split(":")
        raw = self.raw
        if prefix == "op":
            return [f"p:{raw['old_provinces'][int(i)][2]}"]
        if prefix == "ou":
            return [f"u:{n}" for n in raw["old_units"][int(i)][4]]
        if prefix == "d":
            if self._district_units is None:
                self._district_units = {}
                for k, row in enumerate(raw["old_units"]):
                    self._district_units.setdefault(row[0], []).append(k)
            out: dict[str, None] = {}
            for k in self._district_units.get(int(i), []):
                out.update(dict.fromkeys(f"u:{n}" for n in raw["old_units"][k][4]))
            return list(out)
        return []

    @property
    def predecessors(self) -> dict[str, list[str]]:
        """new → old, for every unit of after the reform (one pass, the first time it is needed)."""
        if self._predecessors is None:
            before: dict[str, list[str]] = {}
            for i, row in enumerate(self.raw["old_provinces"]):
                before.setdefault(f"p:{row[2]}", []).append(f"op:{i}")
            for i, row in enumerate(self.raw["old_units"]):
                for n in row[4]:
                    before.setdefault(f"u:{n}", []).append(f"ou:{i}")
            self._predecessors = before
        return self._predecessors

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
        wanted = set(_TYPE_LEVELS.get(kind, {"province", "district", "commune"})) if kind else None
        if levels is not None:
            wanted = levels if wanted is None else wanted & levels
        out = []
        for key in self.by_name.get(name, []):
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
        if place.era == "after":
            return any(self._in_district(p, district) for p in self.before(place))
        return place.district is not None and split_type(fold(place.district))[1] == want

    def suggestions_left(self, owner: object, most: int = 50) -> bool:
        """Whether `owner` (one file's checks) may still ask for suggestions: a fuzzy search is slow, and a
        file of thousands of unknown names needs the first few to be told what it does wrong."""
        count = self._asked.get(owner, 0)
        self._asked[owner] = count + 1
        return count < most

    def suggest(self, text: str, province: str | None = None, n: int = 3) -> list[Place]:
        """Units with a close name (a misspelling such as 'Kông Chiêng' for 'Kon Chiêng')."""
        import difflib

        name = split_type(fold(text))[1]
        names = self._names_in(province) if province else list(self.by_name)
        # a misspelling keeps the first letter and about the length: the fuzzy search looks only there
        span = max(2, len(name) // 4)
        names = [k for k in names if k[:1] == name[:1] and abs(len(k) - len(name)) <= span]
        close = difflib.get_close_matches(name, names, n=n * 3, cutoff=0.8)
        out = [self.place(k) for c in close for k in self.by_name[c]
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
        names = {fold(row[2]) for row in raw["units"] if row[0] in new}
        names |= {fold(row[2]) for row in raw["old_units"] if row[0] in districts}
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
        keys = [k for k in self.by_name.get(fold(old_province), [])
                if self.place(k).level == "province" and self.place(k).era == "before"]
        return [s for k in keys for s in self.successors_of(k)]

    def after(self, place: Place) -> list[Place]:
        """The units of after the reform that took `place` in (for a district, those of its communes)."""
        return [self.place(k) for k in self.successors_of(place.key)]

    def before(self, place: Place) -> list[Place]:
        return [self.place(k) for k in self.predecessors.get(place.key, [])]

    def units_in(self, province: str) -> int:
        """Communes, wards and special zones of a province of the 34 (after the reform)."""
        want = split_type(fold(province))[1]
        index = [i for i, row in enumerate(self.raw["provinces"]) if fold(_short(row[1])[1]) == want]
        return sum(1 for row in self.raw["units"] if row[0] in index)

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
    return Registry(json.loads(gzip.decompress(DATA.read_bytes())))
