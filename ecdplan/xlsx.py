"""The Excel writer: the government table of the seed's Phụ lục, plus report tables as sheets.

It receives documents (`reports.documents`), never a plan: amounts are the displayed figures, so every
subtotal adds up as shown. Text that Excel would run as a formula is stored as text. Written with openpyxl.
"""

from __future__ import annotations

import io
from decimal import Decimal

from .render import FORMULA_STARTS, Table, unscale
from .reports.documents import Appendix, Workbook


def _set(ws, row: int, col: int, value, number_format: str | None = None, bold: bool = False):
    from openpyxl.styles import Alignment, Font

    cell = ws.cell(row=row, column=col)
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)  # Excel stores doubles
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # never a formula: plan text is data (formula injection)
    if number_format and isinstance(value, (int, float)):
        cell.number_format = number_format
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    return cell


def _money_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def appendix_sheet(ws, doc: Appendix) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    years, n_src = doc.years, len(doc.source_headers)
    money = _money_format(doc.decimals)
    ncols = 2 + len(years) + 2 + n_src + 2
    c_year, c_where = 3, 3 + len(years)
    c_cost, c_src = c_where + 1, c_where + 2
    c_staff, c_notes = c_src + n_src, c_src + n_src + 1

    _set(ws, 1, 1, doc.title.upper(), bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    _set(ws, 2, 1, doc.cited)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    for r in (1, 2):
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center", wrap_text=True)

    h1, h2 = 4, 5
    heads = {1: "STT", 2: "Tên can thiệp", c_year: "Số xã tham gia theo năm",
             c_where: "Thời gian và địa bàn triển khai thực hiện",
             c_cost: f"Ước tính kinh phí thực hiện ({doc.unit_label})",
             c_src: "Dự kiến nguồn chi tiết", c_staff: "Nhân lực triển khai", c_notes: "Ghi chú"}
    for col, text in heads.items():
        _set(ws, h1, col, text, bold=True)
    for k, y in enumerate(years):
        _set(ws, h2, c_year + k, y, bold=True)
    for k, header in enumerate(doc.source_headers):
        _set(ws, h2, c_src + k, header, bold=True)
    ws.merge_cells(start_row=h1, start_column=c_year, end_row=h1, end_column=c_year + len(years) - 1)
    if n_src:
        ws.merge_cells(start_row=h1, start_column=c_src, end_row=h1, end_column=c_src + n_src - 1)
    for col in (1, 2, c_where, c_cost, c_staff, c_notes):
        ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)

    row = h2 + 1
    for group in doc.groups:
        _set(ws, row, 1, group.number, bold=True)
        _set(ws, row, 2, group.name, bold=True)
        _set(ws, row, c_cost, group.cost, money, bold=True)
        for j, v in enumerate(group.sources):
            _set(ws, row, c_src + j, v, money, bold=True)
        row += 1
        for line in group.lines:
            _set(ws, row, 1, line.number)
            _set(ws, row, 2, line.name)
            for j, n in enumerate(line.counts):
                _set(ws, row, c_year + j, n, "#,##0")
            _set(ws, row, c_where, line.where)
            _set(ws, row, c_cost, line.cost if line.cost is not None else doc.unbudgeted, money)
            for j, v in enumerate(line.sources):
                _set(ws, row, c_src + j, v, money)
            _set(ws, row, c_staff, line.staff)
            _set(ws, row, c_notes, line.notes)
            row += 1
    _set(ws, row, 2, "Tổng cộng", bold=True)
    _set(ws, row, c_cost, doc.cost, money, bold=True)
    for j, v in enumerate(doc.sources):
        _set(ws, row, c_src + j, v, money, bold=True)
    last = row
    row += 2
    for note in ([doc.in_words] if doc.in_words else []) + doc.notes:
        _set(ws, row, 1, note)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        row += 1

    thin = Side(style="thin", color="999999")
    for r in range(h1, last + 1):
        for c in range(1, ncols + 1):
            ws.cell(row=r, column=c).border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r in (h1, h2):
        for c in range(1, ncols + 1):
            ws.cell(row=r, column=c).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = {1: 6, 2: 40, c_where: 36, c_cost: 14, c_staff: 28, c_notes: 24}
    for c in range(1, ncols + 1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(c, 8 if c < c_where else 14)
    fit_row_heights(ws, h1, last)
    ws.freeze_panes = ws.cell(row=h2 + 1, column=3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.title = "Phụ lục"
    ws.cell(row=1, column=1).font = Font(bold=True, size=12)


def fit_row_heights(ws, first: int, last: int) -> None:
    """Spreadsheets do not grow rows for wrapped text written by a program: estimate the lines needed."""
    import math

    from openpyxl.utils import get_column_letter

    merged = {(r.min_row, r.min_col) for r in ws.merged_cells.ranges if r.min_col != r.max_col}
    for r in range(first, last + 1):
        lines = 1
        for c in range(1, ws.max_column + 1):
            value = ws.cell(row=r, column=c).value
            if not isinstance(value, str) or (r, c) in merged:
                continue
            width = ws.column_dimensions[get_column_letter(c)].width or 10
            per_line = max(1, int(width * (0.9 if ws.cell(row=r, column=c).font.b else 1.1)))
            lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in value.split("\n")))
        ws.row_dimensions[r].height = 15 * lines


