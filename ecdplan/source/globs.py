"""File name patterns (`plans/*.yaml`, `**/*.yaml`) expanded by a bounded walk that follows no link twice.

Python's `glob` follows a link to a folder above it (`self -> .`) until the name is too long: one plan found 41
times and minutes of walking. Here every folder is entered once (by device and inode, links followed), every file
is listed once, names starting with a dot are matched only by a pattern starting with a dot (as `glob` does), and a
walk that looks at more than LIMIT entries stops with a clear error. With `within`, no folder outside it is entered
and a match whose real path is outside it is returned apart, as refused.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

from ecdplan.errors import EcdplanError
from ecdplan.i18n.messages import N_, Phrase

LIMIT = 200_000  # directory entries one pattern may look at


@dataclass
class Matches:
    files: list[Path] = field(default_factory=list)
    outside: list[Path] = field(default_factory=list)  # matches whose real path is outside `within`


def inside(path: str | Path, folder: str | Path) -> bool:
    """Whether `path` (a real, absolute path) is `folder` or below it."""
    path, folder = os.path.normcase(str(path)), os.path.normcase(str(folder))
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def literal_prefix(pattern: str) -> str:
    """The part of a pattern before its first wildcard, as a folder (`../../etc/*` → `../../etc`)."""
    parts = pattern.replace(os.sep, "/").split("/")
    out = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        out.append(part)
    return "/".join(out)


def expand(pattern: str, base: Path | None = None, within: Path | None = None, matches: Matches | None = None,
           seen_files: set | None = None) -> Matches:
    """The files (not folders) matching `pattern`, relative to `base` (default: the current folder), sorted, each
    once; with `within`, files outside it are in `outside` and folders outside it are not entered."""
    matches = matches if matches is not None else Matches()
    seen_files = seen_files if seen_files is not None else set()
    limit = [LIMIT]
    within_real = os.path.realpath(within) if within is not None else None
    text = str(Path(base) / pattern) if base is not None else pattern
    absolute = os.path.isabs(text)
    parts = [p for p in text.replace(os.sep, "/").split("/") if p not in ("", ".")]
    start = os.sep if absolute else "."
    found: list[str] = []
    entered: set[tuple[int, int]] = set()

    def listing(folder: str) -> list[os.DirEntry]:
        try:
            with os.scandir(folder) as entries:
                out = []
                for entry in entries:
                    limit[0] -= 1
                    if limit[0] < 0:
                        raise EcdplanError(Phrase(N_("the pattern {pattern} looks at more than {n} files and folders; "
                                                     "make it narrower"), pattern=pattern, n=f"{LIMIT:,}"))
                    out.append(entry)
                return out
        except OSError:
            return []

    def enter(folder: str) -> bool:
        """Whether the walk may enter this folder: not entered before, not outside `within`."""
        try:
            info = os.stat(folder)
        except OSError:
            return False
        key = (info.st_dev, info.st_ino)
        if key in entered:
            return False
        if within_real is not None and not inside(os.path.realpath(folder), within_real):
            return False
        entered.add(key)
        return True

    def walk(folder: str, i: int, recursing: bool = False) -> None:
        if i == len(parts):
            if os.path.isfile(folder):
                found.append(folder)
            return
        part = parts[i]
        if part == "**":
            if not recursing and not enter(folder):
                return
            walk(folder, i + 1)  # ** matches no folder at all
            for entry in listing(folder):
                if entry.name.startswith("."):
                    continue
                sub = os.path.join(folder, entry.name)
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    continue
                if is_dir and enter(sub):
                    walk(sub, i, recursing=True)
                elif not is_dir and i + 1 == len(parts):  # a pattern ending in ** names every file below
                    found.append(sub)
            return
        if not glob.has_magic(part):
            sub = os.path.join(folder, part)
            if i + 1 == len(parts) or os.path.isdir(sub):
                walk(sub, i + 1)
            return
        for entry in sorted(listing(folder), key=lambda e: e.name):
            if entry.name.startswith(".") and not part.startswith("."):
                continue
            if fnmatch.fnmatch(entry.name, part):
                walk(os.path.join(folder, entry.name), i + 1)

    walk(start, 0)
    for name in sorted(found):
        try:
            info = os.stat(name)
        except OSError:
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen_files:
            continue
        seen_files.add(key)
        path = Path(os.path.normpath(name))
        if within_real is not None and not inside(os.path.realpath(name), within_real):
            matches.outside.append(path)
        else:
            matches.files.append(path)
    return matches
