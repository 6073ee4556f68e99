"""The terminal bar timeline: a writer that receives rows of (line name, communes per year), never a plan."""

from __future__ import annotations

from ecdplan.i18n.labels import t
from ecdplan.i18n.numbers import format_number


def bar_timeline(title: str, rows: list[tuple[str, dict[int, int]]], lang: str = "en", width: int = 40) -> str:
    """Each line's name, then one bar per year under it, all on one scale (the longest bar is the largest count)."""
    blocks = " ▏▎▍▌▋▊▉█"
    most = max([n for _, c in rows for n in c.values()] or [0])
    lines = [title, ""]
    if not most:
        lines.append(t("The plan gives no commune counts for any line: there is no rollout to draw.", lang))
        return "\n".join(lines) + "\n"
    for name, counts in rows:
        lines.append(name)
        if not counts:
            lines.append(f"  {t('the plan gives no commune count', lang)}")
            continue
        for year, n in sorted(counts.items()):
            eighths = round(n * width * 8 / most)
            bar = "█" * (eighths // 8) + (blocks[eighths % 8] if eighths % 8 else "")
            if n and not bar:
                bar = "▏"
            lines.append(f"  {year}  {bar} {format_number(n, 0, lang)}")
    lines += ["", t("One scale for all lines: the longest bar is {most} communes.", lang).format(
        most=format_number(most, 0, lang))]
    return "\n".join(lines) + "\n"
