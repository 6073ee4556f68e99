"""F: funding sources (shares that add up, sources used in the years they are valid, every costed line funded,
one kind of split per line): the rules' catalogue entries and their check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ecdplan.i18n.messages import N_

from ecdplan.rules.findings import E, W, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="F001", name="shares-not-100", severity=E,
         summary=N_("The shares of an intervention's sources do not add up to 100%."),
         fix=N_("Correct the shares so they add up to 100.")),
    Rule(code="F002", name="source-outside-validity", severity=W,
         summary=N_("A source is used in a year outside the years it is valid for (e.g. a 2021-2025 national target "
                    "program funding 2026)."),
         fix=N_("Confirm the program will be extended, or fund that year from another source."),
         subject=("source",)),
    Rule(code="F003", name="no-eligible-source", severity=E,
         summary=N_("An intervention with a cost has no eligible funding source."),
         fix=N_("List at least one source under the intervention's `sources:`.")),
    Rule(code="F004", name="mixed-split", severity=E,
         summary=N_("An intervention's sources mix shares and amounts, or give some a share and others none."),
         fix=N_("Give every source a share, every source an amount, or none of them.")),
]


@check("F001", "F002", "F003", "F004")
def check_funding(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    plan = compiled.plan
    for i, (iv, line) in enumerate(zip(plan.interventions, compiled.lines)):
        funding = iv.funding()
        path = ("interventions", i, "sources")
        has_cost = line is not None and line.total > 0
        if not funding:
            if has_cost:
                yield Finding.at("F003", ("interventions", i), N_("{line} has a cost but no eligible source"),
                                 {"line": iv.name})
            continue
        with_share = [f for f in funding if f.share is not None]
        with_amount = [f for f in funding if f.amount is not None]
        if (with_share and with_amount) or 0 < len(with_share) < len(funding) or 0 < len(with_amount) < len(funding):
            yield Finding.at("F004", path,
                             N_("{line}: {shares} of {sources} sources have a share and {amounts} an amount; "
                                "give all sources the same kind of figure, or none"),
                             {"line": iv.name, "shares": len(with_share), "sources": len(funding),
                              "amounts": len(with_amount)})
        elif with_share:
            total = sum(f.share for f in with_share)
            if total != 100:
                yield Finding.at("F001", path,
                                 N_("{line}: shares add up to {total}%, not 100% (difference {difference})"),
                                 {"line": iv.name, "total": total, "difference": 100 - total},
                                 declared="100", computed=str(total), difference=str(100 - total))
        active = iv.active_years(plan.info.period) if has_cost else []
        if iv.cost and iv.cost.by_year:
            active = sorted(set(active) | {y for y, v in iv.cost.by_year.items() if v > 0})
        for j, f in enumerate(funding):
            source = plan.source(f.source)
            if source is None or source.valid is None:
                continue
            outside = [y for y in active if not source.valid.start <= y <= source.valid.end]
            if outside:
                params = {"line": iv.name, "source": source.label, "valid": f"{source.valid.start}-{source.valid.end}",
                          "years": ", ".join(map(str, outside))}
                template = N_("{line}: source {source} is valid {valid} but funds {years}")
                if source.programme is not None:
                    from ecdplan.reference.programmes import topical_programme, validity_note

                    template = N_("{line}: source {source} is valid {valid} but funds {years}: {why}")
                    group = plan.group(iv.group)
                    params["why"] = validity_note(source.programme, source.valid.start, source.valid.end,
                                                  topical_programme(iv.name, group.name if group else None))
                yield Finding.at("F002", (*path, j), template, params,
                                 source=source.id, valid=f"{source.valid.start}-{source.valid.end}", years=outside)
