"""Funding envelopes and the funding gap: with what each source can really give, what gets paid?

Each intervention-year needs its cost (the year spread of `facts.year_amounts`). Methods:
  - `shares`   the split the plan writes (or its equal split), then each source-year is capped at its
               envelope; what overflows is unfunded (cut from the lines pro rata, largest remainder);
  - `equal`    the same, but always an equal split over the eligible sources;
  - `priority` interventions in plan order, years in order, fill the eligible sources in a stated order
               up to what is left of each envelope;
  - `optimal`  a linear program (SciPy's HiGHS): minimise the unfunded amount, then the local budget used,
               subject to eligibility, envelopes and validity years; the solution is then made exact to the đồng
               (rounded, then integer augmenting paths: the least gap exactly) and never worse than `priority`.
A source can only pay in its valid years and for the lines that list it. A source with no envelope is
unlimited; a source with an envelope gives nothing in years the envelope does not list.
"""

from __future__ import annotations

from ecdplan.errors import EcdplanError
from ecdplan.i18n.messages import N_, Phrase

from dataclasses import dataclass, field
from decimal import Decimal

from typing import TYPE_CHECKING

from ecdplan.core.facts import NO_SOURCE, Fact, intervention_facts, source_amount_dong
from ecdplan.formats.plan import Plan
from ecdplan.core.money import largest_remainder
from ecdplan.vocab import METHODS

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan

UNFUNDED = "(unfunded)"
# why money is unfunded: an envelope ran out, the source is not valid that year, or the line has no source
CAUSE_ENVELOPE, CAUSE_NO_SOURCE = "envelope", "no-source"


class FundingError(EcdplanError):
    """The allocation cannot be made (unknown method, missing solver): exit status 2."""


Envelopes = dict[tuple[str, int], int]  # (source, year) -> đồng; absent source = unlimited


@dataclass
class Allocation:
    compiled: CompiledPlan
    method: str
    envelopes: Envelopes
    limited: set[str]  # sources that have an envelope
    paid: dict[tuple[str, int, str], int] = field(default_factory=dict)  # (intervention, year, source)
    unfunded: dict[tuple[str, int], int] = field(default_factory=dict)  # (intervention, year)
    causes: dict[tuple[str, int], int] = field(default_factory=dict)  # (cause, year): envelope, validity:SOURCE, ...

    @property
    def plan(self) -> Plan:
        return self.compiled.plan

    def short(self, intervention: str, year: int, amount: int, cause: str) -> None:
        """Record money that cannot be paid, and why."""
        if amount:
            self.unfunded[intervention, year] = self.unfunded.get((intervention, year), 0) + amount
            self.causes[cause, year] = self.causes.get((cause, year), 0) + amount

    def used(self, source: str, year: int) -> int:
        return sum(v for (i, y, s), v in self.paid.items() if s == source and y == year)

    @property
    def gap(self) -> int:
        return sum(self.unfunded.values())

    def binding(self) -> list[tuple[str, int]]:
        """Envelopes used up (and positive): raising them would be the first way to close the gap."""
        return [(s, y) for (s, y), cap in sorted(self.envelopes.items()) if cap > 0 and self.used(s, y) >= cap]

    def facts(self) -> list[Fact]:
        """Paid amounts and the unfunded remainder as facts (source '(unfunded)'), for group-bys."""
        line_of = {f.intervention: f for f in self.compiled.facts}  # group and agency as compiled
        out = []
        for (i, y, s), amount in self.paid.items():
            if amount:
                f = line_of[i]
                out.append(Fact(i, f.group, f.agency, y, s, amount, f.year_rule, self.method, True))
        for (i, y), amount in self.unfunded.items():
            if amount:
                f = line_of[i]
                out.append(Fact(i, f.group, f.agency, y, UNFUNDED, amount, f.year_rule, self.method, True))
        return out


def with_envelopes(plan: Plan, extra: dict[str, dict[int, object]] | None, dong_per_unit: int) -> Plan:
    """The plan with a separate file's envelopes replacing its own, source by source.

    Amounts are converted to the unit the plan gives that source's envelopes in: the plan's unit (units differ
    by powers of ten: exact), or the source's own currency at its declared rate."""
    if not extra:
        return plan
    # a source the plan does not know is kept: the rule checks report it (I003) where it is written
    def factor(source_id: str) -> Decimal:
        source = plan.source(source_id)
        per_unit = source.currency.rate if source is not None and source.currency is not None else plan.dong_per_unit
        return Decimal(dong_per_unit) / per_unit

    merged = dict(plan.envelopes)
    merged.update({s: {y: Decimal(v) * factor(s) for y, v in years.items()} for s, years in extra.items()})
    return plan.model_copy(update={"envelopes": merged})


