"""Zensical, Material for MkDocs's successor, builds the handbook's export, and the checklist works there.

Zensical reads mkdocs.yml but runs no MkDocs plugins, so a handbook moves to it through `ladder export`
(docs/migrating-to-zensical.md). Zensical goes into a virtual environment of its own, made once per
session from requirements-zensical.lock: its dependencies need not agree with ours. Where it cannot be
installed these tests skip, except under CI (CI=true), where they fail. One export and one Zensical
build serve every test here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .browser import Server, checkbox, click_checkbox, watch_errors
from .browser import browser  # noqa: F401 (fixture)
from .conftest import ROOT, project_copy, run_ladder
from .html import parse

LOCK = ROOT / "requirements-zensical.lock"
E3 = "engineering/backend/e3"


def _unavailable(message: str) -> None:
    """Skip when Zensical cannot be had; under CI, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must install it from requirements-zensical.lock)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def zensical(tmp_path_factory) -> Path:
    """The `zensical` command of a fresh virtual environment holding exactly what the lock file pins."""
    venv = tmp_path_factory.mktemp("zensical") / "venv"
    steps = ([sys.executable, "-m", "venv", str(venv)],
             [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(LOCK)])
    for command in steps:
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            _unavailable(f"Zensical could not be installed from {LOCK.name}: `{command[2]}` took over 600 s")
        if result.returncode != 0:
            said = [line for line in result.stderr.splitlines() if line.startswith("ERROR")] or result.stderr.splitlines()[-1:]
            _unavailable(f"Zensical could not be installed from {LOCK.name}: {' '.join(said)}")
    return venv / "bin" / "zensical"


@pytest.fixture(scope="session")
def exported(zensical: Path, tmp_path_factory):
    """The sample handbook exported, built by `zensical build --strict` and served: (export, build, server)."""
    tmp = tmp_path_factory.mktemp("zensical-site")
    out = tmp / "exported"
    server = Server(out / "site")  # the address first: the site is built for publishing there
    try:
        project = project_copy(tmp)
        config = project / "mkdocs.yml"
        config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {server.url}/", config.read_text()))
        export = run_ladder("export", str(out), cwd=project)
        assert export.returncode == 0, export.stderr
        build = subprocess.run([str(zensical), "build", "--strict", "-f", "mkdocs.yml"], cwd=out, capture_output=True,
                               text=True, timeout=600)
        yield out, build, server
    finally:
        server.close()


def test_zensical_builds_the_export_without_a_warning(exported):
    _, build, _ = exported
    said = build.stdout + build.stderr
    assert build.returncode == 0, said
    assert "No issues found" in said and "Warning" not in said and "Error" not in said, said


def test_every_exported_page_is_in_the_zensical_site(exported):
    out, build, _ = exported
    assert build.returncode == 0, build.stderr
    docs, site = out / "docs", out / "site"
    pages = sorted(path.relative_to(docs).with_suffix("") for path in docs.rglob("*.md"))
    assert len(pages) > 50  # the handbook's generated pages, not only the hand-written ones
    missing = [page for page in pages if not (site / (page.parent if page.name == "index" else page) / "index.html").is_file()]
    assert missing == []


def _title(page: Path) -> str:
    return parse(page).title.removesuffix(" - Tidewater Labs career handbook")


def test_the_zensical_site_holds_a_family_page_a_role_level_and_its_self_assessment(exported):
    out, build, _ = exported
    assert build.returncode == 0, build.stderr
    site = out / "site"
    family = site / "engineering" / "index.html"
    assert _title(family) == "Engineering"
    assert 'href="matrix/"' in family.read_text(encoding="utf-8")
    level = (site / E3 / "index.html").read_text(encoding="utf-8")
    assert _title(site / E3 / "index.html") == "Senior Backend Engineer · E3"
    assert 'class="ladder-checklist"' in level and level.count('type="checkbox"') > 10
    assert "__md_get=guarded(__md_get)" in level  # the package's template override, through custom_dir
    assert "Tidewater Labs people team" in level  # and the sample's own footer over it
    for asset in ("assets/ladder/ladder.css", "assets/ladder/ladder.js"):
        assert asset in level
        assert (site / asset).read_bytes() == (ROOT / "generator" / "theme" / asset).read_bytes()
    assert _title(site / E3 / "self-assessment" / "index.html") == "Self-assessment · Senior Backend Engineer · E3"


def test_in_the_zensical_site_a_tick_counts_and_survives_a_reload(exported, browser):  # noqa: F811
    _, build, server = exported
    assert build.returncode == 0, build.stderr
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(f"{server.url}/{E3}/")
    expectations = page.locator(".ladder-expectation").evaluate_all("items => items.map(item => item.id)")
    total = page.locator(".ladder-progress--total")
    assert len(expectations) > 10 and total.text_content() == f"0 of {len(expectations)} ticked"
    first = expectations[0]
    click_checkbox(page, first)
    assert checkbox(page, first).is_checked()
    assert total.text_content() == f"1 of {len(expectations)} ticked"
    page.reload()
    assert checkbox(page, first).is_checked()
    assert total.text_content() == f"1 of {len(expectations)} ticked"
    assert not checkbox(page, expectations[1]).is_checked()
    context.close()
    assert errors == [], errors
