"""X: the rules of importing an office file (an Excel workbook, a CSV table): their catalogue entries.

The importer (source/office/) checks them as it reads the table; findings name the cell (`Phụ lục!H12`).
X101-X199 are the Word reader's (source/office/docx.py), checked as it reads the text of the plan against its
heading and its appendix.
"""

from __future__ import annotations

from ecdplan.i18n.messages import N_

from ecdplan.rules.findings import E, W, Rule

RULES = [
    Rule(code="X001", name="office-file-not-readable", severity=E,
         summary=N_("The file is not one ecdplan can read: a PDF, an old Word (.doc) or Excel (.xls) file, an .xlsx "
                    "that is not a valid zip archive or that would unpack to far more than a plan needs (a zip bomb), "
                    "or another binary file. ecdplan reads plans as YAML (.yaml), Excel workbooks (.xlsx), CSV (.csv) "
                    "and Word documents (.docx)."),
         fix=N_("Save the appendix table as an Excel workbook (.xlsx) or CSV (UTF-8), or write the plan as YAML "
                "(`ecdplan import FILE -o plan.yaml` makes a start)."), fatal=True),
    Rule(code="X002", name="table-not-found", severity=E,
         summary=N_("No appendix table was found: the workbook is empty, or no row has the headings of one (a "
                    "number column such as 'STT' and a name column such as 'Tên ...' or 'Nội dung')."),
         fix=N_("Check the sheet, or describe the layout in a mapping file (`--mapping`, see docs/import.md)."),
         fatal=True),
    Rule(code="X003", name="sheet-too-large", severity=E,
         summary=N_("The sheet has more rows or cells than ecdplan reads (20,000 rows, 1,000,000 cells): a plan's "
                    "appendix, even one row per commune of the country, is far smaller."),
         fix=N_("Keep only the appendix table in the workbook (delete unused rows and columns)."), fatal=True),
    Rule(code="X004", name="formula-without-value", severity=E,
         summary=N_("A cell holds a formula whose value the file does not store (it was written by a program that "
                    "does not calculate) and that ecdplan cannot work out (only SUM of cells is)."),
         fix=N_("Open the file in Excel or LibreOffice and save it, so that each formula's value is stored; or "
                "type the value.")),
    Rule(code="X005", name="text-read-as-number", severity=W,
         summary=N_("A number was written as text with thousands separators ('9.300', '42.900,5') and was read as "
                    "the number a Vietnamese reader sees (9300, 42900.5)."),
         fix=N_("Confirm the number; store numbers as numbers in the workbook to make this go away.")),
    Rule(code="X006", name="not-a-number", severity=E,
         summary=N_("A cell where the table has a number (communes, cost, an amount) holds text or a date that is "
                    "not a number; the value is left out."),
         fix=N_("Type the number in the cell (a cost as a plain number in the table's unit).")),
    Rule(code="X007", name="merged-over-figures", severity=E,
         summary=N_("A merged cell spans several lines of the table in a column of figures: which line the figure "
                    "belongs to cannot be told."),
         fix=N_("Unmerge the cells and give each line its own figure.")),
    Rule(code="X008", name="row-not-understood", severity=W,
         summary=N_("A row of the table is neither a group (I, II, ...), a numbered line, a subtotal nor the total; "
                    "it is left out of the plan."),
         fix=N_("Number the line, or delete the row; a mapping file can say which column holds the number.")),
    Rule(code="X009", name="read-by-judgement", severity=W,
         summary=N_("Parts of the table were read by judgement (which column is which source, which row is a "
                    "subtotal, the unit, the plan's level): `ecdplan import --dry-run FILE` lists them for a person "
                    "to confirm."),
         fix=N_("Confirm the list, then write a mapping file that states them (see docs/import.md), or import the "
                "table once to YAML and keep that.")),
    Rule(code="X010", name="plan-facts-not-in-table", severity=E,
         summary=N_("The table does not give facts every plan needs (its title, issuer, level, area, period or "
                    "unit): the plan cannot be used until they are given."),
         fix=N_("Write them under `plan:` in a mapping file beside the table (X.mapping.yaml) or given with "
                "--mapping, as a plan file writes them (see docs/import.md).")),
    Rule(code="X101", name="docx-periods-disagree", severity=W,
         summary=N_("The Word plan gives itself different periods: its title says one 'giai đoạn', a sentence that "
                    "names the plan, the appendix's caption or the appendix's year columns another."),
         fix=N_("Correct the period in the paragraph or cell shown, or the title, so that all say the same years.")),
    Rule(code="X102", name="docx-numbers-disagree", severity=W,
         summary=N_("The Word plan's number or date in its heading ('Số: …', 'ngày … tháng … năm …') differs from "
                    "the one the appendix's caption gives ('Kèm theo Kế hoạch số … ngày …')."),
         fix=N_("Write the same number and date in the heading and under the appendix's title.")),
    Rule(code="X103", name="docx-totals-disagree", severity=E,
         summary=N_("A total written in the text of the Word plan ('Tổng kinh phí …') differs from the appendix's "
                    "'Tổng cộng'."),
         fix=N_("Correct the sentence or the appendix so that both give the same total.")),
    Rule(code="X104", name="docx-cell-unreadable", severity=E,
         summary=N_("A cell of the Word plan's appendix that must hold a number (a cost, a count of communes, a "
                    "source's amount) holds text that is not one; the value is left out of the plan."),
         fix=N_("Write the number in digits (9.300 or 9300; 42.900,5), or leave the cell empty.")),
    Rule(code="X105", name="docx-row-not-read", severity=E,
         summary=N_("A row of the Word plan's appendix has a cost but is neither a group (I, II, …), a numbered line "
                    "(1, 2, …) nor 'Tổng cộng': its money would be left out of the plan."),
         fix=N_("Number the line in the STT column (1, 2, …; groups I, II, …), or move its cost to a numbered line.")),
    Rule(code="X110", name="docx-unreadable", severity=E,
         summary=N_("The file is not a Word document ecdplan can read: not a .docx (zip) file, damaged, encrypted, "
                    "or larger when unpacked than any plan (a zip bomb)."),
         fix=N_("Open it in Word or LibreOffice and save it again as a Word document (.docx); ecdplan reads "
                "plans as YAML (.yaml), Word (.docx) and Excel (.xlsx) files."), fatal=True),
    Rule(code="X111", name="docx-no-appendix", severity=E,
         summary=N_("The Word document holds no appendix table (a table with an 'STT' column, the lines' names "
                    "and their cost), or no text at all: there is no plan to read."),
         fix=N_("Check that this is the plan with its appendix (Phụ lục) as a Word table, not a picture."),
         fatal=True),
    Rule(code="X112", name="docx-too-large", severity=E,
         summary=N_("The Word document has more paragraphs, table rows or cells than any plan needs; it was not "
                    "read further."),
         fix=N_("Give ecdplan the plan and its appendix only, or split the appendix."), fatal=True),
]
