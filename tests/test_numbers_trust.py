"""Issue 20, lane "numbers": side files in the plan's unit, plausible exchange rates, money outside the plan's
lines, exact funding, one figure one value. Each test pins one behaviour that was wrong before."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"


def _billion_plan(tmp_path: Path) -> Path:
    """The Gia Lai plan with its amounts read as billion VND (so 42,900 billion)."""
    text = GIA_LAI.read_text(encoding="utf-8")
    assert "  unit: million VND\n" in text
    path = tmp_path / "plans" / "gl-billion.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("  unit: million VND\n", "  unit: billion VND\n"), encoding="utf-8")
    return path


def _side(tmp_path: Path, example: str, name: str, plan_rel: str = "../plans/gl-billion.yaml") -> Path:
    text = (ROOT / "examples" / example).read_text(encoding="utf-8")
    text = text.replace("unit: million VND\n", "")
    text = text.replace("../plans/gia-lai-2023-2026.yaml", plan_rel)
    path = tmp_path / "side" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_progress_file_without_unit_inherits_plan_unit(cli, tmp_path):
    plan = _billion_plan(tmp_path)
    progress = _side(tmp_path, "progress-gia-lai-2023.yaml", "p2023.yaml")
    run = cli("progress", str(plan), str(progress), "--by-year", "--unit", "billion", "--format", "json")
    assert run.exit_code == 0, run.output
    execution = run.json()["tables"][0]
    assert Decimal(str(execution["totals"][0]["disbursed"])) == 4110  # not 4.1: 4,110 billion, as the plan's unit
    assert "(billion VND)" in execution["title"] or any("billion VND" in c["header"] for c in execution["columns"])


def test_envelope_file_without_unit_inherits_plan_unit(cli, tmp_path):
    plan = _billion_plan(tmp_path)
    envelopes = _side(tmp_path, "gia-lai-envelopes.yaml", "env.yaml")
    stated = tmp_path / "side" / "env-stated.yaml"
    stated.write_text(envelopes.read_text(encoding="utf-8").replace("envelopes:\n", "unit: billion VND\nenvelopes:\n"),
                      encoding="utf-8")
    inherited = cli("funding", str(plan), "--envelopes", str(envelopes), "--unit", "billion", "--format", "json")
    explicit = cli("funding", str(plan), "--envelopes", str(stated), "--unit", "billion", "--format", "json")
    assert inherited.exit_code == explicit.exit_code == 0, inherited.output + explicit.output
    assert inherited.json() == explicit.json()
    check = cli("validate", str(envelopes))
    assert check.exit_code == 0, check.output


# --- exchange rates: a plausible band per currency, both ways ---------------------------------------------------

USD_PLAN = ROOT / "examples" / "usd-donor-plan.yaml"


def _usd_rate(validate_json, rate: str, code: str = "USD"):
    text = USD_PLAN.read_text(encoding="utf-8")
    assert "    rate: 25450.5\n" in text
    text = text.replace("    rate: 25450.5\n", f"    rate: {rate}\n")
    if code != "USD":
        text = text.replace("code: USD", f"code: {code}")
    return validate_json(text)


def test_exchange_rate_written_usd_per_dong_is_c001_named_inverted(validate_json):
    run = _usd_rate(validate_json, "0.0000393")
    found = run.findings("C001")
    assert len(found) == 1, run.stdout
    assert "wrong way round" in found[0]["message"] and "25445" in found[0]["message"]
    assert run.exit_code == 1


def test_budget_of_a_plan_with_an_inverted_rate_stops_with_exit_2(cli, tmp_path):
    path = tmp_path / "usd.yaml"
    path.write_text(USD_PLAN.read_text(encoding="utf-8").replace("    rate: 25450.5\n", "    rate: 0.0000393\n"),
                    encoding="utf-8")
    run = cli("budget", str(path))
    assert run.exit_code == 2 and "C001" in run.output, run.output


@pytest.mark.parametrize("rate,word", [("2.5", "small"), ("2545", "small"), ("254505", "large")])
def test_exchange_rate_outside_the_currency_band_is_c001_with_the_expected_magnitude(validate_json, rate, word):
    run = _usd_rate(validate_json, rate)
    found = run.findings("C001")
    assert len(found) == 1, run.stdout
    assert f"implausibly {word}" in found[0]["message"] and "roughly 10000-60000 đồng" in found[0]["message"]


@pytest.mark.parametrize("rate,code", [("25450.5", "USD"), ("16000", "USD"), ("27500", "EUR")])
def test_exchange_rate_inside_the_currency_band_is_not_c001(validate_json, rate, code):
    run = _usd_rate(validate_json, rate, code)
    assert "C001" not in run.codes(), run.stdout


# --- money outside the plan's lines and sources -----------------------------------------------------------------

def _unbudgeted_clubs(tmp_path: Path) -> tuple[Path, Path]:
    """Gia Lai with the nutrition clubs' cost (and the totals) left out; the 2023 progress file on it."""
    text = GIA_LAI.read_text(encoding="utf-8")
    for old, new in (("    cost: {total: 2640}\n    sources: [nsdp, other]\n", "    sources: [nsdp, other]\n"),
                     ("\ntotal: 42900\n", "\n"), ("{id: IV, name: Y tế, total: 2640}", "{id: IV, name: Y tế}")):
        assert old in text, old
        text = text.replace(old, new)
    plan = tmp_path / "plans" / "gl.yaml"
    plan.parent.mkdir(parents=True, exist_ok=True)
    plan.write_text(text, encoding="utf-8")
    progress = _side(tmp_path, "progress-gia-lai-2023.yaml", "p.yaml", "../plans/gl.yaml")
    return plan, progress


