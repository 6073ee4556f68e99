"""The compile stage: a plan that fits the format becomes one `CompiledPlan`, which every command reads.

It holds the plan, the money facts (intervention × year × source in integer đồng, each with the rule
that made it), the coverage facts (intervention × year → communes, named or numbered), each line's cost
(one definition: the sum of its year amounts, `facts.year_amounts`) and every finding. Nothing
downstream works out a cost, a commune-year or a split on its own: reports group these facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from ecdplan.core.facts import Fact, declared_total, intervention_facts, year_amounts

if TYPE_CHECKING:
    from ecdplan.rules.findings import Finding
    from ecdplan.formats.plan import Intervention, Plan

NO_COMMUNE = ""  # the commune of money a line spends in a year in which it has no commune (R007)


@dataclass(frozen=True)
class LineCost:
    """One line's money: its cost per year (the one definition of its cost) and what the plan declares."""

    intervention: str
    by_year: dict[int, int]  # đồng
    year_rule: str
    split_rule: str
    declared: int | None  # `cost.total` as written, in đồng

    @property
    def total(self) -> int:
        return sum(self.by_year.values())


@dataclass(frozen=True)
class CoverageYear:
    """An intervention in one year: how many communes, which ones if the plan names them."""

    intervention: str
    year: int
    communes: int
    names: tuple[str, ...] | None
    new: int
    continuing: int
    leaving: int


def body_key(name: str) -> str:
    """Two spellings of one body ('Sở Y tế', 'sở y  tế') are one body."""
    return " ".join(name.split()).casefold()


def named_by_year(iv: Intervention) -> dict[int, list[str]]:
    """Named communes per year, for the years whose phase names them."""
    out: dict[int, list[str]] = {}
    if isinstance(iv.rollout, list):
        for phase in iv.rollout:
            if phase.named:
                names = [n if isinstance(n, str) else n.name for n in phase.named]
                for y in range(phase.first, phase.last + 1):
                    out[y] = names
    return out


@dataclass(frozen=True)
class CommuneGroup:
    """The communes of one line in one year, each with its share of the line's amount that year (đồng)."""

    intervention: str
    year: int
    amount: int
    communes: list[str]
    starts: list[int | None]  # each commune's first year in the line
    amounts: list[int]


@dataclass
class CompiledPlan:
    plan: Plan
    file: str = "<plan>"
    findings: list[Finding] = field(default_factory=list)
    lines: list[LineCost | None] = field(default_factory=list)  # aligned with plan.interventions
    facts: list[Fact] = field(default_factory=list)
    coverage: list[CoverageYear] = field(default_factory=list)  # every line with a rollout × plan year
    agencies: dict[str, str] = field(default_factory=dict)  # body_key -> the name as first written
    missing: list[str] = field(default_factory=list)  # values that could not be read (--partial)

    # --- money -----------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines if line is not None)

    def require_year(self, year: int | None) -> None:
        """A year asked for (`--year`) must lie in the plan period: EcdplanError (exit 2) otherwise."""
        period = self.plan.info.period
        if year is not None and not period.start <= year <= period.end:
            from ecdplan.errors import EcdplanError
            from ecdplan.i18n.messages import N_, Phrase

            raise EcdplanError(Phrase(N_("--year {year} is outside the plan period {period}"), year=year,
                                      period=f"{period.start}-{period.end}"))

    def line(self, intervention_id: str) -> LineCost | None:
        """A line's cost by its id: a dict look-up (made again if `lines` was replaced or grew)."""
        index = self.__dict__.get("_line_index")
        if index is None or index[0] is not self.lines or index[1] != len(self.lines):
            found: dict[str, LineCost] = {}
            for c in self.lines:
                if c is not None:
                    found.setdefault(c.intervention, c)
            index = self.__dict__["_line_index"] = (self.lines, len(self.lines), found)
        return index[2].get(intervention_id)

    def unbudgeted(self) -> list[Intervention]:
        """Lines with no cost at all: reported as unbudgeted, never as zero."""
        return [iv for iv, cost in zip(self.plan.interventions, self.lines) if cost is None]

    def declared_total(self) -> int | None:
        from ecdplan.core.facts import amount_dong

        return None if self.plan.total is None else amount_dong(self.plan, self.plan.total)

    # --- coverage --------------------------------------------------------------------------------
    def communes_by_line(self) -> dict[str, dict[int, int]]:
        out: dict[str, dict[int, int]] = {}
        for c in self.coverage:
            out.setdefault(c.intervention, {})[c.year] = c.communes
        return out

    @property
    def commune_years(self) -> int:
        return sum(c.communes for c in self.coverage)

    def commune_groups(self, year: int | None = None) -> Iterator[CommuneGroup]:
        """The per-commune schedule, one line-year at a time (a national plan has 680,000 commune-years).

        A commune's amount is its line's cost that year split equally over the active communes (the first
        take the leftover đồng). Money in a year with no communes is a group of its own with the one commune
        `NO_COMMUNE`: no đồng is dropped."""
        by_line: dict[str, list[CoverageYear]] = {}
        for c in self.coverage:
            by_line.setdefault(c.intervention, []).append(c)
        for iv, cost in zip(self.plan.interventions, self.lines):
            by_year = cost.by_year if cost else {}
            started: dict[str, int] = {}
            cover = {c.year: c for c in by_line.get(iv.id, ())}
            for y in sorted(set(cover) | set(by_year)):
                c = cover.get(y)
                labels = (list(c.names) if c.names else [f"#{k}" for k in range(1, c.communes + 1)]) if c else []
                for label in labels:
                    started.setdefault(label, y)
                if year is not None and y != year:
                    continue
                amount = by_year.get(y, 0)
                if not labels:
                    if amount:
                        yield CommuneGroup(iv.id, y, amount, [NO_COMMUNE], [None], [amount])
                    continue
                q, r = divmod(amount, len(labels))
                yield CommuneGroup(iv.id, y, amount, labels, [started[label] for label in labels],
                                   [q + 1] * r + [q] * (len(labels) - r))

    def commune_rows(self, year: int | None = None) -> Iterator[tuple[str, str, int | None, int, int]]:
        """(intervention, commune, start year, year, amount in đồng) per line, commune and year, generated."""
        for g in self.commune_groups(year):
            yield from zip([g.intervention] * len(g.communes), g.communes, g.starts, [g.year] * len(g.communes),
                           g.amounts)

    def commune_row_count(self, year: int | None = None) -> int:
        return sum(c.communes for c in self.coverage if year in (None, c.year))


