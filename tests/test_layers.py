"""The layers contract can fail: lint-imports passes on the package and refuses a copy with one upward import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    # In a subprocess from the project's folder: import-linter reads pyproject.toml and imports the package from
    # sys.path, so the copy must come first on it.
    env = {"PYTHONPATH": str(project), "PATH": str(Path(sys.executable).parent)}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "shenzhen_facts", project / "shenzhen_facts")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def test_the_package_keeps_its_layers(tmp_path: Path) -> None:
    done = _lint_imports(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    project = _copy(tmp_path)
    model = project / "shenzhen_facts" / "core" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom shenzhen_facts.store import dataset  # up\n")
    done = _lint_imports(project)
    assert done.returncode != 0
    assert "shenzhen_facts.core.model -> shenzhen_facts.store.dataset" in done.stdout


def test_rich_outside_the_renderer_breaks_the_contract(tmp_path: Path) -> None:
    project = _copy(tmp_path)
    views = project / "shenzhen_facts" / "presentation" / "views.py"
    views.write_text(views.read_text(encoding="utf-8") + "\nimport rich.text  # not here\n")
    done = _lint_imports(project)
    assert done.returncode != 0
    assert "shenzhen_facts.presentation.views is not allowed to import rich" in done.stdout
