"""Findings output: text for people, JSON for programs, GitHub workflow annotations for pull requests."""

from __future__ import annotations

from enum import Enum
from typing import Sequence

from .findings import RULES, Finding, Severity
from .vocab import FINDINGS_FORMATS
from .render import dumps
from .validate import PlanResult


FindingsFormat = Enum("FindingsFormat", {f: f for f in FINDINGS_FORMATS}, type=str)  # validate's --format


def _figures(f: Finding) -> str:
    fig = f.figures
    if "declared" in fig and "computed" in fig:
        unit = f" {fig['unit']}" if fig.get("unit") else ""
        return f"declared {fig['declared']}, computed {fig['computed']}, difference {fig['difference']}{unit}"
    return ""  # other figures repeat the message; JSON carries them all


def summary(results: Sequence[PlanResult]) -> dict[str, int]:
    return {
        "files": len(results),
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
        "unusable": sum(1 for r in results if r.fatal),
    }


def text(results: Sequence[PlanResult]) -> str:
    lines: list[str] = []
    codes: list[str] = []
    for r in results:
        for f in r.findings:
            lines.append(f"{f.file}:{f.line}:{f.col}: {f.code} [{f.severity.value}] {f.message}")
            figures = _figures(f)
            if figures:
                lines.append(f"    {figures}")
            if f.code not in codes:
                codes.append(f.code)
    if codes:
        lines.append("")
        lines += [f"{code} ({RULES[code].name}): {RULES[code].fix}" for code in codes]
    s = summary(results)
    files = "1 file" if s["files"] == 1 else f"{s['files']} files"
    tail = f"{files} checked: {s['errors']} error(s), {s['warnings']} warning(s)"
    if s["unusable"]:
        tail += f", {s['unusable']} file(s) could not be used"
    lines += ["", tail] if lines else [tail]
    return "\n".join(lines) + "\n"


def as_json(results: Sequence[PlanResult]) -> str:
    doc = {
        "files": [{"file": r.file, "plan": r.plan.plan.id if r.plan else None,
                   "errors": r.count(Severity.ERROR), "warnings": r.count(Severity.WARNING),
                   "usable": not r.fatal} for r in results],
        "findings": [f.as_dict() for r in results for f in r.findings],
        "summary": summary(results),
    }
    return dumps(doc)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(results: Sequence[PlanResult]) -> str:
    """One `::error`/`::warning` workflow command per finding: GitHub shows them on the pull request."""
    lines = []
    for r in results:
        for f in r.findings:
            level = "error" if f.severity is Severity.ERROR else "warning"
            props = f"file={_escape_property(f.file)},line={max(f.line, 1)},col={max(f.col, 1)}," \
                    f"title={_escape_property(f'{f.code} {f.rule.name}')}"
            message = f.message + (f" ({_figures(f)})" if _figures(f) else "")
            lines.append(f"::{level} {props}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def sarif(results: Sequence[PlanResult]) -> str:
    """SARIF 2.1.0, the format code-scanning tools read (GitHub's upload-sarif action among them)."""
    from . import __version__

    codes = list(RULES)
    rules = [{
        "id": r.code, "name": r.name,
        "shortDescription": {"text": r.summary}, "help": {"text": r.fix},
        "defaultConfiguration": {"level": "error" if r.severity is Severity.ERROR else "warning"},
    } for r in RULES.values()]
    findings = [{
        "ruleId": f.code, "ruleIndex": codes.index(f.code),
        "level": "error" if f.severity is Severity.ERROR else "warning",
        "message": {"text": f.message + (f" ({_figures(f)})" if _figures(f) else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": f.file.replace("\\", "/")},
            "region": {"startLine": max(f.line, 1), "startColumn": max(f.col, 1)}}}],
        "properties": {"path": f.path, "figures": f.figures},
    } for r in results for f in r.findings]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "ecdplan", "version": __version__, "rules": rules}},
                  "results": findings}],
    }
    return dumps(doc)


def junit(results: Sequence[PlanResult], strict: bool = False) -> str:
    """JUnit XML, which most CI systems show as test results: a suite per file, a case per finding."""
    from xml.sax.saxutils import escape, quoteattr

    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    suites = []
    total_failures = 0
    for r in results:
        cases = []
        failures = 0
        for f in r.findings:
            fails = f.severity is Severity.ERROR or strict
            failures += fails
            name = quoteattr(f"{f.code} {f.rule.name} at {f.line}:{f.col}")
            detail = escape(f"{f.file}:{f.line}:{f.col}: {f.code} {f.message}\n{_figures(f)}\n{f.hint}".strip())
            if fails:
                cases.append(f'    <testcase classname={quoteattr(r.file)} name={name}>\n'
                             f'      <failure type={quoteattr(f.code)} message={quoteattr(f.message)}>{detail}'
                             f'</failure>\n    </testcase>')
            else:
                cases.append(f'    <testcase classname={quoteattr(r.file)} name={name}>\n'
                             f'      <system-out>{detail}</system-out>\n    </testcase>')
        if not r.findings:
            cases.append(f'    <testcase classname={quoteattr(r.file)} name="valid"/>')
        total_failures += failures
        suites.append(f'  <testsuite name={quoteattr(r.file)} tests="{len(cases)}" failures="{failures}" '
                      f'errors="0">\n' + "\n".join(cases) + "\n  </testsuite>")
    tests = sum(max(len(r.findings), 1) for r in results)
    out.append(f'<testsuites name="ecdplan validate" tests="{tests}" failures="{total_failures}">')
    out += suites
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def render_findings(results: Sequence[PlanResult], fmt: FindingsFormat, strict: bool = False) -> str:
    if fmt is FindingsFormat.junit:
        return junit(results, strict)
    return {FindingsFormat.text: text, FindingsFormat.json: as_json, FindingsFormat.github: github,
            FindingsFormat.sarif: sarif}[fmt](results)


def exit_status(results: Sequence[PlanResult], strict: bool = False) -> int:
    """2 when a file could not be used at all, 1 for errors (or warnings with --strict), else 0."""
    if any(r.fatal for r in results):
        return 2
    s = summary(results)
    if s["errors"] or (strict and s["warnings"]):
        return 1
    return 0
