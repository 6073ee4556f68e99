"""`ecdplan rules`: the rule catalogue as a table, in the reader's language."""

from __future__ import annotations

from ecdplan.i18n.labels import t
from ecdplan.reports.table import Column, Table


def rules_table(lang: str, for_people: bool, with_fix: bool = True) -> Table:
    """Every rule: code, name and severity (for people in their language; for machines the id and the stable
    English word), what it checks and, unless left out (the terminal's table would be too wide), how to fix what
    it finds."""
    from ecdplan.rules.findings import RULES
    from ecdplan.rules.titles import rule_title

    columns = [Column(t("Code", lang), "code"), Column(t("Name", lang), "name"),
               Column(t("Severity", lang), "severity"), Column(t("Checks", lang), "summary")]
    rows = [[r.code, rule_title(r.name, lang) if for_people else r.name,
             t(r.severity.value, lang) if for_people else r.severity.value, t(r.summary, lang)]
            + ([t(r.fix, lang)] if with_fix else []) for r in RULES.values()]
    return Table(columns + ([Column(t("Fix", lang), "fix")] if with_fix else []), rows)
