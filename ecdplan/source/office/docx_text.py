"""The text of a Word plan: its heading (issuer, number, place and date, title, period), its legal basis ("Căn
cứ …"), the lead of each line (its section's "Cơ quan chủ trì"), the responsibilities under "Tổ chức thực hiện",
the reporting it asks for; and the checks of the text against itself and its appendix (X101-X103).

Everything here is read from sentences, so what is not written in a fixed form (a role, a deadline, an id) is
listed as a judgement for a person to confirm.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ecdplan.i18n.messages import N_

from ecdplan.source.office.docx_lines import ImportedPlan, Para
from ecdplan.source.office.docx_table import Appendix

LEVELS = [("tinh", "province"), ("thanh pho", "city"), ("huyen", "district"), ("quan", "district"),
          ("thi xa", "district"), ("xa", "commune"), ("phuong", "commune"), ("thi tran", "commune")]
_ISSUER = re.compile(r"^(?:uy ban nhan dan|ubnd) (tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran) (.+)$")
_NUMBER = re.compile(r"^Số\s*:?\s*(\S*/\S+)", re.I)
_PLACE_DATE = re.compile(r"^(?P<place>[^,]{2,60}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*"
                         r"(?P<y>\d{4})", re.I)
_PERIOD = re.compile(r"giai đoạn\s*(\d{4})\s*[-–]\s*(\d{4})", re.I)
_FOLDED_PERIOD = re.compile(r"giai doan (\d{4}) (\d{4})")
_DOC = re.compile(r"(?P<kind>Luật|Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị|Kế hoạch|Công văn|Văn bản|"
                  r"Đề án|Chương trình|Hướng dẫn|Báo cáo)\b(?P<rest>.*)", re.S)
_DOC_NUMBER = re.compile(r"số\s+(\d+[^\s,;]*/[^\s,;]+)", re.I)
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_SLASH = re.compile(r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
_SECTION = re.compile(r"^(?:[IVX]+|\d+(?:\.\d+)*)\.\s*(.+)$")
_LEAD = re.compile(r"Cơ quan chủ trì[^:]*:\s*(.+?)\.?$", re.I)
_BEFORE = re.compile(r"trước ngày\s+(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(\s+(?:hằng|hàng) năm)?", re.I)
_PERIODIC = re.compile(r"định kỳ\s*\(?\s*(0?6 tháng)?\s*,?\s*(0?1 năm)?\s*\)?", re.I)


def _fold(text: str) -> str:
    from ecdplan.reference.names import fold

    return fold(text)


def _date(text: str) -> dt.date | None:
    m = _DATE_WORDS.search(text) or _DATE_SLASH.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def read_text(paras: list[Para], app: Appendix, out: ImportedPlan) -> dict[str, Any]:
    body = [p for p in paras if p.text]
    before = [p for p in body if p.line < app.first_line]
    plan = _heading(before, app, out)
    first_section = next((k for k, p in enumerate(before) if re.match(r"^[IVX]+\.\s", p.text)), len(before))
    basis, documents = _basis(before[:first_section], out)
    if basis:
        plan["basis"] = basis
    plan["unit"] = app.unit
    data: dict[str, Any] = {"format": "ecdplan/1", "plan": plan}
    data.update({k: v for k, v in app.data.items() if v})
    if app.total is not None:
        data["total"] = app.total
    _valid_years(before, data.get("sources", []), out)
    _leads(before, data.get("interventions", []), out)
    reporting = _reporting(before, out)
    if reporting:
        data["reporting"] = reporting
    responsibilities = _responsibilities(before, out)
    if responsibilities:
        data["responsibilities"] = responsibilities
    if documents:
        data["documents"] = documents
    _check(body, app, plan, out)
    return data


def _heading(paras: list[Para], app: Appendix, out: ImportedPlan) -> dict[str, Any]:
    plan: dict[str, Any] = {}
    head = paras[:40]
    issuer = level = place_name = None
    for k, p in enumerate(head):
        texts = [p.text]
        if k + 1 < len(head) and p.cell and head[k + 1].cell == p.cell:  # 'ỦY BAN NHÂN DÂN' / 'TỈNH GIA LAI'
            texts.append(p.text + " " + head[k + 1].text)
        m = next((m for m in (_ISSUER.match(_fold(t)) for t in texts) if m), None)
        if m and issuer is None:
            kind = m.group(1)
            words = m.string and next(t for t in texts if _fold(t) == m.string).split()
            name = " ".join(words[len(words) - len(m.group(2).split()):])
            name = name.title() if name.isupper() else name
            level = dict(LEVELS)[kind]
            unit_word = {"tinh": "tỉnh", "thanh pho": "thành phố", "huyen": "huyện", "quan": "quận",
                         "thi xa": "thị xã", "xa": "xã", "phuong": "phường", "thi tran": "thị trấn"}[kind]
            place_name = f"{unit_word} {name}"
            issuer = out.put(("plan", "issuer"), f"UBND {place_name}", p)
            out.put(("plan", "level"), level, p)
        m = _NUMBER.match(p.text)
        if m and "number" not in plan:
            plan["number"] = out.put(("plan", "number"), m.group(1), p)
        m = _PLACE_DATE.match(p.text)
        if m and "_place" not in plan:
            plan["_place"] = m.group("place").strip()
            if m.group("d") and m.group("m"):
                try:
                    plan["date"] = out.put(("plan", "date"), dt.date(int(m["y"]), int(m["m"]), int(m["d"])), p)
                except ValueError:
                    pass
            plan["_date_para"] = p
    place = plan.pop("_place", None)
    plan.pop("_date_para", None)
    if issuer is None:
        signed = next((p for p in paras if _fold(p.text).startswith("tm uy ban nhan dan")), None)
        if place and signed is not None:
            level, place_name = "province", f"tỉnh {place}"
            issuer = out.put(("plan", "issuer"), f"UBND {place_name}", signed,
                             N_("the issuer read from the signature ('TM. ỦY BAN NHÂN DÂN') and the place of "
                                "issue, as a province"))
            out.put(("plan", "level"), level, signed)
    title_para, title = _title(head)
    period = None
    if title_para is not None:
        out.put(("plan", "title"), title, title_para)
        m = _PERIOD.search(title)
        if m:
            period = {"start": int(m.group(1)), "end": int(m.group(2))}
            out.put(("plan", "period"), period, title_para)
        else:
            m = re.search(r"năm\s+(\d{4})\b", title)
            if m:
                period = {"start": int(m.group(1)), "end": int(m.group(1))}
                out.put(("plan", "period"), period, title_para)
    if period is None and app.years:
        period = {"start": app.years[0][0], "end": app.years[-1][0]}
        out.put(("plan", "period"), period, app.years[0][1],
                N_("the period read from the appendix's year columns (the title gives none)"))
    slug = _slug(place_name.split(" ", 1)[-1] if place_name else (place or "plan"))
    years = f"{period['start']}-{period['end']}" if period else ""
    plan_id = "-".join(x for x in (slug, years) if x) or "plan"
    where = title_para or (paras[0] if paras else None)
    if where is not None:
        out.put(("plan", "id"), plan_id, where, N_("the plan's id made from its place and period"))
    result: dict[str, Any] = {"id": plan_id, "title": title or ""}
    for key in ("number", "date"):
        if key in plan:
            result[key] = plan[key]
    if issuer:
        result["issuer"] = issuer
        result["level"] = level
        area = {"name": place_name}
        if level == "province" and place_name:
            area["province"] = place_name.split(" ", 1)[1]
        result["area"] = area
    if period:
        result["period"] = period
    return result


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-")


def _title(paras: list[Para]) -> tuple[Para | None, str]:
    for k, p in enumerate(paras):
        folded = _fold(p.text)
        if folded == "ke hoach" and k + 1 < len(paras):
            nxt = paras[k + 1]
            return nxt, "Kế hoạch " + nxt.text[:1].lower() + nxt.text[1:]
        if folded.startswith("ke hoach ") and p.text.split()[0].isupper() and not folded.startswith("ke hoach so"):
            return p, "Kế hoạch " + p.text.split(" ", 2)[2]
    return None, ""


def _basis(paras: list[Para], out: ImportedPlan) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    basis: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    for p in paras:
        if p.text.startswith("Căn cứ"):
            for part in re.split(r";\s*(?=Căn cứ)", p.text):
                doc = _document(part[len("Căn cứ"):].strip().rstrip(";. "))
                if doc:
                    path = ("plan", "basis", len(basis))
                    why = None if doc.get("number") else N_("a document cited without a number: its title cut "
                                                              "where the sentence goes on")
                    basis.append(out.put(path, doc, p, why))
        m = re.search(r"theo đề nghị của (.+?) tại Tờ trình số (\S+?) ngày (\d{1,2})/(\d{1,2})/(\d{4})", p.text)
        if m:
            doc = {"kind": "submission", "number": m.group(2)}
            try:
                doc["date"] = dt.date(int(m.group(5)), int(m.group(4)), int(m.group(3)))
            except ValueError:
                pass
            doc["issuer"] = m.group(1)
            documents.append(out.put(("documents", len(documents)), doc, p))
    return basis, documents


def _document(text: str) -> dict[str, Any] | None:
    m = _DOC.match(text)
    if not m:
        return {"title": text} if text else None
    doc: dict[str, Any] = {}
    num = _DOC_NUMBER.search(text)
    if num:
        doc["number"] = num.group(1)
    date = _date(text)
    if date:
        doc["date"] = date
    issuer = re.search(r"\bcủa (.+?)(?= về | V/v |$)", text)
    title = re.search(r"\bvề (?:việc )?(.+)$", text)
    if issuer and num:
        doc["issuer"] = issuer.group(1).strip()
    if title and num:
        doc["title"] = title.group(1)[:1].upper() + title.group(1)[1:]
    elif not num:
        cut = re.split(r"\s+(?:đã|trong đó|nhằm)\s+", text, maxsplit=1)[0]
        date_m = _DATE_WORDS.search(cut)
        doc["title"] = cut[:date_m.start()].strip() if date_m else cut
    return doc


def _valid_years(paras: list[Para], sources: list[dict[str, Any]], out: ImportedPlan) -> None:
    """The national target programmes' years, from the sentence naming them ('… mục tiêu quốc gia giai đoạn
    2021-2025')."""
    for p in paras:
        m = re.search(r"muc tieu quoc gia giai doan (\d{4}) (\d{4})", _fold(p.text))
        if m:
            for k, src in enumerate(sources):
                if src["kind"] == "ntp" and "valid" not in src:
                    src["valid"] = out.put(("sources", k, "valid"), {"start": int(m.group(1)),
                                                                     "end": int(m.group(2))}, p,
                                           N_("a programme's years read from a sentence naming the national "
                                              "target programmes"))
            return


