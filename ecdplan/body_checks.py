"""O001: bodies addressed at a date after they were merged, renamed or abolished (catalogue: bodies.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .bodies import changes_in
from .model import Plan

if TYPE_CHECKING:
    from .validate import Context


def _report(ctx: Context, path: tuple, what: str, text: str, when: dt.date, said: str, level: str) -> None:
    for change in changes_in(text, level):
        if when >= change.date:
            ctx.add("O001", path, f"{what} '{text}' {said}, but {change.name}: {change.change} on "
                    f"{change.date:%d/%m/%Y} ({change.basis}); now {change.successor}",
                    body=change.name, successor=change.successor, since=change.date.isoformat())


def _last_day(years: list[int]) -> dt.date | None:
    return dt.date(max(years), 12, 31) if years else None


def check_bodies(plan: Plan, ctx: Context) -> None:
    period = plan.plan.period
    level = plan.plan.level
    for i, d in enumerate(plan.reporting):
        if d.due is not None:
            dates = [d.due]
        elif d.yearly is not None:
            month, day = map(int, d.yearly.split("-"))
            dates = [dt.date(y, month, min(day, 28 if month == 2 else day)) for y in period.years]
        else:
            dates = [dt.date(period.end, 12, 31)]
        last = max(dates)
        for key in ("to", "by"):
            text = getattr(d, key)
            if text:
                _report(ctx, ("reporting", i, key), f"reporting {key}", text, last,
                        f"is due {last:%d/%m/%Y}" if d.due or d.yearly else f"reports until {period.end}", level)
    end = dt.date(period.end, 12, 31)
    for i, r in enumerate(plan.responsibilities):
        _report(ctx, ("responsibilities", i, "body"), "responsibility of", r.body, end,
                f"runs until {period.end}", level)
    for i, iv in enumerate(plan.interventions):
        last = _last_day(iv.active_years(period))
        if last is None:
            continue
        if iv.lead:
            _report(ctx, ("interventions", i, "lead"), f"{iv.id}: lead", iv.lead, last, f"leads until {last.year}",
                    level)
        for k, body in enumerate(iv.cooperating):
            _report(ctx, ("interventions", i, "cooperating", k), f"{iv.id}: cooperating body", body, last,
                    f"cooperates until {last.year}", level)



