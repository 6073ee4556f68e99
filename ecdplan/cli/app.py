"""The typer application: the root group (exit statuses, usage errors in the reader's language), `--version`.

Commands register on `app` from their own modules (`check`, `reports`, `documents`, `places`); `commands`
imports them all in the order `ecdplan --help` lists them.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from ecdplan.cli.language import current_lang, given_lang_option, lang_given, reset_lang
from ecdplan.i18n.numbers import Lang
from ecdplan.i18n.messages import N_


class _Group(TyperGroup):
    """Maps the library's one error type to its exit status, in one place, for every command; shows usage
    errors in the language asked for."""

    def make_context(self, info_name, args, parent=None, **extra):
        self._args = list(args)  # the words given, to find --lang when parsing fails before it is read
        if parent is None:
            from ecdplan.cli.metavars import name_values

            name_values(self)  # help shows PLAN, FILE, YEAR: never a type name such as <list[Path]>
            reset_lang()  # each run resolves its own language (tests run many in one process)
            lang = self._lang()
            if lang != "en":
                from ecdplan.cli.help_language import in_language

                in_language(self, lang)  # --help reads the commands' texts: give them in `lang`
            elif "ecdplan.cli.help_language" in sys.modules:
                sys.modules["ecdplan.cli.help_language"].english()
        try:
            return super().make_context(info_name, args, parent, **extra)
        except typer.TyperException as exc:
            raise self._in_language(exc) if _is_usage_error(exc) else exc from None

    def _lang(self) -> str:
        """This run's language: the --lang among the words given, else the configured or the locale's."""
        return lang_given(getattr(self, "_args", [])) or current_lang()

    def _in_language(self, exc):
        lang = self._lang()
        if lang != "en":
            from ecdplan.cli.usage_errors import show

            exc.show = lambda file=None: show(exc, lang, file)  # click's main calls it, then exits 2
        return exc

    def invoke(self, ctx):
        from ecdplan.errors import EcdplanError

        try:
            return super().invoke(ctx)
        except EcdplanError as exc:
            from ecdplan.writers.render import terminal_safe  # a path or plan text in the message must not drive the terminal

            lang = current_lang()
            if exc.results:
                from ecdplan.writers.findings import text

                typer.echo(text(exc.results, lang), err=True, nl=False)
            typer.echo(f"ecdplan: {terminal_safe(exc.text(lang))}", err=True)
            raise typer.Exit(exc.status) from None
        except typer.TyperException as exc:
            raise self._in_language(exc) if _is_usage_error(exc) else exc from None


def _is_usage_error(exc: BaseException) -> bool:
    """click's UsageError and its kinds (an unknown option, a missing argument, a refused value): exit status 2."""
    return getattr(exc, "exit_code", None) == 2 and hasattr(exc, "format_message")


app = typer.Typer(
    cls=_Group,
    name="ecdplan",
    help=N_("Checked, computable early-childhood-development plans: validate, budget, roll out."),
    no_args_is_help=True,
    add_completion=True,  # `ecdplan --install-completion` (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _show_version(value: bool) -> None:
    if value:
        from ecdplan import __version__

        typer.echo(f"ecdplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", help=N_("Show the version and exit."), is_eager=True,
                                                callback=_show_version)] = False,
          lang: Annotated[Optional[Lang], typer.Option(
              "--lang", callback=given_lang_option, show_default=False,
              help=N_("Language of the help and of every command (en or vi); a command's own --lang wins."))] = None
          ) -> None:
    """Checked, computable early-childhood-development plans: validate, budget, roll out."""
