"""The documents a plan cites (basis, parent, related documents) and its own number: one register, the D rules.

- D001: one number cited with different dates or issuers;
- D002: the plan's own number or date left blank ('/KH-UBND', or a number without a date): a draft;
- D003: a cited document whose own period ('giai đoạn 2021-2025' in its title) ends before the plan's;
- D004: the plan's number against what the plan says of itself (a year in the number against its date, a
  'KH-UBND' number for a plan not issued by a UBND, a date before its parent's, a 'giai đoạn' in its title
  other than its period). Conservative: only what can be read for certain.
A report (a title starting 'Báo cáo', or a related document of kind report/consultation) is about the years
behind it, so D003 leaves it alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Plan
from .names import fold

if TYPE_CHECKING:
    from .validate import Context

_PERIOD = re.compile(r"giai doan (\d{4}) (\d{4})\b")
_NUMBER_YEAR = re.compile(r"^\s*\d+\s*/\s*(\d{4})\s*/")


@dataclass(frozen=True)
class Entry:
    path: tuple
    what: str
    number: str | None
    date: date | None
    issuer: str | None
    title: str | None


def register(plan: Plan) -> list[Entry]:
    info = plan.plan
    out = [Entry(("plan",), "the plan itself", info.number, info.date, info.issuer, info.title)]
    out += [Entry(("plan", "basis", i), "basis", d.number, d.date, d.issuer, d.title) for i, d in enumerate(info.basis)]
    if info.parent is not None:
        p = info.parent
        out.append(Entry(("plan", "parent"), "parent", p.number, p.date, p.issuer, p.title))
    out += [Entry(("documents", i), d.kind, d.number, d.date, d.issuer, d.title) for i, d in enumerate(plan.documents)]
    return out


def _key(number: str) -> str:
    return fold(number).replace(" ", "")


def blank_number(number: str | None) -> bool:
    """'/KH-UBND', '…/KH-UBND', 'Số: /KH-UBND': the number itself left blank."""
    return number is not None and not re.match(r"^\s*(số\s*:?\s*)?\d", number, re.IGNORECASE)


def check_documents(plan: Plan, ctx: Context) -> None:
    entries = register(plan)
    first: dict[str, Entry] = {}
    for e in entries:
        if not e.number or blank_number(e.number):
            continue
        k = _key(e.number)
        if k not in first:
            first[k] = e
            continue
        f = first[k]
        if f.date and e.date and f.date != e.date:
            ctx.add("D001", (*e.path, "date"), f"{e.number} is dated {e.date.isoformat()} here but "
                    f"{f.date.isoformat()} where first cited ({f.what}, line {ctx.loaded.position(f.path)[0]})",
                    number=e.number, dates=[f.date.isoformat(), e.date.isoformat()])
        if f.issuer and e.issuer and fold(f.issuer) != fold(e.issuer):
            ctx.add("D001", (*e.path, "issuer"), f"{e.number} is issued by '{e.issuer}' here but '{f.issuer}' "
                    f"where first cited ({f.what}, line {ctx.loaded.position(f.path)[0]})", number=e.number)
    info = plan.plan
    if blank_number(info.number):
        ctx.add("D002", ("plan", "number"), f"the plan's number is left blank ('{info.number}'): a draft, or "
                "the number was not filled in", number=info.number)
    elif info.number and info.date is None:
        ctx.add("D002", ("plan", "number"), f"the plan has a number ({info.number}) but no date: a draft, or the "
                "day was left blank", number=info.number)
    elif info.date is not None and not info.number:
        ctx.add("D002", ("plan", "date"), "the plan has a date but no number: a draft, or the number was left "
                "blank", date=info.date.isoformat())
    for e in entries[1:]:
        title = fold(e.title or "")
        if title.startswith("bao cao") or e.what in ("report", "consultation"):
            continue  # a report is about the years behind it: its period says nothing of its validity
        m = _PERIOD.search(title)
        if m and int(m.group(1)) <= int(m.group(2)) < info.period.end:
            ctx.add("D003", (*e.path, "title"), f"{e.number or e.what} covers {m.group(1)}-{m.group(2)}, the plan "
                    f"runs to {info.period.end}", period=f"{m.group(1)}-{m.group(2)}", plan_end=info.period.end)
    _check_own_number(plan, ctx)


def _check_own_number(plan: Plan, ctx: Context) -> None:
    info = plan.plan
    m = _PERIOD.search(fold(info.title))
    if m and (int(m.group(1)), int(m.group(2))) != (info.period.start, info.period.end):
        ctx.add("D004", ("plan", "title"), f"the title says giai đoạn {m.group(1)}-{m.group(2)}, the plan's period is "
                f"{info.period.start}-{info.period.end}", title_period=f"{m.group(1)}-{m.group(2)}")
    number = info.number
    if number and not blank_number(number):
        m = _NUMBER_YEAR.match(number)
        if m and info.date is not None and int(m.group(1)) != info.date.year:
            ctx.add("D004", ("plan", "number"), f"the number {number} carries the year {m.group(1)}, the plan is "
                    f"dated {info.date.isoformat()}", number=number)
        suffix = fold(number.split("/", 1)[1]) if "/" in number else ""
        issuer = fold(info.issuer)
        if re.search(r"\bubnd\b", suffix) and not re.search(r"\b(ubnd|uy ban nhan dan)\b", issuer):
            ctx.add("D004", ("plan", "number"), f"the number {number} is that of a People's Committee (UBND), "
                    f"the issuer is '{info.issuer}'", number=number, issuer=info.issuer)
    parent = info.parent
    if info.date is not None and parent is not None and parent.date is not None and info.date < parent.date:
        ctx.add("D004", ("plan", "date"), f"the plan is dated {info.date.isoformat()}, before the parent plan it "
                f"implements ({parent.number or 'parent'} of {parent.date.isoformat()})")
