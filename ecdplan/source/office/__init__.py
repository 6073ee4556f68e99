"""Plans kept in office files (a Word plan, `.docx`), read into the data the YAML loader gives, in memory.

`load_office(path)` is what the loader calls first: a LoadedFile for a file it reads, None for any other file.
The readers and their libraries are imported only when such a file is read (start-up stays as it is).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ecdplan.source.loaded import LoadedFile


def load_office(path: str | Path) -> LoadedFile | None:
    """The plan in an office file, by its suffix (`.docx`); None when the file is not one."""
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".docx":
        from ecdplan.source.loaded import LoadedFile
        from ecdplan.source.office.docx import read_docx

        imported = read_docx(path)
        return LoadedFile(str(path), data=imported.data, positions=dict(imported.positions),
                          findings=list(imported.findings), poisoned=set(imported.poisoned))
    return None
