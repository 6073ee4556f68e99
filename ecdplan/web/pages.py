"""What every page shares: the reader's language (?lang=, its cookie, else the server's), the project served, a
template rendered with the page's words and token, an error as a page, a file to download."""

from __future__ import annotations

from flask import Response, current_app, g, make_response, render_template, request, session

from ecdplan.i18n.labels import t
from ecdplan.vocab import LANGS
from ecdplan.web.project import Project
from ecdplan.web.texts import text, texts

MAX_UPLOAD_MB = 10
LANG_COOKIE = "ecdplan_lang"


def request_lang(default: str) -> str:
    given = request.args.get("lang")
    if given in LANGS:
        return given
    kept = request.cookies.get(LANG_COOKIE)
    return kept if kept in LANGS else default


def current_lang() -> str:
    return getattr(g, "lang", None) or "vi"


def project() -> Project:
    return current_app.extensions["ecdplan"]["project"]


def page(template: str, status: int = 200, **context) -> Response:
    lang = current_lang()
    context.setdefault("title", text("app", lang))
    html = render_template(template, tx=texts(lang), lang=lang, other_lang="en" if lang == "vi" else "vi",
                           csrf=session.get("csrf", ""), **context)
    return make_response(html, status)


def error_page(status: int, message: str) -> Response:
    try:
        return page("error.html", status, message=message, code=status)
    except Exception as exc:  # the error page itself failed: a plain page, still no traceback
        current_app.logger.error("error page: %s: %s", type(exc).__name__, exc)
        from html import escape

        return make_response(f"<!DOCTYPE html><title>ecdplan</title><p>{escape(message)}</p>", status)


def send_bytes(data: bytes | str, filename: str, mimetype: str) -> Response:
    from urllib.parse import quote

    body = data.encode("utf-8") if isinstance(data, str) else data
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    response.headers["Content-Disposition"] = \
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response


