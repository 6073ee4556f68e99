"""Findings output: text for people, JSON for programs, GitHub workflow annotations for pull requests."""

from __future__ import annotations

from enum import Enum
from typing import Sequence

import re

from ecdplan.rules.findings import RULES, Finding, Severity
from ecdplan.writers.render import dumps, terminal_safe
from ecdplan.vocab import FINDINGS_FORMATS
from ecdplan.rules.runner import PlanResult
from ecdplan.rules.grouping import also_lines

MAX_PER_RULE = 200  # findings of one rule in one file that are listed; the rest are counted ("N more")
# not allowed in XML 1.0; compiled when first needed (~3 ms: only the JUnit output uses it)
_NOT_XML_PATTERN = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def capped(r: PlanResult) -> tuple[list[Finding], dict[str, int]]:
    """The findings of one file to list (at most MAX_PER_RULE per rule), and how many of each rule are left out."""
    kept: list[Finding] = []
    seen: dict[str, int] = {}
    left_out: dict[str, int] = {}
    for f in r.findings:
        seen[f.code] = seen.get(f.code, 0) + 1
        if seen[f.code] <= MAX_PER_RULE:
            kept.append(f)
        else:
            left_out[f.code] = left_out.get(f.code, 0) + 1
    for code, n in getattr(r, "dropped", {}).items():  # counted by the checks, never built
        left_out[code] = left_out.get(code, 0) + n
    return kept, left_out


