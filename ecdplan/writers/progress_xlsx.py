"""The progress report due at a deadline (`reports.progress_report.ProgressReport`) as a printable workbook."""

from __future__ import annotations

import io
from decimal import Decimal

from ecdplan.writers.render import unscale
from ecdplan.writers.xlsx import Formats, SheetWriter, _money_format


def progress_sheet(w: SheetWriter, doc) -> None:
    """The report due at a deadline (`reports.progress_report.ProgressReport`) on one printable sheet: title, who and
    when, the illustrative banner, then each section's table (STT, content, plan, done, % ...) with borders."""
    ws = w.ws
    ncols = max(len(s.table.columns) for s in doc.sections)
    widths = [0.0] * ncols

    def merged(row: int, text: str, **props) -> None:
        w.merge_text(row, 0, row, max(ncols - 1, 1), text, **props)

    row = 0
    merged(row, doc.title.upper(), bold=True, font_size=13, align="center")
    ws.set_row(row, 26)  # room for the marks above Vietnamese capitals (BÁO CÁO, KẾT QUẢ)
    row += 1
    for key, value in doc.meta:
        merged(row, f"{key}: {value}")
        row += 1
    if doc.banner:
        merged(row, doc.banner, bold=True, bg_color="#FFF2CC")
        row += 1
    for section in doc.sections:
        row += 1
        merged(row, section.heading, bold=True, font_size=12)
        row += 1
        merged(row, f"({section.form})", italic=True, font_color="#555555")
        row += 1
        table = section.table.materialised()
        for c, column in enumerate(table.columns):
            w.text(row, c, column.name, bold=True, border=1, align="center", valign="vcenter")
        row += 1
        for values, bold in [(r, False) for r in table.rows] + [(r, True) for r in table.total_rows]:
            for c, (value, column) in enumerate(zip(values, table.columns)):
                value = unscale(value, column)
                props = {"border": 1, **({"bold": True} if bold else {})}
                if column.numeric and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                    fmt = _money_format(max(0, -value.as_tuple().exponent)) if isinstance(value, Decimal) else "#,##0"
                    w.number(row, c, value, fmt, **props)
                else:
                    w.text(row, c, None if value is None else str(value), **props)
                    if isinstance(value, str) and not column.numeric:
                        widths[c] = max(widths[c], min(len(value), 60))
            row += 1
        for note in table.notes:
            merged(row, note, font_size=9, font_color="#555555")
            row += 1
    row += 1
    for note in doc.notes:
        merged(row, note)
        row += 1
    for c in range(ncols):
        ws.set_column(c, c, 6 if c == 0 else max(14, min(widths[c] * 0.9, 48)))
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_paper(9)  # A4


def progress_workbook_bytes(doc) -> bytes:
    """The report due at a deadline as a workbook of one printable sheet."""
    import xlsxwriter

    from ecdplan.i18n.labels import t

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    progress_sheet(SheetWriter(book.add_worksheet(t("Report", doc.lang)), Formats(book)), doc)
    book.close()
    return out.getvalue()
