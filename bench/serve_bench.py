"""How fast `ecdplan serve` answers: the first page after start, a plan page of the Gia Lai plan, and one of the
national bench plan (3,321 communes, 40 lines, 10 years: bench/generate.py's national.yaml).

    python bench/serve_bench.py [--runs N]

A copy of the bundled plans (and the national plan, generated into bench/out/ if missing) is served as a project
of its own by `python -m ecdplan serve --no-browser --port P` in a process of its own; pages are fetched over
HTTP as a browser does. Shown: the time from starting the process to the first page's last byte (median of N
starts), and each plan page's time once the plan has been read (median of N requests), and, apart, the first
request after the file changed on disk (which reads, checks and compiles the plan again). Goals: 1.5 s, 150 ms and 1.5 s. Exit 0 if every goal is met.
A benchmark, not a test: nothing here runs under pytest, and the figures depend on the machine."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GOALS = {"first page after start": 1.5, "Gia Lai plan page": 0.150, "national plan page": 1.5}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def national() -> Path:
    path = OUT / "national.yaml"
    if not path.is_file():
        sys.path.insert(0, str(ROOT / "bench"))
        from generate import SEED, dump, national_plan

        dump(national_plan(1.0, SEED, False), path)
    return path


def project(folder: Path, with_national: bool) -> Path:
    (folder / "plans").mkdir(parents=True)
    for p in (ROOT / "plans").glob("*.yaml"):
        shutil.copy(p, folder / "plans" / p.name)
    (folder / "examples").mkdir()
    for p in (ROOT / "examples").glob("progress-*.yaml"):
        shutil.copy(p, folder / "examples" / p.name)
    if with_national:
        shutil.copy(national(), folder / "plans" / "national.yaml")
    (folder / "pyproject.toml").write_text('[tool.ecdplan]\nplans = ["plans/*.yaml"]\n'
                                           'default = "plans/gia-lai-2023-2026.yaml"\n', encoding="utf-8")
    return folder


def get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200, url
    return time.perf_counter() - start


def start(folder: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "LANG": "vi_VN.UTF-8"}
    return subprocess.Popen([sys.executable, "-m", "ecdplan", "serve", "--no-browser", "--port", str(port)],
                            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def first_page(folder: Path) -> float:
    """From starting the server process to the last byte of its first page (the list of plans)."""
    port = free_port()
    began = time.perf_counter()
    server = start(folder, port)
    try:
        while True:
            try:
                get(f"http://127.0.0.1:{port}/")
                return time.perf_counter() - began
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("the server stopped")
                time.sleep(0.005)
    finally:
        server.terminate()
        server.wait()


def plan_pages(folder: Path, names: list[str], runs: int) -> dict[str, tuple[float, float]]:
    """{plan: (first request, median of the next `runs`)} against one running server."""
    port = free_port()
    server = start(folder, port)
    try:
        for _ in range(400):
            try:
                get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.025)
        out = {}
        for name in names:
            url = f"http://127.0.0.1:{port}/plan/{name}"
            get(url)
            warm = statistics.median(get(url) for _ in range(runs))
            with open(folder / name, "a", encoding="utf-8") as f:  # an edit on disk: the page reads it again
                f.write("# changed\n")
            out[name] = (get(url), warm)
        return out
    finally:
        server.terminate()
        server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f}; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        small = project(Path(tmp) / "small", False)
        starts = [first_page(small) for _ in range(args.runs)]
        big = project(Path(tmp) / "big", True)
        pages = plan_pages(big, ["plans/gia-lai-2023-2026.yaml", "plans/national.yaml"], args.runs)
    figures = {"first page after start": statistics.median(starts),
               "Gia Lai plan page": pages["plans/gia-lai-2023-2026.yaml"][1],
               "national plan page": pages["plans/national.yaml"][1]}
    print(f"{'what':32} {'goal':>8} {'median':>9} {'after edit':>11}  met")
    firsts = {"Gia Lai plan page": pages["plans/gia-lai-2023-2026.yaml"][0],
              "national plan page": pages["plans/national.yaml"][0]}
    ok = True
    for what, goal in GOALS.items():
        met = figures[what] <= goal
        ok &= met
        first = f"{firsts[what]:10.3f}s" if what in firsts else " " * 11
        print(f"{what:32} {goal:7.3f}s {figures[what]:8.3f}s {first}  {'yes' if met else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
