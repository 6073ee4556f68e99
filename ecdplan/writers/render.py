"""Renderers: turn a `Table` (reports/table.py) into text, CSV, JSON or Markdown. They know nothing about plans.

Cells hold raw values (str, int, Decimal, None). Numeric columns are formatted by `numfmt` for
people (table, markdown) and written plainly for machines (csv, json).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from ecdplan.i18n.numbers import format_number
from ecdplan.reports.table import Column, Table
from ecdplan.vocab import REPORT_FORMATS


ReportFormat = Enum("ReportFormat", {f: f for f in REPORT_FORMATS}, type=str)  # the choices of --format


NAME_WIDTH = 76  # characters of a name column in a terminal table; longer names wrap
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# escape sequences (CSI, OSC, other ESC x), C0/C1 controls except newline, and bidi overrides/isolates/marks:
# plan text must not move the cursor, recolour the terminal or reorder what is shown
_TERMINAL_UNSAFE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """Text for a terminal: escape sequences, control characters and bidi controls removed (a tab: a space)."""
    if text.isprintable():
        return text
    return _TERMINAL_UNSAFE.sub(lambda m: " " if m.group() == "\t" else "", text)


def markdown_cell(text: str) -> str:
    """Text for a Markdown table cell: HTML, pipes and backslashes escaped, newlines as <br>, controls removed."""
    text = terminal_safe(text.replace("\r\n", "\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return text.replace("\r", "").replace("\n", "<br>")


def _places(value: Any, column: Column) -> int:
    if column.decimals is not None:
        return column.decimals
    return max(0, -value.as_tuple().exponent) if isinstance(value, Decimal) else 0


def _cell(value: Any, column: Column, lang: str) -> str:
    if value is None:
        return ""
    if column.names and isinstance(value, str):
        return column.names.get(value, value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")  # as Vietnamese documents write dates: 15/11/2024
    if column.numeric and isinstance(value, (int, Decimal)):
        return format_number(value, _places(value, column), lang, column.signed)
    return str(value)


def _plain(value: Any, column: Column) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.{_places(value, column)}f}"
    return value


def _scaled_text(value: int, scale: int) -> str:
    """An integer count of 10^-scale units as exact decimal text: 56291, 1 -> '5629.1'."""
    sign = "-" if value < 0 else ""
    q, r = divmod(abs(value), 10**scale)
    return f"{sign}{q}.{r:0{scale}d}"


def unscale(value: Any, column: Column) -> Any:
    """The Decimal an integer cell of a scaled column stands for."""
    if column.scale and type(value) is int:
        return Decimal(value).scaleb(-column.scale)
    return value


def _csv_column(values: list[Any], column: Column) -> list[Any]:
    """One column's cells written plainly for CSV; text is neutralised (formula injection)."""
    if column.scale:
        unit, pattern = 10**column.scale, f"%d.%0{column.scale}d"
        # each distinct amount written once: a line-year's communes share one or two amounts
        text = {v: None if v is None else pattern % divmod(v, unit) if v >= 0 else _scaled_text(v, column.scale)
                for v in set(values)}
        return list(map(text.__getitem__, values))
    starts = FORMULA_STARTS
    return [v if v is None or v.__class__ is int else
            ("'" + v if v.startswith(starts) else v) if v.__class__ is str else _plain(v, column)
            for v in values]


def _json_value(value: Any, column: Column) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # an exact JSON number with the displayed places: a marker now, swapped for the digits after dumps
        return f"\0{value:.{_places(value, column)}f}\0"
    return value


_MARKED_NUMBER = re.compile(r'"\\u0000(-?[0-9]+(?:\.[0-9]+)?)\\u0000"')


