"""Editing a plan's figures in its YAML text (ecdplan.source.edit, the web view's forms): only the lines concerned
change, comments, order, quoting, line ends and BOM stay, the new text reads as the intended data, and what cannot
be done safely is refused with nothing written."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecdplan.rules.runner import check_text
from ecdplan.source.edit import (Change, EditRefused, apply_changes, file_hash, heading_changes, line_changes,
                                 save)
from ecdplan.source.loader import load_text

PLANS = Path(__file__).resolve().parent.parent / "plans"
GIA_LAI = PLANS / "gia-lai-2023-2026.yaml"
BUNDLED = sorted(PLANS.glob("*.yaml"))


def gia_lai() -> str:
    return GIA_LAI.read_text(encoding="utf-8")


def line_no(text: str, line: str, within: str | None = None) -> int:
    """The 1-based number of the first line that reads `line` (after the intervention `within`, if given), so the
    tests follow the bundled plan when lines are added above."""
    lines = text.splitlines()
    start = lines.index(f"  - id: {within}") if within else 0
    return lines.index(line, start) + 1


def comments(text: str) -> list[str]:
    return [line[line.index("#"):] for line in text.splitlines() if "#" in line]


def refused(code: str, call) -> EditRefused:
    with pytest.raises(EditRefused) as caught:
        call()
    assert caught.value.code == code, caught.value
    return caught.value


# --- the must-show: IMAM 9300 -> 9400 ----------------------------------------------------------------------------

def test_raising_the_imam_cost_to_9400_changes_one_line_keeps_the_comments_and_is_B001_and_B002():
    text = gia_lai()
    before = check_text(text, "gia-lai.yaml")
    assert {"B001", "B002"}.isdisjoint({f.code for f in before.findings})
    edited = apply_changes(text, line_changes(text, "imam", cost=9400), "gia-lai.yaml")
    at = line_no(text, "    cost: {total: 9300}", "imam")
    assert edited.changed_lines == [at]
    old, new = text.splitlines(), edited.text.splitlines()
    assert len(old) == len(new) and [i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b] == [at]
    assert new[at - 1] == "    cost: {total: 9400}"
    assert comments(edited.text) == comments(text)
    assert "-    cost: {total: 9300}\n+    cost: {total: 9400}\n" in edited.diff
    assert edited.diff.startswith("--- gia-lai.yaml\n+++ gia-lai.yaml\n")
    after = check_text(edited.text, "gia-lai.yaml")
    assert {"B001", "B002"} <= {f.code for f in after.findings}  # group I 27900 and the total 42900 now differ
    assert load_text(edited.text).data["interventions"][0]["cost"] == {"total": 9400}


def test_the_whole_line_form_sent_back_with_only_the_cost_changed_changes_only_the_cost_line():
    text = gia_lai()
    form = {"cost": 9400, "communes": {2023: 10, 2024: 10, 2025: 42, 2026: 42}, "lead": "Sở Y tế",
            "sources": {"ntp-dtts": None, "ntp-gnbv": None, "ntp-ntm": None, "nsdp": None, "other": None}}
    assert apply_changes(text, line_changes(text, "imam", **form)).changed_lines == [line_no(text, "    cost: {total: 9300}", "imam")]


def test_saving_the_imam_edit_writes_the_file_and_a_stale_save_is_refused_with_the_file_untouched(tmp_path):
    plan = tmp_path / "gia-lai.yaml"
    plan.write_bytes(GIA_LAI.read_bytes())
    loaded = plan.read_bytes()
    edited = save(plan, line_changes(loaded.decode(), "imam", cost=9400), file_hash(loaded))
    at = line_no(loaded.decode(), "    cost: {total: 9300}", "imam")
    assert plan.read_text(encoding="utf-8") == edited.text and edited.changed_lines == [at]
    validated = invoke(["validate", plan, "--format", "json"])  # `ecdplan validate` of the saved file
    assert {"B001", "B002"} <= validated.codes() and validated.exit_code == 1
    b002 = validated.findings("B002")[0]
    assert (b002["figures"]["declared"], b002["figures"]["computed"]) == ("42900", "43000")
    on_disk = plan.read_bytes()
    # the page still holds the first hash: the file changed since (by the save above)
    error = refused("E001", lambda: save(plan, line_changes(loaded.decode(), "imam", cost=9500), file_hash(loaded)))
    assert plan.read_bytes() == on_disk
    assert "changed on disk" in str(error) and "tải lại" in error.text("vi")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gia-lai.yaml"]  # no temporary file left


def test_a_file_edited_in_an_editor_after_loading_is_refused_and_kept_as_the_editor_wrote_it(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(GIA_LAI.read_bytes())
    loaded = plan.read_bytes()
    lead = "lead: Sở Y tế\n".encode()
    in_editor = loaded.replace(lead, lead[:-1] + " Gia Lai\n".encode(), 1)
    plan.write_bytes(in_editor)
    refused("E001", lambda: save(plan, [Change(("plan", "title"), "Khác")], file_hash(loaded)))
    assert plan.read_bytes() == in_editor


def test_a_save_that_changes_nothing_does_not_rewrite_the_file(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(GIA_LAI.read_bytes())
    before = plan.stat().st_mtime_ns
    edited = save(plan, line_changes(gia_lai(), "imam", cost=9300), file_hash(plan.read_bytes()))
    assert edited.changed_lines == [] and edited.diff == "" and plan.stat().st_mtime_ns == before


# --- line ends, BOM, comments --------------------------------------------------------------------------------------

def test_a_crlf_file_keeps_its_crlf_line_ends_and_a_bom_file_its_bom(tmp_path):
    plan = tmp_path / "plan.yaml"
    raw = b"\xef\xbb\xbf" + gia_lai().replace("\n", "\r\n").encode("utf-8")
    plan.write_bytes(raw)
    changes = line_changes(gia_lai(), "imam", cost=9400) + line_changes(gia_lai(), "library", lead=None) + \
        line_changes(gia_lai(), "child-protection", communes={2023: 220, 2024: 220, 2025: 220, 2026: 220}) + \
        [Change(("plan", "area", "districts"), 17)]  # a key inserted: its line ends as the others
    edited = save(plan, changes, file_hash(raw))
    written = plan.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and written.count(b"\n") == written.count(b"\r\n")
    assert written.count(b"\r\n") == raw.count(b"\r\n")  # one line removed (lead), one inserted (districts)
    assert b"    cost: {total: 9400}\r\n" in written and b"    districts: 17\r\n    province" not in written
    assert b"    communes: 220\r\n    districts: 17\r\n  period:" in written
    text = gia_lai()
    assert edited.changed_lines == [line_no(text, "    cost: {total: 9300}", "imam"),
                                    line_no(text, "    lead: Sở Giáo dục và Đào tạo", "library")]


def test_a_lf_file_without_bom_stays_without_bom():
    edited = apply_changes(gia_lai(), line_changes(gia_lai(), "imam", cost=9400))
    assert not edited.text.startswith("\ufeff") and "\r" not in edited.text


def test_a_trailing_comment_on_the_changed_line_is_kept_at_its_column():
    text = gia_lai()
    edited = apply_changes(text, heading_changes(text, number="12/KH-UBND", date=dt.date(2023, 9, 14)))
    assert edited.changed_lines == [11, 12]
    lines = edited.text.splitlines()
    assert lines[10] == '  number: 12/KH-UBND           # the seed leaves the number blank ("Kế hoạch số /KH-UBND")'
    assert lines[11] == '  date: 2023-09-14             # the seed: "ngày tháng 9 năm 2023" (day blank)'
    longer = apply_changes(text, heading_changes(text, number="2454/KH-UBND-SỞ-KẾ-HOẠCH-ĐẦU-TƯ"))
    assert longer.text.splitlines()[10].endswith('SỞ-KẾ-HOẠCH-ĐẦU-TƯ # the seed leaves the number blank ("Kế hoạch '
                                                 'số /KH-UBND")')


def test_a_new_line_appended_to_the_interventions_is_parted_from_the_last_by_a_blank_line_as_the_others():
    text = gia_lai()
    line = {"id": "home-visits", "group": "I", "name": "Thăm hộ gia đình", "cost": {"total": 500},
            "sources": ["nsdp"]}
    edited = apply_changes(text, [Change(("interventions", 6), line)])
    assert edited.changed_lines == []
    assert "    sources: [nsdp, other]\n\n  - id: home-visits\n    group: I\n    name: Thăm hộ gia đình\n" \
           "    cost: {total: 500}\n    sources: [nsdp]\n\ntotal: 42900\n" in edited.text
    assert load_text(edited.text).data["interventions"][6] == line


def test_an_edit_keeps_every_comment_blank_line_and_the_order_of_keys():
    text = gia_lai()
    edited = apply_changes(text, line_changes(text, "library", cost=8000, lead="Sở GD&ĐT", sources=["nsdp"]))
    assert comments(edited.text) == comments(text)
    assert edited.text.count("\n\n") == text.count("\n\n")
    assert len(edited.changed_lines) == 3 and len(edited.text.splitlines()) == len(text.splitlines())


# --- inserting and removing keys -----------------------------------------------------------------------------------

def test_a_missing_key_is_inserted_in_block_style_after_the_mappings_last_key():
    text = (PLANS / "tay-ninh-2025.yaml").read_text(encoding="utf-8")
    edited = apply_changes(text, line_changes(text, "monitoring", cost=Decimal("1250.5"), lead="Sở Y tế"))
    assert edited.changed_lines == []
    added = [line for line in edited.diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+    cost: {total: 1250.5}", "+    lead: Sở Y tế"]  # in the order given
    line = load_text(edited.text).data["interventions"][2]
    assert line["cost"] == {"total": Decimal("1250.5")} and line["lead"] == "Sở Y tế" and list(line)[-2:] == \
        ["cost", "lead"]
    at = edited.text.splitlines().index("    cost: {total: 1250.5}")
    assert edited.text.splitlines()[at - 1:at + 3] == ["    years: 2025", "    cost: {total: 1250.5}",
                                                       "    lead: Sở Y tế", ""]


def test_removing_the_cost_makes_the_line_unbudgeted_and_removes_only_its_line():
    text = gia_lai()
    edited = apply_changes(text, line_changes(text, "imam", cost=None))
    assert edited.changed_lines == [line_no(text, "    cost: {total: 9300}", "imam")]
    assert len(edited.text.splitlines()) == len(text.splitlines()) - 1
    assert "cost" not in load_text(edited.text).data["interventions"][0]


def test_a_value_inside_a_flow_mapping_of_a_list_changes_only_its_span_and_a_removed_key_rewrites_the_mapping():
    text = gia_lai()
    edited = apply_changes(text, [Change(("groups", 0, "total"), 28000),
                                  Change(("interventions", 0, "beneficiaries", "who"), None),
                                  Change(("groups", 1, "name"), "Giáo dục, đào tạo")])
    lines = edited.text.splitlines()
    groups = line_no(text, "  - {id: I, name: Y tế, total: 27900}")
    who = line_no(text, "    beneficiaries: {count: 253, per: year, who: trẻ em suy dinh dưỡng cấp tính nặng}", "imam")
    assert edited.changed_lines == [groups, groups + 1, who]
    assert lines[groups - 1:groups + 1] == ["  - {id: I, name: Y tế, total: 28000}",
                            "  - {id: II, name: 'Giáo dục, đào tạo', total: 7500}"]
    assert lines[who - 1] == "    beneficiaries: {count: 253, per: year}"


def test_a_folded_text_stays_a_folded_block_at_its_indentation():
    text = gia_lai()
    edited = apply_changes(text, [Change(("plan", "from"), "số và ngày: Công báo tỉnh Gia Lai")])
    assert "  from: >-\n    số và ngày: Công báo tỉnh Gia Lai\n  issuer: UBND tỉnh Gia Lai\n" in edited.text
    assert edited.changed_lines == [14, 15, 16, 17, 18]


# --- communes per year -----------------------------------------------------------------------------------------------

BY_YEAR_FLOW = gia_lai().replace("""    rollout:
      - years: 2023-2024
        communes: 6
        where: 6 xã mới của 03 huyện dự án
      - years: 2025-2026
        communes: 15
        where: 15 xã (6 xã mới của 03 huyện dự án; 9 xã của huyện Krông Pa)
