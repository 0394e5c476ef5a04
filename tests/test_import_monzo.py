"""`ladder import monzo`: Monzo progression-framework Markdown into a checked, buildable handbook."""

from __future__ import annotations

from pathlib import Path

from generator import import_monzo

from .conftest import FIXTURES, run_ladder
from .test_import_ft import build, has_placeholder, wrong_sources_fail

SOURCE = FIXTURES / "import" / "monzo"
BROKEN = f"{SOURCE / 'people.md'}:6:1: error: YAML syntax: a tab character here"


def _import(tmp_path: Path) -> tuple[Path, str]:
    """The fixture imported into tmp_path/ladders, and what the import printed on stderr."""
    out = tmp_path / "ladders"
    result = run_ladder("import", "monzo", str(SOURCE), str(out))
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # a file of the source could not be read: the command fails, the rest is kept
    return out, result.stderr


def test_the_broken_front_matter_is_a_located_error_and_the_rest_is_imported(tmp_path: Path):
    out, stderr = _import(tmp_path)
    assert BROKEN in stderr
    assert "1 part(s) of the source could not be read (above); the rest is imported" in stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yml")) == [
        "families/engineering-platform.yml", "handbook.yml",
    ]  # fmt: skip
    check = run_ladder("check", str(out), "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 warnings" in check.stdout


def test_a_source_without_broken_files_imports_with_status_0(tmp_path: Path):
    source = tmp_path / "source"
    (source / "engineering").mkdir(parents=True)
    for name in ("generic.md", "engineering/platform.md"):
        (source / name).write_bytes((SOURCE / name).read_bytes())
    result = run_ladder("import", "monzo", str(source), str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "imported 1 family and 0 role(s)" in result.stdout


def test_levels_grades_topics_criteria_examples_and_links_are_mapped():
    imported = import_monzo.read(SOURCE, "monzo")
    handbook = imported.files["handbook.yml"]
    assert handbook["organisation"] == "Monzo"
    assert [g["id"] for g in handbook["grades"]] == ["g1", "g2", "g3"]
    core = {c["id"]: c for c in handbook["core"]}
    assert list(core) == ["keep-it-simple", "owning-outcomes"] and core["keep-it-simple"]["name"] == "Keep it simple"
    assert sorted(core["owning-outcomes"]["expectations"]) == ["g1", "g3"]
    family = imported.files["families/engineering-platform.yml"]
    assert family["name"] == "Platform Engineering"
    assert (family["progression"], family["level_pages"]) == ("cumulative", "additions")  # levels build on each other
    assert family["summary"] == "Platform engineers keep the shared services up, fast and cheap to run."
    assert [(lv["id"], lv["grade"]) for lv in family["levels"]] == [("l1", "g1"), ("l2", "g2"), ("l3", "g3")]
    assert (family["levels"][1]["label"], family["levels"][1]["title"]) == ("Level 2", "Platform Engineering")
    assert core["owning-outcomes"]["summary"] == "Seeing work through, or saying early when it will not be"
    owning, reliability, communication = family["competencies"]
    # the same topic as a generic one: named after the framework, so the two never read as one on a page
    assert (owning["id"], owning["name"]) == ("platform-engineering-owning-outcomes", "Owning outcomes (Platform Engineering)")
    assert communication["name"] == "Communication"  # Monzo's title is empty: the topic's name
    oncall = reliability["expectations"]["l1"][1]
    assert oncall["links"] == [{"label": "https://example.org/oncall", "url": "https://example.org/oncall"}]
    assert oncall["text"].startswith("Reads the on-call notes at https://example.org/oncall")
    capacity = reliability["expectations"]["l2"][1]
    assert capacity["text"] == "Plans capacity for the next quarter"
    assert capacity["examples"] == ["Uses last year's peak from https://example.org/peaks to size the cluster"]
    assert capacity["links"][0]["url"] == "https://example.org/peaks"
    ids = [e["id"] for c in [*handbook["core"], *family["competencies"]] for items in c["expectations"].values() for e in items]
    assert len(ids) == len(set(ids))


def test_a_summary_that_introduces_a_list_keeps_the_list():
    body = "### About\nThe framework helps engineers and managers:\n- make plans\n- talk about growth.\n\nMore."
    assert import_monzo._summary(body) == "The framework helps engineers and managers: make plans; talk about growth."
    assert import_monzo._summary("A plain paragraph.\n- a list after it\n") == "A plain paragraph."


def test_what_is_left_out_is_a_located_note():
    notes = [str(n) for n in import_monzo.read(SOURCE, "monzo").notes]
    platform = SOURCE / "engineering" / "platform.md"
    assert any(n.startswith(BROKEN) for n in notes)
    assert f"{SOURCE / 'notes.md'}:1:1: warning: no front matter between --- lines; skipped" in notes
    assert f"{platform}:2:1: warning: not carried over: path, sidebarTitle, sidebarGroup, yaml, homepage" in notes
    assert f"{platform}:45:13: warning: a criterion without text; left out" in notes
    assert f"{platform}:46:9: warning: criteria without a level number from 1 to 99; left out" in notes
    assert any(n.startswith(f"{platform}:2:1: warning: of the Markdown after the front matter, only") for n in notes)
    assert f"{platform}:10:5: warning: topic 'owning-outcomes' is also one of the generic framework's: named 'Owning outcomes (Platform Engineering)' here" in notes


def test_the_imported_handbook_builds_and_each_level_shows_its_own_items(tmp_path: Path):
    _import(tmp_path)
    site = build(tmp_path)
    first = (site / "engineering-platform" / "l1" / "index.html").read_text()
    assert "Reads the on-call notes" in first and 'href="https://example.org/oncall"' in first
    assert "Picks the plainest way" in first  # the core of grade g1
    assert "Runs a game day" not in first and "Removes a step from a process" not in first
    second = (site / "engineering-platform" / "l2" / "index.html").read_text()
    assert "Runs a game day" in second and "Reads the on-call notes" not in second  # what level 2 adds
    assert "Also asked at this level, from the levels below:" in second and 'href="../l1/"' in second
    assert "ladder-tag--new" not in second  # every item of a page of additions is new: no tag says so
    step = (site / "engineering-platform" / "l2" / "next-l3" / "index.html").read_text()
    assert "Sets the error budget policy" in step and "No longer part of the role" not in step  # nothing is dropped
    assert not has_placeholder(first) and not has_placeholder(second)


def test_a_non_empty_out_is_refused_and_left_as_it_was(tmp_path: Path):
    out = tmp_path / "out"
    (out / "families").mkdir(parents=True)
    (out / "families" / "x.yml").write_bytes(b"id: x\n")
    result = run_ladder("import", "monzo", str(SOURCE), str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [p.relative_to(out).as_posix() for p in out.rglob("*")] == ["families", "families/x.yml"]
    assert (out / "families" / "x.yml").read_bytes() == b"id: x\n"


def test_a_wrong_source_is_a_message_not_a_traceback(tmp_path: Path):
    not_a_directory = "not a directory: give the directory of Monzo framework files"
    no_files = "no Monzo framework files (*.md) under this directory"
    wrong_sources_fail(tmp_path, "monzo", SOURCE / "generic.md", not_a_directory, no_files)


def test_a_link_out_of_the_source_is_not_followed(tmp_path: Path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "generic.md").write_bytes((SOURCE / "generic.md").read_bytes())
    outside = tmp_path / "outside.md"
    outside.write_bytes((SOURCE / "engineering" / "platform.md").read_bytes())
    (source / "platform.md").symlink_to(outside)
    notes = [str(n) for n in import_monzo.read(source, "monzo").notes]
    assert f"{source / 'platform.md'}:1:1: error: symbolic link points outside the source; skipped" in notes
