"""Project configuration: `[tool.ecdplan]` in the nearest pyproject.toml, or an ecdplan.toml.

    [tool.ecdplan]
    plans = ["plans/*.yaml"]                    # what `ecdplan validate` checks with no argument
    default = "plans/gia-lai-2023-2026.yaml"    # the plan other commands use with no argument
    lang = "vi"                                 # the language of every output when --lang is not given

Searched upward from the current directory; paths are relative to the file that names them.
"""

from __future__ import annotations

from ecdplan.errors import EcdplanError
from ecdplan.i18n.messages import N_, Phrase
from ecdplan.vocab import LANGS

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
        import glob  # deferred: only a run without a plan file needs it

        found: list[Path] = []
        for pattern in self.plans:
            matches = sorted(glob.glob(str(self.root / pattern), recursive=True))
            found += [Path(m) for m in matches if Path(m) not in found]
        return found

    def default_plan(self) -> Path:
        if self.default:
            return self.root / self.default
        files = self.plan_files()
        if len(files) == 1:
            return files[0]
        raise ConfigError(Phrase(N_("{file}: no `default` plan is set in [tool.ecdplan]; name a plan file"),
                                 file=self.file))


def _read_toml(path: Path) -> dict:
    import tomllib  # deferred: only a folder with a pyproject.toml or ecdplan.toml needs it

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(Phrase(N_("{file}: cannot read the configuration: {reason}"), file=path,
                                 reason=exc)) from None


def find_config(start: Path | None = None) -> Config | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "ecdplan.toml"
        if own.is_file():
            data = _read_toml(own)
            return _config(own, data.get("tool", {}).get("ecdplan", data))
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            section = _read_toml(pyproject).get("tool", {}).get("ecdplan")
            if section is not None:
                return _config(pyproject, section)
    return None


def _config(path: Path, section: dict) -> Config:
    plans = section.get("plans", [])
    if isinstance(plans, str):
        plans = [plans]
    default = section.get("default")
    if not all(isinstance(p, str) for p in plans) or (default is not None and not isinstance(default, str)):
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
