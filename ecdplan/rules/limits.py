"""B007: figures every output carries exactly. An amount, or a sum of amounts that a report shows, above
`core.money.MAX_DONG` (10^15 đồng) is refused before anything is written: an Excel cell, the amount in words and the
grouped figures all carry every figure up to it exactly, to the đồng. Checked in plans (and so in the plans
scenario and envelope files make), in progress files, and for a roll-up of plans (`limit_findings`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ecdplan.i18n.messages import N_, Amount, Phrase, Word

from ecdplan.rules.findings import E, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.core.progress import ProgressResult
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="B007", name="figure-beyond-limit", severity=E, fatal=True,
         summary=N_("An amount, or a sum of amounts (a line's cost, a source, a year, the plan's total, an envelope, "
                    "a progress file's disbursements, plans added up), is above 10^15 đồng (1,000,000 billion đồng): "
                    "the largest figure that every output (Excel cells, the amount in words, grouped figures) carries "
                    "exactly, to the đồng. Nothing is written."),
         fix=N_("Check the amount's digits and the file's unit (million or billion VND?); a larger programme must be "
                "split into plans below the limit.")),
]

LIMIT_TEXT = "10^15"  # MAX_DONG as messages write it


def _dong(value: int) -> Amount:
    return Amount(str(value))


def over(what: Any, dong: int, path: tuple) -> Finding:
    """The B007 finding for a figure of `dong` at `path`; `what` names it (a Phrase or a Word)."""
    from ecdplan.core.money import MAX_DONG

    return Finding.at("B007", path, N_("{what} is {amount} đồng, above the largest figure every output carries exactly, "
                                      "{limit} đồng ({limit_words}): check its digits and the unit"),
                      {"what": what, "amount": _dong(dong), "limit": LIMIT_TEXT,
                       "limit_words": Word(N_("one million billion đồng"))},
                      amount=str(dong), limit=str(MAX_DONG), unit="VND")


@check("B007")
def check_figures_within_limit(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    """Every amount the plan writes and every sum a report shows (lines, sources, years, the total), in đồng."""
    from ecdplan.core.facts import amount_dong, source_amount_dong
    from ecdplan.core.money import beyond_limit

    plan = compiled.plan
    found = False
    for i, (iv, line) in enumerate(zip(plan.interventions, compiled.lines)):
        cost = iv.cost
        figures: list[tuple[tuple, Any, int]] = []
        if cost is not None:
            if cost.total is not None:
                figures.append((("interventions", i, "cost", "total"), Word(N_("the declared cost")),
                                amount_dong(plan, cost.total)))
            if cost.per_commune_year is not None:
                figures.append((("interventions", i, "cost", "per_commune_year"), Word(N_("the unit cost")),
                                amount_dong(plan, cost.per_commune_year)))
            for year, value in (cost.by_year or {}).items():
                figures.append((("interventions", i, "cost", "by_year", year),
                                Phrase(N_("the amount of {year}"), year=year), amount_dong(plan, value)))
        for k, f in enumerate(iv.funding()):
            if f.amount is not None:
                figures.append((("interventions", i, "sources", k, "amount"),
                                Phrase(N_("the amount of source {source}"), source=f.source),
                                source_amount_dong(plan, f.source, f.amount)))
        if line is not None:
            figures.append((("interventions", i, "cost"), Word(N_("the cost")), line.total))
        for path, label, dong in figures:
            if beyond_limit(dong):
                found = True
                yield over(Phrase(N_("{line}: {figure}"), line=iv.name, figure=label), dong, path)
                break  # one finding per line
    for i, group in enumerate(plan.groups):
        if group.total is not None and beyond_limit(amount_dong(plan, group.total)):
            found = True
            yield over(Phrase(N_("group {group}: the declared subtotal"), group=group.id),
                       amount_dong(plan, group.total), ("groups", i, "total"))
    if plan.total is not None and beyond_limit(amount_dong(plan, plan.total)):
        found = True
        yield over(Phrase(N_("the declared grand total")), amount_dong(plan, plan.total), ("total",))
    for source_id, years in (plan.envelopes or {}).items():
        dongs = {year: source_amount_dong(plan, source_id, value) for year, value in years.items()}
        for year, dong in dongs.items():
            if beyond_limit(dong):
                found = True
                yield over(Phrase(N_("the envelope of {source} in {year}"), source=source_id, year=year), dong,
                           ("envelopes", source_id, year))
        if not any(beyond_limit(d) for d in dongs.values()) and beyond_limit(sum(dongs.values())):
            found = True
            yield over(Phrase(N_("the envelopes of {source}"), source=source_id), sum(dongs.values()),
                       ("envelopes", source_id))
    if found:
        return
    # sums no single figure shows: the plan's total, a source's, a year's (all amounts are whole and not negative,
    # so these bound every subtotal a report shows)
    total = compiled.total
    if beyond_limit(total):
        yield over(Phrase(N_("the plan's lines together")), total, ("interventions",))
        return
    envelope_total = sum(source_amount_dong(plan, s, v) for s, years in (plan.envelopes or {}).items()
                         for v in years.values())
    if beyond_limit(envelope_total):
        yield over(Phrase(N_("the plan's envelopes together")), envelope_total, ("envelopes",))


def limit_findings(figures: Iterable[tuple[Any, int, str, int, int]]) -> list[Finding]:
    """B007 findings for figures that are not in one file (plans added up): (what, đồng, file, line, col)."""
    from dataclasses import replace

    from ecdplan.core.money import beyond_limit

    out = []
    for what, dong, file, line, col in figures:
        if beyond_limit(dong):
            out.append(replace(over(what, dong, ()), file=file, line=line, col=col))
    return out


@check("B007", format="progress", skip_when=lambda result, ctx: result.document is None)
def check_progress_within_limit(result: ProgressResult, ctx: Context) -> Iterator[Finding]:
    """Each disbursement of a progress file and their sum, in đồng."""
    from ecdplan.core.money import beyond_limit
    from ecdplan.core.progress import disbursed_dong

    doc = result.document
    total = 0
    for line_id, line in doc.lines.items():
        for source_id, value in line.disbursed.items():
            paid = disbursed_dong(doc, value)
            total += paid
            if beyond_limit(paid):
                yield over(Phrase(N_("{line}: disbursed from {source}"), line=line_id, source=source_id), paid,
                           ("lines", line_id, "disbursed", source_id))
                return
    if beyond_limit(total):
        yield over(Phrase(N_("the disbursements of the progress file together")), total, ("lines",))
