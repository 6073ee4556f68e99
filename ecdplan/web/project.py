"""The files `ecdplan serve` may read and write: the project's plans (or the files given), the progress files
inside the project that report on them, and new plans written by an upload. Nothing else: a plan is looked up
by its name in that list (never by a path built from a URL or a form), and every file read or written is checked
to lie inside the project folder once its links are resolved.

Each plan's checked and compiled state is kept while the file is unchanged on disk (same modification time,
size and content hash); an edit made in an editor is read again on the next request."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ecdplan.errors import EcdplanError
from ecdplan.i18n.messages import N_, Phrase

SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"}
MAX_SCANNED = 5000  # files looked at for progress files: a project folder, not a disk


class OutsideProject(EcdplanError):
    """A path or plan name that is not one of the project's files (refused, nothing read or written)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, its links resolved, lies within `root` (also resolved)."""
    try:
        real, top = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    except (OSError, ValueError):
        return False
    return real == top or top in real.parents


@dataclass
class PlanState:
    """One plan file as last read: its bytes' hash, the check result, the compiled plan (None when it cannot
    give figures) and the error that says why."""

    key: tuple
    digest: str
    text: str
    result: object
    compiled: object | None
    error: EcdplanError | None
    partial: bool = False


@dataclass
class Project:
    root: Path
    plans: list[Path]  # resolved, inside root
    default: Path | None = None
    _states: dict[Path, PlanState] = field(default_factory=dict, repr=False)
    _progress: tuple | None = field(default=None, repr=False)
    _formats: dict = field(default_factory=dict, repr=False)  # path -> ((mtime, size), is a progress file)
    config: object | None = field(default=None, repr=False)  # [tool.ecdplan], when its plans are the ones served
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, files: list[Path] | None = None, start: Path | None = None) -> Project:
        """The project of the current folder ([tool.ecdplan]), or the files given (inside the project folder
        when there is one, else inside the current folder). EcdplanError when there is no plan to serve."""
        from ecdplan.source.config import find_config

        config = find_config(start)
        root = Path(os.path.realpath(config.root if config is not None else (start or Path.cwd())))
        if files:
            plans = []
            for f in files:
                if not inside(f, root):
                    raise OutsideProject(Phrase(N_("{file} is outside the project folder {root}; serve plans inside "
                                                   "it"), file=f, root=root))
                if not Path(f).is_file():
                    raise EcdplanError(Phrase(N_("{file}: no such file"), file=f))
                plans.append(Path(os.path.realpath(f)))
        elif config is not None:
            plans = [Path(os.path.realpath(p)) for p in config.plan_files()]
        else:
            raise EcdplanError(Phrase(N_("no plan to serve: give plan files, or run it in a project with "
                                         "[tool.ecdplan] plans")))
        if not plans:
            raise EcdplanError(Phrase(N_("no plan to serve: [tool.ecdplan] plans match no file")))
        default = None
        if config is not None and config.default:
            candidate = Path(os.path.realpath(config.root / config.default))
            default = candidate if candidate in plans else None
        return cls(root, list(dict.fromkeys(plans)), default, config=None if files else config)

    # --- names -------------------------------------------------------------------------------------------------

    def name(self, path: Path) -> str:
        """The plan's name in URLs: its path relative to the project folder, with /."""
        return Path(path).relative_to(self.root).as_posix()

    def names(self) -> list[str]:
        self.refresh()
        return [self.name(p) for p in self.plans]

    def refresh(self) -> None:
        """The plans `[tool.ecdplan] plans` names now: a plan file added or removed since the start is seen."""
        if self.config is None:
            return
        try:
            found = [Path(os.path.realpath(p)) for p in self.config.plan_files()]
        except (EcdplanError, OSError):
            return
        with self._lock:
            kept = [p for p in self.plans if p not in found and p.is_file()]  # written by an upload
            self.plans = [p for p in dict.fromkeys(found + kept) if inside(p, self.root)]

    def plan_path(self, name: str) -> Path:
        """The plan named `name` (as `name()` gives it); OutsideProject for anything else, whatever it says."""
        if name not in (self.name(p) for p in self.plans):
            self.refresh()  # a plan file added since the start
        for p in self.plans:
            if self.name(p) == name:
                if not inside(p, self.root):  # a link changed since start to point outside
                    break
                return p
        raise OutsideProject(Phrase(N_("{name} is not a plan of this project"), name=name))

    # --- reading -----------------------------------------------------------------------------------------------

    def state(self, name: str) -> PlanState:
        """The plan's state, read again when the file changed on disk since it was last read."""
        path = self.plan_path(name)
        try:
            st = path.stat()
        except OSError as exc:  # removed or unreadable since the server started
            raise EcdplanError(Phrase(N_("{file}: cannot be read ({reason})"), file=name,
                                      reason=exc.strerror or type(exc).__name__)) from None
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        with self._lock:
            known = self._states.get(path)
            if known is not None and known.key == key:
                return known
            data = path.read_bytes()
            digest = sha256(data)
            if known is not None and known.digest == digest:
                known.key = key
                return known
            state = read_state(path, key, data, digest)
            self._states[path] = state
            return state

    def add_plan(self, path: Path) -> str:
        real = Path(os.path.realpath(path))
        if not inside(real, self.root):
            raise OutsideProject(Phrase(N_("{name} is not a plan of this project"), name=str(path)))
        if real not in self.plans:
            self.plans.append(real)
        return self.name(real)

    def progress_files(self) -> dict[Path, list[Path]]:
        """The progress files inside the project folder, by the (resolved) plan file they report on; scanned
        again when a folder's listing changed."""
        from ecdplan.formats.registry import PROGRESS, file_format

        found: list[Path] = []
        seen = 0
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
            for f in sorted(files):
                seen += 1
                if seen > MAX_SCANNED:
                    break
                if f.endswith((".yaml", ".yml")):
                    p = Path(folder) / f
                    if inside(p, self.root) and Path(os.path.realpath(p)) not in self.plans:
                        try:
                            st = p.stat()
                            seen_key = (st.st_mtime_ns, st.st_size)
                            known = self._formats.get(p)
                            if known is None or known[0] != seen_key:  # each file's format read once
                                known = (seen_key, file_format(p) is PROGRESS)
                                self._formats[p] = known
                            if known[1]:
                                found.append(p)
                        except (OSError, ValueError, EcdplanError):
                            continue
        key = tuple((str(p), p.stat().st_mtime_ns) for p in found)
        if self._progress is not None and self._progress[0] == key:
            return self._progress[1]
        from ecdplan.pipeline import check_progress_file

        by_plan: dict[Path, list[Path]] = {}
        for p in found:
            result = check_progress_file(p)
            if result.plan_file:
                plan = Path(os.path.realpath(result.plan_file))
                if plan in self.plans:
                    by_plan.setdefault(plan, []).append(p)
        self._progress = (key, by_plan)
        return by_plan


def read_state(path: Path, key: tuple, data: bytes, digest: str) -> PlanState:
    """Check and compile the plan (figures with what could not be read left out, and said so)."""
    from ecdplan.pipeline import check_file, compiled_from

    result = check_file(path)
    compiled, error, partial = None, None, False
    try:
        compiled = compiled_from(result, False)
    except EcdplanError as exc:
        error = exc
        try:
            compiled, partial = compiled_from(result, True), True
        except EcdplanError:
            compiled = None
    text = data.decode("utf-8", errors="replace")
    return PlanState(key, digest, text, result, compiled, error, partial)


SLUG = re.compile(r"[^a-z0-9-]+")


def new_plan_name(folder: Path, plan_id: str) -> Path:
    """A new file in `folder` named after the plan's id, never an existing file's name."""
    stem = SLUG.sub("-", (plan_id or "imported").lower()).strip("-")[:60] or "imported"
    candidate = folder / f"{stem}.yaml"
    n = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem}-{n}.yaml"
        n += 1
    return candidate
