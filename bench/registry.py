#!/usr/bin/env python3
"""What the registry of administrative units costs `validate`: the Gia Lai plan with and without it.

    python bench/registry.py [--pairs N]

"With": `ecdplan validate plans/gia-lai-2023-2026.yaml` as bundled (it names its province and nine communes,
so the registry is read and every place checked). "Without": the same plan with `province:` and the `named:`
list taken out (written to a temporary folder), so the registry is never read. The two run in pairs, the
order alternating from pair to pair (with first, then without first ...), each in its own process, so that
a busy machine slows both alike; the figure is the median of the per-pair ratios. Goal: ≤ 1.5.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plans" / "gia-lai-2023-2026.yaml"
GOAL = 1.5


def without_places(text: str) -> str:
    text = re.sub(r"(?m)^    province: .*\n", "", text)
    return re.sub(r"(?m)^        named:\n(?:          - .*\n)+", "", text)


def timed(plan: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "ecdplan", "validate", str(plan)], capture_output=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"validate {plan} failed: {proc.stderr.decode()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "gia-lai-no-places.yaml"
        bare.write_text(without_places(PLAN.read_text(encoding="utf-8")), encoding="utf-8")
        timed(PLAN), timed(bare)  # warm-up: file cache, .pyc
        ratios, withs, withouts = [], [], []
        for i in range(args.pairs):
            if i % 2 == 0:
                a, b = timed(PLAN), timed(bare)
            else:
                b, a = timed(bare), timed(PLAN)
            withs.append(a)
            withouts.append(b)
            ratios.append(a / b)
    ratio = statistics.median(ratios)
    print(f"validate {PLAN.relative_to(ROOT)}, {args.pairs} alternating pairs")
    print(f"  with the registry:    median {statistics.median(withs) * 1000:.0f} ms")
    print(f"  without the registry: median {statistics.median(withouts) * 1000:.0f} ms")
    print(f"  ratio (median of pairs): {ratio:.2f} (goal ≤ {GOAL}): {'met' if ratio <= GOAL else 'NOT met'}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
