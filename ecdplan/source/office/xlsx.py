"""An Excel workbook (.xlsx) read into grids, within limits: the archive checked before openpyxl opens it (not a
zip, a zip bomb), values as stored (a formula's cached value; a SUM without one worked out, anything else X004),
merged headings spread over their columns, ecdplan's own assumed figures (grey italics) marked."""

from __future__ import annotations

import decimal
import io
import math
import re
from decimal import Decimal
from typing import Any

from ecdplan.i18n.messages import N_
from ecdplan.rules.findings import Finding
from ecdplan.source.loaded import said
from ecdplan.source.office.table import MAX_CELLS, MAX_ROWS, Cell, Grid, column_letters

MAX_UNPACKED = 100 * 1024 * 1024  # all parts of the archive unpacked; a 3,321-row appendix is about 2 MB
MAX_RATIO = 200  # unpacked / packed size of one part: a zip bomb's is in the thousands
MAX_PARTS = 5_000
_EXCEL_DIGITS = decimal.Context(prec=15)
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_SUM = re.compile(r"=\s*SUM\((.*)\)\s*", re.I)


def _check_archive(raw: bytes, file: str) -> Finding | None:
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return said("X001", N_("the file is named .xlsx but is not a readable zip archive (an .xlsx is one): it is "
                               "damaged, or another kind of file renamed"), {}, file, 0, 0)
    total = sum(p.file_size for p in parts)
    if len(parts) > MAX_PARTS or total > MAX_UNPACKED or any(
            p.file_size > MAX_RATIO * max(p.compress_size, 1) and p.file_size > 1_000_000 for p in parts):
        return said("X001", N_("the workbook would unpack to {size:,} bytes, more than the {limit:,} ecdplan reads "
                               "(a zip bomb, or a workbook with far more than an appendix)"),
                    {"size": total, "limit": MAX_UNPACKED}, file, 0, 0, unpacked=total)
    if "xl/workbook.xml" not in {p.filename for p in parts}:
        return said("X001", N_("the zip archive holds no Excel workbook (no xl/workbook.xml)"), {}, file, 0, 0)
    return None


def _assumed(cell: Any, styles: dict) -> bool:
    """Whether a cell has ecdplan's style of an assumed figure (italic on grey); by style ids, looked at once."""
    try:
        ids = (cell._style.fontId, cell._style.fillId)  # openpyxl's style array: one look at each combination
    except AttributeError:
        return _looks_assumed(cell)
    if ids not in styles:
        styles[ids] = _looks_assumed(cell)
    return styles[ids]


def _looks_assumed(cell: Any) -> bool:
    font, fill = cell.font, cell.fill
    if not (font is not None and font.i and fill is not None):
        return False
    rgb = getattr(fill.fgColor, "rgb", None)
    return isinstance(rgb, str) and rgb.upper().endswith("E7E6E6")


