"""Plans (or parts of plans) in another currency than đồng, with a declared exchange rate.

The rule, one way and back:
- to đồng: each amount written in the plan × the declared rate, rounded half up to the đồng **once**, when
  the plan is compiled (`facts.amount_dong`); from then on every figure is integer đồng and every split is
  exact (largest remainder), as for a plan in đồng;
- back to the currency for display: đồng ÷ rate, rounded to the cent by the one display route (controlled
  rounding: the shown parts add up to the shown totals, in both currencies).
Every output that shows money of such a plan states the rate, its date and its source. The rates a plan may
declare are checked by the C rules (rules/currency.py).
"""

from __future__ import annotations

from decimal import Decimal

from ecdplan.formats.plan import Currency, Plan

MAX_RATE = Decimal(10) ** 7  # đồng per unit: no currency is worth ten million đồng

# Đồng per unit a declared rate of each currency may plausibly be (both ends included). The State Bank's central
# rate of USD was about 16,000 in 2008, 21,000-23,000 in 2015-2020 and 24,000-26,000 in 2023-2025; EUR about
# 20,000-22,000 in 2008 and 25,000-30,000 in 2015-2025. The bands are wide on purpose: from below the oldest
# rates a plan of 2000-2010 could use to more than twice today's, so a plan running into the 2030s with a
# depreciated đồng still passes; but a rate off by a factor of ten (a zero dropped or added) falls outside, and
# so does a rate written the wrong way round (USD per đồng, 0.0000393), which is flagged as inverted.
PLAUSIBLE_RATES: dict[str, tuple[int, int]] = {"USD": (10_000, 60_000), "EUR": (10_000, 70_000)}


def band(code: str) -> tuple[int, int]:
    """The plausible rates of a currency (a currency without its own band: above 1 and up to MAX_RATE)."""
    return PLAUSIBLE_RATES.get(code, (1, int(MAX_RATE)))


def inverted_rate(code: str, rate: Decimal) -> Decimal | None:
    """The rate meant, when `rate` is the currency per đồng (its inverse falls in the plausible band)."""
    low, high = band(code)
    if code not in PLAUSIBLE_RATES or not rate.is_finite() or not 0 < rate < 1:
        return None
    inverse = 1 / rate
    return inverse.quantize(Decimal(1)) if low <= inverse <= high else None


def rates(plan: Plan) -> list[tuple[str, Currency]]:
    """(what, currency) of the plan and of each source that declares one."""
    out = [("the plan", plan.info.currency)] if plan.info.currency is not None else []
    return out + [(f"source {s.id}", s.currency) for s in plan.sources if s.currency is not None]


def declared_rate(plan: Plan, code: str) -> Currency | None:
    """The one rate the plan declares for a currency (the plan's own, else its sources' if they agree)."""
    found = [c for _, c in rates(plan) if c.code == code]
    if plan.info.currency is not None and plan.info.currency.code == code:
        return plan.info.currency
    if found and all(c.rate == found[0].rate for c in found):
        return found[0]
    return None


def _rate_in(rate: Decimal, lang: str) -> str:
    """A declared rate as the reader writes it: in English as the plan writes it (25450.5), else grouped by the
    one number formatter (Vietnamese 25.450,5)."""
    from ecdplan.i18n.labels import SOURCE_LANG
    from ecdplan.i18n.numbers import format_number

    if lang == SOURCE_LANG or not rate.is_finite():
        return str(rate)
    return format_number(rate, max(0, -rate.normalize().as_tuple().exponent), lang)


def rate_note(plan: Plan, lang: str = "en") -> str | None:
    """The note every output of money of such a plan carries: each rate, its source and date, and the rule."""
    from ecdplan.i18n.labels import t
    from ecdplan.i18n.messages import in_lang

    declared = rates(plan)
    if not declared:
        return None
    said = []
    for what, c in declared:
        params = {"code": c.code, "rate": _rate_in(c.rate, lang), "source": c.source, "date": in_lang(c.date, lang)}
        if what == "the plan":
            said.append(t("the plan in {code} at {rate} đồng per {code} ({source}, {date})", lang).format(**params))
        else:
            said.append(t("source {id} in {code} at {rate} đồng per {code} ({source}, {date})", lang).format(
                id=what.split(" ", 1)[1], **params))
    return t("Exchange rates: {rates}. Each amount × rate is rounded half up to the đồng once; shown in a currency "
             "as đồng ÷ rate, rounded to the cent so that the parts add up.", lang).format(rates="; ".join(said))

