"""D: the documents the plan cites, and the plan's own document: the rules' catalogue entries and their check
(the register of what the plan cites: reference/documents.py).

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
from typing import TYPE_CHECKING, Iterator

from ecdplan.i18n.messages import N_, Word

from ecdplan.rules.findings import E, W, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.formats.plan import Plan
    from ecdplan.reference.documents import Entry
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="D001", name="document-cited-inconsistently", severity=E,
         summary=N_("The same document number is cited with different dates or issuers in the plan."),
         fix=N_("Copy the number, date and issuer exactly from the document.")),
    Rule(code="D002", name="plan-is-draft", severity=W,
         summary=N_("The plan's own number or date is left blank ('/KH-UBND', or a number without a date): it is a "
                    "draft (ecdplan has only errors and warnings; a draft is a warning). A plan that gives neither "
                    "is not judged."),
         fix=N_("Fill in `plan.number` and `plan.date` once the plan is issued.")),
    Rule(code="D003", name="cited-period-ends-before-plan", severity=W,
         summary=N_("A cited document's own period (e.g. 'giai đoạn 2021-2025' in its title) ends before the plan's "
                    "period does. Reports ('Báo cáo ...'), being about the years behind them, are left alone."),
         fix=N_("Cite the document that covers the later years (the finding names the one that replaced it, when "
                "known), or confirm the old one still applies.")),
    Rule(code="D004", name="plan-number-inconsistent", severity=W,
         summary=N_("The plan's number, date or title does not agree with what the plan says of itself: a year in "
                    "the number other than its date's, a 'KH-UBND' number for a plan not issued by a UBND, a date "
                    "before its parent's, a 'giai đoạn' in its title other than its period."),
         fix=N_("Correct the number, date, title, period or issuer.")),
]

_PERIOD = re.compile(r"giai doan (\d{4}) (\d{4})\b")
_NUMBER_YEAR = re.compile(r"^\s*\d+\s*/\s*(\d{4})\s*/")
# where a document is cited (Entry.what), as a finding names it
CITED_AS = {"the plan itself": N_("the plan's own number"), "basis": N_("its basis"),
            "parent": N_("its parent plan"), "submission": N_("a submission"),
            "consultation": N_("a consultation report"), "report": N_("a report"), "decision": N_("a decision"),
            "other": N_("another document")}


@check("D001", "D002", "D003", "D004")
def check_documents(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    """The documents the plan cites, and its own number and date."""
    from ecdplan.reference.documents import blank_number, number_key, register
    from ecdplan.reference.history import replacement_of
    from ecdplan.reference.names import fold

    plan = compiled.plan
    entries = register(plan)
    first: dict[str, Entry] = {}
    for e in entries:
        if not e.number or blank_number(e.number):
            continue
        k = number_key(e.number)
        if k not in first:
            first[k] = e
            continue
        f = first[k]
        first_cited = {"number": e.number, "what": Word(CITED_AS.get(f.what, f.what)),
                       "line": ctx.loaded.position(f.path)[0]}
        if f.date and e.date and f.date != e.date:
            yield Finding.at("D001", (*e.path, "date"),
                             N_("{number} is dated {date} here but {first} where first cited "
                                "({what}, line {line})"),
                             {**first_cited, "date": e.date, "first": f.date},
                             number=e.number, dates=[f.date.isoformat(), e.date.isoformat()])
        if f.issuer and e.issuer and fold(f.issuer) != fold(e.issuer):
            yield Finding.at("D001", (*e.path, "issuer"),
                             N_("{number} is issued by '{issuer}' here but '{first}' where "
                                "first cited ({what}, line {line})"),
                             {**first_cited, "issuer": e.issuer, "first": f.issuer}, number=e.number)
    info = plan.info
    if blank_number(info.number):
        yield Finding.at("D002", ("plan", "number"), N_("the plan's number is left blank ('{number}'): a draft, or the "
                                                        "number was not filled in"), {"number": info.number},
                         number=info.number)
    elif info.number and info.date is None:
        yield Finding.at("D002", ("plan", "number"), N_("the plan has a number ({number}) but no date: a draft, or the "
                                                        "day was left blank"), {"number": info.number},
                         number=info.number)
    elif info.date is not None and not info.number:
        yield Finding.at("D002", ("plan", "date"),
                         N_("the plan has a date but no number: a draft, or the number was left "
                            "blank"), {}, date=info.date.isoformat())
    for e in entries[1:]:
        title = fold(e.title or "")
        if title.startswith("bao cao") or e.what in ("report", "consultation"):
            continue  # a report is about the years behind it: its period says nothing of its validity
        m = _PERIOD.search(title)
        if m and int(m.group(1)) <= int(m.group(2)) < info.period.end:
            params = {"document": e.number or e.title, "period": f"{m.group(1)}-{m.group(2)}",
                      "end": info.period.end}
            later = replacement_of(e.number)
            if later is None:
                yield Finding.at("D003", (*e.path, "title"), N_("{document} covers {period}, the plan runs to {end}"),
                                 params, period=f"{m.group(1)}-{m.group(2)}", plan_end=info.period.end)
            else:
                yield Finding.at("D003", (*e.path, "title"),
                                 N_("{document} covers {period}, the plan runs to {end}; it was replaced by "
                                    "{later} of {date} ({issuer})"),
                                 {**params, "later": later.number, "date": f"{later.date:%d/%m/%Y}",
                                  "issuer": later.issuer},
                                 period=f"{m.group(1)}-{m.group(2)}", plan_end=info.period.end,
                                 replaced_by=later.number)
    yield from _check_own_number(plan)


def _check_own_number(plan: Plan) -> Iterator[Finding]:
    from ecdplan.reference.documents import blank_number
    from ecdplan.reference.names import fold

    info = plan.info
    m = _PERIOD.search(fold(info.title))
    if m and (int(m.group(1)), int(m.group(2))) != (info.period.start, info.period.end):
        yield Finding.at("D004", ("plan", "title"),
                         N_("the title says giai đoạn {title_period}, the plan's period is {period}"),
                         {"title_period": f"{m.group(1)}-{m.group(2)}",
                          "period": f"{info.period.start}-{info.period.end}"},
                         title_period=f"{m.group(1)}-{m.group(2)}")
    number = info.number
    if number and not blank_number(number):
        m = _NUMBER_YEAR.match(number)
        if m and info.date is not None and int(m.group(1)) != info.date.year:
            yield Finding.at("D004", ("plan", "number"), N_("the number {number} carries the year {year}, the plan is "
                                                            "dated {date}"),
                             {"number": number, "year": m.group(1), "date": info.date}, number=number)
        suffix = fold(number.split("/", 1)[1]) if "/" in number else ""
        issuer = fold(info.issuer)
        if re.search(r"\bubnd\b", suffix) and not re.search(r"\b(ubnd|uy ban nhan dan)\b", issuer):
            yield Finding.at("D004", ("plan", "number"),
                             N_("the number {number} is that of a People's Committee (UBND), "
                                "the issuer is '{issuer}'"),
                             {"number": number, "issuer": info.issuer}, number=number, issuer=info.issuer)
    parent = info.parent
    if info.date is not None and parent is not None and parent.date is not None and info.date < parent.date:
        yield Finding.at("D004", ("plan", "date"), N_("the plan is dated {date}, before the parent plan it implements "
                                                      "({parent} of {parent_date})"),
                         {"date": info.date, "parent": parent.number or Word(N_("the parent plan")),
                          "parent_date": parent.date})
