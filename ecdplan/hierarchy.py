"""Plans within plans: a plan that names its parent is checked against the parent's own file.

The parent is found by `plan.parent.file` (relative to the child) or, among the plans of the same
run, by `plan.parent.id`. A parent that is cited but not encoded is simply not checked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from .files import safe_resolve
from .validate import Context, PlanResult

LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "district": 2, "commune": 3}


def same_number(a: str, b: str) -> bool:
    """'49 /KH-UBND' and '49/KH-UBND' are the same document number; case and spacing do not matter."""
    def norm(s: str) -> str:
        return re.sub(r"\s+", "", s).casefold()
    return norm(a) == norm(b)


def find_parent(result: PlanResult, by_id: dict[str, PlanResult], cache: dict[Path, PlanResult],
                load: Callable[[Path], PlanResult]) -> PlanResult | None:
    ref = result.plan.plan.parent
    if ref.file:
        path = safe_resolve(Path(result.file).parent / ref.file)
        if path not in cache:
            cache[path] = load(path)
        return cache[path]
    if ref.id:
        return by_id.get(ref.id)
    return None


def check_hierarchy(results: list[PlanResult], load: Callable[[Path], PlanResult]) -> None:
    """Add P-findings to each result whose plan names a parent that can be found."""
    by_id = {r.plan.plan.id: r for r in results if r.plan}
    cache: dict[Path, PlanResult] = {safe_resolve(r.file): r for r in results}
    for result in results:
        if result.plan is None or result.plan.plan.parent is None:
            continue
        child = result.plan.plan
        ref = child.parent
        ctx = Context(result.loaded)
        base = ("plan", "parent")
        parent_result = find_parent(result, by_id, cache, load)
        if parent_result is None:
            result.findings += ctx.findings
            continue
        if parent_result.plan is None:
            unreadable = next((f for f in parent_result.findings if f.code == "L001"), None)
            problem = f"cannot be read: {unreadable.message}" if unreadable else \
                f"cannot be used ({len(parent_result.findings)} finding(s))"
            ctx.add("P001", (*base, "file"), f"parent plan file {ref.file} {problem}", file=ref.file)
            result.findings += ctx.findings
            continue
        parent = parent_result.plan.plan
        if ref.id and ref.id != parent.id:
            ctx.add("P004", (*base, "id"), f"parent id '{ref.id}' but the parent file's plan is '{parent.id}'",
                    declared=ref.id, found=parent.id)
        if not (parent.period.start <= child.period.start and child.period.end <= parent.period.end):
            ctx.add("P002", ("plan", "period"), f"period {child.period.start}-{child.period.end} is not within "
                    f"the parent's {parent.period.start}-{parent.period.end} ({parent.id})",
                    period=f"{child.period.start}-{child.period.end}",
                    parent_period=f"{parent.period.start}-{parent.period.end}")
        if LEVEL_RANK[child.level] <= LEVEL_RANK[parent.level]:
            ctx.add("P003", ("plan", "level"), f"a {child.level} plan cannot implement a {parent.level} plan "
                    f"({parent.id}): the parent must be a higher level", level=child.level,
                    parent_level=parent.level)
        if ref.number and parent.number and not same_number(ref.number, parent.number):
            ctx.add("P004", (*base, "number"), f"cites the parent as {ref.number}, the parent file says "
                    f"{parent.number}", declared=ref.number, found=parent.number)
        if ref.date and parent.date and ref.date != parent.date:
            ctx.add("P004", (*base, "date"), f"cites the parent's date as {ref.date.isoformat()}, the parent "
                    f"file says {parent.date.isoformat()}", declared=ref.date.isoformat(),
                    found=parent.date.isoformat())
        result.findings += ctx.findings
