"""The appendix table understood: its heading found by its words (Vietnamese or English, merged over several rows),
each column's role (number, name, communes per year, timing and area, cost, one column per source, staff, lead,
notes), then each row: a group (I, II, ...), a numbered line, a subtotal ('Cộng'), the total ('Tổng cộng'), the
amount in words ('Bằng chữ'). Every value keeps its cell; what is read by judgement is listed for a person to
confirm (`Imported.judgements`); what cannot be read is an X finding at its cell, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ecdplan.i18n.messages import N_, Phrase
from ecdplan.source.loaded import said
from ecdplan.source.office.imported import Imported
from ecdplan.source.office.table import Cell, Grid, column_letters
from ecdplan.source.office.words import (BLANK_COST, KNOWN_SOURCES, ROLE_NAMES, TICKS, _COLUMN_NUMBER, _LINE_NUMBER,
                                         _NUMBER_DOC, _PERIOD, _PHASE, _PLAIN, _ROMAN, _YEAR, _is_total, _level_of,
                                         _merge, _role_of, _text, _unit_of, key, slug)

__all__ = ["Imported", "read_table"]


class _Reader:
    def __init__(self, grid: Grid, file: str, mapping: Any) -> None:
        self.grid, self.file, self.mapping = grid, file, mapping
        self.out = Imported(file, sheet=grid.sheet)
        self.roles: dict[int, Any] = {}  # 0-based column -> 'number' | 'name' | ... | ('communes', y) | ('source', i)
        self.sources: list[dict] = []
        self.source_cells: list[str] = []
        self.told: set[str] = set()  # merged ranges already reported
        self.year_cells: dict[int, str] = {}  # the heading cell of each year's column

    # -- findings and judgements ------------------------------------------------------------------------------
    def finding(self, code: str, cell: Cell, template: str, **params: object) -> None:
        f = said(code, template, {"cell": cell.ref, **params}, self.file, 0, 0)
        f.cell = cell.ref
        self.out.findings.append(f)

    def judge(self, where: str, template: str, **params: object) -> None:
        self.out.judgements.append((where, Phrase(template, **params)))

    # -- numbers ------------------------------------------------------------------------------------------------
    def number(self, cell: Cell, what: str) -> Decimal | None:
        """A cell's number, by the project's number-notation policy (scalars.thousands_reading) for text."""
        from ecdplan.source.scalars import thousands_reading

        v = cell.value
        if v is None or cell.formula is not None and not cell.computed:
            return None
        if isinstance(v, bool):
            v = str(v)
        if isinstance(v, int):
            return Decimal(v)
        if isinstance(v, Decimal):
            return v
        if isinstance(v, (dt.date, dt.time, dt.timedelta)):
            self.finding("X006", cell, N_("a date ({value}) where {what} is expected (a number formatted as a "
                                          "date?); it is left out"), value=str(v), what=Phrase(what))
            return None
        text = _text(cell)
        if key(text) in BLANK_COST:
            return None
        meant = thousands_reading(text)
        if meant is None and _PLAIN.match(text):
            return Decimal(text)
        if meant is not None:
            self.finding("X005", cell, N_("the text '{text}' was read as the number {number}"), text=text,
                         number=meant)
            return Decimal(meant)
        self.finding("X006", cell, N_("'{value}' where {what} is expected; it is left out"),
                     value=text[:40], what=Phrase(what))
        return None

    def count(self, cell: Cell) -> int | None:
        value = self.number(cell, N_("a number of communes"))
        if value is None:
            return None
        if value != value.to_integral_value() or value < 0:
            self.finding("X006", cell, N_("'{value}' where {what} is expected; it is left out"),
                         value=_text(cell), what=Phrase(N_("a number of communes")))
            return None
        return int(value)

    # -- the heading ------------------------------------------------------------------------------------------------
    def find_heading(self) -> tuple[int, int] | None:
        rows = self.grid.rows
        if self.mapping is not None and self.mapping.header_rows:
            first, last = self.mapping.header_rows
            return (first - 1, last - 1) if last <= len(rows) else None
        for r, row in enumerate(rows[:60]):
            keys = [key(_text(c)) for c in row]
            if any(k in ("stt", "tt", "no.", "no", "so tt", "so thu tu") for k in keys) and any(
                    _role_of(k, "") == "name" for k in keys):
                number_col = next(i for i, k in enumerate(keys) if k in ("stt", "tt", "no.", "no", "so tt",
                                                                         "so thu tu"))
                last = r
                for r2 in range(r + 1, min(r + 6, len(rows))):
                    t = _text(rows[r2][number_col])
                    if _ROMAN.match(t.rstrip(".")) and t or _LINE_NUMBER.match(t) and not self._numbering_row(r2):
                        break
                    if any(_is_total(key(_text(c))) for c in rows[r2]):
                        break
                    if self._numbering_row(r2):
                        continue
                    last = r2
                return r, last
        return None

    def _numbering_row(self, r: int) -> bool:
        """A row of column numbers under the heading: (1) (2) (3) ... or 1 2 3 ..."""
        texts = [_text(c) for c in self.grid.rows[r] if c.value is not None]
        return len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) for t in texts)

    def read_heading(self, first: int, last: int) -> None:
        rows = self.grid.rows
        heading_rows = [r for r in range(first, last + 1) if not self._numbering_row(r)]
        width = max(len(rows[r]) for r in heading_rows)
        upper: dict[int, list[str]] = {}
        for r in heading_rows[:-1]:  # a blank heading cell above a filled one continues the heading on its left
            previous = ""
            for c in range(width):
                t = _text(rows[r][c]) if c < len(rows[r]) else ""
                below = any(_text(rows[r2][c]) for r2 in heading_rows if r2 > r and c < len(rows[r2]))
                if not t and below and previous:
                    t = previous
                previous = t if t else ("" if not below else previous)
                if t and t not in upper.get(c, []):
                    upper.setdefault(c, []).append(t)
        own_row = rows[heading_rows[-1]]
        mapped = self.mapping.columns if self.mapping is not None else {}
        for c in range(width):
            own = _text(own_row[c]) if c < len(own_row) else ""
            top = " ".join(t for t in upper.get(c, []) if t != own)
            if len(heading_rows) == 1:
                top, own = "", own
            if own == top:
                own_for_role = own
                top = ""
            else:
                own_for_role = own
            letter = column_letters(c + 1)
            heading = " / ".join(t for t in (top, own) if t) or ""
            if c + 1 in mapped:
                self._mapped(c, mapped[c + 1], heading)
                continue
            if mapped:
                continue  # a mapping that names columns names every column read
            if not heading:
                continue
            year = _YEAR.match(own_for_role)
            ktop, kown = key(top), key(own_for_role)
            if year and top and _role_of(ktop, "") in ("cost", "source"):  # money by year: not communes
                self.roles[c] = ("cost_year", int(year.group(1)))
                self.year_cells.setdefault(int(year.group(1)), own_row[c].ref)
                self.judge(letter, N_("'{heading}': the line's cost in {year}"), col=letter, heading=heading,
                           year=int(year.group(1)))
                continue
            if year and (not top or "xa" in ktop.split() or "commune" in ktop or "communes" in ktop):
                self.roles[c] = ("communes", int(year.group(1)))
                self.year_cells.setdefault(int(year.group(1)), own_row[c].ref)
                self.judge(letter, N_("'{heading}': communes taking part in {year}"), col=letter,
                           heading=heading, year=int(year.group(1)))
                continue
            if year:
                self.judge(letter, N_("'{heading}': a year, but of what is not said (communes or cost); the "
                                      "column is not read (a mapping file can say)"), col=letter, heading=heading)
                continue
            role = "source" if top and any(w in ktop for w in ("nguon", "source")) else _role_of(kown or ktop, ktop)
            if role == "source":
                self._source(c, own_for_role or top, heading)
                here = ("sources", len(self.sources) - 1)
                self.out.cells[(*here, "name")] = self.out.cells[(*here, "id")] = own_row[c].ref
                if "component" in self.sources[-1]:
                    self.out.cells[(*here, "component")] = own_row[c].ref
            elif role:
                if role in self.roles.values():
                    continue  # the first column of a role holds it
                self.roles[c] = role
                self.judge(letter, N_("'{heading}': {role}"), col=letter, heading=heading,
                           role=Phrase(ROLE_NAMES[role]))
            if role == "cost" or (role == "source" and "unit" not in self.__dict__):
                unit = _unit_of(key(heading))
                if unit and "unit" not in self.__dict__:
                    self.unit, self.unit_col = unit, letter
                    self.out.cells[("plan", "unit")] = own_row[c].ref

    def _mapped(self, c: int, value: Any, heading: str) -> None:
        if value == "skip":
            return
        if isinstance(value, dict) and "communes" in value:
            self.roles[c] = ("communes", int(value["communes"]))
        elif isinstance(value, dict):
            self.roles[c] = ("source", len(self.sources))
            self.sources.append({k: value[k] for k in ("source", "name", "kind", "component") if k in value})
            self.sources[-1]["id"] = str(self.sources[-1].pop("source"))
            self.sources[-1].setdefault("name", heading or self.sources[-1]["id"])
            self.sources[-1].setdefault("kind", "other")
            self.source_cells.append(self.grid.ref(1, c + 1))
        else:
            self.roles[c] = value
            if value == "cost" and "unit" not in self.__dict__:
                unit = _unit_of(key(heading))
                if unit:
                    self.unit, self.unit_col = unit, column_letters(c + 1)

    def _source(self, c: int, label: str, heading: str) -> None:
        name, component = label, None
        m = re.match(r"^(.*?)\n\s*\((.+)\)\s*$", label, re.S)  # ecdplan's 'CTMTQG DTTS-MN\n(Dự án 7)'
        if m and _unit_of(key(m.group(2))) is None and "*" not in m.group(2):
            name, component = m.group(1).strip(), m.group(2).strip()
        name = re.sub(r"\s*\(\*+\)\s*$", "", name).strip() or label
        k = key(name)
        sid, kind = next(((i, kd) for w, i, kd in KNOWN_SOURCES if w in k), (slug(name), "other"))
        taken = {s["id"] for s in self.sources}
        base, n = sid, 2
        while sid in taken:
            sid, n = f"{base}-{n}", n + 1
        source = {"id": sid, "name": name, "kind": kind}
        if component:
            source["component"] = component
        self.roles[c] = ("source", len(self.sources))
        self.sources.append(source)
        letter = column_letters(c + 1)
        self.judge(letter, N_("'{heading}': the source {id} ({kind})"), col=letter, heading=heading,
                   id=sid, kind=kind)

    # -- the rows -------------------------------------------------------------------------------------------------
    def read_rows(self, start: int) -> None:
        rows = self.grid.rows
        col = {role: c for c, role in self.roles.items() if isinstance(role, str)}
        if "name" not in col:
            return
        groups: list[dict] = []
        lines: list[tuple[dict | None, list[Cell], Cell]] = []  # (group, row, number cell)
        group: dict | None = None
        total_seen = False
        for r in range(start, len(rows)):
            row = rows[r]
            for cell in row:  # below the heading a merged range's value is its first cell's only ('Tổng cộng' over A:G)
                if cell.copied:
                    cell.value = None
            num_cell = row[col["number"]] if "number" in col else None
            name_cell = row[col["name"]]
            num, name = _text(num_cell).rstrip("."), _text(name_cell)
            if num and not _ROMAN.match(num) and not _LINE_NUMBER.match(num):
                num, name = "", name or num  # a label in the number column ('Tổng cộng', 'Cộng')
            if not num and not name and not any(c.value is not None for c in row):
                continue
            k = key(name or num)
            if "bang chu" in k or "in words" in k:
                continue
            if total_seen:
                break
            if num and _ROMAN.match(num):
                group = {"id": num, "name": name, "_row": row, "_cell": num_cell}
                groups.append(group)
            elif num and _LINE_NUMBER.match(num):
                lines.append((group, row, num_cell))
            elif not num and _is_total(k):
                self.total_row = row
                total_seen = True
            elif not num and k.startswith("cong") and group is not None:
                group["_subtotal"] = row
                self.judge(name_cell.ref, N_("the row '{name}': the subtotal of group {group}"), name=name, group=group["id"])
            else:
                self.finding("X008", name_cell if name else num_cell or name_cell,
                             N_("the row '{text}' is not a group, a numbered line or a total; it is left out"), text=(name or num)[:60])
        self.groups, self.lines = groups, lines

    # -- the plan -------------------------------------------------------------------------------------------------
    def build(self) -> None:
        from ecdplan.i18n.labels import t

        out, cells = self.out, self.out.cells
        col = {role: c for c, role in self.roles.items() if isinstance(role, str)}
        years = sorted({role[1] for role in self.roles.values()
                        if isinstance(role, tuple) and role[0] in ("communes", "cost_year")})
        info = self._info(years)
        plan: dict[str, Any] = {"format": "ecdplan/1", "plan": info}
        if self.sources:
            plan["sources"] = self.sources
        others = {key(t("Other", lang)) for lang in ("en", "vi")}
        groups_out, ids = [], {}
        for g in self.groups:
            cost_cell = g["_row"][col["cost"]] if "cost" in col else None
            sub = g.get("_subtotal")
            if sub is not None and "cost" in col and sub[col["cost"]].value is not None:
                cost_cell = sub[col["cost"]]
            total = self.number(cost_cell, N_("a subtotal")) if cost_cell is not None else None
            if key(g["name"]) in others and total is None:
                ids[id(g)] = None
                self.judge(g["_cell"].ref, N_("group {group} '{name}' holds the lines of no group"), group=g["id"],
                           name=g["name"])
                continue
            i = len(groups_out)
            entry: dict[str, Any] = {"id": g["id"], "name": g["name"] or g["id"]}
            cells[("groups", i, "id")] = g["_cell"].ref
            cells[("groups", i, "name")] = g["_row"][col["name"]].ref
            if total is not None:
                entry["total"] = total
                cells[("groups", i, "total")] = cost_cell.ref
            groups_out.append(entry)
            ids[id(g)] = g["id"]
        if groups_out:
            plan["groups"] = groups_out
        lines_out: list[dict] = []
        taken: set[str] = set()
        assumed_lines = 0
        for group, row, num_cell in self.lines:
            gid = ids.get(id(group)) if group is not None else None
            i = len(lines_out)
            here = ("interventions", i)
            number = _text(num_cell).rstrip(".").rstrip(")")
            lid = f"{gid}-{number}" if gid else f"line-{number}"
            lid = re.sub(r"[^A-Za-z0-9._-]", "-", lid)
            base, n = lid, 2
            while lid in taken:
                lid, n = f"{base}-{n}", n + 1
            taken.add(lid)
            line: dict[str, Any] = {"id": lid}
            cells[(*here, "id")] = num_cell.ref
            if gid:
                line["group"] = gid
            line["name"] = _text(row[col["name"]]) or lid
            cells[(*here, "name")] = row[col["name"]].ref
            for role in ("lead", "staff"):
                if role in col and _text(row[col[role]]):
                    line[role] = _text(row[col[role]])
                    cells[(*here, role)] = row[col[role]].ref
            self._rollout(line, row, here, years)
            by_year = self._by_year(row, here)
            if by_year:
                line["cost"] = {"by_year": by_year}
            if "cost" in col:
                cost_cell = row[col["cost"]]
                self._merged_figure(cost_cell)
                cost = self.number(cost_cell, N_("a cost"))
                if cost is not None:
                    line["cost"] = {"total": cost, **line.get("cost", {})}
                    cells[(*here, "cost", "total")] = cost_cell.ref
            funding, assumed = self._funding(row, here, len(lines_out))
            assumed_lines += assumed
            if funding:
                line["sources"] = funding
            if "notes" in col and _text(row[col["notes"]]):
                line["notes"] = (line.get("notes", "") + "\n" + _text(row[col["notes"]])).strip()
                cells[(*here, "notes")] = row[col["notes"]].ref
            lines_out.append(line)
        if assumed_lines:
            self.judge(self.grid.sheet or "-", N_("{n} line(s): amounts in grey italics (ecdplan's assumed equal split) "
                                                  "read as the sources the line may draw on, not as amounts"),
                       n=assumed_lines)
        plan["interventions"] = lines_out
        total_row = getattr(self, "total_row", None)
        if total_row is not None and "cost" in col:
            total = self.number(total_row[col["cost"]], N_("the total"))
            if total is not None:
                plan["total"] = total
                cells[("total",)] = total_row[col["cost"]].ref
        out.plan = plan

    def _by_year(self, row: list[Cell], here: tuple) -> dict[int, Decimal]:
        """A line's cost in each year, from columns of money by year."""
        out: dict[int, Decimal] = {}
        for c, role in sorted(self.roles.items(), key=lambda x: str(x[1])):
            if isinstance(role, tuple) and role[0] == "cost_year":
                self._merged_figure(row[c])
                amount = self.number(row[c], N_("an amount"))
                if amount is not None:
                    out[role[1]] = amount
                    self.out.cells[(*here, "cost", "by_year", role[1])] = row[c].ref
        return out

    def _merged_figure(self, cell: Cell) -> None:
        if cell.merged and cell.value is not None and cell.merged not in self.told:
            self.told.add(cell.merged)
            self.finding("X007", cell, N_("part of the merged cells {range}, over several lines, in a column of "
                                          "figures; the figure is left out"), range=cell.merged)
        if cell.merged:
            cell.value = None

    def _rollout(self, line: dict, row: list[Cell], here: tuple, years: list[int]) -> None:
        counts: list[tuple[int, int, Cell]] = []
        for c, role in self.roles.items():
            if isinstance(role, tuple) and role[0] == "communes":
                self._merged_figure(row[c])
                n = self.count(row[c])
                if n is not None:
                    counts.append((role[1], n, row[c]))
        counts.sort(key=lambda x: x[0])
        phases: list[dict] = []
        for year, n, cell in counts:
            if phases and phases[-1]["communes"] == n and phases[-1]["_end"] == year - 1:
                phases[-1]["_end"] = year
            else:
                phases.append({"_start": year, "_end": year, "communes": n, "_cell": cell})
        col = {role: c for c, role in self.roles.items() if isinstance(role, str)}
        where_cell = row[col["where"]] if "where" in col else None
        where = _text(where_cell)
        if where and where_cell.merged and where_cell.merged not in self.told:
            self.told.add(where_cell.merged)
            self.judge(where_cell.ref, N_("the text of the merged cells {range} is each of their lines' timing and "
                                         "area"), range=where_cell.merged)
        parts = {}
        if where:
            pieces = _PHASE.split(where)
            if len(pieces) >= 3 and not pieces[0].strip():
                parts = {re.sub(r"\s", "", pieces[i]): pieces[i + 1].strip().rstrip(".;").strip()
                         for i in range(1, len(pieces) - 1, 2)}
        out = []
        for k, ph in enumerate(phases):
            years_text = str(ph["_start"]) if ph["_start"] == ph["_end"] else f"{ph['_start']}-{ph['_end']}"
            entry: dict[str, Any] = {"years": years_text, "communes": ph["communes"]}
            self.out.cells[(*here, "rollout", k, "communes")] = ph["_cell"].ref
            self.out.cells[(*here, "rollout", k, "years")] = ph["_cell"].ref
            if years_text in parts:
                entry["where"] = parts.pop(years_text)
                self.out.cells[(*here, "rollout", k, "where")] = where_cell.ref
            out.append(entry)
        if where and (parts or not out or len(parts) == 0 and not any("where" in e for e in out)):
            if len(out) == 1 and not parts:
                out[0]["where"] = where
                self.out.cells[(*here, "rollout", 0, "where")] = where_cell.ref
            else:
                line["notes"] = where
                self.out.cells[(*here, "notes")] = where_cell.ref
        if out:
            line["rollout"] = out

    def _funding(self, row: list[Cell], here: tuple, index: int) -> tuple[list, int]:
        funding: list[Any] = []
        assumed = 0
        for c, role in self.roles.items():
            if not (isinstance(role, tuple) and role[0] == "source"):
                continue
            cell = row[c]
            source = self.sources[role[1]]
            if cell.value is None:
                continue
            self._merged_figure(cell) if isinstance(cell.value, (int, Decimal)) else None
            if cell.value is None:
                continue
            text = _text(cell)
            k = key(text)
            if cell.assumed:
                assumed = 1
                funding.append(source["id"])
            elif k in TICKS:
                funding.append(source["id"])
            elif isinstance(cell.value, (int, Decimal)) or _PLAIN.match(text) or (
                    re.match(r"^[\d.,\s]+$", text) and any(ch.isdigit() for ch in text)):
                amount = self.number(cell, N_("an amount"))
                if amount is None:
                    continue
                funding.append({"source": source["id"], "amount": amount})
                self.out.cells[(*here, "sources", len(funding) - 1, "amount")] = cell.ref
            else:  # a sub-project's name: the source may pay, through that component
                funding.append(source["id"])
                if "component" not in source:
                    source["component"] = text
                    self.out.cells[("sources", role[1], "component")] = cell.ref
                    self.judge(cell.ref, N_("'{text}': the sub-project through which {id} pays"), text=text, id=source["id"])
                elif key(source["component"]) != k:
                    self.judge(cell.ref, N_("'{text}': another sub-project than '{component}' for {id}; kept as "
                                            "the source only"), text=text,
                               component=source["component"], id=source["id"])
            self.out.cells.setdefault((*here, "sources", len(funding) - 1), cell.ref)
        return funding, assumed

    def _info(self, years: list[int]) -> dict[str, Any]:
        rows = self.grid.rows
        above = [next(((_text(c), c) for c in row if c.value is not None), ("", None))
                 for row in rows[:self.heading[0]]]
        above = [(t, c) for t, c in above if t]
        cited = next(((t, c) for t, c in above if t.startswith("(")), None)
        titles = [(t, c) for t, c in above if not t.startswith("(") and not key(t).startswith("phu luc")]
        title = next(((t, c) for t, c in titles if "ke hoach" in key(t)), max(titles, key=lambda x: len(x[0]),
                                                                             default=None))
        info: dict[str, Any] = {}
        extra = self.mapping.plan if self.mapping is not None else {}
        judge = self.judge
        self.judge = lambda where, template, **params: None if set(params) & set(extra) else judge(where, template,
                                                                                                    **params)
        name = Path(self.file).stem
        info["id"] = slug(name)
        self.judge("-", N_("the plan's id '{id}' from the file name"), id=info["id"])
        if title:
            info["title"] = title[0].replace("\n", " ")
            self.out.cells[("plan", "title")] = title[1].ref
        if cited:
            text, cell = cited
            inner = text.strip("()").strip()
            m = _NUMBER_DOC.search(inner)
            if m and "/" in m.group(1) and m.group(1).split("/")[0]:
                info["number"] = m.group(1)
                self.out.cells[("plan", "number")] = cell.ref
            issuer = re.split(r"\s+(?:của|of)\s+", inner)[-1].strip() if re.search(r"\s(?:của|of)\s", inner) else (
                inner if key(inner).startswith(("ubnd", "uy ban")) else "")
            if issuer:
                info["issuer"] = issuer
                self.out.cells[("plan", "issuer")] = cell.ref
                level = _level_of(key(issuer))
                if level:
                    info["level"] = level
                    self.out.cells[("plan", "level")] = cell.ref
                    self.judge(cell.ref, N_("the plan's level '{level}' from the issuer '{issuer}'"), level=level,
                               issuer=issuer)
                area = re.sub(r"^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", "", issuer, flags=re.I)
                info["area"] = {"name": area}
                self.out.cells[("plan", "area", "name")] = cell.ref
        start_end = (years[0], years[-1]) if years else None
        if start_end is None and title:
            m = _PERIOD.search(title[0])
            if m:
                start_end = (int(m.group(1)), int(m.group(2)))
                self.judge(title[1].ref, N_("the period {start}-{end} from the title"), start=start_end[0],
                           end=start_end[1])
        if start_end:
            info["period"] = {"start": start_end[0], "end": start_end[1]}
            if years:
                self.out.cells[("plan", "period", "start")] = self.year_cells.get(start_end[0], "")
                self.out.cells[("plan", "period", "end")] = self.year_cells.get(start_end[1], "")
        unit = getattr(self, "unit", None)
        if unit:
            info["unit"] = unit
            self.judge(self.unit_col, N_("the unit '{unit}' from the heading of column {col}"), unit=unit,
                       col=self.unit_col)
        self.judge = judge
        merged = _merge(info, extra)
        missing = [k for k in ("title", "issuer", "level", "period", "unit") if k not in merged]
        if "name" not in merged.get("area", {}):
            missing.append("area")
        if missing:
            f = said("X010", N_("the table does not say the plan's {keys}: write {them} under `plan:` in a mapping "
                                "file ({mapping}, beside the table, or --mapping)"),
                     {"keys": ", ".join(missing), "them": "them" if len(missing) > 1 else "it",
                      "mapping": Path(self.file).stem + ".mapping.yaml"}, self.file, 0, 0, missing=missing)
            self.out.findings.append(f)
        return merged


