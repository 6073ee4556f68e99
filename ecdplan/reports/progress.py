"""Progress against the plan: execution (planned, disbursed, remaining, % used), rollout (communes planned and
reached), targets (measured against the path), and the report due at a deadline, as a document for the writers.

Everything is a group-by over records made from the compiled plans and the progress files (`progress.attach`);
amounts go through `display.py`. Remaining is planned minus disbursed *as shown*, so every row and the total
read right; % used is disbursed ÷ planned in exact đồng, to one decimal (half up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ecdplan.core.compiled import CompiledPlan, named_by_year
from ecdplan.core.display import MOVED_NOTE, auto_decimals, shown_column, shown_value
from ecdplan.i18n.labels import N_, SPLIT_RULE_NAMES, t, word
from ecdplan.core.money import round_half_up
from ecdplan.core.progress import (Attached, ProgressSet, allocation, assumed_allocation, commune_key,
                                   component_owner, disbursed_dong, eligible_sources, period_text)
from ecdplan.i18n.numbers import format_number
from ecdplan.reports.table import Column, Table
from ecdplan.reports.common import ReportOptions, label

DEFAULT_BY = ("intervention", "source", "year")
HEADERS = {"intervention": "Line", "group": "Group", "agency": "Agency", "source": "Source", "year": "Year"}


@dataclass(frozen=True)
class ProgressOptions(ReportOptions):
    by: tuple[str, ...] = field(default=DEFAULT_BY)
    names: bool = False  # lines by their names (the report forms), not their ids


@dataclass
class Record:
    """Money of one line and source in one year of one plan (the report's plan, or a child plan's block)."""

    block: str | None
    compiled: CompiledPlan
    intervention: str
    group: str | None
    agency: str
    source: str
    year: int
    planned: int | None  # None: the line is unbudgeted (not zero)
    disbursed: int = 0
    assumed: bool = False  # the planned amount is ecdplan's equal split over the line's sources, not the plan's


def _key(rec: Record, dim: str):
    return {"intervention": (rec.block, rec.intervention), "group": (rec.block, rec.group),
            "agency": rec.agency, "source": (rec.block, rec.source), "year": rec.year}[dim]


def records(ps: ProgressSet) -> list[Record]:
    """Planned (the period's allocation) and disbursed, per plan block, line, source and year."""
    out: dict[tuple, Record] = {}
    for item in ps.items:
        plan = item.compiled.plan
        lines = {iv.id: iv for iv in plan.interventions}
        assumed = assumed_allocation(item.compiled, item.period)
        for (line, source), amount in allocation(item.compiled, item.period).items():
            iv = lines[line]
            rec = _record(out, item, iv, source)
            rec.planned = (rec.planned or 0) + amount
            rec.assumed = rec.assumed or (line, source) in assumed
        for line_id, progress in item.document.lines.items():
            iv = lines.get(line_id)
            if iv is None:
                continue  # G001: left out (with --partial)
            eligible = eligible_sources(iv, plan)
            for source, value in progress.disbursed.items():
                if source in eligible and plan.source(source) is not None:
                    if isinstance(value, dict):  # G014: a sub-project of another source is left out (--partial)
                        value = {k: v for k, v in value.items() if component_owner(plan, source, k) is None}
                    _record(out, item, iv, source).disbursed += disbursed_dong(item.document, value)
    return list(out.values())


def _record(out: dict, item: Attached, iv, source: str) -> Record:
    key = (item.block, iv.id, source, item.period.year)
    if key not in out:
        agency = item.compiled.agencies.get(" ".join(iv.lead.split()).casefold(), iv.lead) if iv.lead else ""
        out[key] = Record(item.block, item.compiled, iv.id, iv.group if item.block is None else item.block,
                          agency or "", source, item.period.year, None)
    return out[key]


def _orderer(ps: ProgressSet, by: tuple[str, ...]):
    """The sort key of a row of `by` dimensions: blocks, then the order the plan writes lines, sources and groups
    in (positions looked up once, in dicts: a plan can have 100,000 lines)."""
    blocks = {b: k for k, b in enumerate([None, *dict.fromkeys(a.block for a in ps.items if a.block)])}
    plans = {None: ps.compiled.plan} | {a.block: a.compiled.plan for a in ps.items if a.block}
    positions: dict = {}

    def place(dim: str, block, ident) -> int:
        if (dim, block) not in positions:
            plan = plans[block]
            ids = {"intervention": [iv.id for iv in plan.interventions], "source": [s.id for s in plan.sources],
                   "group": [g.id for g in plan.groups]}[dim]
            found: dict = {}
            for k, i in enumerate(ids):
                found.setdefault(i, k)
            positions[dim, block] = (found, len(ids))
        found, size = positions[dim, block]
        return found.get(ident, size)

    def order(dim: str, key) -> tuple:
        if dim == "year":
            return (key,)
        if dim == "agency":
            return (key or "~",)
        block, ident = key
        return (blocks[block], place(dim, block, ident), str(ident))

    return lambda k: tuple(x for d, v in zip(by, k) for x in order(d, v))


def line_name(ps: ProgressSet, block: str | None, line_id: str) -> str:
    """A line's name as the plan writes it (the report forms), prefixed by its child plan in a block."""
    cache = ps.__dict__.setdefault("_line_names", {})  # each plan's names looked up once (rows × lines otherwise)
    if block not in cache:
        plan = ps.compiled.plan if block is None else next(a.compiled.plan for a in ps.items if a.block == block)
        cache[block] = {}
        for iv in plan.interventions:
            cache[block].setdefault(iv.id, iv.name)
    name = cache[block].get(line_id, line_id)
    return f"{block} / {name}" if block else name


def _label(ps: ProgressSet, dim: str, key, lang: str, names: bool = False) -> str | int:
    if dim == "intervention" and names:
        return line_name(ps, *key)
    if dim in ("year", "agency"):
        return key if dim == "year" else (key or t("(no lead)", lang))
    block, ident = key
    plan = ps.compiled.plan if block is None else next(a.compiled.plan for a in ps.items if a.block == block)
    if dim == "group" and block is not None:
        return f"{block} ({plan.info.issuer})"
    text = label(dim, ident, plan, lang)
    return f"{block} / {text}" if block is not None and dim != "group" else text


def percent(part: int, whole: int | None) -> Decimal | None:
    """part ÷ whole as a percent to one decimal, half up; None when there is nothing to divide by."""
    if not whole:
        return None
    return Decimal(round_half_up(Fraction(part * 1000, whole))).scaleb(-1)


def _pins(ps: ProgressSet, by: tuple[str, ...], rows: list, unit: str, decimals: int) -> dict[int, Decimal]:
    """Planned cells that `budget` shows already (a full year of the plan by source/line × year): same digits."""
    if len(by) != 2 or "year" not in by or any(a.block or a.period.kind != "year" for a in ps.items):
        return {}
    other = by[0] if by[1] == "year" else by[1]
    if other not in ("source", "intervention", "group", "agency"):
        return {}
    from ecdplan.reports.budget import budget_pivot

    p = budget_pivot(ps.compiled, other, "year")
    shown = p.display(unit, decimals)
    pins = {}
    for i, key in enumerate(rows):
        k = dict(zip(by, key))
        cell_key = (k[other][1] if isinstance(k[other], tuple) else k[other], k["year"])
        if cell_key in shown.cells and cell_key in p.cells:
            pins[i] = shown.cells[cell_key]
    return pins


ASSUMED_NOTE = N_("Planned amounts marked '{mark}': the plan sets the line's cost but not each source's part; "
                  "ecdplan split it equally over the line's sources. A source's share used is measured against "
                  "that assumption, not against a figure of the plan.")


def line_names(ps: ProgressSet, keys) -> dict[str, str]:
    """Line labels as the rows hold them (an id, 'child plan / id') -> the names people read (each plan's names
    looked up once, in a dict: a plan can have 100,000 lines)."""
    return {(f"{block} / {ident}" if block else ident): line_name(ps, block, ident) for block, ident in keys}


def execution_table(ps: ProgressSet, opts: ProgressOptions) -> Table:
    return execution(ps, opts)[0]


def execution(ps: ProgressSet, opts: ProgressOptions, basis: bool = True) -> tuple[Table, list[bool]]:
    """The execution table, and for each body row whether its planned amount is assumed (an equal split over
    sources the plan does not set: only rows that tell sources apart); `basis`: say so in a column too (the
    report's forms mark the cells instead)."""
    lang, by = opts.lang, opts.by
    groups: dict[tuple, list[int | None]] = {}
    assumed_keys: set[tuple] = set()
    outside: dict[tuple, dict[str, int]] = {}  # key -> {line name: disbursed on it with no planned amount} (G013)
    for rec in records(ps):
        key = tuple(_key(rec, d) for d in by)
        planned, disbursed = groups.get(key, [None, 0])
        if rec.planned is not None:
            planned = (planned or 0) + rec.planned
        elif rec.disbursed:
            name = line_name(ps, rec.block, rec.intervention)
            outside.setdefault(key, {})[name] = outside.get(key, {}).get(name, 0) + rec.disbursed
        groups[key] = [planned, disbursed + rec.disbursed]
        if rec.assumed and "source" in by:
            assumed_keys.add(key)
    keys = sorted(groups, key=_orderer(ps, by))
    planned = [groups[k][0] for k in keys]
    paid = [groups[k][1] for k in keys]
    dec = opts.decimals if opts.decimals is not None else \
        auto_decimals([v for v in planned if v is not None] + paid, opts.unit)
    pcol = shown_column(planned, opts.unit, dec, _pins(ps, by, keys, opts.unit, dec))
    dcol = shown_column(paid, opts.unit, dec)
    body = []
    remaining_total = Decimal(0).scaleb(-dec)
    for i, k in enumerate(keys):
        p_shown, d_shown = pcol.cells[i], dcol.cells[i]
        remaining = None if p_shown is None else p_shown - d_shown
        if remaining is not None:
            remaining_total += remaining
        body.append([_label(ps, d, v, lang, opts.names) for d, v in zip(by, k)]
                    + [p_shown, d_shown, remaining, percent(paid[i], planned[i])])
    assumed = [k in assumed_keys for k in keys]
    unit = f" ({opts.unit_label})"
    names = None if opts.names or "intervention" not in by else \
        line_names(ps, {k[by.index("intervention")] for k in keys})
    columns = [Column(t(HEADERS[d], lang), d, names=names if d == "intervention" else None,
                      names_key="line_name" if d == "intervention" and names else None) for d in by] + [
        Column(t("Planned", lang) + unit, "planned", numeric=True, decimals=dec),
        Column(t("Disbursed", lang) + unit, "disbursed", numeric=True, decimals=dec),
        Column(t("Remaining", lang) + unit, "remaining", numeric=True, decimals=dec, signed=False),
        Column(t("Used %", lang), "percent_used", numeric=True, decimals=1)]
    mark = word(SPLIT_RULE_NAMES, "equal", lang)
    if any(assumed) and basis:
        columns.append(Column(t("Planned per source", lang), "planned_basis"))
        body = [row + [mark if a else None] for row, a in zip(body, assumed)]
    total_planned = sum(v for v in planned if v is not None) if any(v is not None for v in planned) else None
    totals = [[t("Total", lang)] + [""] * (len(by) - 1)
              + [pcol.total if total_planned is not None else None, dcol.total,
                 pcol.total - dcol.total if total_planned is not None else None, percent(sum(paid), total_planned)]
              + ([None] if any(assumed) and basis else [])]
    notes = common_notes(ps, lang)
    if any(v is None for v in planned):
        notes.append(t("Lines without a planned amount (unbudgeted, not zero) have no remaining or share used of "
                       "their own; what was disbursed on them counts in the total, whose remaining is planned − "
                       "disbursed, so the rows' remaining add up to more than the total's.", lang)
                     if any(v is None and p for v, p in zip(planned, paid)) and total_planned is not None else
                     t("Lines without a planned amount (unbudgeted, not zero) have no remaining or share used.", lang))
    fmt = lambda v: format_number(shown_value(v, opts.unit, dec), dec, lang)  # noqa: E731
    for i, k in enumerate(keys):
        if planned[i] is not None and k in outside:
            notes.append(t("{row}: the share used, {percent}, includes {amount} disbursed on lines the plan gives no "
                           "cost ({lines}; G013): money outside the planned amount.", lang).format(
                row=" / ".join(str(_label(ps, d, v, lang, True)) for d, v in zip(by, k)),
                percent=format_number(percent(paid[i], planned[i]), 1, lang) + " %", amount=fmt(sum(outside[k].values())),
                lines=", ".join(outside[k])))
    if any(assumed) and basis:
        notes.append(t(ASSUMED_NOTE, lang).format(mark=mark))
    if pcol.moved or dcol.moved:
        notes.append(t(MOVED_NOTE, lang))
    heading = t("execution", lang)
    title = f"{ps.compiled.plan.info.id}: {heading} {periods_text(ps, lang)} ({opts.unit_label})"
    return Table(columns, body, totals, title, notes), assumed


def periods_text(ps: ProgressSet, lang: str) -> str:
    return ", ".join(period_text(p, lang) for p in ps.periods())


KIND = {"year": N_("a year"), "half": N_("a half-year"), "range": N_("a date range")}


def common_notes(ps: ProgressSet, lang: str) -> list[str]:
    """What every progress output says: illustrative figures, what a period is allocated, what is left out."""
    notes = []
    if ps.illustrative:
        notes.append(t("ILLUSTRATIVE figures, not real data: {files}.", lang).format(files=", ".join(ps.illustrative)))
    kinds = {a.period.kind: a.period.describe() for a in ps.items}
    notes.append(t("Planned = the plan's amounts allocated to the period: {rules}; remaining = planned − disbursed "
                   "as shown.", lang).format(rules="; ".join(f"{t(KIND[k], lang)}: {t(v, lang)}"
                                                             for k, v in kinds.items())))
    blocks = list(dict.fromkeys(a.block for a in ps.items if a.block))
    if blocks:
        notes.append(t("Lines of the plans under {plan} are reported as blocks named 'child plan / line': {items}.",
                       lang).format(plan=ps.compiled.plan.info.id, items=", ".join(blocks)))
    if ps.compiled.missing or ps.left_out:
        notes.append(t("Incomplete: values that could not be read are left out of these figures: {items}.",
                       lang).format(items="; ".join(ps.compiled.missing + ps.left_out)))
    return notes


# --- rollout ----------------------------------------------------------------------------------------------------

@dataclass
class RolloutRow:
    block: str | None
    line: str
    year: int
    planned: int | None
    reached: int | None
    planned_names: list[str] | None
    reached_names: list[str] = field(default_factory=list)
    beneficiaries: int | None = None
    planned_beneficiaries: int | None = None
    part_of_year: bool = False  # reported for less than the whole year: the plan's yearly count is for all of it

    @property
    def not_reached(self) -> list[str]:
        if self.planned_names is None or self.reached is None:
            return []
        done = {commune_key(n) for n in self.reached_names}
        return [n for n in self.planned_names if commune_key(n) not in done] if self.reached_names else []


def rollout_rows(ps: ProgressSet) -> list[RolloutRow]:
    out: dict[tuple, RolloutRow] = {}
    for item in ps.items:
        year = item.period.year
        for iv in item.compiled.plan.interventions:
            counts = iv.communes_by_year()
            reported = item.document.lines.get(iv.id)
            if not counts and (reported is None or (reported.communes is None and reported.beneficiaries is None)):
                continue
            key = (item.block, iv.id, year)
            if key not in out:
                ben = iv.beneficiaries
                planned_ben = None
                if ben is not None and ben.per == "year":
                    planned_ben = ben.count
                elif ben is not None and ben.per == "commune-year" and counts.get(year):
                    planned_ben = ben.count * counts[year]
                out[key] = RolloutRow(item.block, iv.id, year, counts.get(year) if counts else None, None,
                                      named_by_year(iv).get(year), planned_beneficiaries=planned_ben)
            row = out[key]
            row.part_of_year = row.part_of_year or item.period.kind != "year"
            if reported is None:
                continue
            if reported.communes is not None:
                named = isinstance(reported.communes, list)
                row.reached_names = list(dict.fromkeys(row.reached_names + (reported.communes if named else [])))
                count = len({commune_key(n) for n in row.reached_names}) if named else reported.communes
                row.reached = max(row.reached or 0, count)  # the halves of a year: communes reached in either
            if reported.beneficiaries is not None:
                row.beneficiaries = (row.beneficiaries or 0) + reported.beneficiaries
    blocks = [None] + list(dict.fromkeys(a.block for a in ps.items if a.block))
    return sorted(out.values(), key=lambda r: (blocks.index(r.block), r.year))


def rollout_table(ps: ProgressSet, opts: ReportOptions) -> Table:
    lang = opts.lang
    rows = rollout_rows(ps)
    order = {(None, iv.id): i for i, iv in enumerate(ps.compiled.plan.interventions)}
    for a in ps.items:
        if a.block:
            order |= {(a.block, iv.id): i for i, iv in enumerate(a.compiled.plan.interventions)}
    blocks = {b: k for k, b in enumerate([None, *dict.fromkeys(a.block for a in ps.items if a.block)])}
    rows.sort(key=lambda r: (blocks[r.block], order.get((r.block, r.line), 0), r.year))
    body = []
    named = getattr(opts, "names", False)
    for r in rows:
        behind = None if r.planned is None or r.reached is None else max(r.planned - r.reached, 0)
        line = line_name(ps, r.block, r.line) if named else (f"{r.block} / {r.line}" if r.block else r.line)
        body.append([line, r.year, r.planned, r.reached, behind,
                     r.planned_beneficiaries, r.beneficiaries, ", ".join(r.not_reached) or None])
    names = None if named else line_names(ps, {(r.block, r.line) for r in rows})
    columns = [Column(t("Line", lang), "intervention", names=names, names_key="line_name" if names else None),
               Column(t("Year", lang), "year"),
               Column(t("Communes planned", lang), "communes_planned", numeric=True),
               Column(t("Communes reached", lang), "communes_reached", numeric=True),
               Column(t("Behind", lang), "communes_behind", numeric=True),
               Column(t("Beneficiaries planned", lang), "beneficiaries_planned", numeric=True),
               Column(t("Beneficiaries reported", lang), "beneficiaries_reported", numeric=True),
               Column(t("Named communes not reached", lang), "not_reached")]
    notes = common_notes(ps, lang)[:1] + [t(
        "Communes reached in a year: the most any of its periods reports (names: all named in any of them); "
        "beneficiaries reported: the sum over its periods, planned: the plan's count for the whole year. Blank: not "
    "reported.", lang)]
    heading = t("rollout progress", lang)
    return Table(columns, body, [], f"{ps.compiled.plan.info.id}: {heading} {periods_text(ps, lang)}", notes)


# --- targets ----------------------------------------------------------------------------------------------------

def path_value(milestones: dict[int, Decimal], day: dt.date) -> Fraction | None:
    """The target on a day: milestones hold at the end of their year (31/12), the straight line between two;
    the last milestone after it; the first one during its own year; nothing before that year."""
    points = sorted((dt.date(y, 12, 31), Fraction(v)) for y, v in milestones.items())
    if not points or day.year < points[0][0].year:
        return None
    if day <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:]):
        if d0 <= day <= d1:
            return v0 + (v1 - v0) * Fraction((day - d0).days, (d1 - d0).days)
    return points[-1][1]


