"""The sample organisation in ladders/ is product: it passes the strict check and builds.

The tool's other tests build their own copy (tests/fixtures/handbook), so an
organisation that replaces ladders/ with its own keeps only these two green.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from markupsafe import escape

from .conftest import ROOT, mkdocs_build, run_ladder


def test_the_sample_passes_the_strict_check():
    result = run_ladder("check", "ladders", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_the_sample_builds_strictly_without_warnings(tmp_path: Path):
    result = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    organisation = yaml.safe_load((ROOT / "ladders" / "handbook.yml").read_text(encoding="utf-8"))["organisation"]
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert f"<title>Home - {escape(organisation)} career handbook</title>" in home  # site_name left empty: from handbook.yml
    assert (tmp_path / "site" / "guides" / "employees" / "index.html").is_file()