def dumps(doc: Any) -> str:
    """JSON text in which Decimal values (marked by `_json_value`) are exact numbers, never floats."""
    return _MARKED_NUMBER.sub(r"\1", json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def for_machines(table: Table) -> Table:
    """The table CSV and JSON write: ids kept, and a names column beside each column that has `names_key`."""
    if not any(c.names and c.names_key for c in table.columns):
        return table
    columns, widen = machine_columns(table)
    rows = [widen(r) for r in table.rows] if isinstance(table.rows, list) else (widen(r) for r in table.rows)
    return Table(columns, rows, [widen(r) for r in table.total_rows], table.title, table.notes,
                 table.streamed_totals)


def machine_columns(table: Table):
    """The columns CSV and JSON write (a names column beside each column that has `names_key`), and the function
    that widens a row to them."""
    at = [j for j, c in enumerate(table.columns) if c.names and c.names_key]
    if not at:
        return table.columns, lambda row: row
    columns: list[Column] = []
    for j, c in enumerate(table.columns):
        columns.append(c)
        if j in at:
            columns.append(Column(c.names_key, c.names_key))

    def widen(row):
        out = []
        for j, (v, c) in enumerate(zip(row, table.columns)):
            out.append(v)
            if j in at:
                out.append(c.names.get(v, v) if isinstance(v, str) else None)
        return out

    return columns, widen


def _csv_header(columns: list[Column]) -> list[str]:
    return [k for c in columns for k in ((c.key, c.names_key) if c.names and c.names_key else (c.key,))]


def _write_csv_rows(writer, rows: list, columns: list[Column]) -> None:
    # column by column: a national commune listing has 680,000 rows; a column with names gets its names beside it
    converted = []
    for j, c in enumerate(columns):
        values = [row[j] for row in rows]
        converted.append(_csv_column(values, c))
        if c.names and c.names_key:
            names = c.names
            converted.append(_csv_column([names.get(v, v) if v.__class__ is str else None for v in values],
                                         Column(c.names_key)))
    writer.writerows(zip(*converted))


def _tabulate() -> Any:
    """tabulate's `tabulate` function (deferred: only reports need it), imported as the command line's start-up
    tricks import it when this is the command line (ecdplan.cli.speedups)."""
    import sys

    speedups = sys.modules.get("ecdplan.cli.speedups")  # loaded by the command line before anything else
    if speedups is not None:
        return speedups.tabulate_function()
    from tabulate import tabulate

    return tabulate


def wrap_words(text: str, width: int | None) -> str:
    """Text wrapped to `width` between words only: a name, an id, a number, a date or a code such as
    "DTTS-MN" or "2025-07-01" is never cut (a word longer than `width` stays whole, on a line of its own)."""
    if not width or _longest(text) <= width:
        return text
    import textwrap

    return "\n".join(line for part in text.split("\n")
                     for line in (textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False) or [""]))


def _hyphenable(word: str) -> bool:
    """Whether a header's word may be hyphenated when nothing else lets a table fit: a word of letters
    ("Beneficiaries", "(million"), never a name, a path, a code or a number ("plans/gia-lai-2023-2026.yaml")."""
    return word.strip("()[],.;:%").isalpha()


def _longest_whole(header: str) -> int:
    """The longest word of a header that may not be hyphenated."""
    return max((len(w) for w in header.split() if not _hyphenable(w)), default=0)


def _hyphenated(text: str, width: int) -> str:
    """A header wrapped between words, a word of letters longer than `width` cut with a hyphen (only a header's:
    never a cell's, nor a name, code or path)."""
    lines = []
    for line in wrap_words(text, width).split("\n"):
        while len(line) > width and _hyphenable(line):
            cut = min(width - 1, len(line) - 3)  # never fewer than 3 letters on the next line ("Successo-/rs")
            lines.append(line[:cut] + "-")
            line = line[cut:]
        lines.append(line)
    return "\n".join(lines)


def _wrapped(rows: list[list[str]], widths: list[int | None] | None, header: bool = False) -> list[list[str]]:
    if not widths or not any(widths):
        return rows
    if header:
        return [[_hyphenated(x, w) if w and w > 1 else x for x, w in zip(row, widths)] for row in rows]
    return [[wrap_words(x, w) for x, w in zip(row, widths)] for row in rows]


