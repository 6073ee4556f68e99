"""The language of a run: `--lang`, else `lang` in [tool.ecdplan], else the locale, else English; resolved once
per run and kept for its errors and notes."""

from __future__ import annotations

from typing import Optional

from ecdplan.i18n.numbers import Lang

_LANG: list[str] = []  # the language the running command resolved (--lang, config, locale), for its errors


def reset_lang() -> None:
    """Each run resolves its own language (tests run many in one process)."""
    _LANG.clear()


def lang_given(args: list[str]) -> str | None:
    """The --lang among the words given (`--lang vi`, `--lang=vi`; the last one wins, as for click), if it is
    one ecdplan speaks."""
    from ecdplan.vocab import LANGS

    given = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.partition("=")[2] \
            if arg.startswith("--lang=") else None
        if value in LANGS:
            given = value
    return given


def resolve_lang_option(value: Optional[Lang]) -> Lang:
    """The --lang of the root (`ecdplan --lang vi budget`) or of a command; a command without its own keeps the
    root's."""
    if value is None and _LANG:
        return Lang(_LANG[0])
    from ecdplan.source.config import resolve_lang

    lang = Lang(resolve_lang(value.value if value is not None else None))
    _LANG[:] = [lang.value]
    return lang


def given_lang_option(value: Optional[Lang]) -> Optional[Lang]:
    """The root's --lang (`ecdplan --lang vi budget …`): kept for the command when given; nothing is resolved here
    (the configuration is read by the command, where its errors are reported)."""
    if value is not None:
        _LANG[:] = [value.value]
    return value


def current_lang() -> str:
    """The running command's language; before its --lang is read, the configured or the locale's."""
    if _LANG:
        return _LANG[0]
    from ecdplan.source.config import resolve_lang
    from ecdplan.errors import EcdplanError

    try:
        return resolve_lang(None)
    except EcdplanError:  # an unreadable configuration is the error being reported
        return "en"