def _more(code: str, count: int, lang: str = "en") -> str:
    from ecdplan.i18n.labels import t
    from ecdplan.i18n.numbers import format_number

    return t("{count} more {code} finding(s) not listed (at most {limit} per rule and file)", lang).format(
        count=format_number(count, 0, lang), code=code, limit=format_number(MAX_PER_RULE, 0, lang))


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 does not allow (control characters, lone surrogates, U+FFFE/U+FFFF)."""
    return re.sub(_NOT_XML_PATTERN, "", text)  # re caches the compiled pattern


FindingsFormat = Enum("FindingsFormat", {f: f for f in FINDINGS_FORMATS}, type=str)  # validate's --format


def _figures(f: Finding, lang: str = "en") -> str:
    fig = f.figures
    if "declared" in fig and "computed" in fig:
        from ecdplan.i18n.labels import t
        from ecdplan.i18n.messages import Amount, in_lang
        from ecdplan.rules.findings import plan_unit

        unit = plan_unit(fig, lang).get("unit", fig.get("unit"))
        unit = f" {unit}" if unit else ""
        shown = {k: in_lang(Amount(fig[k]), lang)
                 for k in ("declared", "computed", "difference")}
        return t("declared {declared}, computed {computed}, difference {difference}{unit}", lang).format(
            **shown, unit=unit)
    return ""  # other figures repeat the message; JSON carries them all


def summary(results: Sequence[PlanResult]) -> dict[str, int]:
    """Counts of the files' findings; accepted ones (the plan's `accepted:`) are counted apart, in no total."""
    return {
        "files": len(results),
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
        "accepted": sum(getattr(r, "accepted", 0) for r in results),
        "unusable": sum(1 for r in results if r.fatal),
    }


def finding_line(f: Finding, lang: str = "en") -> str:
    """`file:line:col: CODE [severity] message`, the severity and the message in `lang` (the code is the
    same in every language, to grep for); `[accepted]` for a finding the plan accepts."""
    from ecdplan.i18n.labels import t

    label = t("accepted", lang) if f.accepted is not None else t(f.severity.value, lang)
    return terminal_safe(f"{f.place}: {f.code} [{label}] {f.text(lang)}")


def text(results: Sequence[PlanResult], lang: str = "en") -> str:
    """Findings for people: `file:line:col: CODE [severity] message`, the figures, the fixes, a summary.
    Everything but file names, codes and what the plan wrote is in `lang`; the rule's name (an English id) is
    shown beside its code in English only."""
    from ecdplan.i18n.labels import t

    lines: list[str] = []
    codes: list[str] = []
    for r in results:
        kept, left_out = capped(r)
        for f in kept:
            lines.append(finding_line(f, lang))
            figures = _figures(f, lang)
            if figures:
                lines.append(f"    {figures}")
            lines += [terminal_safe(f"    {line}") for line in also_lines(f, lang)]
            if f.code not in codes:
                codes.append(f.code)
        lines += [terminal_safe(f"{r.file}: {_more(code, n, lang)}") for code, n in left_out.items()]
    if codes:
        lines.append("")
        lines += [f"{code} ({RULES[code].name}): {RULES[code].fix}" if lang == "en" else
                  f"{code}: {t(RULES[code].fix, lang)}" for code in codes]
    s = summary(results)
    files = t("1 file", lang) if s["files"] == 1 else t("{n} files", lang).format(n=s["files"])
    tail = t("{files} checked: {errors} error(s), {warnings} warning(s)", lang).format(
        files=files, errors=s["errors"], warnings=s["warnings"])
    if s["accepted"]:
        tail += t(", {n} accepted", lang).format(n=s["accepted"])
    if s["unusable"]:
        tail += t(", {n} file(s) could not be used", lang).format(n=s["unusable"])
    lines += ["", tail] if lines else [tail]
    return "\n".join(lines) + "\n"


def as_json(results: Sequence[PlanResult]) -> str:
    doc = {
        "files": [{"file": r.file, "plan": r.plan.info.id if r.plan else None,
                   "errors": r.count(Severity.ERROR), "warnings": r.count(Severity.WARNING),
                   "usable": not r.fatal} for r in results],
        "findings": [f.as_dict() for r in results for f in capped(r)[0]],
        "summary": summary(results),
    }
    left_out = [{"file": r.file, "code": code, "count": n} for r in results for code, n in capped(r)[1].items()]
    if left_out:
        doc["not_listed"] = left_out
    return dumps(doc)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(results: Sequence[PlanResult]) -> str:
    """One `::error`/`::warning` workflow command per finding: GitHub shows them on the pull request."""
    lines = []
    for r in results:
        kept, left_out = capped(r)
        for f in kept:
            level = "notice" if f.accepted is not None else "error" if f.severity is Severity.ERROR else "warning"
            props = f"file={_escape_property(terminal_safe(f.file))},line={max(f.line, 1)},col={max(f.col, 1)}," \
                    f"title={_escape_property(f'{f.code} {f.rule.name}')}"
            message = f.message + (f" ({_figures(f)})" if _figures(f) else "")
            message += "".join(f"\n{line}" for line in also_lines(f))
            lines.append(f"::{level} {props}::{_escape_data(terminal_safe(message))}")
        for code, n in left_out.items():
            level = "error" if RULES[code].severity is Severity.ERROR else "warning"
            lines.append(f"::{level} file={_escape_property(terminal_safe(r.file))},"
                         f"title={_escape_property(f'{code} {RULES[code].name}')}::{_escape_data(_more(code, n))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _sarif_also(f: Finding) -> dict:
    """A finding's other places (relatedLocations) and the plan's acceptance (a suppression), when it has them."""
    out: dict = {}
    if f.also:
        out["relatedLocations"] = [{
            "id": i, "message": {"text": other.message},
            "physicalLocation": {"artifactLocation": {"uri": other.file.replace("\\", "/")},
                                 "region": {"startLine": max(other.line, 1), "startColumn": max(other.col, 1)}},
            "properties": {"path": other.path, "figures": other.figures},
        } for i, other in enumerate(f.also, 1)]
    if f.accepted is not None:
        out["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": f.accepted}]
    return out


def sarif(results: Sequence[PlanResult]) -> str:
    """SARIF 2.1.0, the format code-scanning tools read (GitHub's upload-sarif action among them)."""
    from ecdplan import __version__

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
        **_sarif_also(f),
    } for r in results for f in capped(r)[0]]
    run: dict = {"tool": {"driver": {"name": "ecdplan", "version": __version__, "rules": rules}},
                 "results": findings}
    left_out = [{"file": r.file, "code": code, "count": n} for r in results for code, n in capped(r)[1].items()]
    if left_out:
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [{
            "level": "note", "message": {"text": f"{x['file']}: {_more(x['code'], x['count'])}"},
            "associatedRule": {"id": x["code"]}} for x in left_out]}]
        run["properties"] = {"not_listed": left_out}
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return dumps(doc)


