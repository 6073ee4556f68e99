"""Reporting deadlines: dated, yearly ones expanded over the plan period, and an iCalendar export."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from .model import Plan


@dataclass(frozen=True)
class DeadlineDate:
    plan: str
    date: dt.date | None  # None: the plan gives a frequency but no date
    report: str
    by: str
    to: str
    recurring: str  # "", "yearly", or the plan's frequency for undated ones

    @property
    def uid(self) -> str:
        """Stable across runs and machines: the same deadline always gets the same UID."""
        key = f"{self.plan}|{self.date}|{self.report}|{self.by}|{self.to}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + "@ecdplan"


def deadlines(plan: Plan) -> list[DeadlineDate]:
    out = []
    for d in plan.reporting:
        common = dict(plan=plan.plan.id, report=d.report, by=d.by or "", to=d.to or "")
        if d.due is not None:
            out.append(DeadlineDate(date=d.due, recurring="", **common))
        if d.yearly is not None:
            month, day = map(int, d.yearly.split("-"))
            for year in plan.plan.period.years:
                try:
                    out.append(DeadlineDate(date=dt.date(year, month, day), recurring="yearly", **common))
                except ValueError:  # 02-29 in a common year (the model refuses other impossible days)
                    out.append(DeadlineDate(date=dt.date(year, 2, 28), recurring="yearly", **common))
        if d.due is None and d.yearly is None:
            out.append(DeadlineDate(date=None, recurring=d.every or "", **common))
    return out


def calendar(plans: list[Plan]) -> list[DeadlineDate]:
    """All deadlines of the plans, dated ones in date order, then the undated ones."""
    items = [d for p in plans for d in deadlines(p)]
    return sorted(items, key=lambda d: (d.date is None, d.date or dt.date.max, d.plan, d.report))


_ICS_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # after newlines are escaped: CR, VT, FF, ESC ...


def _escape(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, a line break as \\n, other controls dropped."""
    text = text.replace("\r\n", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _ICS_CONTROL.sub("", text.replace("\n", "\\n"))


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and a space; never split a character."""
    out, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def to_ics(items: list[DeadlineDate]) -> str:
    """An iCalendar file with one all-day event per dated deadline."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ecdplan//reporting deadlines//VI", "CALSCALE:GREGORIAN"]
    for d in items:
        if d.date is None:
            continue
        day = d.date.strftime("%Y%m%d")
        description = "; ".join(x for x in (f"Báo cáo: {d.by}" if d.by else "", f"Gửi: {d.to}" if d.to else "",
                                           f"Kế hoạch: {d.plan}") if x)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{d.uid}",
            f"DTSTAMP:{day}T000000Z",  # derived from the deadline, so the file is the same on every run
            f"DTSTART;VALUE=DATE:{day}",
            f"DTEND;VALUE=DATE:{(d.date + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(d.report)}",
            f"DESCRIPTION:{_escape(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
