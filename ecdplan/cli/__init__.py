"""The command line (typer only): commands, their options, the reader's language, output safety and the
start-up speed-ups. It parses, calls the library and writes; it holds no domain logic.

Kept light on purpose: `ecdplan.__main__` imports `ecdplan.cli.speedups` before typer and pydantic load, so this
package's `__init__` imports nothing; `app` and `main` come from `ecdplan.cli.commands` when first asked for.
"""


def __getattr__(name: str):
    if name in ("app", "main"):
        from ecdplan.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module 'ecdplan.cli' has no attribute {name!r}")