def _leads(paras: list[Para], lines: list[dict[str, Any]], out: ImportedPlan) -> None:
    """Each line's lead agency, from 'Cơ quan chủ trì …: X' in the section named as the line."""
    names = [(_fold(line["name"]), k) for k, line in enumerate(lines)]
    current = None
    for p in paras:
        m = _SECTION.match(p.text)
        if m:
            folded = _fold(m.group(1))
            found = [k for name, k in names if name and (folded == name or name in folded)]
            current = found[0] if len(found) == 1 else (None if found else current)
            if found:
                continue
        m = _LEAD.search(p.text)
        if m and current is not None and "lead" not in lines[current]:
            lines[current]["lead"] = out.put(("interventions", current, "lead"), m.group(1).strip(), p,
                                             N_("the lead read from 'Cơ quan chủ trì' in the line's section"))


def _responsibilities(paras: list[Para], out: ImportedPlan) -> list[dict[str, Any]]:
    start = next((k for k, p in enumerate(paras) if re.match(r"^[IVX]+\.\s", p.text)
                  and "to chuc thuc hien" in _fold(p.text)), None)
    if start is None:
        return []
    items: list[dict[str, Any]] = []
    for p in paras[start + 1:]:
        folded = _fold(p.text)
        if re.match(r"^[IVX]+\.\s", p.text) or folded.startswith(("tren day", "noi nhan")):
            break
        m = re.match(r"^\d+\.\s*(.+)$", p.text)
        if m:
            body = re.sub(r"^Trách nhiệm của\s+", "", m.group(1)).rstrip(":. ")
            path = ("responsibilities", len(items))
            items.append({"body": out.put(path + ("body",), body, p), "tasks": [], "_para": p})
            continue
        if items:
            task = re.sub(r"^[-+•–]\s*", "", p.text)
            items[-1]["tasks"].append(out.put(("responsibilities", len(items) - 1, "tasks",
                                               len(items[-1]["tasks"])), task, p))
    result = []
    for k, item in enumerate(items):
        para = item.pop("_para")
        role = _role(item["body"], item["tasks"])
        result.append({"body": item["body"], "role": out.put(("responsibilities", k, "role"), role, para,
                                                             N_("the role read from the body and its tasks")),
                       "tasks": item["tasks"]})
    return result


