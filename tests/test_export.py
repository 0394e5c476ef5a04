"""`ladder export` reads mkdocs.yml as MkDocs does and writes one that plain MkDocs builds to the same site.

Where an export may be written is tested with the build's in tests/test_build.py.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from generator import outdir

from .conftest import mkdocs_build, project_copy, run_ladder
from .test_build import _dead_pid, _snapshot

EMOJI = """\
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def _export(project: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_ladder("export", str(out), *extra, cwd=project)


def _export_and_build(tmp_path: Path, project: Path) -> tuple[str, Path]:
    """Export `project`, check MkDocs and a plain YAML reader accept the result, build it; its config and site."""
    out = tmp_path / "exported"
    result = _export(project, out)
    assert result.returncode == 0, result.stderr
    text = (out / "mkdocs.yml").read_text()
    assert isinstance(yaml.compose(text), yaml.MappingNode)
    built = mkdocs_build(out / "mkdocs.yml", out / "site")
    assert built.returncode == 0, built.stderr
    assert (out / "site" / "engineering" / "backend" / "e3" / "index.html").is_file()
    return text, out / "site"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_export_of_a_plain_configuration_stays_plain_yaml(tmp_path: Path):
    text, _ = _export_and_build(tmp_path, project_copy(tmp_path))
    config = yaml.safe_load(text)
    assert (config["docs_dir"], config["site_dir"], config["theme"]["custom_dir"]) == ("docs", "site", "theme")
    assert config["plugins"] == ["search"]
    assert config["nav"][0] == {"Home": "index.md"} and config["nav"][-1]["Job families"][0] == "families/index.md"


def test_env_tags_are_read_by_mkdocs_and_kept_in_the_export(tmp_path: Path):
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    _edit(config, "site_url: https://handbook.tidewater.example/", 'site_url: !ENV [LADDER_TEST_SITE_URL, "https://env.example/"]')
    _edit(config, "docs_dir: site_src", "docs_dir: !ENV [LADDER_TEST_DOCS_DIR, site_src]")
    _edit(config, "ladders: ladders", "ladders: !ENV [LADDER_TEST_LADDERS, ladders]")
    text, site = _export_and_build(tmp_path, project)
    assert 'site_url: !ENV [LADDER_TEST_SITE_URL, "https://env.example/"]' in text.splitlines()
    assert "docs_dir: docs" in text.splitlines()
    assert "<loc>https://env.example/engineering/backend/e3/</loc>" in (site / "sitemap.xml").read_text()


def test_inherit_is_merged_into_one_exported_file(tmp_path: Path):
    project = project_copy(tmp_path)
    (project / "mkdocs.yml").rename(project / "base.yml")
    (project / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Inherited handbook\n")
    text, site = _export_and_build(tmp_path, project)
    assert "INHERIT" not in text and "site_name: Inherited handbook" in text.splitlines()
    assert "<title>Home - Inherited handbook</title>" in (site / "index.html").read_text()


def test_python_name_tags_are_kept_and_work_in_the_export(tmp_path: Path):
    project = project_copy(tmp_path)
    _edit(project / "mkdocs.yml", "  - pymdownx.superfences\n", "  - pymdownx.superfences\n" + EMOJI)
    index = project / "site_src" / "index.md"
    index.write_text(index.read_text() + "\nWelcome :smile:\n")
    text, site = _export_and_build(tmp_path, project)
    assert "    emoji_index: !!python/name:material.extensions.emoji.twemoji ''" in text.splitlines()
    assert 'class="twemoji"' in (site / "index.html").read_text()


BROKEN = {  # how mkdocs.yml is broken: (old text or None for all of it, new text, the message MkDocs's objection becomes)
    "yaml": ("  name: material\n", "  name: material\n   bad: [\n", "mkdocs.yml:14:7: error: invalid YAML: mapping values are not allowed here"),
    "missing-custom-dir": ("custom_dir: theme", "custom_dir: nowhere",
                           "mkdocs.yml:12:1: error: Config value 'theme': The path set in custom_dir ('{project}/nowhere') does not exist."),
    "missing-inherited-file": ("site_name:", "INHERIT: nowhere.yml\nsite_name:",
                               "mkdocs.yml:1:1: error: Inherited config file 'nowhere.yml' does not exist at '{project}/nowhere.yml'."),
    "unknown-python-name": ("  - pymdownx.superfences\n", "  - pymdownx.superfences\n" + EMOJI.replace("material.extensions", "nowhere"),
                            "mkdocs.yml:45:20: error: cannot find module 'nowhere.emoji' (No module named 'nowhere') "
                            "(while constructing a Python object)"),
    "not-yaml-of-settings": ("site_name: ", "- site_name: ", "mkdocs.yml:2:1: error: invalid YAML: expected <block end>, "
                             "but found '?' (while parsing a block collection)"),
    "a-list-not-settings": (None, "- site_name: x\n", "mkdocs.yml:1:1: error: The configuration is invalid. "
                            "Expected a key-value mapping (dict) but received: <class 'list'>"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_configuration_mkdocs_refuses_gives_a_located_error(tmp_path: Path, case: str):
    project = project_copy(tmp_path)
    old, new, message = BROKEN[case]
    if old is None:
        (project / "mkdocs.yml").write_text(new)
    else:
        _edit(project / "mkdocs.yml", old, new)
    before = _snapshot(tmp_path)
    result = _export(project, tmp_path / "exported")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message.format(project=project) in result.stderr.splitlines()
    assert _snapshot(tmp_path) == before


def test_export_replaces_an_export_it_made_whole(tmp_path: Path):
    project, out = project_copy(tmp_path), tmp_path / "exported"
    assert _export(project, out).returncode == 0
    assert (out / outdir.MARKER).read_text() == outdir.MARKER_TEXT
    (out / "docs" / "stale.md").write_text("left from an older export")
    result = _export(project, out)
    assert result.returncode == 0, result.stderr
    assert not (out / "docs" / "stale.md").exists() and outdir.made_by_us(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".exported.")] == []


def test_an_abandoned_export_is_cleared_only_when_marked(tmp_path: Path):
    project, pid = project_copy(tmp_path), _dead_pid()
    ours, theirs = tmp_path / f".exported.export-{pid}-ours", tmp_path / f".exported.export-{pid}-theirs"
    for directory in (ours, theirs):
        directory.mkdir()
    outdir.mark(ours)
    (theirs / "notes.txt").write_text("someone's files, named like a staging directory")
    before = _snapshot(theirs)
    assert _export(project, tmp_path / "exported").returncode == 0
    assert not ours.exists() and _snapshot(theirs) == before