def _coverage(plan: Plan, iv: Intervention) -> list[CoverageYear]:
    """Active, new, continuing and leaving communes per plan year, for a line with a rollout.

    With names, new/continuing/leaving compare the sets; with counts only, communes are assumed to stay
    in as coverage grows (the seeds' "6 communes, then those 6 plus 9"), so growth is new."""
    counts = iv.communes_by_year()
    if not counts:
        return []
    names = named_by_year(iv)
    rows = []
    prev_count, prev_names = 0, None
    for y in sorted(set(plan.info.period.years) | set(counts)):
        n = counts.get(y, 0)
        cur = names.get(y)
        if cur is not None and prev_names is not None:
            a, b = set(cur), set(prev_names)
            new, cont, leave = len(a - b), len(a & b), len(b - a)
        else:
            new, cont, leave = max(n - prev_count, 0), min(n, prev_count), max(prev_count - n, 0)
        rows.append(CoverageYear(iv.id, y, n, tuple(cur) if cur is not None else None, new, cont, leave))
        prev_count, prev_names = n, cur if n else []
    return rows


def compile_plan(plan: Plan, file: str = "<plan>", findings: list[Finding] | None = None) -> CompiledPlan:
    """Money and coverage facts of a plan that fits the format (its findings are carried along)."""
    agencies: dict[str, str] = {}
    lines: list[LineCost | None] = []
    facts: list[Fact] = []
    coverage: list[CoverageYear] = []
    for iv in plan.interventions:
        agency = ""
        if iv.lead:
            agency = agencies.setdefault(body_key(iv.lead), " ".join(iv.lead.split()))
        spread = year_amounts(plan, iv)
        mine = intervention_facts(plan, iv, agency=agency, spread=spread) if spread else []
        facts += mine
        if spread is None:
            lines.append(None)
        else:
            split = mine[0].split_rule if mine else "none"
            lines.append(LineCost(iv.id, spread[0], spread[1], split, declared_total(plan, iv)))
        coverage += _coverage(plan, iv)
    for resp in plan.responsibilities:
        agencies.setdefault(body_key(resp.body), " ".join(resp.body.split()))
    for iv in plan.interventions:
        for body in iv.cooperating:
            agencies.setdefault(body_key(body), " ".join(body.split()))
    return CompiledPlan(plan, file, findings if findings is not None else [], lines, facts, coverage, agencies)
