#!/usr/bin/env python3
"""ecdplan benchmarks: real command lines against their floor, in paired runs, with one table of goals.

    python bench/run.py [--runs N] [--out DIR] [--no-peers] [--no-compile] [--timeout S]

Measures in the environment it is given, and the Gia Lai commands in both settings of PYTHONDONTWRITEBYTECODE;
every goal row shows, beside its figure, the same command with ECDPLAN_NO_SPEEDUPS=1 (the command line without
its start-up tricks, ecdplan/cli/speedups.py), run in the same alternation.

Uses the ecdplan installed in this interpreter's environment (`sys.executable -m ecdplan`). Generates the
synthetic inputs with bench/generate.py when they are missing.

Fair on a shared, noisy machine:
- every command is paired with its floor on the same file (`python -c` that imports typer, pydantic and
  yaml and loads the file with yaml.CSafeLoader), and the two alternate: A B A B ... (A A' B with the
  command without its start-up tricks, A'); the figure is the median of the per-pair ratios, so load that
  comes and goes hits both sides of a pair alike;
- peak memory is each child's own maximum RSS, from `os.wait4` on that child (not the parent's, nor a
  high-water mark over all children), and the children are started by a small spawner process, so the
  benchmark's own size (over 1 GB after generating the inputs) is not counted in theirs;
- the growth with the number of lines is taken from the children's CPU time (user + system), which other
  jobs on the machine disturb far less than wall time (wall-time growth is shown next to it);
- ecdplan's modules are byte-compiled first (`compileall`), as `pip install .` does for a regular install:
  an editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise compile them on every run.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GIA_LAI = "plans/gia-lai-2023-2026.yaml"
SCHEMA = "schemas/plan.schema.json"

# goals (issues 12 and 19)
VALIDATE_RATIO = 1.6      # validate of the Gia Lai plan vs the floor
REPORT_RATIO = 1.8        # budget --by-source, rollout --year 2025 (Gia Lai) vs the floor
HELP_RATIO = 1.0          # ecdplan --help vs the floor
NATIONAL_SECONDS = 1.0    # validate, budget, rollout of the national plan
NATIONAL_RATIO = 1.5      # ... and vs the floor on the same file
UNKNOWN_RATIO = 1.5       # validate of the national plan naming 200 unknown communes at 136,000 places
LISTING_MB = 150          # rollout --communes --format csv of the all-named national plan
LISTING_ROWS_S = 300_000
GROWTH = 12.0             # time growth for 10x the lines
SMALL_SECONDS = 3.0       # 1,000 commune plans in one validate call
# issue 20: every report linear in the plan, long listings streamed
APPENDIX_RATIO = 2.5      # export xlsx of a line-count plan vs validate of the same file (paired), CPU and wall
APPENDIX_MEMORY = 1.5     # ... its peak memory vs validate's
APPENDIX_LINES = (20_000, 100_000)
NO_SPEEDUPS = "ECDPLAN_NO_SPEEDUPS"  # set to 1: the command line without its start-up tricks

FLOOR_CODE = ("import sys, yaml, pydantic, typer\n"
              "yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)")


@dataclass
class Run:
    wall: float
    rss_kb: int
    code: int
    out_bytes: int
    out_lines: int
    err_tail: str
    timed_out: bool = False
    cpu: float = 0.0  # user + system seconds of the child


@dataclass
class Measure:
    label: str
    runs: list[Run] = field(default_factory=list)
    floor: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)  # the same command with ECDPLAN_NO_SPEEDUPS=1

    @property
    def plain_ratio(self) -> float:
        """Median of the per-pair ratios of the command without its tricks to the floor of the same pair."""
        return statistics.median(r.wall / f.wall for r, f in zip(self.plain, self.floor))

    @property
    def plain_median(self) -> float:
        return statistics.median(r.wall for r in self.plain)

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def ratio(self) -> float:
        """Median of the per-pair ratios (command / floor of the same pair)."""
        return statistics.median(r.wall / f.wall for r, f in zip(self.runs, self.floor))

    @property
    def peak_mb(self) -> float:
        return max(r.rss_kb for r in self.runs) / 1024

    @property
    def code(self) -> int:
        return self.runs[-1].code

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)

    @property
    def ok(self) -> bool:
        return not self.timed_out and all(r.code in (0, 1) for r in self.runs)



# A small process started before anything else, that starts every measured command and reports its
# wall time and peak memory. Linux keeps a process's peak RSS across exec, and a child forked from a big
# parent starts with the parent's pages counted: children of this 10 MB spawner report their own peak,
# whatever the benchmark process itself grew to (generating the inputs takes over 1 GB).
SPAWNER_CODE = r"""
import json, os, subprocess, sys, threading, time
for request in sys.stdin:
    r = json.loads(request)
    with open(r["stdout"], "wb") as out, open(r["stderr"], "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(r["argv"], cwd=r["cwd"], env=r["env"], stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL)
        fired = []
        killer = threading.Timer(r["timeout"], lambda: (fired.append(True), proc.kill()))
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        killer.cancel()
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": rss, "code": code,
                      "timed_out": bool(fired)}), flush=True)
