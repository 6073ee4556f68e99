"""The HTML writer: a self-contained page (summary, budget by source and year as a stacked chart, the rollout
as a timeline, targets, the reporting calendar and findings). Inline CSS and SVG, no network, prints well.

It receives a `reports.documents.ReportDocument`, never a plan: its figures are those of the other outputs."""

from __future__ import annotations

import re
from decimal import Decimal
from html import escape

from ecdplan.i18n.labels import t
from ecdplan.i18n.numbers import format_number
from ecdplan.reports.table import Table
from ecdplan.reports.documents import ReportDocument

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


# Printed on A4 portrait: 182 mm of text width (about 688 CSS px); every printed text at least 9 pt (12 px).
PAGE_WIDTH = 680  # CSS px a chart may take
MONEY_YEARS = 6  # year columns a money table prints side by side; more are printed in blocks
TIMELINE_YEARS = 4  # year cells of the rollout timeline side by side
SOURCE_COLUMNS = 5  # source columns of the appendix side by side

PRINT_CSS = """
body{font-size:10pt;line-height:1.35}table{font-size:9.5pt;width:100%;break-inside:auto}
table.meta{width:auto}.note,ul.legend{font-size:9pt}caption{font-size:10pt}h3{font-size:10.5pt;margin:1em 0 .3em}
td,th{overflow-wrap:normal;word-break:normal;hyphens:manual}th{text-align:left}th.num{text-align:right}
td.name,th.name{min-width:13em}td.no,th.no{width:2.5em;white-space:nowrap}tr.group td{font-weight:bold;background:#f3f6f9}td.assumed{font-style:italic;color:#555}
tr.block th{background:#fff;border:none;border-bottom:1px solid #bbb;font-weight:normal;font-style:italic}
table.timeline .count{font-size:12px}ul.legend{margin-left:70px;max-width:600px}
ul.legend .hatch{flex:none;width:14px;height:14px}table.timeline th.name{width:36%}#calendar td:first-child{white-space:nowrap}
section.annex h3{font-size:10pt}section.annex h3 .summary{font-weight:normal}section.annex h3 code{font-size:10pt}section.annex ul{margin:.2em 0 .6em;padding-left:1.3em}
section.annex li{margin:.2em 0}.finding-warning{color:#6b5400}
thead{display:table-header-group}tfoot{display:table-footer-group}tr,img,svg,figure,li{break-inside:avoid}
h1,h2,h3,caption,p.lead{break-after:avoid}figure{margin:0}
@media print{body{margin:0;max-width:none;padding:0}svg,table{break-inside:auto}figure{break-inside:avoid}
table{width:100%}}
"""


