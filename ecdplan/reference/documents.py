"""The documents a plan cites (basis, parent, related documents) and its own number: one register, read by the D
rules (rules/documents.py):

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

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ecdplan.reference.names import fold

if TYPE_CHECKING:
    from ecdplan.formats.plan import Plan


@dataclass(frozen=True, kw_only=True)
class Entry:
    path: tuple
    what: str
    number: str | None
    date: dt.date | None
    issuer: str | None
    title: str | None


def register(plan: Plan) -> list[Entry]:
    """Every document the plan cites, and the plan itself first, with where each is cited."""
    info = plan.info

    def entry(path: tuple, what: str, doc) -> Entry:
        return Entry(path=path, what=what, number=doc.number, date=doc.date, issuer=doc.issuer, title=doc.title)

    out = [entry(("plan",), "the plan itself", info)]
    out += [entry(("plan", "basis", i), "basis", d) for i, d in enumerate(info.basis)]
    if info.parent is not None:
        out.append(entry(("plan", "parent"), "parent", info.parent))
    out += [entry(("documents", i), d.kind, d) for i, d in enumerate(plan.documents)]
    return out


def number_key(number: str) -> str:
    """A cited number as compared with the others: folded, without spaces."""
    return fold(number).replace(" ", "")


def blank_number(number: str | None) -> bool:
    """'/KH-UBND', '…/KH-UBND', 'Số: /KH-UBND': the number itself left blank."""
    return number is not None and not re.match(r"^\s*(số\s*:?\s*)?\d", number, re.IGNORECASE)
