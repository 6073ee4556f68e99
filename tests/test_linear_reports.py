"""Reports linear in the plan, long listings streamed (issue 20): the same output as before, work that grows with
the plan and not with its square, memory bounded while a long listing is written. Wall-clock goals live in
bench/ (bench/linear.py, bench/run.py); here the work is counted (lines of Python run) and memory measured with
tracemalloc, at modest sizes."""

from __future__ import annotations

import sys
from fractions import Fraction
from math import ceil, floor

from hypothesis import given, settings
from hypothesis import strategies as st

from ecdplan.core import money
from ecdplan.core.money import controlled_round


def _table(n_rows: int, n_cols: int = 3) -> list[list[Fraction]]:
    """A long table of amounts with fractional parts (deterministic)."""
    return [[Fraction((i * 7919 + j * 104729) % 1000 + 1, 7) for j in range(n_cols)] for i in range(n_rows)]


def _lines_run(module, fn) -> int:
    """How many lines of `module` run while `fn()` runs: work counted, not timed."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def outer(frame, event, arg):
        return local if frame.f_code.co_filename == module.__file__ else None

    sys.settrace(outer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def _assert_adds_up(values, rounded):
    for row, rrow in zip(values, rounded):
        assert all(floor(v) <= r <= ceil(v) for v, r in zip(row, rrow))
        assert floor(sum(row)) <= sum(rrow) <= ceil(sum(row))
    for j in range(len(values[0])):
        exact = sum(row[j] for row in values)
        assert floor(exact) <= sum(row[j] for row in rounded) <= ceil(exact)
    assert sum(map(sum, rounded)) == floor(sum(map(sum, values)) + Fraction(1, 2))


def test_long_table_rounding_work_grows_linearly_with_its_rows(monkeypatch):
    # the long tables' method, here from the first cell (the max-flow did 16 x the work for 4 x the rows)
    monkeypatch.setattr(money, "FLOW_MAX_CELLS", 0, raising=False)
    small, big = _table(150), _table(600)
    work_small = _lines_run(money, lambda: controlled_round(small))
    work_big = _lines_run(money, lambda: controlled_round(big))
    assert work_big < 6 * work_small, (work_small, work_big)
    _assert_adds_up(big, controlled_round(big))


def test_long_table_rounding_adds_up_as_displayed_like_the_max_flow():
    values = _table(3000, 5)  # 15,000 cells: the long tables' method
    assert 3000 * 5 > money.FLOW_MAX_CELLS
    _assert_adds_up(values, controlled_round(values))


bounds_cases = st.integers(1, 6).flatmap(lambda cols: st.tuples(
    st.lists(st.lists(st.fractions(min_value=0, max_value=50, max_denominator=7), min_size=cols, max_size=cols),
             min_size=1, max_size=10),
    st.randoms(use_true_random=False)))


@settings(max_examples=400, deadline=None)
@given(bounds_cases)
def test_long_table_method_finds_a_rounding_exactly_when_the_max_flow_does(case):
    """Any bounds on rows, columns and total: the linear method and the max-flow agree on whether a rounding
    exists, and what the linear method gives meets every bound."""
    values, rnd = case
    fracs = [[v - floor(v) for v in row] for row in values]
    row_bounds = []
    for row in fracs:
        free = sum(1 for x in row if x)
        lo = rnd.randint(0, free)
        row_bounds.append((lo, rnd.randint(lo, free)))
    col_bounds = []
    for j in range(len(fracs[0])):
        free = sum(1 for row in fracs if row[j])
        lo = rnd.randint(0, free)
        col_bounds.append((lo, rnd.randint(lo, free)))
    total = rnd.randint(sum(b[0] for b in row_bounds), sum(b[1] for b in row_bounds))
    by_flow = money._rounded_table(fracs, row_bounds, col_bounds, total)  # small: the max-flow
    linear = money._rounded_table_long(fracs, row_bounds, col_bounds, total)
    assert (by_flow is None) == (linear is None)
    if linear is not None:
        assert sum(map(sum, linear)) == total
        for row, frow, (lo, hi) in zip(linear, fracs, row_bounds):
            assert lo <= sum(row) <= hi and all(u in (0, 1) and (f or not u) for u, f in zip(row, frow))
        for j, (lo, hi) in enumerate(col_bounds):
            assert lo <= sum(row[j] for row in linear) <= hi


# --- rollout --communes streamed in every format -------------------------------------------------------------

import gc  # noqa: E402
import io  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from ecdplan.pipeline import compile_file  # noqa: E402
from ecdplan.reports import communes_table  # noqa: E402
from ecdplan.reports.common import ReportOptions  # noqa: E402
from ecdplan.writers.render import ReportFormat, render  # noqa: E402
from ecdplan.writers.streamed import write_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _big_plan(tmp_path: Path, communes: int, lines: int = 3) -> Path:
    """A plan whose commune listing has lines × 4 years × `communes` rows (numbered communes, costs split)."""
    body = [
        "format: ecdplan/1",
        "plan:",
        "  id: big-listing",
        "  title: Kế hoạch thử (không có thật)",
        "  issuer: UBND tỉnh Thử",
        "  level: province",
        f"  area: {{name: tỉnh Thử, communes: {communes}}}",
        "  period: {start: 2023, end: 2026}",
        "  unit: million VND",
        "sources:",
        "  - {id: nsdp, name: Ngân sách địa phương, kind: local-budget}",
        "interventions:",
    ]
    for i in range(lines):
        body += [f"  - id: line-{i}", f"    name: Hoạt động thử số {i} với một cái tên khá dài cho bảng",
                 f"    rollout: {{2023: {communes}, 2024: {communes}, 2025: {communes}, 2026: {communes}}}",
                 f"    cost: {{total: {1000 + 7 * i}.3}}", "    sources: [nsdp]"]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", list(ReportFormat))
@pytest.mark.parametrize("width", [None, 70])
@pytest.mark.parametrize("plan", ["plans/gia-lai-2023-2026.yaml", "plans/thanh-hoa-2019-2025.yaml"])
def test_commune_listing_streamed_in_blocks_is_byte_identical_to_the_whole_table(plan, fmt, width, monkeypatch):
    if width and fmt is not ReportFormat.table:
        pytest.skip("only the terminal table wraps to a width")
    from ecdplan.writers import streamed

    monkeypatch.setattr(streamed, "BLOCK_ROWS", 7)  # many blocks, one cut inside a line-year's communes
    compiled = compile_file(ROOT / plan)
    for lang in ("en", "vi"):
        opts = ReportOptions(lang=lang)
        whole = render(communes_table(compiled, None, opts), fmt, lang, width)
        if "gia-lai" in plan:  # a listing with rows (Thanh Hóa's has only its total: rendered whole)
            monkeypatch.setattr(streamed, "render", lambda *a, **k: pytest.fail("rendered whole, not streamed"))
        out = io.StringIO()
        write_table(communes_table(compiled, None, opts), fmt, lang, out, width)
        monkeypatch.undo()
        monkeypatch.setattr(streamed, "BLOCK_ROWS", 7)
        assert out.getvalue() == whole


class _Sink:
    """Standard output that keeps nothing (what is written goes to a pipe)."""

    def __init__(self):
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def _peak_while_written(compiled, fmt: ReportFormat) -> tuple[int, int]:
    table = communes_table(compiled, None, ReportOptions())
    sink = _Sink()
    gc.collect()
    gc.disable()  # as the command line runs (cli/speedups.py): garbage in reference cycles is never freed
    tracemalloc.start()
    try:
        write_table(table, fmt, "en", sink)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        gc.enable()
    return peak, sink.size


@pytest.mark.parametrize("fmt", [ReportFormat.table, ReportFormat.json, ReportFormat.markdown])
def test_commune_listing_memory_stays_bounded_as_the_listing_grows_in_every_format(fmt, tmp_path, monkeypatch):
    """(CSV was streamed already, 20,000 rows at a time.)"""
    try:
        from ecdplan.writers import streamed
    except ImportError:  # before issue 20: nothing streamed but CSV
        streamed = None
    if streamed is not None:
        monkeypatch.setattr(streamed, "BLOCK_ROWS", 1000)  # modest sizes: blocks of 1,000 rows
    small = compile_file(_big_plan(tmp_path / "s" if (tmp_path / "s").mkdir() is None else tmp_path, 250))
    big = compile_file(_big_plan(tmp_path / "b" if (tmp_path / "b").mkdir() is None else tmp_path, 1000))
    peak_small, size_small = _peak_while_written(small, fmt)
    peak_big, size_big = _peak_while_written(big, fmt)
    assert size_big > 3.5 * size_small  # 12,000 rows against 3,000
    # a block at a time: four times the rows, not four times the memory (held whole: about 4 x)
    assert peak_big < 1.6 * peak_small, (peak_small, peak_big)
    assert peak_big < 16 * 2**20, peak_big


# --- progress: linear in the lines ---------------------------------------------------------------------------


def _plan_with_progress(folder: Path, n_lines: int) -> tuple[Path, Path]:
    folder.mkdir()
    plan = ["format: ecdplan/1", "plan:", f"  id: lines-{n_lines}", "  title: Kế hoạch thử (không có thật)",
            "  issuer: UBND tỉnh Thử", "  level: province", "  area: {name: tỉnh Thử, communes: 50}",
            "  period: {start: 2023, end: 2024}", "  unit: million VND", "sources:",
            "  - {id: nsdp, name: Ngân sách địa phương, kind: local-budget}",
            "  - {id: xhh, name: Nguồn xã hội hóa, kind: socialised}", "interventions:"]
    progress = ["format: ecdplan-progress/1", "illustrative: true", f"plan: {{id: lines-{n_lines}, file: plan.yaml}}",
                "period: 2023", "unit: million VND", "lines:"]
    for i in range(n_lines):
        plan.append(f"  - {{id: l{i}, name: D{i}, years: 2023-2024, cost: {{total: {100 + i % 37}}}, "
                    f"sources: [nsdp, xhh]}}")
        progress.append(f"  l{i}: {{disbursed: {{nsdp: {10 + i % 7}}}}}")
    (folder / "plan.yaml").write_text("\n".join(plan) + "\n", encoding="utf-8")
    (folder / "progress.yaml").write_text("\n".join(progress) + "\n", encoding="utf-8")
    return folder / "plan.yaml", folder / "progress.yaml"


def test_progress_work_grows_linearly_with_the_plans_lines(tmp_path):
    """Rows were sorted by a list index of every line per row, and each line's cost found by a scan of all."""
    from ecdplan.core import compiled as compiled_module
    from ecdplan.pipeline import attach
    from ecdplan.reports import progress as progress_module
    from ecdplan.reports.progress import ProgressOptions, execution_table

    work = []
    for n in (300, 1200):
        plan, progress = _plan_with_progress(tmp_path / f"n{n}", n)
        ps = attach(str(plan), [str(progress)])
        table = execution_table(ps, ProgressOptions())
        assert len(table.rows) == 2 * n  # each line × source
        work.append(_lines_run(progress_module, lambda: execution_table(ps, ProgressOptions()))
                    + _lines_run(compiled_module, lambda: attach(str(plan), [str(progress)])))
    assert work[1] < 6 * work[0], work
