"""The package carries everything a handbook needs: built as a wheel, installed into a fresh
virtual environment, it builds a handbook repository that holds only ladders, pages and mkdocs.yml."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from .browser import Server, checkbox, click_checkbox
from .browser import browser  # noqa: F401 (fixture)
from .conftest import BUILD_ENV, FIXTURES, ROOT, mkdocs_build, project_copy, run_ladder, write_tree

HANDBOOK_CONFIG = """\
site_name: Mini handbook
site_url: {url}
docs_dir: site_src
theme:
  name: material
  font: false
plugins:
  - search
  - ladder
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source")  # setuptools writes build/ beside the sources: not into the project
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (found,) = out.glob("ladder_handbook-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel and what it depends on, as `pip install` gives a user."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + ["-r", str(ROOT / "requirements.lock"), str(wheel)], check=True, capture_output=True, timeout=900)
    return venv


def _handbook(tmp_path: Path, url: str = "http://127.0.0.1/") -> Path:
    """A handbook repository as an organisation keeps it: ladders, a home page and mkdocs.yml, nothing else."""
    repo = tmp_path / "handbook"
    shutil.copytree(FIXTURES / "mini", repo / "ladders")
    write_tree(repo, {"site_src/index.md": "# Mini handbook\n", "mkdocs.yml": HANDBOOK_CONFIG.format(url=url)})
    return repo


def test_the_wheel_holds_the_templates_stylesheet_script_and_override(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("generator/templates/role_level.md.j2", "generator/theme/main.html",
                 "generator/theme/assets/ladder/ladder.css", "generator/theme/assets/ladder/ladder.js"):
        assert name in names, name


def test_the_installed_package_needs_no_test_tools(installed: Path):
    result = subprocess.run([str(installed / "bin" / "python"), "-c", "import pytest"], capture_output=True, timeout=60)
    assert result.returncode != 0


def test_from_the_wheel_ladder_new_checks_and_builds_a_handbook_whose_checklist_works(installed: Path, tmp_path: Path, browser):  # noqa: F811
    """The adoption path: install, `ladder new`, `ladder check --strict`, `mkdocs build --strict`, tick a box."""
    site = tmp_path / "site"
    site.mkdir()
    server = Server(site)
    env = {**BUILD_ENV, "PATH": f"{installed / 'bin'}{os.pathsep}{os.environ['PATH']}"}

    def run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)

    try:
        made = run(str(installed / "bin" / "ladder"), "new", "handbook", "--org", "Example Co", cwd=tmp_path)
        assert made.returncode == 0, made.stderr
        repo = tmp_path / "handbook"
        config = repo / "mkdocs.yml"
        config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {server.url}/", config.read_text()))
        check = run(str(installed / "bin" / "ladder"), "check", "ladders", "--strict", cwd=repo)
        assert check.returncode == 0, check.stderr
        build = run(str(installed / "bin" / "mkdocs"), "build", "--strict", "-d", str(site), cwd=repo)
        assert build.returncode == 0, build.stderr
        assert not [p for p in site.rglob("*.html") if "Tidewater" in p.read_text(encoding="utf-8")]
        for asset in ("assets/ladder/ladder.css", "assets/ladder/ladder.js"):
            assert (site / asset).read_bytes() == (ROOT / "generator" / "theme" / asset).read_bytes()
        level = next(p for p in sorted(site.rglob("index.html")) if 'class="ladder-checklist"' in p.read_text(encoding="utf-8"))
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "/" + level.parent.relative_to(site).as_posix() + "/")
        first = page.locator(".ladder-expectation").first.get_attribute("id")
        click_checkbox(page, first)
        assert checkbox(page, first).is_checked()
        assert page.locator(".ladder-progress--total").text_content().startswith("1 of ")
        page.reload()
        assert checkbox(page, first).is_checked()
        context.close()
    finally:
        server.close()


def test_an_organisations_custom_dir_overrides_the_packages_files(tmp_path: Path):
    project = project_copy(tmp_path)
    write_tree(project / "theme", {
        "assets/ladder/ladder.css": "/* our own checklist look */\n",
        "main.html": '{% extends "base.html" %}\n{% block extrahead %}<meta name="ours" content="1">{% endblock %}\n',
    })
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "assets" / "ladder" / "ladder.css").read_text() == "/* our own checklist look */\n"
    page = (project / "site" / "engineering" / "backend" / "e3" / "index.html").read_text()
    assert '<meta name="ours" content="1">' in page
    assert "assets/ladder/ladder.js" in page  # the script still comes, through extra_javascript
    assert "Tidewater Labs people team" in page  # and the sample's own footer


def test_the_export_of_a_minimal_handbook_carries_the_checklist_without_the_plugin(tmp_path: Path):
    repo = _handbook(tmp_path)
    result = run_ladder("export", str(tmp_path / "out"), "-f", str(repo / "mkdocs.yml"), cwd=repo)
    assert result.returncode == 0, result.stderr
    exported = yaml.safe_load((tmp_path / "out" / "mkdocs.yml").read_text())
    assert exported["plugins"] == ["search"]
    built = mkdocs_build(tmp_path / "out" / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "mini" / "mini-role" / "l2" / "index.html").read_text()
    assert "task-list-indicator" in page and 'class="ladder-checklist"' in page
    for asset in ("assets/ladder/ladder.css", "assets/ladder/ladder.js"):
        assert asset in page
        assert (tmp_path / "site" / asset).read_bytes() == (ROOT / "generator" / "theme" / asset).read_bytes()
