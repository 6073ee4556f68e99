"""What changed between two versions of a plan: totals by source, year and line, coverage, findings."""

from __future__ import annotations

from dataclasses import dataclass

from .compiled import CompiledPlan


@dataclass(frozen=True)
class Change:
    aspect: str  # "source", "year", "intervention", "total", "coverage", "finding"
    key: str
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
    for f in compiled.facts:
        key = getattr(f, dimension)
        if dimension == "source":
            source = plan.source(key)
            key = source.label if source else key
        out[str(key)] = out.get(str(key), 0) + f.amount
    return out


def _coverage(compiled: CompiledPlan) -> dict[str, int]:
    return {f"{iv} {y}": n for iv, counts in compiled.communes_by_line().items() for y, n in counts.items()}


def diff_plans(old: CompiledPlan, new: CompiledPlan, all_rows: bool = False) -> list[Change]:
    changes: list[Change] = []
    a, b = old, new
    old_total, new_total = a.total, b.total
    if all_rows or old_total != new_total:
        changes.append(Change("total", "total", old_total, new_total))
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
        changes.append(Change("coverage", "commune-years", cy_old, cy_new))
    def finding_keys(result: CompiledPlan) -> dict[str, str]:
        return {f"{f.code} {f.path or ''}: {f.message}": f.code for f in result.findings}
    fo, fn = finding_keys(old), finding_keys(new)
    for k in fo:
        if k not in fn:
            changes.append(Change("finding", k, "resolved", None))
    for k in fn:
        if k not in fo:
            changes.append(Change("finding", k, None, "new"))
    return changes
