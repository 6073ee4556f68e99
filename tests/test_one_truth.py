"""One compiled plan, one route for every figure (issue 10): each output gives the same totals to the đồng,
the same table shows the same digits wherever it appears, and the cases a reviewer found stay fixed."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ecdplan import check_file, compile_file
from ecdplan.core.compiled import compile_plan
from ecdplan.core.funding import allocate
from ecdplan.reports import BudgetOptions, ReportOptions, budget_table, rollup_table
from ecdplan.reports.documents import appendix, report_document

from test_properties import plans as generated_plans
from test_rules import BASE, edit

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "plans").glob("*.yaml"))
VND = ReportOptions("vnd", 0, "en")


def dong(value) -> int:
    return int(Decimal(str(value)))


def totals_of(compiled):
    """Grand, group and line totals every output must agree on (exact đồng)."""
    lines: dict[str, int] = {}
    groups: dict[str, int] = {}
    for f in compiled.facts:
        lines[f.intervention] = lines.get(f.intervention, 0) + f.amount
        groups[f.group] = groups.get(f.group, 0) + f.amount
    return compiled.total, groups, lines


def budget_totals(compiled, by):
    table = budget_table(compiled, BudgetOptions("vnd", 0, "en", by=(by,))).materialised()
    j = [c.key for c in table.columns].index("amount")
    rows = {row[0]: row[j] for row in table.rows if row[j] is not None}
    return dong(table.total_rows[0][j]) if table.total_rows else 0, rows


def assert_one_truth(compiled):
    grand, groups, lines = totals_of(compiled)
    assert sum(lines.values()) == grand == sum(line.total for line in compiled.lines if line)
    # budget, every one-way --by, at the đồng
    for by in ("intervention", "group", "agency", "source", "year"):
        total, _ = budget_totals(compiled, by)
        assert total == grand, by
    _, by_line = budget_totals(compiled, "intervention")
    assert {k: dong(v) for k, v in by_line.items()} == {k: v for k, v in lines.items() if k in by_line}
    # rollout --communes summed: every line's money, no đồng dropped
    per_line: dict[str, int] = {}
    for iv, _, _, _, amount in compiled.commune_rows():
        per_line[iv] = per_line.get(iv, 0) + amount
    assert {k: v for k, v in per_line.items() if v} == {k: v for k, v in lines.items() if v}
    # funding with unlimited envelopes: paid + unfunded = need, line by line
    alloc = allocate(compiled, "shares", {}, set())
    paid: dict[str, int] = {}
    for (i, _, _), v in alloc.paid.items():
        paid[i] = paid.get(i, 0) + v
    for (i, _), v in alloc.unfunded.items():
        paid[i] = paid.get(i, 0) + v
    assert {k: v for k, v in paid.items() if v} == {k: v for k, v in lines.items() if v}
    # rollup of the single plan
    rolled = rollup_table([compiled], "plan", VND)
    assert (dong(rolled.total_rows[0][-1]) if compiled.facts else 0) == grand
    # the Excel appendix: grand, group and line cells (at the đồng)
    doc = appendix(compiled, VND)
    assert (dong(doc.cost) if doc.cost is not None else 0) == grand
    for group in doc.groups:
        for line in group.lines:
            assert (dong(line.cost) if line.cost is not None else None) == (
                lines.get(line.intervention, 0) if compiled.line(line.intervention) else None)
    # the HTML report: its chart and its table are the budget's source × year at the same unit
    report = report_document(compiled, VND)
    assert sum(dong(b.total) for b in report.budget_bars) == grand


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_every_output_gives_the_same_totals_to_the_dong_for_each_bundled_plan(path):
    assert_one_truth(compile_file(path))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(generated_plans())
def test_every_output_gives_the_same_totals_to_the_dong_for_generated_plans(plan):
    assert_one_truth(compile_plan(plan))


def test_the_same_pivot_shows_the_same_digits_in_budget_funding_excel_and_html():
    compiled = compile_file(ROOT / "plans" / "gia-lai-2023-2026.yaml")
    opts = ReportOptions("million", None, "en")
    budget = budget_table(compiled, BudgetOptions(by=("source", "year"))).materialised()
    sheet = {s.name: s.table for s in
             __import__("ecdplan.reports.documents", fromlist=["x"]).workbook_document(compiled, opts).sheets}
    assert sheet["Sources × years"].rows == budget.rows
    report = report_document(compiled, opts)
    assert report.budget_table.rows == budget.rows
    cells = {(row[0], col.key): v for row in budget.rows for col, v in zip(budget.columns, row)}
    for bar in report.budget_bars:
        for sid, label, value in bar.segments:
            assert cells[sid, str(bar.year)] == value


# --- what a reviewer saw (issue 10), each pinned -----------------------------------------------------------------

def test_a_declared_total_that_its_years_do_not_add_up_to_gives_one_computed_figure_everywhere(validate_json, cli, write_plan):
    text = edit("cost: {total: 1000}", "cost: {total: 1000, by_year: {2023: 200, 2024: 200, 2025: 250, 2026: 250}}")
    run = validate_json(text)
    by_code = {f["code"]: f for f in run.findings()}
    assert by_code["B003"]["figures"]["computed"] == "900"
    assert by_code["B002"]["figures"]["computed"] == "900"  # the line's cost is what its years add up to
    assert by_code["B001"]["figures"]["computed"] == "900"
    out = cli("budget", str(write_plan(text)), "--by-group", "--format", "json")
    doc = json.loads(out.stdout)
    assert doc["rows"][0]["amount"] == 900 and doc["rows"][0]["difference"] == 100


def test_a_declared_column_adds_up_as_shown_and_equal_amounts_show_no_difference(cli, write_plan):
    three = BASE.replace("cost: {total: 1000}", "cost: {total: 0.35}").replace("total: 1000\n", "total: 1.05\n")
    three = three.replace("  - {id: I, name: Y tế, total: 1000}", "  - {id: I, name: Y tế}")
    lines = three.split("interventions:\n")[1].split("total: 1.05")[0]
    block = lines.replace("id: clubs", "id: a") + lines.replace("id: clubs", "id: b") + lines.replace("id: clubs", "id: c")
    text = three.split("interventions:\n")[0] + "interventions:\n" + block + "total: 1.05" + three.split("total: 1.05")[1]
    run = cli("budget", str(write_plan(text)), "--by-intervention", "--format", "json")
    assert run.exit_code == 0, run.output
    doc = json.loads(run.stdout)
    declared = [Decimal(str(r["declared"])) for r in doc["rows"]]
    assert sum(declared) == Decimal(str(doc["totals"][0]["declared"]))
    assert all(Decimal(str(r["difference"])) == 0 for r in doc["rows"])
    amounts = [Decimal(str(r["amount"])) for r in doc["rows"]]
    assert sum(amounts) == Decimal(str(doc["totals"][0]["amount"]))


def test_equal_amounts_show_equal_digits_in_rollout_year(cli):
    run = cli("rollout", "plans/gia-lai-2023-2026.yaml", "--year", "2025", "--format", "json", cwd=ROOT)
    rows = {r["intervention"]: r["cost"] for r in json.loads(run.stdout)["rows"]}
    assert rows["imam"] == rows["nutrition-package"] == rows["newborn-care"]  # 3,755,769,231 đồng each
    assert sum(Decimal(str(v)) for v in rows.values()) == Decimal("15820.9")


def test_nsdp_2023_shows_the_same_digits_in_budget_and_funding(cli):
    budget = json.loads(cli("budget", "plans/gia-lai-2023-2026.yaml", "--by-source", "--by-year", "--format", "json",
                            cwd=ROOT).stdout)
    funding = json.loads(cli("funding", "plans/gia-lai-2023-2026.yaml", "--format", "json", cwd=ROOT).stdout)
    b = {r["source"]: r for r in budget["rows"]}
    f = {r["source"]: r for r in funding["tables"][0]["rows"]}
    for source in ("nsdp", "ntp-ntm"):
        for year in ("2023", "2024", "2025"):
            assert b[source][year] == f[source][year], (source, year)
    assert Decimal(str(b["nsdp"]["2023"])) == Decimal("1652.0") and b["nsdp"]["source_name"] == "NSĐP"
    assert funding["tables"][0]["totals"][0]["total"] == budget["totals"][0]["total"]


def test_money_in_a_year_without_communes_gets_its_own_row_in_the_commune_listing(cli, write_plan):
    text = edit("cost: {total: 1000}", "cost: {by_year: {2023: 90, 2024: 300, 2025: 300, 2026: 310}}",
                edit("      - years: 2023-2024\n", "      - years: 2024\n"))
    path = write_plan(text)
    listing = cli("rollout", str(path), "--communes", "--unit", "vnd", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(listing.stdout)))
    body = [r for r in rows if r["intervention"] != "Total"]
    assert sum(int(r["cost"]) for r in body) == 1000 * 10**6
    assert [r["commune"] for r in body if r["year"] == "2023"] == ["(no commune)"]
    assert "R007" in cli("validate", str(path)).stdout


def test_unbudgeted_lines_are_blank_not_zero_in_rollout_and_the_excel_appendix(cli):
    compiled = compile_file(ROOT / "plans" / "lang-son-2019-2025.yaml")
    missing = {iv.id for iv in compiled.unbudgeted()}
    assert missing
    year = compiled.plan.info.period.start
    doc = json.loads(cli("rollout", "plans/lang-son-2019-2025.yaml", "--year", str(year), "--format", "json",
                         cwd=ROOT).stdout)
    assert all(r["cost"] is None for r in doc["rows"] if r["intervention"] in missing)
    sheet = appendix(compiled, ReportOptions(lang="vi"))
    names = {iv.name for iv in compiled.plan.interventions if iv.id in missing}
    lines = [ln for g in sheet.groups for ln in g.lines if ln.name in names]
    assert lines and all(ln.cost is None and all(v is None for v in ln.sources) for ln in lines)
    assert any("chưa có dự toán" in n.lower() or "Chưa có dự toán" in n for n in sheet.notes)


def test_funding_without_envelopes_is_budgets_split_and_names_the_cause_of_its_gap(cli):
    out = json.loads(cli("funding", "plans/gia-lai-2023-2026.yaml", "--format", "json", cwd=ROOT).stdout)
    allocation, _, gap, causes = out["tables"]
    assert "equal split" in allocation["notes"][0]
    assert {r["cause"] for r in causes["rows"]} == {"CTMTQG DTTS-MN valid 2021-2025", "CTMTQG GNBV valid 2021-2025",
                                                    "CTMTQG XD NTM valid 2021-2025"}
    assert causes["totals"][0]["total"] == gap["totals"][0]["total"]


def test_the_python_api_reports_the_parent_plan_checks_as_validate_does(write_plan):
    from test_rules import TRIGGERS

    path = write_plan(TRIGGERS["P001"])
    assert "P001" in {f.code for f in check_file(path).findings}
