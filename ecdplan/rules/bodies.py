"""O: organisations (government bodies) addressed at a date after they were merged, renamed or abolished: the
rule's catalogue entry and its check (the bodies and their changes: reference/bodies.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Iterator

from ecdplan.i18n.messages import N_, Phrase, Word

from ecdplan.rules.findings import W, Finding, Rule
from ecdplan.rules.registry import check

if TYPE_CHECKING:
    from ecdplan.core.compiled import CompiledPlan
    from ecdplan.rules.context import Context

RULES = [
    Rule(code="O001", name="body-no-longer-exists", severity=W,
         summary=N_("A deadline, responsibility, lead or cooperating body names a body that no longer exists at that "
                    "date (merged, renamed, abolished or passed to another body in 2025); the finding names its "
                    "successor and the legal basis."),
         fix=N_("Address the successor body."), subject=("body",)),
]

# what became of the body, by its change (the catalogue's name, successor and basis are msgids: bodies.py)
CHANGED = {
    "merged": N_("{subject}, but {body}: merged on {date} ({basis}); now {successor}"),
    "renamed": N_("{subject}, but {body}: renamed on {date} ({basis}); now {successor}"),
    "abolished": N_("{subject}, but {body}: abolished on {date} ({basis}); now {successor}"),
    "transferred": N_("{subject}, but {body}: passed on {date} to {successor} ({basis}); address it there"),
}


def _report(path: tuple, subject: str, params: dict[str, object], text: str, when: dt.date,
            level: str) -> Iterator[Finding]:
    """O001 for each changed body that `text` names, addressed until `when`; `subject` (a template, marked N_)
    says who addresses it and until when."""
    from ecdplan.reference.bodies import changes_in

    said = Phrase(subject, {"body": text, **params})
    for change in changes_in(text, level):
        if when >= change.date:
            template = CHANGED[change.change]
            values = {"subject": said, "body": Word(change.name), "date": f"{change.date:%d/%m/%Y}",
                      "basis": Word(change.basis), "successor": Word(change.successor)}
            yield Finding.at("O001", path, template, values, body=change.name, successor=change.successor,
                             since=change.date.isoformat())


def _last_day(years: list[int]) -> dt.date | None:
    return dt.date(max(years), 12, 31) if years else None


@check("O001")
def check_bodies(compiled: CompiledPlan, ctx: Context) -> Iterator[Finding]:
    """Bodies addressed at a date after they were merged, renamed or abolished."""
    from ecdplan.core.deadlines import last_day

    plan = compiled.plan
    period = plan.info.period
    level = plan.info.level
    for i, d in enumerate(plan.reporting):
        if d.due is not None:
            dates = [last_day(d, d.due)]
        elif d.yearly is not None:
            month, day = map(int, d.yearly.split("-"))
            dates = [last_day(d, dt.date(y, month, min(day, 28 if month == 2 else day))) for y in period.years]
        else:
            dates = [dt.date(period.end, 12, 31)]
        last = max(dates)
        dated = bool(d.due or d.yearly)
        subjects = {("to", True): N_("reporting to '{body}' is due {date}"),
                    ("by", True): N_("reporting by '{body}' is due {date}"),
                    ("to", False): N_("reporting to '{body}' reports until {year}"),
                    ("by", False): N_("reporting by '{body}' reports until {year}")}
        for key in ("to", "by"):
            text = getattr(d, key)
            if text:
                yield from _report(("reporting", i, key), subjects[key, dated],
                        {"date": f"{last:%d/%m/%Y}", "year": period.end}, text, last, level)
    end = dt.date(period.end, 12, 31)
    for i, r in enumerate(plan.responsibilities):
        yield from _report(("responsibilities", i, "body"), N_("responsibility of '{body}' runs until {year}"),
                {"year": period.end}, r.body, end, level)
    for i, iv in enumerate(plan.interventions):
        last = _last_day(iv.active_years(period))
        if last is None:
            continue
        if iv.lead:
            yield from _report(("interventions", i, "lead"), N_("{line}: lead '{body}' leads until {year}"),
                    {"line": iv.name, "year": last.year}, iv.lead, last, level)
        for k, body in enumerate(iv.cooperating):
            yield from _report(("interventions", i, "cooperating", k),
                    N_("{line}: cooperating body '{body}' cooperates until {year}"),
                    {"line": iv.name, "year": last.year}, body, last, level)