def test_money_disbursed_on_a_line_without_cost_is_G013(cli, tmp_path):
    _, progress = _unbudgeted_clubs(tmp_path)
    run = cli("validate", str(progress), "--format", "json")
    found = run.findings("G013")
    assert [f["figures"]["disbursed"] for f in found] == ["300", "210"], run.stdout
    assert all("Câu lạc bộ dinh dưỡng" in f["message"] for f in found)


def test_line_view_total_remaining_is_planned_minus_disbursed_with_unbudgeted_money(cli, tmp_path):
    plan, progress = _unbudgeted_clubs(tmp_path)
    for by in ("--by-intervention", "--by-source"):
        run = cli("progress", str(plan), str(progress), by, "--format", "json")
        assert run.exit_code == 0, run.output
        total = run.json()["tables"][0]["totals"][0]
        assert Decimal(str(total["remaining"])) == Decimal(str(total["planned"])) - Decimal(str(total["disbursed"]))
        assert total["percent_used"] == 82.7  # every view: all that was disbursed over all that was planned


def test_by_source_share_above_100_percent_says_why(cli, tmp_path):
    plan, progress = _unbudgeted_clubs(tmp_path)
    run = cli("progress", str(plan), str(progress), "--by-source", "--format", "json")
    execution = run.json()["tables"][0]
    nsdp = next(r for r in execution["rows"] if r["source"] == "NSĐP")
    assert nsdp["percent_used"] > 100
    assert any(n.startswith("NSĐP: the share used, 110.4 %, includes 300.0 disbursed on lines the plan gives no cost "
                            "(Câu lạc bộ dinh dưỡng") for n in execution["notes"]), execution["notes"]


def test_sub_project_label_of_another_source_is_G014_and_not_counted(cli, tmp_path):
    plan = GIA_LAI
    progress = tmp_path / "p.yaml"
    text = (ROOT / "examples" / "progress-gia-lai-2023.yaml").read_text(encoding="utf-8")
    text = text.replace("../plans/gia-lai-2023-2026.yaml", str(plan))
    wrong = text.replace("ntp-gnbv: {Tiểu dự án 2 - Dự án 3: 180}", "ntp-gnbv: {Dự án 7: 180}")
    assert wrong != text
    progress.write_text(wrong, encoding="utf-8")
    found = cli("validate", str(progress), "--format", "json").findings("G014")
    assert len(found) == 1 and "Dự án 7" in found[0]["message"] and "CTMTQG DTTS-MN" in found[0]["message"]
    assert cli("progress", str(plan), str(progress)).exit_code == 2  # an error: not counted silently
    progress.write_text(text, encoding="utf-8")  # its own sub-project: fine
    assert cli("validate", str(progress), "--format", "json").findings("G014") == []


# --- a set of files that would count the same money twice (I006) ------------------------------------------------

GL = "plans/gia-lai-2023-2026.yaml"
TN = "plans/tay-ninh-2025.yaml"


