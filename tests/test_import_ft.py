"""`ladder import ft`: FT engineering-progression job family files into a checked, buildable handbook."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import import_ft

from .conftest import FIXTURES, mkdocs_build, run_ladder

SOURCE = FIXTURES / "import" / "ft"


def _import(tmp_path: Path) -> Path:
    out = tmp_path / "ladders"
    result = run_ladder("import", "ft", str(SOURCE), str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def test_the_import_passes_a_strict_check(tmp_path: Path):
    out = _import(tmp_path)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yml")) == [
        "families/platform-v1.yml", "families/platform.yml", "handbook.yml",
    ]  # fmt: skip
    check = run_ladder("check", str(out), "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 warnings" in check.stdout


def test_themes_levels_proficiency_and_links_are_mapped():
    imported = import_ft.read(SOURCE, "ft")
    handbook = imported.files["handbook.yml"]
    assert handbook["organisation"] == "Financial Times"
    assert [p["id"] for p in handbook["proficiency"]] == ["awareness", "working-knowledge", "practitioner", "expert"]
    family = imported.files["families/platform.yml"]
    assert family["progression"] == "per-level" and "status" not in family
    # a theme is a competency of its name (a group would repeat its heading); the empty theme is left out
    assert "groups" not in family and [c["id"] for c in family["competencies"]] == ["shipping", "working-together"]
    assert "summary" not in family["competencies"][1]  # FT gave none: nothing invented
    shipping = family["competencies"][0]
    assert "group" not in shipping
    by_level = {level: items[0] for level, items in shipping["expectations"].items()}
    assert {e["id"] for e in by_level.values()} == {"shipping"}  # one id across levels: rises show as changes
    assert [by_level[lv]["proficiency"] for lv in ("associate", "engineer", "lead-ic")] == [
        "awareness", "working-knowledge", "expert",
    ]  # fmt: skip
    assert by_level["associate"]["links"] == [{"label": "Our change checklist", "url": "https://example.org/platform/checklist"}]
    assert by_level["engineer"]["examples"] == ["Adds a dashboard panel before turning the feature flag on."]
    tracks = {lv["id"]: lv["track"] for lv in family["levels"]}
    assert tracks == {"associate": "ic", "engineer": "ic", "lead-ic": "ic", "lead-pm": "manager"}
    assert family["tracks"][1] == {"id": "manager", "name": "People manager", "kind": "manager", "branches_from": "engineer"}
    legacy = imported.files["families/platform-v1.yml"]
    assert legacy["status"] == "legacy"
    ids = [e["id"] for c in legacy["competencies"] for items in c["expectations"].values() for e in items]
    assert len(ids) == len(set(ids)) == 6


def test_what_is_left_out_is_a_located_warning():
    notes = [str(n) for n in import_ft.read(SOURCE, "ft").notes]
    source = SOURCE / "platform.yml"
    assert f"{source}:4:16: warning: 'googleSheetId' is not carried over: a ladder has no place for it" in notes
    assert f"{source}:72:5: warning: a competency needs a known level and theme; left out" in notes
    assert any(n.startswith(f"{source}:70:9: warning: supporting URL left out: links may be http") for n in notes)
    assert f"{source}:23:5: warning: theme 'unused' has no competencies; left out" in notes
    assert any("platform-v1.yml" in n and "theme 'technical' has several statements at a level" in n for n in notes)
    assert all(": warning: " in n for n in notes)


def build(project: Path) -> Path:
    """Build the handbook whose ladders are in `project`/ladders with a minimal mkdocs.yml; the site."""
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n")
    config = {"site_name": "Imported", "docs_dir": "docs", "theme": {"name": "material", "font": False}}
    (project / "mkdocs.yml").write_text(yaml.safe_dump({**config, "plugins": ["search", "ladder"]}))
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def has_placeholder(html: str) -> bool:
    """Whether the page's article says TODO, TBD or None, words an import must never make up."""
    return any(word in html.split("<article", 1)[1] for word in ("TODO", "TBD", "None"))


def test_the_imported_handbook_builds_and_each_level_shows_its_own_items(tmp_path: Path):
    _import(tmp_path)
    site = build(tmp_path)
    page = (site / "platform" / "engineer" / "index.html").read_text()
    assert "Plans and ships a whole feature" in page and "Working knowledge" in page
    assert "Ships small changes" not in page and "Shapes how several teams release" not in page
    first = (site / "platform" / "associate" / "index.html").read_text()
    assert 'href="https://example.org/platform/checklist"' in first and "Awareness" in first
    assert not has_placeholder(page) and not has_placeholder(first)
    assert (site / "platform-v1" / "senior" / "index.html").exists()


def test_a_non_empty_out_is_refused_and_left_as_it_was(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_bytes(b"mine\n")
    result = run_ladder("import", "ft", str(SOURCE), str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"] and (out / "keep.txt").read_bytes() == b"mine\n"


def wrong_sources_fail(tmp_path: Path, fmt: str, a_file: Path, not_a_directory: str, no_files: str) -> None:
    """A file or an empty directory as SOURCE: status 1 with the message, no traceback, nothing written."""
    (tmp_path / "empty").mkdir()
    for source, message in ((a_file, not_a_directory), (tmp_path / "empty", no_files)):
        result = run_ladder("import", fmt, str(source), str(tmp_path / "out"))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert message in result.stderr
        assert not (tmp_path / "out").exists()


def test_a_wrong_source_is_a_message_not_a_traceback(tmp_path: Path):
    not_a_directory = "not a directory: give the directory of FT job family files"
    wrong_sources_fail(tmp_path, "ft", SOURCE / "platform.yml", not_a_directory, "no job family files (*.yml) in this directory")
    result = run_ladder("import", "ft", str(tmp_path / "missing"), str(tmp_path / "c"))
    assert result.returncode != 0 and "Traceback" not in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "c").exists()


def test_the_repository_data_directory_reads_its_job_families(tmp_path: Path):
    families = tmp_path / "data" / "job-families"
    families.mkdir(parents=True)
    (families / "platform.yml").write_bytes((SOURCE / "platform.yml").read_bytes())
    (tmp_path / "data" / "levels.yml").write_text("- id: engineer\n  name: Engineer\n")  # FT's other files are not families
    imported = import_ft.read(tmp_path / "data", "ft")
    assert sorted(imported.files) == ["families/platform.yml", "handbook.yml"]
    assert not [n for n in imported.notes if n.severity == "error"]


def test_a_link_out_of_the_source_is_not_followed(tmp_path: Path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "platform.yml").write_bytes((SOURCE / "platform.yml").read_bytes())
    (tmp_path / "secret.yml").write_text("name: Elsewhere\n")
    (source / "elsewhere.yml").symlink_to(tmp_path / "secret.yml")
    imported = import_ft.read(source, "ft")
    assert f"{source / 'elsewhere.yml'}:1:1: error: symbolic link points outside the source directory; skipped" in [
        str(n) for n in imported.notes
    ]
    assert "families/elsewhere.yml" not in imported.files
