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
    server, url = start(project, host, port, password or None, lang.value)
    tell(Phrase(N_("serving {n} plan(s) of {root} at {url} (Ctrl+C to stop)"), n=len(project.plans),
                root=project.root, url=url))
    if not no_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def start(project, host: str, port: int, password: str | None, lang: str):
    """The server bound to host:port (port 0: a free one) with the application on it, and its address."""
    import gc

    from werkzeug.serving import make_server

    from ecdplan.web.app import create_app

    gc.enable()  # the command line's start-up switches it off; a server runs for hours
    held: dict = {}
    server = make_server(host, port, lambda environ, respond: held["app"](environ, respond), threaded=True)
    bound = server.server_port
    held["app"] = create_app(project, host, bound, password, lang)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
    return server, f"http://{shown}:{bound}/"
