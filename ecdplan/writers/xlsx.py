"""The Excel writer: the government table of the seed's Phụ lục, plus report tables as sheets.

It receives documents (`reports.documents`), never a plan: amounts are the displayed figures, so every
subtotal adds up as shown. Written with XlsxWriter, for a workbook an officer can edit: subtotals and totals
are formulas (`=SUM(...)`) stored with their values, so they update when a cell is changed and still read
right in programs that do not calculate. A formula is written only where its value is the figure shown.
Assumed figures (an equal split over sources, a cost spread over years) are set apart in italics on grey,
explained by a legend row. Text is always written as text (never run as a formula), without control
characters.
"""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal

from ecdplan.writers.render import FORMULA_STARTS, unscale
from ecdplan.reports.documents import Appendix, Sheet, Workbook

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 32_767  # Excel's limit for one cell
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
ASSUMED = {"italic": True, "bg_color": "#E7E6E6", "font_color": "#595959"}


def clean_text(text: str) -> str:
    """Cell text without control characters (Excel refuses them), within a cell's limit."""
    return CONTROL.sub("", text)[:MAX_TEXT]


def _money_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _number(value: Decimal | int) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)  # Excel stores doubles
    return value


def _col(c: int) -> str:
    """Column letters of a 0-based column index."""
    letters = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _cell(row: int, col: int) -> str:
    return f"{_col(col)}{row + 1}"


class Formats:
    """XlsxWriter formats are fixed per cell: one per combination of properties, made once."""

    def __init__(self, book) -> None:
        self.book = book
        self.made: dict = {}

    def __call__(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format({"text_wrap": True, "valign": "top", **props})
        return self.made[key]


class SheetWriter:
    """Writes cells: text as text, numbers as numbers, formulas with their cached values."""

    def __init__(self, ws, formats: Formats) -> None:
        self.ws, self.f = ws, formats
        self.text_rows: dict[int, list[tuple[int, str, bool]]] = {}  # for row heights

    def text(self, row: int, col: int, value: str | None, **props) -> None:
        if value is None:
            self.ws.write_blank(row, col, None, self.f(**props))
            return
        value = clean_text(str(value))
        if value.startswith(FORMULA_STARTS):  # and editing the cell in Excel keeps it text
            props = {**props, "quote_prefix": True}
        self.ws.write_string(row, col, value, self.f(**props))  # never `write`: text is data, not a formula
        self.text_rows.setdefault(row, []).append((col, value, bool(props.get("bold"))))

    def number(self, row: int, col: int, value, num_format: str, **props) -> None:
        if value is None:
            self.ws.write_blank(row, col, None, self.f(**props))
        elif isinstance(value, str):
            self.text(row, col, value, **props)
        else:
            self.ws.write_number(row, col, _number(value), self.f(num_format=num_format, **props))

    def formula(self, row: int, col: int, formula: str, value, num_format: str, **props) -> None:
        self.ws.write_formula(row, col, formula, self.f(num_format=num_format, **props), _number(value))

    def merge_text(self, first_row: int, first_col: int, last_row: int, last_col: int, value: str, **props) -> None:
        fmt = self.f(**props)
        self.ws.merge_range(first_row, first_col, last_row, last_col, "", fmt)
        self.ws.write_string(first_row, first_col, clean_text(value), fmt)

    def fit_rows(self, widths: dict[int, float], first: int, last: int, skip: set[tuple[int, int]] = frozenset()) -> None:
        """Spreadsheets do not grow rows for wrapped text written by a program: estimate the lines needed."""
        for r in range(first, last + 1):
            lines = 1
            for c, value, bold in self.text_rows.get(r, []):
                if (r, c) in skip:
                    continue
                per_line = max(1, int(widths.get(c, 10) * (0.9 if bold else 1.1)))
                lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in value.split("\n")))
            self.ws.set_row(r, 15 * min(lines, 27))


def _sum_formula(cells: list[str]) -> str:
    return f"=SUM({','.join(cells)})" if cells else "=0"


