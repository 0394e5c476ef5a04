"""`ladder check` and `ladder schema` as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.schema import DRAFT_07, schema_files

from .conftest import ROOT, run_ladder

LOCATED = re.compile(r"^[^:]+:\d+:\d+: (error|warning): .+$")


def test_all_errors_in_all_files_reported_in_one_run(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("title: Level Two", "title: no"))
    handbook = mini / "handbook.yml"
    handbook.write_text(handbook.read_text().replace("id: g2", "id: g1"))
    (mini / "roles" / "mini-boss.yml").write_text("id: mini-boss\nfamily: mini\nname: Boss\nsummary: x\nexpectatons: {}\n")
    result = run_ladder("check", "ladders", cwd=mini.parent)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "ladders/families/mini.yml:19:12: error: expected text, got a boolean: YAML reads `no` as a boolean; quote it to keep the text: \"no\"",
        "ladders/handbook.yml:5:9: error: duplicate grade id 'g1' (first at line 3)",
        "ladders/roles/mini-boss.yml:5:1: error: unknown key 'expectatons' (did you mean 'expectations'?)",
    ]
    assert lines[3] == "ladder check: 3 errors, 0 warnings"


def test_warnings_pass_unless_strict(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("summary: A small family for tests.", "summary: Small.\nrequire_examples: true"))
    relaxed = run_ladder("check", "ladders", cwd=mini.parent)
    assert relaxed.returncode == 0
    assert "ladders/families/mini.yml:46:15: warning: expectation 'a2' has no examples" in relaxed.stderr.splitlines()
    strict = run_ladder("check", "ladders", "--strict", cwd=mini.parent)
    assert strict.returncode == 1
    assert all(LOCATED.match(line) for line in strict.stderr.splitlines()[:-1])


def test_competency_with_nothing_expected_on_a_track_is_a_warning(mini: Path):
    family = mini / "families" / "mini.yml"
    text = family.read_text().replace("      l1:\n        - id: b1\n          text: Does b1.\n", "")
    family.write_text(text)
    result = run_ladder("check", "ladders", "--strict", cwd=mini.parent)
    assert result.returncode == 1
    assert "ladders/families/mini.yml:54:9: warning: competency 'beta' has no expectations on track 'ic'" in result.stderr


def test_github_actions_gets_inline_annotations(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("grade: g1", "grade: g7"))
    result = run_ladder("check", "ladders", cwd=mini.parent, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert "::error file=ladders/families/mini.yml,line=15,col=12::unknown grade 'g7'; handbook.yml grades are: g1, g2, g3" in result.stdout


def test_missing_directory_and_missing_handbook_are_located_errors(tmp_path: Path):
    result = run_ladder("check", "nowhere", cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, "nowhere:1:1: error: ladders directory not found")
    (tmp_path / "ladders").mkdir()
    result = run_ladder("check", "ladders", cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, "ladders/handbook.yml:1:1: error: handbook.yml is missing")


def test_a_file_a_project_or_its_parent_given_instead_of_the_ladders_directory_says_which_to_give(tmp_path: Path, mini: Path):
    project = mini.parent
    (project / "mkdocs.yml").write_text("site_name: x\n")
    (project / ".venv" / "lib" / "pkg").mkdir(parents=True)
    (project / ".venv" / "lib" / "pkg" / "bad.yml").write_text("key: [unclosed\n")
    cases = {
        ".": ".:1:1: error: holds no handbook.yml, but ladders does: check that directory (ladder check ladders)",
        "mkdocs.yml": "mkdocs.yml:1:1: error: is a file, not a directory: give the ladders directory, the one holding "
        "handbook.yml (ladder check ladders)",
        "ladders/handbook.yml": "ladders/handbook.yml:1:1: error: is a file, not a directory: give the ladders directory, the "
        "one holding handbook.yml (ladder check ladders)",
    }
    for given, expected in cases.items():
        result = run_ladder("check", given, cwd=project)
        assert (result.returncode, result.stderr.splitlines()) == (1, [expected, "ladder check: 1 error, 0 warnings"]), result.stderr
    (project / "ladders" / "handbook.yml").rename(project / "handbook.yml.bak")
    result = run_ladder("check", ".", cwd=project)
    assert result.stderr.splitlines()[0] == ".:1:1: error: is a project (it holds mkdocs.yml), not its ladders directory: " \
        "give the directory holding handbook.yml"


def test_hidden_directories_inside_the_ladders_are_not_walked(mini: Path):
    (mini / ".venv" / "lib").mkdir(parents=True)
    (mini / ".venv" / "lib" / "bad.yml").write_text("key: [unclosed\n")
    (mini / "node_modules" / "x").mkdir(parents=True)
    (mini / "node_modules" / "x" / "package.yml").write_text("a: 1\n")
    (mini / "notes").mkdir()
    (mini / "notes" / "misplaced.yml").write_text("a: 1\n")
    result = run_ladder("check", "ladders", cwd=mini.parent)
    assert result.returncode == 0, result.stderr
    assert ".venv" not in result.stderr and "node_modules" not in result.stderr
    assert "ladders/notes/misplaced.yml:1:1: warning: ignored: put families in families/ and roles in roles/" in result.stderr
    assert result.stdout == "ok: 1 family, 2 roles, 1 warning\n", result.stdout


def test_committed_schema_is_current():
    for name, text in schema_files().items():
        committed = ROOT / "schema" / name
        assert committed.read_text(encoding="utf-8") == text, f"schema/{name} is stale: run `make schema`"


def test_schema_is_draft_07_and_knows_the_fields():
    family = json.loads(schema_files()["family.schema.json"])
    assert family["$schema"] == DRAFT_07 and "$defs" not in family
    assert set(family["definitions"]) >= {"Track", "Level", "Competency", "Expectation"}
    assert family["additionalProperties"] is False
    assert "$ref" not in json.dumps(family).replace('"$ref": "#/definitions/', "")


def test_schema_command_writes_files(tmp_path: Path):
    result = run_ladder("schema", "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(schema_files())


def test_byte_order_mark_is_accepted(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_bytes(b"\xef\xbb\xbf" + family.read_bytes())
    result = run_ladder("check", "ladders", "--strict", cwd=mini.parent)
    assert result.returncode == 0, result.stderr


def test_file_above_the_size_cap_is_refused(mini: Path):
    result = run_ladder("check", "ladders", "--max-file-size", "1000", cwd=mini.parent)
    assert result.returncode == 1
    size = (mini / "families" / "mini.yml").stat().st_size
    assert f"ladders/families/mini.yml:1:1: error: file is {size} bytes; the limit is 1000" in result.stderr.splitlines()


def test_symlink_pointing_outside_the_ladders_is_refused(mini: Path, tmp_path: Path):
    outside = tmp_path / "secret.yml"
    outside.write_text("id: x\n")
    (mini / "roles" / "linked.yml").symlink_to(outside)
    result = run_ladder("check", "ladders", cwd=mini.parent)
    assert result.returncode == 1
    assert "ladders/roles/linked.yml:1:1: error: symbolic link points outside the ladders directory" in result.stderr


def test_output_paths_must_stay_inside_the_output():
    from generator.paths import safe_path

    assert safe_path("engineering/backend/e3/index.md") == "engineering/backend/e3/index.md"
    for bad in ("../x.md", "/etc/passwd", "a/../../b.md", "a//b.md", "a\\\\b.md", "Upper/index.md", "con/index.md"):
        try:
            safe_path(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")


def test_text_running_into_a_hashtag_warns_that_yaml_drops_it(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("text: Does a4.", "text: Does a4 calmly #1 priority"))
    result = run_ladder("check", "ladders", "--strict", cwd=mini.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "ladders/families/mini.yml:53:32: warning: `#1 priority` after the text is a YAML comment, so it is left out;"
        " put the whole text in quotes to keep it"
    )
    assert run_ladder("check", "ladders", cwd=mini.parent).returncode == 0  # a warning, not an error


def test_placeholder_text_is_a_warning(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("scope: Projects.", "scope: TBD"))
    result = run_ladder("check", "ladders", "--strict", cwd=mini.parent)
    assert result.returncode == 1
    assert "ladders/families/mini.yml:29:12: warning: placeholder text 'TBD'; write the real text before publishing" in result.stderr.splitlines()


@pytest.mark.parametrize("text, marker", [("TODO say what good looks like", "TODO"), ("tbd", "tbd"), ("Lorem ipsum dolor", "Lorem ipsum")])
def test_a_placeholder_marker_in_any_usual_spelling_is_a_warning(mini: Path, text: str, marker: str):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("scope: Projects.", f"scope: {text}"))
    result = run_ladder("check", "ladders", "--strict", cwd=mini.parent)
    assert result.returncode == 1 and f"warning: placeholder text '{marker}'" in result.stderr


def test_the_everyday_spanish_todo_is_not_a_placeholder(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("scope: Projects.", "scope: Todo el equipo, en todo momento y toda la semana."))
    result = run_ladder("check", "ladders", "--strict", cwd=mini.parent)
    assert result.returncode == 0, result.stderr


def test_an_unknown_key_never_suggests_itself(mini: Path):
    role = mini / "roles" / "mini-boss.yml"
    role.write_text(role.read_text() + "require_examples: true\n")  # a family's key, not a role's
    result = run_ladder("check", "ladders", cwd=mini.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "ladders/roles/mini-boss.yml:6:1: error: unknown key 'require_examples'"


def test_gitlab_gets_a_code_quality_report_on_standard_output(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("grade: g1", "grade: g7").replace("scope: Projects.", "scope: TBD"))
    result = run_ladder("check", "ladders", "--format", "gitlab", cwd=mini.parent)
    assert result.returncode == 1
    issues = json.loads(result.stdout)
    assert [(i["severity"], i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in issues] == [
        ("major", "ladders/families/mini.yml", 15, "ladder-check"),
        ("minor", "ladders/families/mini.yml", 29, "ladder-check"),
    ]
    assert issues[0]["description"] == "unknown grade 'g7'; handbook.yml grades are: g1, g2, g3"
    assert len({i["fingerprint"] for i in issues}) == 2
    assert "ladders/families/mini.yml:15:12: error: unknown grade 'g7'" in result.stderr
    family.write_text(family.read_text().replace("grade: g7", "grade: g1").replace("scope: TBD", "scope: Projects."))
    clean = run_ladder("check", "ladders", "--format", "gitlab", cwd=mini.parent)
    assert (clean.returncode, json.loads(clean.stdout)) == (0, [])


def test_a_family_that_cannot_be_read_does_not_make_its_roles_report_it_missing(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("name: Mini\n", "name: [Mini\n", 1))
    result = run_ladder("check", "ladders", cwd=mini.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("ladders/families/mini.yml:2:7: error: YAML syntax: this `[` list is never closed")
    assert "unknown family" not in result.stderr


def test_a_message_about_a_huge_value_stays_one_readable_line(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("title: Level Two", "title: 1." + "0" * 90 + "1"))
    result = run_ladder("check", "ladders", cwd=mini.parent)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first == "ladders/families/mini.yml:19:12: error: expected text, got a number: YAML reads this as a number; quote it to keep the text"


def test_a_diagnostic_never_prints_more_than_a_few_hundred_characters():
    from generator.errors import Diagnostic, Location

    d = Diagnostic(Location("f.yml", 1, 1), "error", "unknown key '" + "k" * 100_000 + "'")
    assert len(str(d)) < 450 and str(d).endswith("(100014 characters)")
    assert len(d.github_annotation()) < 450 and len(d.gitlab_issue()["description"]) < 450


def test_an_unknown_key_is_matched_against_the_keys_of_its_own_place(mini: Path):
    family = mini / "families" / "mini.yml"
    family.write_text(family.read_text().replace("scope: Projects.", "scop: Projects.", 1))
    role = mini / "roles" / "mini-boss.yml"
    role.write_text(role.read_text() + "lables: {}\n")  # close to handbook.yml's `labels`, which a role does not have
    result = run_ladder("check", "ladders", cwd=mini.parent)
    assert result.returncode == 1
    assert "error: unknown key 'scop' (did you mean 'scope'?)" in result.stderr
    assert "error: unknown key 'lables'\n" in result.stderr + "\n" and "did you mean 'labels'" not in result.stderr