@pytest.mark.parametrize("command", ["rollup", "calendar"])
def test_rollup_and_calendar_refuse_the_same_plan_twice(cli, command):
    run = cli(command, GL, GL, cwd=ROOT)
    assert run.exit_code == 2 and "I006" in run.output, run.output
    copy = cli(command, GL, "./" + GL, cwd=ROOT)
    assert copy.exit_code == 2 and "I006" in copy.output
    assert cli(command, GL, TN, cwd=ROOT).exit_code == 0  # two plans: added up


def test_validate_warns_I006_for_the_same_plan_twice(cli):
    run = cli("validate", GL, GL, "--format", "json", cwd=ROOT)
    assert len(run.findings("I006")) >= 1 and run.exit_code == 0, run.stdout
    assert cli("validate", GL, TN, "--format", "json", cwd=ROOT).findings("I006") == []


def test_validate_reports_overlapping_progress_files_I006(cli, tmp_path):
    h1 = tmp_path / "h1.yaml"
    h1.write_text((ROOT / "examples" / "progress-gia-lai-2024-H1.yaml").read_text(encoding="utf-8")
                  .replace("../plans/gia-lai-2023-2026.yaml", str(GIA_LAI)).replace("period: 2024-H1", "period: 2023-H1"),
                  encoding="utf-8")
    run = cli("validate", "examples/progress-gia-lai-2023.yaml", str(h1), "--format", "json", cwd=ROOT)
    found = run.findings("I006")
    assert len(found) == 1 and "2023-H1" in found[0]["message"], run.stdout
    refused = cli("progress", GL, "examples/progress-gia-lai-2023.yaml", str(h1), cwd=ROOT)
    assert refused.exit_code == 2  # validate and progress agree on what the set may hold
    near = cli("validate", "examples/progress-gia-lai-2023.yaml", "examples/progress-gia-lai-2024-H1.yaml",
               "--format", "json", cwd=ROOT)
    assert near.findings("I006") == []


# --- funding --method optimal: exact, never worse than priority --------------------------------------------------

def _big_plan(tmp_path: Path) -> Path:
    """test_rules.BASE in billion VND with one line of 999,999.123456789 billion (just under the 10^15 đồng every
    output carries, B007): a solver in floating point works to a relative tolerance, thousands of đồng here."""
    from test_rules import BASE

    text = (BASE.replace("unit: million VND", "unit: billion VND")
            .replace("cost: {total: 1000}", "cost: {total: 999999.123456789}")
            .replace("Y tế, total: 1000}", "Y tế}").replace("\ntotal: 1000\n", "\n"))
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_optimal_funding_is_exact_and_never_worse_than_priority_on_a_plan_where_it_mattered(tmp_path):
    pytest.importorskip("scipy")
    import random

    from ecdplan.core.funding import allocate
    from ecdplan.pipeline import compile_file

    compiled = compile_file(str(_big_plan(tmp_path)))
    need: dict = {}
    for f in compiled.facts:
        need[f.source, f.year] = need.get((f.source, f.year), 0) + f.amount
    assert max(need.values()) > 10 ** 14
    rng = random.Random(20)
    cases = [dict(need)] + [{k: max(0, v - rng.randint(0, 3) * 10 ** rng.randint(0, 10)) for k, v in need.items()}
                            for _ in range(6)]
    for envelopes in cases:
        limited = {s for s, _ in envelopes}
        optimal = allocate(compiled, "optimal", envelopes, limited)
        priority = allocate(compiled, "priority", envelopes, limited)
        assert optimal.gap <= priority.gap, (optimal.gap, priority.gap)  # was 277 đồng short with envelopes = needs
        for (s, y), cap in envelopes.items():
            assert optimal.used(s, y) <= cap
        assert all(isinstance(v, int) and v >= 0 for v in optimal.paid.values())
        assert sum(optimal.paid.values()) + optimal.gap == compiled.total
    assert allocate(compiled, "optimal", cases[0], {s for s, _ in cases[0]}).gap == 0


# --- one figure, one value in an output ---------------------------------------------------------------------------

