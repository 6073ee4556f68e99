"""Start-up speed-ups of the command line, every one of them in this module.

`ecdplan` runs as a short-lived process, and most of a small plan's run is start-up. The tricks below make it
shorter; `ECDPLAN_NO_SPEEDUPS=1` switches every one off, and the outputs are the same either way (stdout,
stderr, exit status, files written: tests/test_startup.py runs the commands both ways). Only the command line's
entry point (`ecdplan.cli.entry.main`) applies them: importing `ecdplan` as a library applies none.

Each trick that relies on a library's internals first checks that they are what it expects, and otherwise does
nothing (the command line is then as fast as without it, never broken).

Nothing is kept between runs: Python's own bytecode is the only cache. (A cache of the compiled code of
dataclass methods and one of the parsed pyproject.toml were removed: they never filled under
PYTHONDONTWRITEBYTECODE, a damaged file could crash every later run, and a cache of configuration is code run
at every start.)

The figures ("measured" below): `python bench/tricks.py`, paired runs of the Gia Lai plan's commands with every
trick against all but one, the median of the per-pair ratios (above 1 the trick saves time); 15 pairs (25 for
tabulate and plugins on the reports), on the shared 2-core development machine under heavy load (load average
4-7), 4/12/2026. The same command on both sides of a pair (the noise) gave 1.00-1.03. All of them together:
validate 1.57, budget --by-source 1.39-1.52, rollout --year 2025 1.41, --help 1.49. Dropped for being within
the noise: `secrets` loaded when first used (1.013-1.018).
"""

from __future__ import annotations

import errno
import os
import sys

# every trick apply() knows; bench/tricks.py measures each by leaving it out
TRICKS = ("gc", "plugins", "lean-app", "tabulate", "fast-exit")
SWITCH = "ECDPLAN_NO_SPEEDUPS"

_applied: set[str] = set()


def switched_off(environ=None) -> bool:
    """Whether ECDPLAN_NO_SPEEDUPS asks for none of them (any value but empty or 0)."""
    return (os.environ if environ is None else environ).get(SWITCH, "") not in ("", "0")


def apply(tricks: tuple[str, ...] | None = None) -> None:
    """Switch on the tricks (by default every one of TRICKS), unless ECDPLAN_NO_SPEEDUPS is set. The command line
    calls it first, before typer and pydantic load."""
    if switched_off():
        return
    tricks = TRICKS if tricks is None else tricks
    if "gc" in tricks:
        import gc

        # Cyclic garbage collection off: the command line makes no cyclic garbage worth collecting, and the
        # imports of typer and pydantic alone trigger ~40 collections. Measured: validate 1.078, --help 1.071,
        # budget 1.034 (noise 1.031); a 20,000-line plan's validate 7.4 s -> 3.2 s (issue 12), peak memory the same.
        gc.disable()
        _applied.add("gc")
    if "plugins" in tricks and skip_plugin_discovery():
        _applied.add("plugins")
    _applied.update(t for t in ("lean-app", "tabulate", "fast-exit") if t in tricks)


def applied(trick: str) -> bool:
    return trick in _applied


# --- pydantic's plugins -----------------------------------------------------------------------------------------

PLUGINS_OFF = ("__all__", "1", "true")  # the values of PYDANTIC_DISABLE_PLUGINS that pydantic reads as "none"
# what pydantic.plugin._loader.get_plugins does when plugins are off (pydantic 2.x): return no plugins at once
LOADER_SAYS = ("def get_plugins()", "elif disabled_plugins in ('__all__', '1', 'true'):\n        return ()")


def skip_plugin_discovery(loader: str | None = None) -> bool:
    """No pydantic plugins on the command line, and `pydantic.plugin._loader` not imported: its import alone
    loads importlib.metadata (~10 ms) only for its `get_plugins` to find, at the first model, that plugins are
    off. PYDANTIC_DISABLE_PLUGINS (pydantic's documented switch) is set unless the user set it, and a stand-in
    module gives `get_plugins` as pydantic's own gives it then: no plugins. Only when the loader's source
    (`loader`: its path; by default pydantic's, found without importing pydantic) says exactly that; whatever
    else is asked of the stand-in comes from the real module. Whether it was applied.

    Measured: validate 1.114, budget --by-source 1.086, rollout --year 2025 1.043, --help 1.058."""
    name = "pydantic.plugin._loader"
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if name in sys.modules or os.environ["PYDANTIC_DISABLE_PLUGINS"] not in PLUGINS_OFF:
        return False
    if loader is None:
        loader = _pydantic_file("plugin", "_loader.py")
    try:
        with open(loader, encoding="utf-8") as f:
            source = f.read()
    except (OSError, TypeError, ValueError):
        return False
    if not all(part in source for part in LOADER_SAYS):
        return False
    import types

    stand_in = types.ModuleType(name, "ecdplan's stand-in: no pydantic plugins on the command line")

    def real(attr: str):
        if attr.startswith("__"):  # the import system probes __path__ and the like
            raise AttributeError(attr)
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        import importlib

        return getattr(importlib.import_module(name), attr)

    stand_in.get_plugins = tuple  # () : no plugins
    stand_in.__getattr__ = real
    sys.modules[name] = stand_in
    return True


