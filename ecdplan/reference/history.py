"""Names and documents that were right in their day and were later replaced: what each became, when, and on
what basis (with the public source where it was checked).

A place name the registry of 2025 does not hold may be one that changed before the snapshot's maps (the
registry knows the map of 30/6/2025 and that of 1/7/2025 only): huyện Tĩnh Gia became thị xã Nghi Sơn in 2020.
A cited document may have been replaced by a later one (QĐ 582/QĐ-TTg of 2017 by QĐ 861/QĐ-TTg of 2021).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ecdplan.i18n.messages import N_
from ecdplan.reference.names import fold, split_type


@dataclass(frozen=True)
class Renaming:
    old: str            # the name as it was, with its type: 'huyện Tĩnh Gia'
    province: str       # the province it lay in: 'Thanh Hóa'
    level: str          # district | commune
    new: str            # what it became, with its type: 'thị xã Nghi Sơn'
    since: dt.date      # the first day under the new name
    basis: str          # the legal basis (a msgid: it is shown in both languages)
    source: str         # where it was checked

    def names(self, text: str) -> bool:
        """Whether `text` (with or without its type, any spelling) is this old name."""
        folded = fold(text)
        kind, name = split_type(folded)
        old_kind, old_name = split_type(fold(self.old))
        # 'Tĩnh Gia' written without its type reads as 'tỉnh Gia': the whole name is compared first
        return folded == old_name or (name == old_name and kind == old_kind)


RENAMINGS: tuple[Renaming, ...] = (
    Renaming("huyện Tĩnh Gia", "Thanh Hóa", "district", "thị xã Nghi Sơn", dt.date(2020, 6, 1),
             N_("NQ 933/NQ-UBTVQH14 of 22/4/2020, in force 1/6/2020"),
             "https://quochoi.vn/UBTVQH/tintuc/Pages/tin-hoat-dong.aspx?ItemID=1244 (UBTVQH, 05/05/2020: thị xã "
             "Nghi Sơn formed from the whole of huyện Tĩnh Gia)"),
)


def renamed(text: str, province: str | None) -> Renaming | None:
    """The renaming whose old name `text` is (in `province`, when given)."""
    want = split_type(fold(province))[1] if province else None
    return next((r for r in RENAMINGS if r.names(text) and (want is None or fold(r.province) == want)), None)


@dataclass(frozen=True)
class Replacement:
    number: str         # the document that replaced it
    date: dt.date
    issuer: str
    source: str         # where it was checked


# folded number without spaces (documents.number_key) -> the document that replaced it
REPLACED: dict[str, Replacement] = {
    # QĐ 861/QĐ-TTg (04/6/2021) "thay thế Quyết định 582/QĐ-TTg ngày 28/4/2017, Quyết định 103/QĐ-TTg ngày
    # 22/01/2019, Quyết định 72/QĐ-TTg ngày 16/01/2021"
    "582qdttg": Replacement("861/QĐ-TTg", dt.date(2021, 6, 4), "Thủ tướng Chính phủ",
                              "https://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/36001/"
                              "phe-duyet-danh-sach-xa-dac-biet-kho-khan-giai-doan-2021-2025"),
}


def replacement_of(number: str | None) -> Replacement | None:
    """The document that replaced the one numbered `number`, if the table knows one."""
    if not number:
        return None
    from ecdplan.reference.documents import number_key

    return REPLACED.get(number_key(number))
