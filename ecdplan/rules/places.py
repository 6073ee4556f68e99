"""The A rules: the places a plan names, checked against the units that exist in the years it names them.

A plan *names places* when it gives `plan.area.province`, `plan.area.district`, `plan.area.named_districts` or
commune names in a rollout phase (`named`). Only then is the registry read (it is not needed otherwise), and
then the area's own name is checked too. The year rule is in `places.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ecdplan.rules.findings import N_, Phrase
from ecdplan.formats.plan import Plan
from ecdplan.reference.names import has_control

if TYPE_CHECKING:
    from ecdplan.reference.places import Place, Registry
    from ecdplan.rules.runner import Context


def names_places(plan: Plan) -> bool:
    area = plan.plan.area
    return bool(area.province or area.district or area.named_districts
                or any(isinstance(iv.rollout, list) and any(ph.named for ph in iv.rollout)
                       for iv in plan.interventions))


def named_in_phases(plan: Plan) -> Iterable[tuple[tuple, str, str | None, range]]:
    """(path, name, district, years) of every named commune of the rollout phases."""
    for i, iv in enumerate(plan.interventions):
        if not isinstance(iv.rollout, list):
            continue
        for k, phase in enumerate(iv.rollout):
            for n, item in enumerate(phase.named or []):
                name, district = (item, None) if isinstance(item, str) else (item.name, item.district)
                yield ("interventions", i, "rollout", k, "named", n), name, district, \
                    range(phase.first, phase.last + 1)


def _labels(places: Iterable[Place], most: int = 6) -> Phrase:
    """The units' labels (at most `most`, then 'and N more'), in the reader's language."""
    labels = list({p.label: p.phrase for p in places}.values())
    shown = Phrase.join(labels[:most])
    if len(labels) <= most:
        return shown
    return Phrase(N_("{units} and {n} more"), {"units": shown, "n": len(labels) - most})


def _add(ctx: Context, code: str, path: tuple, template: str, params: dict[str, object], **figures: object) -> None:
    """A finding whose message is `template` (English, marked N_) filled with `params`."""
    ctx.add(code, path, template.format(**params), template=template, params=params, **figures)


def area_province(reg: Registry, plan: Plan) -> str | None:
    """The province of the plan's area, as named (before or after the reform), if it can be told."""
    area = plan.plan.area
    if area.province and not has_control(area.province):
        return area.province
    found = reg.find(area.name, levels={"province"})
    return found[0].name if found else None


def drawn_up_before(plan: Plan) -> bool:
    """Whether the plan was drawn up on the old map: issued before 1/7/2025, or (with no date) starting before."""
    from ecdplan.reference.places import CHANGED

    if plan.plan.date is not None:
        return plan.plan.date < CHANGED
    return plan.plan.period.start <= CHANGED.year


def not_a_unit(ctx: Context, path: tuple, name: str, province: str | None, close: list[Place]) -> None:
    """A003 for a name the registry holds nowhere (in `province`, if given); `close`: names to suggest."""
    message, template, params = not_a_unit_message(name, province, close)
    ctx.add("A003", path, message, template=template, params=params, name=name, candidates=[p.label for p in close])


def not_a_unit_message(name: str, province: str | None, close: list[Place]) -> tuple[str, str, dict]:
    """The message of `not_a_unit`: (text, template, params)."""
    if province:
        template = N_("'{name}' is not a unit in {province} in the registry of administrative units (the map "
                      "of 30/6/2025 and that of 1/7/2025); did you mean {candidates}?") if close else \
            N_("'{name}' is not a unit in {province} in the registry of administrative units (the map of "
               "30/6/2025 and that of 1/7/2025)")
    else:
        template = N_("'{name}' is not a unit in the registry of administrative units (the map of 30/6/2025 "
                      "and that of 1/7/2025); did you mean {candidates}?") if close else \
            N_("'{name}' is not a unit in the registry of administrative units (the map of 30/6/2025 and that "
               "of 1/7/2025)")
    params = {"name": name, "province": province, "candidates": _labels(close)}
    return template.format(**params), template, params