def plan_envelopes(plan: Plan, extra: dict[str, dict[int, object]] | None = None,
                   extra_dong_per_unit: int | None = None) -> tuple[Envelopes, set[str]]:
    """Envelopes in đồng (the plan's, with a separate file's sources replacing them) and the limited sources."""
    plan = with_envelopes(plan, extra, extra_dong_per_unit or plan.dong_per_unit)
    envelopes = {(s, y): source_amount_dong(plan, s, v)
                 for s, years in plan.envelopes.items() for y, v in years.items()}
    return envelopes, set(plan.envelopes)


def needs(compiled: CompiledPlan) -> dict[tuple[str, int], int]:
    """What each line needs each year: its compiled year amounts."""
    out: dict[tuple[str, int], int] = {}
    for line in compiled.lines:
        for y, amount in (line.by_year if line else {}).items():
            if amount:
                out[line.intervention, y] = out.get((line.intervention, y), 0) + amount
    return out


def eligible(plan: Plan, intervention_id: str, year: int) -> list[str]:
    """Sources that may pay this line in this year: listed by the line, known, and valid that year."""
    iv = next(iv for iv in plan.interventions if iv.id == intervention_id)
    out = []
    for f in iv.funding():
        source = plan.source(f.source)
        if source is None:
            continue
        if source.valid is None or source.valid.start <= year <= source.valid.end:
            out.append(source.id)
    return out


def capacity(alloc: Allocation, source: str, year: int) -> int | None:
    """What is left of an envelope (None: unlimited)."""
    if source not in alloc.limited:
        return None
    return alloc.envelopes.get((source, year), 0) - alloc.used(source, year)


def allocate(compiled: CompiledPlan, method: str, envelopes: Envelopes, limited: set[str],
             order: list[str] | None = None) -> Allocation:
    """Who pays what under the envelopes. With no envelope, `shares` pays exactly `budget`'s split, except
    money a source would give outside its valid years, which is the gap, with that cause."""
    if method not in METHODS:
        raise FundingError(Phrase(N_("unknown method {method}; choose from {methods}"), method=repr(method),
                                  methods=", ".join(METHODS)))
    plan = compiled.plan
    alloc = Allocation(compiled, method, envelopes, limited)
    if method in ("shares", "equal"):
        _capped_split(alloc, equal=method == "equal")
    elif method == "priority":
        _priority(alloc, order or [s.id for s in plan.sources])
    else:
        _optimal(alloc)
    return alloc


def _capped_split(alloc: Allocation, equal: bool) -> None:
    plan = alloc.plan
    if equal:  # a different split from the plan's: recomputed from the same compiled year amounts
        facts = [f for iv, line in zip(plan.interventions, alloc.compiled.lines) if line
                 for f in intervention_facts(plan, iv, force_equal=True, spread=(line.by_year, line.year_rule))]
    else:
        facts = alloc.compiled.facts
    by_source_year: dict[tuple[str, int], list[Fact]] = {}
    for f in facts:
        source = plan.source(f.source)
        if f.source == NO_SOURCE or source is None:
            alloc.short(f.intervention, f.year, f.amount, CAUSE_NO_SOURCE)
        elif not f.source_valid:
            alloc.short(f.intervention, f.year, f.amount, validity_cause(source))
        else:
            by_source_year.setdefault((f.source, f.year), []).append(f)
    for (s, y), group in by_source_year.items():
        asked = sum(f.amount for f in group)
        cap = asked if s not in alloc.limited else min(asked, alloc.envelopes.get((s, y), 0))
        granted = largest_remainder(cap, [f.amount for f in group]) if asked else [0] * len(group)
        for f, g in zip(group, granted):
            alloc.paid[f.intervention, y, s] = alloc.paid.get((f.intervention, y, s), 0) + g
            alloc.short(f.intervention, y, f.amount - g, CAUSE_ENVELOPE)


