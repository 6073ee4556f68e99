"""Build ecdplan's snapshot of Vietnam's administrative units from the `vietnamadminunits` package.

Run once, with the package installed into a throwaway environment (it pulls in shapely and numpy,
which ecdplan does not want at run time):

    python3 -m venv /tmp/vau && /tmp/vau/bin/pip install vietnamadminunits==1.0.4
    /tmp/vau/bin/python scripts/build_registry.py

It reads the package's own data (data/dataset.db for names and codes, data/converter_2025.json for the
old → new mapping) and writes `ecdplan/data/admin-units-<version>.json.gz`: a compact snapshot that the
registry (`ecdplan/reference/places.py`) reads with the standard library only (its long tables by column: see
`ecdplan.reference.places.pack`). The output is deterministic (sorted,
no timestamps), so re-running it with the same data version gives the same bytes.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

PINNED = "1.0.4"
CHANGED = "2025-07-01"  # NQ 202/2025/QH15 (provinces), NQ 203/2025/QH15 (districts), UBTVQH resolutions (communes)


def main() -> int:
    version = metadata.version("vietnamadminunits")
    if version != PINNED:
        print(f"vietnamadminunits {version} is installed; this snapshot is pinned to {PINNED}", file=sys.stderr)
        return 1
    from importlib.util import find_spec

    # the package's folder, without importing it (its __init__ pulls in shapely, which the data does not need)
    data = Path(find_spec("vietnamadminunits").submodule_search_locations[0]) / "data"
    db = sqlite3.connect(data / "dataset.db")
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))

    # the 34 provinces and their 3,321 communes, wards and special zones (from 1 July 2025)
    provinces: list[list] = []
    province_index: dict[str, int] = {}
    units: list[list] = []
    unit_index: dict[tuple[str, str], int] = {}
    rows = db.execute("SELECT provinceCode, province, provinceKey, wardCode, wardType, wardShort, wardKey "
                      "FROM admin_units ORDER BY provinceCode, wardCode").fetchall()
    for pcode, pname, pkey, wcode, wtype, wshort, wkey in rows:
        if pkey not in province_index:
            province_index[pkey] = len(provinces)
            provinces.append([pcode, pname])
        unit_index[(pkey, wkey)] = len(units)
        units.append([province_index[pkey], wtype, wshort, wcode])

    # the 63 provinces, their districts and about 10,000 communes before the reform
    new_of_old_province = {old: new for new, olds in converter["DICT_PROVINCE"].items() for old in olds}
    old_provinces: list[list] = []
    old_province_index: dict[str, int] = {}
    districts: list[list] = []
    district_index: dict[tuple[str, str], int] = {}
    old_units: list[list] = []
    old_unit_index: dict[str, int] = {}
    rows = db.execute("SELECT provinceCode, province, provinceKey, districtCode, districtType, districtShort, "
                      "districtKey, wardCode, wardType, wardShort, wardKey FROM admin_units_legacy "
                      "ORDER BY provinceCode, districtCode, wardCode").fetchall()
    for pcode, pname, pkey, dcode, dtype, dshort, dkey, wcode, wtype, wshort, wkey in rows:
        if pkey not in old_province_index:
            old_province_index[pkey] = len(old_provinces)
            old_provinces.append([pcode, pname, province_index[new_of_old_province[pkey]]])
        if (pkey, dkey) not in district_index:
            district_index[(pkey, dkey)] = len(districts)
            districts.append([old_province_index[pkey], dtype, dshort, dcode])
        if not wkey:
            continue  # island districts without communes: their successors come from the district itself
        old_unit_index[f"{pkey}_{dkey}_{wkey}"] = len(old_units)
        old_units.append([district_index[(pkey, dkey)], wtype, wshort, wcode, []])

    # old → new: most old units went whole into one new unit; some were divided among several
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, olds in wards.items():
            new = unit_index[(new_pkey, new_wkey)]
            for old_key in olds:
                if old_key in old_unit_index:
                    old_units[old_unit_index[old_key]][4].append(new)
    for new_pkey, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            if old_key not in old_unit_index:
                continue
            targets = sorted(parts, key=lambda p: not p["isDefaultNewWard"])  # the package's default first
            successors = old_units[old_unit_index[old_key]][4]
            for part in targets:
                new = unit_index[(new_pkey, part["newWardKey"])]
                if new not in successors:
                    successors.append(new)
    pooled = _separate_namesakes(old_units, old_unit_index, converter["DICT_PROVINCE_WARD_DIVIDED"])
    unmapped = sum(1 for u in old_units if not u[4])
    snapshot = {
        "source": f"vietnamadminunits {version} (MIT licence), data/dataset.db and data/converter_2025.json",
        "version": version,
        "changed": CHANGED,
        "provinces": provinces,            # [code, name]
        "units": units,                    # [province, type, name, code]
        "old_provinces": old_provinces,    # [code, name, new province]
        "districts": districts,            # [old province, type, name, code]
        "old_units": old_units,            # [district, type, name, code, [new units]]
    }
    # written packed (ecdplan.reference.places.pack): the long tables by column, with the folded-name index as
    # ecdplan.reference.places builds it, shipped so that start-up need not build it
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from ecdplan.reference.places import pack

    out = Path(__file__).resolve().parent.parent / "ecdplan" / "reference" / "data" / f"admin-units-{version}.json.gz"
    out.parent.mkdir(exist_ok=True)
    payload = json.dumps(pack(snapshot), separators=(",", ":")).encode("ascii")  # ASCII: decoded fastest
    # stored, not deflated (gzip level 0): read in 0.1 ms instead of 1.9 at every start; the wheel deflates it
    out.write_bytes(gzip.compress(payload, compresslevel=0, mtime=0))
    print(f"wrote {out}: {len(provinces)} provinces, {len(units)} units; before: {len(old_provinces)} provinces, "
          f"{len(districts)} districts, {len(old_units)} units ({unmapped} without successor, {pooled} namesakes "
          f"separated); "
          f"{out.stat().st_size:,} bytes")
    return 0


def _separate_namesakes(old_units: list[list], old_unit_index: dict[str, int], divided: dict) -> int:
    """The package lists a divided old unit under its new province and its own name, so two namesakes of
    different districts that are now in one province are given each other's parts: Phường 4 of TP Tây Ninh
    and Phường 4 of TP Tân An (Long An) both went, by its data, to phường Long An and phường Tân Ninh. A
    namesake keeps the parts its own district's other units went into (Phường 4 of TP Tây Ninh: Tân Ninh; of
    TP Tân An: Long An), all of them if none. Returns how many old units were corrected."""
    by_name: dict[tuple[str, str], list[str]] = {}
    for new_pkey, entries in divided.items():
        for old_key in entries:
            if old_key in old_unit_index:
                by_name.setdefault((new_pkey, old_key.rsplit("_", 1)[1]), []).append(old_key)
    corrected = 0
    for keys in by_name.values():
        if len({tuple(sorted(old_units[old_unit_index[k]][4])) for k in keys}) != 1 or len(keys) < 2:
            continue  # not a pooled entry: namesakes with different parts were told apart by the package
        for key in keys:
            unit = old_units[old_unit_index[key]]
            neighbours = {n for other in old_units if other[0] == unit[0] and other is not unit
                          for n in other[4] if len(other[4]) == 1}
            own = [n for n in unit[4] if n in neighbours]
            if own and own != unit[4]:
                unit[4][:] = own
                corrected += 1
    return corrected


if __name__ == "__main__":
    sys.exit(main())
