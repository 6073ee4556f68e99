"""What the loader makes of a file: `LoadedFile` (the data, a `file:line:col` for every value, the loader's
findings), the `REFUSED` marker a refused value leaves in the data, and `said`, a finding at a position."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecdplan.rules.findings import Finding

Path_ = tuple[Any, ...]  # a location in the data: ("interventions", 0, "cost", "total")


class _Refused:
    """A value the loader refused (a finding says why). It stays in the data, where no model accepts it, so a plan
    with a refused value is never used for figures; its path is in `poisoned`, so it is reported only once."""

    def __repr__(self) -> str:
        return "<refused value>"


REFUSED = _Refused()

def said(code: str, template: str, params: dict[str, object], file: str, line: int, col: int,
         **figures: object) -> Finding:
    """A finding whose message is `template` (English, marked N_) filled with `params`."""
    return Finding(code=code, message=template.format(**params), file=file, line=line, col=col, figures=figures,
                   template=template, params=params)


@dataclass
class LoadedFile:
    """What the loader made of one file: the data (None if unusable), positions and findings."""

    file: str
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    poisoned: set[Path_] = field(default_factory=set)  # values the loader refused (already reported)
    # the positions of the items of each list, packed (line << 32 | column): a national plan's lists of names
    # hold most of its values, and a path and a pair for each would take more memory than the data itself
    item_positions: dict[Path_, Any] = field(default_factory=dict)
    cells: dict[int, str] = field(default_factory=dict)  # line -> spreadsheet cell, for a plan imported from one
    table: bool = False  # a spreadsheet read in memory: its findings are placed at rows and columns of cells

    @property
    def usable(self) -> bool:
        return self.data is not None and not any(f.rule.fatal for f in self.findings)

    def position(self, path: Path_) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            last = path[-1]
            if isinstance(last, int):
                marks = self.item_positions.get(path[:-1])
                if marks is not None and 0 <= last < len(marks):
                    return marks[last] >> 32, marks[last] & 0xFFFFFFFF
            path = path[:-1]
        return self.positions.get((), (1, 1))

