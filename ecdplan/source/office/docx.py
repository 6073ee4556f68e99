"""Read a Word plan (`.docx`) into the plan's data: `read_docx(path) -> ImportedPlan`.

The document is read as lines (`docx_lines`: within limits, a paragraph or a table row each, merged cells resolved);
the appendix table by `docx_table` (groups, lines, communes per year, cost, sources, "Tổng cộng"), the text by
`docx_text` (heading, basis, leads, responsibilities, reporting, and the checks X101-X103 of the text against its
heading and appendix). Every value keeps where it came from; what was read by judgement is listed to confirm.
"""

from __future__ import annotations

from pathlib import Path

from ecdplan.i18n.messages import N_

from ecdplan.source.office.docx_lines import MAX_FILE_BYTES, ImportedPlan, Para, Unusable, _document_xml, _lines

__all__ = ["ImportedPlan", "read_docx"]


def read_docx(path: str | Path) -> ImportedPlan:
    """The plan in the Word document at `path`; never raises for bad input (fatal findings say why)."""
    from ecdplan.source.reading import UnreadableFile, read_limited

    result = ImportedPlan(str(path))
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        result.say("L001", exc.template, exc.params, None)
        return result
    try:
        paras, tables = _lines(_document_xml(raw))
    except Unusable as exc:
        result.say(exc.code, exc.template, exc.params, None)
        return result
    from ecdplan.source.office.docx_table import read_appendix
    from ecdplan.source.office.docx_text import read_text

    appendix = read_appendix(tables, paras, result)
    if appendix is None:
        if not any(p.text.strip() for p in paras) and not tables:
            result.say("X111", N_("the Word document is empty"), {}, None)
        else:
            result.say("X111", N_("no appendix table found in the Word document (a table with an 'STT' column, "
                                  "the lines' names and their cost)"), {}, None)
        return result
    for table in tables:  # a layout table (the heading's two columns): its cells' paragraphs, in reading order
        if table is not appendix.table:
            cells = list(dict.fromkeys(c for row in table.rows for c in row if c is not None))
            paras += [Para(text, c.line, c.col, c.place) for c in cells for text in c.text.split("\n") if text]
    paras.sort(key=lambda p: (p.line, p.col))
    result.data = read_text(paras, appendix, result)
    return result
