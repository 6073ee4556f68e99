"""An imported plan written as YAML: block style, one value a line, each value's cell in a comment after it
(`# from Phụ lục!H12`), what was read by judgement listed at the top. The same table gives the same bytes.

The loader reads the cells back from the comments (`cells_of`), so findings on the written plan name them too."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

MARK = "# ecdplan import from "
_CELL = re.compile(r"  # from ([^\"#]+)$")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value == value else str(value)
        if "." in text and len(text.split(".")[1]) == 3:
            text += "0"  # 12.345 would read as thousands (L006): 12.3450 is the same number, unambiguous
        return text
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def _key(k: Any) -> str:
    return str(k) if isinstance(k, int) or _PLAIN_KEY.match(str(k)) else json.dumps(str(k), ensure_ascii=False)


def plan_yaml(imported: Any, lang: str = "en") -> str:
    from ecdplan.i18n.labels import t
    from ecdplan.i18n.messages import in_lang

    cells = imported.cells
    name = Path(imported.file).name
    word = t("sheet", lang)
    sheet = f" ({word} {imported.sheet})" if imported.sheet else ""
    out = [f"{MARK}{name}{sheet}: " + t("each value's cell is in the comment after it", lang)]
    if imported.judgements:
        out.append("# " + t("Read by judgement, to confirm:", lang))
        out += [f"#   {where}: {in_lang(what, lang)}".replace("\n", " ") for where, what in imported.judgements]

    def comment(path: tuple) -> str:
        ref = cells.get(path)
        return f"  # from {ref}" if ref else ""

    def emit(node: Any, path: tuple, pad: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k.startswith("_") if isinstance(k, str) else False:
                    continue
                block(f"{pad}{_key(k)}:", v, (*path, k), pad)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                block(f"{pad}-", item, (*path, i), pad, item=True)

    def block(head: str, value: Any, path: tuple, pad: str, item: bool = False) -> None:
        if isinstance(value, dict) and value:
            if item:
                first = True
                for k, v in value.items():
                    lead = f"{pad}- " if first else f"{pad}  "
                    block(f"{lead}{_key(k)}:", v, (*path, k), pad + "  ")
                    first = False
            else:
                out.append(head + comment(path))
                emit(value, path, pad + "  ")
        elif isinstance(value, list) and value:
            out.append(head + comment(path))
            emit(value, path, pad + "  ")
        elif isinstance(value, (dict, list)):
            out.append(f"{head} {'{}' if isinstance(value, dict) else '[]'}")
        else:
            out.append(f"{head} {scalar(value)}{comment(path)}")

    emit(imported.plan, (), "")
    return "\n".join(out) + "\n"


def cells_of(text: str) -> dict[int, str]:
    """Line number -> cell, from the comments of a plan written by `plan_yaml`."""
    found = {}
    for number, line in enumerate(text.split("\n"), 1):
        if "  # from " in line:
            m = _CELL.search(line)
            if m:
                found[number] = m.group(1).strip()
    return found