def junit(results: Sequence[PlanResult], strict: bool = False) -> str:
    """JUnit XML, which most CI systems show as test results: a suite per file, a case per finding."""
    from xml.sax.saxutils import escape as _escape
    from xml.sax.saxutils import quoteattr as _quoteattr

    def escape(text: str) -> str:
        return _escape(xml_safe(text))

    def quoteattr(text: str) -> str:
        return _quoteattr(xml_safe(text))

    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    suites = []
    total_failures = 0
    for r in results:
        cases = []
        failures = 0
        kept, left_out = capped(r)
        for f in kept:
            fails = f.accepted is None and (f.severity is Severity.ERROR or strict)
            failures += fails
            name = quoteattr(f"{f.code} {f.rule.name} at {f.line}:{f.col}")
            more = "".join(f"\n{line}" for line in also_lines(f))
            detail = escape(f"{f.file}:{f.line}:{f.col}: {f.code} {f.message}{more}\n{_figures(f)}\n{f.hint}".strip())
            if f.accepted is not None:  # reviewed and accepted in the plan: a skipped case, never a failure
                cases.append(f'    <testcase classname={quoteattr(r.file)} name={name}>\n'
                             f'      <skipped message={quoteattr("accepted: " + f.accepted)}/>\n'
                             f'      <system-out>{detail}</system-out>\n    </testcase>')
            elif fails:
                cases.append(f'    <testcase classname={quoteattr(r.file)} name={name}>\n'
                             f'      <failure type={quoteattr(f.code)} message={quoteattr(f.message)}>{detail}'
                             f'</failure>\n    </testcase>')
            else:
                cases.append(f'    <testcase classname={quoteattr(r.file)} name={name}>\n'
                             f'      <system-out>{detail}</system-out>\n    </testcase>')
        for code, n in left_out.items():
            cases.append(f'    <testcase classname={quoteattr(r.file)} name={quoteattr(f"{code} not listed")}>\n'
                         f'      <system-out>{escape(_more(code, n))}</system-out>\n    </testcase>')
        if not r.findings:
            cases.append(f'    <testcase classname={quoteattr(r.file)} name="valid"/>')
        total_failures += failures
        suites.append(f'  <testsuite name={quoteattr(r.file)} tests="{len(cases)}" failures="{failures}" '
                      f'errors="0">\n' + "\n".join(cases) + "\n  </testsuite>")
    tests = sum(max(len(capped(r)[0]) + len(capped(r)[1]), 1) for r in results)
    out.append(f'<testsuites name="ecdplan validate" tests="{tests}" failures="{total_failures}">')
    out += suites
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def render_findings(results: Sequence[PlanResult], fmt: FindingsFormat, strict: bool = False,
                    lang: str = "en") -> str:
    """Findings in a format; `lang` is for people (text); machine formats stay English with stable keys."""
    if fmt is FindingsFormat.junit:
        return junit(results, strict)
    if fmt is FindingsFormat.text:
        return text(results, lang)
    return {FindingsFormat.text: text, FindingsFormat.json: as_json, FindingsFormat.github: github,
            FindingsFormat.sarif: sarif}[fmt](results)


def exit_status(results: Sequence[PlanResult], strict: bool = False) -> int:
    """2 when a file could not be used at all, 1 for errors (or warnings with --strict), else 0."""
    if any(r.fatal for r in results):
        return 2
    s = summary(results)
    if s["errors"] or (strict and s["warnings"]):  # accepted findings are in neither
        return 1
    return 0