def _priority(alloc: Allocation, order: list[str]) -> None:
    plan = alloc.plan
    known = {s.id for s in plan.sources}
    unknown = [s for s in order if s not in known]
    if unknown:
        raise FundingError(Phrase(N_("--order names unknown source(s): {sources}"), sources=", ".join(unknown)))
    rank = {s: i for i, s in enumerate(order)}
    for (i, y), need in sorted(needs(alloc.compiled).items(), key=lambda kv: (kv[0][1], _index(plan, kv[0][0]))):
        left = need
        for s in sorted(eligible(plan, i, y), key=lambda s: rank.get(s, len(rank))):
            if s not in rank:
                continue  # a source left out of the order is not used
            room = capacity(alloc, s, y)
            take = left if room is None else min(left, max(room, 0))
            if take:
                alloc.paid[i, y, s] = alloc.paid.get((i, y, s), 0) + take
                left -= take
            if not left:
                break
        alloc.short(i, y, left, _cause(plan, i, y))


def validity_cause(source) -> str:
    return f"validity:{source.id}"


def _cause(plan: Plan, intervention: str, year: int) -> str:
    """Why a line-year is short after priority or optimal: no source may pay it that year, or envelopes."""
    iv = next(iv for iv in plan.interventions if iv.id == intervention)
    listed = [plan.source(f.source) for f in iv.funding() if plan.source(f.source) is not None]
    if not listed:
        return CAUSE_NO_SOURCE
    if not eligible(plan, intervention, year):
        return validity_cause(listed[0])
    return CAUSE_ENVELOPE


def _index(plan: Plan, intervention_id: str) -> int:
    return next(k for k, iv in enumerate(plan.interventions) if iv.id == intervention_id)


def _optimal(alloc: Allocation) -> None:
    try:
        import numpy as np
        from scipy.optimize import linprog
    except ImportError:
        raise FundingError(Phrase(N_("the optimal method needs SciPy: pip install 'ecdplan[optimal]'"))) from None
    plan = alloc.plan
    need = needs(alloc.compiled)
    keys = list(need)
    xs: list[tuple[str, int, str]] = [(i, y, s) for (i, y) in keys for s in eligible(plan, i, y)]
    n_x, n_u = len(xs), len(keys)
    if not keys:
        return
    local = {s.id for s in plan.sources if s.kind == "local-budget"}
    # lexicographic aims in one objective: an unfunded đồng costs 2, a local-budget đồng 1 (one unit of
    # unfunded can always be replaced by at most one unit of local budget, so 2 > 1 keeps the order)
    cost = np.array([1.0 if s in local else 0.0 for (_, _, s) in xs] + [2.0] * n_u)
    a_eq = np.zeros((n_u, n_x + n_u))
    row_of = {k: r for r, k in enumerate(keys)}
    for c, (i, y, _) in enumerate(xs):
        a_eq[row_of[i, y], c] = 1.0
    for r in range(n_u):
        a_eq[r, n_x + r] = 1.0
    b_eq = np.array([float(need[k]) for k in keys])
    caps = sorted({(s, y) for (_, y, s) in xs if s in alloc.limited})
    a_ub = np.zeros((len(caps), n_x + n_u))
    for r, (s, y) in enumerate(caps):
        for c, (_, yy, ss) in enumerate(xs):
            if ss == s and yy == y:
                a_ub[r, c] = 1.0
    b_ub = np.array([float(alloc.envelopes.get(k, 0)) for k in caps])
    result = linprog(cost, A_ub=a_ub if caps else None, b_ub=b_ub if caps else None, A_eq=a_eq, b_eq=b_eq,
                     bounds=(0, None), method="highs")
    if not result.success:
        raise FundingError(Phrase(N_("the solver failed: {reason}"), reason=result.message))
    # exact to the đồng: round, then repair the few đồng that floating point may have moved
    paid = {k: max(0, int(round(v))) for k, v in zip(xs, result.x[:n_x])}
    for (s, y) in caps:
        over = sum(v for (i, yy, ss), v in paid.items() if ss == s and yy == y) - alloc.envelopes.get((s, y), 0)
        for k in sorted((k for k in paid if k[2] == s and k[1] == y), key=lambda k: -paid[k]):
            if over <= 0:
                break
            cut = min(over, paid[k])
            paid[k] -= cut
            over -= cut
    for (i, y) in keys:
        mine = [k for k in paid if k[0] == i and k[1] == y]
        excess = sum(paid[k] for k in mine) - need[i, y]
        for k in sorted(mine, key=lambda k: -paid[k]):
            if excess <= 0:
                break
            cut = min(excess, paid[k])
            paid[k] -= cut
            excess -= cut
    _fill_exactly(alloc, need, xs, paid)
    for (i, y) in keys:
        mine = [k for k in paid if k[0] == i and k[1] == y]
        alloc.short(i, y, need[i, y] - sum(paid[k] for k in mine), _cause(plan, i, y))
    alloc.paid = {k: v for k, v in paid.items() if v}
    _never_worse_than_priority(alloc, local)


