"""The command line's help (`ecdplan budget --help --lang vi`) in the reader's language.

typer builds click commands from the texts written in `cli` (each marked N_, so they are in the catalogue);
before a run parses its arguments, `in_language` replaces each command's, argument's and option's text with
its translation, and gives the headings typer writes ("Options", "[default: …]") and click's "Usage:" prefix in
that language. Only the run's own, freshly built commands are changed. Imported only for a language other
than English.

typer's headings come from a private name, `typer.core._` (the gettext typer calls). A typer without it (or with
something else under that name) gets the help in English, whole: never a run that fails for it, never help
half in one language.
"""

from __future__ import annotations

import inspect
from typing import Any

from ecdplan.i18n.labels import N_, t

# texts typer and click write themselves (typer.core passes them through gettext, which ecdplan does not use)
TYPER_TEXTS = (N_("Show this message and exit."), N_("Show the version and exit."),
               N_("Install completion for the current shell."),
               N_("Show completion for the current shell, to copy it or customize the installation."),
               N_("Arguments"), N_("Options"), N_("Commands"), N_("default: {default}"), N_("required"),
               N_("env var: {var}"), N_("(dynamic)"), N_("[default: {}]"), N_("[required]"), N_("Aborted!"))


def in_language(group: Any, lang: str) -> None:
    """`group` (the click group of this run) and every command under it, with their help in `lang`; left in
    English when typer has no `typer.core._` to give its headings in `lang`."""
    import typer.core

    typer_gettext = _TYPER_GETTEXT.get("_", getattr(typer.core, "_", None))
    if not callable(typer_gettext):
        return
    _TYPER_GETTEXT.setdefault("_", typer_gettext)
    # typer's own help words ("Options", "default: …"); its error texts stay English for usage_errors to match
    typer.core._ = lambda text: t(text, lang) if text in TYPER_TEXTS else text
    for command in _commands(group):
        if command.help:
            command.help = t(inspect.cleandoc(command.help), lang)
        if command.short_help:
            command.short_help = t(inspect.cleandoc(command.short_help), lang)
        for param in command.params:
            if getattr(param, "help", None):
                param.help = t(param.help, lang)
        command.context_class = _context_class(command.context_class, lang)
        command.get_help_option = _help_option_in(command.get_help_option, lang)


def _help_option_in(get_help_option: Any, lang: str) -> Any:
    """click makes the --help option when first asked for it: its text in `lang` then."""
    def translated(ctx: Any) -> Any:
        option = get_help_option(ctx)
        if option is not None and option.help and not getattr(option, "_ecdplan_lang", None):
            option.help, option._ecdplan_lang = t(option.help, lang), lang
        return option

    return translated


_TYPER_GETTEXT: dict[str, Any] = {}


def english() -> None:
    """typer's headings back in English (a later run in the same process, e.g. a test, asked for English)."""
    if _TYPER_GETTEXT:
        import typer.core

        typer.core._ = _TYPER_GETTEXT["_"]


def _commands(command: Any):
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def _context_class(base: type, lang: str) -> type:
    """A context whose help formatter writes click's "Usage:" in `lang`."""
    formatter_base = base.formatter_class

    class Formatter(formatter_base):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, prefix if prefix is not None else t("Usage:", lang) + " ")

    return type("Context", (base,), {"formatter_class": Formatter})