def _role(body: str, tasks: list[str]) -> str:
    folded_body, first = _fold(body), _fold(tasks[0]) if tasks else ""
    if folded_body.startswith(("ubnd", "uy ban nhan dan")):
        return "implement"
    if "tai chinh" in folded_body:
        return "fund"
    if first.startswith("phoi hop") or not tasks:
        return "cooperate"
    if any("theo doi" in _fold(t) or "don doc" in _fold(t) for t in tasks):
        return "monitor"
    return "lead" if "chu tri" in first else "cooperate"


def _reporting(paras: list[Para], out: ImportedPlan) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for p in paras:
        if "bao cao" not in _fold(p.text):
            continue
        to = re.search(r"gửi (?:về )?(.+?)(?= để |\s*(?:trước ngày)|[.;]|$)", p.text)
        for m in _BEFORE.finditer(p.text):
            entry: dict[str, Any] = {"report": "Báo cáo kết quả thực hiện Kế hoạch"}
            if to:
                entry["to"] = to.group(1).strip()
            day, month = int(m.group(1)), int(m.group(2))
            if m.group(3) and not m.group(4):
                try:
                    entry["due"] = dt.date(int(m.group(3)), month, day)
                except ValueError:
                    continue
            else:
                entry["yearly"] = f"{month:02d}-{day:02d}"
                entry["every"] = "year"
            entry["notes"] = m.group(0)
            found.append(out.put(("reporting", len(found)), entry, p,
                                 N_("a deadline found in a sentence: 'trước ngày' (before the day) makes the "
                                    "day before the last one")))
        m = _PERIODIC.search(p.text)
        if m and (m.group(1) or m.group(2)) and not _BEFORE.search(p.text):
            for part, every, label in ((m.group(1), "half-year", "6 tháng"), (m.group(2), "year", "năm")):
                if part:
                    entry = {"report": f"Báo cáo kết quả thực hiện Kế hoạch ({label})", "every": every}
                    if to:
                        entry["to"] = to.group(1).strip()
                    entry["notes"] = m.group(0).strip()
                    found.append(out.put(("reporting", len(found)), entry, p,
                                         N_("a reporting interval found in a sentence ('định kỳ …')")))
    return found


