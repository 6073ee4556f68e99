"""Plans within plans: a plan that names its parent is checked against the parent's own file.

The parent is found by `plan.parent.file` (relative to the child) or, among the plans of the same
run, by `plan.parent.id`. A parent that is cited but not encoded is simply not checked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ecdplan.rules.findings import N_, Phrase, Word
from ecdplan.rules.runner import Context, PlanResult

if TYPE_CHECKING:
    from ecdplan.pipeline import LinkedFiles

LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "district": 2, "commune": 3}


def same_number(a: str, b: str) -> bool:
    """'49 /KH-UBND' and '49/KH-UBND' are the same document number; case and spacing do not matter."""
    def norm(s: str) -> str:
        return re.sub(r"\s+", "", s).casefold()
    return norm(a) == norm(b)


def find_parent(result: PlanResult, by_id: dict[str, PlanResult], linked: LinkedFiles) -> PlanResult | None:
    """The parent's result: its file (read through the run's linked files), or a plan of the run by its id."""
    ref = result.plan.plan.parent
    if ref.file:
        return linked.plan(Path(result.file).parent / ref.file)
    if ref.id:
        return by_id.get(ref.id)
    return None


def say(ctx: Context, code: str, path: tuple, template: str, params: dict[str, object], **figures: object) -> None:
    """A finding whose message is `template` (English, marked N_) filled with `params`."""
    ctx.add(code, path, template.format(**params), template=template, params=params, **figures)


def check_hierarchy(results: list[PlanResult], linked: LinkedFiles) -> None:
    """Add P-findings to each result whose plan names a parent that can be found."""
    by_id = {r.plan.plan.id: r for r in results if r.plan}
    for result in results:
        if result.plan is None or result.plan.plan.parent is None:
            continue
        child = result.plan.plan
        ref = child.parent
        ctx = Context(result.loaded)
        base = ("plan", "parent")
        parent_result = find_parent(result, by_id, linked)
        if parent_result is None:
            result.findings += ctx.findings
            continue
        if parent_result.plan is None:
            unreadable = next((f for f in parent_result.findings if f.code == "L001"), None)
            if unreadable:
                reason = Phrase(unreadable.template, unreadable.params) if unreadable.template else unreadable.message
                say(ctx, "P001", (*base, "file"), N_("parent plan file {file} cannot be read: {reason}"),
                    {"file": ref.file, "reason": reason}, file=ref.file)
            else:
                say(ctx, "P001", (*base, "file"), N_("parent plan file {file} cannot be used ({count} finding(s))"),
                    {"file": ref.file, "count": len(parent_result.findings)}, file=ref.file)
            result.findings += ctx.findings
            continue
        parent = parent_result.plan.plan
        if ref.id and ref.id != parent.id:
            say(ctx, "P004", (*base, "id"), N_("parent id '{declared}' but the parent file's plan is '{found}'"),
                {"declared": ref.id, "found": parent.id}, declared=ref.id, found=parent.id)
        if not (parent.period.start <= child.period.start and child.period.end <= parent.period.end):
            period, parent_period = (f"{child.period.start}-{child.period.end}",
                                     f"{parent.period.start}-{parent.period.end}")
            say(ctx, "P002", ("plan", "period"), N_("period {period} is not within the parent's {parent_period} "
                                                     "({parent})"),
                {"period": period, "parent_period": parent_period, "parent": parent.id}, period=period,
                parent_period=parent_period)
        if LEVEL_RANK[child.level] <= LEVEL_RANK[parent.level]:
            say(ctx, "P003", ("plan", "level"), N_("a {level} plan cannot implement a {parent_level} plan ({parent}): "
                                                    "the parent must be a higher level"),
                {"level": Word(child.level), "parent_level": Word(parent.level), "parent": parent.id},  # labels.LEVELS
                level=child.level, parent_level=parent.level)
        if ref.number and parent.number and not same_number(ref.number, parent.number):
            say(ctx, "P004", (*base, "number"), N_("cites the parent as {declared}, the parent file says {found}"),
                {"declared": ref.number, "found": parent.number}, declared=ref.number, found=parent.number)
        if ref.date and parent.date and ref.date != parent.date:
            say(ctx, "P004", (*base, "date"), N_("cites the parent's date as {declared}, the parent file says {found}"),
                {"declared": ref.date.isoformat(), "found": parent.date.isoformat()},
                declared=ref.date.isoformat(), found=parent.date.isoformat())
        result.findings += ctx.findings