"""


class Spawner:
    """Runs commands through the spawner process (see SPAWNER_CODE); one at a time."""

    def __init__(self) -> None:
        # its own process group: if the benchmark is interrupted, close() ends the spawner and its child
        self.proc = subprocess.Popen([sys.executable, "-I", "-c", SPAWNER_CODE], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, start_new_session=True)
        self.folder = tempfile.TemporaryDirectory(prefix="ecdplan-bench-")

    def run(self, argv: list[str], timeout: float, cwd: Path = ROOT, env_changes: dict | None = None) -> Run:
        """One child process: wall time, its own peak RSS (os.wait4), exit status, stdout size and lines.
        `env_changes`: variables to set (a value) or unset (None) in the child's environment."""
        env = {k: v for k, v in os.environ.items() if k != "ECDPLAN_DEBUG"}
        env["PYTHONIOENCODING"] = "utf-8"
        for name, value in (env_changes or {}).items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        out, err = Path(self.folder.name, "stdout"), Path(self.folder.name, "stderr")
        request = {"argv": argv, "cwd": str(cwd), "env": env, "stdout": str(out), "stderr": str(err),
                   "timeout": timeout}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        got = json.loads(self.proc.stdout.readline())
        with out.open("rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
        err_tail = err.read_bytes()[-400:].decode("utf-8", "replace")
        return Run(got["wall"], got["rss_kb"], got["code"], out.stat().st_size, lines, err_tail, got["timed_out"],
                   got["cpu"])

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # still running a command: interrupted; end that group
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
        self.folder.cleanup()


SPAWNER: Spawner | None = None


def run_once(argv: list[str], timeout: float, cwd: Path = ROOT, env_changes: dict | None = None) -> Run:
    assert SPAWNER is not None, "start the spawner first"
    return SPAWNER.run(argv, timeout, cwd, env_changes)


def paired(label: str, argv: list[str], floor_file: str | None, runs: int, warmup: int, timeout: float,
           py: str, other: list[str] | None = None, plain: bool = False, env: dict | None = None) -> Measure:
    """ARGV and (if FLOOR_FILE) the floor on that file, alternating, after WARMUP untimed pairs. OTHER instead
    of the floor: pair with that command (the ratio is then ARGV / OTHER). PLAIN: ARGV with ECDPLAN_NO_SPEEDUPS=1
    too, between the two. ENV: changes to the environment of every run (see Spawner.run)."""
    m = Measure(label)
    floor_argv = [py, "-c", FLOOR_CODE, floor_file] if floor_file else other
    for i in range(warmup + runs):
        r = run_once(argv, timeout, env_changes=env)
        p = run_once(argv, timeout, env_changes={**(env or {}), NO_SPEEDUPS: "1"}) if plain else None
        f = run_once(floor_argv, timeout, env_changes=env) if floor_argv else None
        if i >= warmup:
            m.runs.append(r)
            if p:
                m.plain.append(p)
            if f:
                m.floor.append(f)
        if r.timed_out:
            break
    shown = f"{m.median:8.3f} s" + (f"  {m.ratio:5.2f}x {'floor' if floor_file else 'ecdplan'}" if m.floor else "")
    if m.plain:
        shown += (f"  (no speedups {m.plain_ratio:5.2f}x)" if m.floor else f"  (no speedups {m.plain_median:.3f} s)")
    print(f"  {label:<52} {shown}  {m.peak_mb:6.0f} MB  exit {m.code}{'  TIMEOUT' if m.timed_out else ''}",
          file=sys.stderr, flush=True)
    return m


def ensure_inputs(out: Path) -> dict:
    sys.path.insert(0, str(HERE))
    import generate  # noqa: E402  (bench/generate.py)

    manifest = out / "manifest.json"
    wanted = ["national.yaml", "national-tenth.yaml", "national-named.yaml", "national-unknown.yaml",
              *[f"lines-{n}.yaml" for n in generate.LINE_COUNTS]]
    small = out / "communes"
    if not (manifest.exists() and all((out / w).exists() for w in wanted) and small.is_dir()
            and len(list(small.glob("*.yaml"))) == generate.N_SMALL
            and all(w in json.loads(manifest.read_text(encoding="utf-8")) for w in wanted)):
        print(f"generating inputs in {out} (about a minute) ...", file=sys.stderr, flush=True)
        generate.generate(out)
    return json.loads(manifest.read_text(encoding="utf-8"))


def peers_venv(out: Path) -> dict[str, Path]:
    """check-jsonschema and yamllint in their own venv under OUT (created on first use); {} if not installable."""
    venv = out / "peers-venv"
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    tools = {name: bindir / name for name in ("check-jsonschema", "yamllint")}
    if not all(p.exists() for p in tools.values()):
        print(f"installing check-jsonschema and yamllint into {venv} ...", file=sys.stderr, flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
            subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", "check-jsonschema", "yamllint"],
                           check=True, capture_output=True, timeout=900)
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            print(f"peers cannot be installed ({exc}); skipping them\n{detail.decode('utf-8', 'replace')[-400:]}",
                  file=sys.stderr)
    return {name: p for name, p in tools.items() if p.exists()}


def compile_ecdplan(py: str) -> str:
    """Byte-compile the measured ecdplan's modules (what pip install does; an editable install under
    PYTHONDONTWRITEBYTECODE=1 would compile them at every run); say what was done."""
    where = subprocess.run([py, "-c", "import ecdplan, os; print(os.path.dirname(ecdplan.__file__))"],
                           capture_output=True, text=True, timeout=60).stdout.strip()
    if not where:
        return "bytecode: ? (ecdplan not importable)"
    ok = compileall.compile_dir(where, quiet=1)
    return f"bytecode: ecdplan's modules compiled in {where}/__pycache__ ({'ok' if ok else 'FAILED'})"


def versions(exe: str) -> dict[str, str]:
    code = ("import sys, yaml, pydantic, typer, importlib.metadata as m\n"
            "print(m.version('ecdplan'), yaml.__version__, getattr(yaml, '__with_libyaml__', False), "
            "pydantic.VERSION, m.version('typer'), sep='|')")
    try:
        got = subprocess.run([exe, "-c", code], capture_output=True, text=True, timeout=60).stdout.strip().split("|")
        return dict(zip(["ecdplan", "PyYAML", "libyaml", "pydantic", "typer"], got))
    except (OSError, subprocess.SubprocessError):
        return {}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def git_state() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "ecdplan"], cwd=ROOT, capture_output=True,
                               text=True, timeout=30).stdout.strip()
        return f"{head}{' + uncommitted changes in ecdplan/' if dirty else ''}" if head else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    right = {i for i, h in enumerate(header) if h in ("median s", "cpu s", "vs floor", "no speedups", "peak MB")}

    def line(r: list[str]) -> str:
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        return "| " + " | ".join(cells) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), sep, *[line(r) for r in rows]])


