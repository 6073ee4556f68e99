"""The terminal bar timeline: a writer that receives rows of (line, communes per year), never a plan."""

from __future__ import annotations

from .labels import t
from .numfmt import format_number


def bar_timeline(title: str, rows: list[tuple[str, dict[int, int]]], lang: str = "en", width: int = 40) -> str:
    """One bar per line and year, all on one scale (the longest bar is the largest count)."""
    blocks = " ▏▎▍▌▋▊▉█"
    most = max([n for _, c in rows for n in c.values()] or [0])
    name_w = max([len(i) for i, _ in rows] + [12])
    lines = [title, ""]
    for name, counts in rows:
        if not counts:
            heading = t('No commune rollout in the plan for: {items}.', lang)
            lines.append(f"{name:<{name_w}}  {heading.format(items=name)}")
            continue
        for k, (year, n) in enumerate(sorted(counts.items())):
            eighths = round(n * width * 8 / most) if most else 0
            bar = "█" * (eighths // 8) + (blocks[eighths % 8] if eighths % 8 else "")
            if n and not bar:
                bar = "▏"
            lines.append(f"{name if k == 0 else '':<{name_w}}  {year}  {bar} {format_number(n, 0, lang)}")
    lines += ["", t("One scale for all lines: the longest bar is {most} communes.", lang).format(
        most=format_number(most, 0, lang))]
    return "\n".join(lines) + "\n"
