"""What an office file gave: `Imported` (the plan's data, each value's cell, what was read by judgement, the X
findings), written as YAML and loaded as any plan; findings of a spreadsheet read in memory placed at cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecdplan.i18n.messages import N_, Phrase
from ecdplan.rules.findings import Finding
from ecdplan.source.loaded import said


@dataclass
class Imported:
    """What was read from an office file: the plan's data (None if no table), the cell of each value, what was
    read by judgement (for a person to confirm) and the X findings."""

    file: str
    plan: dict | None = None
    cells: dict[tuple, str] = field(default_factory=dict)
    judgements: list[tuple[str, Phrase]] = field(default_factory=list)  # (cell or column, what was judged)
    findings: list[Finding] = field(default_factory=list)
    sheet: str = ""

    def yaml(self, lang: str = "en") -> str:
        from ecdplan.source.office.emit import plan_yaml

        return plan_yaml(self, lang)

    def loaded(self) -> Any:
        """The plan as the loader makes it of the YAML text: positions, L/S findings, each stamped with its cell."""
        from ecdplan.source.loaded import LoadedFile
        from ecdplan.source.loader import load_text

        if self.plan is None:
            return LoadedFile(self.file, findings=list(self.findings))
        loaded = load_text(self.yaml(), self.file)
        loaded.table = True
        for f in loaded.findings:
            f.cell = f.cell or loaded.cells.get(f.line, "")
        loaded.findings[:0] = self.findings
        at_cells(loaded.findings)
        if self.judgements:
            loaded.findings.append(said("X009", N_("{n} part(s) of the table were read by judgement; `ecdplan import "
                                                   "--dry-run {file}` lists them to confirm"),
                                        {"n": len(self.judgements), "file": Path(self.file).name}, self.file, 0, 0,
                                        judgements=len(self.judgements)))
        return loaded


def at_cells(findings: list[Finding]) -> None:
    """Findings of a spreadsheet read in memory placed at their cells' rows and columns (the YAML's lines are
    ecdplan's, not the file's): what JSON, SARIF and GitHub annotations give as line and column."""
    from ecdplan.source.office.table import cell_position

    for f in findings:
        f.line, f.col = cell_position(f.cell)
