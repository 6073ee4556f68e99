#!/usr/bin/env python3
"""Deterministic generator of synthetic ecdplan plans for the benchmarks (stdlib + PyYAML, and ecdplan's
registry of administrative units for the names of real communes).

    python bench/generate.py [OUT]          # default OUT: bench/out/

writes, in the real plan format (`format: ecdplan/1`, amounts in million VND as integers):

  OUT/national.yaml        a national plan on the map of 1 July 2025: 3,321 communes, 40 interventions,
                           10 years (2026-2035), 6 funding sources; phases with `named:` communes (real
                           units, as a plan with no province can name them: see real_units), per-year
                           commune counts, unit costs, per-year amounts, shares, per-source amounts and
                           equal splits; group subtotals and the grand total computed so that B001/B002 hold;
  OUT/national-tenth.yaml  the same plan with a tenth of the communes (332), for the scaling ratio;
  OUT/national-named.yaml  the national plan with every commune of every rollout named in every year;
  OUT/national-unknown.yaml  a national plan that names 200 communes the registry does not know, each at 680
                           places (68 lines, a phase per year): 136,000 failed look-ups unless failures are kept;
  OUT/lines-N.yaml         provincial plans with 2,000 / 20,000 / 100,000 lines;
  OUT/communes/xa-NNNN.yaml  1,000 small commune plans of real communes (2-5 interventions each);
  OUT/manifest.json        sizes and counts of what was written (read by bench/run.py).

Every plan but national-unknown.yaml validates with 0 errors and 0 warnings. The same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

import yaml

SEED = 20260101
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"

N_COMMUNES = 3321  # communes and wards of Viet Nam after the 2025 reorganisation
N_INTERVENTIONS = 40
YEARS = (2026, 2035)
N_SMALL = 1000

SYLLABLES = [
    "An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Long", "Mỹ", "Đông", "Tây", "Nam", "Bắc", "Phước",
    "Thuận", "Vĩnh", "Hưng", "Lộc", "Xuân", "Quang", "Trung", "Sơn", "Hải", "Thành", "Đức", "Kim",
    "Ngọc", "Hồng", "Lâm", "Cát", "Hiệp", "Nghĩa", "Lợi", "Thắng", "Tiến", "Yên", "Khánh",
]
HIGHLAND = ["Ia", "Đăk", "Chư", "Krông", "Ea", "Kon", "Pờ", "Mường", "Nà", "Bản"]

SOURCES = [
    {"id": "ntp-dtts", "name": "Chương trình MTQG phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và "
                                "miền núi", "short": "CTMTQG DTTS-MN", "kind": "ntp", "component": "Dự án 7",
     "valid": {"start": 2026, "end": 2035}},
    {"id": "ntp-gnbv", "name": "Chương trình MTQG giảm nghèo bền vững", "short": "CTMTQG GNBV", "kind": "ntp",
     "component": "Tiểu dự án 2 - Dự án 3", "valid": {"start": 2026, "end": 2035}},
    {"id": "ntp-ntm", "name": "Chương trình MTQG xây dựng nông thôn mới", "short": "CTMTQG XD NTM", "kind": "ntp",
     "component": "Nội dung 2", "valid": {"start": 2026, "end": 2035}},
    {"id": "nsdp", "name": "Ngân sách địa phương", "short": "NSĐP", "kind": "local-budget"},
    {"id": "xhh", "name": "Nguồn xã hội hóa", "short": "XHH", "kind": "socialised"},
    {"id": "donor", "name": "Viện trợ không hoàn lại của các tổ chức quốc tế", "short": "ODA/NGO", "kind": "donor"},
]
SOURCE_IDS = [s["id"] for s in SOURCES]

GROUPS = [
    ("I", "Y tế"),
    ("II", "Dinh dưỡng"),
    ("III", "Giáo dục mầm non"),
    ("IV", "Bảo vệ trẻ em"),
    ("V", "Truyền thông và nâng cao năng lực"),
]
LEADS = ["Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Bộ Nội vụ", "Bộ Y tế", "Bộ Văn hóa, Thể thao và Du lịch"]
TOPICS = [
    "Quản lý điều trị suy dinh dưỡng cấp tính nặng (IMAM)", "Gói can thiệp dinh dưỡng cơ bản",
    "Chăm sóc thiết yếu bà mẹ và trẻ sơ sinh", "Thư viện thân thiện trong trường mầm non",
    "Hệ thống bảo vệ trẻ em dựa vào cộng đồng", "Câu lạc bộ dinh dưỡng", "Phát hiện sớm khuyết tật",
    "Nhóm trẻ độc lập tư thục", "Tư vấn nuôi dạy con", "Chăm sóc theo phương pháp Kangaroo",
    "Tiêm chủng mở rộng", "Sữa học đường", "Bổ sung vi chất dinh dưỡng", "Nước sạch và vệ sinh trường học",
]


# --- names: real units of the registry ------------------------------------------------------------------------

def real_units() -> dict:
    """The communes, wards and special zones of after 1 July 2025 (3,321), from ecdplan's registry, each with
    how a plan can name it: `national` is the spelling that identifies it in a plan with no province (its name
    alone, or with its type, or `{name, district}` with the old district of one of the units it was made from;
    None when none of these does: the format has no province for a named commune, and about 800 units share
    their name, and their old district's, with a unit of another province, or differ from another only in
    diacritics), `in_province` the name that identifies it within its province (None if it does not)."""
    from ecdplan.reference.places import registry

    reg = registry()
    raw = reg.raw
    provinces = [reg.place(f"p:{i}").name for i in range(len(raw["provinces"]))]
    full = [reg.place(f"p:{i}").full for i in range(len(raw["provinces"]))]  # 'tỉnh Lạng Sơn', 'thành phố Huế'
    units = []
    for i, (prov, kind, name, _code) in enumerate(raw["units"]):
        place = reg.place(f"u:{i}")

        def only_this(found: list) -> bool:
            """`found` is this unit, or it and units of before the reform of its province that went into it, as
            the A rules see it (one province; and no other unit whose name differs only in diacritics: I004)."""
            return (bool(found) and len({p.province for p in found}) == 1
                    and all(p.key == place.key or place in reg.after(p) for p in found))

        national: str | dict | None = None
        for text in (name, f"{kind} {name}"):
            if only_this(reg.find(text, levels={"commune"})):
                national = text
                break
        if national is None:
            for old in reg.before(place):
                if old.district and only_this(reg.find(name, None, old.district, levels={"commune"})):
                    national = {"name": name, "district": old.district}
                    break
        in_province = name if only_this(reg.find(name, provinces[prov], levels={"commune"})) else None
        units.append({"province": provinces[prov], "province_full": full[prov], "kind": kind, "name": name,
                      "national": national, "in_province": in_province})
    return {"provinces": provinces, "units": units}


_UNITS: dict | None = None


def units() -> dict:
    global _UNITS
    if _UNITS is None:
        _UNITS = real_units()
    return _UNITS


def nameable(rng: random.Random, n: int) -> list[str | dict]:
    """n communes a national plan can name (see real_units), as it names them; a fixed sample for each n."""
    spelled = [u["national"] for u in units()["units"] if u["national"] is not None]
    picked = sorted(rng.sample(range(len(spelled)), min(n, len(spelled))))
    return [spelled[k] for k in picked]


# --- totals: the same arithmetic ecdplan does, in integers ----------------------------------------------------

def communes_by_year(rollout) -> dict[int, int]:
    if rollout is None:
        return {}
    if isinstance(rollout, dict):
        return dict(rollout)
    out: dict[int, int] = {}
    for phase in rollout:
        first, _, last = str(phase["years"]).partition("-")
        for y in range(int(first), int(last or first) + 1):
            out[y] = phase["communes"]
    return out


def line_total(iv: dict) -> int:
    cost = iv["cost"]
    if "total" in cost:
        return cost["total"]
    if "by_year" in cost:
        return sum(cost["by_year"].values())
    return cost["per_commune_year"] * sum(communes_by_year(iv.get("rollout")).values())


def split_integer(rng: random.Random, total: int, parts: int) -> list[int]:
    """`parts` non-negative integers adding up to `total`."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def funding(rng: random.Random, style: str, total: int, pool: list[str]) -> list:
    picked = rng.sample(pool, rng.randint(2, min(4, len(pool))))
    chosen = [s for s in pool if s in picked]  # in catalogue order
    if style == "equal":
        return chosen
    if style == "shares":
        shares = split_integer(rng, 100, len(chosen))
        return [{"source": s, "share": sh} for s, sh in zip(chosen, shares)]
    amounts = split_integer(rng, total, len(chosen))
    return [{"source": s, "amount": a} for s, a in zip(chosen, amounts)]