def _check(paras: list[Para], app: Appendix, plan: dict[str, Any], out: ImportedPlan) -> None:
    """X101 (periods), X102 (number and date), X103 (totals): the text against its heading and its appendix."""
    period = plan.get("period")
    title = plan.get("title", "")
    if period:
        stem = _FOLDED_PERIOD.split(_fold(title))[0].split()
        key = " ".join(stem[2:8]) if len(stem) > 4 else None  # the words after 'ke hoach'
        title_para = out.provenance.get(("plan", "title"))
        for p in paras:
            folded = _fold(p.text)
            if p.place == title_para or p.text.startswith("Căn cứ"):
                continue
            spans = []
            if key and key in folded:
                at = folded.index(key)
                spans.append(folded[at:at + len(" ".join(stem)) + 40])
            if p.line < app.first_line and p.line >= app.first_line - 3 and folded.startswith("ke hoach"):
                spans.append(folded)  # the appendix's caption
            for span in spans:
                m = _FOLDED_PERIOD.search(span)
                if m and (int(m.group(1)), int(m.group(2))) != (period["start"], period["end"]):
                    _period_finding(out, p, m.group(1) + "-" + m.group(2), period)
                    break
        if app.years:
            first, last = app.years[0], app.years[-1]
            if (first[0], last[0]) != (period["start"], period["end"]):
                _period_finding(out, first[1], f"{first[0]}-{last[0]}", period, columns=True)
    _check_caption(paras, app, plan, out)
    _check_total(paras, app, out)


