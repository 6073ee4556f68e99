"""ecdplan: Vietnamese early-childhood-development plans as checked, computable files.

Python API (imported lazily, so the command line starts fast):

    from ecdplan import check_file, compile_file, pivot
    result = check_file("plans/gia-lai-2023-2026.yaml")      # PlanResult: .plan, .findings (parents checked)
    compiled = compile_file("plans/gia-lai-2023-2026.yaml")  # CompiledPlan: .facts, .coverage, .findings
    table = pivot(compiled.facts, rows="source", cols="year") # group-by with exact margins
"""

__version__ = "0.1.0"

_API = {
    "check_file": "pipeline", "check_files": "pipeline", "compile_file": "pipeline", "compile_files": "pipeline",
    "check_text": "rules.runner", "PlanResult": "rules.runner", "EcdplanError": "errors",
    "load_file": "source.loader", "Plan": "formats.plan", "Finding": "rules.findings", "RULES": "rules.findings",
    "compile_plan": "core.compiled", "CompiledPlan": "core.compiled", "Fact": "core.facts",
    "pivot": "core.groupby", "Pivot": "core.groupby",
}


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'ecdplan' has no attribute {name!r}")


__all__ = sorted(_API)