def check_place(reg: Registry, ctx: Context, plan: Plan, path: tuple, name: str, years: Iterable[int],
                province: str | None, district: str | None = None, levels: set[str] | None = None,
                nowhere: dict | None = None) -> list[Place]:
    """A001/A002/A003 for one named place; the candidates it was resolved to. A name the registry holds
    nowhere is added to `nowhere` (when given), as a rollout names it: the name, or (name, district)."""
    if has_control(name):
        _add(ctx, "A003", path, N_("the place name {name} holds control or invisible characters"),
             {"name": repr(name[:80])}, name=name)
        return []
    if len(name) > 80:
        _add(ctx, "A003", path, N_("'{name}…' is too long ({n} characters) to be a unit's name"),
             {"name": name[:80], "n": len(name)}, name=name)
        return []
    found = reg.find(name, province, district, levels)
    if not found and district is not None:
        found = reg.find(name, province, None, levels)
    if not found:
        if nowhere is not None:
            nowhere[name if district is None else (name, district)] = None
        not_a_unit(ctx, path, name, province, reg.suggest(name, province) if reg.suggestions_left(ctx) else [])
        return []
    if len({p.province for p in found}) > 1:
        _add(ctx, "A003", path, N_("'{name}' is ambiguous: {candidates}; give the province (plan.area.province) "
                                   "or the district"), {"name": name, "candidates": _labels(found)},
             name=name, candidates=sorted({p.label for p in found}))
        return []
    missing = []
    for year in years:
        states = {p.exists(year) for p in found}
        if "all" in states or ("part" in states and any(p.era == "before" and reg.carries_on(p) for p in found)):
            continue
        missing.append(year)
    if not missing:
        return found
    shown = found[0].full if len({p.full for p in found}) == 1 else name
    old = [p for p in found if p.era == "before"]
    from ecdplan.reference.places import CHANGED

    def years_text(half: str) -> Phrase:
        return Phrase.join(Phrase(half, {"year": y}) if y == CHANGED.year else str(y) for y in missing)

    code = "A002" if drawn_up_before(plan) else "A001"
    if old and all(y >= CHANGED.year for y in missing):
        successors = [s for p in old for s in reg.after(p)]
        template = N_("{place} does not exist in {years}: abolished on 1/7/2025; now {successors}") \
            if old[0].level == "district" else \
            N_("{place} does not exist in {years}: merged into the new units on 1/7/2025; now {successors}")
        _add(ctx, code, path, template, {"place": shown, "years": years_text(N_("{year} (from 1/7)")),
                                         "successors": _labels(successors)},
             name=name, years=missing, successors=list(dict.fromkeys(s.label for s in successors)))
    else:
        predecessors = [s for p in found if p.era == "after" for s in reg.before(p)]
        template = N_("{place} does not exist in {years}: it was formed on 1/7/2025 from {predecessors}") \
            if predecessors else N_("{place} does not exist in {years}: it was formed on 1/7/2025")
        _add(ctx, code, path, template, {"place": shown, "years": years_text(N_("{year} (until 30/6)")),
                                         "predecessors": _labels(predecessors)},
             name=name, years=missing, predecessors=list(dict.fromkeys(s.label for s in predecessors)))
    return found


def check_places(plan: Plan, ctx: Context) -> None:
    from ecdplan.reference.places import registry

    reg = registry()
    area = plan.plan.area
    period = list(plan.plan.period.years)
    province = area.province if area.province and not has_control(area.province) else None
    if area.province:
        check_place(reg, ctx, plan, ("plan", "area", "province"), area.province, period, None, levels={"province"})
    if plan.plan.level != "national":  # a national plan's area is the country ('toàn quốc'), no unit
        check_place(reg, ctx, plan, ("plan", "area", "name"), area.name, period, province)
    province = area_province(reg, plan)
    if area.district:
        check_place(reg, ctx, plan, ("plan", "area", "district"), area.district, period, province, levels={"district"})
    for n, d in enumerate(area.named_districts):
        check_place(reg, ctx, plan, ("plan", "area", "named_districts", n), d, period, province, levels={"district"})
    # a national plan names the same communes for the same years tens of thousands of times: a name that was
    # checked without a finding for those years is checked once (what it would add again is nothing)
    in_period = set(period)
    quiet_in: dict[tuple, set] = {}  # years -> names (or (name, district)) checked for them without a finding
    # a name the registry holds nowhere is so in every year: it is looked up once, and at each later place its
    # A003 is made again (suggestions, while the file has some left, as check_place gives them)
    nowhere: dict[object, tuple[str, str, dict] | None] = {}  # name -> its A003 message without suggestions, once made
    suggesting = True  # until the registry says the file's suggestions are spent (they stay spent)
    communes = {"commune"}
    for i, iv in enumerate(plan.interventions):
        if not isinstance(iv.rollout, list):
            continue
        for k, phase in enumerate(iv.rollout):
            if not phase.named:
                continue
            years = [y for y in range(phase.first, phase.last + 1) if y in in_period]
            quiet = quiet_in.setdefault(tuple(years), set())
            for n, item in enumerate(phase.named):
                if isinstance(item, str):
                    key = name = item
                    district = None
                else:
                    name, district = item.name, item.district
                    key = (name, district)
                if key in quiet:
                    continue
                path = ("interventions", i, "rollout", k, "named", n)
                if key in nowhere:
                    if suggesting:
                        suggesting = reg.suggestions_left(ctx)
                        if suggesting:
                            not_a_unit(ctx, path, name, province, reg.suggest(name, province))
                            continue
                    said = nowhere[key]
                    if said is None:
                        said = nowhere[key] = not_a_unit_message(name, province, [])
                    ctx.add("A003", path, said[0], template=said[1], params=said[2], name=name, candidates=[])
                    continue
                said = sum(ctx.kept.values())
                check_place(reg, ctx, plan, path, name, years, province, district, levels=communes, nowhere=nowhere)
                if sum(ctx.kept.values()) == said:
                    quiet.add(key)
    check_unit_counts(reg, plan, ctx, province)


def check_unit_counts(reg: Registry, plan: Plan, ctx: Context, province: str | None) -> None:
    """A004: a commune count, in a year after the reform, above the communes of the area's province."""
    if province is None or plan.plan.level != "province":
        return
    found = reg.find(province, levels={"province"})
    after = [p for p in found if p.era == "after"] or [s for p in found for s in reg.after(p)]
    if len(after) != 1:
        return
    units = reg.units_in(after[0].name)
    for i, iv in enumerate(plan.interventions):
        for year, n in iv.communes_by_year().items():
            if year > 2025 and n > units:
                if isinstance(iv.rollout, dict):
                    path = ("interventions", i, "rollout", year)
                else:
                    k = next(k for k, ph in enumerate(iv.rollout) if ph.first <= year <= ph.last)
                    path = ("interventions", i, "rollout", k, "communes")
                _add(ctx, "A004", path, N_("{line}: {communes} communes in {year}, but {province} has {units} "
                                           "communes, wards and special zones since 1/7/2025"),
                     {"line": iv.name, "communes": n, "year": year, "province": after[0].full, "units": units},
                     communes=n, units=units, year=year)
