"""The pages that read: the list of plans, one plan, and its downloads (made by the same writers as `ecdplan
export xlsx`, `report`, `calendar --ics` and `progress --report`)."""

from __future__ import annotations

from flask import Flask, abort

from ecdplan.web.pages import current_lang, page, project, send_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(app: Flask) -> None:
    app.add_url_rule("/", "index", index)
    app.add_url_rule("/plan/<path:name>", "plan", plan)
    app.add_url_rule("/source/<path:name>", "source", source)
    app.add_url_rule("/download/<kind>/<path:name>", "download", download)
    app.add_url_rule("/progress/<period>/<fmt>/<path:name>", "progress_report", progress_report)


def index():
    from ecdplan.web.views import summaries

    return page("index.html", plans=summaries(project(), current_lang()))


def plan(name: str):
    from ecdplan.web.views import plan_page

    view = plan_page(project(), name, current_lang())
    return page("plan.html", plan=view, title=view.title, name=name)


def source(name: str):
    """The plan file's text, each line with its number as an anchor (#L97): where a finding points."""
    state = project().state(name)
    return page("source.html", name=name, lines=state.text.splitlines(), title=name)


def _compiled(name: str):
    from ecdplan.errors import EcdplanError
    from ecdplan.i18n.messages import N_, Phrase

    state = project().state(name)
    if state.compiled is None or state.partial:
        raise EcdplanError(Phrase(N_("{file}: the plan cannot be used until the errors above are fixed"),
                                  file=name))
    return state.compiled


def download(kind: str, name: str):
    from ecdplan.web.views import opts

    lang = current_lang()
    compiled = _compiled(name)
    stem = compiled.plan.info.id
    if kind == "xlsx":  # as `ecdplan export xlsx`
        from ecdplan.reports.documents import workbook_document
        from ecdplan.writers.xlsx import workbook_bytes

        return send_bytes(workbook_bytes(workbook_document(compiled, opts(lang), "amounts")), f"{stem}.xlsx", XLSX)
    if kind == "html":  # as `ecdplan report`
        from ecdplan.reports.documents import report_document
        from ecdplan.writers.html import report_html

        return send_bytes(report_html(report_document(compiled, opts(lang))), f"{stem}.html",
                          "text/html; charset=utf-8")
    if kind == "ics":  # as `ecdplan calendar --ics`, which refuses a calendar with nothing dated in it
        from ecdplan.core.deadlines import calendar, to_ics
        from ecdplan.errors import EcdplanError
        from ecdplan.i18n.messages import N_, Phrase

        items = calendar([compiled.plan])
        if not items:
            raise EcdplanError(Phrase(N_("no calendar written: {plans} set no reporting deadline"), plans=stem))
        if not any(d.date for d in items):
            raise EcdplanError(Phrase(N_("no calendar written: no reporting deadline of {plans} has a date ({n} "
                                         "without one: the plan says only how often; `ecdplan calendar` lists "
                                         "them)"), plans=stem, n=len(items)))
        return send_bytes(to_ics(items, lang), f"{stem}.ics", "text/calendar; charset=utf-8")
    abort(404)


def progress_report(period: str, fmt: str, name: str):
    """The report due for a period, as `ecdplan progress PLAN FILES --report PERIOD --export xlsx|html`."""
    from ecdplan.reports.due import period_report
    from ecdplan.reports.progress import DEFAULT_BY, ProgressOptions
    from ecdplan.web.views import opts, progress_set

    if fmt not in ("xlsx", "html"):
        abort(404)
    lang = current_lang()
    _compiled(name)
    prj = project()
    ps, _ = progress_set(prj, prj.plan_path(name), prj.state(name))
    if ps is None:
        abort(404)
    document = period_report(ps, period, opts(lang).as_(ProgressOptions, by=DEFAULT_BY))
    stem = f"{ps.compiled.plan.info.id}-{period}"
    if fmt == "xlsx":
        from ecdplan.writers.progress_xlsx import progress_workbook_bytes

        return send_bytes(progress_workbook_bytes(document), f"{stem}.xlsx", XLSX)
    from ecdplan.writers.progress_html import progress_report_html

    return send_bytes(progress_report_html(document), f"{stem}.html", "text/html; charset=utf-8")