def _period_finding(out: ImportedPlan, where: Any, said_: str, period: dict[str, int], columns: bool = False) -> None:
    plan_period = f"{period['start']}-{period['end']}"
    if columns:
        template = N_("the appendix's year columns run {said}, the plan's title says {period}")
    else:
        template = N_("this paragraph calls the plan 'giai đoạn {said}', its title says {period}")
    out.say("X101", template, {"said": said_, "period": plan_period}, where, written=said_, title=plan_period,
            place=where.place)


def _check_caption(paras: list[Para], app: Appendix, plan: dict[str, Any], out: ImportedPlan) -> None:
    caption = next((p for p in reversed(paras) if p.line < app.first_line
                    and "kem theo ke hoach" in _fold(p.text)), None)
    heading = out.provenance.get(("plan", "number"))
    if caption is None or heading is None:
        return
    m = re.search(r"số\s*(\S*/[^\s)]+)", caption.text, re.I)
    number = plan.get("number")
    if m and number is not None and _norm(m.group(1)) != _norm(number):
        out.say("X102", N_("the appendix's caption gives the number {caption}, the heading {heading}"),
                {"caption": m.group(1), "heading": number}, caption, caption=m.group(1), heading=number,
                place=caption.place)
    m = re.search(r"ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", caption.text, re.I)
    date = plan.get("date")
    if m and date is not None and m.group(1) and m.group(2):
        written = f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}"
        if written != date.strftime("%d/%m/%Y"):
            out.say("X102", N_("the appendix's caption gives the date {caption}, the heading {heading}"),
                    {"caption": written, "heading": date.strftime("%d/%m/%Y")}, caption, caption=written,
                    heading=date.isoformat(), place=caption.place)


def _norm(number: str) -> str:
    return re.sub(r"\s+", "", number).upper().replace("Đ", "D")


_TOTAL = re.compile(r"tổng (?:kinh phí|dự toán|nhu cầu kinh phí|cộng)[^.;:\d]{0,60}:?\s*(\d{1,3}(?:\.\d{3})+(?:,\d+)?|"
                    r"\d+(?:,\d+)?)\s*(triệu|tỷ|nghìn|ngàn)?\s*đồng", re.I)
_SCALE = {"triệu": 10**6, "tỷ": 10**9, "nghìn": 10**3, "ngàn": 10**3, None: 1}
_UNIT_SCALE = {"million VND": 10**6, "billion VND": 10**9, "thousand VND": 10**3, "VND": 1}


def _check_total(paras: list[Para], app: Appendix, out: ImportedPlan) -> None:
    from decimal import Decimal

    if app.total is None or not isinstance(app.total, (int, Decimal)):
        return
    total = Decimal(app.total) * _UNIT_SCALE[app.unit]
    for p in paras:
        if p.line >= app.first_line:
            continue
        for m in _TOTAL.finditer(p.text):
            said_ = Decimal(m.group(1).replace(".", "").replace(",", ".")) * _SCALE[(m.group(2) or "").lower() or None]
            if said_ != total:
                out.say("X103", N_("this paragraph gives a total of {said} đồng, the appendix's 'Tổng cộng' "
                                   "{total} đồng"), {"said": int(said_), "total": int(total)}, p,
                        declared=int(said_), computed=int(total), difference=int(said_ - total), place=p.place,
                        cell=app.total_cell.place if app.total_cell else "")
