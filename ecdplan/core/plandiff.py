"""What changed between two versions of a plan: totals by source, year and line, coverage, the indicators'
milestones, the reporting deadlines, who leads and cooperates on each line, the plan's own number, date and title
and the documents it cites, and the findings. A plan without money (three of the five seeds) still shows what
changed in it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ecdplan.core.compiled import CompiledPlan
from ecdplan.i18n.messages import N_, Phrase, Word


@dataclass(frozen=True)
class Change:
    # "source", "year", "intervention", "total" (money), "coverage", "target", "deadline", "responsibility",
    # "plan" (its own number, date, title...), "document" (cited or related), "finding"
    aspect: str
    key: str  # for people: a line by its name, a source by its label (a Word/Phrase is shown in their language)
    old: object
    new: object

    @property
    def delta(self) -> object:
        if isinstance(self.old, int) and isinstance(self.new, int):
            return self.new - self.old
        if isinstance(self.old, (int, Decimal)) and isinstance(self.new, (int, Decimal)):
            return Decimal(self.new) - Decimal(self.old)  # a milestone
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

    changes += plan_text_changes(a.plan, b.plan, all_rows)

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


Value = object  # what a field holds: a number, a date, a text, a Word; None when absent


def _list(items) -> str | None:
    return "; ".join(str(x) for x in items) if items else None


def _compare(aspect: str, old: dict, new: dict, all_rows: bool) -> list[Change]:
    """Changes between two {identity: (label, {field: value})} maps: each field that differs (or every field, with
    `all_rows`), keyed "label: field" (a field of None: the label alone)."""
    out = []
    for ident in dict.fromkeys([*old, *new]):
        label, fields_old = old.get(ident, (None, {}))
        label_new, fields_new = new.get(ident, (label, {}))
        label = label if label is not None else label_new
        for field in dict.fromkeys([*fields_old, *fields_new]):
            x, y = fields_old.get(field), fields_new.get(field)
            if (x is None and y is None) or (x == y and not all_rows):
                continue
            key = label if field is None else Phrase(N_("{item}: {field}"), item=label, field=field)
            out.append(Change(aspect, key, x, y))
    return out


def _milestones(plan) -> dict:
    return {(ind.id, year): (f"{ind.name} {year}", {None: value}) for ind in plan.indicators
            for year, value in sorted(ind.milestones.items())}


_DUE, _YEARLY, _EVERY = Word(N_("due date")), Word(N_("every year on")), Word(N_("reported every"))
_BY, _TO = Word(N_("reported by")), Word(N_("reported to"))


def _deadlines(plan) -> dict:
    from ecdplan.i18n.labels import RECURS

    out: dict = {}
    for d in plan.reporting:
        ident = (d.report, sum(1 for k in out if k[0] == d.report))  # a report named twice: by its order
        yearly = "/".join(reversed(d.yearly.split("-"))) if d.yearly else None  # '12-04' as 04/12
        out[ident] = (d.report, {_DUE: d.due, _YEARLY: yearly, _EVERY: Word(RECURS[d.every]) if d.every else None,
                                 _BY: d.by, _TO: d.to})
    return out


_LEAD, _COOPERATING = Word(N_("lead body")), Word(N_("cooperating bodies"))
_LINES, _TASKS = Word(N_("lines")), Word(N_("tasks"))
_ROLES = {"lead": N_("leads"), "cooperate": N_("cooperates"), "fund": N_("arranges funding"),
          "monitor": N_("monitors and reports"), "implement": N_("implements its share")}


def _responsibilities(plan) -> dict:
    names = {iv.id: iv.name for iv in plan.interventions}
    out: dict = {("line", iv.id): (iv.name, {_LEAD: iv.lead, _COOPERATING: _list(iv.cooperating)})
                 for iv in plan.interventions}
    for r in plan.responsibilities:
        ident = ("body", r.body, r.role)
        label = Phrase(N_("{body} ({role})"), body=r.body, role=Word(_ROLES.get(r.role, r.role)))
        out[ident] = (label, {_LINES: _list(names.get(x, x) for x in r.lines), _TASKS: _list(r.tasks)})
    return out


_NUMBER, _DATE, _ISSUER, _TITLE = Word(N_("number")), Word(N_("date issued")), Word(N_("issuer")), Word(N_("title"))
_PERIOD, _AREA = Word(N_("period")), Word(N_("area"))


def _plan_facts(plan) -> dict:
    info = plan.info
    start, end = info.period.start, info.period.end
    period = f"{start}-{end}" if end != start else str(start)
    return {"plan": (Word(N_("the plan")), {_NUMBER: info.number, _DATE: info.date, _ISSUER: info.issuer,
                                            _TITLE: info.title, _PERIOD: period, _AREA: info.area.name})}


def _cited(plan) -> list:
    """(kind, document) of each document the plan cites: its basis, its parent plan, its related documents."""
    cited = [("basis", d) for d in plan.info.basis]
    if plan.info.parent is not None:
        cited.append(("parent", plan.info.parent))
    return cited + [("related", d) for d in plan.documents]


_KINDS = {"basis": N_("basis"), "parent": N_("parent plan"), "related": N_("related document")}


def _documents(old, new) -> tuple[dict, dict]:
    """The documents of both versions, each found in the other by its number (else title), those left over
    paired in order: a document whose number was corrected is one document with a changed number."""
    def name(d) -> str:
        return d.number or d.title or ""

    a, b = _cited(old), _cited(new)
    pairs: dict = {}  # index in b -> index in a
    taken: set[int] = set()
    for j, (kind, d) in enumerate(b):
        i = next((i for i, (k, x) in enumerate(a) if k == kind and i not in taken and name(x) == name(d)), None)
        if i is not None:
            pairs[j] = i
            taken.add(i)
    left = [i for i in range(len(a)) if i not in taken]
    for j, (kind, d) in enumerate(b):
        if j not in pairs:
            i = next((i for i in left if a[i][0] == kind), None)
            if i is not None:
                pairs[j] = i
                left.remove(i)

    def entry(kind, d):
        label = Phrase(N_("{kind} {name}"), kind=Word(_KINDS[kind]), name=name(d)) if name(d) else Word(_KINDS[kind])
        return label, {_NUMBER: d.number, _DATE: d.date, _ISSUER: d.issuer, _TITLE: d.title}

    old_map = {i: entry(*x) for i, x in enumerate(a)}
    new_map = {}
    for j, x in enumerate(b):
        if j in pairs:  # shown under its old label ("basis 1437/QĐ-TTg: number 1437/QĐ-TTg → 1438/QĐ-TTg")
            new_map[pairs[j]] = (old_map[pairs[j]][0], entry(*x)[1])
        else:
            new_map[("new", j)] = entry(*x)
    return old_map, new_map


def plan_text_changes(old, new, all_rows: bool = False) -> list[Change]:
    """What changed beyond money and coverage: milestones, deadlines, responsibilities, the plan's own facts and
    the documents it cites."""
    changes = _compare("target", _milestones(old), _milestones(new), all_rows)
    changes += _compare("deadline", _deadlines(old), _deadlines(new), all_rows)
    changes += _compare("responsibility", _responsibilities(old), _responsibilities(new), all_rows)
    changes += _compare("plan", _plan_facts(old), _plan_facts(new), all_rows)
    changes += _compare("document", *_documents(old, new), all_rows)
    return changes
