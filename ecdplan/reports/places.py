"""`ecdplan places NAME`: a unit looked up in the registry, with its predecessors or successors."""

from __future__ import annotations

from ..errors import EcdplanError
from ..render import Column, Table


# headings in Vietnamese (`--lang vi`); kept here, beside the only table that uses them
_VI = {"Unit": "Đơn vị hành chính", "Level": "Cấp", "Province": "Tỉnh", "District": "Huyện (trước 1/7/2025)",
       "Code": "Mã", "From": "Từ ngày", "Until": "Đến ngày", "Predecessors": "Đơn vị trước sắp xếp",
       "Successors": "Đơn vị sau sắp xếp"}


def places_table(name: str, province: str | None = None, lang: str = "en") -> Table:
    from ..names import has_control
    from ..places import LEGAL_BASIS, registry

    if has_control(name) or not name.strip():
        raise EcdplanError(f"{name!r} is not a place name (empty, or it holds control characters)")
    reg = registry()
    found = reg.find(name, province)
    if not found:
        shown = name if len(name) <= 80 else name[:80] + "…"
        raise EcdplanError(f"no unit called {shown!r}" + (f" in {province}" if province else "")
                           + f" in the registry ({reg.source})")
    rows = []
    for p in sorted(found, key=lambda p: (p.era != "after", p.level != "province", p.province, p.name)):
        rows.append([p.full, p.level, p.province, p.district or "", p.code, p.since, p.until,
                     "; ".join(s.label for s in reg.before(p)), "; ".join(s.label for s in reg.after(p))])
    def head(text: str) -> str:
        return _VI[text] if lang == "vi" else text

    columns = [Column(head("Unit"), "unit"), Column(head("Level"), "level"), Column(head("Province"), "province"),
               Column(head("District"), "district"), Column(head("Code"), "code"), Column(head("From"), "from"),
               Column(head("Until"), "until"), Column(head("Predecessors"), "predecessors"),
               Column(head("Successors"), "successors")]
    notes = [f"Units before the reform existed until 30/6/2025, units after it from 1/7/2025 ({LEGAL_BASIS})."]
    if len({p.province for p in found}) > 1 and province is None:
        notes.append("The name is ambiguous: give --province to narrow it.")
    notes.append(f"Data: {reg.source}.")
    return Table(columns, rows, title=f"places: {name}", notes=notes)
