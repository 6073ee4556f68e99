"""The progress report due at a deadline (`reports.progress_report.ProgressReport`) as one self-contained page."""

from __future__ import annotations

from html import escape

from ecdplan.writers.html import CSS, _table_html


def progress_report_html(doc) -> str:
    """The report due at a deadline (`reports.progress_report.ProgressReport`) as one self-contained page."""
    parts = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.banner:
        parts.append(f'<p class="banner">{escape(doc.banner)}</p>')
    parts.append("<table class=\"meta\">" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                                                    for k, v in doc.meta) + "</table>")
    for section in doc.sections:
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        parts.append(f'<p class="note">({escape(section.form)})</p>')
        parts.append(_table_html(section.table, doc.lang))
    parts += [f'<p class="note">{escape(n)}</p>' for n in doc.notes]
    css = CSS + ".banner{background:#fff2cc;border:1px solid #e0c060;padding:.5em;font-weight:bold}\n"
    return (f'<!DOCTYPE html>\n<html lang="{doc.lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(doc.title)}</title>\n<style>{css}</style>\n</head>\n<body>\n" + "\n".join(parts)
            + f'\n<p class="note">ecdplan · {escape(doc.plan_id)}</p>\n</body>\n</html>\n')
