"""What a table of a plan must say besides its rows: the declared exchange rate, the values left out, made-up
figures. In a table they are notes; CSV has no notes, so the same facts come as comment lines before its header."""

from __future__ import annotations

from ecdplan.i18n.labels import t


def csv_comments(compiled: tuple, lang: str) -> list[str]:
    """Comment lines (without the leading '# ') for the CSV of a table of these plans: values left out, then
    each declared rate."""
    from ecdplan.core.currency import rates

    lines = []
    missing = [m for c in compiled for m in c.missing]
    if missing:
        lines.append(t("incomplete: values left out: {values}", lang).format(values="; ".join(missing)))
    lines += [f"rate: {r.rate} VND per {r.code} ({r.source}, {r.date.isoformat()})"
              for plan in compiled for _, r in rates(plan.plan)]
    return lines


def add_rate_notes(table, compiled: tuple, lang: str) -> None:
    """Every table of a plan with a declared rate states it (diff and compare too), once."""
    from ecdplan.core.currency import rate_note

    for plan in compiled:
        note = rate_note(plan.plan, lang)
        if note and note not in table.notes:
            table.notes.append(note)


def progress_csv_comments(ps, lang: str) -> list[str]:
    """Comment lines (without the leading '# ') for the CSV of progress tables: made-up files, values left out."""
    lines = [t("illustrative: figures of {path} are made up, not real data", lang).format(path=path)
             for path in ps.illustrative]
    if ps.compiled.missing or ps.left_out:
        lines.append(t("incomplete: values left out: {values}", lang).format(
            values="; ".join(ps.compiled.missing + ps.left_out)))
    return lines
