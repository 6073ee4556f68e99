"""Plans (or parts of plans) in another currency than đồng, with a declared exchange rate.

The rule, one way and back:
- to đồng: each amount written in the plan × the declared rate, rounded half up to the đồng **once**, when
  the plan is compiled (`facts.amount_dong`); from then on every figure is integer đồng and every split is
  exact (largest remainder), as for a plan in đồng;
- back to the currency for display: đồng ÷ rate, rounded to the cent by the one display route (controlled
  rounding: the shown parts add up to the shown totals, in both currencies).
Every output that shows money of such a plan states the rate, its date and its source.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from .model import Plan

if TYPE_CHECKING:
    from .validate import Context

MAX_RATE = Decimal(10) ** 7  # đồng per unit: no currency is worth ten million đồng


def rate_note(plan: Plan) -> str | None:
    c = plan.plan.currency
    if c is None:
        return None
    return (f"Amounts are declared in {c.code} and converted at {c.rate} đồng per {c.code} ({c.source}, "
            f"{c.date.isoformat()}): each amount × rate, rounded half up to the đồng once; shown in {c.code} as "
            f"đồng ÷ rate, rounded to the cent so that the parts add up.")


def display_unit(code: str, rate: Decimal) -> str:
    """The display unit of a currency at a rate, for the display route (`display.per_unit`)."""
    return f"{code}@{rate}"


def per_unit(unit: str) -> Fraction | None:
    """Đồng per display unit of 'USD@25450'; None for the đồng units."""
    if "@" not in unit:
        return None
    return Fraction(Decimal(unit.split("@", 1)[1]))


def check_rate(plan: Plan, ctx: Context) -> None:
    c = plan.plan.currency
    if c is None:
        return
    path = ("plan", "currency", "rate")
    rate = c.rate
    if not rate.is_finite() or rate <= 0:
        ctx.add("C001", path, f"the exchange rate {rate} is not a rate: it must be more than 0 đồng per {c.code}",
                rate=str(rate))
    elif rate > MAX_RATE:
        ctx.add("C001", path, f"the exchange rate {rate} đồng per {c.code} is implausibly large (more than "
                f"{MAX_RATE:,})", rate=str(rate))
    elif _written_with_underscore(ctx, path):
        ctx.add("C001", path, f"the exchange rate is written with '_' (YAML reads {rate}); write it as a plain "
                "number", rate=str(rate))


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