def _tabulated(tabulate: Any, rows: list[list[str]], headers: list[str], tablefmt: str, colalign: list[str],
               maxcolwidths: list[int | None] | None = None, maxheadercolwidths: list[int | None] | None = None) -> str:
    """`tabulate(rows, ...)`, the same text with tabulate 0.9 and 0.10, cells and headers wrapped between words to
    `maxcolwidths` and `maxheadercolwidths` (never inside one). A table without rows: its headers aligned left;
    0.9 fails on it when given the columns' alignment (IndexError), so it is written from one row of empty cells,
    then without that row."""
    rows = _wrapped(rows, maxcolwidths)
    headers = _wrapped([headers], maxheadercolwidths, header=True)[0]
    module = sys.modules[tabulate.__module__]
    padding = module.MIN_PADDING
    if maxheadercolwidths is not None:
        module.MIN_PADDING = 0  # wrapped headers are as wide as their column, not 2 wider
    try:
        if rows:
            return tabulate(rows, headers=headers, tablefmt=tablefmt, colalign=colalign, disable_numparse=True)
        lines = tabulate([[""] * len(headers)], headers=headers, tablefmt=tablefmt,
                         disable_numparse=True).split("\n")
    finally:
        module.MIN_PADDING = padding
    # the empty row's line (tabulate leaves it out below headers of several lines)
    return "\n".join(lines[:-1] if set(lines[-1]) <= {" ", "|"} else lines)


def render(table: Table, fmt: ReportFormat, lang: str = "en", width: int | None = None) -> str:
    """A table as text; `width` (a terminal's columns) wraps long text so that a table fits it."""
    table = table.materialised()
    if fmt is ReportFormat.json:
        return render_json(table)
    if fmt is ReportFormat.csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_csv_header(table.columns))
        _write_csv_rows(writer, table.rows + table.total_rows, table.columns)
        return out.getvalue()
    tabulate = _tabulate()  # deferred: only reports need it

    safe = markdown_cell if fmt is ReportFormat.markdown else terminal_safe
    body = [[safe(_cell(unscale(v, c), c, lang)) for v, c in zip(row, table.columns)] for row in table.rows]
    totals = [[safe(_cell(unscale(v, c), c, lang)) for v, c in zip(row, table.columns)] for row in table.total_rows]
    aligns = ["right" if c.numeric else "left" for c in table.columns]
    headers = [safe(c.name) for c in table.columns]
    title, notes = safe(table.title), [safe(note) for note in table.notes]
    if fmt is ReportFormat.markdown:
        text = _tabulated(tabulate, body + [[f"**{x}**" if x else "" for x in r] for r in totals], headers, "github",
                          aligns)
        parts = [f"### {title}\n" if title else "", text, ""]
        parts += [f"- {note}" for note in notes]
        return "\n".join(p for p in parts if p is not None).rstrip() + "\n"
    fitted = _fit(headers, body + totals, table.columns, width) if width else None
    if fitted:
        widths, header_widths = fitted
    else:  # names (a line's, an indicator's) can be long sentences: wrapped in the terminal, whole elsewhere
        widths = [NAME_WIDTH if c.names else None for c in table.columns]
        widths, header_widths = (widths if any(widths) else None), None
    text = _tabulated(tabulate, body + totals, headers, "simple", aligns, widths, header_widths)
    if totals and widths is None:
        lines = text.split("\n")
        rule = lines[1]
        lines.insert(len(lines) - len(totals), rule)
        text = "\n".join(lines)
    elif totals:  # wrapped rows: the rule goes above the first line of the totals
        lines = text.split("\n")
        below = sum(max(x.count("\n") + 1 for x in row) for row in _wrapped(totals, widths))
        lines.insert(len(lines) - below, next(x for x in lines if x and set(x) <= {"-", " "}))
        text = "\n".join(lines)
    if width:
        title = wrap_words(title, width)
        notes = [wrap_words(n, width) for n in notes]
    parts = [title, text] if title else [text]
    if notes:
        parts.append("\n".join(notes))
    return "\n\n".join(parts) + "\n"


def _longest(text) -> int:
    return max((len(x) for x in str(text).split("\n")), default=0)


def _longest_word(text) -> int:
    return max((len(x) for x in str(text).split()), default=0)


MIN_TEXT_WIDTH = 8  # a wrapped text column never gets narrower than this
HEADER_WIDTH = 10  # a header wider than its column's cells wraps to this first
PAD = 2  # tabulate's "simple" format makes a column 2 wider than its header


