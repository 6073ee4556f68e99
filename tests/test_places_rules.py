"""Issue 15: places, bodies and programmes after 1 July 2025, cited documents, currencies.

Near misses of the A, G, D, C rules (their triggers are in test_rules.TRIGGERS), and the behaviours the issue
asks to show: `places` look-ups, a plan moved to 2026, `--migrate`, F002's wording, lazy loading, bad input.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecdplan.cli.commands import app
from test_rules import BASE, ISSUED_AFTER, MERGED, PROV, edit

ROOT = Path(__file__).resolve().parent.parent
RUN = CliRunner()


def codes(run) -> list[str]:
    return [f["code"] for f in run.findings()]


# --- near misses: one step from each trigger, no finding ------------------------------------------------------

NEAR_MISSES = {
    "A001": edit("  unit: million VND\n", ISSUED_AFTER, edit("[Bằng Mạc, Gia Lộc, Bằng Hữu, Thượng Cường]",
                                                             "[Bằng Mạc, Vạn Linh, Nhân Lý, Quan Sơn]", MERGED)),
    "A002": edit("[Bằng Mạc, Gia Lộc, Bằng Hữu, Thượng Cường]", "[Bằng Mạc, Vạn Linh, Nhân Lý, Quan Sơn]", MERGED),
    "A003": edit("        communes: 2\n", "        communes: 2\n        named: [Bằng Hữu, Gia Lộc]\n", PROV),
    "A004": edit("  level: commune\n", "  level: province\n", edit("communes: 4\n", "communes: 65\n", PROV)),
    "A005": edit("  period: {start: 2023, end: 2026}\n", "  period: {start: 2019, end: 2019}\n",
                 edit("  area: {name: xã Thử, communes: 10}\n",
                      "  area: {name: tỉnh Thanh Hóa, province: Thanh Hóa, named_districts: [Tĩnh Gia]}\n",
                      edit("    milestones: {2023: 70, 2026: 90}\n", "    milestones: {2019: 90}\n",
                           edit("    due: 2026-12-05", "    due: 2019-12-05",
                                edit("      - years: 2025-2026\n        communes: 4\n", "",
                                     edit("years: 2023-2024", "years: 2019-2019")))))),
    "O001": edit("    due: 2026-12-05", "    due: 2026-12-05\n    to: Sở Tài chính"),
    "D001": edit("  unit: million VND\n", "  unit: million VND\n  basis:\n    - {number: 1/QĐ-TTg, date: 2020-01-01}\n"
                 "    - {number: 1/QĐ-TTg, date: 2020-01-01}\n"),
    "D002": edit("  unit: million VND\n", "  unit: million VND\n  number: 5/KH-UBND\n  date: 2023-01-05\n"),
    "D003": edit("  unit: million VND\n", "  unit: million VND\n  basis:\n    - {number: 1/QĐ-TTg, title: Chương "
                 "trình giai đoạn 2021-2030}\n"),
    "D004": edit("  issuer: UBND xã Thử\n", "  issuer: UBND xã Thử\n  number: 5/KH-UBND\n  date: 2023-01-05\n"),
    "C001": edit("  unit: million VND\n", "  currency: {code: USD, rate: 25000, date: 2024-01-02, source: test}\n"),
    "C002": edit("  unit: million VND\n", "  currency: {code: USD, rate: 25000, date: 2024-01-02, source: test}\n"),
}


@pytest.mark.parametrize("code", sorted(NEAR_MISSES))
def test_one_step_from_the_trigger_the_rule_is_silent(validate_json, code):
    run = validate_json(NEAR_MISSES[code])
    assert code not in codes(run), run.stdout


@pytest.mark.parametrize("old, new, code", [
    ("  title: Kế hoạch thử nghiệm\n", "  title: Kế hoạch thử nghiệm giai đoạn 2023-2025\n", "D004"),
    ("  date: 2023-01-05\n", "  date: 2023-01-05\n  parent: {number: 9/KH-UBND, date: 2023-02-01}\n", "D004"),
    ("  number: 5/KH-UBND\n", "  number: 5/2024/KH-UBND\n", "D004"),
])
def test_the_plan_against_what_it_says_of_itself(validate_json, old, new, code):
    base = NEAR_MISSES["D004"]
    assert code not in codes(validate_json(base))
    assert code in codes(validate_json(edit(old, new, base)))


def test_a_report_on_earlier_years_cited_as_basis_is_not_d003(validate_json):
    text = edit("  unit: million VND\n", "  unit: million VND\n  basis:\n    - {title: Báo cáo tổng kết dự án giai "
                "đoạn 2017-2021}\n")
    assert "D003" not in codes(validate_json(text))


def test_the_base_plan_names_no_place_and_so_is_not_checked_against_the_registry(validate_json):
    assert codes(validate_json(BASE)) == []


def test_a_national_plan_naming_communes_is_not_told_its_area_is_no_unit(validate_json):
    """The area of a national plan is the country ('toàn quốc'): its communes are checked, its area is no unit."""
    text = edit("  level: commune\n", "  level: national\n", edit(
        "  area: {name: xã Thử, communes: 10}\n", "  area: {name: toàn quốc, communes: 3321}\n", edit(
            "        communes: 2\n", "        communes: 2\n        named: [Bằng Mạc, Không Có Đâu]\n")))
    found = [(f["code"], f.get("path")) for f in validate_json(text).findings() if f["code"].startswith("A")]
    assert [code for code, _ in found] == ["A003"], found  # the unknown commune only
    assert "toàn quốc" not in str(found)


# --- places -----------------------------------------------------------------------------------------------------

def test_places_ia_mlah_names_xa_phu_tuc_of_gia_lai_as_successor():
    for spelling in ("Ia Mlah", "Ia Mlăh", "Ia Mláh", "ia mlah"):
        run = RUN.invoke(app, ["places", spelling, "--format", "json"])
        assert run.exit_code == 0, run.output
        [row] = json.loads(run.stdout)["rows"]
        assert row["until"] == "2025-06-30" and row["district"] == "huyện Krông Pa"
        assert row["successors"] == "xã Phú Túc (Gia Lai; from 1/7/2025)"


def test_places_bang_mac_finds_the_new_commune_and_its_four_predecessors():
    run = RUN.invoke(app, ["places", "bang mac", "--format", "json"])
    assert run.exit_code == 0, run.output
    new = next(r for r in json.loads(run.stdout)["rows"] if r["from"] == "2025-07-01")
    assert (new["unit"], new["province"]) == ("xã Bằng Mạc", "Lạng Sơn")
    import re

    before = re.findall(r"(xã [^(;]+?) \(", new["predecessors"])
    assert sorted(before) == sorted(["xã Bằng Mạc", "xã Gia Lộc", "xã Bằng Hữu", "xã Thượng Cường"])


def test_an_ambiguous_name_lists_its_candidates_with_their_province():
    run = RUN.invoke(app, ["places", "Phú Túc", "--format", "json"])
    provinces = {r["province"] for r in json.loads(run.stdout)["rows"]}
    assert {"Gia Lai", "Vĩnh Long"} <= provinces


def bang_mac_in_2026(tmp_path: Path) -> Path:
    text = (ROOT / "plans" / "bang-mac-2024.yaml").read_text(encoding="utf-8")
    for a, b in (("period: {start: 2024, end: 2024}", "period: {start: 2026, end: 2026}"),
                 ("years: 2024\n", "years: 2026\n"), ("due: 2024-11-15", "due: 2026-11-15"),
                 ("due: 2024-11-20", "due: 2026-11-20"), ("    file: chi-lang-2024.yaml\n", "")):
        text = text.replace(a, b)
    path = tmp_path / "bang-mac-2026.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bang_mac_plan_moved_to_2026_is_told_chi_lang_and_its_ubnd_are_gone(tmp_path):
    path = bang_mac_in_2026(tmp_path)
    run = RUN.invoke(app, ["validate", str(path), "--format", "json"])
    assert run.exit_code == 1
    found = json.loads(run.stdout)["findings"]
    [district] = [f for f in found if f["code"] == "A001"]
    assert "huyện Chi Lăng" in district["message"] and "xã Bằng Mạc (Lạng Sơn; from 1/7/2025)" in district["message"]
    bodies = [f for f in found if f["code"] == "O001"]
    assert any("UBND cấp huyện" in f["message"] and "UBND cấp xã" in f["figures"]["successor"] for f in bodies)


def test_migrate_shows_a_diff_and_writes_only_when_asked(tmp_path):
    path = bang_mac_in_2026(tmp_path)
    before = path.read_text(encoding="utf-8")
    run = RUN.invoke(app, ["places", "--migrate", str(path)])
    assert run.exit_code == 0, run.output
    assert "-    district: huyện Chi Lăng" in run.stdout and run.stdout.startswith("---")
    assert path.read_text(encoding="utf-8") == before
    RUN.invoke(app, ["places", "--migrate", str(path), "--write"])
    assert "district: huyện Chi Lăng" not in path.read_text(encoding="utf-8")
    assert "A001" not in RUN.invoke(app, ["validate", str(path)]).stdout


def test_migrate_never_merges_two_communes_that_became_one(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(edit("        communes: 2\n", "        communes: 2\n        named: [Gia Lộc, Bằng Hữu]\n", PROV),
                    encoding="utf-8")
    run = RUN.invoke(app, ["places", "--migrate", str(path), "--write"])
    assert "both entries are kept" in run.output
    after = RUN.invoke(app, ["validate", str(path), "--format", "json"])
    assert "I004" in [f["code"] for f in json.loads(after.stdout)["findings"]]


# --- programmes -------------------------------------------------------------------------------------------------

def test_f002_on_gia_lai_says_phase_i_ends_for_dtts_mn_and_the_programme_ends_for_gnbv_and_ntm():
    run = RUN.invoke(app, ["validate", str(ROOT / "plans" / "gia-lai-2023-2026.yaml"), "--format", "json"])
    f002 = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "F002"]
    by_source = {f["figures"]["source"]: f["message"] for f in f002}
    assert "phase I ends in 2025" in by_source["ntp-dtts"] and "2021-2030" in by_source["ntp-dtts"]
    for source in ("ntp-gnbv", "ntp-ntm"):
        assert "the programme ends in 2025" in by_source[source]
    assert all("merged programme 2026-2035" in m for m in by_source.values())


# --- the registry is read only when a plan names places ----------------------------------------------------------

def test_validate_of_a_plan_naming_no_place_does_not_read_the_registry(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(BASE, encoding="utf-8")
    probe = ("import sys, builtins\n"
             "opened = []\n"
             "real = builtins.open\n"
             "from pathlib import Path\n"
             "read = Path.read_bytes\n"
             "Path.read_bytes = lambda self: (opened.append(self.name), read(self))[1]\n"
             "from ecdplan.pipeline import check_file\n"
             f"r = check_file({str(plan)!r})\n"
             "print('ecdplan.reference.places' in sys.modules, any(n.startswith('admin-units') for n in opened), len(r.findings))\n"
             f"check_file({str(ROOT / 'plans' / 'gia-lai-2023-2026.yaml')!r})\n"
             "print('ecdplan.reference.places' in sys.modules, any(n.startswith('admin-units') for n in opened))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["False", "False", "0", "True", "True"]


# --- bad input: findings with line:col, never a traceback ----------------------------------------------------------

@pytest.mark.parametrize("change, code", [
    (("    kind: ntp\n", "    kind: ntp\n    programme: dtts-mm\n"), "S001"),
    (("  unit: million VND\n", "  currency: {code: USD, rate: -3, date: 2024-01-02, source: x}\n"), "C001"),
    (("  unit: million VND\n", "  currency: {code: USD, rate: 0, date: 2024-01-02, source: x}\n"), "C001"),
    (("  unit: million VND\n", "  currency: {code: USD, rate: 1000000000000, date: 2024-01-02, source: x}\n"), "C001"),
    (("  unit: million VND\n", "  currency: {code: USD, rate: 1_000, date: 2024-01-02, source: x}\n"), "L009"),  # the loader refuses `1_000` before the rate rule sees it
])
def test_bad_new_fields_are_findings_with_a_position(validate_json, change, code):
    run = validate_json(edit(*change))
    found = [f for f in run.findings() if f["code"] == code]
    assert found and found[0]["line"] > 1 and found[0]["col"] >= 1
    assert run.exit_code in (1, 2)


def test_place_names_with_control_characters_or_nfd_are_handled(validate_json):
    run = validate_json(edit("        communes: 2\n", "        communes: 2\n        named: [\"Gia\\u200bLộc\", "
                             "\"Ba\\u0306\\u0300ng Hu\\u031b\\u0303u\"]\n", PROV))
    found = run.findings()
    assert [f["code"] for f in found] == ["A003"] and found[0]["line"] > 1  # the NFD name is Bằng Hữu, found


# --- currencies ---------------------------------------------------------------------------------------------------

def test_the_usd_plan_validates_and_budgets_in_vnd_and_usd_with_parts_adding_up_exactly_in_both():
    from decimal import Decimal

    plan = str(ROOT / "examples" / "usd-donor-plan.yaml")
    assert RUN.invoke(app, ["validate", plan]).exit_code == 0
    for currency, unit, total in (("VND", "vnd", Decimal("43146232650")), ("USD", "vnd", Decimal("1695300"))):
        run = RUN.invoke(app, ["budget", plan, "--by-source", "--by-year", "--unit", unit, "--currency", currency,
                               "--format", "json"])
        assert run.exit_code == 0, run.output
        doc = json.loads(run.stdout)
        rows = [r for r in doc["rows"] if r["source"] != "Total"]
        assert sum(Decimal(str(r["total"])) for r in rows) == total
        assert any("25450.5" in n for n in doc["notes"])
    usd = json.loads(RUN.invoke(app, ["budget", plan, "--by-source", "--currency", "USD", "--format", "json"]).stdout)
    by = {r["source_name"]: Decimal(str(r["amount"])) for r in usd["rows"]}
    assert by["UNICEF (viện trợ không hoàn lại)"] == Decimal("1410000")
    assert by["Vốn đối ứng ngân sách tỉnh"] == Decimal("285300")


def test_a_donor_source_in_usd_in_a_plan_in_million_vnd_converts_at_its_own_rate(validate_json, tmp_path):
    text = edit("  - id: nsdp\n", "  - id: unicef\n    name: UNICEF\n    kind: donor\n    currency: {code: USD, rate: 25000, "
                "date: 2024-01-02, source: test}\n  - id: nsdp\n",
                edit("sources: [ntp, nsdp]", "sources: [{source: unicef, amount: 30000}, {source: nsdp, amount: 250}]"))
    text = text.replace("    sources: [{source: unicef", "    sources: [{source: unicef")
    run = validate_json(text)
    assert [f["code"] for f in run.findings()] == [], run.stdout  # 30,000 USD × 25,000 + 250 million = 1,000 million
    plan = tmp_path / "p.yaml"
    plan.write_text(text, encoding="utf-8")
    out = RUN.invoke(app, ["budget", str(plan), "--by-source", "--currency", "USD", "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert {r["source"]: r["amount"] for r in doc["rows"]}["unicef"] == 30000
    assert any("source unicef in USD at 25000" in n for n in doc["notes"])
    wrong = validate_json(text.replace("amount: 30000}", "amount: 30001}"))
    assert "B003" in [f["code"] for f in wrong.findings()]


# --- bodies -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, body", [
    ("Sở LĐTB&XH", "so-ldtbxh"), ("Sở Lao động - Thương binh và Xã hội", "so-ldtbxh"),
    ("sở lao động, thương binh và xã hội tỉnh", "so-ldtbxh"), ("SỞ LĐTBXH", "so-ldtbxh"),
    ("Sở Kế hoạch và Đầu tư (qua Ban quản lý dự án)", "so-khdt"), ("Sở KH&ĐT", "so-khdt"), ("Sở KHĐT", "so-khdt"),
    ("Ban Dân tộc tỉnh", "ban-dan-toc"), ("UBND các huyện, thị xã, thành phố", "ubnd-huyen"),
    ("Ủy ban nhân dân huyện Chi Lăng", "ubnd-huyen"), ("UBND cấp huyện", "ubnd-huyen"),
    ("Phòng Lao động - Thương binh - Xã hội và Dân tộc", "phong-ldtbxh"),
    ("Sở Tài chính", None), ("Sở Y tế", None), ("UBND xã Bằng Mạc", None), ("Sở Nội vụ", None),
])
def test_bodies_are_matched_whatever_the_spelling(written, body):
    from ecdplan.reference.bodies import changes_in

    assert [c.id for c in changes_in(written)] == ([body] if body else [])


def test_in_a_city_plan_its_own_ubnd_and_offices_are_district_level_but_not_in_a_province_plan():
    from ecdplan.reference.bodies import changes_in

    assert [c.id for c in changes_in("UBND Thành phố", "city")] == ["cap-huyen"]
    assert [c.id for c in changes_in("Phòng Giáo dục và Đào tạo Thành phố", "city")] == ["cap-huyen"]
    assert changes_in("UBND Thành phố", "province") == [] and changes_in("Phòng Văn hóa - Xã hội", "commune") == []


def test_a_body_addressed_before_its_change_is_no_finding(validate_json):
    run = validate_json(edit("    due: 2026-12-05", "    due: 2026-12-05\n    to: Sở KHĐT", edit(
        "  period: {start: 2023, end: 2026}", "  period: {start: 2023, end: 2026}")).replace(
        "due: 2026-12-05", "due: 2024-12-05"))
    assert "O001" not in codes(run)


def test_an_envelope_file_in_vnd_for_a_usd_source_keeps_its_dong():
    from ecdplan.core.funding import plan_envelopes
    from ecdplan.rules.runner import check_text

    text = edit("  - id: nsdp\n", "  - id: unicef\n    name: UNICEF\n    kind: donor\n    currency: {code: USD, rate: 25450.5, "
                "date: 2024-01-02, source: test}\n  - id: nsdp\n")
    plan = check_text(text).plan
    envelopes, _ = plan_envelopes(plan, {"unicef": {2023: 100}, "nsdp": {2023: 7}}, 1_000_000)
    assert envelopes[("unicef", 2023)] == 100_000_000 and envelopes[("nsdp", 2023)] == 7_000_000


def test_a_plan_giving_both_a_unit_and_a_currency_is_refused_not_guessed(validate_json):
    text = edit("  unit: million VND\n", "  unit: million VND\n  currency: {code: USD, rate: 25000, date: 2024-01-02, "
                "source: x}\n")
    run = validate_json(text)
    [f] = [f for f in run.findings() if f["code"] == "C002"]
    assert "đồng or in USD" in f["message"] and run.exit_code == 1


def test_places_province_narrows_an_ambiguous_name():
    run = RUN.invoke(app, ["places", "Phú Túc", "--province", "Gia Lai", "--format", "json"])
    rows = json.loads(run.stdout)["rows"]
    assert {r["province"] for r in rows} == {"Gia Lai"} and len(rows) == 2  # the new xã and the old thị trấn
    assert RUN.invoke(app, ["places", "Phú Túc", "--province", "Lạng Sơn"]).exit_code == 2


def test_migrate_keeps_line_ends_and_bom(tmp_path):
    path = tmp_path / "p.yaml"
    text = edit("        communes: 2\n", "        communes: 2\n        named: [Gia Lộc, Quan Sơn]\n", PROV)
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    RUN.invoke(app, ["places", "--migrate", str(path), "--write"])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == text.count("\n")
    assert "formerly: \"Gia Lộc, huyện Chi Lăng\"" in raw.decode("utf-8")


def test_migrate_renames_a_commune_area_that_became_part_of_one_unit_and_only_notes_a_divided_one(tmp_path):
    path = bang_mac_in_2026(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("    name: xã Bằng Mạc\n", "    name: xã Gia Lộc\n"),
                    encoding="utf-8")
    run = RUN.invoke(app, ["places", "--migrate", str(path)])
    assert "-    name: xã Gia Lộc" in run.stdout and "+    name: xã Bằng Mạc" in run.stdout
    city = RUN.invoke(app, ["places", "--migrate", str(ROOT / "plans" / "tay-ninh-2025.yaml")])
    assert city.stdout == "" and "phường Tân Ninh" in city.output and "say which" in city.output


def test_places_speaks_table_csv_and_vietnamese_headings():
    csv = RUN.invoke(app, ["places", "Ia Mlah", "--format", "csv"]).stdout.splitlines()
    assert csv[0] == "unit,level,province,district,code,from,until,predecessors,successors"
    assert csv[1].startswith("xã Ia Mlăh,commune,Gia Lai,huyện Krông Pa,24091,,2025-06-30,")
    table = RUN.invoke(app, ["places", "Ia Mlah", "--lang", "vi"]).stdout
    assert "Đơn vị sau sắp xếp" in table and "xã Phú Túc" in table


def test_folding_is_the_same_for_nfc_and_nfd_text():
    import unicodedata

    from hypothesis import given, strategies as st

    from ecdplan.reference.names import fold

    letters = st.text(st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị"
                                           "òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐƯƠÂĂÊÔ -")), max_size=30)

    @given(letters)
    def same(text):
        assert fold(unicodedata.normalize("NFD", text)) == fold(text) == fold(text.upper())
        assert fold(text).isascii()

    same()


def test_the_snapshot_is_pinned_small_and_agrees_with_the_resolutions():
    from ecdplan.reference.places import DATA, VERSION, registry

    reg = registry()
    assert reg.raw["version"] == VERSION == "1.0.4" and DATA.name == "admin-units-1.0.4.json.gz"
    assert DATA.stat().st_size < 1_000_000
    assert (len(reg.raw["provinces"]), len(reg.raw["units"]), len(reg.raw["old_provinces"])) == (34, 3321, 63)
    # UBTVQH resolutions of 16/6/2025: 1664 Gia Lai 135 units, 1672 Lạng Sơn 65, 1682 Tây Ninh 96, 1686 Thanh Hóa 166
    assert [reg.units_in(p) for p in ("Gia Lai", "Lạng Sơn", "Tây Ninh", "Thanh Hóa")] == [135, 65, 96, 166]
    # NQ 202/2025/QH15: Gia Lai took in Bình Định, Tây Ninh took in Long An
    [new_gia_lai] = [p for p in reg.find("tỉnh Gia Lai") if p.era == "after"]
    assert sorted(p.name for p in reg.before(new_gia_lai)) == ["Bình Định", "Gia Lai"]
    after = {p.name: [s.name for s in reg.after(p)] for p in reg.find("Bình Định", levels={"province"})}
    assert after == {"Bình Định": ["Gia Lai"]}
    assert {s.name for p in reg.find("Long An", levels={"province"}) for s in reg.after(p)} == {"Tây Ninh"}


def test_the_snapshot_lists_units_by_province_and_old_units_by_district():
    """The registry finds a province's units and a district's old units by bisection (places.pack checks it too)."""
    from ecdplan.reference.places import registry

    reg = registry()
    assert list(reg.unit_province) == sorted(reg.unit_province)
    assert list(reg.old_district) == sorted(reg.old_district)
    assert reg.units_in("Lạng Sơn") == 65 and len(reg.successors_of("d:0")) > 0


def test_a_districts_folded_name_is_its_typed_name_without_the_type():
    """What lets the registry take a district named in a plan ('huyện Chi Lăng') from its index."""
    from ecdplan.reference.names import fold, split_type
    from ecdplan.reference.places import registry

    reg = registry()
    for d, (_, kind, name, _) in enumerate(reg.raw["districts"]):
        assert split_type(fold(f"{kind.lower()} {name}"))[1] == fold(name)
        assert f"d:{d}" in reg.keys(fold(name))


def test_migrate_writes_through_a_link_to_the_plan_and_keeps_its_permissions(tmp_path):
    import os

    plan = bang_mac_in_2026(tmp_path)
    os.chmod(plan, 0o644)
    link = tmp_path / "link.yaml"
    link.symlink_to(plan.name)
    RUN.invoke(app, ["places", "--migrate", str(link), "--write"])
    assert link.is_symlink() and (plan.stat().st_mode & 0o777) == 0o644
    assert "district: huyện Chi Lăng" not in plan.read_text(encoding="utf-8")
