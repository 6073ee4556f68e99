"""C: currencies and exchange rates (a rate that cannot be right, a plan in đồng and in another currency at
once): the rules' catalogue entries and their check (the conversion itself: core/currency.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ecdplan.i18n.messages import N_, Amount, Phrase, Word

from ecdplan.rules.findings import E, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="C001", name="exchange-rate-implausible", severity=E,
         summary=N_("A declared exchange rate is zero, negative, written the wrong way round (USD per đồng), "
                    "outside the plausible band of its currency (USD 10,000-60,000, EUR 10,000-70,000 đồng), "
                    "absurdly large, or written in a way YAML reads differently (`1_000`)."),
         fix=N_("Write the rate as a plain number of đồng per unit of the currency (e.g. 25450).")),
    Rule(code="C002", name="unit-and-currency", severity=E,
         summary=N_("The plan gives both `unit` (amounts in đồng) and `currency` (amounts in another currency): "
                    "which one its amounts are in would be a guess."),
         fix=N_("Keep `unit` for a plan in đồng, or `currency` for a plan in another currency; not both.")),
]


@check("C001", "C002")
def check_rate(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    """A declared exchange rate that cannot be right; a plan that says both đồng and another currency."""
    from ecdplan.core.currency import band, inverted_rate, rates

    plan = compiled.plan
    info = ctx.loaded.data.get("plan") if isinstance(ctx.loaded.data, dict) else None
    if plan.info.currency is not None and isinstance(info, dict) and "unit" in info:
        yield Finding.at("C002", ("plan", "unit"),
                         N_("the plan gives `unit: {written}` and `currency: {code}`: are its "
                            "amounts in đồng or in {code}?"),
                         {"written": info["unit"], "code": plan.info.currency.code})
    for what, c in rates(plan):
        if what == "the plan":
            path = ("plan", "currency", "rate")
            whose: str = Word(N_("the plan"))
        else:
            index = next(k for k, s in enumerate(plan.sources) if f"source {s.id}" == what)
            path = ("sources", index, "currency", "rate")
            whose = Phrase(N_("source {source}"), {"source": plan.sources[index].label})
        rate = c.rate
        params = {"what": whose, "rate": rate, "code": c.code}
        if not rate.is_finite() or rate <= 0:
            yield Finding.at("C001", path,
                             N_("{what}: the exchange rate {rate} is not a rate: it must be more than 0 đồng "
                                "per {code}"), params, rate=str(rate))
        elif inverted_rate(c.code, rate) is not None:
            yield Finding.at("C001", path,
                             N_("{what}: the exchange rate {rate} is written the wrong way round ({code} per đồng): "
                                "write đồng per {code}, about {meant}"),
                             {**params, "meant": Amount(str(inverted_rate(c.code, rate)))}, rate=str(rate),
                             expected=str(inverted_rate(c.code, rate)))
        elif not band(c.code)[0] <= rate <= band(c.code)[1]:
            low, high = band(c.code)
            yield Finding.at("C001", path,
                             N_("{what}: the exchange rate {rate} đồng per {code} is implausibly small: a {code} "
                                "is roughly {low}-{high} đồng") if rate < low else
                             N_("{what}: the exchange rate {rate} đồng per {code} is implausibly large: a {code} "
                                "is roughly {low}-{high} đồng"),
                             {**params, "low": Amount(str(low)), "high": Amount(str(high))}, rate=str(rate),
                             expected=f"{low}-{high}")
        elif _written_with_underscore(ctx, path):
            yield Finding.at("C001", path,
                             N_("{what}: the exchange rate is written with '_' (YAML reads {rate}); write it "
                                "as a plain number"), params, rate=str(rate))


def _written_with_underscore(ctx: Context, path: tuple) -> bool:
    """YAML 1.1 reads 1_000 as 1000: look at what was written (when the file is on disk)."""
    from pathlib import Path

    line, col = ctx.loaded.position(path)
    try:
        text = Path(ctx.loaded.file).read_text(encoding="utf-8-sig").splitlines()[line - 1]
    except (OSError, IndexError, UnicodeDecodeError, ValueError):
        return False
    token = text[col - 1:].split(",")[0].split("}")[0].split("#")[0].strip()
    return "_" in token
