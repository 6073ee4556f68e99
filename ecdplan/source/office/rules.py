"""X100-X199: the rules of reading a Word plan (`.docx`, source/office/docx.py): their catalogue entries.

The Word reader checks them as it reads (the text of the plan against its heading and its appendix); the
catalogue lists them after the loading rules (rules/catalogue.py). X001-X099 belong to the spreadsheet readers.
"""

from __future__ import annotations

from ecdplan.i18n.messages import N_

from ecdplan.rules.findings import E, W, Rule

RULES = [
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