def _two(value: Fraction) -> Decimal:
    shown = Decimal(round_half_up(value * 100)).scaleb(-2).normalize()
    return Decimal(f"{shown:f}")


def target_rows(ps: ProgressSet) -> list[dict]:
    out = []
    for item in ps.items:
        indicators = {i.id: i for i in item.compiled.plan.indicators}
        for ind_id, measures in item.document.indicators.items():
            ind = indicators.get(ind_id)
            if ind is None:
                continue
            for m in measures:
                target = path_value(ind.milestones, m.date)
                status = None
                if target is not None:
                    good = Fraction(m.value) >= target if ind.direction == "up" else Fraction(m.value) <= target
                    status = N_("on track") if good else N_("behind")
                out.append({"block": item.block, "indicator": ind, "date": m.date, "value": m.value,
                            "target": None if target is None else _two(target), "status": status,
                            "source": m.source,
                            "milestone": target is not None and dt.date(m.date.year, 12, 31) == m.date
                            and m.date.year in ind.milestones})
    return sorted(out, key=lambda r: (r["block"] or "", r["indicator"].id, r["date"]))


def _status(row: dict, lang: str) -> str:
    """A target row's status in `lang`, "" when it has none. (Not `t(row["status"], lang)`: Babel before 2.19
    extracts the key in such a call as a message.)"""
    status = row["status"]
    return t(status, lang) if status else ""


