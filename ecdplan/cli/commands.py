"""The `ecdplan` command line: `app` with every command registered (in the order `ecdplan --help` lists them),
and the console entry point.

The commands live by family (`check`, `reports`, `documents`, `places`), over `app` (`cli.app`), the shared
options (`cli.options`), the run's language (`cli.language`) and what is written (`cli.output`). Heavy modules
(pydantic, yaml, tabulate) are imported inside the commands, so `ecdplan --help` and `ecdplan rules` start fast.
"""

from __future__ import annotations

import gc
import os
import sys

import typer

# each module registers its commands on `app`, in this order (the order of `ecdplan --help`)
from ecdplan.cli import check  # noqa: F401, I001
from ecdplan.cli import reports  # noqa: F401, I001
from ecdplan.cli import documents  # noqa: F401, I001
from ecdplan.cli import places  # noqa: F401, I001
from ecdplan.cli.app import app


def main() -> None:
    """Console entry point: no traceback reaches the user unless ECDPLAN_DEBUG is set.

    A short-lived process, so start-up is tuned here and only here (never when ecdplan is imported as a
    library; see README "Performance"): no cyclic garbage collection, no pydantic plugin discovery, only the
    command that runs is built, and the process ends without the interpreter's teardown.
    """
    # the CLI makes no cyclic garbage worth collecting: collections cost up to half the run on large plans
    # (ecdplan.__main__ already did this before the imports; here for callers of ecdplan.cli.commands:main)
    gc.disable()
    # the command line uses no pydantic plugins: skip their discovery (it scans every installed package)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_loader()
    # tables are written with tabulate, imported without importlib.metadata (see render._tabulate)
    from ecdplan.writers import render

    render.LEAN_TABULATE = True
    try:
        # shell completion needs every command's options; a normal run builds only the one that runs
        (app if "_ECDPLAN_COMPLETE" in os.environ else lean_app(sys.argv[1:]))()
    except SystemExit as exc:
        status = exc.code
    except KeyboardInterrupt:
        status = 130
    except Exception as exc:  # an ecdplan bug: say so plainly, keep exit status 2
        if os.environ.get("ECDPLAN_DEBUG"):
            raise
        print(f"ecdplan: internal error ({type(exc).__name__}: {exc}); please report it with the plan file "
              "(set ECDPLAN_DEBUG=1 for details)", file=sys.stderr)
        status = 2
    else:
        status = 0
    _exit_now(status)


def _skip_plugin_loader() -> None:
    """With plugins disabled, stand in for `pydantic.plugin._loader`: importing it imports importlib.metadata
    (~10 ms) only to find, at the first model, that plugins are off."""
    name = "pydantic.plugin._loader"
    if name in sys.modules or os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    import types

    stub = types.ModuleType(name, "ecdplan's stand-in: no pydantic plugins on the command line")

    def _real(attr: str):  # anything else pydantic may want from it: load the real module
        import importlib

        if attr.startswith("__"):  # the import system probes __path__ and the like
            raise AttributeError(attr)
        sys.modules.pop(name, None)
        return getattr(importlib.import_module(name), attr)

    stub.get_plugins = tuple  # () : no plugins
    stub.__getattr__ = _real
    sys.modules[name] = stub


def command_name(info) -> str:
    """The name a registered command (typer CommandInfo) is invoked by."""
    return info.name or typer.main.get_command_name(info.callback.__name__)


def _listed_only() -> None:
    """Stands in for a command in the list of `ecdplan --help` (it is never run)."""


def lean_app(argv: list[str]) -> typer.Typer:
    """`app` with only the command ARGV names built (typer builds every parameter of every registered command,
    pydantic adapters included, before dispatching). With no known command (`--help`, `--version`, a typo),
    every command is listed, each by its name and help text only."""
    import copy
    import inspect

    name = next((a for a in argv if not a.startswith("-")), None)
    lean = copy.copy(app)
    commands = [c for c in app.registered_commands if command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        lean.registered_commands, lean.registered_groups = commands, groups
        return lean
    lean.registered_commands = []
    for info in app.registered_commands:
        listed = copy.copy(info)
        listed.name, listed.callback = command_name(info), _listed_only
        listed.help = info.help if info.help is not None else inspect.getdoc(info.callback)
        lean.registered_commands.append(listed)
    return lean


def _exit_now(status) -> None:
    """End the process with STATUS (as `sys.exit` would take it) after flushing stdout and stderr, skipping
    the interpreter's teardown (module clean-up and a last garbage collection: ~25 ms on large plans)."""
    if status is None:
        status = 0
    elif not isinstance(status, int):
        print(status, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: as click does for EPIPE, status 1
            status = status or 1
    from ecdplan.cli.speedups import save_dataclass_code

    save_dataclass_code()  # what start-up compiled for the first time, for the next run
    os._exit(status)
