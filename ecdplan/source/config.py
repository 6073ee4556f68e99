"""Project configuration: `[tool.ecdplan]` in the nearest pyproject.toml, or an ecdplan.toml.

    [tool.ecdplan]
    plans = ["plans/*.yaml"]                    # what `ecdplan validate` checks with no argument
    default = "plans/gia-lai-2023-2026.yaml"    # the plan other commands use with no argument
    lang = "vi"                                 # the language of every output when --lang is not given

Searched upward from the current directory, up to the first pyproject.toml or ecdplan.toml or the repository's
root (.git); a file another user owns is not read. Paths are relative to the file that names them; none may lead
outside its folder (L012).
"""

from __future__ import annotations

from ecdplan.errors import EcdplanError
from ecdplan.i18n.messages import N_, Phrase
from ecdplan.vocab import LANGS

import os
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(EcdplanError):
    """The configuration is missing or unusable (exit status 2)."""


@dataclass
class Config:
    file: Path
    plans: list[str] = field(default_factory=list)
    default: str | None = None
    lang: str | None = None

    @property
    def root(self) -> Path:
        return self.file.parent

    def plan_files(self) -> list[Path]:
        """The files `plans` names, each once; ConfigError (L012) if a pattern reaches outside the project."""
        files, refused = self.plan_matches()
        if refused:
            pattern, _ = refused[0]
            raise ConfigError(Phrase(N_("{file}: [tool.ecdplan] plans {pattern} reaches outside the project folder "
                                        "{root} (L012); name plans inside it"), file=self.file, pattern=pattern,
                                     root=self.root))
        return files

    def plan_matches(self) -> tuple[list[Path], list[tuple[str, Path | None]]]:
        """The files `plans` names inside the project, each once, and the patterns refused for reaching outside
        it (with the first file they reached outside, or None when the pattern itself starts outside): nothing
        outside the project folder is read, nor any folder outside it walked."""
        from ecdplan.source import globs

        found = globs.Matches()
        seen: set = set()
        refused: list[tuple[str, Path | None]] = []
        root = self.root
        for pattern in self.plans:
            prefix = root / globs.literal_prefix(pattern)
            if not globs.inside(os.path.realpath(prefix), os.path.realpath(root)):
                refused.append((pattern, None))
                continue
            before = len(found.outside)
            globs.expand(pattern, root, within=root, matches=found, seen_files=seen)
            if len(found.outside) > before:
                refused.append((pattern, found.outside[before]))
        return found.files, refused

    def outside_findings(self, refused: list[tuple[str, Path | None]], shown: str | None = None) -> list:
        """An L012 finding for each refused pattern, at its place in the configuration file (named `shown`)."""
        from ecdplan.source.loaded import said

        try:
            lines = self.file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        out = []
        for pattern, reached in refused:
            line, col = next(((i + 1, text.index(pattern) + 1) for i, text in enumerate(lines) if pattern in text),
                             (1, 1))
            if reached is None:
                out.append(said("L012", N_("the plans pattern {pattern} starts outside the project folder {root}; "
                                           "it is not expanded"), {"pattern": pattern, "root": str(self.root)},
                                shown or str(self.file), line, col))
            else:
                out.append(said("L012", N_("the plans pattern {pattern} reaches {path}, outside the project folder "
                                           "{root}; it is not read"),
                                {"pattern": pattern, "path": str(reached), "root": str(self.root)},
                                shown or str(self.file), line, col))
        return out

    def default_plan(self) -> Path:
        if self.default:
            path = self.root / self.default
            if not globs_inside(path, self.root):
                raise ConfigError(Phrase(N_("{file}: [tool.ecdplan] default {path} is outside the project folder "
                                            "{root} (L012); name a plan inside it"), file=self.file,
                                         path=self.default, root=self.root))
            return path
        files = self.plan_files()
        if len(files) == 1:
            return files[0]
        raise ConfigError(Phrase(N_("{file}: no `default` plan is set in [tool.ecdplan]; name a plan file"),
                                 file=self.file))


