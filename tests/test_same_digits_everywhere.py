"""Must-show property (issue 20): for generated plans and progress files, every output — terminal table, CSV,
JSON, Markdown, the xlsx workbook read back with openpyxl, the HTML page — shows the same digits for the same
figure, and the workbook's appendix cells are the exact đồng."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from fractions import Fraction

import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from conftest import invoke

SOURCES = ["a", "b", "c"]
UNITS = {"thousand VND": 1_000, "million VND": 1_000_000, "billion VND": 1_000_000_000}


@st.composite
def plan_and_progress(draw):
    start = draw(st.integers(2021, 2025))
    years = list(range(start, start + draw(st.integers(1, 3))))
    unit = draw(st.sampled_from(sorted(UNITS)))
    lines = []
    for i in range(draw(st.integers(1, 4))):
        chosen = draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=3, unique=True))
        cost = ({"total": draw(st.integers(1, 10**6))} if draw(st.booleans()) else
                {"by_year": {y: draw(st.integers(1, 10**5)) for y in years}})
        lines.append({"id": f"l{i}", "name": f"Nội dung {i}", "group": "G",
                      "rollout": [{"years": f"{years[0]}-{years[-1]}" if len(years) > 1 else years[0],
                                   "communes": draw(st.integers(1, 20))}],
                      "cost": cost, "sources": chosen})
    plan = {"format": "ecdplan/1",
            "plan": {"id": "gen", "title": "Kế hoạch", "issuer": "UBND tỉnh", "level": "province",
                     "area": {"name": "tỉnh", "communes": 50}, "period": {"start": years[0], "end": years[-1]},
                     "unit": unit},
            "sources": [{"id": s, "name": f"Nguồn {s.upper()}", "kind": "other"} for s in SOURCES],
            "groups": [{"id": "G", "name": "Nhóm"}],
            "interventions": lines}
    disbursed = {ln["id"]: {"disbursed": {s: draw(st.integers(0, 10**4)) for s in ln["sources"]}} for ln in lines}
    progress = {"format": "ecdplan-progress/1", "plan": {"id": "gen", "file": "plan.yaml"}, "period": years[0],
                "lines": disbursed}  # no unit: the plan's
    return plan, progress


def _cells_json(text: str) -> dict:
    data = json.loads(text, parse_float=Decimal)
    table = data["tables"][0] if "tables" in data else data
    return table


def _digits(value) -> str:
    """A shown figure as plain digits ('2,629.0' and 2629.0 both give '2629.0')."""
    return str(value).replace(",", "")


def _shown_rows_text(text: str, n_rows: int) -> list[list[str]]:
    """The numbers of the table's body rows as a terminal or Markdown table prints them."""
    out = []
    for line in text.splitlines():
        numbers = re.findall(r"(?<![\w.])-?\d[\d,]*\.?\d*(?![\w])", line.replace("|", " "))
        if numbers and line.lstrip("| ").startswith("Nguồn "):  # a body row: a source's label first
            out.append([n.replace(",", "") for n in numbers if n not in ("A", "B", "C")])
    return out[:n_rows]


# no shrinking: each example runs a dozen commands
# Found by hypothesis: 5,853,000 đồng disbursed shows as 5.8 million, moved down one tenth by the largest remainder
# so that the column adds up to its shown total 14.2 (the rounding rule, not an error of the figure).
_MOVED_DOWN = ({"format": "ecdplan/1",
                "plan": {"id": "gen", "title": "Kế hoạch", "issuer": "UBND tỉnh", "level": "province",
                         "area": {"name": "tỉnh", "communes": 50}, "period": {"start": 2025, "end": 2025},
                         "unit": "thousand VND"},
                "sources": [{"id": k, "name": f"Nguồn {k.upper()}", "kind": "other"} for k in "abc"],
                "groups": [{"id": "G", "name": "Nhóm"}],
                "interventions": [{"id": "l0", "name": "Nội dung 0", "group": "G",
                                   "rollout": [{"years": 2025, "communes": 16}], "cost": {"total": 5022},
                                   "sources": ["b", "c"]},
                                  {"id": "l1", "name": "Nội dung 1", "group": "G",
                                   "rollout": [{"years": 2025, "communes": 9}], "cost": {"by_year": {2025: 24591}},
                                   "sources": ["c", "b", "a"]}]},
               {"format": "ecdplan-progress/1", "plan": {"id": "gen", "file": "plan.yaml"}, "period": 2025,
                "lines": {"l0": {"disbursed": {"b": 1015, "c": 768}},
                          "l1": {"disbursed": {"c": 5085, "b": 7080, "a": 285}}}})


