"""The rule catalogue (`findings.RULES`, listed by `ecdplan rules`, the README's rule table, SARIF), assembled
from the modules that hold each family's entries next to its checks, in the order the catalogue lists them.

Importing this module (the package `ecdplan.rules` does) also registers every family's checks (registry.py).
Each family module imports only findings and registry at its top, so this stays cheap at start-up.
"""

from __future__ import annotations

from ecdplan.formats import rules as schema
from ecdplan.rules import (bodies, budget, currency, documents, funding, hierarchy, identity, places, progress,
                           rollout, targets)
from ecdplan.rules.findings import RULES
from ecdplan.source import rules as loading
from ecdplan.source.office import rules as office

FAMILIES = (loading, schema, identity, budget, rollout, funding, targets, hierarchy, places, bodies, documents,
            currency, progress, office)

RULES.update((rule.code, rule) for family in FAMILIES for rule in family.RULES)