def read_table(grids: list[Grid], file: str, mapping: Any = None) -> Imported:
    """The first grid with an appendix table, read into a plan; X002 if none has one."""
    for grid in grids:
        reader = _Reader(grid, file, mapping)
        heading = reader.find_heading()
        if heading is None:
            continue
        reader.heading = heading
        reader.read_heading(*heading)
        if not any(role == "name" for role in reader.roles.values()):
            continue
        reader.read_rows(heading[1] + 1)
        reader.build()
        worked = [c.ref.split("!")[-1] for row in grid.rows for c in row if c.computed]
        if worked:
            shown = ", ".join(worked[:12]) + (", ..." if len(worked) > 12 else "")
            reader.judge(grid.sheet or "-", N_("the file stores no value for {n} SUM formula(s) ({cells}): ecdplan "
                                               "worked them out from the cells they add up"), n=len(worked),
                         cells=shown)
        return reader.out
    empty = not any(c.value is not None for g in grids for row in g.rows for c in row)
    template = N_("the workbook is empty: no cell holds a value") if empty else \
        N_("no appendix table found: no row has the headings of one (a number column such as 'STT' and a name column "
           "such as 'Tên ...' or 'Nội dung'); describe the layout in a mapping file (--mapping)")
    return Imported(file, findings=[said("X002", template, {}, file, 0, 0)])
