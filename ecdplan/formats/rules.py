"""S: the rules of the plan format (keys and values that fit the models, amounts not negative, a known
`format:`): their catalogue entries.

The models (formats/plan.py) define the format; the runner (rules/runner.py) turns what does not fit into these
findings.
"""

from __future__ import annotations

from ecdplan.i18n.messages import N_

from ecdplan.rules.findings import E, Rule

RULES = [
    Rule(code="S001", name="schema", severity=E,
         summary=N_("A value does not fit the plan format (missing key, unknown key, wrong type)."),
         fix=N_("See the format reference in docs/format.md or the JSON Schema in schemas/plan.schema.json.")),
    Rule(code="S002", name="negative-amount", severity=E,
         summary=N_("An amount, count or share is negative."),
         fix=N_("Amounts, commune counts and shares are zero or more.")),
    Rule(code="S003", name="unsupported-format", severity=E,
         summary=N_("The `format:` key names a version this ecdplan does not know."),
         fix=N_("Use `format: ecdplan/1`."), fatal=True),
]
