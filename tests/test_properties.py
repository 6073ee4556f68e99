"""Generated plans: the fact table keeps every đồng, and every pivot adds up to its margins."""

from __future__ import annotations

from decimal import Decimal
from itertools import permutations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecdplan.core.compiled import compile_plan
from ecdplan.core.groupby import DIMENSIONS, pivot
from ecdplan.formats.plan import Plan

SOURCES = ["a", "b", "c", "d"]


@st.composite
def plans(draw):
    start = draw(st.integers(2020, 2025))
    n_years = draw(st.integers(1, 6))
    years = list(range(start, start + n_years))
    interventions = []
    for i in range(draw(st.integers(1, 6))):
        counts = {y: draw(st.integers(0, 300)) for y in years}
        chosen = draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=4, unique=True))
        style = draw(st.sampled_from(["equal", "shares", "amounts"]))
        cost_kind = draw(st.sampled_from(["total", "unit", "by_year"]))
        total = draw(st.integers(0, 10**7))  # in thousand VND
        if cost_kind == "total":
            cost = {"total": total}
        elif cost_kind == "unit":
            cost = {"per_commune_year": draw(st.integers(0, 10**5))}
        else:
            cost = {"by_year": {y: draw(st.integers(0, 10**6)) for y in years}}
        if style == "equal":
            sources = chosen
        elif style == "shares":
            cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=len(chosen) - 1, max_size=len(chosen) - 1)))
            shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100])]
            sources = [{"source": s, "share": sh} for s, sh in zip(chosen, shares)]
        else:
            weights = [draw(st.integers(0, 1000)) for _ in chosen]
            sources = [{"source": s, "amount": w} for s, w in zip(chosen, weights)]
        interventions.append({
            "id": f"iv{i}", "group": draw(st.sampled_from(["G1", "G2"])), "name": f"Line {i}",
            "lead": draw(st.sampled_from(["Sở Y tế", "Sở GD&ĐT", None])),
            "rollout": counts, "cost": cost, "sources": sources,
        })
    return Plan.model_validate({
        "format": "ecdplan/1",
        "plan": {"id": "generated", "title": "t", "issuer": "x", "level": "province",
                 "area": {"name": "a", "communes": 300}, "period": {"start": start, "end": years[-1]},
                 "unit": "thousand VND"},
        "sources": [{"id": s, "name": s.upper(), "kind": "other"} for s in SOURCES],
        "groups": [{"id": "G1", "name": "one"}, {"id": "G2", "name": "two"}],
        "interventions": interventions,
    })


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_fact_table_keeps_every_dong_of_every_intervention(plan):
    compiled = compile_plan(plan)
    facts = compiled.facts
    for iv, line in zip(plan.interventions, compiled.lines):
        assert sum(f.amount for f in facts if f.intervention == iv.id) == (line.total if line else 0)
    assert all(f.amount >= 0 for f in facts)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.sampled_from(list(permutations(DIMENSIONS, 2))), st.sampled_from(["million", "billion"]))
def test_every_pivot_adds_up_exactly_and_as_displayed(plan, dims, unit):
    facts = compile_plan(plan).facts
    p = pivot(facts, *dims)
    assert sum(p.row_total(r) for r in p.rows) == sum(p.col_total(c) for c in p.cols) == p.total
    assert p.total == sum(f.amount for f in facts)
    shown = p.display(unit)
    for r in shown.rows:
        assert sum(shown.cells[r, c] for c in shown.cols) == shown.row_totals[r]
    for c in shown.cols:
        assert sum(shown.cells[r, c] for r in shown.rows) == shown.col_totals[c]
    assert sum(shown.row_totals.values(), Decimal(0)) == shown.total
    step = Decimal(1).scaleb(-shown.decimals)
    exact_total = Decimal(p.total) / {"million": 10**6, "billion": 10**9}[unit]
    assert abs(shown.total - exact_total) <= step / 2
