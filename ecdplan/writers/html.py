"""The HTML writer: a self-contained page (summary, budget by source and year as a stacked chart, the rollout
as a timeline, targets, the reporting calendar and findings). Inline CSS and SVG, no network, prints well.

It receives a `reports.documents.ReportDocument`, never a plan: its figures are those of the other outputs."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from ecdplan.i18n.labels import t
from ecdplan.i18n.numbers import format_number
from ecdplan.reports.table import Table
from ecdplan.reports.documents import ReportDocument
from ecdplan.rules.grouping import also_lines

PALETTE = ["#1b6ca8", "#e07a1f", "#3a9a5b", "#b33c3c", "#7b5ea7", "#8c6d46", "#d4679b", "#6b7b8c"]

CSS = """
body{font-family:"Noto Sans","Segoe UI",Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:2px solid #1b6ca8;padding-bottom:.2em;
margin-top:1.8em}table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid #bbb;
padding:.25em .5em;vertical-align:top}th{background:#eef3f8}td.num{text-align:right;white-space:nowrap}
tr.total td{font-weight:bold;background:#f6f6f6}caption{text-align:left;font-weight:bold;padding:.2em 0}.meta{color:#555}.note{color:#555;font-size:.85em}
table.timeline td.span-cell{white-space:nowrap}table.timeline svg{vertical-align:middle}
table.timeline .count{font-size:.85em;margin-left:.3em}tr.axis td{border:none}
ul.legend{list-style:none;padding:0;margin:.2em 0 .4em 90px;max-width:670px;font-size:12px}
ul.legend li{display:flex;gap:.5em;align-items:flex-start;margin:.15em 0;overflow-wrap:anywhere}
ul.legend .swatch{flex:none;width:14px;height:14px;margin-top:1px;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.finding-error{color:#a00}.finding-warning{color:#8a6d00}.finding-accepted{color:#555}svg text{font-family:inherit}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}svg,table{break-inside:avoid}}
"""


def _table_html(table: Table, lang: str, caption: bool = False) -> str:
    """A table; with `caption`, its title above it (the budget table's title says its unit)."""
    from ecdplan.writers.render import _cell, unscale

    table = table.materialised()
    head = "".join(f"<th>{escape(c.name)}</th>" for c in table.columns)
    rows = []
    for values, css in [(r, "") for r in table.rows] + [(r, "total") for r in table.total_rows]:
        cells = "".join(
            f'<td class="num">{escape(_cell(unscale(v, c), c, lang))}</td>' if c.numeric else f"<td>{escape(_cell(v, c, lang))}</td>"
            for v, c in zip(values, table.columns))
        rows.append(f'<tr class="{css}">{cells}</tr>' if css else f"<tr>{cells}</tr>")
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
    title = f"<caption>{escape(table.title)}</caption>" if caption and table.title else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{notes}"


def _tick(value: Decimal, lang: str) -> str:
    return format_number(value, max(0, -value.as_tuple().exponent), lang)


def stacked_bars_svg(doc: ReportDocument) -> str:
    """Budget by year, stacked by source: one bar per year, one segment per source (figures as shown), all on
    one scale with round gridlines from 0; the unit on the axis and the scale stated below."""
    lang = doc.lang
    if not doc.budget_bars or doc.budget_scale is None:
        return f'<p class="note empty">{escape(doc.unbudgeted_text or "")}</p>'
    sources = doc.budget_sources
    scale_ = doc.budget_scale
    width, height, left, bottom, top_pad, bar = 760, 340, 90, 40, 30, 60
    plot_h = height - bottom - top_pad
    gap = (width - left - 20 - bar * len(doc.budget_bars)) / max(len(doc.budget_bars), 1)
    per_unit = plot_h / float(scale_.top)
    parts = [f'<svg class="chart" id="budget-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(doc.texts["budget"])}" '
             f'data-top="{scale_.top}" data-plot-height="{plot_h}">']
    parts.append(f'<text x="4" y="14" font-size="12" class="axis-title">'
                 f'{escape(doc.texts["budget_axis"])}</text>')
    for value in scale_.ticks:
        y = height - bottom - float(value) * per_unit
        parts.append(f'<line class="tick" data-value="{value}" x1="{left}" x2="{width - 10}" y1="{y:.2f}" '
                     f'y2="{y:.2f}" stroke="{"#888" if not value else "#ddd"}"/>')
        parts.append(f'<text class="tick-label" x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
                     f'{escape(_tick(value, lang))}</text>')
    colour = {s: PALETTE[j % len(PALETTE)] for j, (s, _) in enumerate(sources)}
    for i, b in enumerate(doc.budget_bars):
        x = left + gap / 2 + i * (bar + gap)
        base = float(height - bottom)
        for s, label, v in b.segments:
            if not v:
                continue
            h = float(v) * per_unit
            base -= h
            parts.append(f'<rect class="bar" data-source="{escape(s)}" data-year="{b.year}" data-value="{v}" '
                         f'x="{x:.1f}" y="{base:.3f}" width="{bar}" height="{h:.3f}" fill="{colour[s]}">'
                         f'<title>{escape(label)} {b.year}: {escape(format_number(v, doc.budget_decimals, lang))} '
                         f'{escape(doc.unit_label)}</title></rect>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{base - 4:.1f}" font-size="11" text-anchor="middle">'
                     f'{escape(format_number(b.total, doc.budget_decimals, lang))}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="12" '
                     f'text-anchor="middle">{b.year}</text>')
    parts.append("</svg>")
    # the legend in HTML, one source a line: the page wraps a long name (real ones have 46 characters and more)
    # instead of printing it over the next one, as fixed columns inside the SVG did
    parts.append('<ul class="legend" id="budget-legend">')
    for s, label in sources:
        parts.append(f'<li data-source="{escape(s)}"><span class="swatch" style="background:{colour[s]}"></span>'
                     f'<span class="label">{escape(label)}</span></li>')
    parts.append("</ul>")
    parts.append(f'<p class="note scale" id="budget-scale">{escape(doc.texts["budget_scale"])}</p>')
    return "".join(parts)


CELL_W = 120  # the length of a full year cell of the timeline: the scale's top


def timeline_html(doc: ReportDocument) -> str:
    """Communes per line and year: names in the first column, one bar per year, every row on one scale
    (a full cell is the scale's top, stated below the table with its ticks)."""
    lang = doc.lang
    if doc.timeline_scale is None:
        return f'<p class="note empty" id="rollout-empty">{escape(doc.texts["no_counts"])}</p>'
    scale_ = doc.timeline_scale
    head = "".join(f"<th>{y}</th>" for y in doc.years)
    rows = []
    for row in doc.timeline:
        if not row.counts:
            rows.append(f'<tr><td>{escape(row.name)}</td><td class="note" colspan="{len(doc.years)}">'
                        f'{escape(doc.texts["no_count_line"])}</td></tr>')
            continue
        cells = []
        for y in doc.years:
            n = row.counts.get(y)
            if not n:
                cells.append("<td></td>")
                continue
            w = CELL_W * scale_.fraction(n)
            shown = escape(format_number(n, 0, lang))
            cells.append(f'<td class="span-cell"><svg width="{CELL_W + 40}" height="14" '
                         f'xmlns="http://www.w3.org/2000/svg">'
                         f'<rect class="span" data-intervention="{escape(row.intervention)}" data-year="{y}" '
                         f'data-value="{n}" x="0" y="1" width="{w:.3f}" height="12" fill="#3a9a5b">'
                         f'<title>{escape(row.name)} {y}: {shown}</title></rect>'
                         f'<text class="count" x="{w + 4:.1f}" y="12" font-size="11">{shown}</text></svg></td>')
        rows.append(f"<tr><td>{escape(row.name)}</td>{''.join(cells)}</tr>")
    axis = [f'<svg width="{CELL_W + 40}" height="24" xmlns="http://www.w3.org/2000/svg" class="axis">']
    for value in scale_.ticks:
        x = CELL_W * scale_.fraction(value)
        axis.append(f'<line class="tick" data-value="{value}" x1="{x:.2f}" x2="{x:.2f}" y1="0" y2="6" stroke="#555"/>')
        if value == scale_.ticks[0] or value == scale_.top or len(scale_.ticks) <= 4:
            axis.append(f'<text x="{min(x, CELL_W - 2):.1f}" y="18" font-size="10" '
                        f'text-anchor="{"start" if not value else "end"}">{escape(_tick(value, lang))}</text>')
    axis.append(f'<line x1="0" x2="{CELL_W}" y1="0" y2="0" stroke="#555"/></svg>')
    intervention = t("Intervention", lang)
    axis_cells = "".join(f"<td>{''.join(axis)}</td>" for _ in doc.years)
    return (f'<table class="timeline" id="rollout-chart" data-top="{scale_.top}" data-cell-width="{CELL_W}">'
            f'<thead><tr><th>{escape(intervention)}</th>{head}</tr></thead><tbody>{"".join(rows)}'
            f'<tr class="axis"><td class="note">{escape(doc.texts["communes_axis"])}</td>{axis_cells}</tr>'
            f'</tbody></table><p class="note scale" id="rollout-scale">{escape(doc.texts["timeline_scale"])}</p>')


def report_html(doc: ReportDocument) -> str:
    lang = doc.lang
    texts = doc.texts
    sections = [f"<h1>{escape(doc.title)}</h1>",
                "<table class=\"meta\">" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                                                   for k, v in doc.meta) + "</table>"]
    sections.append(f"<h2>{escape(texts['budget'])}</h2>")
    sections.append(stacked_bars_svg(doc))
    if doc.budget_table is not None:
        sections.append(_table_html(doc.budget_table, lang, caption=True))
    sections.append(f"<h2>{escape(texts['rollout'])}</h2>")
    sections.append(timeline_html(doc))
    if doc.targets is not None:
        sections.append(f"<h2>{escape(texts['targets'])}</h2>")
        sections.append(_table_html(doc.targets, lang))
    if doc.calendar is not None:
        sections.append(f"<h2>{escape(texts['calendar'])}</h2>")
        sections.append(_table_html(doc.calendar, lang))
    sections.append(f"<h2>{escape(texts['findings'])}</h2>")
    if doc.findings:
        sections.append("<ul>" + "".join(
            # for people: the code, the severity and the message in their language; the data path (ids) is for
            # machines (JSON, SARIF), the line number finds the place in the file
            # other places of the same subject and the plan's reason for accepting it, one line each
            f'<li class="finding-{"accepted" if f.accepted is not None else f.severity.value}">'
            f"<code>{escape(f.code)}</code> "
            f"<strong>{escape(t('accepted' if f.accepted is not None else f.severity.value, lang))}</strong>: "
            f"{escape(f.text(lang))} <span class=\"note\">({escape(texts['line'])} {f.line})</span>"
            + "".join(f'<br><span class="note">{escape(line)}</span>' for line in also_lines(f, lang, paths=False)) + "</li>"
            for f in doc.findings) + "</ul>")
    else:
        sections.append(f"<p>{escape(texts['no_findings'])}</p>")
    body = "\n".join(sections)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            f'<p class="note">ecdplan · {escape(doc.plan_id)}</p>\n</body>\n</html>\n')

