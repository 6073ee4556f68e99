"""National target programmes (CTMTQG): their periods, phases and legal basis.

A plan's source refers to one with `programme: <id>`; F002 then says whether the programme itself ends or
only the phase that funds the plan, and names the possible successor.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecdplan.i18n.messages import N_, Phrase, Word


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    start: int
    end: int
    basis: str
    phases: tuple[tuple[str, int, int], ...] = ()
    successor: str | None = None

    def phase_of(self, start: int, end: int) -> tuple[str, int, int] | None:
        """The phase whose years are exactly a source's valid years."""
        return next((p for p in self.phases if (p[1], p[2]) == (start, end)), None)


MERGED = "ntp-2026-2035"
PROGRAMMES: dict[str, Programme] = {p.id: p for p in (
    Programme("dtts-mn", "CTMTQG phát triển kinh tế - xã hội vùng đồng bào DTTS và miền núi", 2021, 2030,
              "QĐ 1719/QĐ-TTg (14/10/2021)", ((N_("phase I"), 2021, 2025), (N_("phase II"), 2026, 2030)), MERGED),
    Programme("gnbv", "CTMTQG giảm nghèo bền vững", 2021, 2025, "QĐ 90/QĐ-TTg (18/01/2022)", (), MERGED),
    Programme("ntm", "CTMTQG xây dựng nông thôn mới", 2021, 2025, "QĐ 263/QĐ-TTg (22/02/2022)", (), MERGED),
    Programme(MERGED, "CTMTQG hợp nhất xây dựng nông thôn mới, giảm nghèo bền vững và phát triển KT-XH vùng "
              "đồng bào DTTS và miền núi", 2026, 2035, "Nghị quyết của Quốc hội ngày 11/12/2025",
              ((N_("phase 2026-2030"), 2026, 2030), (N_("phase 2031-2035"), 2031, 2035))),
)}
PROGRAMME_IDS: tuple[str, ...] = tuple(PROGRAMMES)


def validity_note(programme_id: str, valid_start: int, valid_end: int) -> Phrase:
    """Why a source of this programme, valid valid_start-valid_end, ends then (for F002)."""
    p = PROGRAMMES[programme_id]
    phase = p.phase_of(valid_start, valid_end)
    if phase is not None and (p.start, p.end) != (valid_start, valid_end):
        note = Phrase(N_("{phase} ends in {end} (the programme runs {start}-{last}, {basis}; the plan's funding is "
                         "its {phase})"), phase=Word(phase[0]), end=valid_end, start=p.start, last=p.end,
                      basis=p.basis)
    elif valid_end == p.end:
        note = Phrase(N_("the programme ends in {end} ({basis})"), end=p.end, basis=p.basis)
    else:
        note = Phrase(N_("the programme runs {start}-{last} ({basis})"), start=p.start, last=p.end, basis=p.basis)
    if p.successor and valid_end < PROGRAMMES[p.successor].end:
        s = PROGRAMMES[p.successor]
        note = Phrase(N_("{note}; its possible successor is the merged programme {start}-{last} ({basis})"),
                      note=note, start=s.start, last=s.end, basis=s.basis)
    return note
