"""The pages that write: a line's or the heading's form, saved through the YAML editing library and checked
again; an uploaded Excel appendix or Word plan, shown as read, then written as a new plan file of the project.
Every POST has passed the guards (same origin, the session's token) before it comes here."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from flask import Flask, abort, redirect, request, url_for

from ecdplan.errors import EcdplanError
from ecdplan.i18n.labels import t
from ecdplan.i18n.messages import N_, Phrase
from ecdplan.web import editing
from ecdplan.web.pages import current_lang, page, project
from ecdplan.web.texts import text

UPLOAD_SUFFIXES = (".xlsx", ".docx")
KEPT_UPLOADS = 8  # uploads waiting for confirmation; the oldest is dropped beyond


def register(app: Flask) -> None:
    app.add_url_rule("/edit/line/<line>/<path:name>", "edit_line", edit_line, methods=["GET", "POST"])
    app.add_url_rule("/edit/heading/<path:name>", "edit_heading", edit_heading, methods=["GET", "POST"])
    app.add_url_rule("/upload", "upload", upload, methods=["GET", "POST"])
    app.add_url_rule("/upload/confirm", "upload_confirm", upload_confirm, methods=["POST"])


def bad(template: str, **params) -> EcdplanError:
    return EcdplanError(Phrase(template, params))


# --- a line ----------------------------------------------------------------------------------------------------------

def _line(state, line: str):
    if state.compiled is None:
        raise bad(N_("{file}: the plan cannot be used until the errors above are fixed"), file=state.result.file)
    iv = next((i for i in state.compiled.plan.interventions if i.id == line), None)
    if iv is None:
        abort(404)
    return iv


def line_values(iv, plan) -> dict:
    funding = {f.source: f for f in iv.funding()}
    return {
        "cost": "" if iv.cost is None or iv.cost.total is None else str(iv.cost.total),
        "communes": {y: iv.communes_by_year().get(y) for y in plan.info.period.years},
        "sources": [(s.id, s.label, s.id in funding,
                     "" if s.id not in funding or funding[s.id].share is None else str(funding[s.id].share))
                    for s in plan.sources],
        "lead": iv.lead or "",
    }


def _decimal(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise bad(N_("{what}: {value} is not a number"), what=what, value=repr(text)) from None
    if not value.is_finite() or value < 0:
        raise bad(N_("{what}: {value} is not a number"), what=what, value=repr(text))
    return value


def line_fields(form, before: dict) -> dict:
    """The fields of the form that differ from the file's values, as the editing library takes them."""
    fields: dict = {}
    cost = form.get("cost", "").strip()
    if cost != before["cost"] and cost:
        value = _decimal(cost, "cost")
        fields["cost"] = int(value) if value == value.to_integral_value() else value
    communes, changed = {}, False
    for year, old in before["communes"].items():
        given = form.get(f"communes_{year}", "").strip()
        if given and not given.isdigit():
            raise bad(N_("{what}: {value} is not a number"), what=str(year), value=repr(given))
        changed |= given != ("" if old is None else str(old))
        if given:
            communes[year] = int(given)
    if changed:  # every year of the form: phases keep their `where` when each phase keeps one count
        fields["communes"] = communes
    chosen = {}
    for sid, _, used, share in before["sources"]:
        if form.get(f"source_{sid}"):
            given = form.get(f"share_{sid}", "").strip()
            chosen[sid] = _decimal(given, sid) if given else None
    was = {sid: (Decimal(share) if share else None) for sid, _, used, share in before["sources"] if used}
    if chosen != was:  # {id: share as written, or None for the id alone}
        fields["sources"] = {sid: (None if v is None else str(v)) for sid, v in chosen.items()}
    lead = form.get("lead", "").strip()
    if lead != before["lead"] and lead:
        fields["lead"] = lead
    return fields


def edit_line(line: str, name: str):
    prj = project()
    state = prj.state(name)
    iv = _line(state, line)
    before = line_values(iv, state.compiled.plan)
    if request.method == "GET":
        return page("edit_line.html", name=name, line=iv, values=before, digest=state.digest,
                    findings=_findings(state, f"line:{line}"))
    return _save(name, state, lambda edit, text: edit.line_changes(text, line, **line_fields(request.form, before)))


# --- the heading -----------------------------------------------------------------------------------------------------

HEADING = ("title", "number", "date", "issuer", "period")


def heading_values(plan) -> dict:
    info = plan.info
    period = info.period
    return {"title": info.title or "", "number": info.number or "", "date": str(info.date or ""),
            "issuer": info.issuer or "",
            "period": str(period.start) if period.start == period.end else f"{period.start}-{period.end}"}


