"""`ladder import ft`: FT engineering-progression job family files into a checked, buildable handbook."""

from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import FIXTURES, mkdocs_build, run_ladder
from generator import import_ft

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
    assert "0 warning(s)" in check.stdout


def test_themes_levels_proficiency_and_links_are_mapped():
    imported = import_ft.read(SOURCE, "ft")
    handbook = imported.files["handbook.yml"]
    assert handbook["organisation"] == "Financial Times"
    assert [p["id"] for p in handbook["proficiency"]] == ["awareness", "working-knowledge", "practitioner", "expert"]
    family = imported.files["families/platform.yml"]
    assert family["progression"] == "per-level" and "status" not in family
    assert [g["id"] for g in family["groups"]] == ["shipping", "working-together"]  # the empty theme is left out
    assert "summary" not in family["groups"][1]  # FT gave none: nothing invented
    shipping = family["competencies"][0]
    assert shipping["group"] == "shipping"
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
    assert any("theme 'unused' has no competencies; left out" in n for n in notes)
    assert any("platform-v1.yml" in n and "theme 'technical' has several statements at a level" in n for n in notes)
    assert all(": warning: " in n for n in notes)


def test_the_imported_handbook_builds_and_each_level_shows_its_own_items(tmp_path: Path):
    _import(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    config = {
        "site_name": "FT",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", "ladder"],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    result = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "platform" / "engineer" / "index.html").read_text()
    assert "Plans and ships a whole feature" in page and "Working knowledge" in page
    assert "Ships small changes" not in page and "Shapes how several teams release" not in page
    first = (tmp_path / "site" / "platform" / "associate" / "index.html").read_text()
    assert 'href="https://example.org/platform/checklist"' in first
    for html in (page, first):
        text = html.split("<article", 1)[1]
        assert not any(word in text for word in ("TODO", "TBD", "None"))
    assert (tmp_path / "site" / "platform-v1" / "senior" / "index.html").exists()


def test_a_non_empty_out_is_refused_and_left_as_it_was(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_bytes(b"mine\n")
    result = run_ladder("import", "ft", str(SOURCE), str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"] and (out / "keep.txt").read_bytes() == b"mine\n"


def test_a_wrong_source_is_a_message_not_a_traceback(tmp_path: Path):
    result = run_ladder("import", "ft", str(SOURCE / "platform.yml"), str(tmp_path / "a"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not a directory: give the directory of FT job family files" in result.stderr
    (tmp_path / "empty").mkdir()
    result = run_ladder("import", "ft", str(tmp_path / "empty"), str(tmp_path / "b"))
    assert result.returncode == 1 and "no job family files (*.yml) in this directory" in result.stderr
    result = run_ladder("import", "ft", str(tmp_path / "missing"), str(tmp_path / "c"))
    assert result.returncode != 0 and "Traceback" not in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists() and not (tmp_path / "c").exists()
