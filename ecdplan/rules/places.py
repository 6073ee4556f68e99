"""A: the places a plan names, checked against the units that exist in the years it names them: the rules'
catalogue entries and their check.

A plan *names places* when it gives `plan.area.province`, `plan.area.district`, `plan.area.named_districts` or
commune names in a rollout phase (`named`). Only then is the registry read (it is not needed otherwise), and
then the area's own name is checked too. The year rule is in `places.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from ecdplan.i18n.messages import N_, Phrase, Word

from ecdplan.rules.findings import E, W, Finding, Rule, subject_of
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.formats.plan import Plan
    from ecdplan.reference.places import Place, Registry
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="A001", name="place-not-in-year", severity=E,
         summary=N_("A plan drawn up on the new map (issued, or starting, after 1 July 2025) names a place (its "
                    "area, a district or commune) in a year in which it does not exist: it was abolished or merged "
                    "on 1 July 2025, or did not exist yet; the finding names its successors."),
         fix=N_("Name the unit that exists in that year (`ecdplan places NAME`, or `ecdplan places --migrate PLAN`).")),
    Rule(code="A002", name="place-changed-during-plan", severity=W,
         summary=N_("A plan drawn up before 1 July 2025 names a place that ended (or began) on that date, in a year "
                    "the plan runs: for part of 2025, or after it; the finding names its successors. The plan is out "
                    "of date there, not wrong for its day."),
         fix=N_("When the plan is revised or extended, name the units of the new map (`ecdplan places --migrate`)."),
         subject=("kind", "years")),
    Rule(code="A003", name="place-not-identified", severity=W,
         summary=N_("A place name is not in the registry of administrative units, is ambiguous (the finding lists "
                    "the candidates with their province), or holds control characters."),
         fix=N_("Correct the spelling, or give `plan.area.province` / the commune's `district` to narrow it."),
         subject=("name",)),
    Rule(code="A004", name="communes-exceed-units", severity=W,
         summary=N_("A commune count in a year after the reform is larger than the real number of communes and wards "
                    "of the plan's province (e.g. Gia Lai has 135 since 1/7/2025)."),
         fix=N_("Count the communes of the new map, or say which units are meant.")),
    Rule(code="A005", name="place-renamed", severity=W,
         summary=N_("A place name that was right in its day but was renamed or reorganised before the maps of 2025 "
                    "(e.g. huyện Tĩnh Gia, thị xã Nghi Sơn since 1/6/2020) is named in a year after the change; the "
                    "finding says what it became, when and on what basis. Its successor is then checked too."),
         fix=N_("Name the unit it became for the years after the change."), subject=("name",)),
]


def names_places(plan: Plan) -> bool:
    area = plan.info.area
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


def area_province(reg: Registry, plan: Plan) -> str | None:
    """The province of the plan's area, as named (before or after the reform), if it can be told."""
    from ecdplan.reference.names import has_control

    area = plan.info.area
    if area.province and not has_control(area.province):
        return area.province
    found = reg.find(area.name, levels={"province"})
    return found[0].name if found else None


def drawn_up_before(plan: Plan) -> bool:
    """Whether the plan was drawn up on the old map: issued before 1/7/2025, or (with no date) starting before."""
    from ecdplan.reference.places import CHANGED

    if plan.info.date is not None:
        return plan.info.date < CHANGED
    return plan.info.period.start <= CHANGED.year


def not_a_unit(path: tuple, name: str, province: str | None, close: list[Place]) -> Finding:
    """A003 for a name the registry holds nowhere (in `province`, if given); `close`: names to suggest."""
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
    return Finding.at("A003", path, template, {"name": name, "province": province, "candidates": _labels(close)},
                      name=name, candidates=[p.label for p in close])


def missing_years(reg: Registry, found: list, years: Iterable[int]) -> list[int]:
    """The years in which none of the units `found` (one name's) exists, wholly or carried on by a successor."""
    missing = []
    for year in years:
        states = {p.exists(year) for p in found}
        if "all" in states or ("part" in states and any(p.era == "before" and reg.carries_on(p) for p in found)):
            continue
        missing.append(year)
    return missing