def _fill_exactly(alloc: Allocation, need: dict[tuple[str, int], int], xs: list[tuple[str, int, str]],
                  paid: dict[tuple[str, int, str], int]) -> None:
    """Integer augmenting paths on the rounded solution: while a line-year is short and some chain of eligible
    sources (moving money another line takes from one source to another it may draw on) reaches a source-year
    with room, move the đồng along it. What is left short is then the exact least gap (a maximum flow), whatever
    floating point did to the solver's figures."""
    from collections import deque

    by_line: dict[tuple[str, int], list[str]] = {}
    by_source: dict[tuple[str, int], list[str]] = {}
    for (i, y, s) in xs:
        by_line.setdefault((i, y), []).append(s)
        by_source.setdefault((s, y), []).append(i)
    used: dict[tuple[str, int], int] = {}
    for (i, y, s), v in paid.items():
        used[s, y] = used.get((s, y), 0) + v

    def room(s: str, y: int) -> int | None:
        return None if s not in alloc.limited else alloc.envelopes.get((s, y), 0) - used.get((s, y), 0)

    def short(i: str, y: int) -> int:
        return need[i, y] - sum(paid.get((i, y, s), 0) for s in by_line.get((i, y), []))

    for (i0, y) in need:
        while short(i0, y) > 0:
            came: dict[str, str | None] = {}  # source -> the line that reached it (None: the short line)
            via: dict[str, str] = {}  # line -> the source whose money it gives up
            queue, end = deque([(i0, None)]), None
            seen_lines = {i0}
            while queue and end is None:
                line, _ = queue.popleft()
                for s in by_line.get((line, y), []):
                    if s in came:
                        continue
                    came[s] = line
                    r = room(s, y)
                    if r is None or r > 0:
                        end = s
                        break
                    for other in by_source.get((s, y), []):
                        if other not in seen_lines and paid.get((other, y, s), 0) > 0:
                            seen_lines.add(other)
                            via[other] = s
                            queue.append((other, s))
            if end is None:
                break  # no room anywhere this line can reach: the rest is the gap
            path, s = [], end  # (line, source gaining) pairs, from the source with room back to the short line
            while True:
                line = came[s]
                path.append((line, s))
                if line == i0:
                    break
                s = via[line]
            r = room(end, y)
            delta = short(i0, y) if r is None else min(short(i0, y), r)
            for line, s in path[:-1]:
                delta = min(delta, paid[line, y, via[line]])
            for line, s in path:
                paid[line, y, s] = paid.get((line, y, s), 0) + delta
                used[s, y] = used.get((s, y), 0) + delta
                if line != i0:
                    gives = via[line]
                    paid[line, y, gives] -= delta
                    used[gives, y] -= delta


def _never_worse_than_priority(alloc: Allocation, local: set[str]) -> None:
    """The optimum made exact is never worse than `priority` (less unfunded, then less local budget): where the
    priority method in the plan's order of sources, or with the local budget last, does better, its
    allocation is taken."""
    plan = alloc.plan
    order = [s.id for s in plan.sources]
    best = (alloc.gap, sum(v for (_, _, s), v in alloc.paid.items() if s in local))
    for candidate in (order, [s for s in order if s not in local] + [s for s in order if s in local]):
        other = Allocation(alloc.compiled, alloc.method, alloc.envelopes, alloc.limited)
        _priority(other, candidate)
        score = (other.gap, sum(v for (_, _, s), v in other.paid.items() if s in local))
        if score < best:
            best = score
            alloc.paid, alloc.unfunded, alloc.causes = other.paid, other.unfunded, other.causes
