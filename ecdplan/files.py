"""Writing output files safely: atomically (temp file + rename), and never over an input plan."""

from __future__ import annotations

from .errors import EcdplanError

import os
import tempfile
from pathlib import Path


class OutputError(EcdplanError):
    """The output file cannot or must not be written (exit status 2)."""


def write_atomic(path: Path, data: str | bytes, inputs: list[Path] = ()) -> None:
    target = Path(path)
    for source in inputs:
        if target.exists() and Path(source).exists() and os.path.samefile(target, source):
            raise OutputError(f"{target} is an input plan; refusing to write over it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a folder")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
