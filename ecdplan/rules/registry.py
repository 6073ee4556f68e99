"""The one registry of checks, for plans and for progress files: each check with the rule codes it may emit,
the format of file it checks, and the precondition under which it cannot judge.

A check is a generator: `run(subject, ctx)` yields findings (`Finding.at`) about `subject` (a compiled plan;
a progress file's result), reading the file through `ctx`. `run_checks` runs a format's checks in the order
they were registered, refuses a code a check did not declare, and records the rest in `ctx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, Literal

if TYPE_CHECKING:
    from ecdplan.rules.context import Context
    from ecdplan.rules.findings import Finding

Format = Literal["plan", "progress"]


@dataclass(frozen=True, kw_only=True)
class Check:
    run: Callable[[Any, Context], Iterator[Finding]]
    codes: tuple[str, ...]  # the only rule codes it may emit
    format: Format = "plan"
    skip_when: Callable[[Any, Context], bool] | None = None  # a precondition that does not hold: skip


CHECKS: list[Check] = []


def check(*codes: str, format: Format = "plan", skip_when: Callable[[Any, Context], bool] | None = None):
    """Register a check of files of `format` with the rule codes it emits and the condition under which it
    cannot judge (given the subject and the context)."""
    def register(fn):
        CHECKS.append(Check(run=fn, codes=codes, format=format, skip_when=skip_when))
        return fn
    return register


def run_checks(subject: Any, ctx: Context, format: Format = "plan") -> None:
    """Every check of `format` on `subject`; each finding placed and recorded in `ctx`."""
    for c in CHECKS:
        if c.format != format or (c.skip_when is not None and c.skip_when(subject, ctx)):
            continue
        for finding in c.run(subject, ctx):
            if finding.code not in c.codes:
                raise AssertionError(f"{c.run.__name__} emitted {finding.code}, which it does not declare "
                                     f"({sorted(c.codes)})")
            ctx.add(finding)
