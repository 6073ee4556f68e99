"""Property (issue 11): a number of the Gia Lai plan re-written in any YAML 1.1 notation either gives exactly the
same figures (`ecdplan budget --format json` output identical) or a finding with exit 1/2 — never other figures.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GIA_LAI, invoke

TEXT = GIA_LAI.read_text(encoding="utf-8")


def _numbers() -> list[tuple[int, int, str]]:
    """(line, column, text) of every plain number the plan writes (0-based, as YAML marks count)."""
    found = []

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(key)
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif node.tag.endswith((":int", ":float")) and not node.style:
            found.append((node.start_mark.line, node.start_mark.column, node.value))

    walk(yaml.compose(TEXT, Loader=yaml.SafeLoader))
    return found


NUMBERS = _numbers()


def notations(written: str) -> list[str]:
    """The number as YAML 1.1 (and people) might also write it."""
    out = [f'"{written}"', f"'{written}'", f"+{written}", f"0{written}", f"{written}.0e+0", f"{written}e0",
           f"!!float {written}", f"!!str {written}"]
    if written.isdigit():
        n = int(written)
        out += [hex(n), f"0b{n:b}", f"!!int {written}", f"{n:_}", f"{written[0]}_{written[1:]}" if n > 9 else written,
                f"0o{n:o}"]
        if n >= 60:
            out.append(f"{n // 60}:{n % 60:02d}")
        if n >= 1000:
            out += [f"{n:,}".replace(",", "."), f"{n:,}", f"{n:,}".replace(",", " ")]
    return out


def rewrite(line: int, col: int, written: str, new: str) -> str:
    lines = TEXT.split("\n")
    assert lines[line][col:col + len(written)] == written
    lines[line] = lines[line][:col] + new + lines[line][col + len(written):]
    return "\n".join(lines)


BASELINE = None


def baseline() -> str:
    global BASELINE
    if BASELINE is None:
        run = invoke(["budget", GIA_LAI, "--format", "json"])
        assert run.exit_code == 0
        BASELINE = run.stdout
    return BASELINE


@st.composite
def edits(draw):
    line, col, written = draw(st.sampled_from(NUMBERS))
    return line, col, written, draw(st.sampled_from(notations(written)))


def test_the_plan_has_numbers_to_rewrite():
    assert len(NUMBERS) > 30


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits())
def test_a_number_in_any_yaml_11_notation_gives_the_same_figures_or_a_finding(tmp_path_factory, edit):
    line, col, written, new = edit
    text = rewrite(line, col, written, new)
    path = tmp_path_factory.mktemp("prop") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    budget = invoke(["budget", path, "--format", "json"])
    budget.assert_no_traceback()
    if budget.exit_code == 0 and budget.stdout == baseline():
        return  # read as the person meant
    assert budget.exit_code == 2, f"{written!r} -> {new!r} at {line + 1}:{col + 1} gave other figures:\n" \
                                  f"{budget.output}"
    check = invoke(["validate", path, "--format", "json"])
    check.assert_no_traceback()
    assert check.exit_code in (1, 2)
    assert [f for f in check.findings() if f["severity"] == "error"], check.stdout
