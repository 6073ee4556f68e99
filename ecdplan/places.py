"""Vietnam's administrative units before and after the reform of 1 July 2025, with the old → new mapping.

The data is a snapshot of the `vietnamadminunits` package (MIT), version 1.0.4, built once by
`scripts/build_registry.py` into `ecdplan/data/admin-units-1.0.4.json.gz` and read here with the standard
library only. It is read lazily: only when a plan names places or `ecdplan places` runs.

Units and years (the rule ecdplan applies):
- a unit of before the reform (a province of the 63, a district, a commune of about 10,000) existed until
  30 June 2025; a unit of after it (a province of the 34, a commune, ward or special zone of the 3,321)
  exists from 1 July 2025;
- a year counts from 1 January: a unit exists *in* a year if it existed all that year; a unit that ended
  or began during the year exists in *part* of it (2025), which is a warning (A002); a year in which it did
  not exist at all is an error (A001);
- a name that carries on (the old xã Bằng Mạc became part of the new xã Bằng Mạc; tỉnh Gia Lai took in
  Bình Định) exists throughout 2025: the old unit until 30 June, its namesake successor from 1 July.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .names import fold, split_type

VERSION = "1.0.4"
DATA = Path(__file__).parent / "data" / f"admin-units-{VERSION}.json.gz"
CHANGED = dt.date(2025, 7, 1)
LEGAL_BASIS = ("NQ 202/2025/QH15 (provinces), NQ 203/2025/QH15 (no district level), UBTVQH resolutions of "
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
        return f"{self.type[0].lower()}{self.type[1:]} {self.name}"

    @property
    def label(self) -> str:
        """'xã Bằng Mạc (huyện Chi Lăng, Lạng Sơn; until 30/6/2025)'."""
        where = ", ".join(x for x in (self.district, self.province if self.level != "province" else None) if x)
        when = "until 30/6/2025" if self.era == "before" else "from 1/7/2025"
        return f"{self.full} ({where + '; ' if where else ''}{when})"

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


@dataclass
class Registry:
    places: dict[str, Place] = field(default_factory=dict)
    successors: dict[str, list[str]] = field(default_factory=dict)
    predecessors: dict[str, list[str]] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""

    def _add(self, place: Place) -> None:
        self.places[place.key] = place
        self.by_name.setdefault(fold(place.name), []).append(place.key)

    def _link(self, old: str, new: str) -> None:
        if new not in self.successors.setdefault(old, []):
            self.successors[old].append(new)
        if old not in self.predecessors.setdefault(new, []):
            self.predecessors[new].append(old)

    def find(self, text: str, province: str | None = None, district: str | None = None,
             levels: set[str] | None = None) -> list[Place]:
        """Places whatever their era called `text` ('xã Bằng Mạc', 'bang mac', 'Ia Mláh'), narrowed by
        province (before or after the reform), district (with or without 'huyện') and level."""
        folded = fold(text)
        kind, name = (None, folded) if folded in self.by_name else split_type(folded)  # 'Quan Sơn' is no 'quận'
        wanted = set(_TYPE_LEVELS.get(kind, {"province", "district", "commune"})) if kind else None
        if levels is not None:
            wanted = levels if wanted is None else wanted & levels
        out = []
        for key in self.by_name.get(name, []):
            place = self.places[key]
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

    def suggest(self, text: str, province: str | None = None, n: int = 3) -> list[Place]:
        """Units with a close name (a misspelling such as 'Kông Chiêng' for 'Kon Chiêng')."""
        import difflib

        name = split_type(fold(text))[1]
        close = difflib.get_close_matches(name, list(self.by_name), n=n * 3, cutoff=0.8)
        out = [self.places[k] for c in close for k in self.by_name[c]
               if province is None or self.in_province(self.places[k], province)]
        return out[:n]

    def in_province(self, place: Place, province: str) -> bool:
        """Whether `place` lies in `province` (a name of before or after the reform)."""
        want = split_type(fold(province))[1]
        if fold(place.province) == want:
            return True
        # a unit of before the reform lies in the province its old province became part of
        if place.era == "before":
            return any(fold(self.places[p].name) == want for p in self.province_after(place.province))
        return False

    def province_after(self, old_province: str) -> list[str]:
        keys = [k for k in self.by_name.get(fold(old_province), [])
                if self.places[k].level == "province" and self.places[k].era == "before"]
        return [s for k in keys for s in self.successors.get(k, [])]

    def after(self, place: Place) -> list[Place]:
        """The units of after the reform that took `place` in (for a district, those of its communes)."""
        return [self.places[k] for k in self.successors.get(place.key, [])]

    def before(self, place: Place) -> list[Place]:
        return [self.places[k] for k in self.predecessors.get(place.key, [])]

    def units_in(self, province: str) -> int:
        """Communes, wards and special zones of a province of the 34 (after the reform)."""
        want = split_type(fold(province))[1]
        return sum(1 for p in self.places.values()
                   if p.era == "after" and p.level == "commune" and fold(p.province) == want)

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
    """The registry, read once per process (about 30 ms)."""
    raw = json.loads(gzip.decompress(DATA.read_bytes()))
    reg = Registry(source=raw["source"])
    provinces = []
    for i, (code, full) in enumerate(raw["provinces"]):
        kind, name = _short(full)
        place = Place(f"p:{i}", "province", kind, name, code, name, None, "after")
        reg._add(place)
        provinces.append(place)
    units = []
    for i, (prov, kind, name, code) in enumerate(raw["units"]):
        place = Place(f"u:{i}", "commune", kind, name, code, provinces[prov].name, None, "after")
        reg._add(place)
        units.append(place)
    old_provinces = []
    for i, (code, full, new) in enumerate(raw["old_provinces"]):
        kind, name = _short(full)
        place = Place(f"op:{i}", "province", kind, name, code, name, None, "before")
        reg._add(place)
        reg._link(place.key, provinces[new].key)
        old_provinces.append(place)
    districts = []
    for i, (prov, kind, name, code) in enumerate(raw["districts"]):
        place = Place(f"d:{i}", "district", kind, name, code, old_provinces[prov].name, None, "before")
        reg._add(place)
        districts.append(place)
    for i, (dist, kind, name, code, news) in enumerate(raw["old_units"]):
        d = districts[dist]
        place = Place(f"ou:{i}", "commune", kind, name, code, d.province, f"{d.type.lower()} {d.name}", "before")
        reg._add(place)
        for n in news:
            reg._link(place.key, units[n].key)
            if units[n].key not in reg.successors.setdefault(d.key, []):
                reg.successors[d.key].append(units[n].key)  # a district's: the new units of its communes
    return reg


def loaded() -> bool:
    """Whether this process has read the registry (tests of lazy loading use it)."""
    return registry.cache_info().currsize > 0