def globs_inside(path: Path, root: Path) -> bool:
    from ecdplan.source.globs import inside

    return inside(os.path.realpath(path), os.path.realpath(root))


def _read_toml(path: Path, ours: bool = True) -> dict | None:
    """The TOML file's data; a broken file is an error when it is ecdplan's (ecdplan.toml, or a pyproject.toml that
    mentions [tool.ecdplan]), else None: another tool's project file is not ecdplan's to check."""
    import tomllib  # deferred: only a folder with a pyproject.toml or ecdplan.toml needs it

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        if not ours:
            return None
        raise ConfigError(Phrase(N_("{file}: cannot read the configuration: {reason}"), file=path,
                                 reason=exc)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if not ours and "tool.ecdplan" not in text.replace(" ", "").replace('"', ""):
            return None
        raise ConfigError(Phrase(N_("{file}: cannot read the configuration: {reason}"), file=path,
                                 reason=exc)) from None
    return data


def _trusted(path: Path) -> bool:
    """A configuration file that the user (or the system's administrator) wrote: another user's file could make
    ecdplan read and quote files the user never named."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: no owners to compare
        return True
    try:
        owner = path.stat().st_uid
    except OSError:
        return False
    return owner in (getuid(), 0)


def find_config(start: Path | None = None) -> Config | None:
    """The project's configuration: the first ecdplan.toml or pyproject.toml from `start` (the current folder) up,
    not above the repository's root (a folder with .git). A pyproject.toml without [tool.ecdplan], or a file
    another user owns, ends the search without a configuration."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the current folder was removed
        return None
    for folder in (here, *here.parents):
        for name in ("ecdplan.toml", "pyproject.toml"):
            candidate = folder / name
            try:
                if not candidate.is_file():
                    continue
            except OSError:
                continue
            if not _trusted(candidate):
                return None
            data = _read_toml(candidate, ours=name == "ecdplan.toml")
            if data is None:
                return None
            if name == "ecdplan.toml":
                tool = data.get("tool")
                return _config(candidate, tool.get("ecdplan", data) if isinstance(tool, dict) else data)
            tool = data.get("tool")
            section = tool.get("ecdplan") if isinstance(tool, dict) else None
            return _config(candidate, section) if section is not None else None
        try:
            if (folder / ".git").exists():
                return None
        except OSError:
            return None
    return None


def _config(path: Path, section: dict) -> Config:
    if not isinstance(section, dict):
        section = {"plans": None}
    plans = section.get("plans", [])
    if isinstance(plans, str):
        plans = [plans]
    default = section.get("default")
    if not isinstance(plans, list) or not all(isinstance(p, str) for p in plans) \
            or (default is not None and not isinstance(default, str)):
        raise ConfigError(Phrase(N_("{file}: [tool.ecdplan] `plans` must be a list of paths and `default` a path"),
                                 file=path))
    lang = section.get("lang")
    if lang is not None and lang not in LANGS:
        raise ConfigError(Phrase(N_("{file}: [tool.ecdplan] `lang` must be one of {langs}, not {lang}"), file=path,
                                 langs=", ".join(LANGS), lang=repr(lang)))
    return Config(path, plans, default, lang)


def require_config() -> Config:
    config = find_config()
    if config is None:
        raise ConfigError(Phrase(N_("no plan file given, and no [tool.ecdplan] in a pyproject.toml or ecdplan.toml "
                                 "here or above to name one")))
    return config


LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set decides


def locale_lang(environ=None) -> str | None:
    """The language of the user's locale (`vi_VN.UTF-8` → vi), if ecdplan speaks it."""
    import os

    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            code = value.split(".")[0].split("_")[0].split("@")[0].lower()
            return code if code in LANGS else None
    return None


def resolve_lang(given: str | None) -> str:
    """The one language of every output: --lang, else [tool.ecdplan] lang, else the locale, else English."""
    if given:
        return given
    config = find_config()
    if config is not None and config.lang:
        return config.lang
    return locale_lang() or "en"
