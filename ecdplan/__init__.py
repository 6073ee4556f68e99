"""ecdplan: Vietnamese early-childhood-development plans as checked, computable files.

Python API (imported lazily, so the command line starts fast):

    from ecdplan import check_file, fact_table, pivot
    result = check_file("plans/gia-lai-2023-2026.yaml")   # PlanResult: .plan, .findings
    facts = fact_table(result.plan)                        # intervention × year × source, integer đồng
    table = pivot(facts, rows="source", cols="year")       # group-by with exact margins
"""

__version__ = "0.1.0"

_API = {
    "check_file": "validate", "check_text": "validate", "PlanResult": "validate",
    "load_file": "loader", "Plan": "model", "Finding": "findings", "RULES": "findings",
    "fact_table": "facts", "Fact": "facts", "commune_rows": "facts", "rollout_years": "facts",
    "pivot": "groupby", "Pivot": "groupby",
}


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'ecdplan' has no attribute {name!r}")


__all__ = sorted(_API)
