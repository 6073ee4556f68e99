#!/usr/bin/env python3
"""What each start-up trick of the command line (ecdplan/cli/speedups.py) is worth: paired runs of the same
command with every trick and with all but one (and with none: ECDPLAN_NO_SPEEDUPS=1).

    python bench/tricks.py [--runs N] [--tricks gc,plugins,...]

Each command runs in its own process through a small driver that sets `speedups.TRICKS` before the entry point
(`ecdplan.__main__.main`) applies them; both sides of a pair use the driver. The figure is the median of the
per-pair ratios (without the trick / with every trick), as bench/run.py takes them: above 1.00 the trick saves
time. With the same number of pairs, 'all vs all' (the same command on both sides) shows the noise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402  (bench/run.py: the spawner, the paired runs)

DRIVER = ("import sys\nfrom ecdplan.cli import speedups\n"
          "speedups.TRICKS = tuple(t for t in speedups.TRICKS if t != sys.argv[1])\n"
          "sys.argv = ['ecdplan', *sys.argv[2:]]\nfrom ecdplan.__main__ import main\nmain()\n")
COMMANDS = {"validate": ["validate", run.GIA_LAI], "budget --by-source": ["budget", "--by-source", run.GIA_LAI],
            "rollout --year 2025": ["rollout", "--year", "2025", run.GIA_LAI], "--help": ["--help"],
            "national: validate": ["validate", str(HERE / "out" / "national.yaml")]}  # python bench/generate.py first
DEFAULT = "validate,budget --by-source,--help"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", "-n", type=int, default=15, help="timed pairs per figure (default 15)")
    parser.add_argument("--tricks", default="", help="only these (comma-separated); default: every one")
    parser.add_argument("--commands", default=DEFAULT, help=f"of: {', '.join(COMMANDS)} (default {DEFAULT})")
    args = parser.parse_args(argv)
    from ecdplan.cli.speedups import TRICKS

    tricks = [t for t in args.tricks.split(",") if t] or list(TRICKS)
    py = sys.executable
    run.SPAWNER = run.Spawner()
    run.compile_ecdplan(py)
    load_before = run.load_average()
    rows = []
    try:
        for label in args.commands.split(","):
            cmd = COMMANDS[label]
            every = [py, "-c", DRIVER, "-", *cmd]
            noise = run.paired(f"{label}: all vs all", every, None, args.runs, 1, 60, py, other=every)
            rows.append((label, "(none: the noise)", noise))
            for trick in tricks:
                m = run.paired(f"{label}: without {trick}", [py, "-c", DRIVER, trick, *cmd], None, args.runs, 1, 60,
                               py, other=every)
                rows.append((label, trick, m))
            m = paired_against_none(label, [py, "-m", "ecdplan", *cmd], args.runs, py)
            rows.append((label, "all (ECDPLAN_NO_SPEEDUPS=1)", m))
    finally:
        run.SPAWNER.close()
    print(f"start-up tricks, {args.runs} pairs each; load average before {load_before}, after {run.load_average()}; "
          f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}; code: {run.git_state()}")
    print(f"| command | left out | median ms without | median ms with every trick | ratio (median of pairs) |")
    print("|---|---|---:|---:|---:|")
    for label, trick, m in rows:
        print(f"| {label} | {trick} | {statistics.median(r.wall for r in m.runs) * 1000:.1f} | "
              f"{statistics.median(r.wall for r in m.floor) * 1000:.1f} | {m.ratio:.3f} |")
    return 0


def paired_against_none(label: str, argv: list[str], runs: int, py: str) -> run.Measure:
    """ARGV with ECDPLAN_NO_SPEEDUPS=1 against ARGV without it, alternating."""
    m = run.Measure(f"{label}: ECDPLAN_NO_SPEEDUPS=1 vs tricks")
    for i in range(1 + runs):
        os.environ[run.NO_SPEEDUPS] = "1"
        try:
            off = run.run_once(argv, 60)
        finally:
            del os.environ[run.NO_SPEEDUPS]
        on = run.run_once(argv, 60)
        if i:
            m.runs.append(off)
            m.floor.append(on)
    print(f"  {m.label:<52} {m.ratio:5.2f}x", file=sys.stderr, flush=True)
    return m


if __name__ == "__main__":
    sys.exit(main())