def _page_css(doc: ReportDocument) -> str:
    """A4 with margins and the page number at the foot of each page ("Trang 3/7", "Page 3 of 7")."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", doc.texts.get("page", "{page}/{pages}")):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return ("@page{size:A4;margin:16mm 14mm 18mm 14mm;"
            f"@bottom-center{{content:{' '.join(parts)};font-size:9pt;color:#444;"
            'font-family:"Noto Sans","Segoe UI",Arial,sans-serif}}\n')


def year_blocks(years: list[int], most: int) -> list[list[int]]:
    """The years in blocks of at most `most`, as even as they go (10 years by 4: 4, 3, 3)."""
    if len(years) <= most:
        return [list(years)]
    n = -(-len(years) // most)
    size, extra = divmod(len(years), n)
    out, at = [], 0
    for k in range(n):
        step = size + (k < extra)
        out.append(list(years[at:at + step]))
        at += step
    return out


def _is_year(name: str) -> bool:
    return len(name) == 4 and name.isdigit()


def _blocked_table_html(table: Table, lang: str, caption: str, block_text: str, most: int = MONEY_YEARS) -> str:
    """A table with a column per year, printed in blocks of years when it has more than fit a page's width: each
    block repeats the name columns and its years; the columns after the years (the total) close the last block."""
    from ecdplan.writers.render import _cell, unscale

    table = table.materialised()
    cols = table.columns
    at = [i for i, c in enumerate(cols) if _is_year(c.name)]
    if not at:
        blocks = [list(range(len(cols)))]
    else:
        lead = list(range(at[0]))
        tail = list(range(at[-1] + 1, len(cols)))
        chunks = year_blocks(at, most)
        blocks = [lead + chunk + (tail if k == len(chunks) - 1 else []) for k, chunk in enumerate(chunks)]
    out = []
    for k, keep in enumerate(blocks):
        head = "".join(f'<th class="{"num" if cols[i].numeric else ("name" if i == 0 else "")}">{escape(cols[i].name)}'
                       f"</th>" for i in keep)
        years = [cols[i].name for i in keep if _is_year(cols[i].name)]
        band = ""
        if len(blocks) > 1:
            band = (f'<tr class="block"><th colspan="{len(keep)}">'
                    f"{escape(block_text.format(first=years[0], last=years[-1]))}</th></tr>")
        rows = []
        for values, css in [(r, "") for r in table.rows] + [(r, "total") for r in table.total_rows]:
            cells = "".join(
                f'<td class="num">{escape(_cell(unscale(values[i], cols[i]), cols[i], lang))}</td>' if cols[i].numeric
                else f'<td class="{"name" if i == 0 else ""}">{escape(_cell(values[i], cols[i], lang))}</td>'
                for i in keep)
            rows.append(f'<tr class="{css}">{cells}</tr>' if css else f"<tr>{cells}</tr>")
        title = f"<caption>{escape(caption)}</caption>" if caption and k == 0 else ""
        out.append(f'<table class="blocked">{title}<thead>{band}<tr>{head}</tr></thead>'
                   f"<tbody>{''.join(rows)}</tbody></table>")
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
    return "".join(out) + notes


HATCH = ('<pattern id="outside-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
         'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff" fill-opacity=".55"/>'
         '<line x1="0" y1="0" x2="0" y2="6" stroke="#222" stroke-width="2"/></pattern>')


OUTSIDE_ATTR = 'data-outside="1" '


def stacked_bars_svg(doc: ReportDocument) -> str:
    """Budget by year, stacked by source: one bar per year, one segment per source (figures as shown), all on
    one scale with round gridlines from 0; the unit on the axis and the scale stated below. Money of a source in
    a year outside its valid years is hatched, with a legend line saying why."""
    lang = doc.lang
    if not doc.budget_bars or doc.budget_scale is None:
        why = doc.unbudgeted_text or doc.texts.get("no_budget", "")
        return f'<p class="note empty" id="budget-empty">{escape(why)}</p>'
    sources = doc.budget_sources
    scale_ = doc.budget_scale
    n = len(doc.budget_bars)
    width, height, left, bottom, top_pad = PAGE_WIDTH, 320, 76, 40, 30
    slot = (width - left - 20) / max(n, 1)
    bar = min(60.0, slot * 0.62)
    plot_h = height - bottom - top_pad
    gap = slot - bar
    per_unit = plot_h / float(scale_.top)
    parts = [f'<figure class="budget"><svg class="chart" id="budget-chart" xmlns="http://www.w3.org/2000/svg" '
             f'width="{width}" height="{height}" role="img" aria-label="{escape(doc.texts["budget"])}" '
             f'data-top="{scale_.top}" data-plot-height="{plot_h}"><defs>{HATCH}</defs>']
    parts.append(f'<text x="4" y="14" font-size="12" class="axis-title">'
                 f'{escape(doc.texts["budget_axis"])}</text>')
    for value in scale_.ticks:
        y = height - bottom - float(value) * per_unit
        parts.append(f'<line class="tick" data-value="{value}" x1="{left}" x2="{width - 10}" y1="{y:.2f}" '
                     f'y2="{y:.2f}" stroke="{"#888" if not value else "#ddd"}"/>')
        parts.append(f'<text class="tick-label" x="{left - 6}" y="{y + 4:.1f}" font-size="12" text-anchor="end">'
                     f'{escape(_tick(value, lang))}</text>')
    colour = {s: PALETTE[j % len(PALETTE)] for j, (s, _) in enumerate(sources)}
    for i, b in enumerate(doc.budget_bars):
        x = left + gap / 2 + i * slot
        base = float(height - bottom)
        for s, label, v in b.segments:
            if not v:
                continue
            h = float(v) * per_unit
            base -= h
            outside = (s, b.year) in doc.outside
            parts.append(f'<rect class="bar" data-source="{escape(s)}" data-year="{b.year}" data-value="{v}" '
                         f'{OUTSIDE_ATTR if outside else ""}'
                         f'x="{x:.1f}" y="{base:.3f}" width="{bar:.1f}" height="{h:.3f}" fill="{colour[s]}">'
                         f'<title>{escape(label)} {b.year}: {escape(format_number(v, doc.budget_decimals, lang))} '
                         f'{escape(doc.unit_label)}</title></rect>')
            if outside:
                parts.append(f'<rect class="outside" data-source="{escape(s)}" data-year="{b.year}" x="{x:.1f}" '
                             f'y="{base:.3f}" width="{bar:.1f}" height="{h:.3f}" fill="url(#outside-hatch)" '
                             f'stroke="#222" stroke-width="1.2" stroke-dasharray="4 2"/>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{base - 4:.1f}" font-size="12" text-anchor="middle">'
                     f'{escape(format_number(b.total, doc.budget_decimals, lang))}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 17}" font-size="12" '
                     f'text-anchor="middle">{b.year}</text>')
    parts.append("</svg>")
    # the legend in HTML, one source a line: the page wraps a long name (real ones have 46 characters and more)
    # instead of printing it over the next one, as fixed columns inside the SVG did
    parts.append('<ul class="legend" id="budget-legend">')
    for s, label in sources:
        parts.append(f'<li data-source="{escape(s)}"><span class="swatch" style="background:{colour[s]}"></span>'
                     f'<span class="label">{escape(label)}</span></li>')
    if doc.outside:
        parts.append(f'<li class="outside-legend"><svg class="hatch" width="14" height="14" '
                     f'xmlns="http://www.w3.org/2000/svg"><defs>{HATCH.replace("outside-hatch", "legend-hatch")}'
                     f'</defs><rect x="0.5" y="0.5" width="13" height="13" fill="url(#legend-hatch)" stroke="#222" '
                     f'stroke-dasharray="4 2"/></svg><span class="label">{escape(doc.texts["outside_legend"])}'
                     f'</span></li>')
    parts.append("</ul>")
    parts.append(f'<p class="note scale" id="budget-scale">{escape(doc.texts["budget_scale"])}</p></figure>')
    return "".join(parts)


CELL_W = 72  # the length of a full year cell of the timeline: the scale's top


def _axis_svg(doc: ReportDocument) -> str:
    scale_ = doc.timeline_scale
    axis = [f'<svg width="{CELL_W + 34}" height="26" xmlns="http://www.w3.org/2000/svg" class="axis">']
    for value in scale_.ticks:
        x = CELL_W * scale_.fraction(value)
        axis.append(f'<line class="tick" data-value="{value}" x1="{x:.2f}" x2="{x:.2f}" y1="0" y2="6" stroke="#555"/>')
        if value == scale_.ticks[0] or value == scale_.top:
            axis.append(f'<text x="{min(x, CELL_W + 14):.1f}" y="20" font-size="12" '
                        f'text-anchor="{"start" if not value else "middle"}">{escape(_tick(value, doc.lang))}</text>')
    axis.append(f'<line x1="0" x2="{CELL_W}" y1="0" y2="0" stroke="#555"/></svg>')
    return "".join(axis)


def timeline_html(doc: ReportDocument) -> str:
    """Communes per line and year: names in the first column, one bar per year, every row on one scale
    (a full cell is the scale's top, stated below the table with its ticks); a long period in blocks of years,
    each repeating the names."""
    lang = doc.lang
    if doc.timeline_scale is None:
        return f'<p class="note empty" id="rollout-empty">{escape(doc.texts["no_counts"])}</p>'
    scale_ = doc.timeline_scale
    intervention = t("Intervention", lang)
    blocks = year_blocks(doc.years, TIMELINE_YEARS)
    axis = _axis_svg(doc)
    out = []
    for k, years in enumerate(blocks):
        head = "".join(f"<th>{y}</th>" for y in years)
        band = ""
        if len(blocks) > 1:
            band = (f'<tr class="block"><th colspan="{len(years) + 1}">'
                    f'{escape(doc.texts["years_block"].format(first=years[0], last=years[-1]))}</th></tr>')
        rows = []
        for row in doc.timeline:
            if not row.counts:
                rows.append(f'<tr><td class="name">{escape(row.name)}</td><td class="note" colspan="{len(years)}">'
                            f'{escape(doc.texts["no_count_line"])}</td></tr>')
                continue
            cells = []
            for y in years:
                n = row.counts.get(y)
                if not n:
                    cells.append("<td></td>")
                    continue
                w = CELL_W * scale_.fraction(n)
                shown = escape(format_number(n, 0, lang))
                cells.append(f'<td class="span-cell"><svg width="{CELL_W + 34}" height="16" '
                             f'xmlns="http://www.w3.org/2000/svg">'
                             f'<rect class="span" data-intervention="{escape(row.intervention)}" data-year="{y}" '
                             f'data-value="{n}" x="0" y="2" width="{w:.3f}" height="12" fill="#3a9a5b">'
                             f'<title>{escape(row.name)} {y}: {shown}</title></rect>'
                             f'<text class="count" x="{w + 3:.1f}" y="13" font-size="12">{shown}</text></svg></td>')
            rows.append(f'<tr><td class="name">{escape(row.name)}</td>{"".join(cells)}</tr>')
        axis_cells = "".join(f"<td>{axis}</td>" for _ in years)
        ident = ' id="rollout-chart"' if k == 0 else ""
        out.append(f'<table class="timeline"{ident} data-top="{scale_.top}" data-cell-width="{CELL_W}">'
                   f'<thead>{band}<tr><th class="name">{escape(intervention)}</th>{head}</tr></thead>'
                   f'<tbody>{"".join(rows)}<tr class="axis"><td class="note">{escape(doc.texts["communes_axis"])}'
                   f'</td>{axis_cells}</tr></tbody></table>')
    return "".join(out) + f'<p class="note scale" id="rollout-scale">{escape(doc.texts["timeline_scale"])}</p>'


def _lines(text: str) -> str:
    return "<br>".join(escape(part) for part in text.split("\n"))


def appendix_html(doc: ReportDocument) -> str:
    """The plan's table as its appendix gives it: groups (Roman numerals) with their subtotals, lines with their
    cost and each source's share (or, for a plan without money, a mark in each eligible source's column), and the
    grand total; more sources than fit the width in blocks, each repeating the number, name and cost."""
    a = doc.appendix
    texts = doc.texts
    if a is None or not a.groups:
        return f'<p class="note empty" id="appendix-empty">{escape(texts["no_lines"])}</p>'
    lang = doc.lang
    ticks = a.sources_as == "ticks"
    money = (lambda v: "" if v is None else format_number(v, a.decimals, lang))
    cost = (lambda v: a.unbudgeted if v is None else money(v))
    n = len(a.source_headers)
    chunks = [list(range(j, min(j + SOURCE_COLUMNS, n))) for j in range(0, n, SOURCE_COLUMNS)] or [[]]
    out = []
    for k, chunk in enumerate(chunks):
        band = (f'<tr class="block"><th colspan="{3 + len(chunk)}">'
                f'{escape(texts["sources_ticks"] if ticks else texts["sources_unit"])}</th></tr>') if chunk else ""
        head = (f'<th class="no">{escape(texts["number"])}</th><th class="name">{escape(texts["name"])}</th>'
                f'<th class="num">{escape(texts["cost"])}</th>'
                + "".join(f'<th class="{"" if ticks else "num"}">{_lines(a.source_headers[j])}</th>' for j in chunk))
        rows = []
        for g in a.groups:
            cells = "".join(f'<td class="{"" if ticks else "num"}">{escape("" if ticks else money(g.sources[j]))}'
                            f"</td>" for j in chunk)
            rows.append(f'<tr class="group"><td class="no">{g.number}</td><td class="name">{escape(g.name)}</td>'
                        f'<td class="num">{escape(cost(g.cost))}</td>{cells}</tr>')
            for ln in g.lines:
                if ticks:
                    cells = "".join(f"<td>{escape(ln.eligible[j] or '')}</td>" for j in chunk)
                else:  # an equal split the plan does not give: in italics, as the workbook marks it
                    css = "num assumed" if ln.assumed else "num"
                    cells = "".join(f'<td class="{css}">{escape(money(ln.sources[j]))}</td>' for j in chunk)
                rows.append(f'<tr class="line" data-intervention="{escape(ln.intervention)}"><td class="no">'
                            f'{ln.number}</td><td class="name">{escape(ln.name)}</td><td class="num">'
                            f"{escape(cost(ln.cost))}</td>{cells}</tr>")
        cells = "".join(f'<td class="{"" if ticks else "num"}">{escape("" if ticks else money(a.sources[j]))}</td>'
                        for j in chunk)
        rows.append(f'<tr class="total"><td class="no"></td><td class="name">{escape(texts["total"])}</td>'
                    f'<td class="num">{escape(cost(a.cost))}</td>{cells}</tr>')
        ident = ' id="appendix-table"' if k == 0 else ""
        out.append(f'<table class="appendix"{ident}><thead>{band}<tr>{head}</tr></thead>'
                   f'<tbody>{"".join(rows)}</tbody></table>')
    assumed = [f'{texts["italics"]} {a.labels["assumed"]}'] if not ticks and any(
        ln.assumed for g in a.groups for ln in g.lines) and "assumed" in a.labels else []
    notes = ([texts["no_money"]] if ticks else []) + ([a.in_words] if a.in_words else []) + assumed + list(a.notes)
    return "".join(out) + "".join(f'<p class="note">{escape(x)}</p>' for x in notes)


def annex_html(doc: ReportDocument) -> str:
    """The findings in an annex at the end: one block per rule (its code, what it checks, how many places), each
    finding in the reader's language with the places it also concerns named, never a line number or a path."""
    texts, lang = doc.texts, doc.lang
    parts = [f'<section class="annex" id="findings"><h2>{escape(texts["annex"])}</h2>']
    if not doc.annex:
        parts.append(f"<p>{escape(texts['no_findings'])}</p></section>")
        return "".join(parts)
    parts.append(f'<p class="note lead">{escape(texts["annex_intro"])}</p>')
    for g in doc.annex:
        parts.append(f'<div class="rule finding-{g.severity}" data-rule="{escape(g.code)}"><h3><code>'
                     f'{escape(g.code)}</code> <strong>{escape(t(g.severity, lang))}</strong> '
                     f'<span class="count">({g.count} {escape(texts["places"])})</span> · '
                     f'<span class="summary">{escape(g.title)}</span></h3><ul>')
        for item in g.items:
            extra = []
            if item.places:
                extra.append(texts["also"].format(places="; ".join(item.places)))
            if item.unnamed:
                extra.append(texts["more_places"].format(n=item.unnamed))
            if item.accepted is not None:
                extra.append(texts["accepted"].format(reason=item.accepted))
            css = ' class="finding-accepted"' if item.accepted is not None else ""
            parts.append(f"<li{css}>{escape(item.text)}"
                         + "".join(f'<br><span class="note">{escape(x)}</span>' for x in extra) + "</li>")
        if g.unlisted:
            parts.append(f'<li class="note">{escape(texts["more_findings"].format(n=g.unlisted))}</li>')
        parts.append("</ul></div>")
    parts.append("</section>")
    return "".join(parts)


