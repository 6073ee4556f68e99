"""Documentation generated from the code, so it cannot drift: the format reference and the rule table.

    python -m ecdplan.writers.docgen          # rewrites docs/format.md, docs/progress.md and the rule table in README.md
Tests fail when the committed files differ from what this prints.
"""

from __future__ import annotations

import re
from pathlib import Path

from ecdplan.rules.findings import RULES

ROOT = Path(__file__).resolve().parents[2]  # the repository: ecdplan/writers/docgen.py is two levels down
RULES_START, RULES_END = "<!-- rules:start -->", "<!-- rules:end -->"


def rules_table() -> str:
    lines = ["| code | name | severity | what it checks | what to do |", "|---|---|---|---|---|"]
    for r in RULES.values():
        fatal = " (file unusable, exit 2)" if r.fatal else ""
        lines.append(f"| `{r.code}` | {r.name} | {r.severity.value}{fatal} | {r.summary} | {r.fix} |")
    return "\n".join(lines)


def _type(prop: dict) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in prop or "oneOf" in prop:
        options = [_type(p) for p in prop.get("anyOf", prop.get("oneOf", [])) if p.get("type") != "null"]
        return " or ".join(dict.fromkeys(options))
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if kind == "object":
        value = prop.get("additionalProperties")
        return f"mapping year → {_type(value)}" if isinstance(value, dict) else "mapping"
    if prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    return kind


def _reference(schema: dict, root: str, head: list[str]) -> str:
    """Each model's keys with their meaning in English and in Vietnamese (the catalogue's translation)."""
    from ecdplan.i18n.labels import t

    defs = schema.get("$defs", {})
    out = list(head)
    for name, model in [(root, schema), *sorted(defs.items())]:
        out += [f"## {name}", ""]
        if model.get("description"):
            out += [" ".join(model["description"].split()), ""]
        props = model.get("properties", {})
        if not props:
            continue
        required = set(model.get("required", []))
        out += ["| key | type | required | meaning | ý nghĩa (tiếng Việt) |", "|---|---|---|---|---|"]
        for key, prop in props.items():
            desc = " ".join(prop.get("description", "").split())
            vi = " ".join(t(desc, "vi").split()) if desc else ""
            out.append(f"| `{key}` | {_type(prop)} | {'yes' if key in required else ''} | {desc} | {vi} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def format_reference() -> str:
    from ecdplan.formats.plan import FORMAT
    from ecdplan.formats.registry import json_schema

    return _reference(json_schema(), "Plan", [
        "# Plan format reference (`format: " + FORMAT + "`)",
        "",
        "Generated from the models by `python -m ecdplan.writers.docgen`; the JSON Schema is `schemas/plan.schema.json`.",
        "Amounts are YAML numbers in the plan's `plan.unit` (million VND in the seeds), written without",
        "thousands separators: `9300`, never `9.300` (YAML would read 9.3; rule L006 refuses it).",
        "",
    ])


def progress_reference() -> str:
    from ecdplan.formats.registry import json_schema
    from ecdplan.formats.side_files import PROGRESS_FORMAT

    return _reference(json_schema("progress"), "ProgressFile", [
        "# Progress file format reference (`format: " + PROGRESS_FORMAT + "`)",
        "",
        "Generated from the models by `python -m ecdplan.writers.docgen`; the JSON Schema is `schemas/progress.schema.json`.",
        "A progress file says what was done against one plan in one period; `ecdplan progress PLAN FILE...` reads",
        "it and `ecdplan validate FILE` checks it (rules L, S, B004 and G). It is read like a plan: same loader,",
        "amounts in the file's `unit` without thousands separators (`9.300` is refused, L006), text NFC-normalised.",
        "",
        "Period: a year (`2023`), a half-year (`2024-H1`, `2024-H2`) or `{from: 2024-03-01, to: 2024-05-31}` within",
        "one calendar year (G011). The plan's money allocated to the period (what a disbursement is measured",
        "against, G005, and the execution table's *planned*): a year takes the year's planned amount of each line",
        "and source; a half-year half of it, split by largest remainder (the first half takes the odd đồng); a",
        "date range the year's amount in proportion to the days it covers (largest remainder).",
        "",
        "Communes reached are checked against the plan's area (G007, error) and the line's planned communes that",
        "year (G006, warning); named communes against the names of the plan's rollout that year, when the plan",
        "names them (G008; compared after NFC, ignoring case and spacing). A line that lists no `sources:` may",
        "draw on any source of the plan (G003).",
        "",
    ])


def readme_with_rules(readme: str) -> str:
    pattern = re.compile(re.escape(RULES_START) + r".*?" + re.escape(RULES_END), re.S)
    return pattern.sub(f"{RULES_START}\n{rules_table()}\n{RULES_END}", readme)


def main() -> None:
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "format.md").write_text(format_reference(), encoding="utf-8")
    (ROOT / "docs" / "progress.md").write_text(progress_reference(), encoding="utf-8")
    readme = ROOT / "README.md"
    readme.write_text(readme_with_rules(readme.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
