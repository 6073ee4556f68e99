"""Reporting deadlines: dated, yearly ones expanded over the plan period, and an iCalendar export."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from ecdplan.i18n.labels import N_
from ecdplan.formats.plan import Plan


@dataclass(frozen=True)
class DeadlineDate:
    plan: str
    date: dt.date | None  # None: the plan gives a frequency but no date
    report: str
    by: str
    to: str
    recurring: str  # "", "yearly", or the plan's frequency for undated ones
    expects: str = ""  # the period whose progress the report gives: 2024-H1, 2025; "" for ad-hoc reports
    title: str = ""  # the plan's title, as people name it (not part of the UID)

    @property
    def uid(self) -> str:
        """Stable across runs and machines: the same deadline always gets the same UID."""
        key = f"{self.plan}|{self.date}|{self.report}|{self.by}|{self.to}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + "@ecdplan"


# "trước ngày 05/12" (before 5 December): the report must be in by 4 December; the plan writes the date as the
# text does (yearly: '12-05'), its note says "trước ngày"
_BEFORE = re.compile(r"\btruoc ngay\b")


def before_the_day(d) -> bool:
    """Whether the deadline's note reads 'trước ngày' (before the day): the last day is the one before."""
    from ecdplan.reference.names import fold

    return bool(d.notes) and _BEFORE.search(fold(d.notes)) is not None


def last_day(d, written: dt.date) -> dt.date:
    """The last day a report is due on, from the date as written."""
    return written - dt.timedelta(days=1) if before_the_day(d) else written


def deadlines(plan: Plan) -> list[DeadlineDate]:
    out = []
    for d in plan.reporting:
        common = dict(plan=plan.info.id, report=d.report, by=d.by or "", to=d.to or "", title=plan.info.title or "")
        if d.due is not None:
            due = last_day(d, d.due)
            out.append(DeadlineDate(date=due, recurring="", expects=expected_period(d, due), **common))
        if d.yearly is not None:
            month, day = map(int, d.yearly.split("-"))
            for year in plan.info.period.years:
                try:
                    day_due = dt.date(year, month, day)
                except ValueError:  # 02-29 in a common year (the model refuses other impossible days)
                    day_due = dt.date(year, 2, 28)
                day_due = last_day(d, day_due)
                out.append(DeadlineDate(date=day_due, recurring="yearly", expects=expected_period(d, day_due),
                                        **common))
        if d.due is None and d.yearly is None:
            out.append(DeadlineDate(date=None, recurring=d.every or "", expects=expected_period(d, None), **common))
    return out


def _half_yearly(d) -> bool:
    text = d.report.casefold()
    return d.every == "half-year" or "6 tháng" in text or "sáu tháng" in text


EACH_HALF_YEAR = N_("each half-year (YYYY-H1, YYYY-H2)")  # shown through t() by the calendar table
EACH_YEAR = N_("each year (YYYY)")


def expected_period(d, day: dt.date | None) -> str:
    """The period a report gives the progress of: a six-month report the half-year its date falls in (the seeds'
    half-year reports are due before the half ends: 05/05), any other report the year of its date (annual
    reports are due in November or December of the year they cover); undated recurring reports every
    half-year or year; ad-hoc (đột xuất) reports none."""
    text = d.report.casefold()
    if "đột xuất" in text or d.every in ("month", "quarter"):
        return ""
    if day is None:
        if d.every is None:
            return ""
        return EACH_HALF_YEAR if _half_yearly(d) else EACH_YEAR
    if _half_yearly(d):
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    return str(day.year)


def deadlines_expecting(plan: Plan, period: str, lang: str = "en") -> str | None:
    """The plan's deadlines for the report of `period` (e.g. '05/05/2025: Báo cáo ... → UBND Thành phố'), an
    undated one said in `lang`."""
    from ecdplan.i18n.labels import t

    half = "-H" in period
    found = []
    for d in deadlines(plan):
        if d.expects == period or (d.date is None and d.expects and ("half-year" in d.expects) == half):
            when = d.date.strftime("%d/%m/%Y") if d.date else t("no date", lang)
            found.append(f"{when}: {d.report}" + (f" → {d.to}" if d.to else ""))
    return "; ".join(found) or None


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


def to_ics(items: list[DeadlineDate], lang: str = "vi") -> str:
    """An iCalendar file with one all-day event per dated deadline, each naming its plan (title and number) and
    the period it reports on (in the reader's words: '6 tháng đầu năm 2025'); its labels in `lang`."""
    from ecdplan.core.progress import period_text
    from ecdplan.i18n.labels import t

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//ecdplan//reporting deadlines//{lang.upper()}", "CALSCALE:GREGORIAN"]
    for d in items:
        if d.date is None:
            continue
        day = d.date.strftime("%Y%m%d")
        period = period_text(d.expects, lang) if d.expects else ""
        plan = f"{d.title} ({d.plan})" if d.title else d.plan
        description = "; ".join(x for x in (t("Plan: {plan}", lang).format(plan=plan),
                                            t("Period reported on: {period}", lang).format(period=period)
                                            if period else "",
                                            t("Reported by: {by}", lang).format(by=d.by) if d.by else "",
                                            t("To: {to}", lang).format(to=d.to) if d.to else "") if x)
        summary = f"{d.report} ({period})" if period and period not in d.report else d.report
        lines += [
            "BEGIN:VEVENT",
            f"UID:{d.uid}",
            f"DTSTAMP:{day}T000000Z",  # derived from the deadline, so the file is the same on every run
            f"DTSTART;VALUE=DATE:{day}",
            f"DTEND;VALUE=DATE:{(d.date + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
