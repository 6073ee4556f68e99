"""A Word document (`.docx`) as lines: what `read_docx` (docx.py) reads a plan from, and what it makes of it
(`ImportedPlan`).

The document is read within limits (the file's size, the zip's entries and their unpacked sizes, paragraphs, rows
and cells), from its main part only (`word/document.xml`, parsed by python-docx's XML parser, which resolves no
entities), into a sequence of *lines*: each paragraph is one line, each table row is one line whose cells are its
columns (a merged cell is the same cell in every grid position it covers). Positions of findings are these lines
and columns; every value also keeps a place people can find (`¶12 “Căn cứ Quyết định…”`, `Bảng 2!R5C3`).

What was read by judgement is listed in `ImportedPlan.judgements` for a person to confirm.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ecdplan.i18n.messages import N_

from ecdplan.rules.findings import Finding
from ecdplan.source.loaded import REFUSED, said

MAX_FILE_BYTES = 20 * 1024 * 1024  # a plan of 40 pages with its appendix is well under 1 MiB
MAX_ENTRIES = 2_000  # parts in the zip
MAX_UNPACKED = 200 * 1024 * 1024  # all parts together, as the zip declares them
MAX_DOCUMENT_XML = 30 * 1024 * 1024  # the main part, as really unpacked
MAX_LINES = 50_000  # paragraphs and table rows
MAX_CELLS = 500_000
MAX_COLUMNS = 200

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT_PART = "word/document.xml"


@dataclass(eq=False)
class Cell:
    """One cell of a table: its text (paragraphs joined by line feeds) and where it starts (merged cells share it)."""

    text: str
    line: int  # the line (table row) it starts on
    col: int  # its first grid column, from 1
    table: int  # which table, from 1
    row: int  # its first row in the table, from 1

    @property
    def place(self) -> str:
        return f"Bảng {self.table}!R{self.row}C{self.col}"


@dataclass
class Para:
    """One paragraph (or the text of one cell of a layout table, such as the heading's)."""

    text: str
    line: int
    col: int = 1
    cell: str = ""  # the cell of a layout table it is in ('Bảng 1!R2C1'), if any

    @property
    def place(self) -> str:
        if self.cell:
            return self.cell
        words = self.text.split()
        head = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
        return f"¶{self.line} “{head}”"


@dataclass
class Table:
    index: int
    rows: list[list[Cell | None]]  # a grid: rows × columns, merged cells repeated, missing cells None


@dataclass
class ImportedPlan:
    """A plan read from an office file: the data as the YAML loader gives it, where each value came from, what was
    read by judgement (to confirm), and the findings of reading it (X1xx; refused values are REFUSED in `data`)."""

    file: str
    data: dict[str, Any] | None = None
    provenance: dict[tuple, str] = field(default_factory=dict)
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    judgements: list[dict[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    poisoned: set[tuple] = field(default_factory=set)

    def put(self, path: tuple, value: Any, where: Para | Cell, judgement: str | None = None) -> Any:
        """Record where the value at `path` came from (and, when it was read by judgement, why)."""
        self.provenance[path] = where.place
        self.positions[path] = (where.line, where.col)
        if judgement:
            self.judgements.append({"path": _dotted(path), "text": where.place, "why": judgement})
        return value

    def refuse(self, path: tuple, where: Para | Cell) -> Any:
        self.put(path, None, where)
        self.poisoned.add(path)
        return REFUSED

    def say(self, code: str, template: str, params: dict[str, object], where: Para | Cell | None,
            **figures: object) -> None:
        line, col = (where.line, where.col) if where is not None else (1, 1)
        self.findings.append(said(code, template, params, self.file, line, col, **figures))


def _dotted(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


class Unusable(Exception):
    def __init__(self, code: str, template: str, **params: object) -> None:
        super().__init__(template.format(**params))
        self.code, self.template, self.params = code, template, params


def _document_xml(raw: bytes) -> bytes:
    """The main part of a .docx, unpacked within limits."""
    if not raw.startswith(b"PK"):
        what = N_("a PDF file") if raw.startswith(b"%PDF") else (
            N_("an old Word (.doc) or encrypted file") if raw.startswith(b"\xd0\xcf\x11\xe0") else N_("not a zip file"))
        raise Unusable("X110", N_("this is not a Word (.docx) document: {what}"), what=_word(what))
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise Unusable("X110", N_("the .docx file is damaged: its zip structure cannot be read")) from None
    if len(infos) > MAX_ENTRIES:
        raise Unusable("X110", N_("the .docx file holds {count:,} parts, more than the {limit:,} a Word document "
                                  "may have"), count=len(infos), limit=MAX_ENTRIES)
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED:
        raise Unusable("X110", N_("the .docx file would unpack to {size:,} bytes, more than the {limit:,} ecdplan "
                                  "reads (a zip bomb?)"), size=unpacked, limit=MAX_UNPACKED)
    try:
        info = archive.getinfo(DOCUMENT_PART)
    except KeyError:
        raise Unusable("X110", N_("this zip file is not a Word document: it has no {part}"),
                       part=DOCUMENT_PART) from None
    if info.flag_bits & 0x1:
        raise Unusable("X110", N_("the Word document is encrypted"))
    try:
        with archive.open(info) as part:
            data = part.read(MAX_DOCUMENT_XML + 1)  # what really unpacks, whatever the zip declares
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError):
        raise Unusable("X110", N_("the .docx file is damaged: its text cannot be unpacked")) from None
    if len(data) > MAX_DOCUMENT_XML:
        raise Unusable("X110", N_("the Word document's text unpacks to more than {limit:,} bytes (a zip bomb?)"),
                       limit=MAX_DOCUMENT_XML)
    return data


def _word(text: str):
    from ecdplan.i18n.messages import Word

    return Word(text)


def _lines(xml: bytes) -> tuple[list[Para], list[Table]]:
    """The body's paragraphs and tables, numbered as lines (a paragraph or a table row each)."""
    from docx.oxml.parser import parse_xml  # deferred: only a .docx needs python-docx (and lxml)

    try:
        root = parse_xml(xml)
    except (SyntaxError, ValueError):  # lxml's XMLSyntaxError is a SyntaxError
        raise Unusable("X110", N_("the .docx file is damaged: its text is not well-formed XML")) from None
    body = root.find(f"{W}body")
    if body is None:
        raise Unusable("X110", N_("this zip file is not a Word document: it has no document body"))
    paras: list[Para] = []
    tables: list[Table] = []
    counter = {"line": 0, "cells": 0}
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            counter["line"] += 1
            _bounded(counter)
            paras.append(Para(_text(child), counter["line"]))
        elif child.tag == f"{W}tbl":
            tables.append(_table(child, len(tables) + 1, counter))
        elif child.tag == f"{W}sdt":  # a content control: its paragraphs count as the body's
            for p in child.iter(f"{W}p"):
                counter["line"] += 1
                _bounded(counter)
                paras.append(Para(_text(p), counter["line"]))
    return paras, tables


def _bounded(counter: dict[str, int]) -> None:
    if counter["line"] > MAX_LINES:
        raise Unusable("X112", N_("the Word document has more than {limit:,} paragraphs and table rows"),
                       limit=MAX_LINES)
    if counter["cells"] > MAX_CELLS:
        raise Unusable("X112", N_("the Word document's tables have more than {limit:,} cells"), limit=MAX_CELLS)


_RUN_HOLDERS = {f"{W}hyperlink", f"{W}ins", f"{W}smartTag", f"{W}fldSimple"}  # runs inside these are shown too
_RUN_TEXT = {f"{W}t": None, f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}br": "\n", f"{W}cr": "\n",
             f"{W}noBreakHyphen": "-"}


def _text(p: Any) -> str:
    """A paragraph's text as Word shows it (runs, also in hyperlinks and tracked insertions; tabs, breaks; deleted
    text, field codes and footnote marks left out), NFC, with its spaces normalised. As python-docx's
    `Paragraph.text`, without an XPath query per paragraph (a long appendix has tens of thousands)."""
    import unicodedata

    parts: list[str] = []
    for child in p.iterchildren():
        runs = [child] if child.tag == f"{W}r" else child.iterchildren(f"{W}r") if child.tag in _RUN_HOLDERS else ()
        for run in runs:
            for item in run.iterchildren():
                if item.tag in _RUN_TEXT:
                    parts.append(_RUN_TEXT[item.tag] or item.text or "")
    text = "".join(parts)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.replace("\xa0", " ").split())


def _table(tbl: Any, index: int, counter: dict[str, int]) -> Table:
    rows: list[list[Cell | None]] = []
    above: list[Cell | None] = []
    for r, tr in enumerate(tbl.iterchildren(f"{W}tr"), start=1):
        counter["line"] += 1
        grid: list[Cell | None] = []
        for tc in tr.iterchildren(f"{W}tc"):
            span = max(1, min(int(tc.grid_span or 1), MAX_COLUMNS))
            counter["cells"] += span
            _bounded(counter)
            if len(grid) + span > MAX_COLUMNS:
                raise Unusable("X112", N_("a table of the Word document has more than {limit:,} columns"),
                               limit=MAX_COLUMNS)
            c = len(grid)
            if tc.vMerge == "continue" and c < len(above) and above[c] is not None:
                cell = above[c]
            else:
                text = "\n".join(t for t in (_text(p) for p in tc.iterchildren(f"{W}p")) if t)
                cell = Cell(text, counter["line"], c + 1, index, r)
            grid.extend([cell] * span)
        _bounded(counter)
        rows.append(grid)
        above = grid
    width = max((len(g) for g in rows), default=0)
    for g in rows:
        g.extend([None] * (width - len(g)))
    return Table(index, rows)
