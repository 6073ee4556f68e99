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

    def __init__(self, book, **base) -> None:
        self.book = book
        self.base = base  # properties every cell has unless it says otherwise (the font)
        self.made: dict = {}

    def __call__(self, **props):
        props = {**self.base, **props}
        key = tuple(sorted(props.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format({"text_wrap": True, "valign": "top", **props})
        return self.made[key]


class SheetWriter:
    """Writes cells: text as text, numbers as numbers, formulas with their cached values."""

    def __init__(self, ws, formats: Formats) -> None:
        self.ws, self.f = ws, formats
        self.text_rows: dict[int, list[tuple[int, str, bool]]] = {}  # for row heights
        self.widths: dict[int, float] = {}  # column widths, when set before writing: rows are fitted to text
        self.heights: dict[int, float] = {}  # points each row needs for its text

    def fits(self, row: int, first_col: int, last_col: int, text: str | None, size: float | None = None,
             bold: bool = False) -> None:
        """Row `row` must hold `text` wrapped in columns first_col..last_col (a cell or a merged range)."""
        from ecdplan.writers.xlsx_print import SIZE, column_pixels, row_height, wrapped_lines

        if not text:
            return
        size = size or SIZE
        width = sum(column_pixels(self.widths.get(c, 8.43)) for c in range(first_col, last_col + 1))
        self.heights[row] = max(self.heights.get(row, 0), row_height(wrapped_lines(text, width, size, bold), size))

    def set_heights(self) -> None:
        for row, height in self.heights.items():
            self.ws.set_row(row, height)

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


def _quoted(text: str) -> str:
    """Text as a string inside a formula (Excel keeps at most 255 characters of one)."""
    return '"' + clean_text(text)[:255].replace('"', '""') + '"'


def _ref(sheet: str, row: int, col: int) -> str:
    """An absolute reference to a cell of another sheet: 'Phụ lục'!$H$20."""
    return "'" + sheet.replace("'", "''") + f"'!${_col(col)}${row + 1}"


def _check_formula(total: str, check, decimals: int) -> str:
    """The live note: while the total cell shows the figure of export it says `matches`, else `changed`."""
    return f"=IF(ROUND({total},{decimals})={_number(check.value)},{_quoted(check.matches)},{_quoted(check.changed)})"


def _appendix_widths(doc: Appendix) -> tuple[dict[int, float], list[int]]:
    """Widths that print the appendix one A4 landscape page wide at 9 pt or more: numbers and years as narrow
    as their figures, the text columns (name, timing and area, staff, notes) sharing what is left."""
    from ecdplan.writers.xlsx_print import PRINTABLE, SMALLEST_SCALE, fit_widths, sheet_pixels

    years, n_src = len(doc.years), len(doc.source_headers)
    c_where = 2 + years
    c_cost, c_src = c_where + 1, c_where + 2
    c_staff, c_notes = c_src + n_src, c_src + n_src + 1
    lines = [line for g in doc.groups for line in g.lines]

    def figures(values: list, least: float) -> float:
        """As wide as the longest figure, printed bold in a total (a figure too wide shows as ###)."""
        texts = [f"{v:,.{doc.decimals}f}" for v in values if v is not None]
        # a width unit is a digit; a separator half of one; bold a tenth more; and the cell's padding
        longest = max((sum(1 if ch.isdigit() else 0.5 for ch in t) for t in texts), default=0)
        return max(least, math.ceil((longest * 1.1 + 1) * 2) / 2)

    def fixed_widths(compact: bool) -> dict[int, float]:
        fixed = {0: 3.5 if compact else 4,
                 c_cost: figures([doc.cost] + [g.cost for g in doc.groups] + [ln.cost for ln in lines],
                                 8 if compact else 9.5)}
        most = max((n for ln in lines for n in ln.counts if n is not None), default=0)
        fixed.update({2 + k: max(4.5 if compact else 5, figures([most], 0)) + (1 if doc.year_marks.get(y) else 0)
                      for k, y in enumerate(doc.years)})
        fixed.update({c_src + j: figures([] if doc.sources_as == "ticks" else
                                         [doc.sources[j]] + [g.sources[j] for g in doc.groups],
                                         8.5 if compact else 10) for j in range(n_src)})
        return fixed

    def column(texts: list[str | None], least: float) -> tuple[float, float, float]:
        """A text column's share by how much text it holds; never wider than its longest text needs."""
        texts = [t for t in texts if t]
        least = least if texts else 8  # an empty column as narrow as its heading allows
        longest = max((len(part) for t in texts for part in t.split("\n")), default=0)
        return sum(len(t) for t in texts) + 1, least, max(least, min(60.0, longest * 0.9))

    def flexible(compact: bool) -> dict[int, tuple[float, float, float]]:
        return {1: column([g.name for g in doc.groups] + [ln.name for ln in lines], 15 if compact else 18),
                c_where: column([ln.where for ln in lines], 10 if compact else 12),
                c_staff: column([ln.staff for ln in lines], 10), c_notes: column([ln.notes for ln in lines], 7)}

    widths = fit_widths(fixed_widths(False), flexible(False), "landscape")
    if sheet_pixels(widths) > PRINTABLE["landscape"] / SMALLEST_SCALE:  # many years or sources: the narrowest
        widths = fit_widths(fixed_widths(True), flexible(True), "landscape")
    return widths, [c_where, c_cost, c_src, c_staff, c_notes]


def appendix_sheet(w: SheetWriter, doc: Appendix, name: str = "") -> dict[str, str]:
    """The government table; returns the cells other sheets link to (key: communes:LINE:YEAR, source:J, cost)."""
    from ecdplan.writers.xlsx_print import SIZE, TITLE_SIZE, print_setup, row_height

    ws, labels = w.ws, doc.labels
    years, n_src = doc.years, len(doc.source_headers)
    money = _money_format(doc.decimals)
    ticks = doc.sources_as == "ticks"
    ncols = 2 + len(years) + 2 + n_src + 2
    widths, (c_where, c_cost, c_src, c_staff, c_notes) = _appendix_widths(doc)
    c_year = 2
    w.widths = widths
    border = {"border": 1, "border_color": "#808080"}
    refs: dict[str, str] = {}

    w.merge_text(0, 0, 0, ncols - 1, doc.title.upper(), bold=True, font_size=TITLE_SIZE, align="center",
                 valign="vcenter")
    w.fits(0, 0, ncols - 1, doc.title.upper(), TITLE_SIZE, bold=True)
    w.merge_text(1, 0, 1, ncols - 1, doc.cited, italic=True, align="center")
    w.fits(1, 0, ncols - 1, doc.cited)
    h1, h2 = 3, 4
    head = dict(bold=True, align="center", valign="vcenter", bg_color="#EEF3F8", **border)
    for col, key in ((0, "number"), (1, "name"), (c_where, "where"), (c_cost, "cost"), (c_staff, "staff"),
                     (c_notes, "notes")):
        w.merge_text(h1, col, h2, col, labels[key], **head)
    if len(years) > 1:
        w.merge_text(h1, c_year, h1, c_year + len(years) - 1, labels["communes"], **head)
    else:
        w.text(h1, c_year, labels["communes"], **head)
    w.fits(h1, c_year, c_year + len(years) - 1, labels["communes"], bold=True)
    if n_src > 1:
        w.merge_text(h1, c_src, h1, c_src + n_src - 1, labels["sources"], **head)
    elif n_src:
        w.text(h1, c_src, labels["sources"], **head)
    w.fits(h1, c_src, c_src + max(n_src, 1) - 1, labels["sources"], bold=True)
    for k, y in enumerate(years):
        mark = doc.year_marks.get(y)
        if mark:
            w.text(h2, c_year + k, f"{y} {mark}", **head)  # as the seed heads it: 2026 (*)
        else:
            w.ws.write_number(h2, c_year + k, y, w.f(**head))
        w.fits(h2, c_year + k, c_year + k, f"{y} {mark or ''}", bold=True)
    for k, header in enumerate(doc.source_headers):
        w.text(h2, c_src + k, header, **head)
        w.fits(h2, c_src + k, c_src + k, header, bold=True)
    # a heading merged over both heading rows must fit in the two together: the second row takes what is over
    for col, key in ((0, "number"), (1, "name"), (c_where, "where"), (c_cost, "cost"), (c_staff, "staff"),
                     (c_notes, "notes")):
        probe = SheetWriter(ws, w.f)
        probe.widths = widths
        probe.fits(0, col, col, labels[key], bold=True)
        over = probe.heights[0] - w.heights.get(h1, 0)
        if over > w.heights.get(h2, 0):
            w.heights[h2] = over

    row = h2 + 1
    group_rows: list[int] = []
    for group in doc.groups:
        group_row = row
        group_rows.append(group_row)
        w.text(row, 0, group.number, bold=True, align="center", **border)
        w.text(row, 1, group.name, bold=True, **border)
        w.fits(row, 1, 1, group.name, bold=True)
        for c in list(range(c_year, c_cost)) + [c_staff, c_notes]:
            w.text(row, c, None, **border)
        row += 1
        first = row
        for line in group.lines:
            w.ws.write_number(row, 0, line.number, w.f(align="center", **border))
            w.text(row, 1, line.name, **border)
            for j, n in enumerate(line.counts):
                w.number(row, c_year + j, n, "#,##0", **border)
                if n is not None:
                    refs[f"communes:{line.intervention}:{years[j]}"] = _ref(name, row, c_year + j)
            w.text(row, c_where, line.where, **border)
            style = dict(ASSUMED) if line.assumed and not ticks else {}
            if ticks:
                for j, mark in enumerate(line.eligible):
                    w.text(row, c_src + j, mark, align="center", **border)
                    w.fits(row, c_src + j, c_src + j, mark)
            else:
                for j, v in enumerate(line.sources):  # only figures are assumed: a blank stays plain
                    w.number(row, c_src + j, v, money, **(style if v is not None else {}), **border)
            present = [j for j, v in enumerate(line.sources) if v is not None]
            if line.cost is None:
                w.text(row, c_cost, doc.unbudgeted, italic=True, **border)
                w.fits(row, c_cost, c_cost, doc.unbudgeted)
            elif not ticks and present and sum((line.sources[j] for j in present), Decimal(0)) == line.cost:
                # the line's cost is the sum of its sources: edit a source, the cost follows
                w.formula(row, c_cost, f"=SUM({_cell(row, c_src)}:{_cell(row, c_src + n_src - 1)})", line.cost,
                          money, **border)
            else:
                w.number(row, c_cost, line.cost, money, **border)
            w.text(row, c_staff, line.staff, **border)
            w.text(row, c_notes, line.notes, **border)
            for col, text in ((1, line.name), (c_where, line.where), (c_staff, line.staff), (c_notes, line.notes)):
                w.fits(row, col, col, text)
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
            refs["cost" if col == c_cost else f"source:{col - c_src}"] = _ref(name, row, col)
    row += 2

    def note(text: str, first_col: int = 0, **props) -> None:
        w.merge_text(row, first_col, row, ncols - 1, text, **props)
        w.fits(row, first_col, ncols - 1, text, bold=bool(props.get("bold")))

    if not ticks and any(line.assumed for g in doc.groups for line in g.lines):
        w.text(row, 0, None, **ASSUMED, **border)
        note(labels["assumed"], 1)
        row += 1
    total_cell = _cell(total_row, c_cost)
    for text, check in ([(doc.in_words, None)] if doc.in_words else []) + \
            ([(doc.check.shown, doc.check)] if doc.check and doc.in_words else []) + \
            ([(doc.declared.shown, doc.declared)] if doc.declared else []):
        note(text, italic=check is not None)
        if check is not None:  # a live note: its formula, stored with what it says now
            w.ws.write_formula(row, 0, _check_formula(total_cell, check, doc.decimals), w.f(italic=True),
                               clean_text(check.shown))
            w.fits(row, 0, ncols - 1, max(check.matches, check.changed, key=len))
        row += 1
    for text in doc.notes:
        note(text)
        row += 1

    for r in range(h1, total_row + 1):  # a row of figures alone holds one line of the font
        w.heights[r] = max(w.heights.get(r, 0), row_height(1, SIZE))
    w.set_heights()
    ws.set_row(2, 6)
    ws.freeze_panes(h2 + 1, 2)
    print_setup(ws, widths, row - 1, (h1, h2), landscape=True)
    return refs


def table_sheet(w: SheetWriter, sheet: Sheet, refs: dict[str, str] | None = None) -> None:
    """Any report table as a sheet: title, what its figures are (linked or a snapshot), headers repeated on every
    printed page, rows, totals in bold, notes below. A total that is the sum of the cells it stands for (a row's or
    a column's) is a formula; a cell the appendix also holds is a link to it; assumed figures are set apart; the
    checks put the appendix's own totals (links) and the difference beside this sheet's."""
    from ecdplan.writers.xlsx_print import SIZE, TITLE_SIZE, fit_widths, print_setup, row_height

    table = sheet.table.materialised()
    refs = refs or {}
    ws = w.ws
    n = len(table.columns)
    checks = [c for c in sheet.checks if c.key in refs]
    fixed = {c: 11.0 for c, column in enumerate(table.columns) if column.numeric}
    if checks:
        fixed.update({n: 11.0, n + 1: 11.0})
    flexible = {c: (2.0, 20.0, 44.0) if column.names and column.names_key else (1.0, 12.0, 20.0)
                for c, column in enumerate(table.columns) if not column.numeric}
    widths = fit_widths(fixed, flexible, "landscape")
    portrait = fit_widths(fixed, flexible, "portrait")
    if all(portrait[c] >= flexible[c][2] for c in flexible):  # all at their widths on a portrait page
        widths = portrait
    w.widths = widths
    last_col = max(widths)
    header = 3
    w.merge_text(0, 0, 0, last_col, table.title, bold=True, font_size=TITLE_SIZE)
    w.fits(0, 0, last_col, table.title, TITLE_SIZE, bold=True)
    if sheet.status:
        w.merge_text(1, 0, 1, last_col, sheet.status, italic=True, font_color="#404040")
        w.fits(1, 0, last_col, sheet.status)
    head = dict(bold=True, bg_color="#EEF3F8", border=1, valign="vcenter", align="center")
    names = [column.name for column in table.columns] + (list(sheet.check_headings) if checks else [])
    for c, text in enumerate(names):
        w.text(header, c, text, **head)
        w.fits(header, c, c, text, bold=True)
    numeric = [c for c, column in enumerate(table.columns) if column.numeric]
    total_col = next((c for c, column in enumerate(table.columns) if column.key in ("total", "commune_years")), None)
    parts = [c for c in numeric if c != total_col]
    first = header + 1
    body = [[unscale(v, col) for v, col in zip(values, table.columns)] for values in table.rows]
    totals = [[unscale(v, col) for v, col in zip(values, table.columns)] for values in table.total_rows]
    last = first + len(body) - 1
    cell = dict(border=1, border_color="#808080")

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
            style = {**cell, **(ASSUMED if (i, c) in sheet.assumed else {})}
            if (column.names and isinstance(value, str)):
                value = column.names.get(value, value)
            link = refs.get(sheet.links.get((i, c), ""))
            if not column.numeric or not amount(value):
                text = None if value is None else str(value) if not column.numeric else value
                w.text(r, c, text, **style)
                if isinstance(text, str):
                    w.fits(r, c, c, text)
            elif link:  # the appendix holds this figure: a link, so an edit there follows here
                w.formula(r, c, f"={link}", value, fmt(value), **style)
            elif c == total_col and parts and all(amount(v) for v in row_sum) and sum(row_sum) == value:
                w.formula(r, c, f"=SUM({_cell(r, parts[0])}:{_cell(r, parts[-1])})", value, fmt(value), **style)
            else:
                w.number(r, c, value, fmt(value), **style)
        r += 1
    for k, values in enumerate(totals):
        for c, (value, column) in enumerate(zip(values, table.columns)):
            column_values = [row[c] for row in body]
            bold = dict(bold=True, **cell)
            if column.numeric and amount(value) and body and k == 0 and \
                    all(amount(v) or v is None for v in column_values) and \
                    sum((v for v in column_values if v is not None), 0) == value:
                w.formula(r, c, f"=SUM({_cell(first, c)}:{_cell(last, c)})", value, fmt(value), **bold)
            elif column.numeric and amount(value):
                w.number(r, c, value, fmt(value), **bold)
            else:
                w.text(r, c, None if value is None else str(value), **bold)
                if value is not None:
                    w.fits(r, c, c, str(value), bold=True)
        r += 1
    for check in checks:  # this sheet's total beside the appendix's (a link) and their difference
        at = first + check.row[1] if check.row[0] == "body" else last + 1 + check.row[1]
        style = dict(bold=check.row[0] == "total", **cell)
        money = fmt(check.appendix_value if check.appendix_value.as_tuple().exponent < 0 else check.difference)
        w.formula(at, n, f"={refs[check.key]}", check.appendix_value, money, **style)
        w.formula(at, n + 1, f"={_cell(at, n)}-{_cell(at, total_col)}", check.difference, money, **style)
    for row in range(header + 1, r):
        w.heights[row] = max(w.heights.get(row, 0), row_height(1, SIZE))

    def note_row(row: int, first_col: int, text: str, **props) -> None:
        """A note across the table's width, wrapped, its row as high as its lines."""
        end = max(last_col, first_col + 1)
        w.merge_text(row, first_col, row, end, text, **props)
        w.fits(row, first_col, end, text)

    if sheet.assumed:
        r += 1
        w.text(r, 0, None, **ASSUMED)
        note_row(r, 1, sheet.legend)
    for note in table.notes:
        r += 1
        note_row(r, 0, note)
    w.set_heights()
    ws.freeze_panes(header + 1, 1)
    print_setup(ws, widths, r, (header, header))


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

    from ecdplan.writers.xlsx_print import FONT, SIZE

    out = io.BytesIO()
    # the default font sets the unit of column widths (a digit of it): the font every cell uses, so that a
    # program measures the columns as they were planned
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False,
                                     "default_format_properties": {"font_name": FONT, "font_size": SIZE}})

    formats = Formats(book, font_name=FONT, font_size=SIZE)
    taken: set[str] = set()
    name = sheet_name(doc.appendix_name, taken)
    refs = appendix_sheet(SheetWriter(book.add_worksheet(name), formats), doc.appendix, name)
    for sheet in doc.sheets:
        table_sheet(SheetWriter(book.add_worksheet(sheet_name(sheet.name, taken)), formats), sheet, refs)
    book.close()
    return out.getvalue()