def report_html(doc: ReportDocument) -> str:
    """The report as paper an office can sign: A4 with page numbers; the plan's table first, then the budget by
    source and year with its chart, the rollout, targets and calendar; the findings in an annex at the end. Every
    section says why when it is empty."""
    lang = doc.lang
    texts = doc.texts
    sections = [f"<h1>{escape(doc.title)}</h1>",
                "<table class=\"meta\">" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                                                   for k, v in doc.meta) + "</table>"]
    sections.append(f'<section id="appendix"><h2>{escape(texts["appendix"])}</h2>{appendix_html(doc)}</section>')
    sections.append(f'<section id="budget"><h2>{escape(texts["budget"])}</h2>{stacked_bars_svg(doc)}')
    if doc.budget_table is not None:
        sections.append(_blocked_table_html(doc.budget_table, lang, texts["budget_table"], texts["years_block"]))
    sections.append("</section>")
    sections.append(f'<section id="rollout"><h2>{escape(texts["rollout"])}</h2>{timeline_html(doc)}</section>')
    sections.append(f'<section id="targets"><h2>{escape(texts["targets"])}</h2>')
    sections.append(_blocked_table_html(doc.targets, lang, "", texts["years_block"]) if doc.targets is not None
                    else f'<p class="note empty">{escape(texts["no_targets"])}</p>')
    sections.append("</section>")
    sections.append(f'<section id="calendar"><h2>{escape(texts["calendar"])}</h2>')
    sections.append(_table_html(doc.calendar, lang) if doc.calendar is not None
                    else f'<p class="note empty">{escape(texts["no_calendar"])}</p>')
    sections.append("</section>")
    sections.append(annex_html(doc))
    body = "\n".join(sections)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(doc.title)}</title>\n<style>{CSS}{PRINT_CSS}{_page_css(doc)}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")

