"""Chart scales: round ticks (1, 2 or 5 × 10^k) from zero past the largest value, in exact decimals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

STEPS = (1, 2, 5)


@dataclass(frozen=True)
class Scale:
    """One scale for a whole chart: ticks 0, step, 2 × step … top; a value v is drawn v / top of the length."""

    step: Decimal
    ticks: list[Decimal]

    @property
    def top(self) -> Decimal:
        return self.ticks[-1]

    def fraction(self, value: Decimal | int) -> float:
        """How much of the full length a value takes (0 to 1)."""
        return float(Decimal(value) / self.top) if self.top else 0.0


def nice_scale(largest: Decimal | int, most_intervals: int = 8, whole: bool = False) -> Scale:
    """The smallest round step (1, 2 or 5 × 10^k; at least 1 when `whole`, for counts) that reaches `largest`
    in at most `most_intervals` steps; the ticks run from 0 to the first multiple of the step ≥ largest."""
    largest = Decimal(largest)
    if largest <= 0:
        return Scale(Decimal(1), [Decimal(0), Decimal(1)])
    raw = largest / most_intervals
    power = raw.adjusted()  # 10^power <= raw < 10^(power + 1)
    step = None
    for exponent in (power, power + 1):
        for m in STEPS:
            candidate = Decimal(m).scaleb(exponent)
            if whole and candidate < 1:
                continue
            if (largest / candidate).to_integral_value(ROUND_CEILING) <= most_intervals:
                step = candidate
                break
        if step is not None:
            break
    assert step is not None
    count = int((largest / step).to_integral_value(ROUND_CEILING))
    ticks = [(step * k).normalize() for k in range(count + 1)]
    return Scale(Decimal(f"{step.normalize():f}"), [Decimal(f"{v:f}") for v in ticks])
