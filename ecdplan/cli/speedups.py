"""Start-up of the command line: the code of dataclass methods, compiled once and kept (and the configuration
read from pyproject.toml, parsed once); `secrets` loaded when first used.

`dataclasses` writes the source of each class's `__init__`, `__repr__`, `__eq__` ... and compiles it every
time the class is made: a `validate` makes ~290 such methods (pydantic's, annotated_types', typer's and
ecdplan's own classes), ~15 ms of compiling at every start, always the same texts. On the command line
(`ecdplan.__main__`, before typer and pydantic load), `dataclasses` gets an `exec` that takes the compiled
code of a text it has seen before from a file beside ecdplan's bytecode, and compiles a new text as
`exec` would (file '<string>', no inherited `__future__` flags: the same code object). New texts are
added to the file when the process ends, under the rules Python follows for bytecode: not with
PYTHONDONTWRITEBYTECODE (`sys.dont_write_bytecode`), never where it cannot write. Only the command line:
importing `ecdplan` as a library changes nothing.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys

MOST = 4000  # texts kept: more means the file holds texts of old library versions; start again

_state: dict = {}


def _path() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                        f"dataclass-code.{sys.implementation.cache_tag}.marshal")


def cache_dataclass_code() -> None:
    """Give `dataclasses` an `exec` that reuses compiled code (see the module's docstring)."""
    import dataclasses

    if _state or sys.implementation.cache_tag is None or "exec" in vars(dataclasses):
        return
    try:
        with open(_path(), "rb") as f:
            known = marshal.loads(f.read())
        if type(known) is not dict:
            known = {}
    except (OSError, EOFError, ValueError, TypeError):
        known = {}
    new: dict = {}
    real_exec = builtins.exec

    def exec(source, globals=None, locals=None, /):  # noqa: A001 (dataclasses calls exec(text, globals, ns))
        if source.__class__ is str:
            code = known.get(source)
            if code is None:
                code = new[source] = compile(source, "<string>", "exec", dont_inherit=True)
            source = code
        return real_exec(source, globals, locals)

    dataclasses.exec = exec
    _state.update(known=known, new=new)


class _Tomllib:
    """`tomllib`, imported when one of its attributes is first asked for (config catches its error only when
    there is one)."""

    def __getattr__(self, name: str):
        import tomllib

        return getattr(tomllib, name)


tomllib = _Tomllib()


def parse_toml(text: str) -> dict:
    """`tomllib.loads(text)`. On the command line (once cache_dataclass_code has run), the result for a text
    parsed before is taken from the same file: the command line reads pyproject.toml at every start, for
    `[tool.ecdplan]` (tomllib's import and parse: ~2 ms). Only what marshal can hold is kept (not TOML dates);
    each call returns a new object."""
    known = _state.get("known")
    key = ("toml", text)
    if known is not None:
        kept = known.get(key)
        if kept.__class__ is bytes:
            try:
                return marshal.loads(kept)
            except (EOFError, ValueError, TypeError):
                pass
    import tomllib as real

    parsed = real.loads(text)
    if known is not None:
        try:
            _state["new"][key] = marshal.dumps(parsed)
        except ValueError:  # a date or a time: not kept
            pass
    return parsed


def save_dataclass_code() -> None:
    """Add the texts compiled (and TOML parsed) in this process to the file (when there are any, and bytecode
    may be written)."""
    new = _state.get("new")
    if not new or sys.dont_write_bytecode or sys.pycache_prefix is not None:
        return
    known = _state["known"]
    kept = {**known, **new} if len(known) + len(new) <= MOST else dict(new)
    path = _path()
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as f:
            marshal.dump(kept, f)
        os.replace(temporary, path)
    except (OSError, ValueError):
        try:
            os.unlink(temporary)
        except OSError:
            pass
    new.clear()


def defer_secrets() -> None:
    """`secrets` loaded when it is first used, not when pydantic imports it: pydantic uses it only to compare
    secret values, and loading it loads hmac, hashlib and OpenSSL (~2.5 ms). Until then `secrets` is a stand-in
    whose attributes, when asked for, come from the real module (loaded then, and put in its place)."""
    import types

    if "secrets" in sys.modules:
        return
    stand_in = types.ModuleType("secrets", "ecdplan's stand-in until secrets is used (see ecdplan.cli.speedups)")

    def real(attr: str):
        if attr.startswith("__"):  # the import system probes __path__ and the like
            raise AttributeError(attr)
        if sys.modules.get("secrets") is stand_in:
            del sys.modules["secrets"]
        import importlib

        return getattr(importlib.import_module("secrets"), attr)

    stand_in.__getattr__ = real
    sys.modules["secrets"] = stand_in
