"""A Word plan built from seed 000's text (tests/data/seed-000-gia-lai.txt, the Gia Lai plan that
plans/gia-lai-2023-2026.yaml encodes), as an office would have it: the heading in a borderless two-column table,
the body as paragraphs (footnotes left out: Word keeps them apart from the body), the appendix as a table with
merged headings (the year and source groups across, STT and the other headings down) and merged cells (the timing
and the staff of lines I.1-I.3), then its notes."""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).resolve().parent / "data" / "seed-000-gia-lai.txt"
FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


def seed_parts(text: str | None = None) -> tuple[list[str], list[list[str]], list[str]]:
    """(body paragraphs, appendix rows of 15 cells, paragraphs after the table) of the seed."""
    text = SEED.read_text(encoding="utf-8") if text is None else text
    lines = [line for line in text.splitlines()]
    first_row = next(k for k, line in enumerate(lines) if line.startswith("STT\t"))
    body = [MARKS.sub("", line).strip() for line in lines[:first_row] if not FOOTNOTE.match(line)]
    body = [line for line in body if line]
    rows, after = [], []
    for line in lines[first_row:]:
        if "\t" in line:
            rows.append((line.split("\t") + [""] * 15)[:15])
        elif line.strip():
            after.append(line.strip())
    return body, rows, after


def build(path: Path, edit=None, table: bool = True, three_rows: bool = False) -> Path:
    """Write the Word plan to `path`; `edit(text) -> text` changes the seed's text first. `three_rows`: the
    sub-projects in a third heading row under their sources, the lines' cells ticked "x" (as Excel appendices do)."""
    import docx

    text = SEED.read_text(encoding="utf-8")
    if edit is not None:
        text = edit(text)
    body, rows, after = seed_parts(text)
    doc = docx.Document()
    heading = doc.add_table(rows=2, cols=2)
    heading.cell(0, 0).text = "ỦY BAN NHÂN DÂN"
    heading.cell(0, 0).add_paragraph("TỈNH GIA LAI")
    heading.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    heading.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    number = next(p for p in body if p.startswith("Số:"))
    date = next(p for p in body if ", ngày" in p)
    heading.cell(1, 0).text = number
    heading.cell(1, 1).text = date
    for p in body:
        if p not in (number, date):
            doc.add_paragraph(p)
    if table:
        if three_rows:
            labels = {8: "Dự án 7", 9: "Tiểu dự án 2-Dự án 3", 10: "Nội dung 2"}
            rows = rows[:2] + [[labels.get(c, "") for c in range(15)]] + [
                [("x" if c in labels and v == labels[c] else v) for c, v in enumerate(r)] for r in rows[2:]]
        _appendix(doc, rows, 3 if three_rows else 2)
    for p in after:
        doc.add_paragraph(p)
    doc.save(str(path))
    return path


def _appendix(doc, rows: list[list[str]], head: int = 2) -> None:
    t = doc.add_table(rows=len(rows), cols=15)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                t.cell(r, c).text = value
    # the headings: groups across (communes per year: columns 3-6; sources: 8-12), the others down the heading rows
    t.cell(0, 2).merge(t.cell(0, 5)).text = rows[0][2]
    t.cell(0, 8).merge(t.cell(0, 12)).text = rows[0][8]
    for c in (0, 1, 6, 7, 13, 14):
        t.cell(0, c).merge(t.cell(head - 1, c)).text = rows[0][c]
    if head == 3:  # years and the sources without a sub-project: down their two lower rows
        for c in (2, 3, 4, 5, 11, 12):
            t.cell(1, c).merge(t.cell(2, c)).text = rows[1][c]
    # lines I.1-I.3 share their timing (two sentences) and their staff
    first = head + 1
    timing = t.cell(first, 6).merge(t.cell(first + 2, 6))
    timing.text = rows[first][6]
    timing.add_paragraph(rows[first + 1][6])
    staff = t.cell(first, 13).merge(t.cell(first + 2, 13))
    staff.text = rows[first][13]