def growth_per_10x(t_small: float, t_big: float, n_small: int, n_big: int) -> float:
    """Time growth for 10x the lines: (t_big / t_small) ** (1 / log10(n_big / n_small))."""
    return (t_big / t_small) ** (1 / math.log10(n_big / n_small))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", "-n", type=int, default=9, help="timed pairs for the Gia Lai commands "
                                                                 "(default 9; the larger inputs use fewer)")
    parser.add_argument("--out", default=str(HERE / "out"), help="inputs folder (default bench/out/)")
    parser.add_argument("--no-peers", action="store_true", help="skip check-jsonschema and yamllint")
    parser.add_argument("--no-compile", action="store_true", help="do not byte-compile ecdplan's modules first")
    parser.add_argument("--timeout", type=float, default=40, help="seconds before a run is stopped (default 40)")
    parser.add_argument("--ratios-only", action="store_true", help="only the goals against the floor (Gia Lai, national, "
                        "unknown communes): no listing, 1,000 plans, line counts or peers")
    args = parser.parse_args(argv)
    global SPAWNER
    SPAWNER = Spawner()  # first, while this process is small
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the spawner is closed below
    try:
        return measure_all(args)
    finally:
        SPAWNER.close()


def measure_all(args: argparse.Namespace) -> int:
    out = Path(args.out).resolve()
    runs, timeout = max(1, args.runs), args.timeout
    mid = max(1, runs // 2)       # national plan
    few = max(1, runs // 3)       # all-named listing, 1,000 plans, peers

    manifest = ensure_inputs(out)
    py = sys.executable
    ecd = [py, "-m", "ecdplan"]
    compiled = "bytecode: not compiled by the benchmark (--no-compile)" if args.no_compile else compile_ecdplan(py)
    national, named = str(out / "national.yaml"), str(out / "national-named.yaml")
    unknown = str(out / "national-unknown.yaml")
    small = sorted(str(p) for p in (out / "communes").glob("*.yaml"))
    started = dt.datetime.now(dt.timezone.utc)
    load_before = load_average()

    def pair(label: str, cmd: list[str], floor_file: str | None, n: int, warmup: int = 1, plain: bool = True,
             env: dict | None = None) -> Measure:
        return paired(label, [*ecd, *cmd], floor_file, n, warmup, timeout, py, plain=plain, env=env)

    print("measuring (command, the same without its tricks, floor: alternating) ...", file=sys.stderr, flush=True)
    # the Gia Lai commands in both settings of PYTHONDONTWRITEBYTECODE (nothing may depend on it)
    gia_lai: dict[str, list[Measure]] = {}
    for setting, env in (("PYTHONDONTWRITEBYTECODE=1", {"PYTHONDONTWRITEBYTECODE": "1"}),
                         ("bytecode writing on", {"PYTHONDONTWRITEBYTECODE": None})):
        for name, cmd in (("validate", ["validate", GIA_LAI]), ("budget", ["budget", "--by-source", GIA_LAI]),
                          ("rollout", ["rollout", "--year", "2025", GIA_LAI]), ("help", ["--help"])):
            label = {"validate": "validate gia-lai", "budget": "budget --by-source gia-lai",
                     "rollout": "rollout --year 2025 gia-lai", "help": "--help"}[name]
            gia_lai.setdefault(name, []).append(pair(f"{label} [{setting}]", cmd, GIA_LAI, runs, env=env))
    gl_validate = gia_lai["validate"][0]
    nat = {name: pair(f"national: {name}", [*cmd, national], national, mid)
           for name, cmd in (("validate", ["validate"]), ("budget", ["budget"]), ("rollout", ["rollout"]))}
    unknown_names = pair("national, 200 unknown communes at 136,000 places: validate", ["validate", unknown],
                         unknown, mid)
    everything = not args.ratios_only
    listing = pair("national, all named: rollout --communes --format csv",
                   ["rollout", "--communes", "--format", "csv", named], None, few) if everything else None
    many = pair("1,000 commune plans: validate", ["validate", *small], None, few) if everything else None
    # the listing in the other formats: streamed too (issue 20), the same memory goal
    listings = [pair(f"national, all named: rollout --communes --format {f}",
                     ["rollout", "--communes", "--format", f, named], None, 1, warmup=0, plain=False)
                for f in ("json", "markdown", "table")] if everything else []
    # the appendix of a line-count plan, paired with validate of the same file (issue 20: 318 s, 1.15 GB)
    appendix: dict[int, Measure] = {}
    xlsx = Path(tempfile.mkdtemp(prefix="ecdplan-bench-xlsx-")) / "appendix.xlsx"
    for n in APPENDIX_LINES if everything else ():
        path = str(out / f"lines-{n}.yaml")
        appendix[n] = paired(f"{n:,} lines: export xlsx (vs validate)", [*ecd, "export", "xlsx", path, "-o", str(xlsx)],
                             None, 1, 0, timeout * 10, py, other=[*ecd, "validate", path])
    scaling: dict[str, dict[int, Measure | None]] = {}
    sys.path.insert(0, str(HERE))
    from generate import LINE_COUNTS  # noqa: E402

    for name, cmd in (("validate", ["validate"]), ("budget --by-intervention", ["budget", "--by-intervention"])
                      ) if everything else ():
        scaling[name] = {}
        for n in LINE_COUNTS:
            smaller = [m for m in scaling[name].values() if m is None or m.timed_out]
            if smaller:  # a smaller plan already ran out of time: this one would too
                scaling[name][n] = None
                continue
            path = str(out / f"lines-{n}.yaml")
            # without the tricks, gc alone makes these minutes (issue 12: 20,000 lines 3.2 -> 7.4 s): not run so
            scaling[name][n] = pair(f"{n:,} lines: {name}", [*cmd, path], path, 1, warmup=0, plain=False)

    peers: dict[str, Measure] = {}  # each paired with `ecdplan validate` of the same files
    tools = {} if args.no_peers or not everything else peers_venv(out)
    commands = {"check-jsonschema": ["--schemafile", SCHEMA], "yamllint": ["-d", "relaxed", "-f", "parsable"]}
    for tool, options in commands.items():
        if tool not in tools:
            continue
        for label, files, n in (("gia-lai", [GIA_LAI], few), ("national", [national], 1),
                                ("1,000 commune plans", small, 1)):
            peers[f"{tool} {label}"] = paired(f"{tool} {label}", [str(tools[tool]), *options, *files], None, n, 0,
                                              timeout * 3, py, other=[*ecd, "validate", *files])

    # --- report ------------------------------------------------------------------------------------------------
    info = versions(py)
    nm = manifest["national.yaml"]
    nn = manifest["national-named.yaml"]
    lines = [
        f"ecdplan benchmarks, {started:%Y-%m-%d %H:%M} UTC (shared machine: other jobs ran; load average before "
        f"{load_before}, after {load_average()})",
        f"machine: {platform.system()} {platform.release()} {platform.machine()}, {cpu_model()}, "
        f"{os.cpu_count()} CPUs",
        f"python: {platform.python_implementation()} {platform.python_version()} ({py})",
        "versions: " + ", ".join(f"{k} {v}" for k, v in info.items()) + f"; code: {git_state()}",
        compiled,
        f"runs: pairs (command, floor on the same file) alternating, after 1 warm-up pair: {runs} for Gia Lai (in each "
        f"setting of PYTHONDONTWRITEBYTECODE), "
        f"{mid} national, {few} listing / 1,000 plans / peers, 1 for the line-count plans; 'vs floor' = median of "
        f"per-pair ratios; 'no speedups': the same command with {NO_SPEEDUPS}=1, run between the two (its ratio to the "
        f"same floor, or its median time); peak MB = the child's own max RSS (os.wait4); timeout {timeout:.0f} s",
        f"inputs: national {nm['bytes']:,} bytes ({nm['communes']:,} communes, {nm['interventions']} lines); "
        f"all-named {nn['bytes']:,} bytes ({nn['commune_years']:,} commune-years, {nn['named_entries']:,} named); "
        f"unknown {manifest['national-unknown.yaml']['bytes']:,} bytes ({manifest['national-unknown.yaml']['distinct_named']}"
        f" unknown communes at {manifest['national-unknown.yaml']['named_entries']:,} places); "
        + ", ".join(f"lines-{n} {manifest[f'lines-{n}.yaml']['bytes']:,} bytes" for n in LINE_COUNTS)
        + f"; {manifest['communes/']['files']:,} commune plans",
        "",
    ]
    header = ["goal / measurement", "median s", "cpu s", "vs floor", "no speedups", "peak MB", "exit", "goal", "met"]
    rows: list[list[str]] = []
    results: list[bool] = []

    def fmt_ratio(m: Measure) -> str:
        return f"{m.ratio:.2f}x" if m.floor and not m.timed_out else ""

    def fmt_plain(m: Measure) -> str:
        if not m.plain:
            return ""
        return f"{m.plain_ratio:.2f}x" if m.floor else f"{m.plain_median:.3f} s"

    def row(m: Measure, goal: str = "", ok: bool | None = None) -> None:
        if ok is not None:
            ok = ok and m.ok
            results.append(ok)
        rows.append([m.label, f"{'>' if m.timed_out else ''}{m.median:.3f}", f"{m.cpu:.3f}", fmt_ratio(m), fmt_plain(m),
                     f"{m.peak_mb:.0f}",
                     "timeout" if m.timed_out else str(m.code), goal, "" if ok is None else ("yes" if ok else "NO")])

    floor_gl = statistics.median(f.wall for f in gl_validate.floor)
    rows.append(["floor (import typer, pydantic, yaml; CSafeLoader) gia-lai", f"{floor_gl:.3f}", "", "1.00x", "",
                 f"{max(f.rss_kb for f in gl_validate.floor) / 1024:.0f}", "0", "", ""])
    limits = {"validate": VALIDATE_RATIO, "budget": REPORT_RATIO, "rollout": REPORT_RATIO, "help": HELP_RATIO}
    for name, measures in gia_lai.items():
        for m in measures:
            row(m, f"<= {limits[name]}x floor", m.ratio <= limits[name])
    floor_nat = statistics.median(f.wall for m in nat.values() for f in m.floor)
    rows.append(["floor: national", f"{floor_nat:.3f}", "", "1.00x", "", "", "", "", ""])
    for m in nat.values():
        row(m, f"< {NATIONAL_SECONDS} s, <= {NATIONAL_RATIO}x floor",
            m.median < NATIONAL_SECONDS and m.ratio <= NATIONAL_RATIO)
    rows.append(["floor: national, unknown communes", f"{statistics.median(f.wall for f in unknown_names.floor):.3f}",
                 "", "1.00x", "", "", "", "", ""])
    row(unknown_names, f"<= {UNKNOWN_RATIO}x floor", unknown_names.ratio <= UNKNOWN_RATIO)
    if listing is not None and many is not None:
        listing_rows = max(0, listing.runs[-1].out_lines - 2)  # minus the header and the Total row
        rate = listing_rows / listing.median if listing.median else 0.0
        row(listing, f"< {LISTING_MB} MB, >= {LISTING_ROWS_S:,} rows/s",
            listing.peak_mb < LISTING_MB and rate >= LISTING_ROWS_S)
        rows.append([f"    {listing_rows:,} rows ({listing.runs[-1].out_bytes:,} bytes): {rate:,.0f} rows/s", "", "",
                     "", "", "", "", "", ""])
        row(many, f"< {SMALL_SECONDS:.0f} s", many.median < SMALL_SECONDS)
    for m in listings:
        row(m, f"< {LISTING_MB} MB", m.peak_mb < LISTING_MB)
    for n, m in appendix.items():
        cpu = statistics.median(r.cpu / f.cpu for r, f in zip(m.runs, m.floor) if f.cpu) if m.floor else 0.0
        validate_mb = max(f.rss_kb for f in m.floor) / 1024 if m.floor else 0.0
        row(m, f"<= {APPENDIX_RATIO}x validate (cpu), <= {APPENDIX_MEMORY}x its MB",
            bool(m.floor) and cpu <= APPENDIX_RATIO and m.peak_mb <= APPENDIX_MEMORY * validate_mb)
        rows.append([f"    validate of the same file: {statistics.median(f.wall for f in m.floor):.3f} s, "
                     f"{validate_mb:.0f} MB; cpu ratio {cpu:.2f}x" if m.floor else "    validate: not run",
                     "", "", "", "", "", "", "", ""])
    for name, by_n in scaling.items():
        for n, m in by_n.items():
            if m is None:
                rows.append([f"{n:,} lines: {name}", "not run", "", "", "", "", "", "", "(smaller plan timed out)"])
            else:
                row(m)
        ns = list(by_n)
        for a, b in zip(ns, ns[1:]):
            ma, mb = by_n[a], by_n[b]
            label = f"    growth for 10x lines, {name} ({a:,} -> {b:,})"
            goal = f"<= {GROWTH:.0f}x"
            if ma is None or mb is None or not ma.ok or not mb.ok:
                results.append(False)
                rows.append([label, "", "", "", "", "", "", goal, "NO (timed out)"])
                continue
            g = growth_per_10x(ma.cpu, mb.cpu, a, b)  # CPU time: what other jobs on the machine disturb least
            wall = growth_per_10x(ma.median, mb.median, a, b)
            results.append(g <= GROWTH)
            rows.append([f"{label}: CPU {ma.cpu:.2f} -> {mb.cpu:.2f} s (wall: {wall:.1f}x)", f"{g:.1f}x", "", "", "", "",
                         "", goal, "yes" if g <= GROWTH else "NO"])
    for m in peers.values():
        row(m, "peer; 'vs' = / ecdplan validate")
    if not peers and not args.no_peers and everything:
        rows.append(["check-jsonschema, yamllint", "", "", "", "", "", "", "peers", "skipped (not installable)"])
    lines.append(table(rows, header))
    lines.append("")
    for m in [*[m for measures in gia_lai.values() for m in measures], *nat.values(), unknown_names,
              *[m for m in (listing, many) if m is not None],
              *[m for by_n in scaling.values() for m in by_n.values() if m is not None]]:
        if not m.ok:
            lines.append(f"note: {m.label} {'timed out' if m.timed_out else f'exited {m.code}'}: "
                         f"{m.runs[-1].err_tail.strip()[-300:]}")
    passed = sum(results)
    lines.append(f"goals: {passed} of {len(results)} met" + ("" if passed == len(results) else
                                                             f", {len(results) - passed} not met"))
    print("\n".join(lines))
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
