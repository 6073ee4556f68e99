"""Tables written to a stream (`write_table`); long ones in blocks, in every format, with the very bytes `render`
gives for the whole table.

A listing such as `rollout --communes` of a national plan has 700,000 rows: held whole as cells, strings and
tabulate's lines it takes a gigabyte or more. Here its rows go out a block at a time:
- JSON: in one pass, each record dumped as `dumps` would indent it inside the document;
- table and Markdown: tabulate pads every column to its widest cell, so a first pass renders each block only to
  learn its columns' widths, and the second renders each block again with one extra row of those widths (then
  dropped), so that every block is padded as the whole table would be. The rows are generated anew for each pass
  (`Replay`); a table whose rows can be read only once is rendered whole.
"""

from __future__ import annotations

import csv
import io
import json
from json.encoder import encode_basestring
from itertools import islice
from typing import Any, Iterator

from ecdplan.reports.table import Replay, Table
from ecdplan.writers.render import (NAME_WIDTH, ReportFormat, _MARKED_NUMBER, _cell, _csv_header, _fit_cells,
                                    _json_value, _tabulate, _tabulated, _write_csv_rows, machine_columns,
                                    markdown_cell, render, terminal_safe, unscale, wrap_words)

BLOCK_ROWS = 5_000
_HOLE = "\0TEXT\0"  # where the table's text goes between its title and notes


def streamable(table: Table) -> bool:
    """Whether `write_streamed` can write this table in blocks (its rows generated while written)."""
    return not isinstance(table.rows, list)


def _rows(table: Table) -> Iterator[list]:
    parts = table.rows if table.chunked else ([row] for row in table.rows)
    for part in parts:
        yield from part


def _blocks(table: Table, totals: list) -> Iterator[list]:
    """The body rows in blocks; its last `streamed_totals` rows, then `total_rows`, are put in `totals`."""
    held: list = []
    rows = _rows(table)
    while True:
        block = held + list(islice(rows, BLOCK_ROWS))
        if len(block) <= len(held):  # nothing new: what is held is the end of the table
            cut = len(block) - table.streamed_totals
            totals += block[cut:] + table.total_rows
            if block[:cut]:
                yield block[:cut]
            return
        cut = len(block) - table.streamed_totals
        held = block[cut:]
        if block[:cut]:
            yield block[:cut]


def write_table(table: Table, fmt: ReportFormat, lang: str, out, width: int | None = None) -> None:
    """Write a table to a text stream; generated rows are streamed in chunks in every format, never held all."""
    if isinstance(table.rows, list):
        out.write(render(table, fmt, lang, width))
        return
    if fmt is not ReportFormat.csv:
        write_streamed(table, fmt, lang, out, width)
        return
    # rows go to a buffer and the buffer to `out` once per chunk: one write of 20,000 rows, not 20,000 writes
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_csv_header(table.columns))
    chunk: list = []
    for part in (table.rows if table.chunked else ([row] for row in table.rows)):
        chunk += part
        if len(chunk) >= 20_000:
            _write_csv_rows(writer, chunk, table.columns)
            chunk = []
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    _write_csv_rows(writer, chunk + table.total_rows, table.columns)
    out.write(buffer.getvalue())


def write_streamed(table: Table, fmt: ReportFormat, lang: str, out, width: int | None = None) -> None:
    """Write a table whose rows are generated: what `render` would give, never holding all its rows."""
    if fmt is ReportFormat.json:
        _write_json(table, out)
    elif isinstance(table.rows, Replay):
        _write_text(table, fmt, lang, out, width)
    else:
        out.write(render(table, fmt, lang, width))


def _write_json(table: Table, out) -> None:
    columns, widen = machine_columns(table)

    keys = [f"      {encode_basestring(c.key)}: " for c in columns]

    def record(row) -> str:
        # as json.dumps(record, indent=2) writes it, made here: its indenting encoder makes reference cycles at
        # every call, garbage the command line (cyclic collection off, cli/speedups.py) would keep
        values = [_json_value(unscale(v, c), c) for v, c in zip(widen(row), columns)]
        if not values:
            return "    {}"
        return "    {\n" + ",\n".join(k + _scalar(v) for k, v in zip(keys, values)) + "\n    }"

    def doc(totals: list) -> str:
        d: dict[str, Any] = {"title": table.title, "rows": [_HOLE]}
        if totals:
            d["totals"] = [{c.key: _json_value(unscale(v, c), c) for v, c in zip(widen(r), columns)} for r in totals]
        if table.notes:
            d["notes"] = table.notes
        return _MARKED_NUMBER.sub(r"\1", json.dumps(d, ensure_ascii=False, indent=2)) + "\n"

    hole = "    " + json.dumps(_HOLE)
    totals: list = []
    started = False
    for block in _blocks(table, totals):
        text = ",\n".join(record(row) for row in block)
        if not started:
            out.write(doc([]).split(hole)[0])
            started = True
        else:
            text = ",\n" + text
        out.write(_MARKED_NUMBER.sub(r"\1", text))
    if not started:  # no rows: the document as render gives it
        out.write(doc(totals).replace("[\n" + hole + "\n  ]", "[]"))
        return
    out.write(doc(totals).split(hole)[1])


