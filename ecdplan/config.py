"""Project configuration: `[tool.ecdplan]` in the nearest pyproject.toml, or an ecdplan.toml.

    [tool.ecdplan]
    plans = ["plans/*.yaml"]                    # what `ecdplan validate` checks with no argument
    default = "plans/gia-lai-2023-2026.yaml"    # the plan other commands use with no argument

Searched upward from the current directory; paths are relative to the file that names them.
"""

from __future__ import annotations

from .errors import EcdplanError

import glob
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(EcdplanError):
    """The configuration is missing or unusable (exit status 2)."""


@dataclass
class Config:
    file: Path
    plans: list[str] = field(default_factory=list)
    default: str | None = None

    @property
    def root(self) -> Path:
        return self.file.parent

    def plan_files(self) -> list[Path]:
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
        raise ConfigError(f"{self.file}: no `default` plan is set in [tool.ecdplan]; name a plan file")


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None


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
        raise ConfigError(f"{path}: [tool.ecdplan] `plans` must be a list of paths and `default` a path")
    return Config(path, plans, default)


def require_config() -> Config:
    config = find_config()
    if config is None:
        raise ConfigError("no plan file given, and no [tool.ecdplan] in a pyproject.toml or ecdplan.toml "
                          "here or above to name one")
    return config