""", "    rollout: {2023: 6, 2024: 6, 2025: 15, 2026: 15}   # by year\n")
BY_YEAR_BLOCK = BY_YEAR_FLOW.replace("    rollout: {2023: 6, 2024: 6, 2025: 15, 2026: 15}   # by year\n",
                                     "    rollout:   # by year\n      2023: 6\n      2024: 6   # first year\n"
                                     "      2025: 15\n      2026: 15\n")


def test_communes_per_year_in_flow_style_are_rewritten_as_one_flow_mapping():
    assert "2023: 6, 2024" in BY_YEAR_FLOW
    edited = apply_changes(BY_YEAR_FLOW, line_changes(BY_YEAR_FLOW, "library",
                                                      communes={"2024": 8, 2023: 6, 2025: 15, 2026: 20}))
    at = BY_YEAR_FLOW.splitlines().index("    rollout: {2023: 6, 2024: 6, 2025: 15, 2026: 15}   # by year")
    assert edited.changed_lines == [at + 1]
    assert edited.text.splitlines()[at] == "    rollout: {2023: 6, 2024: 8, 2025: 15, 2026: 20}   # by year"
    assert load_text(edited.text).data["interventions"][3]["rollout"] == {2023: 6, 2024: 8, 2025: 15, 2026: 20}


def test_communes_per_year_in_block_style_change_only_the_years_concerned():
    edited = apply_changes(BY_YEAR_BLOCK, line_changes(BY_YEAR_BLOCK, "library",
                                                       communes={2023: 6, 2024: 9, 2025: 15, 2026: 15, 2027: 15}))
    lines = edited.text.splitlines()
    at = lines.index("    rollout:   # by year") + 1
    assert edited.changed_lines == [at + 2]
    assert lines[at:at + 6] == ["      2023: 6", "      2024: 9   # first year", "      2025: 15", "      2026: 15",
                              "      2027: 15", "    cost: {total: 7500}"]
    fewer = apply_changes(BY_YEAR_BLOCK, line_changes(BY_YEAR_BLOCK, "library", communes={2024: 6, 2025: 15}))
    assert fewer.changed_lines == [at + 1, at + 4]
    assert load_text(fewer.text).data["interventions"][3]["rollout"] == {2024: 6, 2025: 15}


def test_communes_per_year_keep_the_phases_and_their_where_when_each_phase_keeps_one_count():
    text = gia_lai()
    edited = apply_changes(text, line_changes(text, "imam", communes={2023: 12, 2024: 12, 2025: 42, 2026: 42}))
    at = line_no(text, "        communes: 10", "imam")
    assert edited.changed_lines == [at] and edited.text.splitlines()[at - 1] == "        communes: 12"
    assert "where: 10 xã đặc biệt khó khăn của huyện Kông Chro" in edited.text


def test_communes_that_split_a_phase_with_a_where_text_are_refused():
    text = gia_lai()
    error = refused("E009", lambda: line_changes(text, "imam", communes={2023: 10, 2024: 12, 2025: 42, 2026: 42}))
    assert error.path == ("interventions", 0, "rollout") and "phases" in str(error)


# --- sources ---------------------------------------------------------------------------------------------------------

def test_sources_are_set_as_a_list_of_ids_or_with_shares_in_the_lists_flow_style():
    text = gia_lai()
    ids = apply_changes(text, line_changes(text, "imam", sources=["nsdp", "other"]))
    at = line_no(text, "    sources: [ntp-dtts, ntp-gnbv, ntp-ntm, nsdp, other]", "imam")
    assert ids.changed_lines == [at] and ids.text.splitlines()[at - 1] == "    sources: [nsdp, other]"
    shares = apply_changes(text, line_changes(text, "imam", sources={"nsdp": 60, "other": Decimal("40.0")}))
    assert shares.text.splitlines()[at - 1] == "    sources: [{source: nsdp, share: 60}, {source: other, share: 40}]"
    assert load_text(shares.text).data["interventions"][0]["sources"] == [{"source": "nsdp", "share": 60},
                                                                          {"source": "other", "share": 40}]
    assert [f.code for f in check_text(shares.text).findings if f.path.startswith("interventions[imam]")] == []


def test_shares_of_sources_written_in_block_style_change_only_their_lines():
    text = gia_lai().replace("    sources: [nsdp, other]\n\n  - id: child-protection",
                             "    sources:\n      - source: nsdp   # province\n        share: 50\n"
                             "      - source: other\n        share: 50\n\n  - id: child-protection")
    edited = apply_changes(text, line_changes(text, "library", sources={"nsdp": 70, "other": 30}))
    assert [text.splitlines()[n - 1].strip() for n in edited.changed_lines] == ["share: 50", "share: 50"]
    assert "      - source: nsdp   # province\n        share: 70\n" in edited.text
    three = apply_changes(text, line_changes(text, "library", sources={"nsdp": 50, "other": 25, "ntp-ntm": 25}))
    assert "        share: 25\n      - {source: ntp-ntm, share: 25}\n" in three.text


# --- the heading ----------------------------------------------------------------------------------------------------

def test_a_vietnamese_title_is_written_in_nfc_with_its_spaces_normalised_and_without_quotes():
    text = gia_lai()
    decomposed = unicodedata.normalize("NFD", "Kế hoạch  phát triển toàn diện trẻ em ")
    edited = apply_changes(text, heading_changes(text, title=decomposed))
    assert edited.changed_lines == [10]
    assert edited.text.splitlines()[9] == "  title: Kế hoạch phát triển toàn diện trẻ em"
    assert unicodedata.is_normalized("NFC", edited.text)


@pytest.mark.parametrize("title", ["Kế hoạch: chăm sóc trẻ em", "*Kế hoạch chăm sóc", "Kế hoạch # 2", "- Kế hoạch",
                                   "yes", "2024", "'trích' dẫn"])
def test_a_title_that_yaml_would_read_otherwise_is_quoted_and_reads_back_as_written(title):
    text = gia_lai()
    edited = apply_changes(text, heading_changes(text, title=title))
    written = edited.text.splitlines()[9]
    assert written[len("  title: "):][0] in "'\"" and edited.changed_lines == [10]
    assert load_text(edited.text).data["plan"]["title"] == title


def test_the_heading_form_sets_number_date_issuer_and_period():
    text = gia_lai()
    edited = apply_changes(text, heading_changes(text, number="245/KH-UBND", date="2023-09-14",
                                                 issuer="UBND tỉnh Gia Lai", period="2023-2027"))
    assert edited.changed_lines == [11, 12, 25]
    assert edited.text.splitlines()[24] == "  period: {start: 2023, end: 2027}"
    plan = load_text(edited.text).data["plan"]
    assert (plan["number"], plan["date"], plan["period"]) == ("245/KH-UBND", dt.date(2023, 9, 14),
                                                              {"start": 2023, "end": 2027})


# --- refusals ---------------------------------------------------------------------------------------------------------

ANCHORED = """format: ecdplan/1
defaults: &d {lead: Sở Y tế, cost: {total: 100}}
interventions:
  - id: a
    <<: *d
    name: A
  - id: b
    name: B
    cost: *cost
