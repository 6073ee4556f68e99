"""A CSV table (UTF-8, with or without BOM; comma, semicolon or tab) read into a grid: every value is text, read
as a number later by the same policy as a workbook's text cells."""

from __future__ import annotations

from ecdplan.i18n.messages import N_
from ecdplan.rules.findings import Finding
from ecdplan.source.loaded import said
from ecdplan.source.office.table import MAX_CELLS, MAX_ROWS, Cell, Grid, column_letters


def read_csv(raw: bytes, file: str) -> tuple[list[Grid] | None, list[Finding]]:
    import csv
    import io

    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [said("X001", N_("the CSV file is not UTF-8 text; save it as 'CSV UTF-8' (Excel: File > Save "
                                      "As > CSV UTF-8)"), {}, file, 0, 0)]
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    grid = Grid("")
    cells = 0
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            cells += len(row)
            if r > MAX_ROWS or cells > MAX_CELLS:
                return None, [said("X003", N_("the table has more than {max_rows:,} rows or {max_cells:,} cells, "
                                              "more than ecdplan reads"), {"max_rows": MAX_ROWS,
                                                                           "max_cells": MAX_CELLS}, file, 0, 0)]
            grid.rows.append([Cell(v if v.strip() else None, f"{column_letters(c)}{r}")
                              for c, v in enumerate(row, 1)])
    except csv.Error as exc:  # a NUL byte, a field longer than the csv module allows
        return None, [said("X001", N_("the CSV table cannot be read at row {row}: {reason}"),
                           {"row": len(grid.rows) + 1, "reason": str(exc)}, file, 0, 0)]
    width = max((len(r) for r in grid.rows), default=0)
    for r, row in enumerate(grid.rows, 1):
        row += [Cell(None, f"{column_letters(c)}{r}") for c in range(len(row) + 1, width + 1)]
    return [grid], []
