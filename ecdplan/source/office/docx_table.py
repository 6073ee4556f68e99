"""The appendix table of a Word plan: which table it is, what each column holds (from its merged, multi-row
headings), and its rows (Roman-numeral groups, numbered lines, communes per year, the timing and area, the cost, one
column per source with an amount, an "x" tick or a sub-project label, staff, notes, "Tổng cộng").

Numbers are read as Vietnamese write them (`9.300` is 9300, `42.900,5` is 42900.5); each one read from text with
a separator is listed as a judgement. A cell that must hold a number and does not is X104, its value refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ecdplan.i18n.messages import N_

from ecdplan.source.office.docx_lines import Cell, ImportedPlan, Para, Table

ROMAN = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})\.?$")
LINE_NO = re.compile(r"^(\d{1,6})\.?$")
YEAR = re.compile(r"^((?:19|20)\d\d)\b")
UNITS = [("trieu dong", "million VND"), ("ty dong", "billion VND"), ("nghin dong", "thousand VND"),
         ("ngan dong", "thousand VND"), ("dong", "VND")]
# a source column's heading, folded -> (id, kind, programme)
KNOWN_SOURCES = [(("dtts", "dan toc thieu so"), ("ntp-dtts", "ntp", "dtts-mn")),
                 (("gnbv", "giam ngheo"), ("ntp-gnbv", "ntp", "gnbv")),
                 (("ntm", "nong thon moi"), ("ntp-ntm", "ntp", "ntm")),
                 (("nsdp", "ngan sach dia phuong"), ("nsdp", "local-budget", None)),
                 (("hop phap khac", "xhh", "xa hoi hoa"), ("other", "other", None))]
NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^-?\d+(?:,\d+)?$")


@dataclass
class Appendix:
    table: Table
    first_line: int
    unit: str
    data: dict[str, Any] = field(default_factory=dict)  # sources, groups, interventions, total
    years: list[tuple[int, Cell]] = field(default_factory=list)
    total_cell: Cell | None = None
    total: Any = None


def _fold(text: str) -> str:
    from ecdplan.reference.names import fold

    return fold(text)


def find_appendix(tables: list[Table]) -> tuple[Table, int] | None:
    """The first table with an 'STT' heading and a cost column, and the number of its heading rows."""
    for table in tables:
        for r, row in enumerate(table.rows[:6]):
            texts = [_fold(c.text) if c is not None else "" for c in row]
            if "stt" in texts and any("kinh phi" in t or "chi phi" in t or "tong" in t for t in texts):
                stt = texts.index("stt")
                data = next((i for i in range(r + 1, len(table.rows))
                             if _starts_data(table.rows[i][stt] if stt < len(table.rows[i]) else None)), None)
                if data is not None:
                    return table, data
    return None


def _starts_data(cell: Cell | None) -> bool:
    text = cell.text.strip() if cell is not None else ""
    return bool(ROMAN.match(text) or LINE_NO.match(text))


def read_appendix(tables: list[Table], paras: list[Para], out: ImportedPlan) -> Appendix | None:
    found = find_appendix(tables)
    if found is None:
        return None
    table, head = found
    first = next(c for c in table.rows[0] if c is not None)
    cols = _columns(table.rows[:head])
    unit_cell = cols.get("cost_cell")
    unit = "million VND"
    if unit_cell is not None:
        folded = _fold(unit_cell.text)
        unit = next((u for key, u in UNITS if key in folded), None) or unit
        if not any(key in folded for key, _ in UNITS):
            out.put(("plan", "unit"), unit, unit_cell, N_("the cost column names no unit: million VND assumed"))
        else:
            out.put(("plan", "unit"), unit, unit_cell)
    app = Appendix(table, first.line, unit, years=cols["years"])
    sources = _sources(cols["sources"], out)
    app.data = {"sources": sources, "groups": [], "interventions": []}
    _rows(table.rows[head:], cols, sources, app, out)
    return app


def _columns(header: list[list[Cell | None]]) -> dict[str, Any]:
    """What each grid column holds, from the heading cells above it (a merged cell counts for every column)."""
    width = max(len(r) for r in header)
    cols: dict[str, Any] = {"years": [], "sources": []}
    for c in range(width):
        cells = list(dict.fromkeys(r[c] for r in header if c < len(r) and r[c] is not None))  # merged down: once
        folded = [_fold(x.text) for x in cells]
        joined = " ".join(folded)
        low = cells[-1] if cells else None
        spans_group = any(_span(header, x) > 1 for x in cells[:-1]) or (cells and _span(header, cells[0]) > 1)
        if "stt" in folded:
            cols["stt"] = c
        elif low is not None and YEAR.match(low.text.strip()) and _span(header, low) == 1:
            cols["years"].append((int(YEAR.match(low.text.strip()).group(1)), low))
        elif spans_group and any("nguon" in f for f in folded[:-1]):
            group = next(k for k, f in enumerate(folded) if "nguon" in f)
            # under the group: the source's name, and under it (a third heading row) its sub-project, if any
            name = cells[group + 1] if group + 1 < len(cells) else low
            component = cells[group + 2] if group + 2 < len(cells) else None
            cols["sources"].append((c, name, component))
        elif "thoi gian" in joined or "dia ban" in joined:
            cols.setdefault("where", c)
        elif "kinh phi" in joined or "chi phi" in joined or "tong" in joined:
            if "cost" not in cols:
                cols["cost"], cols["cost_cell"] = c, low
        elif "nhan luc" in joined:
            cols.setdefault("staff", c)
        elif "ghi chu" in joined:
            cols.setdefault("notes", c)
        elif "name" not in cols and cells:
            cols["name"] = c
    return cols


def _span(header: list[list[Cell | None]], cell: Cell) -> int:
    return max(sum(1 for x in row if x is cell) for row in header)


def _sources(columns: list[tuple[int, Cell, Cell | None]], out: ImportedPlan) -> list[dict[str, Any]]:
    sources: list[dict[str, Any]] = []
    used: set[str] = set()
    for i, (c, cell, component) in enumerate(columns):
        label = re.sub(r"\(\*+\)", "", cell.text).strip()
        folded = _fold(label)
        known = next((v for keys, v in KNOWN_SOURCES if any(re.search(rf"\b{k}\b", folded) for k in keys)), None)
        sid, kind, programme = known or (f"source-{i + 1}", "other", None)
        if sid in used:
            sid = f"{sid}-{i + 1}"
        used.add(sid)
        path = ("sources", i)
        why = (N_("the source's kind and id were read from its column's heading") if known else
               N_("a source column whose heading names no known source: its kind is 'other'"))
        src: dict[str, Any] = {"id": out.put(path + ("id",), sid, cell, why), "name": label}
        short = re.sub(r"\s*\(.*\)$", "", label).strip()
        if short != label and short:
            src["short"] = short
        src["kind"] = kind
        if programme:
            src["programme"] = programme
        out.put(path + ("name",), label, cell)
        if component is not None and component.text.strip():
            src["component"] = out.put(path + ("component",), re.sub(r"\s*-\s*", " - ", component.text.strip()),
                                       component)
        sources.append(src)
    return sources


def _cell(row: list[Cell | None], c: int | None) -> Cell | None:
    return row[c] if c is not None and c < len(row) else None


def number(cell: Cell, path: tuple, out: ImportedPlan) -> Any:
    """The number a cell holds (int or Decimal), None when empty, REFUSED (X104) when it is text."""
    text = cell.text.replace(" ", "").strip()
    if not text:
        return None
    if not NUMBER.match(text):
        out.say("X104", N_("'{text}' in {place} is not a number"), {"text": cell.text, "place": cell.place}, cell)
        return out.refuse(path, cell)
    digits = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return out.refuse(path, cell)
    value = int(value) if value == value.to_integral_value() and "," not in text else value
    why = N_("a number written with separators, read as Vietnamese write them") if ("." in text or "," in text) \
        else None
    return out.put(path, value, cell, why)


def _rows(rows: list[list[Cell | None]], cols: dict[str, Any], sources: list[dict[str, Any]], app: Appendix,
          out: ImportedPlan) -> None:
    groups, lines = app.data["groups"], app.data["interventions"]
    group_id: str | None = None
    for row in rows:
        stt_cell, name_cell = _cell(row, cols.get("stt")), _cell(row, cols.get("name"))
        stt = stt_cell.text.strip() if stt_cell else ""
        name = name_cell.text.strip() if name_cell else ""
        cost_cell = _cell(row, cols.get("cost"))
        if _fold(stt).startswith("tong cong") or _fold(name).startswith("tong cong"):
            if cost_cell is not None:
                app.total_cell = cost_cell
                app.total = number(cost_cell, ("total",), out)
            break
        if ROMAN.match(stt):
            group_id = stt.rstrip(".")
            g = len(groups)
            group: dict[str, Any] = {"id": out.put(("groups", g, "id"), group_id, stt_cell),
                                     "name": out.put(("groups", g, "name"), name, name_cell or stt_cell)}
            if cost_cell is not None and cost_cell.text.strip():
                group["total"] = number(cost_cell, ("groups", g, "total"), out)
            groups.append(group)
            continue
        if not LINE_NO.match(stt) or not name:
            if cost_cell is not None and cost_cell.text.strip() and not _fold(name).startswith("bang chu"):
                out.say("X105", N_("the appendix's row {row} ('{stt}' {name}) has a cost of {cost} but is not a "
                                   "numbered line; it was not read"),
                        {"row": cost_cell.row, "stt": stt, "name": name, "cost": cost_cell.text}, stt_cell or cost_cell,
                        place=cost_cell.place, cost=cost_cell.text)
            continue
        i = len(lines)
        path = ("interventions", i)
        line_id = f"{group_id}.{LINE_NO.match(stt).group(1)}" if group_id else f"line-{stt.rstrip('.')}"
        item: dict[str, Any] = {"id": out.put(path + ("id",), line_id, stt_cell)}
        if group_id:
            item["group"] = group_id
        item["name"] = out.put(path + ("name",), name, name_cell)
        for key in ("staff", "notes"):
            cell = _cell(row, cols.get(key))
            if cell is not None and cell.text.strip():
                item[key] = out.put(path + (key,), cell.text.replace("\n", " "), cell)
        rollout = _rollout(row, cols, path, out)
        if rollout:
            item["rollout"] = rollout
        if cost_cell is not None and cost_cell.text.strip():
            item["cost"] = {"total": number(cost_cell, path + ("cost", "total"), out)}
        item["sources"] = _line_sources(row, cols, sources, path, out)
        lines.append(item)


def _rollout(row: list[Cell | None], cols: dict[str, Any], path: tuple, out: ImportedPlan) -> list[dict[str, Any]]:
    counts: list[tuple[int, Any, Cell]] = []
    for k, (year, _) in enumerate(cols["years"]):
        cell = _cell(row, _year_col(cols, k))
        if cell is None or not cell.text.strip():
            continue
        counts.append((year, number(cell, path + ("rollout", year), out), cell))
    phases: list[dict[str, Any]] = []
    for year, count, cell in counts:
        last = phases[-1] if phases else None
        if last is not None and last["communes"] == count and last["_end"] == year - 1:
            last["_end"] = year
            continue
        phases.append({"_start": year, "_end": year, "communes": count, "_cell": cell})
    where_cell = _cell(row, cols.get("where"))
    texts = _where(where_cell.text) if where_cell is not None else {}
    out_phases = []
    for k, ph in enumerate(phases):
        years: Any = ph["_start"] if ph["_start"] == ph["_end"] else f"{ph['_start']}-{ph['_end']}"
        p = path + ("rollout", k)
        phase = {"years": out.put(p + ("years",), years, ph["_cell"]),
                 "communes": out.put(p + ("communes",), ph["communes"], ph["_cell"])}
        where = texts.get((ph["_start"], ph["_end"]))
        if where and where_cell is not None:
            phase["where"] = out.put(p + ("where",), where, where_cell)
        out_phases.append(phase)
    return out_phases


def _year_col(cols: dict[str, Any], k: int) -> int:
    return cols["years"][k][1].col - 1


_PHASE = re.compile(r"giai đoạn\s*(\d{4})\s*-\s*(\d{4})\s*[:;,.]?\s*(?:triển khai\s*)?(?:tại\s*)?(.*?)"
                    r"(?=giai đoạn\s*\d{4}|$)", re.I | re.S)


def _where(text: str) -> dict[tuple[int, int], str]:
    return {(int(a), int(b)): w.strip().rstrip(".;").strip() for a, b, w in _PHASE.findall(text) if w.strip()}


def _line_sources(row: list[Cell | None], cols: dict[str, Any], sources: list[dict[str, Any]], path: tuple,
                  out: ImportedPlan) -> list[Any]:
    chosen: list[Any] = []
    for k, (c, _, _) in enumerate(cols["sources"]):
        cell = _cell(row, c)
        text = cell.text.strip() if cell is not None else ""
        if not text or cell is None:
            continue
        sid = sources[k]["id"]
        p = path + ("sources", len(chosen))
        if text.lower() == "x":
            chosen.append(out.put(p, sid, cell))
        elif NUMBER.match(text.replace(" ", "")):
            chosen.append({"source": out.put(p + ("source",), sid, cell),
                           "amount": number(cell, p + ("amount",), out)})
        else:  # a sub-project label: the source may pay, through that component
            chosen.append(out.put(p, sid, cell))
            if "component" not in sources[k]:
                sources[k]["component"] = out.put(
                    ("sources", k, "component"), re.sub(r"\s*-\s*", " - ", text), cell,
                    N_("the text in a source's column read as the sub-project that pays"))
    return chosen
