"""Office files in: an Excel appendix (.xlsx) or a CSV table read into a plan, every value with the cell it came
from (`Phụ lục!H12`), and a Word plan (.docx: its heading, basis, responsibilities, deadlines and appendix,
source/office/docx.py), every value with its paragraph or table cell.

`sniff` tells a file's kind from its first bytes (and its name); `load_office` is what the loader does with an
office file: the table read (`xlsx`, `csv` into a `table.Grid`), understood (`appendix`), written as plan YAML
with each value's cell in a comment (`emit`), then loaded as any plan. `mapping` reads the small file that
describes a layout the importer does not know. openpyxl is imported only here, when such a file is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ecdplan.i18n.messages import N_

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def sniff(raw: bytes, file: str) -> str | None:
    """'xlsx', 'csv', or the kind of a file ecdplan cannot read ('pdf', 'docx', 'xls', 'zip', 'binary',
    'not-zip'); None for text (a YAML file)."""
    name = file.lower()
    if name.endswith(".docx"):  # the Word reader says what is wrong with one that is not (X110)
        return "docx"
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        if b"word/" in raw[:4096] or name.endswith(".docx"):
            return "docx"
        if b"opendocument" in raw[:256] or name.endswith((".ods", ".odt")):
            return "ods"
        return "xlsx" if name.endswith((".xlsx", ".xlsm")) or b"xl/" in raw[:65536] else "zip"
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if name.endswith((".xlsx", ".xlsm")):
        return "not-zip"
    if name.endswith(".csv"):
        return "csv"
    if _binary(raw[:8192]) and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return None


def _binary(sample: bytes) -> bool:
    """NUL bytes in what is not UTF-8 text, or many of them: not a plan's text (a stray NUL in a plan is L010)."""
    if b"\x00" not in sample:
        return False
    if sample.count(b"\x00") * 20 > len(sample):
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(sample) - 4  # not just a character cut at the sample's end
    return False


READABLE = N_("ecdplan reads plans as YAML (.yaml), Excel workbooks (.xlsx), CSV tables (.csv) and Word documents "
              "(.docx)")
REFUSALS = {
    "pdf": N_("this is a PDF file, which ecdplan cannot read; {readable}: save the appendix table from the "
              "original Word or Excel file"),
    "xls": N_("this is an old-style Excel or Office file (.xls, .doc) or a password-protected one, which ecdplan "
              "cannot read; {readable}: save it as an Excel workbook (.xlsx) without a password"),
    "ods": N_("this is an OpenDocument file (LibreOffice .ods, .odt), which ecdplan does not read; {readable}: save "
              "it as an Excel workbook (.xlsx)"),
    "zip": N_("this is a zip archive but not an Excel workbook; {readable}"),
    "not-zip": N_("the file is named .xlsx but is not an Excel workbook (an .xlsx is a zip archive; this one is "
                  "not); {readable}"),
    "binary": N_("this is a binary file, not a plan; {readable}"),
}


def load_office(raw: bytes, file: str, kind: str) -> Any:
    """A LoadedFile of an office file: the table imported in memory, or an X001 finding."""
    from ecdplan.i18n.messages import Word
    from ecdplan.source.loaded import LoadedFile, said

    if kind in REFUSALS:
        return LoadedFile(file, findings=[said("X001", REFUSALS[kind], {"readable": Word(READABLE)}, file, 0, 0)])
    if kind == "docx":  # a Word plan: at its paragraphs and table rows
        from ecdplan.source.office.docx import read_docx

        plan = read_docx(file)
        return LoadedFile(file, data=plan.data, positions=dict(plan.positions), findings=list(plan.findings),
                          poisoned=set(plan.poisoned))
    from ecdplan.source.office.mapping import beside

    imported = import_bytes(raw, file, kind, beside(file))
    return imported.loaded()


def import_bytes(raw: bytes, file: str, kind: str, mapping: Any = None) -> Any:
    """The table of an .xlsx or .csv file read into an `appendix.Imported` (plan, cells, judgements, findings)."""
    from ecdplan.source.office.appendix import Imported, read_table

    if kind == "csv":
        from ecdplan.source.office.csv import read_csv

        grids, findings = read_csv(raw, file)
    else:
        from ecdplan.source.office.xlsx import read_xlsx

        grids, findings = read_xlsx(raw, file, mapping)
    if grids is None:
        return Imported(file, findings=findings)
    imported = read_table(grids, file, mapping)
    imported.findings[:0] = _in_the_table(findings, imported)
    imported.findings.sort(key=_in_table_order)
    return imported


def _in_the_table(findings: list, imported: Any) -> list:
    """A formula without its stored value matters only where the table is read (X004): not on another sheet nor
    below the table's last row, where ecdplan's own export keeps its check notes and the sheets linked to it."""
    from ecdplan.source.office.table import cell_position

    refs = [ref for ref in imported.cells.values() if isinstance(ref, str) and "!" in ref]
    if not refs:
        return findings
    sheet = refs[0].rsplit("!", 1)[0]
    last = max(cell_position(ref)[0] for ref in refs if ref.rsplit("!", 1)[0] == sheet)
    return [f for f in findings if f.code != "X004" or not getattr(f, "cell", "") or
            (f.cell.rsplit("!", 1)[0] == sheet and cell_position(f.cell)[0] <= last)]


def _in_table_order(f: Any) -> tuple:
    """Findings of a table row by row, then column by column ('Phụ lục!H12' before 'Phụ lục!H100')."""
    import re

    m = re.search(r"([A-Z]+)(\d+)$", f.cell or "")
    return (f.cell.rsplit("!", 1)[0], int(m.group(2)), len(m.group(1)), m.group(1)) if m else ("", 0, 0, "")


def import_file(path: str | Path, mapping: Any = None) -> Any:
    """`ecdplan import`: a file read and imported; EcdplanError (exit 2) if it is no office file."""
    from ecdplan.errors import EcdplanError
    from ecdplan.i18n.messages import Phrase, Word
    from ecdplan.source.loaded import said
    from ecdplan.source.reading import UnreadableFile, read_limited
    from ecdplan.source.office.appendix import Imported

    file = str(path)
    try:
        raw = read_limited(path)
    except UnreadableFile as exc:
        return Imported(file, findings=[said("L001", exc.template, exc.params, file, 0, 0)])
    kind = sniff(raw, file)
    if kind is None:
        raise EcdplanError(Phrase(N_("{file}: not an Excel workbook or CSV table; {readable}, and a YAML plan "
                                     "needs no import"), file=file, readable=Word(READABLE)))
    if kind in REFUSALS:
        return Imported(file, findings=[said("X001", REFUSALS[kind], {"readable": Word(READABLE)}, file, 0, 0)])
    if kind == "docx":
        return from_word(file)
    return import_bytes(raw, file, kind, mapping)


def from_word(file: str) -> Any:
    """A Word plan read (source/office/docx.py) as `ecdplan import` writes it: each value with its paragraph or
    table cell in the comment after it, what was read by judgement listed; refused values left out."""
    from ecdplan.i18n.messages import Word
    from ecdplan.source.loaded import REFUSED
    from ecdplan.source.office.docx import read_docx
    from ecdplan.source.office.imported import Imported

    plan = read_docx(file)

    def kept(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: kept(v) for k, v in node.items() if v is not REFUSED}
        if isinstance(node, list):
            return [kept(v) for v in node if v is not REFUSED]
        return node

    return Imported(file, plan=kept(plan.data) if plan.data is not None else None, cells=dict(plan.provenance),
                    judgements=[(j["text"], Word(j["why"])) for j in plan.judgements], findings=list(plan.findings))
