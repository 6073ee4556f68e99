"""The source stage and the format registry: a file's format is decided once (formats/registry.py), linked files
(parents, the plans of side and progress files) are read once per run (pipeline.LinkedFiles), a plan's text at
a git revision comes from source/git.py, and the modules of the stage stay small enough to read."""

from __future__ import annotations

import ast
import typing
from collections import Counter
from pathlib import Path

import pytest

from ecdplan.formats.registry import ENVELOPES, FORMATS, PLAN, PROGRESS, SCENARIO, file_format, format_of

ROOT = Path(__file__).resolve().parent.parent
GIA_LAI = ROOT / "plans" / "gia-lai-2023-2026.yaml"
BANG_MAC = ROOT / "plans" / "bang-mac-2024.yaml"
CHI_LANG = ROOT / "plans" / "chi-lang-2024.yaml"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def reads(monkeypatch) -> Counter:
    """How many times each file (by resolved path) is read from disk and parsed in the test."""
    from ecdplan.source import loader

    counts: Counter = Counter()
    read_limited, load_text = loader.read_limited, loader.load_text

    def counted_read(path, *args, **kwargs):
        counts[Path(path).resolve()] += 1
        return read_limited(path, *args, **kwargs)

    def counted_parse(text, file="<string>"):
        counts["parsed"] += 1
        return load_text(text, file)

    monkeypatch.setattr(loader, "read_limited", counted_read)
    monkeypatch.setattr(loader, "load_text", counted_parse)
    return counts


def test_a_file_linked_from_several_places_in_one_run_is_read_and_parsed_once(reads):
    from ecdplan.pipeline import check_files

    given = [BANG_MAC, EXAMPLES / "progress-bang-mac-2024.yaml", GIA_LAI, EXAMPLES / "gia-lai-envelopes.yaml",
             EXAMPLES / "scenario-imam-30.yaml", EXAMPLES / "scenario-more-ntp.yaml",
             EXAMPLES / "progress-gia-lai-2023.yaml", EXAMPLES / "progress-gia-lai-2024-H1.yaml"]
    results = check_files([str(p) for p in given])
    assert [r.file for r in results] == [str(p) for p in given]
    # Gia Lai is given and named by two scenarios, an envelope file and two progress files; Chi Lăng is Bằng
    # Mạc's parent; Bằng Mạc is given and named by a progress file
    files = {p.resolve() for p in given} | {CHI_LANG.resolve()}
    assert {k: n for k, n in reads.items() if k != "parsed"} == dict.fromkeys(files, 1)
    assert reads["parsed"] == len(files)
    assert all(r.compiled is not None or r.document is not None for r in results)


def test_the_plan_of_a_progress_file_is_the_run_s_own_result_of_it():
    from ecdplan.pipeline import LinkedFiles, check_files

    linked = LinkedFiles()
    plan, progress = check_files([str(GIA_LAI), str(EXAMPLES / "progress-gia-lai-2023.yaml")], linked=linked)
    assert progress.target is plan.compiled


def test_attaching_progress_files_reads_their_plan_once(reads):
    from ecdplan.pipeline import attach

    attach(str(GIA_LAI), [str(EXAMPLES / "progress-gia-lai-2023.yaml"),
                          str(EXAMPLES / "progress-gia-lai-2024-H1.yaml")])
    assert reads[GIA_LAI.resolve()] == 1


def test_a_plan_given_twice_gets_its_parent_findings_once(tmp_path):
    from ecdplan.pipeline import check_files

    parent = CHI_LANG.read_text(encoding="utf-8")
    child = BANG_MAC.read_text(encoding="utf-8").replace("start: 2024", "start: 2023", 1)
    (tmp_path / "chi-lang-2024.yaml").write_text(parent, encoding="utf-8")
    (tmp_path / "child.yaml").write_text(child, encoding="utf-8")
    first, second = check_files([tmp_path / "child.yaml", tmp_path / "child.yaml"])
    assert first is second
    assert [f.code for f in first.findings].count("P002") == 1


@pytest.mark.parametrize(("data", "expected"), [
    ({"format": "ecdplan/1"}, PLAN),
    ({"format": "ecdplan-progress/1"}, PROGRESS),
    ({"format": "ecdplan-progress/2"}, PROGRESS),  # its S003 says the version this ecdplan reads for progress files
    ({"format": "ecdplan-envelopes/1"}, ENVELOPES),
    ({"format": "ecdplan-scenario/1"}, SCENARIO),
    ({"format": "ecdplan-envelopes/2"}, PLAN),  # checked as a plan: S003 names the plan format
    ({"format": "ecdplan/2"}, PLAN),
    ({"format": 1}, PLAN),
    ({}, PLAN),
    (None, PLAN),  # a file the loader could not read: the plan checks report its L findings
    (["format", "ecdplan-progress/1"], PLAN),
])
def test_the_format_of_a_file_is_the_one_its_format_key_names(data, expected):
    assert format_of(data) is expected


def test_the_format_of_a_file_on_disk_is_read_by_the_loader(tmp_path):
    quoted = tmp_path / "progress.yaml"
    quoted.write_text("# a comment\n\"format\": 'ecdplan-progress/1'\n", encoding="utf-8")
    nested = tmp_path / "nested.yaml"
    nested.write_text('notes: "a line that goes on\nformat: ecdplan-progress/1"\nformat: ecdplan/1\n', encoding="utf-8")
    assert file_format(quoted) is PROGRESS
    assert file_format(nested) is PLAN  # a line of a text that looks like a key is no key
    assert file_format(tmp_path / "missing.yaml") is PLAN
    assert file_format(EXAMPLES / "gia-lai-envelopes.yaml") is ENVELOPES


def test_each_format_s_model_reads_exactly_its_version():
    for fmt in FORMATS:
        assert fmt.model.model_fields["format"].annotation == typing.Literal[fmt.version], fmt.kind


def test_each_format_has_the_schema_the_command_line_offers():
    from ecdplan.vocab import SCHEMA_KINDS

    assert sorted(f.schema for f in FORMATS) == sorted(SCHEMA_KINDS)


def test_a_plan_s_text_at_a_revision_comes_from_the_source_stage(tmp_path):
    from ecdplan.errors import EcdplanError
    from ecdplan.source.git import plan_text_at

    if not (ROOT / ".git").exists():
        pytest.skip("not a git work tree")
    assert plan_text_at(GIA_LAI, "HEAD").startswith("# yaml-language-server")
    with pytest.raises(EcdplanError, match="cannot read .* at 'no-such-branch-xyz' from git"):
        plan_text_at(GIA_LAI, "no-such-branch-xyz")


STAGE = [*sorted((ROOT / "ecdplan" / "source").glob("*.py")), *sorted((ROOT / "ecdplan" / "formats").glob("*.py")),
         ROOT / "ecdplan" / "pipeline.py"]


@pytest.mark.parametrize("path", STAGE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_module_of_the_source_and_format_stages_is_under_600_lines_and_says_what_it_is(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") < 600
    assert ast.get_docstring(ast.parse(text))