"""


def test_an_anchor_an_alias_or_a_merge_key_on_the_path_is_refused():
    text = ANCHORED.replace("    cost: *cost\n", "    lead: Sở Y tế\n")
    refused("E006", lambda: apply_changes(text, [Change(("defaults", "lead"), "Khác")]))
    refused("E006", lambda: apply_changes(text, [Change(("interventions", 0, "lead"), "Khác")]))
    aliased = "format: ecdplan/1\nx: &c {total: 5}\ninterventions:\n  - id: b\n    name: B\n    cost: *c\n"
    refused("E006", lambda: apply_changes(aliased, [Change(("interventions", 0, "cost", "total"), 6)]))


def test_a_file_of_two_documents_or_one_that_does_not_parse_is_refused():
    text = gia_lai()
    refused("E003", lambda: apply_changes(text + "---\nformat: ecdplan/1\n", line_changes(text, "imam", cost=1)))
    refused("E002", lambda: apply_changes(text.replace("  id: gia-lai", "  id: [gia-lai", 1),
                                          [Change(("plan", "title"), "X")]))
    refused("E002", lambda: apply_changes("- a\n- b\n", [Change((0,), "c")]))


def test_an_unknown_line_id_is_refused_and_names_the_plans_lines():
    error = refused("E004", lambda: line_changes(gia_lai(), "imma", cost=9400))
    assert "imam, nutrition-package" in str(error) and "imma" in error.text("vi")


@pytest.mark.parametrize("cost", [-1, 9.5, "9.300", "chín nghìn", True, Decimal("NaN")])
def test_a_cost_that_is_not_a_number_of_at_least_zero_is_refused(cost):
    text = gia_lai()
    error = refused("E007", lambda: apply_changes(text, line_changes(text, "imam", cost=cost)))
    assert error.path == ("interventions", 0, "cost", "total")


def test_a_cost_given_as_digits_is_read_as_the_number():
    text = gia_lai()
    assert apply_changes(text, line_changes(text, "imam", cost="9400")).text == \
        apply_changes(text, line_changes(text, "imam", cost=9400)).text


def test_a_count_that_is_not_a_whole_number_and_a_path_that_is_not_in_the_file_are_refused():
    text = gia_lai()
    refused("E007", lambda: apply_changes(text, [Change(("interventions", 0, "rollout", 0, "communes"),
                                                        Decimal("1.5"))]))
    refused("E005", lambda: apply_changes(text, [Change(("interventions", 40, "lead"), "X")]))
    refused("E005", lambda: apply_changes(text, [Change(("plan", "title", "x"), "X")]))
    refused("E005", lambda: line_changes(text, "imam", budget=5))


def test_a_line_break_pasted_into_a_one_line_field_is_a_space_as_the_loader_reads_a_folded_line():
    text = gia_lai()
    edited = apply_changes(text, heading_changes(text, title="Kế hoạch\r\n phát triển  trẻ em "))
    assert load_text(edited.text).data["plan"]["title"] == "Kế hoạch phát triển trẻ em"
    assert edited.changed_lines == [line_no(text, text.splitlines()[9])]


@pytest.mark.parametrize("char", ["\x07", "\x00", "\x1b", "\x7f", "\x85"])
def test_a_text_with_a_control_character_is_refused_naming_the_character(char):
    text = gia_lai()
    error = refused("E007", lambda: apply_changes(text, heading_changes(text, title=f"Kế{char}hoạch")))
    assert f"U+{ord(char):04X}" in str(error) and error.path == ("plan", "title")
    assert "plain text" in str(error) and f"U+{ord(char):04X}" in error.text("vi")


def test_a_text_longer_than_an_excel_cell_is_refused_naming_both_lengths():
    text = gia_lai()
    error = refused("E007", lambda: apply_changes(text, heading_changes(text, title="x" * 32_768)))
    assert "32,768 characters" in str(error) and "32,767" in str(error)
    assert "32.768 ký tự" in error.text("vi") and "32.767" in error.text("vi")  # grouped as Vietnamese write it
    assert load_text(apply_changes(text, heading_changes(text, title="x" * 32_767)).text).data["plan"]["title"] \
        == "x" * 32_767  # the longest text a cell holds is written


def test_a_refusal_says_what_to_do_in_english_and_in_vietnamese():
    error = refused("E007", lambda: apply_changes(gia_lai(), line_changes(gia_lai(), "imam", cost=-5)))
    assert str(error).startswith("E007 interventions[0].cost.total: an amount must be a number of at least 0")
    vi = error.text("vi")
    assert vi.startswith("E007 interventions[0].cost.total: ") and "số tiền" in vi and "must" not in vi


# --- every bundled plan ----------------------------------------------------------------------------------------------

def leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, path + (i,))
    else:
        yield path, data


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("plan", BUNDLED, ids=lambda p: p.stem)
def test_setting_every_value_of_a_bundled_plan_to_itself_leaves_the_text_identical(plan, crlf):
    text = plan.read_text(encoding="utf-8")
    text = text.replace("\n", "\r\n") if crlf else text
    data = load_text(text).data
    changes = [Change(path, value) for path, value in leaves(data)]
    changes += [Change((key,), value) for key, value in data.items()]  # whole sections too
    assert len(changes) > 10
    edited = apply_changes(text, changes, plan.name)
    assert edited.text == text and edited.changed_lines == [] and edited.diff == ""


WITH_LINES = [p for p in BUNDLED if load_text(p.read_text(encoding="utf-8")).data.get("interventions")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_costs_on_random_lines_change_exactly_those_lines_and_read_back_as_set(data):
    plan = data.draw(st.sampled_from(WITH_LINES))
    text = plan.read_text(encoding="utf-8")
    loaded = load_text(text)
    lines = loaded.data["interventions"]
    chosen = data.draw(st.lists(st.integers(0, len(lines) - 1), min_size=1, max_size=4, unique=True))
    amount = st.one_of(st.integers(0, 10**9), st.decimals(0, 10**6, places=2, allow_nan=False))
    costs = {i: data.draw(amount) for i in chosen}
    changes = [c for i in chosen for c in line_changes(text, lines[i]["id"], cost=costs[i])]
    edited = apply_changes(text, changes, plan.name)
    had_cost = {i for i in chosen if "total" in (lines[i].get("cost") or {})}
    expected_lines = sorted(loaded.position(("interventions", i, "cost", "total"))[0] for i in had_cost
                            if lines[i]["cost"]["total"] != costs[i])
    assert edited.changed_lines == expected_lines
    assert len(edited.text.splitlines()) == len(text.splitlines()) + len(set(chosen) - had_cost)
    after = load_text(edited.text).data
    for i, line in enumerate(after["interventions"]):
        want = costs[i] if i in costs else (lines[i].get("cost") or {}).get("total")
        assert (line.get("cost") or {}).get("total") == want
        assert {k: v for k, v in line.items() if k != "cost"} == {k: v for k, v in lines[i].items() if k != "cost"}
    assert {k: v for k, v in after.items() if k != "interventions"} == \
        {k: v for k, v in loaded.data.items() if k != "interventions"}
