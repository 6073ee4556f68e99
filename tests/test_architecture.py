"""The layout a newcomer can rely on: no import cycles between modules, checks that declare their codes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ecdplan"


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Modules of ecdplan imported anywhere in the file (function-level too), except under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: set[str] = set()

    def visit(node, typing_only: bool = False):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            out.add(target)
            for alias in node.names:
                out.add(f"{target}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def test_no_module_imports_a_module_that_imports_it_back():
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {m: {i for i in imports(p) if i in modules and i != m} for m, p in modules.items()}
    # packages import their own modules: a package and its members are one node
    seen: dict[str, int] = {}

    def cycle_from(node: str, stack: list[str]) -> list[str] | None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if nxt == "ecdplan" or (node.startswith(nxt + ".") or nxt.startswith(node + ".")):
                continue
            if seen.get(nxt) == 1:
                return stack + [nxt]
            if nxt not in seen:
                found = cycle_from(nxt, stack + [nxt])
                if found:
                    return found
        seen[node] = 2
        return None

    for m in sorted(graph):
        if m not in seen:
            found = cycle_from(m, [m])
            assert found is None, " -> ".join(found)


def test_a_check_that_emits_a_code_it_did_not_declare_is_refused():
    from ecdplan.rules.checks import Check, run_checks
    from ecdplan.core.compiled import compile_plan
    from ecdplan.source.loader import load_text
    from ecdplan.formats.plan import Plan
    from ecdplan.rules.runner import Context

    from test_rules import BASE
    import ecdplan.rules.checks as checks

    loaded = load_text(BASE)
    compiled = compile_plan(Plan.model_validate(loaded.data))
    rogue = Check(lambda c, ctx: ctx.add("B001", (), "not mine"), ("R001",))
    checks.CHECKS.append(rogue)
    try:
        with pytest.raises(AssertionError, match="does not declare"):
            run_checks(compiled, Context(loaded))
    finally:
        checks.CHECKS.remove(rogue)


def test_every_check_declares_only_codes_of_the_catalogue():
    from ecdplan.rules.checks import CHECKS
    from ecdplan.rules.findings import RULES

    for c in CHECKS:
        assert c.codes and set(c.codes) <= set(RULES), c.run.__name__
