"""What changed between two versions of a plan: totals by source, year and line, coverage, findings."""

from __future__ import annotations

from dataclasses import dataclass

from ecdplan.core.compiled import CompiledPlan
from ecdplan.i18n.messages import N_, Phrase, Word


@dataclass(frozen=True)
class Change:
    aspect: str  # "source", "year", "intervention", "total", "coverage", "finding"
    key: str  # for people: a line by its name, a source by its label (a Word/Phrase is shown in their language)
    old: object
    new: object

    @property
    def delta(self) -> object:
        if isinstance(self.old, int) and isinstance(self.new, int):
            return self.new - self.old
        return None


def _totals(compiled: CompiledPlan, dimension: str) -> dict[str, int]:
    plan = compiled.plan
    out: dict[str, int] = {}
    names = _line_names(compiled)
    for f in compiled.facts:
        key = getattr(f, dimension)
        if dimension == "source":
            source = plan.source(key)
            key = source.label if source else key
        elif dimension == "intervention":
            key = names.get(key, key)
        out[str(key)] = out.get(str(key), 0) + f.amount
    return out


def _line_names(compiled: CompiledPlan) -> dict[str, str]:
    return {iv.id: iv.name for iv in compiled.plan.interventions}


def _coverage(compiled: CompiledPlan) -> dict[str, int]:
    names = _line_names(compiled)
    return {f"{names.get(iv, iv)} {y}": n for iv, counts in compiled.communes_by_line().items()
            for y, n in counts.items()}


def diff_plans(old: CompiledPlan, new: CompiledPlan, all_rows: bool = False) -> list[Change]:
    changes: list[Change] = []
    a, b = old, new
    old_total, new_total = a.total, b.total
    if all_rows or old_total != new_total:
        changes.append(Change("total", Word(N_("Total")), old_total, new_total))
    for dim in ("source", "year", "intervention"):
        x, y = _totals(a, dim), _totals(b, dim)
        keys = list(dict.fromkeys([*x, *y]))
        if dim == "year":
            keys.sort()
        for k in keys:
            if all_rows or x.get(k) != y.get(k):
                changes.append(Change(dim, k, x.get(k), y.get(k)))
    x, y = _coverage(a), _coverage(b)
    for k in dict.fromkeys([*x, *y]):
        if all_rows or x.get(k) != y.get(k):
            changes.append(Change("coverage", k, x.get(k), y.get(k)))
    cy_old, cy_new = sum(x.values()), sum(y.values())
    if all_rows or cy_old != cy_new:
        changes.append(Change("coverage", Word(N_("commune-years")), cy_old, cy_new))

    def finding_keys(result: CompiledPlan) -> dict[tuple, Phrase]:
        """Each finding by what it is (code, place in the plan, message), shown by its code and message; each place
        of a grouped finding (`also`) on its own, so that one place resolved or added shows."""
        return {(f.code, f.path or "", f.message): Phrase(N_("{code}: {message}"), code=f.code, message=Phrase(
            f.template, f.params) if f.template else f.message) for g in result.findings for f in (g, *g.also)}
    fo, fn = finding_keys(old), finding_keys(new)
    for k, shown in fo.items():
        if k not in fn:
            changes.append(Change("finding", shown, Word(N_("resolved")), None))
    for k, shown in fn.items():
        if k not in fo:
            changes.append(Change("finding", shown, None, Word(N_("new"))))
    return changes