def table_sheet(ws, table: Table, title: str) -> None:
    """Any report table as a sheet: headers, rows, totals in bold, notes below."""
    from openpyxl.utils import get_column_letter

    table = table.materialised()
    ws.title = title
    _set(ws, 1, 1, table.title, bold=True)
    for c, column in enumerate(table.columns, 1):
        _set(ws, 3, c, column.name, bold=True)
        ws.column_dimensions[get_column_letter(c)].width = 14 if column.numeric else 28
    r = 4
    for rows, bold in ((table.rows, False), (table.total_rows, True)):
        for values in rows:
            for c, (value, column) in enumerate(zip(values, table.columns), 1):
                value = unscale(value, column)
                fmt = None
                if column.numeric and isinstance(value, Decimal):
                    fmt = _money_format(max(0, -value.as_tuple().exponent))
                elif column.numeric:
                    fmt = "#,##0"
                _set(ws, r, c, value, fmt, bold)
            r += 1
    for note in table.notes:
        r += 1
        _set(ws, r, 1, note)


def workbook_bytes(doc: Workbook) -> bytes:
    from openpyxl import Workbook as Book

    wb = Book()
    appendix_sheet(wb.active, doc.appendix)
    for name, table in doc.sheets:
        table_sheet(wb.create_sheet(), table, name)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def progress_sheet(ws, doc) -> None:
    """The report due at a deadline (`reports.progress.ProgressReport`) on one printable sheet: title, who and
    when, the illustrative banner, then each section's table (STT, content, plan, done, % ...) with borders."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ncols = max(len(s.table.columns) for s in doc.sections)
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    def merged(row: int, text: str, bold: bool = False, size: int | None = None, centre: bool = False) -> None:
        cell = _set(ws, row, 1, text, bold=bold)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        if size:
            cell.font = Font(bold=bold, size=size)
        if centre:
            cell.alignment = Alignment(horizontal="center", wrap_text=True)

    row = 1
    merged(row, doc.title.upper(), bold=True, size=13, centre=True)
    row += 1
    for key, value in doc.meta:
        merged(row, f"{key}: {value}")
        row += 1
    if doc.banner:
        merged(row, doc.banner, bold=True)
        ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor="FFF2CC")
        row += 1
    widths = [0.0] * ncols
    for section in doc.sections:
        row += 1
        merged(row, section.heading, bold=True, size=12)
        row += 1
        merged(row, f"({section.form})")
        ws.cell(row=row, column=1).font = Font(italic=True, color="555555")
        row += 1
        table = section.table.materialised()
        first = row
        for c, column in enumerate(table.columns, 1):
            _set(ws, row, c, column.name, bold=True)
            ws.cell(row=row, column=c).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row += 1
        for values, bold in [(r, False) for r in table.rows] + [(r, True) for r in table.total_rows]:
            for c, (value, column) in enumerate(zip(values, table.columns), 1):
                value = unscale(value, column)
                fmt = None
                if column.numeric and isinstance(value, Decimal):
                    fmt = _money_format(max(0, -value.as_tuple().exponent))
                elif column.numeric:
                    fmt = "#,##0"
                _set(ws, row, c, value, fmt, bold)
                if not column.numeric and isinstance(value, str):
                    widths[c - 1] = max(widths[c - 1], min(len(value), 60))
            row += 1
        for r in range(first, row):
            for c in range(1, len(table.columns) + 1):
                ws.cell(row=r, column=c).border = box
        for note in table.notes:
            merged(row, note)
            ws.cell(row=row, column=1).font = Font(size=9, color="555555")
            row += 1
    row += 1
    for note in doc.notes:
        merged(row, note)
        row += 1
    for c in range(1, ncols + 1):
        ws.column_dimensions[get_column_letter(c)].width = 6 if c == 1 else max(14, min(widths[c - 1] * 0.9, 48))
    fit_row_heights(ws, 1, row)
    ws.row_dimensions[1].height = 26  # room for the marks above Vietnamese capitals (BÁO CÁO, KẾT QUẢ)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def progress_workbook_bytes(doc) -> bytes:
    """The report due at a deadline as a workbook of one printable sheet."""
    from openpyxl import Workbook as Book

    wb = Book()
    ws = wb.active
    ws.title = "Báo cáo" if doc.lang == "vi" else "Report"
    progress_sheet(ws, doc)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
