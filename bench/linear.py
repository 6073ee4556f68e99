"""Is every report linear in the plan? Each command on a plan of N lines and on one of 4 × N lines, in CPU time of
the child process (user + system, from os.wait4: other jobs on a shared machine disturb it far less than wall
time) and its peak memory. A linear report takes about 4 × the time for 4 × the lines; a quadratic one 16 ×.

    python bench/linear.py               # N = 2,500 and 10,000 lines (about 5 minutes on 2 shared cores)
    python bench/linear.py --lines 5000  # N = 5,000 and 20,000
    python bench/linear.py --only xlsx   # the commands whose label contains 'xlsx'

The plans are bench/generate.py's line-count plans (`lines_plan`, one short line each, no named communes),
written to bench/out/linear/ with an envelopes file (every source, every year) and a progress file (every line's
money for the first year, by source) so that `funding` and `progress` have something to compute. Exit status 0
if every ratio is at most GOAL (8: twice what linear allows, well under quadratic's 16), else 1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOAL = 8.0


def inputs(out: Path, n_lines: int) -> dict[str, Path]:
    sys.path.insert(0, str(HERE))
    import generate  # noqa: E402  (bench/generate.py)
    import yaml

    plan = generate.lines_plan(n_lines)
    folder = out / f"lines-{n_lines}"
    path = folder / "plan.yaml"
    generate.dump(plan, path, one_line_each=True)
    first, last = plan["plan"]["period"]["start"], plan["plan"]["period"]["end"]
    share = max(1, plan["total"] // (len(generate.SOURCE_IDS) * (last - first + 1)))
    envelopes = {"format": "ecdplan-envelopes/1", "plan": "plan.yaml", "unit": "million VND",
                 "envelopes": {s: {y: share for y in range(first, last + 1)} for s in generate.SOURCE_IDS}}
    (folder / "envelopes.yaml").write_text(yaml.safe_dump(envelopes, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")
    lines = {}
    for iv in plan["interventions"]:
        sources = [s if isinstance(s, str) else s["source"] for s in iv["sources"]]
        lines[iv["id"]] = {"disbursed": {sources[0]: 1}}
    progress = {"format": "ecdplan-progress/1", "illustrative": True,
                "plan": {"id": plan["plan"]["id"], "file": "plan.yaml"}, "period": last, "unit": "million VND",
                "reported_by": "bench/linear.py", "reported_on": f"{last + 1}-01-10", "lines": lines}
    (folder / "progress.yaml").write_text(yaml.safe_dump(progress, allow_unicode=True, sort_keys=False, width=10**6),
                                          encoding="utf-8")
    return {"plan": path, "envelopes": folder / "envelopes.yaml", "progress": folder / "progress.yaml",
            "folder": folder}


def commands(f: dict[str, Path]) -> list[tuple[str, list[str]]]:
    plan, out = str(f["plan"]), f["folder"]
    return [
        ("validate", ["validate", plan]),
        ("budget --by-intervention", ["budget", plan]),
        ("budget --by-intervention --by-source", ["budget", "--by-intervention", "--by-source", plan]),
        ("budget --by-source --by-year", ["budget", "--by-source", "--by-year", plan]),
        ("budget --by-intervention --by-year --format json", ["budget", "--by-intervention", "--by-year",
                                                             "--format", "json", plan]),
        ("rollout", ["rollout", plan]),
        ("rollout --year (last)", ["rollout", "--year", "2030", plan]),
        ("rollout --communes --format json", ["rollout", "--communes", "--format", "json", plan]),
        ("funding --envelopes", ["funding", "--envelopes", str(f["envelopes"]), plan]),
        ("progress --by-intervention", ["progress", plan, str(f["progress"])]),
        ("diff (the plan against itself)", ["diff", plan, plan]),
        ("rollup", ["rollup", plan]),
        ("agencies", ["agencies", plan]),
        ("report (HTML)", ["report", plan, "-o", str(out / "report.html")]),
        ("export xlsx (appendix)", ["export", "xlsx", plan, "-o", str(out / "appendix.xlsx")]),
    ]


def run(argv: list[str], timeout: float) -> tuple[float, float, int, int]:
    """(cpu s, wall s, peak MB, exit status) of one child."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "ecdplan", *argv], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return usage.ru_utime + usage.ru_stime, time.perf_counter() - start, usage.ru_maxrss // 1024, -9
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (usage.ru_utime + usage.ru_stime, time.perf_counter() - start, usage.ru_maxrss // 1024,
            proc.returncode)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=2500, help="N: the smaller plan's lines (the larger has 4 × N)")
    ap.add_argument("--only", default="", help="only the commands whose label contains this")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--out", type=Path, default=HERE / "out" / "linear")
    args = ap.parse_args(argv)
    small, big = inputs(args.out, args.lines), inputs(args.out, 4 * args.lines)
    print(f"ecdplan linear scaling, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.lines:,} and {4 * args.lines:,} lines")
    header = f"| {'command':<50} | {'cpu s (N)':>9} | {'cpu s (4N)':>10} | {'ratio':>5} | {'MB (N)':>6} | " \
             f"{'MB (4N)':>7} | exit | linear |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    ok = True
    for (label, a), (_, b) in zip(commands(small), commands(big)):
        if args.only not in label:
            continue
        cpu_a, _, mb_a, code_a = run(a, args.timeout)
        cpu_b, _, mb_b, code_b = run(b, args.timeout)
        ratio = cpu_b / cpu_a if cpu_a else float("inf")
        good = ratio <= GOAL and code_b >= 0
        ok &= good
        print(f"| {label:<50} | {cpu_a:9.2f} | {cpu_b:10.2f} | {ratio:5.1f} | {mb_a:6d} | {mb_b:7d} | "
              f"{code_a},{code_b:<2} | {'yes' if good else 'NO':<6} |", flush=True)
    print(f"goal: cpu(4N) <= {GOAL:g} x cpu(N) (linear: about 4, quadratic: 16)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