def test_funding_note_and_tables_show_one_figure_one_value(cli):
    run = cli("funding", "--envelopes", "examples/gia-lai-envelopes.yaml", "--format", "json", cwd=ROOT)
    assert run.exit_code == 0, run.output
    allocation, envelopes, gap, causes = run.json()["tables"][:4]
    unfunded = next(r for r in allocation["rows"] if r["source"] == "(unfunded)")
    need = allocation["totals"][0]["total"]
    note = allocation["notes"][0]
    funded = Decimal(str(need)) - Decimal(str(unfunded["total"]))
    assert f"funded {funded:,}" in note and f"gap {Decimal(str(unfunded['total'])):,}" in note, note
    assert Decimal(str(envelopes["totals"][0]["allocated"])) == funded  # was 16,304.2 against the note's 16,304.1
    for table in (gap, causes):
        for year in ("2023", "2024", "2025", "2026"):
            assert table["totals"][0][year] == unfunded[year], (table["title"], year)
    paid = {(r["source"], str(r["year"])): r["allocated"] for r in envelopes["rows"]}
    for row in allocation["rows"]:
        for year in ("2023", "2024", "2025", "2026"):
            if (row["source"], year) in paid:
                assert paid[row["source"], year] == row[year]


def test_budget_one_year_view_shows_the_cells_of_the_every_year_view(cli):
    full = cli("budget", "--by-source", "--by-year", "--format", "json", cwd=ROOT).json()
    one = cli("budget", "--by-source", "--year", "2026", "--format", "json", cwd=ROOT).json()
    pivot = cli("budget", "--by-source", "--by-year", "--year", "2026", "--format", "json", cwd=ROOT).json()
    table = lambda d: d["tables"][0] if "tables" in d else d  # noqa: E731
    expected = {r["source"]: r["2026"] for r in table(full)["rows"]}
    assert {r["source"]: r["amount"] for r in table(one)["rows"]} == expected  # not 2,629.1 against 2,629.0
    assert {r["source"]: r["2026"] for r in table(pivot)["rows"]} == expected
    for r in table(one)["rows"]:  # an amount wholly outside the valid years is the same figure
        if r.get("outside_valid_years") is not None:
            assert r["outside_valid_years"] == r["amount"]


def test_equal_amounts_get_equal_shares_and_the_total_says_what_they_add_up_to(cli, tmp_path):
    from test_rules import BASE

    text = BASE.replace("    kind: local-budget\n", "    kind: local-budget\n  - {id: xhh, name: Xã hội hóa, kind: socialised}\n"
                        ).replace("sources: [ntp, nsdp]", "sources: [ntp, nsdp, xhh]").replace("1000", "999")
    path = tmp_path / "three.yaml"  # 999 over three sources: exactly 333 each
    path.write_text(text, encoding="utf-8")
    data = cli("budget", str(path), "--by-source", "--format", "json").json()
    table = data["tables"][0] if "tables" in data else data
    shares = [r["share_percent"] for r in table["rows"]]
    assert shares == [33.3, 33.3, 33.3]  # was 33.4 / 33.3 / 33.3
    assert table["totals"][0]["share_percent"] == 99.9
    assert any("add up to 99.9, not 100" in n for n in table["notes"]), table["notes"]


def test_two_plans_or_progress_files_of_different_days_are_not_I006(cli):
    run = cli("validate", GL, TN, "examples/progress-gia-lai-2023.yaml", "examples/progress-gia-lai-2024-H1.yaml",
              "--format", "json", cwd=ROOT)
    assert run.findings("I006") == [], run.stdout
    assert cli("rollup", GL, TN, cwd=ROOT).exit_code == 0


def test_the_plan_where_floating_point_left_dong_unfunded_is_beyond_the_limit_and_refused(cli, tmp_path):
    """12,345,678,901.123456789 billion (1.2e19 đồng: more than 2^53 đồng per source-year) is where `optimal` in
    floating point left 277 đồng unfunded; beyond 10^15 đồng it is B007 now, before any figure."""
    from test_rules import BASE

    text = (BASE.replace("unit: million VND", "unit: billion VND")
            .replace("cost: {total: 1000}", "cost: {total: 12345678901.123456789}")
            .replace("Y tế, total: 1000}", "Y tế}").replace("\ntotal: 1000\n", "\n"))
    plan = tmp_path / "big.yaml"
    plan.write_text(text, encoding="utf-8")
    run = cli("funding", str(plan), "--method", "optimal")
    assert run.exit_code == 2 and "B007" in run.output
