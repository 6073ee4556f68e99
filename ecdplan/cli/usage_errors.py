"""Usage errors of the command line (an unknown option, a missing argument, a value out of range) in the
reader's language.

typer's own click writes these in English, without a message catalogue, so the English text is matched
against the patterns below, each an English template (marked N_, translated in ecdplan's catalogue) with
named parts. A message no pattern knows is shown as typer wrote it: a newer typer can add English, never
garble a message. Imported only when such an error is shown.
"""

from __future__ import annotations

import re
from typing import IO, Any

from ecdplan.i18n.labels import N_, t

# (pattern, template): the pattern's named groups fill the template; groups named `reason` are translated in turn
_MESSAGES: list[tuple[re.Pattern, str]] = [(re.compile(p, re.S), template) for p, template in (
    (r"No such option: (?P<option>\S+) \(Possible options: (?P<possible>[^)]*)\)",
     N_("No such option: {option} (possible options: {possible})")),
    (r"No such option: (?P<option>\S+)", N_("No such option: {option}")),
    (r"No such command (?P<name>'.*')\. Did you mean (?P<possible>.*)\?",
     N_("No such command {name}. Did you mean {possible}?")),
    (r"No such command (?P<name>'.*')\.", N_("No such command {name}.")),
    (r"Missing command\.", N_("Missing command.")),
    (r"Missing argument (?P<name>'.*')\.", N_("Missing argument {name}.")),
    (r"Missing option (?P<name>'.*')\.", N_("Missing option {name}.")),
    (r"Option (?P<option>'.*') requires an argument\.", N_("Option {option} requires an argument.")),
    (r"Got unexpected extra argument(?:\(s\)|s)? \((?P<arguments>.*)\)", N_("Got unexpected extra argument(s) ({arguments})")),
    (r"Invalid value for (?P<param>.+?): (?P<reason>.*)", N_("Invalid value for {param}: {reason}")),
    (r"Invalid value: (?P<reason>.*)", N_("Invalid value: {reason}")),
)]
# why a value is refused (after "Invalid value for '--unit': ")
_REASONS: list[tuple[re.Pattern, str]] = [(re.compile(p, re.S), template) for p, template in (
    (r"(?:Value error, )?(?P<value>.*) is not one of (?P<choices>.*)\.", N_("{value} is not one of {choices}.")),
    (r"Input should be a valid integer.*", N_("a whole number is needed here")),
    (r"Input should be a valid number.*", N_("a number is needed here")),
    (r"Input should be less than or equal to (?P<limit>\S+)", N_("the value must be at most {limit}")),
    (r"Input should be greater than or equal to (?P<limit>\S+)", N_("the value must be at least {limit}")),
    (r"(?:File|Directory|Path) (?P<path>'.*') does not exist\.", N_("{path} does not exist.")),
    (r"(?:File|Directory|Path) (?P<path>'.*') is a directory\.", N_("{path} is a folder.")),
)]


def translate(message: str, lang: str, table: list[tuple[re.Pattern, str]] = _MESSAGES) -> str:
    """A usage error's English `message` in `lang`; as it is when no pattern matches it whole."""
    if lang == "en":
        return message
    for pattern, template in table:
        found = pattern.fullmatch(message)
        if found:
            parts = {k: translate(v, lang, _REASONS) if k == "reason" else v for k, v in found.groupdict().items()}
            return t(template, lang).format(**parts)
    return message.removeprefix("Value error, ")  # pydantic's prefix of a validator's own words


def show(error: Any, lang: str, file: IO[str] | None = None) -> None:
    """What click's UsageError.show prints (usage line, help hint, the error), in `lang`."""
    import typer

    ctx = error.ctx
    lines = []
    if ctx is not None:
        usage = ctx.get_usage()
        lines.append(t("Usage:", lang) + usage[len("Usage:"):] if usage.startswith("Usage:") else usage)
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(t("Try '{command}' for help.", lang).format(
                command=f"{ctx.command_path} {ctx.help_option_names[0]}"))
        lines.append("")
    lines.append(t("Error: {message}", lang).format(message=translate(error.format_message(), lang)))
    typer.echo("\n".join(lines), err=file is None, file=file, color=ctx.color if ctx is not None else None)
