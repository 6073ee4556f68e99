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
    change: str               # merged | renamed | abolished | transferred (the same body under another owner)
    successor: str
    date: dt.date             # the first day it no longer existed
    basis: str
    levels: tuple[str, ...] | None = None  # only in plans of these levels (a name that is ambiguous elsewhere)

    def matches(self, text: str) -> bool:
        return re.search(self.pattern, fold(text)) is not None


# Sources (checked where a stored public copy could be found; what could not be checked is said so):
# - NĐ 45/2025/NĐ-CP (28/02/2025, Chính phủ), in force 1/3/2025: the specialised departments of a province and of a
#   district: Sở KHĐT into Sở Tài chính, Sở LĐTBXH into Sở Nội vụ (children's affairs and social protection to Sở
#   Y tế), Ban Dân tộc into Sở Dân tộc và Tôn giáo; at district level Phòng LĐTBXH into Phòng Nội vụ (children's
#   affairs to the district's health or culture-society office). Each province's own decisions give the day (late
#   February to early March 2025): 1/3/2025 is the decree's. The decree's text was not found in the stored pages;
#   the dates are those the provinces' reports give.
# - NĐ 42/2025/NĐ-CP (27/02/2025, Chính phủ): Bộ Y tế's functions, including children's affairs taken from Bộ
#   LĐTBXH (which merged into Bộ Nội vụ on 1/3/2025). Confirmed indirectly: from 2025 the Ministry of Health's
#   Cục Bà mẹ và Trẻ em addresses children's matters to the provinces' Sở Y tế
#   (https://ngaynay.vn/tang-cuong-truyen-thong-phong-ngua-giam-thieu-lao-dong-tre-em-post160933.html, June 2025);
#   the decree's text itself was not found in the stored pages.
# - District health centres: not abolished on 1/7/2025 but passed to Sở Y tế, usually as regional health centres
#   (Trung tâm Y tế khu vực): Bộ Y tế's công văn 2147/BYT-TCCB (2025) on reorganising health facilities for the
#   two-level local government (reported at https://baomoi.net.vn/tag/Th%C3%B4ng-t%C6%B0-37%2F2021%2FTT_BYT.epi);
#   Nghệ An: "Sở Y tế quản lý bệnh viện và trung tâm y tế" (https://cdcnghean.vn/tin-hoat-dong/page-4, 10/7/2025).
#   The công văn's date was not checked.
_PROVINCIAL = N_("Nghị định 45/2025/NĐ-CP (the departments of a province, from 1/3/2025) and the province's "
                 "own decisions")
_DISTRICT_OFFICES = N_("Nghị định 45/2025/NĐ-CP (the offices of a district, from 1/3/2025) and the province's own "
                       "decisions")
_MINISTRY = N_("Nghị định 42/2025/NĐ-CP (Bộ Y tế: children's affairs) and the Government's restructuring of "
               "1/3/2025")
_HEALTH_CENTRES = N_("Bộ Y tế, công văn 2147/BYT-TCCB (health facilities under the two-level local government) "
                     "and the province's own decisions")
_NO_DISTRICT = N_("NQ 203/2025/QH15; Luật Tổ chức chính quyền địa phương 72/2025/QH15")
# the district health centre, written with its district ('Trung tâm Y tế huyện Kông Chro', 'TTYT thành phố')
_HEALTH_CENTRE = r"\b(trung tam y te|ttyt) (huyen|thanh pho|tp|thi xa|quan)\b"
BODY_CHANGES: tuple[BodyChange, ...] = (
    BodyChange("bo-ldtbxh", N_("Bộ Lao động - Thương binh và Xã hội"),
               r"\b(bo lao dong (va )?thuong binh (va )?xa hoi|bo ldtb ?xh|bldtbxh)\b", "merged",
               N_("Bộ Nội vụ (labour, war invalids, social affairs); Bộ Y tế (children's affairs, social "
                  "protection)"),
               dt.date(2025, 3, 1), _MINISTRY),
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
               "merged", N_("the district's Phòng Nội vụ (labour, war invalids, social affairs) and the office the "
                            "province named for children's affairs; from 1/7/2025 the communes and Sở Y tế / Sở Nội "
                            "vụ of the province"),
               dt.date(2025, 3, 1), _DISTRICT_OFFICES),
    BodyChange("ttyt-huyen", N_("Trung tâm Y tế cấp huyện (district health centre)"), _HEALTH_CENTRE,
               "transferred", N_("Sở Y tế of the province (usually as a regional health centre, Trung tâm Y tế khu "
                                 "vực)"),
               dt.date(2025, 7, 1), _HEALTH_CENTRES),
    # in a district's own plan, 'Trung tâm Y tế Thành phố' alone is its health centre
    BodyChange("ttyt-cap-huyen", N_("Trung tâm Y tế cấp huyện (district health centre)"),
               r"^(trung tam y te|ttyt)\b", "transferred",
               N_("Sở Y tế of the province (usually as a regional health centre, Trung tâm Y tế khu vực)"),
               dt.date(2025, 7, 1), _HEALTH_CENTRES, ("city", "district")),
    BodyChange("ubnd-huyen", N_("UBND cấp huyện (UBND huyện, thị xã, thành phố thuộc tỉnh)"),
               r"\b(ubnd|uy ban nhan dan) (cap huyen|(cac )?huyen)\b", "abolished",
               N_("UBND cấp xã (commune People's Committees) and the province's departments"),
               dt.date(2025, 7, 1), _NO_DISTRICT),
    # in a district's or district-level city's own plan, 'UBND Thành phố', 'Phòng ...' and 'Trung tâm ... Thành
    # phố' are that district's: they ended with it (a commune's new 'Phòng Văn hóa - Xã hội' is another body; its
    # health centre passed to the province: the entries above)
    BodyChange("cap-huyen",
               N_("the district-level bodies of the plan's own district or city (UBND, Phòng, Trung tâm)"),
               r"^(phong\b|(ubnd|uy ban nhan dan) (thanh pho|tp|thi xa|huyen)\b|"
               r"(?!trung tam y te\b)trung tam .*\b(thanh pho|huyen|thi xa)$)",
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
