#!/usr/bin/env python3
"""ecdplan benchmarks: wall time and peak memory of real command lines, side by side, against goals.

    python bench/run.py [--runs N] [--warmup W] [--out DIR] [--no-jsonschema] [--markdown]

Uses the ecdplan installed in this interpreter's environment (`sys.executable -m ecdplan`). Generates the
synthetic inputs with bench/generate.py when they are missing. Every command runs in its own child
process; its wall time is measured around the process, its peak memory is the child's own maximum
resident set size (from `os.wait4`, i.e. getrusage of that one child, so no delta over earlier children
is needed). Times are the median of N runs after W warm-up runs (whose figures are dropped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
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

# goals (issue "In other people's CI, at national scale")
FLOOR_RATIO = 1.3       # validate of the Gia Lai plan vs the floor
NATIONAL_SECONDS = 1.5  # each national command
NATIONAL_MB = 300
SMALL_SECONDS = 5.0     # 1,000 commune plans in one validate call
SCALING_RATIO = 12.0    # national vs the 10x-smaller plan

FLOOR_CODE = ("import sys, yaml, pydantic, typer\n"
              "with open(sys.argv[1], 'rb') as f:\n"
              "    yaml.load(f.read().decode('utf-8'), Loader=yaml.CSafeLoader)")
# for reference only: `import pydantic` is lazy; any tool with pydantic models also loads BaseModel's machinery
FLOOR_MODELS_CODE = FLOOR_CODE.replace("import sys, yaml, pydantic, typer\n",
                                       "import sys, yaml, pydantic, typer\nfrom pydantic import BaseModel\n")


@dataclass
class Measure:
    label: str
    argv: list[str]
    times: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    out_bytes: int = 0
    stdout_tail: str = ""
    stderr_tail: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb) / 1024

    @property
    def code(self) -> int:
        return self.codes[-1]


def _maxrss_kb(ru_maxrss: int) -> int:
    return ru_maxrss // 1024 if sys.platform == "darwin" else ru_maxrss  # bytes on macOS, KiB elsewhere


def run_once(argv: list[str], cwd: Path) -> tuple[float, int, int, int, str, str]:
    """(wall seconds, peak RSS KiB, exit status, stdout bytes, stdout tail, stderr tail) of one child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        env = {k: v for k, v in os.environ.items() if k != "ECDPLAN_DEBUG"}
        env["PYTHONIOENCODING"] = "utf-8"
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            rss = _maxrss_kb(usage.ru_maxrss)
        else:  # no wait4: fall back to the children's high-water mark (an upper bound)
            import resource

            code = proc.wait()
            wall = time.perf_counter() - start
            rss = _maxrss_kb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        size = out.tell()
        out.seek(max(0, size - 600))
        out_tail = out.read().decode("utf-8", "replace")
        err.seek(0)
        err_tail = err.read().decode("utf-8", "replace")[-600:]
    return wall, rss, code, size, out_tail, err_tail


def measure(label: str, argv: list[str], runs: int, warmup: int, cwd: Path = ROOT) -> Measure:
    m = Measure(label, argv)
    for i in range(warmup + runs):
        wall, rss, code, size, out_tail, err_tail = run_once(argv, cwd)
        if i >= warmup:
            m.times.append(wall)
            m.rss_kb.append(rss)
            m.codes.append(code)
            m.out_bytes, m.stdout_tail, m.stderr_tail = size, out_tail, err_tail
    print(f"  {label:<44} {m.median:8.3f} s  {m.peak_mb:6.0f} MB  exit {m.code}", file=sys.stderr, flush=True)
    return m


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def ensure_inputs(out: Path) -> dict:
    import json

    sys.path.insert(0, str(HERE))
    import generate  # noqa: E402  (bench/generate.py)

    manifest = out / "manifest.json"
    small = out / "communes"
    if not (manifest.exists() and (out / "national.yaml").exists() and (out / "national-tenth.yaml").exists()
            and small.is_dir() and len(list(small.glob("*.yaml"))) == generate.N_SMALL):
        print(f"generating inputs in {out} ...", file=sys.stderr, flush=True)
        generate.generate(out)
    return json.loads(manifest.read_text(encoding="utf-8"))


