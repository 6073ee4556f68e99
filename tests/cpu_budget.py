"""Time budgets that a loaded machine cannot fail, and that a real hang still fails (issue 20).

A wall-clock budget fails when six test sessions share two cores (3 of 6 fuzz runs did), with no defect. These
budgets count CPU seconds instead: this process's (`resource.getrusage`, all threads) and its finished children's.
A hang that computes (a loop that does not end) spends CPU and is stopped by a CPU timer (ITIMER_PROF in this
process, RLIMIT_CPU in a child); a hang that waits spends none, and is stopped by a wall-clock cap WALL_FACTOR times
the budget, far above what any load makes of a sound run.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

try:
    import resource
except ImportError:  # Windows: CPU time of this process only
    resource = None

WALL_FACTOR = 10.0


class OverBudget(BaseException):
    """Raised inside the code under test when the budget runs out (a BaseException: no `except Exception` in the
    code under test or in CliRunner catches it)."""


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended."""
    if resource is None:
        return time.process_time()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def children_cpu_seconds() -> float:
    if resource is None:
        return 0.0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


@dataclass
class Spent:
    cpu: float = 0.0
    wall: float = 0.0


def _can_arm() -> bool:
    return (hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF")
            and threading.current_thread() is threading.main_thread())


@contextmanager
def budget(cpu_limit: float, wall_factor: float = WALL_FACTOR):
    """Measure the CPU (and wall) seconds of the block in `Spent`; stop the block with OverBudget when it computes
    for more than `cpu_limit` CPU seconds, or waits for more than `cpu_limit * wall_factor` seconds."""
    spent = Spent()
    armed = _can_arm()
    if armed:
        def on_cpu(signum, frame):  # noqa: ARG001
            raise OverBudget(f"still computing after {cpu_limit:.1f} CPU seconds")

        def on_wall(signum, frame):  # noqa: ARG001
            raise OverBudget(f"still running after {cpu_limit * wall_factor:.0f}s of wall clock")

        old_prof = signal.signal(signal.SIGPROF, on_cpu)
        old_alarm = signal.signal(signal.SIGALRM, on_wall)
        signal.setitimer(signal.ITIMER_PROF, cpu_limit)
        signal.setitimer(signal.ITIMER_REAL, cpu_limit * wall_factor)
    cpu_start, wall_start = cpu_seconds(), time.perf_counter()
    try:
        yield spent
    finally:
        spent.cpu = cpu_seconds() - cpu_start
        spent.wall = time.perf_counter() - wall_start
        if armed:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGPROF, old_prof)
            signal.signal(signal.SIGALRM, old_alarm)


def child_limits(cpu_limit: float, memory: int | None = None):
    """A `preexec_fn` for a child process: at most `cpu_limit` CPU seconds (the kernel ends it with SIGXCPU), and
    `memory` bytes of address space if given; None where there are no such limits (Windows)."""
    if resource is None:
        return None

    def limit() -> None:
        seconds = max(1, int(cpu_limit + 0.999))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return limit
