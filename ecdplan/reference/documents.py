"""The documents a plan cites (basis, parent, related documents) and its own number: one register of numbers,
dates, issuers and the periods their titles name, read by the D rules (rules/documents.py, which says what each
rule checks)."""

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
