"""`ladder build` replaces site/ only when the build succeeded: never half-written, never lost."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import BUILD_ENV, project_copy, run_ladder


def _snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(project: Path) -> subprocess.CompletedProcess:
    return run_ladder("build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site"), cwd=project)


def _first_build(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    project = project_copy(tmp_path)
    result = _build(project)
    assert result.returncode == 0, result.stderr
    (project / "site" / "marker.txt").write_text("the previous site")
    return project, _snapshot(project / "site")


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


def test_successful_build_replaces_the_whole_site(tmp_path: Path):
    project, _ = _first_build(tmp_path)
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "marker.txt").exists()
    assert (project / "site" / "engineering" / "backend" / "e3" / "index.html").is_file()
    assert _leftovers(project) == []


def test_invalid_ladders_leave_the_previous_site_untouched(tmp_path: Path):
    project, before = _first_build(tmp_path)
    role = project / "ladders" / "roles" / "sre.yml"
    role.write_text(role.read_text().replace("name: Site Reliability Engineer", "name: no"))
    result = _build(project)
    assert result.returncode == 1
    assert "ladders/roles/sre.yml:4:7: error: expected text, got a boolean" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(project / "site") == before
    assert _leftovers(project) == []


def test_a_strict_warning_leaves_the_previous_site_untouched(tmp_path: Path):
    project, before = _first_build(tmp_path)
    guide = project / "site_src" / "guides" / "managers.md"
    guide.write_text(guide.read_text() + "\n[A broken link](nowhere.md)\n")
    result = _build(project)
    assert result.returncode == 1
    assert "nowhere.md" in result.stderr
    assert _snapshot(project / "site") == before


def test_a_build_killed_midway_leaves_the_previous_site_untouched(tmp_path: Path):
    project, before = _first_build(tmp_path)
    command = [sys.executable, "-m", "generator", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    process = subprocess.Popen(command, cwd=project, env=BUILD_ENV, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    staged = []
    while time.monotonic() < deadline and process.poll() is None:
        staged = [p for p in project.glob(".site.build-*") if (p / "engineering").exists()]
        if staged:
            break
        time.sleep(0.005)
    assert staged and process.poll() is None, "the build must still be writing pages when it is killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert _snapshot(project / "site") == before
    result = _build(project)  # the next build succeeds and clears what the killed one left
    assert result.returncode == 0, result.stderr
    assert _leftovers(project) == []