def targets_progress_table(ps: ProgressSet, opts: ReportOptions) -> Table:
    lang = opts.lang
    rows = target_rows(ps)
    body = [[f"{r['block']} / {r['indicator'].id}" if r["block"] else r["indicator"].id, r["indicator"].name,
             r["date"], r["value"], r["target"], "%" if r["indicator"].unit == "percent" else r["indicator"].unit,
             _status(r, lang) or t("no target for this date", lang), r["source"]]
            for r in rows]
    columns = [Column(t("Indicator", lang), "indicator"), Column(t("Name", lang), "name"),
               Column(t("Measured on", lang), "date"), Column(t("Measured", lang), "measured", numeric=True,
                                                                  decimals=None),
               Column(t("Target at that date", lang), "target", numeric=True, decimals=None),
               Column(t("Unit", lang), "unit"), Column(t("Status", lang), "status"),
               Column(t("Data source", lang), "data_source")]
    notes = common_notes(ps, lang)[:1] + [t(
        "Target at a date: milestones hold at the end of their year, on the straight line between two (as "
        "`ecdplan targets`), the last milestone after it. On track: measured ≥ target (≤ for indicators where "
        "lower is better); else behind.", lang)]
    if not rows:
        notes.append(t("No indicator was measured in these progress files.", lang))
    heading = t("targets against results", lang)
    return Table(columns, body, [], f"{ps.compiled.plan.info.id}: {heading}", notes)