def declare_totals(plan: dict) -> None:
    """Group subtotals and the grand total, computed from the lines (so B001/B002 hold)."""
    by_group = {g["id"]: 0 for g in plan["groups"]}
    for iv in plan["interventions"]:
        by_group[iv["group"]] += line_total(iv)
    for g in plan["groups"]:
        g["total"] = by_group[g["id"]]
    plan["total"] = sum(by_group.values())


# --- the national plan -----------------------------------------------------------------------------------------

COVERAGE = [0.05, 0.1, 0.15, 0.25, 0.4, 0.6, 1.0]  # final share of the country's communes a line reaches
COVERAGE_NAMED = [0.6, 0.75, 0.9, 1.0]  # all-named plan: share of the communes a plan can name, a line reaches


def national_plan(scale: float = 1.0, seed: int = SEED, all_named: bool = False) -> dict:
    """The national plan, on the map of after 1 July 2025 (34 provinces, no districts, 3,321 communes).

    Named phases name real units, as a plan with no province can name them (`real_units`). `all_named`: every
    line with a rollout names its communes in every year, most in one phase for the decade, every eighth in the
    programme's two phases (2026-2030, 2031-2035), and lines reach more communes (the listing: ~680,000 rows)."""
    rng = random.Random(seed)
    n = max(10, round(N_COMMUNES * scale))
    every = sum(1 for u in units()["units"] if u["national"] is not None)
    pool = nameable(rng, round(every * scale))  # the communes the named phases choose from
    first, last = YEARS
    years = list(range(first, last + 1))
    suffix = "" if scale == 1 else f" (1/{round(1 / scale)} scale)"
    plan: dict = {
        "format": "ecdplan/1",
        "plan": {
            "id": ("national-2026-2035" if scale == 1 else f"national-2026-2035-s{round(1 / scale)}")
                  + ("-named" if all_named else ""),
            "title": "Chương trình chăm sóc vì sự phát triển toàn diện trẻ em trong những năm đầu đời giai đoạn "
                     f"2026-2035 (synthetic benchmark plan){suffix}",
            "number": "1/QĐ-TTg",
            "date": dt.date(2025, 12, 1),
            "issuer": "Thủ tướng Chính phủ",
            "level": "national",
            "area": {"name": "toàn quốc", "communes": n},
            "period": {"start": first, "end": last},
            "unit": "million VND",
            "notes": f"Generated by bench/generate.py (seed {seed}, scale {scale}). Not a real plan; the named "
                     "communes are real units of 1/7/2025 (registry of administrative units).",
        },
        "sources": SOURCES,
        "groups": [{"id": gid, "name": gname} for gid, gname in GROUPS],
        "interventions": [],
    }
    rollouts = ["phases-named", "phases", "by-year", "phases-named", "phases", "by-year", "phases", "years-only"]
    costs = ["total", "unit", "unit+total", "by-year", "by-year+total"]
    splits = ["equal", "shares", "amounts"]
    for i in range(N_INTERVENTIONS):
        gid, _ = GROUPS[i % len(GROUPS)]
        rollout_kind = "phases-named" if i == 0 else rollouts[i % len(rollouts)]
        cov = 1.0 if i == 0 else rng.choice(COVERAGE)
        if all_named and rollout_kind != "years-only":
            rollout_kind = "phases-named"
            cov = 1.0 if i == 0 else rng.choice(COVERAGE_NAMED)
        final = max(1, round((len(pool) if rollout_kind == "phases-named" else n) * cov))
        iv: dict = {
            "id": f"line-{i + 1:02d}",
            "group": gid,
            "name": f"{TOPICS[i % len(TOPICS)]} - hợp phần {i + 1}",
            "lead": LEADS[i % len(LEADS)],
            "cooperating": ["Bộ Tài chính", "UBND các tỉnh, thành phố trực thuộc trung ương"],
        }
        if rollout_kind == "years-only":
            iv["years"] = f"{first}-{last}"
            active = years
        elif rollout_kind == "by-year":
            counts = {y: max(1, round(final * (k + 1) / len(years))) for k, y in enumerate(years)}
            iv["rollout"] = counts
            active = years
        else:
            order = rng.sample(range(len(pool)), len(pool))  # which communes, in the order the line reaches them
            if all_named:  # those named by their name alone first: the listing plan stays compact (~1.5 MB)
                order.sort(key=lambda j: not isinstance(pool[j], str))
            if not all_named:
                spans = (((first, first + 1), 0.2), ((first + 2, first + 4), 0.5), ((first + 5, last), 1.0))
            elif i % 8 == 0:
                spans = (((first, first + 4), 0.6), ((first + 5, last), 1.0))
            else:
                spans = (((first, last), 1.0),)
            phases = []
            for span, frac in spans:
                count = max(1, round(final * frac))
                phase: dict = {"years": f"{span[0]}-{span[1]}", "communes": count,
                               "where": f"{count} xã" + (" trên toàn quốc" if count == n else " khó khăn")}
                if rollout_kind == "phases-named":
                    # a copy of each {name, district}: the same object twice would be written as a YAML alias
                    phase["named"] = Flow(pool[j] if isinstance(pool[j], str) else dict(pool[j])
                                          for j in order[:count])
                phases.append(phase)
            iv["rollout"] = phases
            active = years
        cost_kind = "by-year" if rollout_kind == "years-only" and i % 2 else costs[i % len(costs)]
        if rollout_kind == "years-only" and cost_kind.startswith("unit"):
            cost_kind = "total"
        if cost_kind == "total":
            cost = {"total": rng.randint(2, 400) * 1000}
        elif cost_kind == "unit":
            cost = {"per_commune_year": rng.randint(5, 150)}
        elif cost_kind == "unit+total":
            unit = rng.randint(5, 150)
            cost = {"total": unit * sum(communes_by_year(iv["rollout"]).values()), "per_commune_year": unit}
        else:
            by_year = {y: rng.randint(100, 20000) for y in active}
            cost = {"total": sum(by_year.values()), "by_year": by_year} if cost_kind == "by-year+total" \
                else {"by_year": by_year}
        iv["cost"] = cost
        iv["sources"] = funding(rng, splits[(i // 2) % len(splits)], line_total(iv), SOURCE_IDS)
        if i % 3 == 0:
            iv["beneficiaries"] = {"count": rng.randint(50, 400), "per": "commune-year",
                                   "who": "trẻ em dưới 6 tuổi"}
        plan["interventions"].append(iv)
    declare_totals(plan)
    plan["indicators"] = [
        {"id": f"ind-{k}", "name": name, "unit": "percent", "direction": direction,
         "milestones": {first: start, 2030: mid, last: end}}
        for k, (name, direction, start, mid, end) in enumerate([
            ("Tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng thể thấp còi", "down", 19, 16, 13),
            ("Tỷ lệ trẻ em được tiêm chủng đầy đủ", "up", 90, 95, 98),
            ("Tỷ lệ trẻ 3-5 tuổi đi học mẫu giáo", "up", 92, 96, 99),
            ("Tỷ lệ xã có hệ thống bảo vệ trẻ em", "up", 60, 80, 100),
        ], start=1)
    ]
    plan["reporting"] = [
        {"report": "Báo cáo kết quả thực hiện (năm)", "by": "UBND các tỉnh", "to": "Bộ Y tế", "yearly": "12-15"},
        {"report": "Báo cáo sơ kết giai đoạn 2026-2030", "by": "Các bộ, ngành", "to": "Thủ tướng Chính phủ",
         "due": dt.date(2030, 12, 31)},
    ]
    return plan


N_UNKNOWN = 200          # invented commune names in national-unknown.yaml
UNKNOWN_LINES = 68       # its lines: each names every unknown commune in each of the 10 years (136,000 places)


def unknown_names(n: int = N_UNKNOWN) -> list[str]:
    """n commune names no registry holds ('Thạnh Lộc 7'): two syllables and a number."""
    pairs = [f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b]
    return [f"{pairs[k * 7 % len(pairs)]} {k + 1}" for k in range(n)]


def national_unknown_plan(seed: int = SEED) -> dict:
    """The national plan of a drafter whose communes the registry does not know: UNKNOWN_LINES lines, each with a
    phase per year naming the same N_UNKNOWN invented communes (every name at 680 places). Every place is a
    warning (A003); what is measured is the cost of a name that fails its look-up, again and again."""
    rng = random.Random(seed + 2)
    plan = national_plan(1.0, seed)
    plan["plan"]["id"] = "national-2026-2035-unknown"
    plan["plan"]["title"] += " (communes unknown to the registry)"
    names = unknown_names()
    first, last = YEARS
    plan["interventions"] = []
    for i in range(UNKNOWN_LINES):
        gid, _ = GROUPS[i % len(GROUPS)]
        phases = [{"years": str(y), "communes": len(names), "where": f"{len(names)} xã khó khăn",
                   "named": Flow(names)} for y in range(first, last + 1)]
        iv = {"id": f"line-{i + 1:02d}", "group": gid, "name": f"{TOPICS[i % len(TOPICS)]} - hợp phần {i + 1}",
              "lead": LEADS[i % len(LEADS)], "rollout": phases,
              "cost": {"per_commune_year": rng.randint(5, 150)}}
        iv["sources"] = funding(rng, "equal", line_total(iv), SOURCE_IDS)
        plan["interventions"].append(iv)
    declare_totals(plan)
    return plan


# --- plans with many lines (scaling in the number of interventions) --------------------------------------------

LINE_COUNTS = (2_000, 20_000, 100_000)


def lines_plan(n_lines: int, seed: int = SEED) -> dict:
    """A provincial plan with `n_lines` interventions (no named communes, no groups), each written on one
    short line so that 100,000 of them stay under ecdplan's 8 MiB file limit: totals, year ranges, phases
    with unit costs; one or two sources, or shares; the grand total that adds up."""
    rng = random.Random(seed + n_lines)
    first, last = 2026, 2030
    plan: dict = {
        "format": "ecdplan/1",
        "plan": {"id": f"lines-{n_lines}", "title": f"Synthetic plan with {n_lines:,} lines (benchmark)",
                 "issuer": "UBND tỉnh Mẫu", "level": "province",
                 "area": {"name": "tỉnh Mẫu", "communes": 200}, "period": {"start": first, "end": last},
                 "unit": "million VND", "notes": f"Generated by bench/generate.py (seed {seed}). Not a real plan."},
        "sources": [{k: v for k, v in s.items() if k != "valid"} for s in SOURCES],
        "interventions": [],
    }
    for i in range(n_lines):
        iv: dict = {"id": f"l{i + 1}", "name": f"D{i + 1}"}
        if i % 8 == 3:
            iv["rollout"] = [{"years": f"{first}-{last}", "communes": rng.randint(1, 20)}]
            iv["cost"] = {"per_commune_year": rng.randint(5, 150)}
        else:
            if i % 4 == 1:
                iv["years"] = f"{first + 1}-{last}"
            iv["cost"] = {"total": rng.randint(10, 900)}
        if i % 10 == 7:
            share = rng.randint(1, 99)
            iv["sources"] = [{"source": "nsdp", "share": share}, {"source": "xhh", "share": 100 - share}]
        else:
            iv["sources"] = [rng.choice(SOURCE_IDS[3:])] if i % 3 else SOURCE_IDS[3:5]
        plan["interventions"].append(iv)
    plan["total"] = sum(line_total(iv) for iv in plan["interventions"])
    return plan


# --- small commune plans ---------------------------------------------------------------------------------------

SMALL_LINES = [
    ("Câu lạc bộ dinh dưỡng", "Trạm Y tế xã"), ("Theo dõi tăng trưởng trẻ dưới 2 tuổi", "Trạm Y tế xã"),
    ("Góc thư viện mầm non", "Trường mầm non"), ("Nhóm hỗ trợ cha mẹ", "Hội Liên hiệp Phụ nữ xã"),
    ("Sinh hoạt cộng đồng về bảo vệ trẻ em", "Công chức Văn hóa - Xã hội"),
    ("Khám sàng lọc khuyết tật", "Trạm Y tế xã"),
]


def small_communes(rng: random.Random, n: int) -> list[dict]:
    """n real communes (of after 1 July 2025) that a plan of the commune, with its province, names unambiguously."""
    fit = [u for u in units()["units"] if u["in_province"] is not None]
    return [fit[k] for k in sorted(rng.sample(range(len(fit)), n))]


def commune_plan(rng: random.Random, k: int, unit: dict) -> dict:
    name = unit["in_province"]
    full = f"{unit['kind'].lower()} {name}"  # 'xã Bằng Mạc', as written after 'UBND'
    parent = f"UBND {unit['province_full']}"  # the commune's superior since 1/7/2025 (no districts)
    first = 2026
    last = first + rng.randint(1, 4)
    years = list(range(first, last + 1))
    sources = [SOURCES[3], SOURCES[4]] + ([SOURCES[0]] if k % 3 == 0 else [])
    pool = [s["id"] for s in sources]
    plan: dict = {
        "format": "ecdplan/1",
        "plan": {
            "id": f"xa-{k:04d}-{first}-{last}",
            "title": f"Kế hoạch chăm sóc phát triển toàn diện trẻ em {full} giai đoạn {first}-{last}",
            "issuer": f"UBND {full}",
            "level": "commune",
            "area": {"name": full, "province": unit["province"], "communes": 1},
            "period": {"start": first, "end": last},
            "unit": "million VND",
            "parent": {"number": f"{rng.randint(10, 300)}/KH-UBND", "issuer": parent},
        },
        "sources": sources,
        "groups": [{"id": "I", "name": "Y tế và dinh dưỡng"}, {"id": "II", "name": "Giáo dục và bảo vệ trẻ em"}],
        "interventions": [],
    }
    for j, (line, lead) in enumerate(rng.sample(SMALL_LINES, rng.randint(2, 5))):
        iv: dict = {"id": f"hd-{j + 1}", "group": "I" if "Y tế" in lead or "dinh dưỡng" in line else "II",
                    "name": line, "lead": lead}
        style = (k + j) % 4
        if style == 0:
            iv["rollout"] = [{"years": f"{first}-{last}", "communes": 1, "named": [name]}]
            iv["cost"] = {"per_commune_year": rng.randint(5, 60)}
        elif style == 1:
            iv["rollout"] = {y: 1 for y in years}
            iv["cost"] = {"total": rng.randint(10, 300)}
        elif style == 2:
            iv["years"] = f"{first}-{last}"
            by_year = {y: rng.randint(2, 80) for y in years}
            iv["cost"] = {"total": sum(by_year.values()), "by_year": by_year}
        else:
            iv["years"] = f"{first}-{last}"
            iv["cost"] = {"total": rng.randint(5, 200)}
        iv["sources"] = funding(rng, ("equal", "shares", "amounts")[j % 3], line_total(iv), pool)
        plan["interventions"].append(iv)
    declare_totals(plan)
    plan["reporting"] = [{"report": "Báo cáo kết quả thực hiện (năm)", "by": f"UBND {full}", "to": parent,
                          "yearly": "11-30"}]
    return plan


# --- writing ---------------------------------------------------------------------------------------------------

class Flow(list):
    """A list written in flow style, names and {name, district} alike: `named: [Ba Tơ, {name: .., district: ..}]`."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))

HEADER = "# Synthetic plan written by bench/generate.py for the benchmarks; not a real plan.\n"


def dump(plan: dict, path: Path, one_line_each: bool = False) -> int:
    """Write PLAN as YAML; `one_line_each`: every intervention as one flow mapping on its own line."""
    if one_line_each:
        head = {k: v for k, v in plan.items() if k != "interventions"}
        body = "".join("- " + yaml.safe_dump(iv, allow_unicode=True, sort_keys=False, width=10**6,
                                             default_flow_style=True) for iv in plan["interventions"])
        text = HEADER + yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=110,
                                       default_flow_style=None) + "interventions:\n" + body
    else:
        text = HEADER + yaml.dump(plan, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110,
                                  default_flow_style=None)
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    return len(data)


def stats(plan: dict) -> dict:
    named = sum(len(ph.get("named") or []) for iv in plan["interventions"]
                if isinstance(iv.get("rollout"), list) for ph in iv["rollout"])
    distinct = len({(n if isinstance(n, str) else n["name"]) for iv in plan["interventions"]
                    if isinstance(iv.get("rollout"), list) for ph in iv["rollout"] for n in ph.get("named") or []})
    commune_years = sum(sum(communes_by_year(iv.get("rollout")).values()) for iv in plan["interventions"])
    return {"communes": plan["plan"]["area"]["communes"], "interventions": len(plan["interventions"]),
            "named_entries": named, "distinct_named": distinct, "commune_years": commune_years,
            "total_million_vnd": plan["total"]}


def generate(out: Path, seed: int = SEED, n_small: int = N_SMALL) -> dict:
    out = Path(out)
    manifest: dict = {"seed": seed}
    for name, scale, all_named in (("national.yaml", 1.0, False), ("national-tenth.yaml", 0.1, False),
                                   ("national-named.yaml", 1.0, True)):
        plan = national_plan(scale, seed, all_named)
        size = dump(plan, out / name)
        manifest[name] = {"bytes": size, **stats(plan)}
    plan = national_unknown_plan(seed)
    manifest["national-unknown.yaml"] = {"bytes": dump(plan, out / "national-unknown.yaml"), **stats(plan)}
    for n_lines in LINE_COUNTS:
        plan = lines_plan(n_lines, seed)
        name = f"lines-{n_lines}.yaml"
        size = dump(plan, out / name, one_line_each=True)
        manifest[name] = {"bytes": size, **stats(plan)}
    rng = random.Random(seed + 1)
    folder = out / "communes"
    total_bytes = 0
    for k, unit in enumerate(small_communes(rng, n_small), start=1):
        total_bytes += dump(commune_plan(rng, k, unit), folder / f"xa-{k:04d}.yaml")
    manifest["communes/"] = {"files": n_small, "bytes": total_bytes}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=str(DEFAULT_OUT), help="output folder (default: bench/out/)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument("--small", type=int, default=N_SMALL, help=f"number of commune plans (default {N_SMALL})")
    args = parser.parse_args(argv)
    manifest = generate(Path(args.out), args.seed, args.small)
    print(json.dumps(manifest, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
