"""`ecdplan places --migrate PLAN`: the plan with its named places moved to the units of after 1 July 2025.

The file is edited as text (comments and layout kept), at the positions the loader recorded:
- a named commune of before the reform becomes its successor, written `{name: NEW, formerly: "OLD, huyện X"}`
  (a commune divided among several units takes the package's default successor, and a note says so);
- the area's district (`plan.area.district`) is removed: districts ended on 1/7/2025;
- two named communes of one phase that become the same unit are *not* merged: both entries stay, a note
  says so, and `validate` reports the duplicate (I004) until a person decides.
Nothing is written unless asked (`--write`, atomically).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ecdplan.errors import EcdplanError
from ecdplan.i18n.messages import N_, Phrase


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _move_area(reg, plan, loaded, lines: list[str], edits: dict, notes: list[Phrase], province: str | None) -> None:
    """The area's own name: a commune that became part of one new unit is renamed; anything else is a note."""
    area = plan.info.area
    found = reg.find(area.name, province)
    old = [p for p in found if p.era == "before" and p.level != "province"]
    if not old or any(reg.carries_on(p) for p in old) or any(p.era == "after" for p in found):
        return
    successors = list(dict.fromkeys(s.full for p in old for s in reg.after(p)))
    if len(successors) != 1 or len(old) != 1 or old[0].level != "commune":
        notes.append(Phrase(N_("plan.area.name ({name}) left as it is: it is now {successors}; say which"),
                            name=area.name, successors=", ".join(successors)))
        return
    line, col = loaded.position(("plan", "area", "name"))
    text = lines[line - 1]
    m = re.match(r"""("[^"]*"|'[^']*'|[^,}\n#]+)""", text[col - 1:])
    if not m:
        return
    token = m.group(1).rstrip()
    edits.setdefault(line - 1, []).append((col - 1, col - 1 + len(token), successors[0]))
    notes.append(Phrase(N_("plan.area.name: {name} is now part of {successor}; the area is now all of it: check "
                        "the plan's counts and targets"), name=area.name, successor=successors[0]))


def migrate_plan(path: str | Path) -> tuple[str, list[Phrase], str | None]:
    """(unified diff, notes, the migrated text or None when nothing changes)."""
    from ecdplan.source.loader import load_file
    from ecdplan.reference.names import fold
    from ecdplan.rules.places import area_province, named_in_phases
    from ecdplan.reference.places import registry
    from ecdplan.rules.runner import check_loaded

    loaded = load_file(path)
    if loaded.table:  # a workbook or CSV table: its text is not YAML to edit
        raise EcdplanError(Phrase(N_("{path}: a workbook or table is not migrated in place; import it to YAML first "
                                     "(ecdplan import {path} -o plan.yaml), then migrate the plan"), path=path))
    result = check_loaded(loaded)
    if result.plan is None:
        raise EcdplanError(Phrase(N_("{path}: the plan cannot be read; fix it first (ecdplan validate)"), path=path),
                           [result])
    plan = result.plan
    with open(path, encoding="utf-8", newline="") as handle:  # line ends and a BOM are kept as they are
        original = handle.read()
    lines = original.splitlines(keepends=True)
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
        bom = "\ufeff"
    else:
        bom = ""
    reg = registry()
    province = area_province(reg, plan)
    notes: list[Phrase] = []
    edits: dict[int, list[tuple[int, int, str]]] = {}  # line index -> (start, end, replacement)
    by_phase: dict[tuple, dict[str, list[str]]] = {}
    for item_path, name, district, _years in named_in_phases(plan):
        found = reg.find(name, province, district, {"commune"})
        old = [p for p in found if p.era == "before"]
        if not old or any(reg.carries_on(p) for p in old) or (any(p.era == "after" for p in found) and not district):
            continue  # already a unit of the new map, or one whose name carries on
        successors = list(dict.fromkeys(s.name for p in old for s in reg.after(p)))
        if not successors:
            continue
        new = successors[0]
        if len(successors) > 1:
            notes.append(Phrase(N_("{name} was divided among {successors}: {new} (the default) is used; check it"),
                                name=name, successors=", ".join(successors), new=new))
        by_phase.setdefault(item_path[:4], {}).setdefault(new, []).append(name)
        line, col = loaded.position(item_path)
        text = lines[line - 1]
        start = col - 1
        formerly = f"{old[0].name}, {old[0].district}" if old[0].district else old[0].name
        replacement = f"{{name: {new}, formerly: {_quote(formerly)}}}"
        if text[start:start + 1] == "{":
            end = text.find("}", start)
            if end < 0:
                notes.append(Phrase(N_("line {line}: {name} is written over several lines; move it by hand to {new}"),
                                    line=line, name=name, new=new))
                continue
            edits.setdefault(line - 1, []).append((start, end + 1, replacement))
        else:
            m = re.match(r"""("[^"]*"|'[^']*'|[^,\]\n#]+)""", text[start:])
            if not m or fold(m.group(1).strip("'\" ")) != fold(name):
                notes.append(Phrase(N_("line {line}: {name} is written in a way this tool cannot edit; move it by hand "
                                       "to {new}"), line=line, name=name, new=new))
                continue
            token = m.group(1).rstrip()
            edits.setdefault(line - 1, []).append((start, start + len(token), replacement))
    for phase_path, targets in by_phase.items():
        iv = plan.interventions[phase_path[1]]
        phase = iv.rollout[phase_path[3]]
        if phase.first <= 2025:
            notes.append(Phrase(N_("{line}, phase {phase} also runs before 1/7/2025: its names are moved for all its "
                                    "years; split the phase if the old units should stay for the years before"),
                                 line=iv.name, phase=phase.years))
        for new, olds in targets.items():
            if len(olds) > 1:
                notes.append(Phrase(N_("{line}, phase {phase}: {olds} all became {new}; both entries are kept (not "
                                        "merged): decide, and correct the count (validate: I004)"),
                                     line=iv.name, phase=phase.years, olds=", ".join(olds), new=new))
    area = plan.info.area
    if area.district:
        line = loaded.position(("plan", "area", "district"))[0]
        if re.match(r"^\s*district\s*:", lines[line - 1]):
            edits.setdefault(line - 1, []).append((0, len(lines[line - 1]), ""))
            notes.append(Phrase(N_("plan.area.district ({district}) removed: districts ended on 1/7/2025"),
                                district=area.district))
    _move_area(reg, plan, loaded, lines, edits, notes, province)
    if area.named_districts:
        notes.append(Phrase(N_("plan.area.named_districts ({n}) left as they are: districts ended on 1/7/2025; name "
                                "the communes that replaced them (`ecdplan places NAME`)"), n=len(area.named_districts)))
    for index, changes in edits.items():
        text = lines[index]
        for start, end, replacement in sorted(changes, reverse=True):
            text = text[:start] + replacement + text[end:]
        lines[index] = text
    migrated = bom + "".join(lines)
    if migrated == original:
        return "", notes + ["nothing to move: the plan names no unit of before 1/7/2025 that ecdplan can move"], None
    diff = "".join(difflib.unified_diff(original.splitlines(keepends=True), migrated.splitlines(keepends=True),
                                        fromfile=str(path), tofile=f"{path} (migrated)"))
    return diff, notes, migrated
