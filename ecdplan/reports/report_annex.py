"""The findings annex of the HTML report: the findings grouped by rule (its code, what it checks, how many places),
each finding in the reader's language with the places it concerns named (a line, a commune, a report), never a
YAML line:col, a data path or a file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ecdplan.i18n.labels import t

SHOWN_FINDINGS = 12  # findings listed per rule; the others are counted
SHOWN_PLACES = 8  # other places named under one finding; the others are counted


@dataclass
class AnnexItem:
    text: str  # the finding's message, in the reader's language
    places: list[str] = field(default_factory=list)  # the other places it concerns, by name
    unnamed: int = 0  # other places without a name to give (counted)
    accepted: str | None = None  # the plan's reason for accepting it


@dataclass
class AnnexGroup:
    code: str
    title: str  # what the rule checks, in the reader's language
    severity: str  # error, warning or accepted (all of the rule's findings accepted)
    count: int  # places concerned, over all its findings
    items: list[AnnexItem]
    unlisted: int = 0  # findings of the rule not listed


def _place(finding, plan) -> str | None:
    """A finding's place as people name it: the commune or body it names, else the plan line, report or
    responsibility its path points into."""
    name = finding.figures.get("name")
    if isinstance(name, str) and name:
        return name
    path = finding.path or ""
    m = re.match(r"interventions\[([^\]]+)\]", path)
    if m:
        line = next((iv for iv in plan.interventions if iv.id == m.group(1)), None)
        return line.name if line is not None else None
    m = re.match(r"reporting\[(\d+)\]", path)
    if m and int(m.group(1)) < len(plan.reporting):
        return str(plan.reporting[int(m.group(1))].report)
    m = re.match(r"responsibilities\[(\d+)\]", path)
    if m and int(m.group(1)) < len(plan.responsibilities):
        return str(plan.responsibilities[int(m.group(1))].body)
    return None


def findings_annex(findings: list, plan, lang: str) -> list[AnnexGroup]:
    """The findings grouped by rule, in catalogue order (errors first within it as the rules list them)."""
    by_code: dict[str, list] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    groups = []
    for code in sorted(by_code, key=lambda c: (by_code[c][0].severity.value != "error", c)):
        mine = by_code[code]
        rule = mine[0].rule
        items = []
        for f in mine[:SHOWN_FINDINGS]:
            places, unnamed, seen = [], f.more, set()
            for other in f.also:
                name = _place(other, plan)
                if name is None:
                    unnamed += 1
                elif name not in seen:
                    seen.add(name)
                    places.append(name)
            unnamed += max(0, len(places) - SHOWN_PLACES)
            items.append(AnnexItem(f.text(lang), places[:SHOWN_PLACES], unnamed, f.accepted))
        severity = "accepted" if all(f.accepted is not None for f in mine) else rule.severity.value
        groups.append(AnnexGroup(code, t(rule.summary, lang), severity,
                                 sum(1 + len(f.also) + f.more for f in mine), items,
                                 max(0, len(mine) - SHOWN_FINDINGS)))
    return groups