def check_place(reg: Registry, ctx: Context, plan: Plan, path: tuple, name: str, years: Iterable[int],
                province: str | None, district: str | None = None, levels: set[str] | None = None,
                nowhere: dict | None = None, known: tuple[list[int], set] | None = None) -> Iterator[Finding]:
    """A001/A002/A003 for one named place. A name the registry holds nowhere is added to `nowhere` (when
    given), as a rollout names it: the name, or (name, district); one that is a unit in every year of `known`'s
    years (the plan's period) to `known`'s set: it has nothing to say of it in any of them."""
    from ecdplan.reference.names import has_control

    if has_control(name):
        yield Finding.at("A003", path, N_("the place name {name} holds control or invisible characters"),
                         {"name": repr(name[:80])}, name=name)
        return
    if len(name) > 80:
        yield Finding.at("A003", path, N_("'{name}…' is too long ({n} characters) to be a unit's name"),
                         {"name": name[:80], "n": len(name)}, name=name)
        return
    found = reg.find(name, province, district, levels)
    if not found and district is not None:
        found = reg.find(name, province, None, levels)
    if not found:
        from ecdplan.reference.history import renamed

        change = renamed(name, province)
        if change is not None:
            yield from _renamed(reg, ctx, plan, path, name, list(years), province, change)
            return
        if nowhere is not None:
            nowhere[name if district is None else (name, district)] = None
        yield not_a_unit(path, name, province, reg.suggest(name, province) if reg.suggestions_left(ctx) else [])
        return
    if len({p.province for p in found}) > 1:
        yield Finding.at("A003", path, N_("'{name}' is ambiguous: {candidates}; give the province (plan.area.province) "
                                          "or the district"), {"name": name, "candidates": _labels(found)},
                         name=name, candidates=sorted({p.label for p in found}))
        return
    if known is not None and not missing_years(reg, found, known[0]):
        known[1].add(name if district is None else (name, district))
    missing = missing_years(reg, found, years)
    if not missing:
        return
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
        yield Finding.at(code, path, template, {"place": shown, "years": years_text(N_("{year} (from 1/7)")),
                                                "successors": _labels(successors)},
                         name=name, kind=old[0].level, years=missing,
                         successors=list(dict.fromkeys(s.label for s in successors)))
    else:
        predecessors = [s for p in found if p.era == "after" for s in reg.before(p)]
        template = N_("{place} does not exist in {years}: it was formed on 1/7/2025 from {predecessors}") \
            if predecessors else N_("{place} does not exist in {years}: it was formed on 1/7/2025")
        yield Finding.at(code, path, template, {"place": shown, "years": years_text(N_("{year} (until 30/6)")),
                                                "predecessors": _labels(predecessors)},
                         name=name, kind=found[0].level, years=missing,
                         predecessors=list(dict.fromkeys(s.label for s in predecessors)))


def _renamed(reg: Registry, ctx: Context, plan: Plan, path: tuple, name: str, years: list[int],
             province: str | None, change) -> Iterator[Finding]:
    """A005 for a name that changed before the registry's maps, in the years from its change; then the name it
    became, checked for those years (it may itself have ended on 1/7/2025)."""
    after = [y for y in years if y >= change.since.year]
    if not after:
        return  # right for all the years it is named in
    yield Finding.at("A005", path, N_("{old} became {new} on {since} ({basis}); the plan names it in {years}: "
                                      "name {new} for those years"),
                     {"old": change.old, "new": change.new, "since": f"{change.since:%d/%m/%Y}",
                      "basis": Word(change.basis), "years": Phrase.join([str(y) for y in after])},
                     name=name, became=change.new, since=change.since.isoformat(), years=after)
    levels = {"district"} if change.level == "district" else {"commune"}
    yield from check_place(reg, ctx, plan, path, change.new, after, province, levels=levels)


