"""Which file format a file is, from its top-level `format:` key, so that `validate` checks each file by the
rules of its own format, and the JSON Schema of each format. Plans are the default; other formats join by adding
a line to `FORMATS`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# the start of a `format:` value -> the kind of file
FORMATS: dict[str, str] = {"ecdplan-progress/": "progress"}
_FORMAT_LINE = re.compile(rb"^format\s*:\s*[\"']?([A-Za-z0-9._/-]+)", re.M)


def file_format(path: str | Path) -> str:
    """'progress' for a file whose top-level `format:` names ecdplan-progress/..., else 'plan' (unreadable
    files too: the plan checks report them)."""
    from ecdplan.source.reading import MAX_BYTES, UnreadableFile, read_limited

    try:  # regular files only, never blocking (a FIFO): anything else is for the plan checks to report
        head = read_limited(path, MAX_BYTES)[:65536]
    except (UnreadableFile, OSError):
        return "plan"
    m = _FORMAT_LINE.search(head.lstrip(b"\xef\xbb\xbf"))
    value = m.group(1).decode("ascii", "replace") if m else ""
    return next((kind for start, kind in FORMATS.items() if value.startswith(start)), "plan")


def check_any(paths: list[str], check_plans) -> list:
    """Findings of each file by its format, in the order given; `check_plans` checks the plans (parents too)."""
    kinds = [file_format(p) for p in paths]
    if "progress" in kinds:  # only then: the progress checks are not on a plan's validate path
        from ecdplan.core.progress import check_progress_file
    plan_results = iter(check_plans([p for p, k in zip(paths, kinds) if k == "plan"]))
    cache: dict = {}
    return [next(plan_results) if k == "plan" else check_progress_file(p, cache) for p, k in zip(paths, kinds)]


def json_schema(kind: str = "plan") -> dict[str, Any]:
    """JSON Schema of a file format: plan, envelopes, scenario or progress."""
    from ecdplan.formats.plan import Plan
    from ecdplan.formats.side_files import EnvelopeFile, ProgressFile, Scenario

    model = {"plan": Plan, "envelopes": EnvelopeFile, "scenario": Scenario, "progress": ProgressFile}[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
