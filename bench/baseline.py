#!/usr/bin/env python3
"""What of a command's start-up ecdplan's own code could still remove: the floor of bench/run.py, and what any
command line built with typer 0.29 and one pydantic model costs before ecdplan does anything.

    python bench/baseline.py [--runs N] [ARGS...]     # default ARGS: validate plans/gia-lai-2023-2026.yaml

Three processes alternate N times after one warm-up round, each under PYTHONDONTWRITEBYTECODE=1 as in CI:

- floor: bench/run.py's (python, import yaml, pydantic, typer; the plan loaded with yaml.CSafeLoader);
- stack: the floor, then what typer 0.29 does for any command it runs (it parses every parameter with a pydantic
  TypeAdapter: `typer._adapters`, with pydantic's fields, types and JSON Schema modules) and one pydantic model
  of one field built and used, with cyclic gc off and pydantic's plugin discovery skipped, as ecdplan's command
  line has them (ecdplan/cli/speedups.py);
- ecdplan: `python -m ecdplan ARGS`.

Prints the median time of each and of the per-round ratios to the floor. `stack` over `floor` is the part of
bench/run.py's ratio that no change to ecdplan's code can remove (only a different command-line library, or
no pydantic model on the way); `ecdplan` over `stack` is ecdplan's own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FLOOR_CODE  # noqa: E402  (bench/run.py's floor, the same code)

STACK_CODE = FLOOR_CODE + """
import gc, os
gc.disable()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
import typer._adapters
from pydantic import BaseModel
class One(BaseModel):
    x: int
One.model_validate({"x": 1})
"""


def timed(argv: list[str]) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", "-n", type=int, default=15)
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the command's arguments (after the options)")
    ns = parser.parse_args()
    ns.args = ns.args or ["validate", "plans/gia-lai-2023-2026.yaml"]
    plan = next((a for a in reversed(ns.args) if a.endswith((".yaml", ".yml"))), "plans/gia-lai-2023-2026.yaml")
    py = sys.executable
    sides = {"floor": [py, "-c", FLOOR_CODE, plan], "stack": [py, "-c", STACK_CODE, plan],
             "ecdplan": [py, "-m", "ecdplan", *ns.args]}
    times: dict[str, list[float]] = {name: [] for name in sides}
    for i in range(ns.runs + 1):
        for name, argv in sides.items():
            t = timed(argv)
            if i:
                times[name].append(t)
    floor = times["floor"]
    print(f"{' '.join(ns.args)}: {ns.runs} rounds, PYTHONDONTWRITEBYTECODE=1, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, ts in times.items():
        ratio = statistics.median(t / f for t, f in zip(ts, floor))
        print(f"  {name:8} {statistics.median(ts) * 1000:7.1f} ms  {ratio:5.2f}x floor")


if __name__ == "__main__":
    main()
