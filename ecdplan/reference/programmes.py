"""National target programmes (CTMTQG): their periods, phases and legal basis.

A plan's source refers to one with `programme: <id>`; F002 then says whether the programme itself ends or
only the phase that funds the plan, and names the possible successor.
"""

from __future__ import annotations

import re
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
HEALTH = "ntp-health-2026-2035"
EDUCATION = "ntp-education-2026-2035"
# Sources of the programmes of 2026-2035 (Quốc hội, Kỳ họp thứ 10, khóa XV):
# - NQ 257/2025/QH15 of 11/12/2025 (the merged programme): cited by number and date in the Government's
#   NQ 424/NQ-CP of 30/12/2025 (https://tailieu.vn/doc/nghi-quyet-so-424nq-cp-nam-2025-2948902.html).
# - NQ 262/2025/QH15 of 11/12/2025 (health, population and development): cited by number and date in the
#   Government's NQ 34/NQ-CP of 05/3/2026 (https://ngaynay.vn/nang-cao-hieu-qua-chuong-trinh-cham-soc-suc-khoe-dan-
#   so-giai-doan-2026-2035-post169905.html) and by TTXVN (https://baothanhhoa.vn/muc-tieu-tu-nam-2030-100-nguoi-dan-
#   co-so-suc-khoe-dien-tu-276420.htm).
# - NQ 249/2025/QH15 (modernising and raising the quality of education and training): its number from TTXVN
#   (https://www.vietnamplus.vn/dau-tu-hon-580000-ty-dong-hien-dai-hoa-nang-cao-chat-luong-giao-duc-post1087295.vnp,
#   8/1/2026); passed at the 10th session in December 2025 (vote scheduled for 10/12/2025:
#   https://dantri.com.vn/giao-duc/quoc-hoi-bieu-quyet-5-luat-chinh-sach-dac-thu-dot-pha-giao-duc-20251210015529517.htm).
#   Its exact day could not be checked against the resolution's text: the basis names the month only.
_SECOND_HALF = ((N_("phase 2026-2030"), 2026, 2030), (N_("phase 2031-2035"), 2031, 2035))
PROGRAMMES: dict[str, Programme] = {p.id: p for p in (
    Programme("dtts-mn", "CTMTQG phát triển kinh tế - xã hội vùng đồng bào DTTS và miền núi", 2021, 2030,
              "QĐ 1719/QĐ-TTg (14/10/2021)", ((N_("phase I"), 2021, 2025), (N_("phase II"), 2026, 2030)), MERGED),
    Programme("gnbv", "CTMTQG giảm nghèo bền vững", 2021, 2025, "QĐ 90/QĐ-TTg (18/01/2022)", (), MERGED),
    Programme("ntm", "CTMTQG xây dựng nông thôn mới", 2021, 2025, "QĐ 263/QĐ-TTg (22/02/2022)", (), MERGED),
    Programme(MERGED, "CTMTQG hợp nhất xây dựng nông thôn mới, giảm nghèo bền vững và phát triển KT-XH vùng "
              "đồng bào DTTS và miền núi", 2026, 2035, "NQ 257/2025/QH15 (11/12/2025)", _SECOND_HALF),
    Programme(HEALTH, "CTMTQG về chăm sóc sức khỏe, dân số và phát triển", 2026, 2035,
              "NQ 262/2025/QH15 (11/12/2025)", _SECOND_HALF),
    Programme(EDUCATION, "CTMTQG hiện đại hóa, nâng cao chất lượng giáo dục và đào tạo", 2026, 2035,
              "NQ 249/2025/QH15 (12/2025)", _SECOND_HALF),
)}
PROGRAMME_IDS: tuple[str, ...] = tuple(PROGRAMMES)

# what a line is about, from its name and group (folded): the topical programme that may carry it on after 2025
_TOPICS = ((HEALTH, re.compile(r"\b(y te|suc khoe|dinh duong|suy dinh duong|so sinh|ba me|tiem chung|imam|kmc|"
                               r"eenc)\b")),
           (EDUCATION, re.compile(r"\b(giao duc|mam non|mau giao|truong|lop hoc|thu vien|hoc tap)\b")))


def topical_programme(*texts: str | None) -> str | None:
    """The health or the education programme 2026-2035, for a line whose name or group is about health and
    nutrition or about (preschool) education; None otherwise."""
    from ecdplan.reference.names import fold

    text = " ".join(fold(t) for t in texts if t)
    return next((pid for pid, pattern in _TOPICS if pattern.search(text)), None)


def validity_note(programme_id: str, valid_start: int, valid_end: int, topic: str | None = None) -> Phrase:
    """Why a source of this programme, valid valid_start-valid_end, ends then (for F002); `topic`: the topical
    programme of the line it funds (topical_programme), named as a successor too."""
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
        t = PROGRAMMES.get(topic) if topic else None
        if t is not None and valid_end < t.start:
            template = N_("{note}; its possible successors are the merged programme {start}-{last} ({basis}) and, "
                          "for this line, the health programme {start2}-{last2} ({basis2})") if topic == HEALTH else \
                N_("{note}; its possible successors are the merged programme {start}-{last} ({basis}) and, for this "
                   "line, the education programme {start2}-{last2} ({basis2})")
            note = Phrase(template, note=note, start=s.start, last=s.end, basis=s.basis, start2=t.start,
                          last2=t.end, basis2=t.basis)
        else:
            note = Phrase(N_("{note}; its possible successor is the merged programme {start}-{last} ({basis})"),
                          note=note, start=s.start, last=s.end, basis=s.basis)
    return note
