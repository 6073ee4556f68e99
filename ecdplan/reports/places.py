"""`ecdplan places NAME`: a unit looked up in the registry, with its predecessors or successors."""

from __future__ import annotations

from ..errors import EcdplanError
from ..render import Column, Table


def places_table(name: str, province: str | None = None) -> Table:
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
    columns = [Column("Unit", "unit"), Column("Level", "level"), Column("Province", "province"),
               Column("District", "district"), Column("Code", "code"), Column("From", "from"),
               Column("Until", "until"), Column("Predecessors", "predecessors"),
               Column("Successors", "successors")]
    notes = [f"Units before the reform existed until 30/6/2025, units after it from 1/7/2025 ({LEGAL_BASIS})."]
    if len({p.province for p in found}) > 1 and province is None:
        notes.append("The name is ambiguous: give --province to narrow it.")
    notes.append(f"Data: {reg.source}.")
    return Table(columns, rows, title=f"places: {name}", notes=notes)
