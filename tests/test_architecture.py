"""The layout a newcomer can rely on: no import circles between modules (within a package or across packages),
checks that declare their codes, and each rule kept in one place with its check and its test cases."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ecdplan"
TESTS = Path(__file__).resolve().parent


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Modules of ecdplan imported anywhere in the file: absolute or relative, at the top or in a function, and
    under TYPE_CHECKING too (a circle through type hints is still two modules that need each other). For
    `from a import b` both `a` and `a.b` are listed (b may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "ecdplan":
                out.add(target)
                out |= {f"{target}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names if alias.name.split(".")[0] == "ecdplan"}
    return out


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {i for i in imports(p) if i in modules and i != m} for m, p in modules.items()}


def circle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports, if there is any. A package imports its own modules (its __init__), so an edge
    between a package and one of its members does not count."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def walk(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if nxt == "ecdplan" or node.startswith(nxt + ".") or nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = walk(nxt, path + [nxt])
                if found:
                    return found
        state[node] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            found = walk(m, [m])
            if found:
                return found
    return None


def test_the_import_reader_sees_absolute_function_level_and_type_only_imports():
    runner = imports(PACKAGE / "rules" / "runner.py")
    assert "ecdplan.source.loader" in runner  # absolute, at the top
    assert "ecdplan.rules.registry" in runner  # inside a function
    assert "ecdplan.core.compiled" in runner  # under TYPE_CHECKING
    assert "ecdplan.formats.rules" in imports(PACKAGE / "rules" / "catalogue.py")  # `from ecdplan.formats import rules`


def test_a_circle_across_packages_is_found():
    graph = {"ecdplan.a.x": {"ecdplan.b.y"}, "ecdplan.b.y": {"ecdplan.c.z"}, "ecdplan.c.z": {"ecdplan.a.x"},
             "ecdplan.a": {"ecdplan.a.x"}}
    assert circle_in(graph) == ["ecdplan.a.x", "ecdplan.b.y", "ecdplan.c.z", "ecdplan.a.x"]
    graph["ecdplan.c.z"] = set()
    assert circle_in(graph) is None


def test_no_module_imports_a_module_that_imports_it_back():
    found = circle_in(import_graph())
    assert found is None, " -> ".join(found)


def test_no_module_of_the_package_is_over_600_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := p.read_text(encoding="utf-8").count("\n")) > 600}
    assert long == {}


def test_the_folders_are_the_pipelines_stages():
    """load → check → compile → report → write, and the fronts: each stage a package of its own."""
    stages = {"source", "formats", "rules", "core", "reference", "reports", "writers", "i18n", "cli"}
    assert stages <= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {p.stem for p in PACKAGE.glob("*.py")} == {"__init__", "__main__", "errors", "pipeline", "vocab"}


def test_the_command_line_holds_no_figures_of_its_own():
    """cli/ parses, calls the library and writes: it never imports the exact-money, fact or group-by modules (it
    may make a display `Unit` from --unit: a value of its options)."""
    for path in (PACKAGE / "cli").glob("*.py"):
        found = {m for m in imports(path) if m.startswith(("ecdplan.core.money", "ecdplan.core.facts",
                                                            "ecdplan.core.groupby", "ecdplan.core.compiled"))}
        assert found == set(), (path.name, found)


def test_no_module_of_registered_checks_imports_the_runner():
    """The runner runs the registered checks; they read what they need from rules/context.py."""
    import sys

    from ecdplan.rules.registry import CHECKS

    for module in {c.run.__module__ for c in CHECKS}:
        assert "ecdplan.rules.runner" not in imports(Path(sys.modules[module].__file__)), module


# --- checks and the catalogue ----------------------------------------------------------------------------------

def base_compiled():
    from ecdplan.core.compiled import compile_plan
    from ecdplan.formats.plan import Plan
    from ecdplan.source.loader import load_text

    from test_rules import BASE

    loaded = load_text(BASE)
    return compile_plan(Plan.model_validate(loaded.data)), loaded


def test_a_check_that_emits_a_code_it_did_not_declare_is_refused():
    from ecdplan.rules import registry
    from ecdplan.rules.context import Context
    from ecdplan.rules.findings import Finding

    def rogue(compiled, ctx):
        yield Finding.at("B001", (), "not mine", {})

    compiled, loaded = base_compiled()
    registry.CHECKS.append(registry.Check(run=rogue, codes=("R001",)))
    try:
        with pytest.raises(AssertionError, match="does not declare"):
            registry.run_checks(compiled, Context(loaded), "plan")
    finally:
        registry.CHECKS.pop()


def test_a_check_runs_only_on_files_of_its_format_and_when_its_precondition_holds():
    from ecdplan.rules import registry
    from ecdplan.rules.context import Context
    from ecdplan.rules.findings import Finding

    def says_b001(compiled, ctx):
        yield Finding.at("B001", ("total",), "said", {})

    compiled, loaded = base_compiled()
    checks = [registry.Check(run=says_b001, codes=("B001",), format="progress"),
              registry.Check(run=says_b001, codes=("B001",), skip_when=lambda compiled, ctx: True),
              registry.Check(run=says_b001, codes=("B001",))]
    registry.CHECKS.extend(checks)
    try:
        ctx = Context(loaded)
        registry.run_checks(compiled, ctx, "plan")
    finally:
        del registry.CHECKS[-len(checks):]
    assert [(f.code, f.message, f.path) for f in ctx.findings] == [("B001", "said", "total")]
    assert ctx.findings[0].line >= 1  # stamped by the runner from the path


def test_every_check_declares_only_codes_of_the_catalogue():
    from ecdplan.rules.findings import RULES
    from ecdplan.rules.registry import CHECKS

    for c in CHECKS:
        assert c.codes and set(c.codes) <= set(RULES), c.run.__name__


def test_the_catalogue_is_the_families_entries_in_order_each_rule_in_one_family():
    from ecdplan.rules.catalogue import FAMILIES
    from ecdplan.rules.findings import RULES

    entries = [rule for family in FAMILIES for rule in family.RULES]
    assert list(RULES.values()) == entries
    assert len({rule.code for rule in entries}) == len(entries)
    for family in FAMILIES:  # one family, one letter: the codes say where a rule is kept
        assert len({rule.code[0] for rule in family.RULES}) == 1, family.__name__


def test_each_check_is_kept_with_the_catalogue_entries_of_the_rules_it_emits():
    import sys

    from ecdplan.rules.registry import CHECKS

    # B004 (whole đồng) is a plan rule that progress files are held to as well
    shared = {"B004"}
    for c in CHECKS:
        module = sys.modules[c.run.__module__]
        own = {rule.code for rule in getattr(module, "RULES", [])}
        assert set(c.codes) - own <= shared, (c.run.__name__, sorted(set(c.codes) - own))


def test_records_with_many_fields_take_keywords_only():
    from ecdplan.core.progress import ProgressResult
    from ecdplan.reference.documents import Entry
    from ecdplan.rules.findings import Finding, Rule
    from ecdplan.rules.registry import Check
    from ecdplan.rules.runner import PlanResult

    for record in (Finding, Rule, PlanResult, ProgressResult, Check, Entry):
        with pytest.raises(TypeError, match="positional"):
            record("S001", "a message")


# --- every rule has its test cases -----------------------------------------------------------------------------

# cases that are one test for several rules, rather than a case (or a test named after the rule) of their own
SHARED_TRIGGERS = {"I005": "test_side_files.py::test_validate_checks_a_scenario_file_against_its_plan_at_its_own_lines"}
SHARED_NEAR_MISSES = {
    "S003": "test_rules.py::test_the_base_plan_is_clean",  # its `format:` is the one ecdplan reads
    "P001": "test_plans_within_plans.py::test_child_that_agrees_with_its_parent_file_is_clean",
    "P002": "test_plans_within_plans.py::test_child_that_agrees_with_its_parent_file_is_clean",
    "P003": "test_plans_within_plans.py::test_child_that_agrees_with_its_parent_file_is_clean",
    "P004": "test_plans_within_plans.py::test_child_that_agrees_with_its_parent_file_is_clean",
    "I005": "test_side_files.py::test_the_bundled_examples_validate_against_the_gia_lai_plan",
    "P005": "test_side_files.py::test_the_bundled_examples_validate_against_the_gia_lai_plan",
}


def named_tests() -> dict[str, set[str]]:
    """'file::name' of every test function, by the codes its name says it is about ('..._is_P004', '..._is_not_B001'),
    as 'trigger' or 'near miss'."""
    out: dict[str, set[str]] = {}
    for path in sorted(TESTS.glob("test_*.py")):
        for name in re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M):
            for code in re.findall(r"(?<=_)[A-Z]\d{3}(?=_|$)", name):
                kind = "near" if re.search(rf"_not_(?:[A-Z]\d{{3}}_(?:or_|and_)?)*{code}(?=_|$)", name) else "trigger"
                out.setdefault(f"{kind}:{code}", set()).add(f"{path.name}::{name}")
    return out


def test_every_catalogued_rule_has_a_triggering_case_and_a_near_miss():
    import test_places_rules
    import test_progress_rules
    import test_rules
    from ecdplan.rules.findings import RULES

    named = named_tests()
    every_test = {f"{p.name}::{n}" for p in TESTS.glob("test_*.py")
                  for n in re.findall(r"^def (test_\w+)\(", p.read_text(encoding="utf-8"), re.M)}
    triggered = set(test_rules.TRIGGERS) | set(test_progress_rules.TRIGGERS)
    near = set(test_places_rules.NEAR_MISSES) | set(test_progress_rules.NEAR_MISS)
    missing = []
    for code in RULES:
        if code not in triggered and f"trigger:{code}" not in named and SHARED_TRIGGERS.get(code) not in every_test:
            missing.append(f"{code}: no triggering case")
        if code not in near and f"near:{code}" not in named and SHARED_NEAR_MISSES.get(code) not in every_test:
            missing.append(f"{code}: no near miss")
    assert missing == []


def test_docgen_writes_the_repository_docs_not_files_inside_the_package():
    from ecdplan.writers import docgen

    assert (docgen.ROOT / "pyproject.toml").is_file() and (docgen.ROOT / "docs" / "format.md").is_file()
