"""A copy of the bundled plans as a project of its own (pyproject.toml with [tool.ecdplan]), for the tests of
`ecdplan serve` that write; and the Flask application over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((REPO_ROOT / "plans").glob("*.yaml"))
GIA_LAI = "plans/gia-lai-2023-2026.yaml"
HOST = "127.0.0.1:8000"


def make_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "plans").mkdir(parents=True)
    (root / "examples").mkdir()
    for p in PLANS:
        shutil.copy(p, root / "plans" / p.name)
    for p in (REPO_ROOT / "examples").glob("progress-*.yaml"):
        shutil.copy(p, root / "examples" / p.name)
    (root / "schemas").mkdir()
    (root / "pyproject.toml").write_text('[tool.ecdplan]\nplans = ["plans/*.yaml"]\n'
                                         'default = "plans/gia-lai-2023-2026.yaml"\n', encoding="utf-8")
    (root / "secret.txt").write_text("not a plan\n", encoding="utf-8")
    return root


def make_app(root: Path, lang: str = "en", password: str | None = None, host: str = "127.0.0.1", port: int = 8000):
    from ecdplan.web.app import create_app
    from ecdplan.web.project import Project

    return create_app(Project.open(start=root), host, port, password, lang)


@pytest.fixture
def root(tmp_path):
    """The project copied into the test's own folder (the tests of serve import this fixture by name)."""
    return make_project(tmp_path)


@pytest.fixture
def client(root):
    return make_app(root).test_client()


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the project folder with its bytes: what a refused request must leave as it was."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
