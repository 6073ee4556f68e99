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

from ecdplan.rules.findings import N_, Word
from ecdplan.formats.plan import Plan
from ecdplan.reference.names import fold

if TYPE_CHECKING:
    from ecdplan.rules.runner import Context

_PERIOD = re.compile(r"giai doan (\d{4}) (\d{4})\b")
_NUMBER_YEAR = re.compile(r"^\s*\d+\s*/\s*(\d{4})\s*/")
# where a document is cited (Entry.what), as a finding names it
CITED_AS = {"the plan itself": N_("the plan's own number"), "basis": N_("its basis"),
            "parent": N_("its parent plan"), "submission": N_("a submission"),
            "consultation": N_("a consultation report"), "report": N_("a report"), "decision": N_("a decision"),
            "other": N_("another document")}


def _add(ctx: Context, code: str, path: tuple, template: str, params: dict[str, object], **figures: object) -> None:
    """A finding whose message is `template` (English, marked N_) filled with `params`."""
    ctx.add(code, path, template.format(**params), template=template, params=params, **figures)


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
        first_cited = {"number": e.number, "what": Word(CITED_AS.get(f.what, f.what)),
                       "line": ctx.loaded.position(f.path)[0]}
        if f.date and e.date and f.date != e.date:
            _add(ctx, "D001", (*e.path, "date"), N_("{number} is dated {date} here but {first} where first cited "
                                                    "({what}, line {line})"),
                 {**first_cited, "date": e.date, "first": f.date},
                 number=e.number, dates=[f.date.isoformat(), e.date.isoformat()])
        if f.issuer and e.issuer and fold(f.issuer) != fold(e.issuer):
            _add(ctx, "D001", (*e.path, "issuer"), N_("{number} is issued by '{issuer}' here but '{first}' where "
                                                      "first cited ({what}, line {line})"),
                 {**first_cited, "issuer": e.issuer, "first": f.issuer}, number=e.number)
    info = plan.plan
    if blank_number(info.number):
        _add(ctx, "D002", ("plan", "number"), N_("the plan's number is left blank ('{number}'): a draft, or the "
                                                 "number was not filled in"), {"number": info.number},
             number=info.number)
    elif info.number and info.date is None:
        _add(ctx, "D002", ("plan", "number"), N_("the plan has a number ({number}) but no date: a draft, or the "
                                                 "day was left blank"), {"number": info.number}, number=info.number)
    elif info.date is not None and not info.number:
        _add(ctx, "D002", ("plan", "date"), N_("the plan has a date but no number: a draft, or the number was left "
                                               "blank"), {}, date=info.date.isoformat())
    for e in entries[1:]:
        title = fold(e.title or "")
        if title.startswith("bao cao") or e.what in ("report", "consultation"):
            continue  # a report is about the years behind it: its period says nothing of its validity
        m = _PERIOD.search(title)
        if m and int(m.group(1)) <= int(m.group(2)) < info.period.end:
            _add(ctx, "D003", (*e.path, "title"), N_("{document} covers {period}, the plan runs to {end}"),
                 {"document": e.number or e.title, "period": f"{m.group(1)}-{m.group(2)}", "end": info.period.end},
                 period=f"{m.group(1)}-{m.group(2)}", plan_end=info.period.end)
    _check_own_number(plan, ctx)


def _check_own_number(plan: Plan, ctx: Context) -> None:
    info = plan.plan
    m = _PERIOD.search(fold(info.title))
    if m and (int(m.group(1)), int(m.group(2))) != (info.period.start, info.period.end):
        _add(ctx, "D004", ("plan", "title"), N_("the title says giai đoạn {title_period}, the plan's period is "
                                                "{period}"),
             {"title_period": f"{m.group(1)}-{m.group(2)}", "period": f"{info.period.start}-{info.period.end}"},
             title_period=f"{m.group(1)}-{m.group(2)}")
    number = info.number
    if number and not blank_number(number):
        m = _NUMBER_YEAR.match(number)
        if m and info.date is not None and int(m.group(1)) != info.date.year:
            _add(ctx, "D004", ("plan", "number"), N_("the number {number} carries the year {year}, the plan is "
                                                     "dated {date}"),
                 {"number": number, "year": m.group(1), "date": info.date}, number=number)
        suffix = fold(number.split("/", 1)[1]) if "/" in number else ""
        issuer = fold(info.issuer)
        if re.search(r"\bubnd\b", suffix) and not re.search(r"\b(ubnd|uy ban nhan dan)\b", issuer):
            _add(ctx, "D004", ("plan", "number"), N_("the number {number} is that of a People's Committee (UBND), "
                                                     "the issuer is '{issuer}'"),
                 {"number": number, "issuer": info.issuer}, number=number, issuer=info.issuer)
    parent = info.parent
    if info.date is not None and parent is not None and parent.date is not None and info.date < parent.date:
        _add(ctx, "D004", ("plan", "date"), N_("the plan is dated {date}, before the parent plan it implements "
                                               "({parent} of {parent_date})"),
             {"date": info.date, "parent": parent.number or Word(N_("the parent plan")), "parent_date": parent.date})
