"""The plan skeleton `ecdplan init` writes: a small real plan, in block style (no value needs quotes), with the
description of every key above it in the reader's language. The descriptions are the format's own (the models'
field descriptions, translated by the catalogue), so the skeleton, `ecdplan schema` and docs/format.md say the same.

The example values come from seed 000 (Gia Lai's plan 2023-2026: the IMAM and library lines, their leads and
costs), moved to a plan of 2026-2027 of the province as it is since 1 July 2025, so that the skeleton validates
with no finding as written; an officer replaces the values one by one.
"""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

from ecdplan.i18n.messages import N_

SKELETON: dict[str, Any] = {
    "format": "ecdplan/1",
    "plan": {
        "id": "gia-lai-2026-2027",
        "title": "Kế hoạch duy trì và nhân rộng mô hình phát triển trẻ thơ toàn diện giai đoạn 2026-2027",
        "number": "123/KH-UBND",
        "date": date(2026, 1, 15),
        "issuer": "UBND tỉnh Gia Lai",
        "level": "province",
        "area": {"name": "tỉnh Gia Lai", "province": "Gia Lai", "communes": 135},
        "period": {"start": 2026, "end": 2027},
        "unit": "million VND",
    },
    "sources": [
        {"id": "nsdp", "name": "Ngân sách địa phương", "short": "NSĐP", "kind": "local-budget"},
        {"id": "other", "name": "Các nguồn kinh phí hợp pháp khác", "kind": "other"},
    ],
    "groups": [
        {"id": "I", "name": "Y tế", "total": 9300},
        {"id": "II", "name": "Giáo dục và đào tạo", "total": 7500},
    ],
    "interventions": [
        {"id": "imam", "group": "I",
         "name": "Mô hình quản lý điều trị suy dinh dưỡng cấp tính nặng ở trẻ em (IMAM)",
         "lead": "Sở Y tế",
         "rollout": [{"years": "2026-2027", "communes": 42, "where": "42 xã đặc biệt khó khăn trên địa bàn tỉnh"}],
         "cost": {"total": 9300},
         "sources": [{"source": "nsdp", "share": 60}, {"source": "other", "share": 40}]},
        {"id": "library", "group": "II",
         "name": "Mô hình Thư viện thân thiện dựa vào cộng đồng trong trường mầm non",
         "lead": "Sở Giáo dục và Đào tạo",
         "rollout": [{"years": "2026-2027", "communes": 15}],
         "cost": {"total": 7500},
         "sources": ["nsdp", "other"]},
    ],
    "total": 16800,
    "reporting": [
        {"report": "Báo cáo kết quả thực hiện năm", "by": "Sở Y tế", "to": "UBND tỉnh", "yearly": "12-05"},
    ],
}

WIDTH = 100  # comment lines wrap here


def _resolved(schema: dict[str, Any], node: dict[str, Any] | None, depth: int = 0) -> dict[str, Any]:
    """`node` with $ref, allOf, anyOf and oneOf followed to the first part that has properties or items."""
    if not node or depth > 20:
        return {}
    if "$ref" in node:
        return _resolved(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[-1]], depth + 1)
    if "properties" in node or "items" in node:
        return node
    for part in node.get("allOf", []) + node.get("anyOf", []) + node.get("oneOf", []):
        found = _resolved(schema, part, depth + 1)
        if found:
            return found
    return {}


def _scalar(value: Any) -> str:
    import yaml

    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return text.removesuffix("\n...\n").rstrip("\n")


def skeleton(lang: str = "vi") -> str:
    """The skeleton's text: every key with its description (in `lang`) as a comment above it."""
    from ecdplan.formats.registry import json_schema

    schema = json_schema("plan", lang)
    from ecdplan.i18n.labels import t

    lines = [f"# {line}" for line in textwrap.wrap(t(HEADER, lang), WIDTH)]
    lines.append("")
    _mapping(SKELETON, schema, schema, 0, lines, commented=True, lang=lang)
    return "\n".join(lines).rstrip("\n") + "\n"


HEADER = N_("A plan for ecdplan, filled in with an example (values from the Gia Lai plan, seed 000). Replace each value "
          "with your plan's; the line above each key says what to write. Check it with: ecdplan validate FILE")


ONE_OF = N_("One of: {choices}.")


def _choices(prop: dict[str, Any]) -> list[str]:
    """The values a key accepts when they are a fixed list (an enum, or an enum or nothing)."""
    for part in [prop, *prop.get("anyOf", [])]:
        if "enum" in part:
            return [str(v) for v in part["enum"]]
    return []


def _comment(lines: list[str], text: str | None, indent: int) -> None:
    if text:
        pad = " " * indent
        lines.extend(f"{pad}# {line}" for line in textwrap.wrap(text, WIDTH - indent))


def _mapping(data: dict[str, Any], node: dict[str, Any], schema: dict[str, Any], indent: int, lines: list[str],
             commented: bool, lang: str, first_prefix: str = "") -> None:
    from ecdplan.i18n.labels import t

    props = _resolved(schema, node).get("properties", {})
    pad = " " * indent
    for i, (key, value) in enumerate(data.items()):
        prop = props.get(key, {})
        if commented:
            text = prop.get("description") or _resolved(schema, prop).get("description")
            choices = _choices(prop)
            if text and choices and not all(c in text for c in choices):  # the values one may write
                text += " " + t(ONE_OF, lang).format(choices=", ".join(choices))
            _comment(lines, text, indent - 2 if i == 0 and first_prefix else indent)
        lead = (first_prefix if i == 0 and first_prefix else pad)
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            _mapping(value, prop, schema, indent + 2, lines, commented, lang)
        elif isinstance(value, list):
            lines.append(f"{lead}{key}:")
            items = _resolved(schema, prop).get("items", {})
            for n, item in enumerate(value):
                inner = " " * (indent + 2)
                if isinstance(item, dict):
                    _mapping(item, items, schema, indent + 4, lines, commented and n == 0, lang,
                             first_prefix=f"{inner}- ")
                else:
                    lines.append(f"{inner}- {_scalar(item)}")
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}")
        if indent == 0:
            lines.append("")
