"""Findings an officer can act on: one finding per subject, and the findings the plan accepts.

A rule declares its `subject` (findings.Rule): the figures that say what a finding is about (F002: the source;
O001: the body; A002: the kind of place and the years; A003, A005: the name). The findings of one rule in one file
with the same subject are one finding, at its first place, holding the others in `also` (each with its place and
its own message): one body change, one programme's end, one unknown name is said once.

A plan's `accepted:` entries (formats/plan.py `Acceptance`) name a rule and the figures of its subject, or a
`path`, with a reason; the warnings they match are marked accepted (`Finding.accepted`, the reason), shown as
accepted and not counted (runner.PlanResult.count). An entry that matches nothing is I007; one that names an
unknown rule, a rule that cannot be accepted (an error, I007, I008) or a field that is not the rule's subject is
I008 (rules/identity.py holds both entries).
"""

from __future__ import annotations

from typing import Any

from ecdplan.i18n.messages import N_, in_lang
from ecdplan.rules.context import SHOWN, Context
from ecdplan.rules.findings import RULES, UNSET, Finding, Severity, norm_figure, subject_of  # noqa: F401 (subject_of: API)

NOT_ACCEPTABLE = {"I007", "I008"}  # warnings about the acceptances themselves


def _where(other: Finding, file: str, lang: str, paths: bool) -> str:
    """One of a finding's other places: `line:col path (name)` (`line N (name)` without data paths, for pages
    people read), the file in front when it is another one."""
    if paths:
        where = f"{other.line}:{other.col} {other.path}".strip()
        if other.file and other.file != file:
            where = f"{other.file}:{where}"
    else:
        from ecdplan.i18n.labels import t

        where = f"{t('line', lang)} {other.line}"
    name = other.figures.get("name")
    if isinstance(name, str):
        # each place keeps what is its own: a commune's successors differ from the first place's (A002)
        params = other.params or {}
        if other.figures.get("successors") and params.get("successors"):
            name += f" → {in_lang(params['successors'], lang)}"
        elif other.figures.get("predecessors") and params.get("predecessors"):
            name += f" ← {in_lang(params['predecessors'], lang)}"
        return f"{where} ({name})"
    return where


def also_lines(f: Finding, lang: str = "en", paths: bool = True) -> list[str]:
    """The lines under a finding for its other places and the plan's reason for accepting it, in `lang`."""
    from ecdplan.i18n.labels import t

    also_at = t("also at {where}", lang)
    out = [also_at.format(where=_where(other, f.file, lang, paths)) for other in f.also[:SHOWN]]
    more = len(f.also[SHOWN:]) + f.more
    if more:
        out.append(t("and {n} more place(s) not listed", lang).format(n=more))
    if f.accepted is not None:
        out.append(t("accepted: {reason}", lang).format(reason=f.accepted))
    return out


def grouped(findings: list[Finding], more_places: dict[tuple, int] | None = None) -> list[Finding]:
    """One finding per rule, file, subject (and accepted or not): the first by position, the others in `also`;
    `more_places`: places of a subject counted but not kept (Context), said on its finding."""
    out: list[Finding] = []
    first: dict[tuple, Finding] = {}
    for f in sorted(findings, key=Finding.sort_key):
        subject = subject_of(f) if f.subject is UNSET else f.subject
        if subject is None:
            out.append(f)
            continue
        key = (f.file, f.code, subject, f.accepted)
        if key in first:
            first[key].also += [f, *f.also]
            f.also = []
            continue
        first[key] = f
        f.more = (more_places or {}).pop((f.code, subject), 0)
        out.append(f)
    return out


def _matches(finding: Finding, rule: str, path: str | None, fields: dict[str, Any], taken: bool = False) -> bool:
    """Whether an acceptance (rule, path, figures) matches the finding; `taken`: also when an earlier entry has
    accepted it already."""
    if finding.code != rule or (finding.accepted is not None and not taken):
        return False
    if path is not None and norm_figure(path) != norm_figure(finding.path):
        return False
    return all(k in finding.figures and norm_figure(finding.figures[k]) == norm_figure(v) for k, v in fields.items())


def accept(result: Any) -> None:
    """Mark the findings the plan accepts; I007 and I008 about its entries, added to `result.findings`."""
    plan = result.plan
    if plan is None or not plan.accepted:
        return
    ctx = Context(result.loaded)
    for i, entry in enumerate(plan.accepted):
        fields = dict(entry.model_extra or {})
        rule = RULES.get(entry.rule)
        at = ("accepted", i, "rule")
        if rule is None:
            ctx.add(Finding.at("I008", at, N_("accepted: there is no rule {rule}; it would accept nothing"),
                               {"rule": entry.rule}, rule=entry.rule))
            continue
        if rule.severity is Severity.ERROR or rule.code in NOT_ACCEPTABLE:
            ctx.add(Finding.at("I008", at, N_("accepted: {rule} ({name}) cannot be accepted: only warnings can be, "
                                              "and not those about acceptances; an error must be fixed"),
                               {"rule": rule.code, "name": rule.name}, rule=rule.code))
            continue
        unknown = [k for k in fields if k not in rule.subject]
        if unknown:
            allowed = ", ".join([*rule.subject, "path"])
            for key in unknown:
                ctx.add(Finding.at("I008", ("accepted", i, key),
                                   N_("accepted: {rule} findings have no field '{field}' to match; write {allowed}"),
                                   {"rule": rule.code, "field": key, "allowed": allowed}, rule=rule.code, field=key))
            continue
        matched = [f for f in result.findings if _matches(f, rule.code, entry.path, fields)]
        if not matched and any(_matches(f, rule.code, entry.path, fields, taken=True) for f in result.findings):
            ctx.add(Finding.at("I007", at, N_("accepted: the {rule} findings this entry matches are accepted by an "
                                              "earlier entry already"), {"rule": rule.code}, rule=rule.code))
            continue
        if not matched:
            shown = ", ".join(f"{k}: {v}" for k, v in [*fields.items(), *([("path", entry.path)] if entry.path else [])])
            ctx.add(Finding.at("I007", at, N_("accepted: no {rule} finding matches {fields}; it accepts nothing"),
                               {"rule": rule.code, "fields": shown or rule.code}, rule=rule.code, fields=shown))
            continue
        for f in matched:
            f.accepted = entry.reason
    result.dropped.update({code: result.dropped.get(code, 0) + n for code, n in ctx.dropped.items()})
    result.findings += ctx.findings


def settle(result: Any) -> Any:
    """A checked file's findings as they are shown: the accepted ones marked, one per subject (in place: the
    compiled plan shares the list)."""
    accept(result)
    result.findings[:] = grouped(result.findings, dict(getattr(result, "more_places", {})))
    return result