def edit_heading(name: str):
    prj = project()
    state = prj.state(name)
    if state.compiled is None:
        raise bad(N_("{file}: the plan cannot be used until the errors above are fixed"), file=name)
    before = heading_values(state.compiled.plan)
    if request.method == "GET":
        return page("edit_heading.html", name=name, values=before, digest=state.digest,
                    findings=_findings(state, "heading"))
    fields = {k: request.form.get(k, "").strip() for k in HEADING}
    fields = {k: v for k, v in fields.items() if v and v != before[k]}
    return _save(name, state, lambda edit, text: edit.heading_changes(text, **fields))


def _findings(state, target: str):
    from ecdplan.web.views import finding_views

    return [f for f in finding_views(state.result.findings, current_lang(), project().root) if f.target == target]


def _save(name: str, state, changes_of):
    """Save the form's changes if the file is still the one the form was made from; then show the diff and the
    findings of the plan as it now is."""
    lang = current_lang()
    path = project().plan_path(name)  # the plan of the project named, never a path from the form
    expected = request.form.get("hash", "")
    current = project().state(name)
    if expected != current.digest:  # the file changed since the form was made: refused, nothing written
        return page("message.html", 409, message=text("stale", lang), name=name, stale=True)
    edit = editing.library()
    if edit is None:
        return page("message.html", 501, message=text("no_editing", lang), name=name)
    try:
        changes = changes_of(edit, current.text)
        if not changes:
            return page("message.html", 200, message=text("no_change", lang), name=name)
        edited = edit.save(path, changes, expected)
    except edit.EditRefused as exc:
        if editing.is_stale(exc):
            return page("message.html", 409, message=text("stale", lang), name=name, stale=True)
        message = exc.text(lang) if hasattr(exc, "text") else str(exc)
        return page("message.html", 400, message=message, name=name)
    after = project().state(name)
    from ecdplan.web.views import finding_views

    was = {(f.code, f.path, f.message) for f in current.result.findings}
    findings = finding_views(after.result.findings, lang, project().root)
    for view, f in zip(findings, after.result.findings):
        view.new = (f.code, f.path, f.message) not in was
    return page("saved.html", name=name, diff=edited.diff, changed=edited.changed_lines, findings=findings)


# --- an upload -------------------------------------------------------------------------------------------------------

def _uploads() -> dict:
    from flask import current_app

    return current_app.extensions["ecdplan"]["uploads"]


def upload():
    lang = current_lang()
    if request.method == "GET":
        return page("upload.html")
    given = request.files.get("file")
    if given is None or not given.filename:
        raise bad(N_("choose a file to import"))
    suffix = Path(given.filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise bad(N_("{file}: import takes an Excel appendix (.xlsx) or a Word plan (.docx)"), file=given.filename)
    folder = tempfile.mkdtemp(prefix="ecdplan-upload-")
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in Path(given.filename).stem)[:60] or "upload"
    path = Path(folder) / f"{stem}{suffix}"
    given.save(path)
    from ecdplan.source.office import import_file

    imported = import_file(path)
    token = secrets.token_urlsafe(16)
    uploads = _uploads()
    while len(uploads) >= KEPT_UPLOADS:  # the oldest waiting upload is dropped
        old_folder, _ = uploads.pop(next(iter(uploads)))
        shutil.rmtree(old_folder, ignore_errors=True)
    uploads[token] = (folder, imported)
    from ecdplan.i18n.messages import in_lang
    from ecdplan.web.views import finding_views

    text = imported.yaml(lang) if imported.plan is not None else ""
    return page("upload_preview.html", token=token, original=given.filename, text=text,
                judgements=[(where, str(in_lang(what, lang))) for where, what in imported.judgements],
                findings=finding_views(imported.findings, lang), usable=imported.plan is not None)


def upload_confirm():
    lang = current_lang()
    token = request.form.get("token", "")
    entry = _uploads().pop(token, None)
    if entry is None:
        raise bad(N_("this upload is no longer waiting; upload the file again"))
    folder, imported = entry
    try:
        if imported.plan is None:
            raise bad(N_("{file}: nothing was imported"), file=Path(imported.file).name)
        prj = project()
        target_dir = (prj.default or prj.plans[0]).parent
        from ecdplan.web.project import inside, new_plan_name

        if not inside(target_dir, prj.root):
            abort(403)
        heading = imported.plan.get("plan") if isinstance(imported.plan, dict) else None
        plan_id = (heading.get("id") if isinstance(heading, dict) else None) or Path(imported.file).stem
        target = new_plan_name(target_dir, str(plan_id))
        with open(target, "x", encoding="utf-8", newline="") as f:  # never over an existing file
            f.write(imported.yaml(lang))
        name = prj.add_plan(target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return redirect(url_for("plan", name=name))


