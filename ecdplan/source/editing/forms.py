"""The changes of the web view's two forms: one line of the plan (cost, communes per year, sources and shares,
lead) and the plan's heading (title, number, date, issuer, period), each field at its path in the data."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ecdplan.i18n.marks import N_
from ecdplan.source.editing.apply import Change, _loaded
from ecdplan.source.editing.refusal import EditRefused
from ecdplan.source.editing.values import _number

LINE_FIELDS = ("cost", "communes", "sources", "lead")
HEADING_FIELDS = ("title", "number", "date", "issuer", "period")
_PERIOD = re.compile(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*\Z")


def _unknown(field: str, known: tuple[str, ...]) -> EditRefused:
    return EditRefused("E005", N_("the form has no field {field}"), N_("the fields are: {known}"),
                       field=field, known=", ".join(known))


def line_changes(text: str, line_id: str, **fields: Any) -> list[Change]:
    """The changes that set the fields of the line whose `id:` is `line_id`: cost (a number; None: unbudgeted),
    communes ({year: count}), sources (a list of ids, or {id: share}; a share None: the id alone), lead."""
    data = _loaded(text.removeprefix("\ufeff"), "plan.yaml").data
    lines = data.get("interventions") if isinstance(data, dict) else None
    lines = lines if isinstance(lines, list) else []
    ids = [line.get("id") for line in lines if isinstance(line, dict)]
    index = next((i for i, line in enumerate(lines) if isinstance(line, dict) and line.get("id") == line_id), None)
    if index is None:
        raise EditRefused("E004", N_("the plan has no line with id {line_id}"), N_("the plan's lines are: {ids}"),
                          ("interventions",), line_id=str(line_id), ids=", ".join(map(str, ids)) or "—")
    line, at = lines[index], ("interventions", index)
    changes: list[Change] = []
    for field, value in fields.items():
        if field == "cost":
            changes.append(Change(at + (("cost",) if value is None else ("cost", "total")), value))
        elif field == "communes":
            changes += _communes(line, at, value)
        elif field == "sources":
            changes.append(Change(at + ("sources",), _sources(value, at)))
        elif field == "lead":
            changes.append(Change(at + ("lead",), value if value is None or str(value).strip() else None))
        else:
            raise _unknown(field, LINE_FIELDS)
    return changes


def _communes(line: dict, at: tuple, value: Any) -> list[Change]:
    """Communes per year: a rollout by year gets the mapping; a rollout in phases keeps its phases (and their
    `where:`) when each phase's years keep one count; phases with nothing but years and counts become the mapping."""
    if value is None or value == {}:
        return [Change(at + ("rollout",), None)]
    if not isinstance(value, dict):
        raise EditRefused("E007", N_("communes per year are a mapping of years to counts, not {value}"), "",
                          at + ("rollout",), value=repr(value))
    counts: dict[int, Any] = {}
    for year, count in value.items():
        number = _number(year) if not isinstance(year, int) else year
        if not isinstance(number, int) or isinstance(number, bool) or not 1900 <= number <= 2200:
            raise EditRefused("E007", N_("a year must be a whole number from 1900 to 2200, not {value}"), "",
                              at + ("rollout",), value=repr(year))
        counts[number] = count
    counts = dict(sorted(counts.items()))
    phases = line.get("rollout")
    if not isinstance(phases, list) or not phases:
        return [Change(at + ("rollout",), counts)]
    from ecdplan.formats.plan import year_bounds

    changes, covered = [], []
    for k, phase in enumerate(phases):
        try:
            first, last = year_bounds(str(phase.get("years")))
        except (AttributeError, TypeError, ValueError):
            break
        years = list(range(first, last + 1))
        covered += years
        given = {counts.get(y) for y in years}
        if len(given) != 1 or None in given:
            break
        changes.append(Change(at + ("rollout", k, "communes"), given.pop()))
    else:
        if sorted(covered) == list(counts):
            return changes
    if all(isinstance(p, dict) and set(p) <= {"years", "communes"} for p in phases):
        return [Change(at + ("rollout",), counts)]
    raise EditRefused("E009", N_("the line's rollout is written in phases (with where the communes are) whose "
                                 "years do not match these counts"),
                      N_("edit the phases (years, communes, where) in the file"), at + ("rollout",))


def _sources(value: Any, at: tuple) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        out: list[Any] = []
        for source, share in value.items():
            if share is None or share == "":
                out.append(source)
                continue
            number = _number(share)
            if isinstance(number, Decimal) and number == number.to_integral_value():
                number = int(number)
            out.append({"source": source, "share": number if number is not None else share})
        return out
    if isinstance(value, (list, tuple)):
        return list(value)
    raise EditRefused("E007", N_("sources are a list of ids, or a mapping of ids to shares, not {value}"), "",
                      at + ("sources",), value=repr(value))


def heading_changes(text: str, **fields: Any) -> list[Change]:
    """The changes that set the plan's heading: title, number, date (a date or YYYY-MM-DD), issuer, period
    ({start, end}, (start, end) or '2023-2026')."""
    changes = []
    for field, value in fields.items():
        if field not in HEADING_FIELDS:
            raise _unknown(field, HEADING_FIELDS)
        if field == "period":
            value = _period(value)
        elif field == "number" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif field in ("number", "date") and isinstance(value, str) and not value.strip():
            value = None
        changes.append(Change(("plan", field), value))
    return changes


def _period(value: Any) -> Any:
    if isinstance(value, str) and (m := _PERIOD.match(value)):
        return {"start": int(m.group(1)), "end": int(m.group(2))}
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return {"start": value[0], "end": value[1]}
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        return {"start": value["start"], "end": value["end"]}
    raise EditRefused("E007", N_("a period is a first and a last year (2023-2026), not {value}"), "",
                      ("plan", "period"), value=repr(value))
