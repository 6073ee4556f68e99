"""`ecdplan places NAME`: a unit looked up in the registry, with its predecessors or successors."""

from __future__ import annotations

from ecdplan.errors import EcdplanError
from ecdplan.i18n.messages import Phrase
from ecdplan.i18n.labels import LEVELS, N_, t, word
from ecdplan.reports.table import Column, Table


def places_table(name: str, province: str | None = None, lang: str = "en") -> Table:
    from ecdplan.reference.names import has_control
    from ecdplan.reference.places import LEGAL_BASIS, registry

    if has_control(name) or not name.strip():
        raise EcdplanError(Phrase(N_("{name} is not a place name (empty, or it holds control characters)"),
                                  name=repr(name)))
    reg = registry()
    found = reg.find(name, province)
    if not found:
        shown = name if len(name) <= 80 else name[:80] + "…"
        raise EcdplanError(Phrase(N_("no unit called {name} in {province} in the registry ({source})"), name=repr(shown),
                                  province=province, source=reg.source) if province else
                           Phrase(N_("no unit called {name} in the registry ({source})"), name=repr(shown),
                                  source=reg.source))
    rows = []
    for p in sorted(found, key=lambda p: (p.era != "after", p.level != "province", p.province, p.name)):
        rows.append([p.full, word(LEVELS, p.level, lang), p.province, p.district or "", p.code, _day(p.since), _day(p.until),
                     "; ".join(s.phrase.text(lang) for s in reg.before(p)),
                     "; ".join(s.phrase.text(lang) for s in reg.after(p))])
    columns = [Column(t("Unit", lang), "unit"), Column(t("Level", lang), "level"),
               Column(t("Province", lang), "province"), Column(t("District (before 1/7/2025)", lang), "district"),
               Column(t("Code", lang), "code"), Column(t("From", lang), "from"), Column(t("Until", lang), "until"),
               Column(t("Predecessors", lang), "predecessors"), Column(t("Successors", lang), "successors")]
    notes = [t("Units before the reform existed until 30/6/2025, units after it from 1/7/2025 ({basis}).",
               lang).format(basis=t(LEGAL_BASIS, lang))]
    if len({p.province for p in found}) > 1 and province is None:
        notes.append(t("The name is ambiguous: give --province to narrow it.", lang))
    notes.append(t("Data: {source}.", lang).format(source=data_source(reg.source, lang)))
    return Table(columns, rows, title=t("places: {name}", lang).format(name=name), notes=notes)


def _day(iso: str):
    """A date of the reform as a date (shown 01/07/2025 to people, 2025-07-01 to programs); '' stays empty."""
    import datetime as dt

    return dt.date.fromisoformat(iso) if iso else ""


def data_source(source: str, lang: str) -> str:
    """The registry's source ('vietnamadminunits 1.0.4 (MIT licence), data/dataset.db and
    data/converter_2025.json') in the reader's language: the package, its version, licence and files kept."""
    import re

    found = re.fullmatch(r"(\S+ \S+) \((\S+) licence\), (.+) and (.+)", source)
    if found is None:
        return source
    package, licence, first, second = found.groups()
    return t("{package} ({licence} licence), {first} and {second}", lang).format(
        package=package, licence=licence, first=first, second=second)