@settings(max_examples=5, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plan_and_progress())
@example(case=_MOVED_DOWN)
def test_every_output_shows_the_same_digits_for_the_same_figure(tmp_path_factory, case):
    from openpyxl import load_workbook

    plan, progress = case
    folder = tmp_path_factory.mktemp("gen")
    (folder / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "progress.yaml").write_text(yaml.safe_dump(progress, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    path = str(folder / "plan.yaml")
    budget = ("budget", path, "--by-source", "--by-year")
    js = invoke([*budget, "--format", "json"])
    assert js.exit_code == 0, js.stdout
    table = _cells_json(js.stdout)
    years = [str(y) for y in range(plan["plan"]["period"]["start"], plan["plan"]["period"]["end"] + 1)]
    shown = {(r["source"], y): _digits(r[y]) for r in table["rows"] for y in years if y in r}
    shown |= {(r["source"], "total"): _digits(r["total"]) for r in table["rows"]}
    # CSV: the same digits
    rows = list(csv.DictReader(io.StringIO(invoke([*budget, "--format", "csv"]).stdout)))
    for r in rows:
        for y in [*years, "total"]:
            if (r["source"], y) in shown:
                assert _digits(r[y]) == shown[r["source"], y], ("csv", r["source"], y)
    # terminal table and Markdown: each body row shows the JSON row's figures, in order
    expected = [[shown[r["source"], y] for y in [*years, "total"] if (r["source"], y) in shown]
                for r in table["rows"]]
    for fmt in ("table", "markdown"):
        got = _shown_rows_text(invoke([*budget, "--format", fmt]).stdout, len(expected))
        assert [g[-len(e):] for g, e in zip(got, expected)] == expected, fmt
    # the workbook: its sources × years sheet shows the same figures; the appendix's cells are exact đồng
    xlsx = folder / "plan.xlsx"
    assert invoke(["export", "xlsx", path, "-o", str(xlsx)]).exit_code == 0
    wb = load_workbook(xlsx)
    sheet = wb.worksheets[1]
    names = {f"Nguồn {s.upper()}": s for s in SOURCES}
    header = [c.value for c in sheet[3]]
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if row[0] in names:
            for y in years:
                value = row[header.index(y if y in header else int(y))]
                if (names[row[0]], y) in shown:
                    assert Decimal(str(value)).quantize(Decimal(shown[names[row[0]], y])) == Decimal(
                        shown[names[row[0]], y]), ("xlsx", row[0], y)
    from ecdplan.pipeline import compile_file

    compiled = compile_file(path)
    exact: dict = {}
    for f in compiled.facts:
        exact[f.intervention, f.source] = exact.get((f.intervention, f.source), 0) + f.amount
    exact_xlsx = folder / "plan-exact.xlsx"  # to the đồng (6 decimals of a million): the cells are the exact đồng
    assert invoke(["export", "xlsx", path, "--decimals", "6", "-o", str(exact_xlsx)]).exit_code == 0
    appendix = load_workbook(exact_xlsx).worksheets[0]
    source_cols = {}
    for row in appendix.iter_rows(min_row=1, max_row=6):
        for cell in row:
            for s in SOURCES:
                if isinstance(cell.value, str) and cell.value.startswith(f"Nguồn {s.upper()}"):
                    source_cols[cell.column] = s
    per_unit = UNITS[plan["plan"]["unit"]]
    lines = {ln["name"]: ln["id"] for ln in plan["interventions"]}
    for row in appendix.iter_rows():
        name = row[1].value
        if name in lines:
            for col, s in source_cols.items():
                value = row[col - 1].value
                amount = exact.get((lines[name], s))
                if amount:
                    assert Fraction(Decimal(str(value))) * 1_000_000 == amount, ("appendix", name, s, value, amount)
    # the HTML page shows each source × year figure as the table does
    html = folder / "plan.html"
    assert invoke(["report", path, "-o", str(html)]).exit_code == 0
    page = html.read_text(encoding="utf-8").replace(",", "")
    for key, digits in shown.items():
        assert digits in page, ("html", key, digits)
    # a progress file without a unit: its figures in the plan's unit, the same digits in JSON, CSV and the table
    prog = ("progress", path, str(folder / "progress.yaml"), "--by-source", "--partial")
    pj = invoke([*prog, "--format", "json"])
    assert pj.exit_code == 0, pj.stdout
    execution = _cells_json(pj.stdout)
    disbursed = {}
    for lp in progress["lines"].values():
        for s, v in lp["disbursed"].items():
            disbursed[s] = disbursed.get(s, 0) + v * per_unit
    for r in execution["rows"]:
        source = next(s for s in SOURCES if r["source"] in (s, f"Nguồn {s.upper()}"))
        # rounded with its column so that it adds up (largest remainder): within one unit of the last place shown
        shown_value = Decimal(str(r["disbursed"]))
        place = Fraction(10) ** shown_value.as_tuple().exponent * 1_000_000
        assert abs(Fraction(shown_value) * 1_000_000 - disbursed[source]) < place, r
    text = invoke([*prog, "--format", "csv"]).stdout
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    pc = list(csv.DictReader(io.StringIO(body)))
    assert [_digits(r["disbursed"]) for r in pc[:len(execution["rows"])]] == \
        [_digits(r["disbursed"]) for r in execution["rows"]]
