"""The progress report due at a deadline (`reports.progress_report.ProgressReport`) as a printable workbook.

One sheet per section, each with its own columns and widths: the report's title on each, who and when on the
first, the notes and the signature block (place and date, NGƯỜI LẬP BIỂU, THỦ TRƯỞNG ĐƠN VỊ) on the last. Row
numbers and years are numbers; a line's subtotal over its sources, the remaining (planned − disbursed), the
share used and the totals are formulas stored with their values, written only where their value is the figure
shown, so they follow an edit. Assumed planned amounts are in italics on grey, explained by a legend row.

Print setup on every sheet: A4 (landscape when the columns need it), the table's header row repeated on every
page, page numbers in the footer, 10 pt text at 100 % (no shrinking to fit), rows as high as their wrapped text.
"""

from __future__ import annotations

import io
import textwrap
from decimal import Decimal

from ecdplan.writers.render import unscale
from ecdplan.writers.xlsx import ASSUMED, Formats, SheetWriter, _cell, _money_format, sheet_name

FONT = {"font_name": "Times New Roman", "font_size": 11}  # as Vietnamese official documents; Liberation Serif
SIZE = 11  # points: text printed at 100 %, at least 9 pt on paper
LINE = 14.5  # points of row height per line of 11 pt text
PAGE_PX = {"portrait": 610, "landscape": 900}  # A4 less margins of 0.5" (96 dpi), with room for fonts
BORDER = {"border": 1, "border_color": "#808080"}
HEAD = {"bold": True, "align": "center", "valign": "vcenter", "bg_color": "#EEF3F8", **BORDER}


def _px(width: float) -> float:
    """The printed width in pixels of a column `width` characters wide (Excel's default font)."""
    return width * 7 + 5


def _lines(text: str, width: float, bold: bool = False) -> int:
    """Lines a text takes wrapped between words in a column `width` characters wide (10 pt text)."""
    per_line = max(1, int(width * (0.95 if bold else 1.05)))
    return sum(max(1, len(textwrap.wrap(part, per_line, break_long_words=True))) for part in str(text).split("\n"))


