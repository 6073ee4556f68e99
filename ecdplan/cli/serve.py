"""`ecdplan serve`: the project's plans in a local web page (the optional extra `web`: Flask, imported here only
when the command runs, so the rest of the command line starts as lean as before)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ecdplan.cli.app import app
from ecdplan.cli.options import LangOpt
from ecdplan.cli.output import fail, tell
from ecdplan.i18n.messages import N_, Phrase


@app.command(help=N_("A local web page over the project's plans ([tool.ecdplan] plans) or the files given: browse "
                     "them, see each finding beside what it concerns, edit a line or the heading, import an Excel "
                     "appendix or a Word plan, download the appendix, report, calendar and progress report.\n"
                     "\n"
                     "Needs the extra `web` (pip install 'ecdplan[web]'). Listening beyond 127.0.0.1 needs "
                     "--password."))
def serve(
    plans: Annotated[Optional[list[Path]], typer.Argument(
        help=N_("Plan files; default: the plans named by [tool.ecdplan] in pyproject.toml or ecdplan.toml."),
        show_default=False)] = None,
    host: Annotated[str, typer.Option("--host", help=N_("Address to listen on; beyond 127.0.0.1 a password is "
                                                       "required."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help=N_("Port to listen on (0: any free "
                                                                         "port)."))] = 8000,
    no_browser: Annotated[bool, typer.Option("--no-browser", help=N_("Do not open the page in a browser."))] = False,
    password: Annotated[Optional[str], typer.Option(
        "--password", envvar="ECDPLAN_PASSWORD", show_default=False, show_envvar=True,
        help=N_("Password the browser asks for (any user name); required with a --host beyond 127.0.0.1."))] = None,
    lang: LangOpt = None,
) -> None:
    from ecdplan.web.guard import is_local

    if not is_local(host) and not password:
        raise fail(Phrase(N_("--host {host} lets other computers reach the plans: give --password (or set "
                             "ECDPLAN_PASSWORD) to listen beyond 127.0.0.1"), host=host))
    try:
        import flask  # noqa: F401
    except ImportError:
        raise fail(Phrase(N_("ecdplan serve needs the web extra: pip install 'ecdplan[web]'"))) from None
    from ecdplan.web.project import Project

    project = Project.open(plans or None)
    try:
        server, url = start(project, host, port, password or None, lang.value)
    except OSError as exc:  # the port is taken, the address is not this computer's
        raise fail(Phrase(N_("cannot listen on {host}:{port}: {reason}"), host=host, port=port,
                          reason=exc.strerror or str(exc))) from None
    tell(Phrase(N_("serving {n} plan(s) of {root} at {url} (Ctrl+C to stop)"), n=len(project.plans),
                root=project.root, url=url))
    if not no_browser and has_display():
        import threading
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def has_display(environ=None) -> bool:
    """Whether a graphical browser can open: on Linux and the BSDs only with a display (without one, Python's
    webbrowser would start a text browser in this terminal, over the server's messages)."""
    import os
    import sys

    environ = os.environ if environ is None else environ
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    return True


def start(project, host: str, port: int, password: str | None, lang: str):
    """The server bound to host:port (port 0: a free one) with the application on it, and its address."""
    import gc
    import socket

    from werkzeug.serving import make_server

    from ecdplan.web.app import create_app

    gc.enable()  # the command line's start-up switches it off; a server runs for hours
    # bound here, so that a port in use is an OSError to report (werkzeug would print and exit 1 by itself)
    listening = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(128)
        held: dict = {}
        server = make_server(host, port, lambda environ, respond: held["app"](environ, respond), threaded=True,
                             fd=listening.fileno())
    finally:
        listening.close()  # the server holds its own copy of the socket
    bound = server.socket.getsockname()[1]
    held["app"] = create_app(project, host, bound, password, lang)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
    return server, f"http://{shown}:{bound}/"
