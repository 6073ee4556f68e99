"""The mapping file: a layout the importer does not know, described once and reused (as hledger's CSV rules).

    format: ecdplan-import/1
    sheet: Phụ lục            # which sheet (default: the first with a table)
    header_rows: [4, 6]        # the table's heading rows, first and last (default: found by their words)
    columns:                   # column letter -> what it holds (default: read from the headings)
      A: number                # STT: I, II ... for groups, 1, 2 ... for lines
      B: name
      C: {communes: 2023}      # communes taking part in 2023
      G: where                 # Thời gian và địa bàn
      H: cost
      I: {source: ntp-dtts, name: CTMTQG DTTS-MN, kind: ntp, component: Dự án 7}
      N: staff                 # also: lead, notes, skip
    plan:                      # what the table does not say, as a plan file writes it
      id: gia-lai-2023-2026
      issuer: UBND tỉnh Gia Lai

Beside a workbook `X.xlsx`, a file `X.mapping.yaml` is used when the workbook is read directly (`validate X.xlsx`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecdplan.i18n.messages import N_, Phrase

FORMAT = "ecdplan-import/1"
FIELDS = {"number", "name", "where", "cost", "staff", "lead", "notes", "skip"}
_LETTERS = re.compile(r"^[A-Z]{1,3}$")


@dataclass
class Mapping:
    file: str
    sheet: str | None = None
    header_rows: tuple[int, int] | None = None
    columns: dict[int, Any] = field(default_factory=dict)  # 1-based column -> a field name or a dict
    plan: dict[str, Any] = field(default_factory=dict)


def _column(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def read_mapping(path: str | Path) -> Mapping:
    """The mapping file at `path`; EcdplanError (exit 2) with what is wrong in it."""
    from ecdplan.errors import EcdplanError
    from ecdplan.rules.runner import check_loaded
    from ecdplan.source.loader import load_file

    loaded = load_file(path)
    file = str(path)
    if not loaded.usable or not isinstance(loaded.data, dict):
        raise EcdplanError(Phrase(N_("{file}: the mapping file cannot be read"), file=file), [check_loaded(loaded)])
    data = loaded.data

    def bad(what: str, **params: object) -> EcdplanError:
        return EcdplanError(Phrase(N_("{file}: {problem}"), file=file, problem=Phrase(what, **params)))

    if data.get("format") != FORMAT:
        raise bad(N_("a mapping file starts with `format: {expected}`"), expected=FORMAT)
    unknown = sorted(set(data) - {"format", "sheet", "header_rows", "columns", "plan"})
    if unknown:
        raise bad(N_("unknown key(s) {keys}; a mapping file has sheet, header_rows, columns and plan"),
                  keys=", ".join(map(str, unknown)))
    mapping = Mapping(file, sheet=str(data["sheet"]) if data.get("sheet") is not None else None)
    rows = data.get("header_rows")
    if rows is not None:
        if isinstance(rows, int):
            rows = [rows, rows]
        if not (isinstance(rows, list) and len(rows) == 2 and all(isinstance(r, int) and r > 0 for r in rows)
                and rows[0] <= rows[1]):
            raise bad(N_("header_rows is the first and last row of the table's heading, e.g. [4, 6]"))
        mapping.header_rows = (rows[0], rows[1])
    for key, value in (data.get("columns") or {}).items():
        letters = str(key).strip().upper()
        if not _LETTERS.match(letters):
            raise bad(N_("column '{key}' is not a column letter (A, B, ... AA)"), key=key)
        ok = isinstance(value, str) and value in FIELDS or (isinstance(value, dict) and (
            (set(value) == {"communes"} and isinstance(value["communes"], int)) or
            ("source" in value and set(value) <= {"source", "name", "kind", "component"})))
        if not ok:
            raise bad(N_("column {key}: '{value}' is not one of {fields}, {{communes: YEAR}} or {{source: ID, "
                         "name: ..., kind: ..., component: ...}}"), key=letters, value=value,
                      fields=", ".join(sorted(FIELDS)))
        mapping.columns[_column(letters)] = value
    plan = data.get("plan") or {}
    if not isinstance(plan, dict):
        raise bad(N_("plan: holds the plan's keys (id, issuer, level, area, ...), as a plan file writes them"))
    mapping.plan = plan
    return mapping


def beside(workbook: str) -> Mapping | None:
    """The mapping file `X.mapping.yaml` beside a workbook `X.xlsx`, if there is one."""
    path = Path(workbook)
    candidate = path.with_name(path.stem + ".mapping.yaml")
    return read_mapping(candidate) if candidate.is_file() else None
