"""Which format a file is, decided once, here: from the `format:` key of the file's data, as the loader read it.
Every stage asks `format_of` (validate and the pipeline to check a file by the rules of its own format, the
command line to route progress files), so a file is never one format to one stage and another to the next.

Plans are the default: a file that names no format this ecdplan knows, or that could not be read as a mapping,
is checked as a plan, and the plan checks report it (S003, or the loader's L findings). Other formats join by
adding a line to `FORMATS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from ecdplan.i18n.messages import N_


@dataclass(frozen=True)
class Format:
    kind: str  # plan, progress, envelope, scenario: what messages call a file of it ("the envelope file ...")
    version: str  # the `format:` value this ecdplan reads
    schema: str  # its JSON Schema's name: `ecdplan schema NAME`, schemas/NAME.schema.json
    model_path: str  # its pydantic model, "module:Class" (imported only when asked: keeps `ecdplan --help` fast)
    # a file of another version (ecdplan-progress/2) is still of this kind, so that its S003 names the version
    # this ecdplan reads for such files; otherwise such a file is checked as a plan
    any_version: bool = False

    @property
    def family(self) -> str:
        """The start every version of the format shares: 'ecdplan-progress/'."""
        return self.version.rsplit("/", 1)[0] + "/"

    @property
    def model(self) -> Any:
        module, name = self.model_path.split(":")
        return getattr(import_module(module), name)


PLAN = Format("plan", "ecdplan/1", "plan", "ecdplan.formats.plan:Plan")
PROGRESS = Format("progress", "ecdplan-progress/1", "progress", "ecdplan.formats.side_files:ProgressFile",
                  any_version=True)
ENVELOPES = Format(N_("envelope"), "ecdplan-envelopes/1", "envelopes", "ecdplan.formats.side_files:EnvelopeFile")
SCENARIO = Format(N_("scenario"), "ecdplan-scenario/1", "scenario", "ecdplan.formats.side_files:Scenario")
FORMATS: tuple[Format, ...] = (PLAN, PROGRESS, ENVELOPES, SCENARIO)
SIDE_FORMATS = (ENVELOPES, SCENARIO)  # files that change a plan (`funding --envelopes`, `compare --scenario`)


def format_of(data: Any) -> Format:
    """The format of a file whose loaded data is `data` (see the module doc)."""
    written = data.get("format") if isinstance(data, dict) else None
    if isinstance(written, str):
        for fmt in FORMATS:
            if written == fmt.version or (fmt.any_version and written.startswith(fmt.family)):
                return fmt
    return PLAN


def file_format(path: str | Path) -> Format:
    """The format of the file at `path`, read by the loader (a file that cannot be read is a plan's to report)."""
    from ecdplan.source.loader import load_file

    return format_of(load_file(path).data)


def json_schema(name: str = "plan", lang: str = "en") -> dict[str, Any]:
    """JSON Schema of a file format, by its schema name: plan, envelopes, scenario or progress; its descriptions
    in `lang` (schemas/ holds the English one)."""
    model = next(fmt.model for fmt in FORMATS if fmt.schema == name)
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    if lang != "en":
        from ecdplan.i18n.labels import t

        def translated(node: Any) -> Any:
            if isinstance(node, dict):
                return {k: t(v, lang) if k == "description" and isinstance(v, str) else translated(v)
                        for k, v in node.items()}
            return [translated(v) for v in node] if isinstance(node, list) else node

        schema = translated(schema)
    return schema
