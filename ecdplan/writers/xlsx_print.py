"""Printing a worksheet as a government table: A4, orientation by width, margins, header rows repeated on every
page, page numbers, fitted to one page wide at a readable size; and row heights that hold their wrapped text.

Spreadsheet programs do not grow a row for wrapped text a program wrote, nor ever for a merged cell, so every
row's height is set here from its text: the text is wrapped between words as the program wraps it, with glyph
widths of the font every cell uses (Times New Roman, or LibreOffice's metric twin Liberation Serif), rounded up.
Column widths are in Excel's units: one unit is the width of a digit of the default font, 7 pixels at 96 dpi in
Excel (a column of width w is 7w + 5 pixels wide) and 7.33 in LibreOffice (Liberation Serif's digit): text is
wrapped in the narrower, the page is fitted with the wider. Calibrated on LibreOffice's printed pages (a line
of 11 pt text is 12.3 pt high there; text is estimated 5 % wider than it prints).
"""

from __future__ import annotations

import math
import re

FONT = "Times New Roman"  # a government document's font; LibreOffice prints it with Liberation Serif (same metrics)
SIZE = 11  # points, in every cell but titles: fitted at a scale of 82 % or more, it prints at 9 pt or more
TITLE_SIZE = 13
SMALLEST_SCALE = 0.86  # 11 pt × 0.82 = 9 pt: planned at 0.86, for what programs add to the widths
A4 = 9  # XlsxWriter's paper code
MARGIN_SIDE, MARGIN_TOP = 0.4, 0.55  # inches
PRINTABLE = {"landscape": (11.69 - 2 * MARGIN_SIDE) * 96, "portrait": (8.27 - 2 * MARGIN_SIDE) * 96}  # pixels

# advance widths of Times New Roman, in em, by kind of character (Vietnamese letters are their base letter's)
_NARROW = set("iljtfrI.,;:'!|()[]-/ ")
_WIDE = set("mwMWĐĐ@%&")


def column_pixels(width: float) -> float:
    """The least width of a column in pixels (Excel's): what wrapped text has."""
    return 7 * width + 5


def printed_pixels(width: float) -> float:
    """The most width of a column in pixels (LibreOffice's): what the page must hold (XlsxWriter stores a width
    up to 0.3 more, rounded to whole pixels)."""
    return 7.4 * (width + 0.3) + 5


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The printed width of `text` in pixels (96 dpi), a little more than the font's own so that it never
    wraps later than estimated."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.29
        elif ch in _WIDE:
            em += 0.9
        elif ch.isupper():
            em += 0.7
        elif ch.isdigit():
            em += 0.5
        else:
            em += 0.45
    return em * size * 96 / 72 * (1.1 if bold else 1.0) * 1.05


def wrapped_lines(text: str, width_px: float, size: float, bold: bool = False) -> int:
    """How many lines `text` takes in a cell `width_px` wide, wrapped between words (a word longer than the
    line is broken inside, as the program does)."""
    room = max(width_px - 5, 10)  # the cell's inner padding
    space = text_width(" ", size, bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used, end = 0.0, 0
        for m in re.finditer(r"[^\s-]*-+|[^\s-]+", paragraph):  # a line may break after a hyphen
            word = m.group()
            w = text_width(word, size, bold)
            gap = space if used and m.start() > end else 0  # no space after a hyphen inside a word
            end = m.end()
            if used and used + gap + w <= room:
                used += gap + w
                continue
            if used:
                lines += 1
            while w > room:  # a word wider than the cell: broken over lines
                lines += 1
                w -= room
            used = w
    return max(lines, 1)


def line_height(size: float) -> float:
    """Points per line of text, with room for the marks Vietnamese stacks above capitals (Ắ, Ổ)."""
    return size * 1.2


def row_height(lines: int, size: float = SIZE) -> float:
    return math.ceil(lines * line_height(size) + 4)


def fit_widths(fixed: dict[int, float], flexible: dict[int, tuple[float, float, float]],
               orientation: str) -> dict[int, float]:
    """Column widths that print one page wide at SMALLEST_SCALE or larger: `fixed` as given; each `flexible`
    column (weight, least, most) at least `least` wide, the room left shared in proportion to the weights (how much
    text a column holds), none wider than its `most`, what one cannot take going to the others."""
    budget = PRINTABLE[orientation] / SMALLEST_SCALE
    left = (budget - sum(printed_pixels(w) for w in fixed.values()) - printed_pixels(0) * len(flexible)) / 7.4
    widths = dict(fixed)
    widths.update({c: least for c, (_, least, _) in flexible.items()})
    left -= sum(least for _, least, _ in flexible.values())
    growing = {c for c, (weight, least, most) in flexible.items() if weight > 0 and most > least}
    while left > 0.5 and growing:
        total = sum(flexible[c][0] for c in growing)
        capped = {c for c in growing if widths[c] + left * flexible[c][0] / total >= flexible[c][2]}
        if not capped:
            for c in growing:
                widths[c] += left * flexible[c][0] / total
            break
        for c in capped:
            left -= flexible[c][2] - widths[c]
            widths[c] = flexible[c][2]
        growing -= capped
    return {c: math.floor(w * 2) / 2 for c, w in widths.items()}


def sheet_pixels(widths: dict[int, float]) -> float:
    return sum(printed_pixels(w) for w in widths.values())


def print_setup(ws, widths: dict[int, float], last_row: int, header_rows: tuple[int, int] | None,
                landscape: bool | None = None) -> None:
    """A4, landscape when the sheet is wider than a portrait page holds at SMALLEST_SCALE, fitted to one page
    wide, margins, header rows on every page, page numbers in the footer, the table as the print area."""
    for c, w in widths.items():
        ws.set_column(c, c, w)
    if landscape is None:
        landscape = sheet_pixels(widths) > PRINTABLE["portrait"] / SMALLEST_SCALE
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP, bottom=MARGIN_TOP)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    if header_rows is not None:
        ws.repeat_rows(*header_rows)
    ws.set_footer("&C&P/&N", {"margin": 0.25})
    ws.print_area(0, 0, last_row, max(widths) if widths else 0)
