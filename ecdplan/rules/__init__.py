"""Rules: one module per family of rules (identity I, budget B, rollout R, funding F, targets T, hierarchy P,
places A, bodies O, documents D, currency C, progress G), each holding its rules' catalogue entries with their
checks; the finding type; the registry of checks; the context a check reads; and the runner that runs every
check of a file by its format and records what they yield. The L and S entries are in source/rules.py and
formats/rules.py, next to what checks them.
"""

from ecdplan.rules import catalogue  # noqa: F401  (fills findings.RULES and registers the checks)
