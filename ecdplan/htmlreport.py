"""The HTML writer: a self-contained page (summary, budget by source and year as a stacked chart, the rollout
as a timeline, targets, the reporting calendar and findings). Inline CSS and SVG, no network, prints well.

It receives a `reports.documents.ReportDocument`, never a plan: its figures are those of the other outputs."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from .labels import t
from .numfmt import format_number
from .render import Table
from .reports.documents import ReportDocument

PALETTE = ["#1b6ca8", "#e07a1f", "#3a9a5b", "#b33c3c", "#7b5ea7", "#8c6d46", "#d4679b", "#6b7b8c"]

CSS = """
body{font-family:"Noto Sans","Segoe UI",Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:2px solid #1b6ca8;padding-bottom:.2em;
margin-top:1.8em}table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid #bbb;
padding:.25em .5em;vertical-align:top}th{background:#eef3f8}td.num{text-align:right;white-space:nowrap}
tr.total td{font-weight:bold;background:#f6f6f6}.meta{color:#555}.note{color:#555;font-size:.85em}
.finding-error{color:#a00}.finding-warning{color:#8a6d00}svg text{font-family:inherit}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}svg,table{break-inside:avoid}}
"""


def _table_html(table: Table, lang: str) -> str:
    from .render import _cell, unscale

    table = table.materialised()
    head = "".join(f"<th>{escape(c.name)}</th>" for c in table.columns)
    rows = []
    for values, css in [(r, "") for r in table.rows] + [(r, "total") for r in table.total_rows]:
        cells = "".join(
            f'<td class="num">{escape(_cell(unscale(v, c), c, lang))}</td>' if c.numeric else f"<td>{escape(_cell(v, c, lang))}</td>"
            for v, c in zip(values, table.columns))
        rows.append(f'<tr class="{css}">{cells}</tr>' if css else f"<tr>{cells}</tr>")
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{notes}"


def stacked_bars_svg(doc: ReportDocument) -> str:
    """Budget by year, stacked by source: one bar per year, one segment per source (figures as shown)."""
    lang = doc.lang
    if not doc.budget_bars:
        return f'<p class="note">{escape(doc.unbudgeted_text or "")}</p>'
    years = [b.year for b in doc.budget_bars]
    sources = doc.budget_sources
    top = max(b.total for b in doc.budget_bars) or Decimal(1)
    width, height, left, bottom, bar = 720, 320, 70, 40, 60
    gap = (width - left - 20 - bar * len(years)) / max(len(years), 1)
    scale = (height - bottom - 20) / float(top)
    parts = [f'<svg class="chart" id="budget-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height + 24 * ((len(sources) + 2) // 3)}" role="img" aria-label="{escape(t("Budget by year and source", lang))}">']
    for k in range(5):  # y axis ticks
        value = top * k / 4
        y = height - bottom - float(value) * scale
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
                     f'{escape(format_number(Decimal(int(value)), 0, lang))}</text>')
    colour = {s: PALETTE[j % len(PALETTE)] for j, (s, _) in enumerate(sources)}
    for i, b in enumerate(doc.budget_bars):
        x = left + gap / 2 + i * (bar + gap)
        base = height - bottom
        for s, label, v in b.segments:
            if not v:
                continue
            h = float(v) * scale
            base -= h
            parts.append(f'<rect class="bar" data-source="{escape(s)}" data-year="{b.year}" x="{x:.1f}" y="{base:.1f}" '
                         f'width="{bar}" height="{h:.1f}" fill="{colour[s]}">'
                         f'<title>{escape(label)} {b.year}: {escape(format_number(v, doc.budget_decimals, lang))}</title></rect>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{base - 4:.1f}" font-size="11" text-anchor="middle">'
                     f'{escape(format_number(b.total, doc.budget_decimals, lang))}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="12" '
                     f'text-anchor="middle">{b.year}</text>')
    for j, (s, label) in enumerate(sources):  # legend
        lx, ly = left + (j % 3) * 220, height + 4 + 22 * (j // 3)
        parts.append(f'<rect x="{lx}" y="{ly}" width="14" height="14" fill="{colour[s]}"/>')
        parts.append(f'<text x="{lx + 20}" y="{ly + 12}" font-size="12">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(doc: ReportDocument) -> str:
    """Communes per intervention and year: one row per line, a bar per year scaled to the line's largest count."""
    lang = doc.lang
    years = doc.years
    rows = doc.timeline
    label_w, cell_w, row_h = 170, 110, 26
    width = label_w + cell_w * len(years) + 10
    height = 30 + row_h * len(rows)
    parts = [f'<svg class="chart" id="rollout-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(t("active communes per year", lang))}">']
    for k, y in enumerate(years):
        parts.append(f'<text x="{label_w + k * cell_w + cell_w / 2}" y="16" font-size="12" '
                     f'text-anchor="middle">{y}</text>')
    for i, (iv_id, counts) in enumerate(rows):
        y0 = 26 + i * row_h
        parts.append(f'<text x="4" y="{y0 + 15}" font-size="12">{escape(iv_id)}</text>')
        for k, y in enumerate(years):
            n = counts.get(y)
            if not n:
                continue
            most = max(counts.values())  # each line on its own scale: its expansion shows at a glance
            w = max(2.0, (cell_w - 34) * n / most)
            x = label_w + k * cell_w
            parts.append(f'<rect class="span" data-intervention="{escape(iv_id)}" data-year="{y}" x="{x}" '
                         f'y="{y0 + 4}" width="{w:.1f}" height="{row_h - 10}" fill="#3a9a5b">'
                         f'<title>{escape(iv_id)} {y}: {n}</title></rect>')
            parts.append(f'<text x="{x + w + 3:.1f}" y="{y0 + 15}" font-size="11">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def report_html(doc: ReportDocument) -> str:
    lang = doc.lang
    sections = [f"<h1>{escape(doc.title)}</h1>",
                "<table class=\"meta\">" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                                                   for k, v in doc.meta) + "</table>"]
    sections.append(f"<h2>{escape(t('Budget by year and source', lang))}</h2>")
    sections.append(stacked_bars_svg(doc))
    if doc.budget_table is not None:
        sections.append(_table_html(doc.budget_table, lang))
    sections.append(f"<h2>{escape(t('Rollout', lang))}</h2>")
    sections.append(timeline_svg(doc))
    if doc.targets is not None:
        sections.append(f"<h2>{escape(t('targets', lang).capitalize())}</h2>")
        sections.append(_table_html(doc.targets, lang))
    if doc.calendar is not None:
        sections.append(f"<h2>{escape(t('Reporting calendar', lang))}</h2>")
        sections.append(_table_html(doc.calendar, lang))
    sections.append(f"<h2>{escape(t('Findings', lang))}</h2>")
    if doc.findings:
        sections.append("<ul>" + "".join(
            f'<li class="finding-{f.severity.value}"><code>{escape(f.code)}</code> {escape(f.path)} '
            f"{escape(f.message)} <span class=\"note\">(dòng {f.line})</span></li>" for f in doc.findings) + "</ul>")
    else:
        sections.append(f"<p>{escape(t('No findings.', lang))}</p>")
    body = "\n".join(sections)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            f'<p class="note">ecdplan · {escape(doc.plan_id)}</p>\n</body>\n</html>\n')


def progress_report_html(doc) -> str:
    """The report due at a deadline (`reports.progress.ProgressReport`) as one self-contained page."""
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