def jsonschema_venv(out: Path) -> Path | None:
    """check-jsonschema in its own venv under OUT (created when missing); None if it cannot be installed."""
    venv = out / "jsonschema-venv"
    exe = venv / ("Scripts" if os.name == "nt" else "bin") / "check-jsonschema"
    if exe.exists():
        return exe
    print(f"installing check-jsonschema into {venv} ...", file=sys.stderr, flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
        py = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
        subprocess.run([str(py), "-m", "pip", "install", "-q", "check-jsonschema"], check=True,
                       capture_output=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        print(f"check-jsonschema cannot be installed ({exc}); skipping the comparison\n"
              f"{detail.decode('utf-8', 'replace')[-400:]}", file=sys.stderr)
        return None
    return exe if exe.exists() else None


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
    right = {i for i, h in enumerate(header) if h in ("median s", "min s", "max s", "peak MB", "ratio")}

    def line(r: list[str]) -> str:
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        return "| " + " | ".join(cells) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), sep, *[line(r) for r in rows]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", "-n", type=int, default=5, help="timed runs per command (median; default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--out", default=str(HERE / "out"), help="inputs folder (default bench/out/)")
    parser.add_argument("--no-jsonschema", action="store_true", help="skip the check-jsonschema comparison")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    runs, warm = max(1, args.runs), max(0, args.warmup)

    manifest = ensure_inputs(out)
    national, tenth = out / "national.yaml", out / "national-tenth.yaml"
    small = sorted(str(p) for p in (out / "communes").glob("*.yaml"))
    py = sys.executable
    ecd = [py, "-m", "ecdplan"]

    started = dt.datetime.now().astimezone()
    print(f"measuring ({runs} runs + {warm} warm-up each) ...", file=sys.stderr, flush=True)
    floor = measure("floor: import yaml+pydantic+typer, CSafeLoader", [py, "-c", FLOOR_CODE, GIA_LAI], runs, warm)
    floor_models = measure("floor + from pydantic import BaseModel", [py, "-c", FLOOR_MODELS_CODE, GIA_LAI], runs,
                           warm)
    gl = measure("ecdplan validate gia-lai", [*ecd, "validate", GIA_LAI], runs, warm)
    commands = [
        ("validate", ["validate"]),
        ("budget --by-source --by-year", ["budget", "--by-source", "--by-year"]),
        ("rollout", ["rollout"]),
        ("rollout --communes --format csv", ["rollout", "--communes", "--format", "csv"]),
    ]
    nat = {name: measure(f"national: {name}", [*ecd, *cmd, str(national)], runs, warm) for name, cmd in commands}
    ten = {name: measure(f"tenth: {name}", [*ecd, *cmd, str(tenth)], runs, warm) for name, cmd in commands}
    many = measure("1,000 commune plans: validate", [*ecd, "validate", *small], runs, warm)

    checker = None if args.no_jsonschema else jsonschema_venv(out)
    cj: dict[str, Measure] = {}
    if checker is not None:
        base = [str(checker), "--schemafile", SCHEMA]
        cj["gia-lai"] = measure("check-jsonschema gia-lai", [*base, GIA_LAI], runs, warm)
        cj["national"] = measure("check-jsonschema national", [*base, str(national)], runs, warm)
        cj["tenth"] = measure("check-jsonschema tenth", [*base, str(tenth)], runs, warm)
        cj["1,000 commune plans"] = measure("check-jsonschema 1,000 commune plans", [*base, *small], runs, warm)

    # --- report ------------------------------------------------------------------------------------------------
    info = versions(py)
    lines = [
        f"ecdplan benchmarks, {started:%Y-%m-%d %H:%M %Z}",
        f"machine: {platform.system()} {platform.release()} {platform.machine()}, {cpu_model()}, "
        f"{os.cpu_count()} CPUs",
        f"python: {platform.python_implementation()} {platform.python_version()} ({py})",
        f"versions: " + ", ".join(f"{k} {v}" for k, v in info.items()) + f"; code: {git_state()}",
        f"runs: median of {runs} after {warm} warm-up; peak MB = max RSS of the child process",
        f"inputs: national {manifest['national.yaml']['bytes']:,} bytes ({manifest['national.yaml']['communes']:,} "
        f"communes, {manifest['national.yaml']['commune_years']:,} commune-years, "
        f"{manifest['national.yaml']['named_entries']:,} named entries); tenth "
        f"{manifest['national-tenth.yaml']['bytes']:,} bytes ({manifest['national-tenth.yaml']['commune_years']:,} "
        f"commune-years); {manifest['communes/']['files']:,} commune plans, {manifest['communes/']['bytes']:,} bytes",
        "",
    ]
    header = ["measurement", "median s", "min s", "peak MB", "exit", "goal", "result"]
    rows: list[list[str]] = []
    results: list[bool] = []

    def row(m: Measure, goal: str = "", ok: bool | None = None) -> None:
        if ok is not None:
            results.append(ok)
        rows.append([m.label, f"{m.median:.3f}", f"{min(m.times):.3f}", f"{m.peak_mb:.0f}", str(m.code), goal,
                     "" if ok is None else verdict(ok)])

    def ratio_row(label: str, value: float, goal: str, ok: bool) -> None:
        results.append(ok)
        rows.append([label, f"{value:.2f}x", "", "", "", goal, verdict(ok)])

    row(floor)
    row(floor_models)
    row(gl)
    ratio = gl.median / floor.median
    ratio_row("(i) validate gia-lai / floor", ratio, f"<= {FLOOR_RATIO}x", ratio <= FLOOR_RATIO)
    rows.append(["    for reference: validate gia-lai / (floor + BaseModel)",
                 f"{gl.median / floor_models.median:.2f}x", "", "", "", "", ""])
    for name, m in nat.items():
        ok = m.median < NATIONAL_SECONDS and m.peak_mb < NATIONAL_MB and m.code == 0
        row(m, f"< {NATIONAL_SECONDS} s, < {NATIONAL_MB} MB", ok)
    row(many, f"< {SMALL_SECONDS:.0f} s", many.median < SMALL_SECONDS and many.code == 0)
    for name, m in ten.items():
        row(m)
    for name in nat:
        r = nat[name].median / ten[name].median
        ratio_row(f"(iv) national / tenth: {name}", r, f"<= {SCALING_RATIO:.0f}x", r <= SCALING_RATIO)
    for name, m in cj.items():
        row(m, "comparison")
    if cj:
        ecd_equiv = {"gia-lai": gl, "national": nat["validate"], "tenth": ten["validate"], "1,000 commune plans": many}
        for name, m in cj.items():
            rows.append([f"(v) check-jsonschema / ecdplan validate: {name}",
                         f"{m.median / ecd_equiv[name].median:.2f}x", "", "", "", "comparison", ""])
    elif not args.no_jsonschema:
        rows.append(["(v) check-jsonschema", "", "", "", "", "comparison", "skipped (not installable)"])
    lines.append(table(rows, header))
    lines.append("")
    problems = [m for m in [gl, *nat.values(), *ten.values(), many] if m.code != 0]
    for m in problems:
        lines.append(f"note: {m.label} exited {m.code}: {m.stderr_tail.strip()[-300:]}")
    for name, m in cj.items():
        if m.code != 0:
            lines.append(f"note: check-jsonschema on {name} exited {m.code} (schema findings; see bench/README.md): "
                         f"{(m.stdout_tail + m.stderr_tail).strip()[-300:]}")
    passed = sum(results)
    lines.append(f"goals: {passed} of {len(results)} PASS"
                 + ("" if passed == len(results) else f", {len(results) - passed} FAIL"))
    lines.append(f"rollout --communes --format csv wrote {nat['rollout --communes --format csv'].out_bytes:,} bytes "
                 f"(national)")
    print("\n".join(lines))
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
