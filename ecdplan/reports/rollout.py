"""Rollout: communes per line and year (the coverage facts), with the cost of each year beside them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Iterator

from ecdplan.core.compiled import NO_COMMUNE, CompiledPlan
from ecdplan.core.display import shown_column
from ecdplan.i18n.messages import Phrase
from ecdplan.i18n.labels import N_, t
from ecdplan.core.money import round_column, round_half_up
from ecdplan.reports.table import Column, Replay, Table
from ecdplan.reports.budget import budget_pivot
from ecdplan.reports.common import ReportError, ReportOptions, line_column, money_column, names_of, standard_notes, unbudgeted_note

MAX_COMMUNE_ROWS = 1_000_000  # three times a national plan's 313,000 commune-years


def rollout_grid(compiled: CompiledPlan, opts: ReportOptions = ReportOptions()) -> Table:
    """Interventions × years with commune counts, and the cost per year below."""
    plan, lang = compiled.plan, opts.lang
    years = list(plan.info.period.years)
    cost = budget_pivot(compiled, "year")
    cost.rows = [y for y in years if (y, None) in cost.cells] + [y for y in cost.rows if y not in years]
    shown = cost.display(opts.unit, opts.decimals)
    columns = [line_column(plan, lang)]
    columns += [Column(str(y), str(y), numeric=True, decimals=None) for y in years]
    columns.append(Column(t("Commune-years", lang), "commune_years", numeric=True, decimals=None))
    counts = compiled.communes_by_line()
    body, no_rollout = [], []
    for iv in plan.interventions:
        mine = counts.get(iv.id)
        if not mine:
            no_rollout.append(iv.id)  # a count the plan does not give is blank, not zero
            body.append([iv.id] + [None] * (len(years) + 1))
            continue
        body.append([iv.id] + [mine.get(y, 0) for y in years] + [sum(mine.get(y, 0) for y in years)])
    if len(no_rollout) < len(body):
        totals = [[t("Commune-years", lang)] + [sum(r[1 + i] or 0 for r in body) for i in range(len(years))]
                  + [sum(r[-1] or 0 for r in body)]]
    else:  # no line gives its communes: the total is unknown, not zero
        totals = [[t("Commune-years", lang)] + [None] * (len(years) + 1)]
    if compiled.facts:
        # a year without money is blank when lines are unbudgeted: unknown, not zero
        blank = None if compiled.unbudgeted() else Decimal(0).scaleb(-shown.decimals)
        heading = t('Cost', lang)
        totals.append([f"{heading} ({opts.unit_label})"]
                      + [shown.cells.get((y, None), blank) for y in years] + [shown.total])
    notes = []
    if not plan.interventions:
        notes.append(t("The plan lists no interventions (lines with communes or costs): there is nothing to roll "
                       "out.", lang))
    if no_rollout:
        notes.append(t("No commune rollout in the plan for: {items}.", lang).format(items=names_of(plan, no_rollout)))
    notes += unbudgeted_note(compiled, lang) + standard_notes(compiled, lang, shown.moved)
    heading = t('active communes per year', lang)
    return Table(columns, body, totals, f"{plan.info.id}: {heading}", notes)


def rollout_year(compiled: CompiledPlan, year: int, opts: ReportOptions = ReportOptions()) -> Table:
    """Per line in one year: communes active, new, continuing, leaving, cost, beneficiaries, coverage."""
    plan, lang = compiled.plan, opts.lang
    cost = budget_pivot(compiled, "intervention", None, year)
    amounts = [cost.cells.get((iv.id, None)) if compiled.lines[i] is not None else None
               for i, iv in enumerate(plan.interventions)]
    for i, line in enumerate(compiled.lines):
        if line is not None and amounts[i] is None:
            amounts[i] = 0  # budgeted, but nothing this year: a real zero
    from ecdplan.core.display import auto_decimals

    dec = opts.decimals if opts.decimals is not None else auto_decimals([a for a in amounts if a], opts.unit)
    col = shown_column(amounts, opts.unit, dec)
    area = plan.info.area.communes
    columns = [line_column(plan, lang)]
    columns += [Column(t(n, lang), n.lower(), numeric=True)
                for n in (N_("Active"), N_("New"), N_("Continuing"), N_("Leaving"))]
    columns.append(money_column("Cost", "cost", opts, dec))
    columns.append(Column(t("Beneficiaries", lang), "beneficiaries", numeric=True))
    columns.append(Column(t("Coverage %", lang), "coverage_percent", numeric=True, decimals=1))
    cover = {(c.intervention, c.year): c for c in compiled.coverage}
    body = []
    for iv, shown_cost in zip(plan.interventions, col.cells):
        row = cover.get((iv.id, year))
        active = row.communes if row else 0
        body.append([iv.id, active, row.new if row else 0, row.continuing if row else 0, row.leaving if row else 0,
                     shown_cost, beneficiaries(iv, active), coverage(active, area)])
    people = [r[6] for r in body if r[6] is not None]
    totals = [[t("Total", lang), None, None, None, None, col.total if any(a is not None for a in amounts) else None,
               sum(people) if people else None, None]]
    notes = []
    if area:
        notes.append(t("Coverage: active communes as a share of the {area} communes of {name}.", lang).format(
            area=area, name=plan.info.area.name))
    notes += unbudgeted_note(compiled, lang) + standard_notes(compiled, lang, col.moved)
    heading = t('rollout in {year}', lang)
    return Table(columns, body, totals, f"{plan.info.id}: {heading.format(year=year)}", notes)


def beneficiaries(iv, active: int) -> int | None:
    b = iv.beneficiaries
    if b is None or active == 0:
        return None
    return {"year": b.count, "total": b.count, "commune-year": b.count * active}[b.per]


def coverage(active: int, area: int | None) -> Decimal | None:
    if not area:
        return None
    return Decimal(round_half_up(Fraction(active * 1000, area))).scaleb(-1)


def communes_table(compiled: CompiledPlan, year: int | None = None, opts: ReportOptions = ReportOptions()) -> Table:
    """One row per line, commune and year: named communes, or numbered slots with their start year.

    Rows are generated while they are written, one line-year at a time (a national plan has 680,000). The
    line-year amounts are rounded as one column (as `budget` would), then each line-year's communes so that
    they add up, as shown, to their line-year: the listing's total is the budget's total."""
    plan, lang = compiled.plan, opts.lang
    count = compiled.commune_row_count(year)
    if count > MAX_COMMUNE_ROWS:
        raise ReportError(Phrase(N_("the per-commune listing would have {count} rows, more than {limit}: check the "
                                 "commune counts (see `ecdplan validate`, R004) or narrow it with --year"),
                              count=f"{count:,}", limit=f"{MAX_COMMUNE_ROWS:,}"))
    per_unit = opts.unit.dong
    # per-commune amounts are small: to the thousand đồng unless told otherwise
    dec = opts.decimals if opts.decimals is not None else max(0, len(str(per_unit)) - 4)
    scale = 10**dec
    line_years = [(line.intervention, y, a) for line in compiled.lines if line for y, a in line.by_year.items()
                  if year in (None, y) and a]
    shown = round_column([a * scale for _, _, a in line_years], per_unit)
    target = {(i, y): v for (i, y, _), v in zip(line_years, shown)}
    no_commune = t("(no commune)", lang)
    has_no_commune = []

    def chunks() -> Iterator[list]:
        for g in compiled.commune_groups(year):
            values = round_column([a * scale for a in g.amounts], per_unit, total=target.get((g.intervention, g.year)))
            communes = g.communes
            if communes[0] == NO_COMMUNE:
                communes = [no_commune]
                has_no_commune.append(g.intervention)
            n = len(values)
            yield list(zip([g.intervention] * n, communes, g.starts, [g.year] * n, values))
        yield [(t("Total", lang), None, None, None, sum(shown))]

    columns = [line_column(plan, lang, name_beside=False), Column(t("Commune", lang), "commune"),
               Column(t("Start", lang), "start"), Column(t("Year", lang), "year"),
               money_column("Cost", "cost", opts, dec, scale=dec)]
    notes = [t("Communes named '#k' are numbered places: the plan gives only how many communes, not which.", lang),
             t("A commune's cost is its intervention's cost that year split equally over the active communes.", lang)]
    if _money_without_communes(compiled, year):
        notes.append(t("'(no commune)': money a line spends in a year in which its rollout has no commune (R007).",
                       lang))
    notes += unbudgeted_note(compiled, lang) + standard_notes(compiled, lang, False)
    heading = t('communes', lang)
    title = f"{plan.info.id}: {heading}" + (f" {year}" if year else "")
    return Table(columns, Replay(chunks), [], title, notes, streamed_totals=1, chunked=True)


def _money_without_communes(compiled: CompiledPlan, year: int | None) -> bool:
    counts = compiled.communes_by_line()
    return any(a and not counts.get(line.intervention, {}).get(y) for line in compiled.lines if line
               for y, a in line.by_year.items() if year in (None, y))


def rollout_timeline(compiled: CompiledPlan) -> list[tuple[str, str, dict[int, int]]]:
    """What the timelines draw: each line's id, name and communes per year (empty: no rollout)."""
    counts = compiled.communes_by_line()
    return [(iv.id, iv.name, {y: n for y, n in counts.get(iv.id, {}).items() if n})
            for iv in compiled.plan.interventions]


def rollout_chart_rows(compiled: CompiledPlan) -> list[tuple[str, dict[int, int]]]:
    """What the terminal timeline draws: each line's name and communes per year (empty: no rollout)."""
    return [(name, counts) for _, name, counts in rollout_timeline(compiled)]
