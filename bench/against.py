#!/usr/bin/env python3
"""This checkout's command line against another copy of ecdplan's package, in alternating runs.

    python bench/against.py OTHER_PARENT_DIR validate plans/gia-lai-2023-2026.yaml

OTHER_PARENT_DIR holds an `ecdplan/` package (e.g. `git archive 4269644 ecdplan | tar -x -C /tmp/base`, then
`python -m compileall -q /tmp/base/ecdplan`), put first on PYTHONPATH for its runs. Prints the median of the
per-pair ratios (this checkout / the other), 15 pairs after one warm-up pair.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ecdplan", *argv], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    other, argv = sys.argv[1], sys.argv[2:]
    theirs = {**os.environ, "PYTHONPATH": other}
    ratios = []
    for i in range(16):
        t_other, t_this = one(argv, theirs), one(argv, dict(os.environ))
        if i:
            ratios.append(t_this / t_other)
    print(" ".join(argv), f"this / other: median {statistics.median(ratios):.3f} of {len(ratios)} pairs; load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
