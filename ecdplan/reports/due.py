"""The report due for a period, and the reports due soon that no progress file answers yet."""

from __future__ import annotations

from ecdplan.errors import EcdplanError
from ecdplan.i18n.messages import N_, Phrase


def period_report(ps, period: str, opts):
    """The progress report of PERIOD (a document for the xlsx and html writers), with the deadlines of the plans
    that expect it. EcdplanError if no progress file covers the period."""
    from ecdplan.core.deadlines import deadlines_expecting
    from ecdplan.core.progress import ProgressSet
    from ecdplan.reports.progress_report import report_document

    period = period.strip()
    chosen = ProgressSet(ps.compiled, [a for a in ps.items if a.period.label == period], ps.warnings, ps.left_out)
    if not chosen.items:
        raise EcdplanError(Phrase(N_("no progress file for the period {period} (given: {given})"), period=period,
                                  given=", ".join(ps.periods()) or "-"))
    plans = [ps.compiled.plan] + list({a.compiled.plan.info.id: a.compiled.plan for a in chosen.items if a.block}.values())
    due = "; ".join(filter(None, (deadlines_expecting(p, period, opts.lang) for p in plans))) or None
    return report_document(chosen, period, opts, due)


def reports_met(progress_paths: list[str]) -> tuple[set[tuple[str, str]], list[str]]:
    """The (plan id, period) pairs the progress files answer, and the plan files they report on (in order, once
    each). EcdplanError if a progress file cannot be used."""
    from ecdplan.pipeline import check_progress_file
    from ecdplan.pipeline import LinkedFiles

    met, linked, their_plans = set(), LinkedFiles(), []
    for path in progress_paths:
        result = check_progress_file(path, linked)
        if result.document is None or result.fatal:
            raise EcdplanError(Phrase(N_("{path}: the progress file cannot be used"), path=path), [result])
        met.add((result.document.plan.id, result.period.label))
        their_plans.append(result.plan_file)
    return met, list(dict.fromkeys(their_plans))