def progress_tables(ps: ProgressSet, opts: ProgressOptions) -> list[Table]:
    return [execution_table(ps, opts), rollout_table(ps, opts), targets_progress_table(ps, opts)]


# --- reports due ------------------------------------------------------------------------------------------------

def _ended_without_report(d, plan, met: set, today: dt.date, lang: str) -> list[list]:
    """An undated half-yearly or yearly report: each period of the plan that has ended without a progress file."""
    from ecdplan.core.progress import parse_period

    if not d.expects:
        return []
    half = d.expects.startswith("each half-year")
    labels = [f"{y}-H{h}" for y in plan.info.period.years for h in (1, 2)] if half else \
        [str(y) for y in plan.info.period.years]
    out = []
    for label_ in labels:
        period = parse_period(label_)
        if period.end < today and (d.plan, label_) not in met:
            out.append([None, label_, d.report, d.plan, d.to, t("period ended {day}; the plan gives no date", lang)
                        .format(day=period.end.strftime("%d/%m/%Y"))])
    return out


def due_table(compiled: list[CompiledPlan], met: set[tuple[str, str]], today: dt.date, within: int,
              lang: str = "en") -> Table:
    """Deadlines up to `within` days ahead whose expected period has no progress file: overdue or due soon."""
    from ecdplan.core.deadlines import calendar

    rows = []
    plans = {c.plan.info.id: c.plan for c in compiled}
    for d in calendar(list(plans.values())):
        if d.date is None:
            rows += _ended_without_report(d, plans[d.plan], met, today, lang)
            continue
        if not d.expects or (d.plan, d.expects) in met:
            continue
        days = (d.date - today).days
        if days > within:
            continue
        status = t("overdue by {n} days", lang).format(n=-days) if days < -1 else \
            t("overdue by 1 day", lang) if days == -1 else t("due today", lang) if days == 0 else \
            t("due in 1 day", lang) if days == 1 else t("due in {n} days", lang).format(n=days)
        rows.append([d.date, d.expects, d.report, d.plan, d.to, status])
    columns = [Column(t("Date", lang), "date"), Column(t("Expects", lang), "expects"), Column(t("Report", lang), "report"),
               Column(t("Plan", lang), "plan"), Column(t("To", lang), "to"), Column(t("Status", lang), "status")]
    notes = [t("A deadline is met when a progress file for its plan and the period it expects is given.", lang)]
    if any(r[0] is None for r in rows):
        notes.append(t("Reports the plan asks for every half-year or year without a date are listed for each period "
                       "that has ended without a progress file.", lang))
    rows.sort(key=lambda r: (r[0] is None, r[0] or dt.date.max, r[3], str(r[1])))
    rows = [[r[0] or t("(no date)", lang), period_text(r[1], lang), *r[2:]] for r in rows]
    title = t("Reports due by {day} (within {n} days) without a progress file", lang).format(
        day=(today + dt.timedelta(days=within)).strftime("%d/%m/%Y"), n=within)
    return Table(columns, rows, [], title, notes)
