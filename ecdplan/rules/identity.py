"""I: identifiers and references (ids used twice, groups and sources that are not defined, things named twice,
scenario lines the plan does not have, acceptances that match nothing): the rules' catalogue entries and their
checks. I005 is checked where a scenario is applied to its plan (pipeline.py); I007 and I008 where the plan's
`accepted:` list is applied (rules/grouping.py)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterator

from ecdplan.i18n.messages import N_, Word

from ecdplan.rules.findings import E, W, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.formats.plan import Plan
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="I001", name="duplicate-id", severity=E,
         summary=N_("Two items of the same list share an id."),
         fix=N_("Give every group, intervention, source and indicator its own id.")),
    Rule(code="I002", name="unknown-group", severity=E,
         summary=N_("An intervention names a group that the plan does not define."),
         fix=N_("Add the group under `groups:` or correct the id.")),
    Rule(code="I003", name="unknown-source", severity=E,
         summary=N_("An intervention names a funding source that is not in `sources:`."),
         fix=N_("Add the source to the catalogue or correct the id.")),
    Rule(code="I004", name="repeated-item", severity=E,
         summary=N_("A list names the same thing twice: a commune in one phase, a source of one line, a body among a "
                    "line's cooperating bodies. Names are compared after NFC and space normalisation, so 'Sở Y tế' "
                    "typed with a non-breaking space is the same body."),
         fix=N_("Delete the repetition. A repeated source counts once in the figures.")),
    Rule(code="I005", name="unknown-line", severity=E,
         summary=N_("A scenario changes an intervention that the plan does not have."),
         fix=N_("Use an intervention id of the plan (`ecdplan budget` lists them).")),
    Rule(code="I006", name="counted-twice", severity=W,
         summary=N_("A set of files holds one plan twice (the same file, or two files with the same `plan.id`), or "
                    "two progress files of one plan whose periods overlap: adding them up would count the same money "
                    "twice. `rollup` and `calendar` refuse such a set (exit 2), and `progress` overlapping files."),
         fix=N_("Give each plan once; give a year's progress as the year or as its halves, not both.")),
    # I007, I008: the plan's `accepted:` list, checked where it is applied (rules/grouping.py)
    Rule(code="I007", name="acceptance-matches-nothing", severity=W,
         summary=N_("An entry of `accepted:` matches no finding of the plan: what it accepted is gone (fixed, or "
                    "the plan changed), or it is misspelt."),
         fix=N_("Delete the entry, or correct its rule, figures or path (`ecdplan validate -f json` shows each "
                "finding's figures and path).")),
    Rule(code="I008", name="acceptance-not-allowed", severity=E,
         summary=N_("An entry of `accepted:` names a rule that does not exist, a rule that cannot be accepted (an "
                    "error, or I007/I008), or a field the rule does not have: it would accept nothing, or too much."),
         fix=N_("Accept warnings only, by their rule code and the fields the rule's findings are about (its "
                "subject, see docs/format.md) or their `path`.")),
]


def twice_in_set(results: list) -> list[tuple[int, int]]:
    """(later, earlier) indexes of files of one set that would be counted twice: plans with one `plan.id` (the
    same file given twice included), progress files of one plan whose periods overlap. `validate` warns (I006);
    `rollup`, `calendar` and `progress` refuse the set."""
    out = []
    for i, a in enumerate(results):
        for j, b in enumerate(results[:i]):
            if _same_money(a, b):
                out.append((i, j))
                break
    return out


def _same_money(a, b) -> bool:
    period_a, period_b = getattr(a, "period", None), getattr(b, "period", None)
    if period_a is not None or period_b is not None:  # progress files
        ta, tb = getattr(a, "target", None), getattr(b, "target", None)
        return (period_a is not None and period_b is not None and ta is not None and tb is not None
                and ta.plan.info.id == tb.plan.info.id and period_a.overlaps(period_b))
    if a.document is not None or b.document is not None or a.compiled is None or b.compiled is None:
        return False  # side files, plans that could not be built
    return a.compiled.plan.info.id == b.compiled.plan.info.id


def twice_finding(later, earlier) -> Finding:
    """I006 about `later` (a checked file), naming `earlier`."""
    if getattr(later, "period", None) is not None:
        return Finding.at("I006", ("period",),
                          N_("{file} ({period}) and {other} ({other_period}) report on the same days of plan {plan}: "
                             "their figures would be counted twice"),
                          {"file": later.file, "period": later.period.phrase, "other": earlier.file,
                           "other_period": earlier.period.phrase, "plan": later.target.plan.info.id},
                          other=earlier.file)
    return Finding.at("I006", ("plan", "id"),
                      N_("plan {plan} is given twice ({file} and {other}): adding it up would count it twice"),
                      {"plan": later.compiled.plan.info.id, "file": later.file, "other": earlier.file},
                      other=earlier.file)


def mark_twice(results: list) -> None:
    """`validate`'s warnings (I006) on a set of checked files; a file given twice is warned about once."""
    from ecdplan.rules.context import Context

    done: set[int] = set()
    for i, j in twice_in_set(results):
        later = results[i]
        if id(later) in done:
            continue
        done.add(id(later))
        ctx = Context(later.loaded)
        ctx.add(twice_finding(later, results[j]))
        later.findings = sorted(later.findings + ctx.findings, key=Finding.sort_key)


