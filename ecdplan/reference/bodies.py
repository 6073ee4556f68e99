"""Bodies (government agencies) merged, renamed or abolished in 2025, each with its date and legal basis.

A name in a plan is matched after folding (no diacritics, any case, any spacing or punctuation), so
'Sở LĐTB&XH', 'Sở Lao động - Thương binh và Xã hội' and 'so lao dong, thuong binh va xa hoi' are one body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ecdplan.i18n.messages import N_
from ecdplan.reference.names import fold


@dataclass(frozen=True)
class BodyChange:
    id: str
    name: str                 # the body as it was, e.g. 'Sở Kế hoạch và Đầu tư' (a msgid, as successor, basis)
    pattern: str              # a regular expression over folded text
    change: str               # merged | renamed | abolished
    successor: str
    date: dt.date             # the first day it no longer existed
    basis: str
    levels: tuple[str, ...] | None = None  # only in plans of these levels (a name that is ambiguous elsewhere)

    def matches(self, text: str) -> bool:
        return re.search(self.pattern, fold(text)) is not None


_PROVINCIAL = N_("Nghị định 45/2025/NĐ-CP (the departments of a province, from 1/3/2025) and the province's "
                 "own decisions")
_NO_DISTRICT = N_("NQ 203/2025/QH15; Luật Tổ chức chính quyền địa phương 72/2025/QH15")
BODY_CHANGES: tuple[BodyChange, ...] = (
    BodyChange("so-khdt", N_("Sở Kế hoạch và Đầu tư"),
               r"\b(so ke hoach (va )?dau tu|so kh ?dt|skhdt)\b", "merged", N_("Sở Tài chính"),
               dt.date(2025, 3, 1), _PROVINCIAL),
    BodyChange("so-ldtbxh", N_("Sở Lao động - Thương binh và Xã hội"),
               r"\b(so lao dong (va )?thuong binh (va )?xa hoi|so ldtb ?xh|so ldtbxh|sldtbxh)\b", "merged",
               N_("Sở Nội vụ (labour, war invalids, social affairs); Sở Y tế (children's affairs, social "
                  "protection)"),
               dt.date(2025, 3, 1), _PROVINCIAL),
    BodyChange("ban-dan-toc", N_("Ban Dân tộc tỉnh"), r"\bban dan toc\b", "renamed", N_("Sở Dân tộc và Tôn giáo"),
               dt.date(2025, 3, 1), _PROVINCIAL),
    BodyChange("phong-ldtbxh", N_("Phòng Lao động - Thương binh và Xã hội (district)"),
               r"\bphong (lao dong (va )?thuong binh (va )?xa hoi( va dan toc)?|ldtb ?xh( va dan toc)?|ldtbxh)\b",
               "abolished", N_("commune UBND (its tasks); Sở Y tế / Sở Nội vụ of the province"),
               dt.date(2025, 7, 1), _NO_DISTRICT),
    BodyChange("ubnd-huyen", N_("UBND cấp huyện (UBND huyện, thị xã, thành phố thuộc tỉnh)"),
               r"\b(ubnd|uy ban nhan dan) (cap huyen|(cac )?huyen)\b", "abolished",
               N_("UBND cấp xã (commune People's Committees) and the province's departments"),
               dt.date(2025, 7, 1), _NO_DISTRICT),
    # in a district's or district-level city's own plan, 'UBND Thành phố', 'Phòng ...' and 'Trung tâm ... Thành
    # phố' are that district's: they ended with it (a commune's new 'Phòng Văn hóa - Xã hội' is another body)
    BodyChange("cap-huyen",
               N_("the district-level bodies of the plan's own district or city (UBND, Phòng, Trung tâm)"),
               r"^(phong\b|(ubnd|uy ban nhan dan) (thanh pho|tp|thi xa|huyen)\b|trung tam .*\b(thanh pho|huyen|thi xa)$)",
               "abolished", N_("the communes and wards that replaced the district (their UBND) and the province's "
                               "departments"), dt.date(2025, 7, 1), _NO_DISTRICT, ("city", "district")),
)


def changes_in(text: str, level: str | None = None) -> list[BodyChange]:
    """The changed bodies a text names (a 'to:' may name two: 'UBND huyện và Phòng LĐTBXH'), in a plan of
    `level`; the first that matches of the district-level ones is enough."""
    found = [b for b in BODY_CHANGES if (b.levels is None or level in b.levels) and b.matches(text)]
    if any(b.levels is None for b in found):
        found = [b for b in found if b.levels is None]  # the specific entry says it better
    return found