def _pydantic_file(*parts: str) -> str | None:
    """The path of a file of the installed pydantic, found as the import system would, without importing it."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("pydantic")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(list(spec.submodule_search_locations)[0], *parts)


# --- building only the command that runs --------------------------------------------------------------------------

def lean_app(app, argv: list[str]):
    """`app` with only the command ARGV names built: typer builds every parameter of every registered command,
    pydantic adapters included, before dispatching. With no known command (`--help`, `--version`, a typo), every
    command is listed, each by its name and help text only (so `--help` and "Did you mean" are unchanged).
    `app` itself when the trick is off, or when typer's app is not made as this expects.

    Measured: validate 1.147, budget --by-source 1.052, --help 1.204."""
    if not applied("lean-app") or not _typer_is_known(app):
        return app
    import copy
    import inspect

    name = _command_word(argv)
    lean = copy.copy(app)
    commands = [c for c in app.registered_commands if command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        lean.registered_commands, lean.registered_groups = commands, groups
        return lean
    lean.registered_commands = []
    for info in app.registered_commands:
        listed = copy.copy(info)
        listed.name, listed.callback = command_name(info), listed_only
        listed.help = info.help if info.help is not None else inspect.getdoc(info.callback)
        lean.registered_commands.append(listed)
    return lean


ROOT_VALUE_OPTIONS = ("--lang",)  # options of the root group that take a value (`ecdplan --lang vi validate`)


def _command_word(argv: list[str]) -> str | None:
    """The command ARGV names: its first word that is neither an option nor a root option's value."""
    words = iter(argv)
    for word in words:
        if word in ROOT_VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _typer_is_known(app) -> bool:
    """typer's app as lean_app knows it (typer 0.9-0.29): lists of registered commands (name, callback, help) and
    groups (name), and typer.main.get_command_name."""
    import typer.main

    commands, groups = getattr(app, "registered_commands", None), getattr(app, "registered_groups", None)
    return (isinstance(commands, list) and isinstance(groups, list) and callable(getattr(typer.main,
                                                                                        "get_command_name", None))
            and all(hasattr(c, "name") and hasattr(c, "help") and callable(getattr(c, "callback", None))
                    for c in commands)
            and all(hasattr(g, "name") for g in groups))


def command_name(info) -> str:
    """The name a registered command (typer CommandInfo) is invoked by."""
    import typer.main

    return info.name or typer.main.get_command_name(info.callback.__name__)


def listed_only() -> None:
    """Stands in for a command in the list of `ecdplan --help` (it is never run)."""


# --- tabulate without importlib.metadata --------------------------------------------------------------------------

# how tabulate (0.9-0.10) begins: importlib.metadata is imported only for these two names, for its __version__
TABULATE_BEGINS = ('"""Pretty-print tabular data."""\n\nfrom importlib.metadata import (\n    version as _version,\n'
                   '    PackageNotFoundError as _PackageNotFoundError,\n)\n')


def tabulate_function(source: str | None = None):
    """tabulate's `tabulate` function. Reports import tabulate, which imports importlib.metadata (~15 ms) only to
    read its own version: on the command line it is imported with a stand-in for importlib.metadata, present only
    while tabulate is imported (its `__version__` reads 'unknown'; nothing else changes). Only when tabulate's
    source (`source`: its beginning; by default the installed module's) begins as expected.

    Measured: budget --by-source 1.054 (noise 1.021), rollout --year 2025 1.064 (noise 1.016), 25 pairs."""
    if (applied("tabulate") and "tabulate" not in sys.modules and "importlib.metadata" not in sys.modules
            and (source if source is not None else _tabulate_beginning()) == TABULATE_BEGINS):
        import types

        stand_in = types.ModuleType("importlib.metadata", "ecdplan's stand-in while tabulate is imported")

        class PackageNotFoundError(ModuleNotFoundError):
            pass

        def version(name: str) -> str:
            raise PackageNotFoundError(name)

        stand_in.PackageNotFoundError, stand_in.version = PackageNotFoundError, version
        sys.modules["importlib.metadata"] = stand_in
        try:
            import tabulate  # noqa: F401
        finally:
            if sys.modules.get("importlib.metadata") is stand_in:
                del sys.modules["importlib.metadata"]
    from tabulate import tabulate

    return tabulate


def _tabulate_beginning() -> str | None:
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("tabulate")
    if spec is None or not spec.origin:
        return None
    try:
        with open(spec.origin, encoding="utf-8") as f:
            return f.read(len(TABULATE_BEGINS))
    except (OSError, ValueError):
        return None


# --- the end of the process -------------------------------------------------------------------------------------

def exit_now(status) -> None:
    """End the process with STATUS (as `sys.exit` takes it) after flushing stdout and stderr; a closed stdout pipe
    gives status 1, as click does for EPIPE; any other failure to write it (a full disk) is said in one line, status 2. With the trick on, `os._exit`: no interpreter teardown (module
    clean-up and a last garbage collection, ~25 ms on large plans).

    Measured: validate 1.216, budget --by-source 1.149, --help 1.141."""
    if status is None:
        status = 0
    elif not isinstance(status, int):
        print(status, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError) as exc:
            status = status or 1
            if isinstance(exc, OSError) and exc.errno != errno.EPIPE and stream is sys.stdout:  # a full disk: say so
                from ecdplan.cli import streams

                streams.report(streams.environment_failure(exc))
                status = 2
            try:  # what is left in the buffer goes nowhere, not into a second error at the interpreter's exit
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)
            except (OSError, ValueError):
                pass
    if applied("fast-exit"):
        os._exit(status)
    sys.exit(status)