def _amount(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _format(value, column) -> str:
    if column.numeric and column.decimals == 1 and "percent" in column.key:
        return "0.0"
    if isinstance(value, Decimal):
        return _money_format(max(0, -value.as_tuple().exponent))
    return "#,##0" if column.numeric else "0"  # row numbers and years without a thousands separator


def _widths(table, budget: float) -> list[float]:
    """Each column's width in characters: numbers as wide as their longest figure or header word, text columns
    sharing what is left of the page in proportion to their longest text (never wider than it)."""
    widths, wants = [], []
    for c, column in enumerate(table.columns):
        values = [row[c] for row in table.rows + table.total_rows]
        if column.numeric or column.key in ("stt", "year"):
            longest_word = max((len(w) for w in column.name.split()), default=4)
            figures = max((len(f"{unscale(v, column):,}") for v in values if _amount(v)), default=1)
            widths.append(max(5.0 if column.key == "stt" else 8.0, min(14.0, max(figures + 2, longest_word + 1))))
            wants.append(0.0)
        else:
            texts = [len(str(v)) for v in values if v is not None] + [len(column.name) // 2]
            widths.append(0.0)
            wants.append(float(max(texts, default=10)))
    chars = (budget - sum(_px(w) for w in widths if w) - 5 * sum(1 for w in wants if w)) / 7
    text_cols = sorted((c for c, want in enumerate(wants) if want), key=lambda c: wants[c])
    for k, c in enumerate(text_cols):  # the shortest texts first, each at most its fair part of what is left
        widths[c] = max(8.0, min(wants[c] + 1, chars / (len(text_cols) - k)))
        chars -= widths[c]
    return widths


class ProgressSheet:
    """One sheet of the report: rows written top down, their heights from the text they wrap."""

    def __init__(self, book, formats: Formats, name: str) -> None:
        self.ws = book.add_worksheet(name)
        self.w = SheetWriter(self.ws, formats)
        self.row = 0
        self.widths: list[float] = []
        self.heights: dict[int, float] = {}

    def fit(self, row: int, text: str | None, width: float, bold: bool = False, size: int = SIZE) -> None:
        if text:
            lines = _lines(text, width * SIZE / size, bold)
            self.heights[row] = max(self.heights.get(row, LINE + 2), lines * LINE * size / SIZE + 3)

    def across(self, text: str, first: int = 0, last: int | None = None, **props) -> None:
        """A text across columns `first`..`last` (all by default), wrapped, its row as high as its lines."""
        last = len(self.widths) - 1 if last is None else last
        props = {"font_size": SIZE, **props}
        if last > first:
            self.w.merge_text(self.row, first, self.row, last, text, **props)
        else:
            self.w.text(self.row, first, text, **props)
        self.fit(self.row, text, sum(self.widths[first:last + 1]), props.get("bold", False), props["font_size"])
        self.row += 1

    def finish(self, header_row: int | None, landscape: bool) -> None:
        for c, width in enumerate(self.widths):
            self.ws.set_column(c, c, width)
        for r, h in self.heights.items():
            self.ws.set_row(r, min(h, 409))
        self.ws.set_paper(9)  # A4
        if landscape:
            self.ws.set_landscape()
        else:
            self.ws.set_portrait()
        self.ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        self.ws.set_print_scale(100)
        self.ws.set_footer(f"&C&{SIZE}&P / &N")
        self.ws.center_horizontally()
        if header_row is not None:
            self.ws.repeat_rows(header_row)
            self.ws.freeze_panes(header_row + 1, 0)


def _section(sheet: ProgressSheet, section, legend_props: dict) -> int:
    """A section's heading, its form, its table (formulas where they give the figure shown), notes, legend."""
    w = sheet.w
    table = section.table.materialised()
    sheet.across(section.heading, bold=True, font_size=12)
    sheet.across(f"({section.form})", italic=True, font_color="#555555")
    header = sheet.row
    for c, column in enumerate(table.columns):
        w.text(header, c, column.name, font_size=SIZE, **HEAD)
        sheet.fit(header, column.name, sheet.widths[c], bold=True)
    first = header + 1
    values = [[unscale(v, col) for v, col in zip(row, table.columns)] for row in table.rows]
    totals = [[unscale(v, col) for v, col in zip(row, table.columns)] for row in table.total_rows]
    where = {i: first + i for i in range(len(values))}

    def formula_or_number(r: int, c: int, row: list, value, fmt: str, props: dict, sums_of: list[int] | None) -> None:
        """`value` at (r, c) as a formula when one gives exactly it: a sum of rows, planned − disbursed, a share."""
        if sums_of is not None and c in section.sums and sums_of and \
                all(_amount(values[i][c]) or values[i][c] is None for i in sums_of) and \
                sum((values[i][c] for i in sums_of if values[i][c] is not None), Decimal(0)) == value:
            cells = [where[i] for i in sums_of]
            ref = f"{_cell(cells[0], c)}:{_cell(cells[-1], c)}" if cells == list(range(cells[0], cells[-1] + 1)) \
                else ",".join(_cell(x, c) for x in cells)
            w.formula(r, c, f"=SUM({ref})", value, fmt, **props)
            return
        if section.difference and c == section.difference[0]:
            _, p, d = section.difference
            if _amount(row[p]) and _amount(row[d]) and row[p] - row[d] == value:
                w.formula(r, c, f"={_cell(r, p)}-{_cell(r, d)}", value, fmt, **props)
                return
        if section.share and c == section.share[0]:
            _, part, whole = section.share
            if _amount(row[part]) and _amount(row[whole]) and row[whole] and \
                    Decimal(row[part] * 100 / Decimal(row[whole])).quantize(Decimal("0.1"), "ROUND_HALF_UP") == value:
                w.formula(r, c, f'=IF({_cell(r, whole)}=0,"",ROUND({_cell(r, part)}/{_cell(r, whole)}*100,1))',
                          value, fmt, **props)
                return
        w.number(r, c, value, fmt, **props)

    def write_row(r: int, row: list, bold: bool, assumed: set[int], sums_of: list[int] | None) -> None:
        for c, (value, column) in enumerate(zip(row, table.columns)):
            props = {"font_size": SIZE, **BORDER, **({"bold": True} if bold else {}),
                     **(legend_props if c in assumed and value is not None else {})}
            if _amount(value):
                if not column.numeric:  # a row number, a year
                    props["align"] = "center"
                formula_or_number(r, c, row, value, _format(value, column), props, sums_of)
            else:
                text = None if value is None else column.names.get(value, value) if column.names else str(value)
                w.text(r, c, None if text in (None, "") else str(text), **props)
                sheet.fit(r, text, sheet.widths[c], bold)

    assumed: dict[int, set[int]] = {}
    for k, c in section.assumed:
        assumed.setdefault(k, set()).add(c)
    for i, row in enumerate(values):
        write_row(where[i], row, i in section.parts, assumed.get(i, set()), section.parts.get(i))
    r = first + len(values)
    for k, row in enumerate(totals):
        write_row(r, row, True, set(), section.top_rows if k == 0 else None)
        r += 1
    sheet.row = r
    if section.legend:
        w.text(sheet.row, 0, None, **ASSUMED, **BORDER)
        sheet.across(section.legend, 1, font_size=9, italic=True)
    for note in table.notes:
        sheet.across(note, font_size=9, font_color="#404040")
    sheet.row += 1
    return header


def _signature(sheet: ProgressSheet, signature) -> None:
    """Place and date on the right, then each signer's role (bold) and what they write, side by side."""
    n = len(sheet.widths)
    half = max(1, n // 2)
    spans = [(0, half - 1), (half, n - 1)]
    sheet.row += 1
    sheet.across(signature.place_date, max(1, half - 1), n - 1, italic=True, align="right")
    for k, (role, hint) in enumerate(signature.signers[:2]):
        first, last = spans[k]
        sheet.w.merge_text(sheet.row, first, sheet.row, last, role, bold=True, align="center", font_size=SIZE) \
            if last > first else sheet.w.text(sheet.row, first, role, bold=True, align="center", font_size=SIZE)
        sheet.w.merge_text(sheet.row + 1, first, sheet.row + 1, last, hint, italic=True, align="center",
                           font_size=SIZE) \
            if last > first else sheet.w.text(sheet.row + 1, first, hint, italic=True, align="center", font_size=SIZE)
    sheet.row += 6  # room to sign and stamp


def progress_workbook_bytes(doc) -> bytes:
    """The report due at a deadline as a workbook of one printable sheet per section."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False, "default_format_properties": FONT})
    formats = Formats(book)
    taken: set[str] = set()
    for k, section in enumerate(doc.sections):
        table = section.table.materialised()
        widths = _widths(table, PAGE_PX["portrait"])
        landscape = sum(_px(x) for x in widths) > PAGE_PX["portrait"] or len(table.columns) > 6
        if landscape:
            widths = _widths(table, PAGE_PX["landscape"])
        sheet = ProgressSheet(book, formats, sheet_name(section.heading, taken))
        sheet.widths = widths
        sheet.across(doc.title.upper(), bold=True, font_size=13, align="center")
        sheet.heights[0] = max(sheet.heights.get(0, 0), 24)  # room for the marks above Vietnamese capitals
        if k == 0:
            for key, value in doc.meta:
                sheet.across(f"{key}: {value}")
            if doc.banner:
                sheet.across(doc.banner, bold=True, bg_color="#FFF2CC")
        sheet.row += 1
        header = _section(sheet, section, dict(ASSUMED))
        if k == len(doc.sections) - 1:
            for note in doc.notes:
                sheet.across(note, font_size=9, font_color="#404040")
            if doc.signature is not None:
                _signature(sheet, doc.signature)
        sheet.finish(header, landscape)
    book.close()
    return out.getvalue()