def appendix_sheet(w: SheetWriter, doc: Appendix) -> None:
    ws, labels = w.ws, doc.labels
    years, n_src = doc.years, len(doc.source_headers)
    money = _money_format(doc.decimals)
    ticks = doc.sources_as == "ticks"
    ncols = 2 + len(years) + 2 + n_src + 2
    c_year, c_where = 2, 2 + len(years)
    c_cost, c_src = c_where + 1, c_where + 2
    c_staff, c_notes = c_src + n_src, c_src + n_src + 1
    border = {"border": 1, "border_color": "#999999"}

    w.merge_text(0, 0, 0, ncols - 1, doc.title.upper(), bold=True, font_size=12, align="center")
    w.merge_text(1, 0, 1, ncols - 1, doc.cited, italic=True, align="center")
    h1, h2 = 3, 4
    head = dict(bold=True, align="center", valign="vcenter", bg_color="#EEF3F8", **border)
    for col, key in ((0, "number"), (1, "name"), (c_where, "where"), (c_cost, "cost"), (c_staff, "staff"),
                     (c_notes, "notes")):
        w.merge_text(h1, col, h2, col, labels[key], **head)
    if len(years) > 1:
        w.merge_text(h1, c_year, h1, c_year + len(years) - 1, labels["communes"], **head)
    else:
        w.text(h1, c_year, labels["communes"], **head)
    if n_src > 1:
        w.merge_text(h1, c_src, h1, c_src + n_src - 1, labels["sources"], **head)
    elif n_src:
        w.text(h1, c_src, labels["sources"], **head)
    for k, y in enumerate(years):
        w.ws.write_number(h2, c_year + k, y, w.f(**head))
    for k, header in enumerate(doc.source_headers):
        w.text(h2, c_src + k, header, **head)

    row = h2 + 1
    group_rows: list[int] = []
    for group in doc.groups:
        group_row = row
        group_rows.append(group_row)
        w.text(row, 0, group.number, bold=True, align="center", **border)
        w.text(row, 1, group.name, bold=True, **border)
        for c in list(range(c_year, c_cost)) + [c_staff, c_notes]:
            w.text(row, c, None, **border)
        row += 1
        first = row
        for line in group.lines:
            w.ws.write_number(row, 0, line.number, w.f(align="center", **border))
            w.text(row, 1, line.name, **border)
            for j, n in enumerate(line.counts):
                w.number(row, c_year + j, n, "#,##0", **border)
            w.text(row, c_where, line.where, **border)
            style = dict(ASSUMED) if line.assumed and not ticks else {}
            if ticks:
                for j, mark in enumerate(line.eligible):
                    w.text(row, c_src + j, mark, align="center", **border)
            else:
                for j, v in enumerate(line.sources):  # only figures are assumed: a blank stays plain
                    w.number(row, c_src + j, v, money, **(style if v is not None else {}), **border)
            present = [j for j, v in enumerate(line.sources) if v is not None]
            if line.cost is None:
                w.text(row, c_cost, doc.unbudgeted, italic=True, **border)
            elif not ticks and present and sum((line.sources[j] for j in present), Decimal(0)) == line.cost:
                # the line's cost is the sum of its sources: edit a source, the cost follows
                w.formula(row, c_cost, f"=SUM({_cell(row, c_src)}:{_cell(row, c_src + n_src - 1)})", line.cost,
                          money, **border)
            else:
                w.number(row, c_cost, line.cost, money, **border)
            w.text(row, c_staff, line.staff, **border)
            w.text(row, c_notes, line.notes, **border)
            row += 1
        last = row - 1
        for col, value in [(c_cost, group.cost)] + ([] if ticks else [(c_src + j, v) for j, v in enumerate(group.sources)]):
            if value is None:
                w.text(group_row, col, None, bold=True, **border)
            else:
                w.formula(group_row, col, f"=SUM({_cell(first, col)}:{_cell(last, col)})", value, money, bold=True,
                          **border)
        if ticks:
            for j in range(n_src):
                w.text(group_row, c_src + j, None, bold=True, **border)
    total_row = row
    w.text(row, 0, None, bold=True, **border)
    w.text(row, 1, labels["total"], bold=True, **border)
    for c in list(range(c_year, c_cost)) + [c_staff, c_notes]:
        w.text(row, c, None, **border)
    for col, value in [(c_cost, doc.cost)] + [(c_src + j, None if ticks else v) for j, v in enumerate(doc.sources)]:
        if value is None:
            w.text(row, col, None, bold=True, **border)
        else:
            w.formula(row, col, _sum_formula([_cell(g, col) for g in group_rows]), value, money, bold=True, **border)
    row += 2
    merged = set()
    if not ticks and any(line.assumed for g in doc.groups for line in g.lines):
        w.text(row, 0, None, **ASSUMED, **border)
        w.merge_text(row, 1, row, ncols - 1, labels["assumed"])
        merged.add((row, 1))
        row += 1
    for note in ([doc.in_words] if doc.in_words else []) + doc.notes:
        w.merge_text(row, 0, row, ncols - 1, note)
        row += 1

    widths = {0: 6, 1: 40, c_where: 36, c_cost: 14, c_staff: 28, c_notes: 24}
    for c in range(ncols):
        ws.set_column(c, c, widths.get(c, 8 if c < c_where else 14))
    w.fit_rows({c: widths.get(c, 8 if c < c_where else 14) for c in range(ncols)}, h2 + 1, total_row)
    ws.set_row(h2, 45)
    ws.freeze_panes(h2 + 1, 2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_paper(9)  # A4


def table_sheet(w: SheetWriter, sheet: Sheet) -> None:
    """Any report table as a sheet: headers, rows, totals in bold, notes below. A total that is the sum of
    the cells it stands for (a row's or a column's) is a formula; assumed figures are set apart."""
    table = sheet.table.materialised()
    ws = w.ws
    w.text(0, 0, table.title, bold=True, text_wrap=False)
    widths = [14 if column.numeric else 50 if column.names and column.names_key else 28 for column in table.columns]
    for c, column in enumerate(table.columns):
        w.text(2, c, column.name, bold=True, bg_color="#EEF3F8", border=1, valign="vcenter")
        ws.set_column(c, c, widths[c])
    numeric = [c for c, column in enumerate(table.columns) if column.numeric]
    total_col = next((c for c, column in enumerate(table.columns) if column.key in ("total", "commune_years")), None)
    parts = [c for c in numeric if c != total_col]
    first = 3
    body = [[unscale(v, col) for v, col in zip(values, table.columns)] for values in table.rows]
    totals = [[unscale(v, col) for v, col in zip(values, table.columns)] for values in table.total_rows]
    last = first + len(body) - 1

    def fmt(value) -> str:
        if isinstance(value, Decimal):
            return _money_format(max(0, -value.as_tuple().exponent))
        return "#,##0"

    def amount(v) -> bool:
        return isinstance(v, (int, Decimal)) and not isinstance(v, bool)

    r = first
    for i, values in enumerate(body):
        row_sum = [values[c] for c in parts]
        for c, (value, column) in enumerate(zip(values, table.columns)):
            style = dict(ASSUMED) if (i, c) in sheet.assumed else {}
            if (column.names and isinstance(value, str)):
                value = column.names.get(value, value)
            if not column.numeric or not amount(value):
                w.text(r, c, None if value is None else str(value) if not column.numeric else value, **style)
            elif c == total_col and parts and all(amount(v) for v in row_sum) and sum(row_sum) == value:
                w.formula(r, c, f"=SUM({_cell(r, parts[0])}:{_cell(r, parts[-1])})", value, fmt(value), **style)
            else:
                w.number(r, c, value, fmt(value), **style)
        r += 1
    for k, values in enumerate(totals):
        for c, (value, column) in enumerate(zip(values, table.columns)):
            column_values = [row[c] for row in body]
            if column.numeric and amount(value) and body and k == 0 and \
                    all(amount(v) or v is None for v in column_values) and \
                    sum((v for v in column_values if v is not None), 0) == value:
                w.formula(r, c, f"=SUM({_cell(first, c)}:{_cell(last, c)})", value, fmt(value), bold=True)
            elif column.numeric and amount(value):
                w.number(r, c, value, fmt(value), bold=True)
            else:
                w.text(r, c, None if value is None else str(value), bold=True)
        r += 1
    w.fit_rows(dict(enumerate(widths)), first, r - 1)  # wrapped names: rows as high as their lines
    ws.set_row(2, 15 * max(1, max(math.ceil(len(c.name) / (wd * 1.1)) for c, wd in zip(table.columns, widths))))

    def note_row(row: int, first_col: int, text: str) -> None:
        """A note across the table's width, wrapped, its row as high as its lines."""
        last_col = max(len(table.columns) - 1, first_col + 1)
        w.merge_text(row, first_col, row, last_col, text)
        per_line = max(1, int(sum(widths[first_col:last_col + 1]) * 1.1))
        ws.set_row(row, 15 * max(1, math.ceil(len(text) / per_line)))

    if sheet.assumed:
        r += 1
        w.text(r, 0, None, **ASSUMED)
        note_row(r, 1, sheet.legend)
    for note in table.notes:
        r += 1
        note_row(r, 0, note)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_paper(9)  # A4
    ws.freeze_panes(3, 1)


def sheet_name(name: str, taken: set[str]) -> str:
    """A name Excel accepts: no []:*?/\\, at most 31 characters, unique in the workbook."""
    base = SHEET_NAME.sub("-", clean_text(name)).strip("'")[:31] or "Sheet"
    candidate, k = base, 2
    while candidate.lower() in taken:
        candidate = f"{base[:28]} {k}"
        k += 1
    taken.add(candidate.lower())
    return candidate


def workbook_bytes(doc: Workbook) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    formats = Formats(book)
    taken: set[str] = set()
    appendix_sheet(SheetWriter(book.add_worksheet(sheet_name(doc.appendix_name, taken)), formats), doc.appendix)
    for sheet in doc.sheets:
        table_sheet(SheetWriter(book.add_worksheet(sheet_name(sheet.name, taken)), formats), sheet)
    book.close()
    return out.getvalue()

