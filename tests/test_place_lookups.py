"""Place look-ups remember failures as well as successes: a name the registry does not hold, named at hundreds of
places, is looked up once, and every place still gets its finding (counted, never timed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from ecdplan import check_file
from ecdplan.reference.places import Registry, registry
from ecdplan.rules.context import SHOWN
from test_rules import edit

UNKNOWN = "Không Có Đâu"  # no unit of any era is called so
MISSPELT = "Kông Chiêng"  # close to 'Kon Chiêng': told what it may be, while the file has suggestions left
LINES, YEARS = 35, range(2023, 2043)  # 35 lines x 20 yearly phases: UNKNOWN at 700 places


def national_plan() -> str:
    """A national plan whose every line names UNKNOWN in each of its 20 years, the first two MISSPELT too."""
    text = edit("  level: commune\n", "  level: national\n", edit(
        "  area: {name: xã Thử, communes: 10}\n", "  area: {name: toàn quốc, communes: 3321}\n", edit(
            "  period: {start: 2023, end: 2026}\n", "  period: {start: 2023, end: 2042}\n", edit(
                "    valid: {start: 2021, end: 2026}\n", "    valid: {start: 2021, end: 2042}\n"))))
    head, _ = text.split("interventions:\n")
    named = [f"[{UNKNOWN}, {MISSPELT}]"] * 2 + [f"[{UNKNOWN}]"] * (LINES - 2)
    lines = "".join(f"  - id: line-{k}\n    group: I\n    name: Dòng {k}\n    rollout:\n"
                    + "".join(f"      - {{years: '{y}', communes: 2, named: {names}}}\n" for y in YEARS)
                    + "    cost: {per_commune_year: 1}\n    sources: [nsdp]\n" for k, names in enumerate(named))
    total = sum(names.count(",") + 1 for names in named) * len(YEARS)
    head = head.replace("{id: I, name: Y tế, total: 1000}", f"{{id: I, name: Y tế, total: {total}}}")
    return f"{head}interventions:\n{lines}total: {total}\n"


@pytest.fixture
def counted(monkeypatch) -> Iterator[Counter]:
    """Calls of Registry.find (asked by the checks), of its searches (_find, _suggest: made when the registry has
    not answered that question before), by (method, name); with a registry of its own (no earlier answers)."""
    calls: Counter = Counter()
    for method in ("find", "_find", "_suggest"):
        real = getattr(Registry, method)

        def counting(self, text, *args, _real=real, _method=method, **kwargs):
            calls[_method, text] += 1
            return _real(self, text, *args, **kwargs)

        monkeypatch.setattr(Registry, method, counting)
    registry.cache_clear()
    yield calls
    registry.cache_clear()


def test_an_unknown_name_at_700_places_costs_one_look_up(tmp_path, counted):
    plan = tmp_path / "national.yaml"
    plan.write_text(national_plan(), encoding="utf-8")
    result = check_file(str(plan))
    a003 = [f for f in result.findings if f.code == "A003"]
    # every place is still told: one finding per name, its first 200 other places `also`, the rest counted
    told = Counter({f.figures["name"]: 1 + len(f.also) + f.more for f in a003})
    assert told == {UNKNOWN: 700, MISSPELT: 40}
    assert {f.figures["name"]: len(f.also) for f in a003} == {UNKNOWN: SHOWN, MISSPELT: 39}
    assert counted["find", UNKNOWN] == counted["_find", UNKNOWN] == 1
    assert counted["find", MISSPELT] == counted["_find", MISSPELT] == 1
    assert counted["_suggest", UNKNOWN] == counted["_suggest", MISSPELT] == 1  # the first places may suggest


def test_suggestions_end_where_the_files_budget_ends_as_without_remembering(tmp_path):
    plan = tmp_path / "national.yaml"
    plan.write_text(national_plan(), encoding="utf-8")
    # every place of the file in order: a name's finding holds its other places (`also`)
    findings = sorted((g for f in check_file(str(plan)).findings if f.code == "A003" for g in (f, *f.also)),
                      key=lambda f: (f.line, f.col))
    suggested = [f.figures["candidates"] != [] for f in findings if f.figures["name"] == MISSPELT]
    # the first 50 failures of the file may suggest (Registry.suggestions_left): the 40 of the first line, and
    # 10 of the second, where MISSPELT is every second one
    assert suggested == [True] * 25 + [False] * 15
    assert all("did you mean" in f.message for f in findings[:50] if f.figures["name"] == MISSPELT)
    assert not any("did you mean" in f.message for f in findings[50:])


KNOWN = "Bằng Mạc"  # the commune of Lạng Sơn of that name, before and after 1/7/2025: a unit in every year


def test_a_known_commune_named_in_every_year_is_checked_once_and_says_nothing(tmp_path, counted):
    """Named 700 times in the yearly phases of 2026-2035, a unit that exists in all of them is checked once, over
    the whole period, not once per phase's years."""
    text = national_plan().replace(f"[{UNKNOWN}, {MISSPELT}]", f"[{KNOWN}]").replace(f"[{UNKNOWN}]", f"[{KNOWN}]")
    text = text.replace("2023, end: 2042}", "2026, end: 2035}").replace("2021, end: 2042}", "2021, end: 2035}")
    text = "".join(line for line in text.splitlines(keepends=True)
                   if not any(f"years: '{y}'" in line for y in [*range(2023, 2026), *range(2036, 2043)]))
    plan = tmp_path / "national.yaml"
    plan.write_text(text.replace("communes: 2, named", "communes: 1, named"), encoding="utf-8")
    result = check_file(str(plan))
    assert [f.code for f in result.findings if f.code.startswith("A")] == []
    assert counted["find", KNOWN] == counted["_find", KNOWN] == 1


@pytest.mark.parametrize("name, province, period, known", [
    (KNOWN, None, range(2026, 2036), True),
    (KNOWN, None, range(2020, 2036), True),  # the old commune until 30/6/2025, the new one from 1/7
    ("Ia Mláh", "Gia Lai", range(2023, 2025), True),  # an old commune, in the years it existed
    ("Ia Mláh", "Gia Lai", range(2023, 2027), False),  # ... and after it was merged
    ("Phú Túc", None, range(2026, 2036), False),  # new communes of two provinces: ambiguous
    (UNKNOWN, None, range(2026, 2036), False),
    ("Ia Mláh\u200b", "Gia Lai", range(2023, 2025), False),  # a hidden character: check_place has something to say
])
def test_a_name_known_in_every_year_of_the_period_is_silent_in_each_of_them(name, province, period, known):
    from ecdplan.formats.plan import Plan
    from ecdplan.rules.places import check_place
    from ecdplan.source.loader import load_file

    reg = registry()
    plan = Plan.model_validate(load_file("plans/gia-lai-2023-2026.yaml").data)
    owner = type("Checks", (), {})()  # whose suggestions are counted (a file's Context)
    everywhere: set = set()
    list(check_place(reg, owner, plan, ("x",), name, [period[0]], province, levels={"commune"},
                     known=(list(period), everywhere)))
    assert (name in everywhere) is known
    silent = [not list(check_place(reg, owner, plan, ("x",), name, [y], province, levels={"commune"}))
              for y in period]
    assert all(silent) if known else not all(silent)
