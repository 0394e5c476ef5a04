"""The edges of the commands: what a hostile project, a signal or a full disk can do to them, and cannot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import BUILD_ENV, project_copy, run_ladder

LADDER = Path(sys.executable).parent / "ladder"  # the installed command, as a user runs it (`python -m` would import from cwd)


def _build(project: Path, *extra: str, **kwargs) -> subprocess.CompletedProcess:
    return run_ladder("build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site"), *extra, cwd=project, **kwargs)


def test_a_module_in_the_project_directory_is_not_imported_by_the_build(tmp_path: Path):
    project = project_copy(tmp_path)
    (project / "markdown.py").write_text("print('PROJECT MODULE RAN')\nraise SystemExit(3)\n")
    command = [str(LADDER), "build", "-f", "mkdocs.yml", "-d", "site"]
    result = subprocess.run(command, cwd=project, env=BUILD_ENV, capture_output=True, text=True, timeout=600)
    assert "PROJECT MODULE RAN" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
