"""The progress report due at a deadline (`reports.progress_report.ProgressReport`) as one self-contained page.

Printed, it is an A4 document: page numbers at the foot, each table's header row repeated on every page it runs
onto, headings kept with their tables, rows never split; a line's subtotal in bold above its sources, assumed
planned amounts in grey italics with a legend, and the signature block of a Vietnamese report at the end."""

from __future__ import annotations

from html import escape

from ecdplan.writers.html import CSS

PRINT_CSS = """
.banner{background:#fff2cc;border:1px solid #e0c060;padding:.5em;font-weight:bold}
table.form{width:100%}table.form th{vertical-align:middle;text-align:center}
td.assumed{font-style:italic;color:#595959;background:#e7e6e6;print-color-adjust:exact;-webkit-print-color-adjust:exact}
tr.subtotal td{font-weight:bold}td.stt{text-align:center}
p.legend .swatch{display:inline-block;width:2.2em;height:1em;vertical-align:middle;margin-right:.5em;
background:#e7e6e6;border:1px solid #999;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.signature{display:grid;grid-template-columns:1fr 1fr;margin-top:2em;text-align:center;break-inside:avoid}
.signature .place{grid-column:2;font-style:italic;margin-bottom:.4em}
.signature .role{font-weight:bold}.signature .hint{font-style:italic;margin-bottom:5em}
@page{size:A4 portrait;margin:15mm 12mm 16mm 12mm;
@bottom-center{content:counter(page) " / " counter(pages);font-size:9pt;color:#444}}
@media print{body{font-size:10pt;padding:0}table{break-inside:auto;font-size:9.5pt}thead{display:table-header-group}
tr{break-inside:avoid}h1,h2,p.form{break-after:avoid}.closing{break-inside:avoid}.note,p.legend{font-size:9pt}.signature{break-inside:avoid}}
"""


def _section_html(section, lang: str) -> tuple[str, str]:
    """The section's table, and its legend and notes."""
    from ecdplan.writers.render import _cell, unscale

    table = section.table.materialised()
    head = "".join(f"<th>{escape(c.name)}</th>" for c in table.columns)
    assumed = section.assumed
    rows = []
    for i, values in enumerate(table.rows):
        cells = []
        for c, (v, column) in enumerate(zip(values, table.columns)):
            css = ["num"] if column.numeric else ["stt"] if column.key in ("stt", "year") else []
            if (i, c) in assumed and v is not None:
                css.append("assumed")
            text = _cell(unscale(v, column), column, lang)
            cells.append(f'<td class="{" ".join(css)}">{escape(text)}</td>' if css else f"<td>{escape(text)}</td>")
        rows.append(f'<tr class="subtotal">{"".join(cells)}</tr>' if i in section.parts else
                    f"<tr>{''.join(cells)}</tr>")
    for values in table.total_rows:
        cells = "".join(f'<td class="num">{escape(_cell(unscale(v, c), c, lang))}</td>' if c.numeric else
                        f"<td>{escape(_cell(v, c, lang))}</td>" for v, c in zip(values, table.columns))
        rows.append(f'<tr class="total">{cells}</tr>')
    legend = f'<p class="note legend"><span class="swatch"></span>{escape(section.legend)}</p>' if section.legend else ""
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
    return f'<table class="form"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>', legend + notes


def progress_report_html(doc) -> str:
    """The report due at a deadline (`reports.progress_report.ProgressReport`) as one self-contained page."""
    parts = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.banner:
        parts.append(f'<p class="banner">{escape(doc.banner)}</p>')
    parts.append("<table class=\"meta\">" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                                                    for k, v in doc.meta) + "</table>")
    notes = ""
    for section in doc.sections:
        parts.append(notes)
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        parts.append(f'<p class="note form">({escape(section.form)})</p>')
        table, notes = _section_html(section, doc.lang)
        parts.append(table)
    closing = [notes] + [f'<p class="note">{escape(n)}</p>' for n in doc.notes]
    if doc.signature is not None:
        sig = doc.signature
        closing.append(f'<div class="signature"><div class="place">{escape(sig.place_date)}</div>'
                       + "".join(f'<div class="signer"><div class="role">{escape(role)}</div>'
                                 f'<div class="hint">{escape(hint)}</div></div>' for role, hint in sig.signers)
                       + "</div>")
    # the closing notes go with the signature block: a page never holds the signatures alone
    parts.append(f'<div class="closing">{"".join(closing)}</div>')
    return (f'<!DOCTYPE html>\n<html lang="{doc.lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(doc.title)}</title>\n<style>{CSS}{PRINT_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")
