"""A self-contained HTML report: summary, budget by source and year as a stacked chart, the rollout as a
timeline, targets, the reporting calendar and findings. Inline CSS and SVG, no network, prints well."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from .deadlines import calendar
from .facts import fact_table
from .groupby import pivot
from .labels import UNIT_LABEL, t
from .model import Plan
from .numfmt import amount_in_words, format_number
from .render import Table
from .reports import BudgetOptions, budget_table, targets_table

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

    head = "".join(f"<th>{escape(c.name)}</th>" for c in table.columns)
    rows = []
    for values, css in [(r, "") for r in table.rows] + [(r, "total") for r in table.total_rows]:
        cells = "".join(
            f'<td class="num">{escape(_cell(unscale(v, c), c, lang))}</td>' if c.numeric else f"<td>{escape(_cell(v, c, lang))}</td>"
            for v, c in zip(values, table.columns))
        rows.append(f'<tr class="{css}">{cells}</tr>' if css else f"<tr>{cells}</tr>")
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{notes}"


def stacked_bars_svg(plan: Plan, lang: str) -> str:
    """Budget by year, stacked by source: one bar per year, one segment per source."""
    facts = fact_table(plan)
    if not facts:
        return f'<p class="note">{escape(t("Unbudgeted (no cost in the plan, not zero): {items}.", lang).format(items=", ".join(iv.id for iv in plan.interventions)))}</p>'
    years = sorted({f.year for f in facts})
    sources = [s.id for s in plan.sources if any(f.source == s.id for f in facts)] + \
        sorted({f.source for f in facts} - {s.id for s in plan.sources})
    p = pivot(facts, "source", "year", sources, years)
    shown = p.display("million", None)
    top = max(shown.col_totals.values()) or Decimal(1)
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
    for i, y_ in enumerate(years):
        x = left + gap / 2 + i * (bar + gap)
        base = height - bottom
        for j, s in enumerate(sources):
            v = shown.cells[s, y_]
            if not v:
                continue
            h = float(v) * scale
            base -= h
            label = next((src.label for src in plan.sources if src.id == s), s)
            parts.append(f'<rect class="bar" data-source="{escape(s)}" data-year="{y_}" x="{x:.1f}" y="{base:.1f}" '
                         f'width="{bar}" height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                         f'<title>{escape(label)} {y_}: {escape(format_number(v, shown.decimals, lang))}</title></rect>')
        total = shown.col_totals[y_]
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{base - 4:.1f}" font-size="11" text-anchor="middle">'
                     f'{escape(format_number(total, shown.decimals, lang))}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="12" '
                     f'text-anchor="middle">{y_}</text>')
    for j, s in enumerate(sources):  # legend
        label = next((src.label for src in plan.sources if src.id == s), s)
        lx, ly = left + (j % 3) * 220, height + 4 + 22 * (j // 3)
        parts.append(f'<rect x="{lx}" y="{ly}" width="14" height="14" fill="{PALETTE[j % len(PALETTE)]}"/>')
        parts.append(f'<text x="{lx + 20}" y="{ly + 12}" font-size="12">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(plan: Plan, lang: str) -> str:
    """Communes per intervention and year: one row per line, a bar per year scaled to the line's largest count."""
    years = list(plan.plan.period.years)
    rows = [(iv.id, iv.communes_by_year()) for iv in plan.interventions]
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


def report_html(plan: Plan, findings: list, lang: str = "vi") -> str:
    info = plan.plan
    facts = fact_table(plan)
    total = sum(f.amount for f in facts)
    meta = [
        (t("Issuer", lang), info.issuer), (t("Number", lang), info.number or ""),
        (t("Level", lang), info.level), (t("Area", lang), info.area.name),
        (t("Period", lang), f"{info.period.start}-{info.period.end}"),
    ]
    if facts:
        meta.append((t("Total", lang), f"{format_number(Decimal(total) / 1_000_000, 0 if total % 1_000_000 == 0 else 1, lang)} "
                                       f"{UNIT_LABEL[lang]['million']} ({amount_in_words(total, lang)})"))
    if info.parent:
        meta.append((t("Parent plan", lang), " ".join(x for x in (info.parent.number, str(info.parent.date or ""),
                                                                   info.parent.issuer or "") if x)))
    sections = [f"<h1>{escape(info.title)}</h1>",
                "<table class=\"meta\">" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                                                   for k, v in meta) + "</table>"]
    sections.append(f"<h2>{escape(t('Budget by year and source', lang))}</h2>")
    sections.append(stacked_bars_svg(plan, lang))
    if facts:
        sections.append(_table_html(budget_table(plan, BudgetOptions(by=("source", "year"), lang=lang)), lang))
    sections.append(f"<h2>{escape(t('Rollout', lang))}</h2>")
    sections.append(timeline_svg(plan, lang))
    if plan.indicators:
        sections.append(f"<h2>{escape(t('targets', lang).capitalize())}</h2>")
        sections.append(_table_html(targets_table(plan, None, lang, wide=True), lang))
    items = calendar([plan])
    if items:
        sections.append(f"<h2>{escape(t('Reporting calendar', lang))}</h2>")
        rows = "".join(f"<tr><td>{escape(d.date.strftime('%d/%m/%Y') if d.date else t('(no date)', lang))}</td>"
                       f"<td>{escape(d.report)}</td><td>{escape(d.by)}</td><td>{escape(d.to)}</td>"
                       f"<td>{escape(t(d.recurring, lang))}</td></tr>" for d in items)
        sections.append(f"<table><thead><tr><th>{escape(t('Date', lang))}</th><th>{escape(t('Report', lang))}</th>"
                        f"<th>{escape(t('By', lang))}</th><th>{escape(t('To', lang))}</th>"
                        f"<th>{escape(t('Recurs', lang))}</th></tr></thead><tbody>{rows}</tbody></table>")
    sections.append(f"<h2>{escape(t('Findings', lang))}</h2>")
    if findings:
        sections.append("<ul>" + "".join(
            f'<li class="finding-{f.severity.value}"><code>{escape(f.code)}</code> {escape(f.path)} '
            f"{escape(f.message)} <span class=\"note\">(dòng {f.line})</span></li>" for f in findings) + "</ul>")
    else:
        sections.append(f"<p>{escape(t('No findings.', lang))}</p>")
    body = "\n".join(sections)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(info.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            f'<p class="note">ecdplan · {escape(info.id)}</p>\n</body>\n</html>\n')
