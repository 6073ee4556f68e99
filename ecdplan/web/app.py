"""The Flask application of `ecdplan serve`: the list of plans, one plan's page, its downloads, the language
switch, and the guards (`guard.py`) every request passes. Every error is a page that says what went wrong."""

from __future__ import annotations

import secrets
import socket

from flask import Flask, Response, g, request, session
from werkzeug.exceptions import HTTPException

from ecdplan.errors import EcdplanError
from ecdplan.i18n.labels import t
from ecdplan.vocab import LANGS
from ecdplan.web import guard
from ecdplan.web.pages import LANG_COOKIE, MAX_UPLOAD_MB, current_lang, error_page, request_lang
from ecdplan.web.project import OutsideProject, Project
from ecdplan.web.texts import text


def create_app(project: Project, host: str = "127.0.0.1", port: int = 8000, password: str | None = None,
               lang: str = "vi") -> Flask:
    """The application over `project`, answering as `host:port`; with `password`, every request asks for it
    (HTTP basic authentication, any user name)."""
    app = Flask(__name__)
    app.url_map.merge_slashes = False  # "//etc/passwd" stays a name (not a plan), not a redirect
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # new at each start: sessions and tokens end with the server
        SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_NAME=f"ecdplan_{port}",  # cookies ignore ports: another local app's `session` is not ours
        MAX_CONTENT_LENGTH=MAX_UPLOAD_MB * 1024 * 1024,
        TEMPLATES_AUTO_RELOAD=False, PROPAGATE_EXCEPTIONS=False, TRAP_HTTP_EXCEPTIONS=False,
    )
    app.extensions["ecdplan"] = {"project": project, "lang": lang, "password": password,
                                 "hosts": hosts_for(host, port), "uploads": {},
                                 # named in a refusal: never the computer's other names and addresses
                                 "shown": ", ".join(f"{h}:{port}" for h in dict.fromkeys(
                                     ("127.0.0.1", "localhost", host)) if h not in ("0.0.0.0", "::", ""))}

    @app.before_request
    def _guard():
        cfg = app.extensions["ecdplan"]
        g.lang = request_lang(cfg["lang"])
        if not guard.host_ok(request.headers.get("Host"), cfg["hosts"]):
            return error_page(400, text("forbidden_host", g.lang).format(hosts=cfg["shown"]))
        if cfg["password"] is not None:
            auth = request.authorization
            if auth is None or not guard.password_ok(auth.password, cfg["password"]):
                response = error_page(401, text("password", g.lang))
                response.headers["WWW-Authenticate"] = 'Basic realm="ecdplan", charset="UTF-8"'
                return response
        if "csrf" not in session:
            session["csrf"] = guard.new_token()
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if not guard.same_origin(request.headers.get("Origin"), request.headers.get("Referer"), request.host) \
                    or not guard.token_ok(request.form.get(guard.TOKEN_FIELD), session.get("csrf")):
                return error_page(403, text("forbidden_origin", g.lang))
        return None

    @app.after_request
    def _headers(response: Response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                    "script-src 'none'; form-action 'self'; frame-ancestors 'none'")
        given = request.args.get("lang")
        if given in LANGS:
            response.set_cookie(LANG_COOKIE, given, max_age=365 * 86400, samesite="Strict", httponly=True)
        return response

    @app.errorhandler(OutsideProject)
    def _outside(exc):
        return error_page(404, exc.text(current_lang()))

    @app.errorhandler(EcdplanError)
    def _ecdplan(exc):
        return error_page(400, exc.text(current_lang()))

    @app.errorhandler(HTTPException)
    def _http(exc):
        lang = current_lang()
        if exc.code == 413:
            return error_page(413, text("too_large", lang).format(mb=MAX_UPLOAD_MB))
        if exc.code == 404:
            return error_page(404, exc.description if isinstance(exc.description, str) and
                              getattr(exc, "ecdplan", False) else text("not_found", lang))
        return error_page(exc.code or 500, f"{exc.code} {exc.name}")

    @app.errorhandler(Exception)
    def _any(exc):
        app.logger.error("internal error: %s: %s", type(exc).__name__, exc)
        return error_page(500, text("internal", current_lang()) + f" ({type(exc).__name__})")

    from ecdplan.i18n.numbers import format_number

    @app.template_filter("num")
    def _num(value, decimals: int) -> str:  # a figure of a report's document, through the one display route
        return "" if value is None else format_number(value, decimals, current_lang())

    from ecdplan.web import forms, routes

    routes.register(app)
    forms.register(app)
    return app


def hosts_for(host: str, port: int) -> set[str]:
    allowed = guard.allowed_hosts(host, port)
    if host in ("0.0.0.0", "::", ""):  # every interface: the computer's own names and addresses too
        try:
            name, aliases, addresses = socket.gethostbyname_ex(socket.gethostname())
            for n in [name, *aliases, *addresses]:
                allowed.add(f"{n.lower()}:{port}")
        except OSError:
            pass
    return allowed


