"""The Excel appendix: the government table of the seed's Phụ lục, plus budget and rollout sheets.

Amounts are the displayed (controlled-rounded) figures, so every subtotal in the workbook adds up as
shown. Text that Excel would run as a formula is stored as text. Written with openpyxl.
"""

from __future__ import annotations

import io
from decimal import Decimal

from .facts import amount_dong, fact_table
from .groupby import pivot
from .model import Plan
from .numfmt import amount_in_words, format_number
from .render import FORMULA_STARTS, Table, unscale

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX"]


def roman(n: int) -> str:
    return ROMAN[n - 1] if n <= len(ROMAN) else str(n)


def _set(ws, row: int, col: int, value, number_format: str | None = None, bold: bool = False):
    import re

    from openpyxl.styles import Alignment, Font

    cell = ws.cell(row=row, column=col)
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)  # Excel stores doubles
    if isinstance(value, str):  # control characters: openpyxl refuses them, Excel cannot store them
        value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # never a formula: plan text is data (formula injection)
        cell.quotePrefix = True  # and editing the cell in Excel keeps it text
    if number_format and isinstance(value, (int, float)):
        cell.number_format = number_format
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    return cell


def _money_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def appendix_sheet(ws, plan: Plan, decimals: int | None = None) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    info = plan.plan
    years = list(info.period.years)
    sources = plan.sources
    facts = fact_table(plan)
    p = pivot(facts, "intervention", "source", [iv.id for iv in plan.interventions], [s.id for s in sources])
    p.rows = [r for r in p.rows if any((r, c) in p.cells for c in p.cols)] or p.rows
    shown = p.display("million", decimals)
    money = _money_format(shown.decimals)
    ncols = 2 + len(years) + 2 + len(sources) + 2
    c_year, c_where = 3, 3 + len(years)
    c_cost, c_src = c_where + 1, c_where + 2
    c_staff, c_notes = c_src + len(sources), c_src + len(sources) + 1

    _set(ws, 1, 1, info.title.upper(), bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    cited = f"(Kèm theo Kế hoạch số {info.number} của {info.issuer})" if info.number else f"({info.issuer})"
    _set(ws, 2, 1, cited)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    for r in (1, 2):
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center", wrap_text=True)

    h1, h2 = 4, 5
    heads = {1: "STT", 2: "Tên can thiệp", c_year: "Số xã tham gia theo năm",
             c_where: "Thời gian và địa bàn triển khai thực hiện",
             c_cost: "Ước tính kinh phí thực hiện (triệu đồng)",
             c_src: "Dự kiến nguồn chi tiết", c_staff: "Nhân lực triển khai", c_notes: "Ghi chú"}
    for col, text in heads.items():
        _set(ws, h1, col, text, bold=True)
    for k, y in enumerate(years):
        _set(ws, h2, c_year + k, y, bold=True)
    for k, s in enumerate(sources):
        _set(ws, h2, c_src + k, s.label + (f"\n({s.component})" if s.component else ""), bold=True)
    ws.merge_cells(start_row=h1, start_column=c_year, end_row=h1, end_column=c_year + len(years) - 1)
    if sources:
        ws.merge_cells(start_row=h1, start_column=c_src, end_row=h1, end_column=c_src + len(sources) - 1)
    for col in (1, 2, c_where, c_cost, c_staff, c_notes):
        ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)

    row = h2 + 1
    groups = [(g.id, g.name) for g in plan.groups]
    if any(iv.group is None for iv in plan.interventions):
        groups.append((None, "Khác"))
    total_cells = {s.id: Decimal(0) for s in sources}
    grand = Decimal(0)
    for gi, (gid, gname) in enumerate(groups, 1):
        members = [iv for iv in plan.interventions if iv.group == gid]
        if not members:
            continue
        group_row = row
        _set(ws, row, 1, roman(gi), bold=True)
        _set(ws, row, 2, gname, bold=True)
        row += 1
        group_total = Decimal(0)
        group_src = {s.id: Decimal(0) for s in sources}
        for k, iv in enumerate(members, 1):
            counts = iv.communes_by_year()
            _set(ws, row, 1, k)
            _set(ws, row, 2, iv.name)
            for j, y in enumerate(years):
                _set(ws, row, c_year + j, counts.get(y) if counts else None, "#,##0")
            where = [f"Giai đoạn {ph.years}: {ph.where}" for ph in iv.rollout if ph.where] \
                if isinstance(iv.rollout, list) else []
            _set(ws, row, c_where, "\n".join(where) or None)
            if iv.id in shown.rows:
                amount = shown.row_totals[iv.id]
                _set(ws, row, c_cost, amount, money)
                group_total += amount
                for j, s in enumerate(sources):
                    if (iv.id, s.id) in p.cells:
                        _set(ws, row, c_src + j, shown.cells[iv.id, s.id], money)
                        group_src[s.id] += shown.cells[iv.id, s.id]
            else:
                _set(ws, row, c_cost, "chưa có dự toán")
            _set(ws, row, c_staff, iv.staff)
            _set(ws, row, c_notes, iv.notes)
            row += 1
        _set(ws, group_row, c_cost, group_total, money, bold=True)
        for j, s in enumerate(sources):
            if group_src[s.id]:
                _set(ws, group_row, c_src + j, group_src[s.id], money, bold=True)
            total_cells[s.id] += group_src[s.id]
        grand += group_total
    _set(ws, row, 2, "Tổng cộng", bold=True)
    _set(ws, row, c_cost, grand, money, bold=True)
    for j, s in enumerate(sources):
        _set(ws, row, c_src + j, total_cells[s.id], money, bold=True)
    last = row
    row += 2
    total_dong = sum(f.amount for f in facts)
    if total_dong:
        _set(ws, row, 1, f"Bằng chữ: {amount_in_words(total_dong)}.")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        row += 1
    notes = []
    if any(f.split_rule == "equal" for f in facts):
        notes.append("Kinh phí theo nguồn: chia đều cho các nguồn được sử dụng (giả định; kế hoạch không ghi tỷ lệ).")
    outside = sorted({plan.source(f.source).label for f in facts if not f.source_valid})
    if outside:
        notes.append("(*) Nguồn ngoài thời hạn: " + ", ".join(outside) + " được dùng sau năm kết thúc của chương trình.")
    if plan.total is not None:
        declared = Decimal(amount_dong(plan, plan.total)) / 1_000_000
        status = "khớp với tổng các dòng" if amount_dong(plan, plan.total) == total_dong else \
            "KHÁC tổng các dòng"
        notes.append(f"Tổng cộng kế hoạch ghi: {format_number(declared, 0 if declared == int(declared) else 3, 'vi')} "
                     f"triệu đồng ({status}).")
    for note in notes:
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


def workbook_bytes(plan: Plan, lang: str = "vi", decimals: int | None = None) -> bytes:
    from openpyxl import Workbook

    from .reports import BudgetOptions, budget_table, rollout_grid

    wb = Workbook()
    appendix_sheet(wb.active, plan, decimals)
    table_sheet(wb.create_sheet(), budget_table(plan, BudgetOptions(by=("source", "year"), lang=lang,
                                                                     decimals=decimals)), "Nguồn × năm")
    table_sheet(wb.create_sheet(), rollout_grid(plan, lang=lang, decimals=decimals), "Triển khai")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