# the registry is read only when the plan names a place
@check("A001", "A002", "A003", "A004", "A005", skip_when=lambda compiled, ctx: not names_places(compiled.plan))
def check_places(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    """The places the plan names, in the years it names them."""
    from ecdplan.reference.names import has_control
    from ecdplan.reference.places import registry

    plan = compiled.plan
    reg = registry()
    area = plan.info.area
    period = list(plan.info.period.years)
    province = area.province if area.province and not has_control(area.province) else None
    if area.province:
        yield from check_place(reg, ctx, plan, ("plan", "area", "province"), area.province, period, None,
                               levels={"province"})
    if plan.info.level != "national":  # a national plan's area is the country ('toàn quốc'), no unit
        yield from check_place(reg, ctx, plan, ("plan", "area", "name"), area.name, period, province)
    province = area_province(reg, plan)
    if area.district:
        yield from check_place(reg, ctx, plan, ("plan", "area", "district"), area.district, period, province,
                               levels={"district"})
    for n, d in enumerate(area.named_districts):
        yield from check_place(reg, ctx, plan, ("plan", "area", "named_districts", n), d, period, province,
                               levels={"district"})
    # a national plan names the same communes for the same years tens of thousands of times: a name that was
    # checked without a finding for those years is checked once (what it would add again is nothing)
    in_period = set(period)
    quiet_in: dict[tuple, set] = {}  # years -> names (or (name, district)) checked for them without a finding
    # a name the registry holds nowhere is so in every year: it is looked up once, and at each later place its
    # A003 is made again (suggestions while the file has some left: once spent, they stay spent)
    nowhere: dict[object, Finding | None] = {}  # name -> its A003 without suggestions, once made
    suggesting = True
    communes = {"commune"}
    # a unit that exists in every year of the period is silent wherever it is named: checked once, not per phase
    known_everywhere: set = set()
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
                if key in quiet or key in known_everywhere:
                    continue
                if key in nowhere:  # looked up once: its A003 again, with suggestions while the file has some
                    said = nowhere[key]
                    if said is not None and ctx.counted_only("A003", said.subject):
                        continue  # a place no output lists: counted, not made
                    path = ("interventions", i, "rollout", k, "named", n)
                    if suggesting:
                        suggesting = reg.suggestions_left(ctx)
                    if suggesting:
                        yield not_a_unit(path, name, province, reg.suggest(name, province))
                        continue
                    if said is None:  # the finding without suggestions, made once per name: the same at each place
                        said = nowhere[key] = not_a_unit(path, name, province, [])
                        said.subject = subject_of(said)
                    yield Finding(code="A003", message=said.message, path_key=path, figures=said.figures,
                                  template=said.template, params=said.params, subject=said.subject)
                    continue
                path = ("interventions", i, "rollout", k, "named", n)
                said = list(check_place(reg, ctx, plan, path, name, years, province, district, levels=communes,
                                        nowhere=nowhere, known=(period, known_everywhere)))
                yield from said
                if not said:
                    quiet.add(key)
    yield from check_unit_counts(reg, plan, province)


def check_unit_counts(reg: Registry, plan: Plan, province: str | None) -> Iterator[Finding]:
    """A004: a commune count, in a year after the reform, above the communes of the area's province."""
    if province is None or plan.info.level != "province":
        return
    found = reg.find(province, levels={"province"})
    after = [p for p in found if p.era == "after"] or [s for p in found for s in reg.after(p)]
    if len(after) != 1:
        return
    units = reg.units_in(after[0].name)
    # a plan of a province that has since been merged with another (Gia Lai took in Bình Định) counts its own
    # communes: they are compared with the new units made from them, not with the other province's too
    old = [p for p in found if p.era == "before"]
    own = reg.units_from(old[0]) if plan_is_old_province(reg, plan, old) else None
    for i, iv in enumerate(plan.interventions):
        for year, n in iv.communes_by_year().items():
            if year > 2025 and n > (units if own is None else own):
                if isinstance(iv.rollout, dict):
                    path = ("interventions", i, "rollout", year)
                else:
                    k = next(k for k, ph in enumerate(iv.rollout) if ph.first <= year <= ph.last)
                    path = ("interventions", i, "rollout", k, "communes")
                if own is None:
                    yield Finding.at("A004", path, N_("{line}: {communes} communes in {year}, but {province} has "
                                                      "{units} communes, wards and special zones since 1/7/2025"),
                                     {"line": iv.name, "communes": n, "year": year, "province": after[0].full,
                                      "units": units},
                                     communes=n, units=units, year=year)
                    continue
                yield Finding.at("A004", path, N_("{line}: {communes} communes in {year}, but the communes of the "
                                                  "former {old} became {own} communes and wards on 1/7/2025 (the "
                                                  "merged {province} has {units} with those of the province(s) it "
                                                  "took in)"),
                                 {"line": iv.name, "communes": n, "year": year, "old": old[0].full, "own": own,
                                  "province": after[0].full, "units": units},
                                 communes=n, units=own, province_units=units, year=year)


def plan_is_old_province(reg: Registry, plan: Plan, old: list[Place]) -> bool:
    """Whether the plan's area is a province of before the reform that was merged with another (its own units
    then differ from the merged province's)."""
    return drawn_up_before(plan) and len(old) == 1 and reg.merged_with_others(old[0])
