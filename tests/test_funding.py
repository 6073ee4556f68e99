"""Envelopes and the funding gap on the Gia Lai plan, with the worked example in examples/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ecdplan import compile_file
from ecdplan.cli.commands import app
from ecdplan.core.funding import allocate, needs, plan_envelopes

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
ENVELOPES = ROOT / "examples" / "gia-lai-envelopes.yaml"
M = 1_000_000
EXAMPLE = {  # examples/gia-lai-envelopes.yaml, in million VND
    "ntp-dtts": {2023: 500, 2024: 500, 2025: 1500}, "ntp-gnbv": {2023: 300, 2024: 300, 2025: 1000},
    "ntp-ntm": {2023: 200, 2024: 200, 2025: 500}, "nsdp": dict.fromkeys(range(2023, 2027), 2000),
    "other": dict.fromkeys(range(2023, 2027), 1000)}

pytest.importorskip("scipy")


@pytest.fixture(scope="module")
def plan():
    return compile_file(GIA_LAI)


def run_alloc(compiled, method, envelopes=EXAMPLE, order=None):
    env, limited = plan_envelopes(compiled.plan, envelopes, M)
    return allocate(compiled, method, env, limited, order)


def assert_exact(alloc):
    """Paid + unfunded = need for every line-year, to the đồng; no envelope overrun; only eligible, valid sources."""
    plan = alloc.plan
    for (i, y), need in needs(alloc.compiled).items():
        paid = sum(v for (ii, yy, _), v in alloc.paid.items() if (ii, yy) == (i, y))
        assert paid + alloc.unfunded.get((i, y), 0) == need
    for (s, y), cap in alloc.envelopes.items():
        assert alloc.used(s, y) <= cap
    for (i, y, s), v in alloc.paid.items():
        iv = next(iv for iv in plan.interventions if iv.id == i)
        assert s in [f.source for f in iv.funding()]
        valid = plan.source(s).valid
        assert valid is None or valid.start <= y <= valid.end
        assert v > 0


def test_the_worked_example_file_holds_the_envelopes_this_test_uses():
    import yaml

    assert yaml.safe_load(ENVELOPES.read_text(encoding="utf-8"))["envelopes"] == EXAMPLE


def test_optimal_gap_is_the_need_less_every_usable_envelope(plan):
    # hand computation: every envelope can be used in full (health lines absorb the NTP money, the other
    # lines and IMAM absorb NSĐP and other funds), and the NTPs have no 2026 envelope:
    # envelopes 1,000 + 1,000 + 3,000 (NTP) + 4 × 2,000 (NSĐP) + 4 × 1,000 (other) = 17,000 million
    alloc = run_alloc(plan, "optimal")
    assert_exact(alloc)
    assert alloc.gap == (42_900 - 17_000) * M
    assert len(alloc.binding()) == 17  # every one of the 17 envelopes is used up


def test_priority_in_catalogue_order_also_uses_every_envelope(plan):
    alloc = run_alloc(plan, "priority")
    assert_exact(alloc)
    assert alloc.gap == 25_900 * M


def test_priority_local_budget_first_strands_ntp_money_as_computed_by_hand(plan):
    alloc = run_alloc(plan, "priority", order=["nsdp", "other", "ntp-dtts", "ntp-gnbv", "ntp-ntm"])
    assert_exact(alloc)
    # 2023 by hand, needs in đồng (commune-year spread of the declared totals):
    imam = pkg = newborn = 894_230_769
    library, protection, clubs = 1_071_428_571, 1_215_000_000, 660_000_000
    nsdp_left = 2_000 * M - imam            # IMAM takes NSĐP first
    other_left = 1_000 * M - pkg            # the package (no NSĐP) takes other funds
    newborn_left = newborn - other_left - 500 * M  # then DTTS-MN, then GNBV ...
    assert 0 < newborn_left < 300 * M       # ... which covers the rest: newborn care is fully paid
    nsdp_left -= library                    # the library takes NSĐP
    gap_2023 = (protection - nsdp_left) + clubs  # child protection gets the last NSĐP; the clubs nothing
    assert gap_2023 == 1_840_659_340
    assert sum(v for (_, y), v in alloc.unfunded.items() if y == 2023) == gap_2023
    assert alloc.gap > run_alloc(plan, "optimal").gap


def test_shares_caps_each_source_at_its_envelope(plan):
    alloc = run_alloc(plan, "shares")
    assert_exact(alloc)
    # 2023 by hand: what each source is asked for (equal split) less its envelope, where positive
    asked = {}
    for f in plan.facts:
        if f.year == 2023:
            asked[f.source] = asked.get(f.source, 0) + f.amount
    overrun = sum(max(0, a - EXAMPLE[s][2023] * M) for s, a in asked.items())
    assert sum(v for (_, y), v in alloc.unfunded.items() if y == 2023) == overrun


def test_without_envelopes_only_money_outside_a_sources_validity_is_unfunded(plan):
    outside = sum(f.amount for f in plan.facts if not f.source_valid)  # the NTPs' 2026 share
    assert outside == 7_887_115_384
    for method, gap in (("shares", outside), ("equal", outside), ("priority", 0), ("optimal", 0)):
        alloc = run_alloc(plan, method, envelopes={})
        assert alloc.gap == gap, method  # priority and optimal move that money to unlimited sources
        assert_exact(alloc)


envelope_sets = st.fixed_dictionaries({
    s: st.dictionaries(st.sampled_from([2023, 2024, 2025, 2026]), st.integers(0, 6000), max_size=4)
    for s in ("ntp-dtts", "ntp-gnbv", "ntp-ntm", "nsdp", "other")})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(envelope_sets, st.permutations(["ntp-dtts", "ntp-gnbv", "ntp-ntm", "nsdp", "other"]))
def test_optimal_is_never_worse_than_priority_and_both_are_exact(plan, envelopes, order):
    optimal = run_alloc(plan, "optimal", envelopes)
    priority = run_alloc(plan, "priority", envelopes, list(order))
    assert_exact(optimal)
    assert_exact(priority)
    assert optimal.gap <= priority.gap


def invoke(*args):
    return CliRunner().invoke(app, ["funding", str(GIA_LAI), *args])


def test_funding_command_prints_gap_and_binding_envelopes_as_json():
    result = invoke("--envelopes", str(ENVELOPES), "--method", "optimal", "--format", "json")
    assert result.exit_code == 0, result.output
    allocation, envelopes, gap, causes = json.loads(result.output)["tables"]
    assert causes["totals"][0]["total"] == gap["totals"][0]["total"] == 25900
    unfunded = next(r for r in allocation["rows"] if r["source"] == "(unfunded)")
    assert unfunded["total"] == 25900
    assert sum(1 for r in envelopes["rows"] if r["binding"] == "binding") == 17
    assert gap["totals"][0]["total"] == 25900


def test_priority_order_naming_an_unknown_source_is_a_usage_error():
    result = invoke("--envelopes", str(ENVELOPES), "--method", "priority", "--order", "nsdp,ntp-xyz")
    assert result.exit_code == 2 and "ntp-xyz" in result.output


def test_envelope_file_with_thousands_dot_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "env.yaml"
    bad.write_text("format: ecdplan-envelopes/1\nenvelopes:\n  nsdp: {2023: 2.000}\n", encoding="utf-8")
    result = invoke("--envelopes", str(bad))
    assert result.exit_code == 2
    assert ":3:" in result.output and "L006" in result.output


def test_envelope_for_a_source_the_plan_does_not_have_is_a_usage_error(tmp_path):
    bad = tmp_path / "env.yaml"
    bad.write_text("format: ecdplan-envelopes/1\nenvelopes:\n  ntp-xyz: {2023: 2000}\n", encoding="utf-8")
    result = invoke("--envelopes", str(bad))
    assert result.exit_code == 2 and "ntp-xyz" in result.output
