"""Plans within plans: a plan that names its parent is checked against the parent's own file.

The parent is found by `plan.parent.file` (relative to the child) or, among the plans of the same
run, by `plan.parent.id`. A parent that is cited but not encoded is simply not checked. The P rules' catalogue
entries are here with this check; P005 (a side file's plan) is checked where side files are read (pipeline.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ecdplan.rules.context import Context
from ecdplan.i18n.messages import N_, Phrase, Word
from ecdplan.rules.findings import E, Finding, Rule

if TYPE_CHECKING:
    from ecdplan.rules.runner import LinkedPlans, PlanResult

RULES = [
    Rule(code="P001", name="parent-not-found", severity=E,
         summary=N_("The parent plan file named in `plan.parent.file` is missing or cannot be used."),
         fix=N_("Correct the path (relative to this file), or fix the parent file.")),
    Rule(code="P002", name="period-outside-parent", severity=E,
         summary=N_("The plan's period is not within its parent plan's period."),
         fix=N_("Correct this plan's period or the parent reference.")),
    Rule(code="P003", name="level-not-below-parent", severity=E,
         summary=N_("The plan is not at a lower level than its parent (commune < district/city < province < "
                    "national)."),
         fix=N_("Check both plans' `level`.")),
    Rule(code="P004", name="parent-citation-mismatch", severity=E,
         summary=N_("The plan cites its parent with a number, date or id that differs from the parent file."),
         fix=N_("Copy the parent's number and date exactly as the parent file has them.")),
    Rule(code="P005", name="applied-plan-not-found", severity=E,
         summary=N_("The plan named by a scenario or envelope file's `plan:` is missing or cannot be used."),
         fix=N_("Correct the path (relative to the side file), or fix that plan.")),
]

LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "district": 2, "commune": 3}


def same_number(a: str, b: str) -> bool:
    """'49 /KH-UBND' and '49/KH-UBND' are the same document number; case and spacing do not matter."""
    def norm(s: str) -> str:
        return re.sub(r"\s+", "", s).casefold()
    return norm(a) == norm(b)


def find_parent(result: PlanResult, by_id: dict[str, PlanResult], linked: LinkedPlans) -> PlanResult | None:
    """The parent's result: its file (read through the run's linked files), or a plan of the run by its id."""
    ref = result.plan.info.parent
    if ref.file:
        return linked.plan(Path(result.file).parent / ref.file)
    if ref.id:
        return by_id.get(ref.id)
    return None


def check_hierarchy(results: list[PlanResult], linked: LinkedPlans) -> None:
    """Add P-findings to each result whose plan names a parent that can be found."""
    by_id = {r.plan.info.id: r for r in results if r.plan}
    for result in results:
        if result.plan is None or result.plan.info.parent is None:
            continue
        parent_result = find_parent(result, by_id, linked)
        if parent_result is None:
            continue
        ctx = Context(result.loaded)
        for finding in against_parent(result, parent_result):
            ctx.add(finding)
        result.findings += ctx.findings


def against_parent(result: PlanResult, parent_result: PlanResult) -> Iterator[Finding]:
    """P001-P004: a plan against its parent's own file."""
    child = result.plan.info
    ref = child.parent
    base = ("plan", "parent")
    if parent_result.plan is None:
        unreadable = next((f for f in parent_result.findings if f.code == "L001"), None)
        if unreadable:
            reason = Phrase(unreadable.template, unreadable.params) if unreadable.template else unreadable.message
            yield Finding.at("P001", (*base, "file"), N_("parent plan file {file} cannot be read: {reason}"),
                             {"file": ref.file, "reason": reason}, file=ref.file)
        else:
            yield Finding.at("P001", (*base, "file"), N_("parent plan file {file} cannot be used ({count} "
                                                         "finding(s))"),
                             {"file": ref.file, "count": len(parent_result.findings)}, file=ref.file)
        return
    parent = parent_result.plan.info
    if ref.id and ref.id != parent.id:
        yield Finding.at("P004", (*base, "id"), N_("parent id '{declared}' but the parent file's plan is '{found}'"),
                         {"declared": ref.id, "found": parent.id}, declared=ref.id, found=parent.id)
    if not (parent.period.start <= child.period.start and child.period.end <= parent.period.end):
        period, parent_period = (f"{child.period.start}-{child.period.end}",
                                 f"{parent.period.start}-{parent.period.end}")
        yield Finding.at("P002", ("plan", "period"), N_("period {period} is not within the parent's "
                                                        "{parent_period} ({parent})"),
                         {"period": period, "parent_period": parent_period, "parent": parent.id}, period=period,
                         parent_period=parent_period)
    if LEVEL_RANK[child.level] <= LEVEL_RANK[parent.level]:
        yield Finding.at("P003", ("plan", "level"), N_("a {level} plan cannot implement a {parent_level} plan "
                                                       "({parent}): the parent must be a higher level"),
                         {"level": Word(child.level), "parent_level": Word(parent.level),  # labels.LEVELS
                          "parent": parent.id}, level=child.level, parent_level=parent.level)
    if ref.number and parent.number and not same_number(ref.number, parent.number):
        yield Finding.at("P004", (*base, "number"), N_("cites the parent as {declared}, the parent file says "
                                                       "{found}"),
                         {"declared": ref.number, "found": parent.number}, declared=ref.number, found=parent.number)
    if ref.date and parent.date and ref.date != parent.date:
        yield Finding.at("P004", (*base, "date"), N_("cites the parent's date as {declared}, the parent file says "
                                                     "{found}"),
                         {"declared": ref.date.isoformat(), "found": parent.date.isoformat()},
                         declared=ref.date.isoformat(), found=parent.date.isoformat())
