"""What command help shows for a value: PLAN, FILE, YEAR, N, never a Python type name (`<list[Path]>`, `<int
range>`, `<str>`). Choices keep their list (`<en|vi>`)."""

from __future__ import annotations

from typing import Any

METAVARS = {"plan": "PLAN", "plans": "PLAN", "old": "OLD_PLAN", "new": "NEW_PLAN", "output": "FILE", "year": "YEAR",
            "decimals": "N", "within": "DAYS", "today": "YYYY-MM-DD", "ics": "FILE", "envelopes": "FILE",
            "scenario": "FILE", "order": "IDS", "rev": "REV", "report": "PERIOD", "files": "FILE", "name": "NAME",
            "province": "PROVINCE", "migrate": "PLAN", "file": "FILE", "mapping": "FILE"}


def name_values(group: Any) -> None:
    """Give every parameter of the group's commands (and their subcommands) that takes a value other than a
    choice a metavar: its entry in METAVARS, else its name in capitals."""
    for command in getattr(group, "commands", {}).values():
        name_values(command)
        for param in command.params:
            if param.metavar is not None or _is_choice(param) or getattr(param, "is_flag", False) \
                    or getattr(param, "count", False) or param.name is None:
                continue
            metavar = METAVARS.get(param.name, param.name.upper())
            param.metavar = metavar
            if param.param_type_name == "argument":  # its type is shown after its name unless told otherwise
                shown = metavar + ("..." if param.nargs != 1 else "")
                param.display_type_rich = lambda ctx: None
                param._rich_display_name = lambda shown=shown: shown


def _is_choice(param: Any) -> bool:
    descriptor = getattr(param, "type_descriptor", None)  # typer's; click's parameters have a type
    return bool(getattr(descriptor, "is_choice", False)) or hasattr(getattr(param, "type", None), "choices")
