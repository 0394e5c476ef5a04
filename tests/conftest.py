from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The tool's own handbook to build and break: a frozen copy of the sample, so that an organisation that
# replaces ladders/ (or the sample changes) keeps the tool's tests green. The sample itself is checked
# by tests/test_sample.py.
HANDBOOK = FIXTURES / "handbook"


def run_ladder(*args: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = 600, **popen) -> subprocess.CompletedProcess:
    """Run the real `ladder` command in a child process, as a user would; a hang fails after `timeout` seconds."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout, **popen
    )


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (path under `root` -> text) into `root`, making directories as needed; returns `root`."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small test organisation, as `tmp_path/ladders`."""
    target = tmp_path / "ladders"
    shutil.copytree(FIXTURES / "mini", target)
    return target


BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def mkdocs_build(config: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    """A real `mkdocs build --strict`, in a child process."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site), *extra]
    return subprocess.run(command, capture_output=True, text=True, env=BUILD_ENV, timeout=600)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The sample handbook, built once per test session."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(HANDBOOK / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def project_copy(tmp_path: Path) -> Path:
    """A copy of this project's ladders, pages, theme and configuration, to break or vary."""
    project = tmp_path / "project"
    for name in ("ladders", "site_src", "theme"):
        shutil.copytree(HANDBOOK / name, project / name)
    shutil.copy(HANDBOOK / "mkdocs.yml", project / "mkdocs.yml")
    return project