@check("I001", "I002", "I003")
def check_ids(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    plan = compiled.plan
    for key, kind, items in (("sources", N_("source"), plan.sources), ("groups", N_("group"), plan.groups),
                             ("interventions", N_("line"), plan.interventions),
                             ("indicators", N_("indicator"), plan.indicators)):
        counts = Counter(item.id for item in items)
        seen: set[str] = set()
        for i, item in enumerate(items):
            if counts[item.id] > 1 and item.id in seen:
                first = next(j for j, other in enumerate(items) if other.id == item.id)
                first_line = ctx.loaded.position((key, first, "id"))[0]
                yield Finding.at("I001", (key, i, "id"),
                                 N_("{kind} id '{id}' ({name}) is used again (first at line {first})"),
                                 {"kind": Word(kind), "id": item.id, "name": item.name, "first": first_line})
            seen.add(item.id)
    group_ids = {g.id for g in plan.groups}
    source_ids = {s.id for s in plan.sources}
    for i, iv in enumerate(plan.interventions):
        if iv.group is not None and iv.group not in group_ids:
            yield Finding.at("I002", ("interventions", i, "group"),
                             N_("{line}: group '{group}' is not defined under groups: (known: {known})"),
                             {"line": iv.name, "group": iv.group, "known": ", ".join(sorted(group_ids)) or "-"})
        for j, funding in enumerate(iv.funding()):
            if funding.source not in source_ids:
                yield Finding.at("I003", ("interventions", i, "sources", j),
                                 N_("{line}: source '{source}' is not in the sources catalogue (known: {known})"),
                                 {"line": iv.name, "source": funding.source,
                                  "known": ", ".join(sorted(source_ids)) or "-"})
    for k, mark in enumerate(plan.info.appendix.marks if plan.info.appendix else []):
        if isinstance(mark.at, str) and mark.at not in source_ids:
            yield Finding.at("I003", ("plan", "appendix", "marks", k, "at"),
                             N_("the appendix's mark {mark} is on source '{source}', which is not in the sources "
                                "catalogue (known: {known})"),
                             {"mark": mark.mark, "source": mark.at, "known": ", ".join(sorted(source_ids)) or "-"})
    for source_id in plan.envelopes:
        if source_id not in source_ids:
            yield Finding.at("I003", ("envelopes", source_id),
                             N_("envelope for source '{source}', which is not in the sources catalogue (known: "
                                "{known})"),
                             {"source": source_id, "known": ", ".join(sorted(source_ids)) or "-"})


def _repeats(items: list[str], folded: bool = False) -> list[tuple[int, int]]:
    """(index, index of the first) for each item that repeats an earlier one (compared as body_key; `folded`:
    items whose spaces `fold` has made single already, so that body_key is their casefold)."""
    from ecdplan.core.compiled import body_key

    same = str.casefold if folded else body_key
    first: dict[str, int] = {}
    out = []
    for k, item in enumerate(items):
        key = same(item)
        if key in first:
            out.append((k, first[key]))
        else:
            first[key] = k
    return out


@check("I004")
def check_repeated_items(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    """A commune named twice in a phase, a source listed twice for a line, a body twice among the cooperating."""
    from ecdplan.reference.names import fold

    plan = compiled.plan
    for i, iv in enumerate(plan.interventions):
        sources = [f if isinstance(f, str) else f.source for f in iv.sources]
        for k, first in _repeats(sources):
            yield Finding.at("I004", ("interventions", i, "sources", k),
                             N_("{line}: source '{item}' is listed again (first as item {first}); it counts once"),
                             {"line": iv.name, "item": sources[k], "first": first + 1}, item=sources[k])
        for k, first in _repeats(iv.cooperating):
            yield Finding.at("I004", ("interventions", i, "cooperating", k),
                             N_("{line}: '{item}' is named again among the cooperating bodies (first as item {first})"),
                             {"line": iv.name, "item": iv.cooperating[k], "first": first + 1}, item=iv.cooperating[k])
        if isinstance(iv.rollout, list):
            for p, phase in enumerate(iv.rollout):
                named = [(n, None) if isinstance(n, str) else (n.name, n.district) for n in phase.named or []]
                # one commune spelled two ways ('Ia Mlăh', 'Ia Mláh'), or two old communes merged into one
                keys = [f"{fold(name)}|{fold(district or '')}" for name, district in named]
                for k, first in _repeats(keys, folded=True):
                    if _distinct_units(plan, named[first], named[k]):
                        continue  # 'Sơn Hà' and 'Sơn Hạ': two real communes whose names differ only in marks
                    yield Finding.at("I004", ("interventions", i, "rollout", p, "named", k),
                                     N_("{line}: commune '{item}' is named twice in phase {phase} (first as item "
                                        "{first})"),
                                     {"line": iv.name, "item": named[k][0], "phase": phase.years, "first": first + 1},
                                     item=named[k][0])


def _distinct_units(plan: Plan, a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    """Whether two commune names that differ only in their marks are two real units, each written exactly as
    the registry writes it (then they are not one commune spelled twice). Asks the registry only then."""
    def exact(text: str) -> str:
        return " ".join(text.split()).casefold()

    if exact(a[0]) == exact(b[0]):
        return False
    from ecdplan.rules.places import area_province
    from ecdplan.reference.places import registry

    reg = registry()
    province = area_province(reg, plan)

    def units(name: str, district: str | None) -> set:
        return {(p.code, p.era) for p in reg.find(name, province, district, {"commune"})
                if exact(name) in (exact(p.name), exact(p.full))}

    first, second = units(*a), units(*b)
    return bool(first) and bool(second) and not first & second