def _fit(headers: list[str], rows: list[list[str]], columns: list[Column],
         width: int) -> tuple[list[int | None], list[int | None]] | None:
    """(widest cell text, widest header) of each column so that the table fits `width`; None if it fits.
    Text wraps between words only; a number is one word, never wrapped; the widest columns give way first."""
    n = range(len(headers))
    return _fit_cells(headers, [max([_longest(r[j]) for r in rows] or [0]) for j in n], columns, width,
                      [max([_longest_word(r[j]) for r in rows] or [0]) for j in n])


def _fit_cells(headers: list[str], cells: list[int], columns: list[Column], width: int,
               words: list[int] | None = None) -> tuple[list[int | None], list[int]] | None:
    """`_fit` from the longest line and the longest word of each column's cells. A wrapped table's headers are
    not padded (they wrap to their column). A column is never narrower than its longest word, nor its header's:
    text columns first keep `MIN_TEXT_WIDTH`, then give that up, then a header's long word is hyphenated; if the
    table cannot fit even so, it is wider than `width`."""
    if sum(max(_longest(h) + PAD, c) for h, c in zip(headers, cells)) + 2 * (len(headers) - 1) <= width:
        return None
    width -= 2 * (len(headers) - 1)  # the gaps between columns
    words = words or cells
    natural = [max(_longest(h), c) for h, c in zip(headers, cells)]
    # a number is one word: a numeric column wraps only text put in it (a date, a body in `diff`), between words
    least = [max(_longest_word(h), words[j]) for j, h in enumerate(headers)]
    limits, head = list(natural), [_longest_word(h) for h in headers]
    # last, a header's long word may be hyphenated ("Beneficia-/ries"): never a cell's
    cells_least = [max(3, w, _longest_whole(h)) for w, h in zip(words, headers)]
    # first only headers wider than their cells wrap (to HEADER_WIDTH), then text wraps: names keep their room
    floors = [[max(c, m, min(n, HEADER_WIDTH)) for c, m, n in zip(cells, least, natural)],
              [max(m, min(n, MIN_TEXT_WIDTH)) for m, n in zip(least, natural)], least]
    floors.append(cells_least)  # last: a header's word of letters hyphenated, for the table to fit (or come closest)
    for floor in floors:
        while sum(limits) > width:
            j = max(range(len(limits)), key=lambda k: (limits[k] > floor[k], limits[k], head[k], natural[k]))
            if limits[j] <= floor[j]:
                break
            limits[j] -= 1
    return [None if limit >= n else limit for limit, n in zip(limits, natural)], limits


def table_doc(table: Table) -> dict[str, Any]:
    """A table as a JSON-ready dict (exact numbers marked for `dumps`)."""
    table = for_machines(table.materialised())
    records = [{c.key: _json_value(unscale(v, c), c) for v, c in zip(row, table.columns)} for row in table.rows]
    totals = [{c.key: _json_value(unscale(v, c), c) for v, c in zip(row, table.columns)} for row in table.total_rows]
    doc: dict[str, Any] = {"title": table.title, "rows": records}
    if totals:
        doc["totals"] = totals
    if table.notes:
        doc["notes"] = table.notes
    return doc


def render_json(table: Table) -> str:
    return dumps(table_doc(table))


TERMINAL = -1  # `render_many`'s width by default: the terminal's (`terminal_columns`)


def terminal_columns(fmt: ReportFormat) -> int | None:
    """The width a table for people must fit: the terminal's, or COLUMNS; None when piped (nothing wraps) or for
    machines' formats."""
    import os

    if fmt is not ReportFormat.table:
        return None
    if "COLUMNS" in os.environ or sys.stdout.isatty():
        import shutil

        return max(40, shutil.get_terminal_size().columns)
    return None


def render_many(tables: list[Table], fmt: ReportFormat, lang: str = "en", width: int | None = TERMINAL) -> str:
    """Several tables of one report: one after another for people, one JSON document for programs. Tables for
    people fit `width` (by default the terminal's: COLUMNS, or nothing wraps when piped)."""
    if width == TERMINAL:
        width = terminal_columns(fmt)
    if fmt is ReportFormat.json:
        return dumps({"tables": [table_doc(t) for t in tables]})
    if fmt is ReportFormat.csv:
        return "\n".join(f"# {t.title}\n" + render(t, fmt, lang) for t in tables)
    return "\n".join(render(t, fmt, lang, width) for t in tables)