def _scalar(value: Any) -> str:
    """One JSON value as `json.dumps` writes it (scalars; anything else through json.dumps, indented)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if value.__class__ is str:
        return encode_basestring(value)
    if value.__class__ is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n      ")


def _write_text(table: Table, fmt: ReportFormat, lang: str, out, width: int | None) -> None:
    markdown = fmt is ReportFormat.markdown
    safe = markdown_cell if markdown else terminal_safe
    columns = table.columns
    tabulate = _tabulate()
    headers = [safe(c.name) for c in columns]
    aligns = ["right" if c.numeric else "left" for c in columns]

    def cells(rows: list) -> list[list[str]]:
        return [[safe(_cell(unscale(v, c), c, lang)) for v, c in zip(row, columns)] for row in rows]

    def bold(rows: list[list[str]]) -> list[list[str]]:
        return [[f"**{x}**" if x else "" for x in r] for r in rows] if markdown else rows

    widths = header_widths = None
    if not markdown:
        if width:
            longest, words = [0] * len(columns), [0] * len(columns)
            totals: list = []
            for block in _blocks(table, totals):
                _widest(longest, words, cells(block))
            _widest(longest, words, cells(totals))
            fitted = _fit_cells(headers, longest, columns, width, words)
        else:
            fitted = None
        if fitted:
            widths, header_widths = fitted
        else:
            widths = [NAME_WIDTH if c.names else None for c in columns]
            widths, header_widths = (widths if any(widths) else None), None

    def lines_of(rows: list[list[str]]) -> list[str]:
        if markdown:
            return _tabulated(tabulate, rows, headers, "github", aligns).split("\n")
        return _tabulated(tabulate, rows, headers, "simple", aligns, widths, header_widths).split("\n")

    def rule_at(lines: list[str]) -> int:
        """The index of the line the dashes of the widths are on (below the headers)."""
        if markdown:
            return 1
        return next(k for k, x in enumerate(lines) if x and set(x) <= {"-", " "})

    def measure(lines: list[str]) -> list[int]:
        rule = lines[rule_at(lines)]
        if markdown:
            return [len(seg) - 2 for seg in rule.split("|")[1:-1]]
        return [len(seg) for seg in rule.split("  ") if seg]

    # first pass: the widest of each column
    col_widths = [0] * len(columns)
    totals = []
    last: list[list[str]] = []
    for block in _blocks(table, totals):
        last = cells(block)
        col_widths = [max(a, b) for a, b in zip(col_widths, measure(lines_of(last)))]
    total_cells = bold(cells(totals))
    if not last or len(set(len(w) for w in [col_widths, measure(lines_of(last + total_cells))])) != 1:
        out.write(render(table, fmt, lang, width))  # no rows, or columns tabulate would not keep apart
        return
    col_widths = [max(a, b) for a, b in zip(col_widths, measure(lines_of(last + total_cells)))]
    limit = widths or [None] * len(columns)
    filler = [["x" * (min(w, lim) if lim else w) for w, lim in zip(col_widths, limit)]]

    def padded(rows: list[list[str]]) -> list[str]:
        lines = lines_of(rows + filler)
        assert measure(lines) == col_widths
        return lines[:-1]

    # the totals' rule, where render puts it: found in the last block, else the table is rendered whole
    rule_before = None
    if totals and not markdown:
        end = padded(last + total_cells)
        if widths is None:
            rule_before = len(end) - len(total_cells)
        else:
            rule_before = next((k for k in range(len(end) - 1, 1, -1) if end[k].startswith(total_cells[0][0])),
                               None)
            if rule_before is None or rule_before <= rule_at(end):
                out.write(render(table, fmt, lang, width))
                return
    title, notes = safe(table.title), [safe(note) for note in table.notes]
    if markdown:
        parts = [f"### {title}\n" if title else "", _HOLE, ""] + [f"- {note}" for note in notes]
        head, tail = ("\n".join(parts).rstrip() + "\n").split(_HOLE)
    else:
        if width:
            title = wrap_words(title, width)
            notes = [wrap_words(n, width) for n in notes]
        parts = [title, _HOLE] if title else [_HOLE]
        if notes:
            parts.append("\n".join(notes))
        head, tail = ("\n\n".join(parts) + "\n").split(_HOLE)
    out.write(head)
    blocks = _blocks(table, [])
    first = True
    pending = next(blocks, None)
    while pending is not None:
        following = next(blocks, None)
        rows = cells(pending)
        if following is None:
            rows += total_cells
        lines = padded(rows)
        if following is None and rule_before is not None:
            lines.insert(rule_before, lines[rule_at(lines)])
        if not first:
            lines = lines[rule_at(lines) + 1:]
        out.write(("" if first else "\n") + "\n".join(lines))
        first = False
        pending = following
    out.write(tail)


def _widest(longest: list[int], words: list[int], rows: list[list[str]]) -> None:
    """Raise `longest` and `words` to the longest line and the longest word of each column's cells."""
    for row in rows:
        for j, text in enumerate(row):
            n = max((len(x) for x in text.split("\n")), default=0)
            if n > longest[j]:
                longest[j] = n
            if n > words[j]:  # a word is no longer than its line
                w = max((len(x) for x in text.split()), default=0)
                if w > words[j]:
                    words[j] = w
