"""The command line (typer only): commands, their options, the reader's language, output safety and the
start-up speed-ups. It parses, calls the library and writes; it holds no domain logic.

Kept light on purpose: the entry point (`ecdplan.cli.entry.main`) switches the start-up speed-ups on
(ecdplan.cli.speedups) before typer and pydantic load, so this package's `__init__` imports nothing; `app`
comes from `ecdplan.cli.commands` and `main` from `ecdplan.cli.entry` when first asked for.
"""


def __getattr__(name: str):
    if name == "app":
        from ecdplan.cli import commands

        return commands.app
    if name == "main":
        from ecdplan.cli.entry import main

        return main
    raise AttributeError(f"module 'ecdplan.cli' has no attribute {name!r}")