def _has_formulas(raw: bytes) -> bool:
    """Whether any worksheet of the archive holds a formula (an <f> element)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for part in archive.infolist():
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                with archive.open(part) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 20):
                        if b"<f>" in tail + chunk or b"<f " in tail + chunk or b":f>" in tail + chunk:
                            return True
                        tail = chunk[-4:]
    return False


def _value(v: Any) -> Any:
    if isinstance(v, float):
        # the shortest text that reads back as the stored double (2099.1, not 2099.0999…), at most 15 significant
        # digits: what Excel shows and keeps, so a sum stored as 14010.000000000002 is the 14010 it shows
        return _EXCEL_DIGITS.create_decimal(repr(v)).normalize(_EXCEL_DIGITS) if math.isfinite(v) else None
    if isinstance(v, bool):
        return str(v).upper()
    return v


def read_xlsx(raw: bytes, file: str, mapping: Any = None) -> tuple[list[Grid] | None, list[Finding]]:
    """The workbook's sheets as grids (the mapping's sheet only, when it names one), or None and why not."""
    problem = _check_archive(raw, file)
    if problem:
        return None, [problem]
    import warnings

    import openpyxl

    wanted = getattr(mapping, "sheet", None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # first the sheets' sizes as they declare them (read-only: nothing loaded), so a huge sheet is refused
            # before it is read; then the values, with merged ranges and styles; then formulas, where there are any
            # (they matter only where the file stores no value)
            formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
            for ws in formulas.worksheets:
                if not wanted or ws.title == wanted:
                    too_large = _too_large(ws.title, ws.max_row or 0, ws.max_column or 0, file)
                    if too_large:
                        return None, [too_large]
            if not _has_formulas(raw):
                formulas.close()
                formulas = None
            values = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file: all mean the same to the reader
        return None, [said("X001", N_("the workbook cannot be read: {reason}"), {"reason": str(exc)[:200]}, file,
                           0, 0)]
    grids, findings = [], []
    for ws in values.worksheets:
        if wanted and ws.title != wanted:
            continue
        too_large = _too_large(ws.title, ws.max_row or 0, ws.max_column or 0, file)  # a sheet without its size
        if too_large:
            return None, [too_large]
        grids.append(_grid(ws, formulas[ws.title] if formulas is not None else None, file, findings))
    if formulas is not None:
        formulas.close()
    if wanted and not grids:
        findings.append(said("X002", N_("the workbook has no sheet '{sheet}' (the mapping file names it); its sheets: "
                                        "{sheets}"), {"sheet": wanted, "sheets": ", ".join(values.sheetnames)},
                             file, 0, 0))
        return None, findings
    return grids, findings


def _too_large(sheet: str, rows: int, cols: int, file: str) -> Finding | None:
    if rows <= MAX_ROWS and rows * cols <= MAX_CELLS:
        return None
    return said("X003", N_("sheet '{sheet}' has {rows:,} rows and {cols:,} columns, more than ecdplan reads "
                           "({max_rows:,} rows, {max_cells:,} cells)"),
                {"sheet": sheet, "rows": rows, "cols": cols, "max_rows": MAX_ROWS, "max_cells": MAX_CELLS}, file, 0,
                0, rows=rows, cols=cols)


def _grid(ws: Any, fs: Any, file: str, findings: list[Finding]) -> Grid:
    grid = Grid(ws.title)
    styles: dict = {}
    for row in ws.iter_rows():
        grid.rows.append([Cell(_value(c.value), f"{ws.title}!{c.coordinate}",
                               _assumed(c, styles) if isinstance(c.value, (int, float)) else False) for c in row])
    width = max((len(r) for r in grid.rows), default=0)
    for r in grid.rows:
        while len(r) < width:
            r.append(Cell(None, grid.ref(len(grid.rows), len(r) + 1)))
    for i, row in enumerate(fs.iter_rows(values_only=True) if fs is not None else ()):  # formulas: only those without a stored value matter
        if i >= len(grid.rows):
            break
        for j, v in enumerate(row):
            if isinstance(v, str) and v.startswith("=") and j < width and grid.rows[i][j].value is None:
                grid.rows[i][j].formula = v
    for rng in ws.merged_cells.ranges:
        r1, c1, r2, c2 = rng.min_row, rng.min_col, rng.max_row, rng.max_col
        if r1 > len(grid.rows) or c1 > width:
            continue
        anchor = grid.rows[r1 - 1][c1 - 1]
        r2, c2 = min(r2, len(grid.rows)), min(c2, width)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if r2 > r1:
                    grid.rows[r - 1][c - 1].merged = f"{column_letters(c1)}{r1}:{column_letters(c2)}{r2}"
                if (r, c) != (r1, c1):
                    grid.rows[r - 1][c - 1].value = anchor.value
                    grid.rows[r - 1][c - 1].copied = r == r1  # spread along its row: a heading, or a label
    _work_out(grid, file, findings)
    return grid


def _work_out(grid: Grid, file: str, findings: list[Finding]) -> None:
    """SUM formulas without a stored value, worked out from the cells they name (and said so); others X004."""
    def col_of(letters: str) -> int:
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        return col - 1

    budget = [2_000_000]  # cells looked at in all: a file of formulas over whole columns cannot hold the run up

    def value(cell: Cell, depth: int) -> Decimal | None:
        budget[0] -= 1
        if cell.formula is None or cell.computed:
            v = cell.value
            return Decimal(v) if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else \
                Decimal(0) if v is None else None
        m = _SUM.fullmatch(cell.formula)
        if depth > 50 or not m or budget[0] < 0:
            return None
        total = Decimal(0)
        for arg in m.group(1).split(","):
            ends = [_REF.fullmatch(e.strip()) for e in arg.split(":")]
            if not all(ends) or len(ends) > 2:
                return None
            a, b = ends[0], ends[-1]
            c1, c2 = sorted((col_of(a.group(1)), col_of(b.group(1))))
            r1, r2 = sorted((int(a.group(2)) - 1, int(b.group(2)) - 1))
            for r in range(r1, min(r2 + 1, len(grid.rows))):
                for c in range(c1, min(c2 + 1, len(grid.rows[r]))):
                    part = value(grid.rows[r][c], depth + 1)
                    if part is None:
                        return None
                    total += part
        cell.value, cell.computed = total, True  # each formula worked out once
        return total

    for row in grid.rows:
        for cell in row:
            if cell.formula is not None and not cell.computed and value(cell, 0) is None:
                findings.append(_formula_finding(file, cell))


def _formula_finding(file: str, cell: Cell) -> Finding:
    f = said("X004", N_("the formula {formula} without its value (the file was saved by a program that does not "
                        "calculate); the value is left out"),
             {"cell": cell.ref, "formula": cell.formula[:80]}, file, 0, 0)
    f.cell = cell.ref
    return f
