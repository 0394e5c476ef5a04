"""`ladder new DIR --org NAME`: a ready handbook repository that checks, builds and publishes as it is.

The commands run for real, in child processes, as a new user and CI would run them; the
commands the README and the CI files tell people to run are read out of those files and run.
"""

from __future__ import annotations

import glob
import html
import json
import re
import shlex
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from generator import scaffold, words

from .conftest import BUILD_ENV, ROOT, mkdocs_build, run_ladder
from .html import parse

HOSTILE = "Acme: \"Ops\" & Co #1 <b>*x*</b> [a](b) \\ 'q'"
SAMPLE_ORGANISATION = "tidewater"
INSTALL = "pip install -r requirements.txt"


def _new(tmp_path: Path, organisation: str = "Example Co", name: str = "handbook") -> Path:
    repo = tmp_path / name
    result = run_ladder("new", str(repo), "--org", organisation)
    assert result.returncode == 0, result.stderr
    return repo


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` -> its bytes (None for a directory): what "left as it was" compares."""
    return {p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes() for p in sorted(root.rglob("*"))}


def _run(command: str, repo: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """A `ladder` or `mkdocs` command line from a README or CI file, run in `repo`; `> file` as a shell would."""
    words = shlex.split(command)
    target = None
    if ">" in words:
        words, target = words[: words.index(">")], words[words.index(">") + 1]
    program, *args = words
    assert program in ("ladder", "mkdocs"), command
    if program == "ladder":
        result = run_ladder(*args, cwd=repo, env={**BUILD_ENV, **(env or {})})
    else:
        result = subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=repo, env=BUILD_ENV,
                                capture_output=True, text=True, timeout=600)
    if target is not None:
        (repo / target).write_text(result.stdout, encoding="utf-8")
    return result


def _text(page: Path) -> str:
    return " ".join(" ".join(parse(page).text).split())


def _header_label(page: Path) -> str:
    """The site name as the header's logo link announces it to screen readers (an attribute: quotes matter)."""
    match = re.search(r'class="md-header__button md-logo" aria-label="([^"]*)"', page.read_text(encoding="utf-8"))
    assert match, page
    return html.unescape(match.group(1))


# --- what it writes ---------------------------------------------------------------------------------


def test_new_writes_a_handbook_that_passes_ladder_check_strict(tmp_path: Path):
    repo = _new(tmp_path)
    result = run_ladder("check", "--strict", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "ok: 1 family, 1 role, 0 warnings" in result.stdout


def test_the_starter_ladder_has_one_family_two_tracks_a_role_and_competencies_with_examples_at_every_level(tmp_path: Path):
    repo = _new(tmp_path)
    (family_file,) = (repo / "ladders" / "families").glob("*.yml")
    (role_file,) = (repo / "ladders" / "roles").glob("*.yml")
    family, role = yaml.safe_load(family_file.read_text()), yaml.safe_load(role_file.read_text())
    assert [t["kind"] for t in family["tracks"]] == ["individual-contributor", "manager"]
    manager = family["tracks"][1]
    assert manager["branches_from"] in [lv["id"] for lv in family["levels"] if lv["track"] == family["tracks"][0]["id"]]
    assert role["family"] == family["id"] and set(role["titles"]) == {lv["id"] for lv in family["levels"]}
    assert 3 <= len(family["competencies"]) <= 5
    for competency in family["competencies"]:
        tracks = competency.get("tracks") or [t["id"] for t in family["tracks"]]
        levels = [lv["id"] for lv in family["levels"] if lv["track"] in tracks]
        assert list(competency["expectations"]) == levels, competency["id"]
        for expectations in competency["expectations"].values():
            assert all(e["examples"] for e in expectations), competency["id"]


def test_the_scaffold_builds_with_mkdocs_strict_and_names_no_sample_organisation(tmp_path: Path):
    repo = _new(tmp_path)
    result = mkdocs_build(repo / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    for root in (repo, tmp_path / "site"):
        named = [p for p in root.rglob("*") if p.is_file() and SAMPLE_ORGANISATION.encode() in p.read_bytes().lower()]
        assert named == [], named


def test_the_site_title_is_the_organisation(tmp_path: Path):
    repo = _new(tmp_path, "Example Co")
    assert mkdocs_build(repo / "mkdocs.yml", tmp_path / "site").returncode == 0
    home = tmp_path / "site" / "index.html"
    assert parse(home).title == "Home - Example Co career handbook"
    assert _header_label(home) == "Example Co career handbook"
    assert "The Example Co career handbook" in _text(home)
    assert "Example Co has one job family" in _text(tmp_path / "site" / "families" / "index.html")


def test_a_hostile_organisation_name_is_shown_verbatim_in_yaml_and_on_every_page_that_names_it(tmp_path: Path):
    repo = _new(tmp_path, HOSTILE)
    assert yaml.safe_load((repo / "ladders" / "handbook.yml").read_text())["organisation"] == HOSTILE
    assert run_ladder("check", "--strict", cwd=repo).returncode == 0
    result = mkdocs_build(repo / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = tmp_path / "site" / "index.html"
    assert parse(home).title == f"Home - {HOSTILE} career handbook"
    assert _header_label(home) == f"{HOSTILE} career handbook"
    assert f"The {HOSTILE} career handbook" in _text(home)
    assert f"what {HOSTILE} expects" in _text(home)
    assert f"{HOSTILE} has one job family" in _text(tmp_path / "site" / "families" / "index.html")
    assert "<b>" not in home.read_text()


@pytest.mark.parametrize("name", [HOSTILE, "no", "null", "- 1", "*star", "!tag", "%percent", "@at", "`tick`", "'", '"',
                                  "Ünïcødé 株式会社", "{a: b}", "[a, b]", "a\x07b"])
def test_any_organisation_name_reads_back_from_the_yaml_as_it_was_given(name: str):
    files = scaffold.files(name)
    assert yaml.safe_load(files["ladders/handbook.yml"])["organisation"] == name
    assert yaml.safe_load(files["mkdocs.yml"])["site_name"] == ""  # the title comes from handbook.yml alone


def test_the_site_title_follows_the_organisation_in_handbook_yml(tmp_path: Path):
    repo = _new(tmp_path, "Smith & Sons")
    handbook = repo / "ladders" / "handbook.yml"
    handbook.write_text(handbook.read_text().replace("Smith & Sons", "Smith & Daughters <Ltd>"))
    result = mkdocs_build(repo / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = tmp_path / "site" / "index.html"
    assert parse(home).title == "Home - Smith & Daughters <Ltd> career handbook"
    assert _header_label(home) == "Smith & Daughters <Ltd> career handbook"
    tooltip = re.search(r'class="md-header__button md-logo"', home.read_text()) and re.search(
        r'title="([^"]*)" class="md-header__button md-logo"', home.read_text()
    )
    assert tooltip and html.unescape(tooltip.group(1)) == "Smith & Daughters <Ltd> career handbook"  # not "&amp;"


def test_a_site_name_of_its_own_replaces_the_organisations(tmp_path: Path):
    repo = _new(tmp_path)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text().replace('site_name: ""', "site_name: People handbook"))
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert parse(tmp_path / "site" / "index.html").title == "Home - People handbook"


def test_the_readme_and_home_page_source_read_as_the_name_was_written():
    files = {name: text.decode() for name, text in scaffold.files("Smith & Sons <Ltd>, Inc.").items()}
    for name in ("README.md", "site_src/index.md"):
        assert "Smith & Sons &lt;Ltd&gt;, Inc." in " ".join(files[name].split()), name
        assert "&amp;" not in files[name] and "Inc\\." not in files[name], name


def test_line_breaks_and_runs_of_spaces_in_the_name_become_one_space():
    files = scaffold.files("  Example\n\t\u2028Co  ")
    assert yaml.safe_load(files["ladders/handbook.yml"])["organisation"] == "Example Co"


def test_a_template_cannot_place_a_value_without_escaping_it():
    with pytest.raises(TypeError, match="without a filter"):
        scaffold._environment().from_string("site_name: {{ organisation }}").render(organisation="Acme: #1")


def test_every_ladder_file_points_editors_at_the_schema_the_scaffold_writes(tmp_path: Path):
    repo = _new(tmp_path)
    for path in sorted((repo / "ladders").rglob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "handbook" if path.name == "handbook.yml" else {"families": "family", "roles": "role"}[path.parent.name]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (repo / "schema" / f"{kind}.schema.json").resolve(), path
        assert target.is_file()


def test_the_schema_files_are_the_ones_ladder_schema_writes(tmp_path: Path):
    repo = _new(tmp_path)
    assert run_ladder("schema", "--out", str(tmp_path / "fresh")).returncode == 0
    assert _tree(repo / "schema") == _tree(tmp_path / "fresh")


def test_mkdocs_yml_leaves_the_title_to_the_organisation_and_checks_links_strictly(tmp_path: Path):
    repo = _new(tmp_path)
    text = (repo / "mkdocs.yml").read_text()
    config = yaml.safe_load(text)
    assert config["site_name"] == ""  # the plugin takes the title from handbook.yml's organisation
    assert config["docs_dir"] == "site_src" and config["strict"] is True
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False and config["theme"]["language"] == "en"
    assert config["plugins"] == ["search", "ladder"]
    assert config["validation"] == {"omitted_files": "warn", "absolute_links": "warn", "unrecognized_links": "warn",
                                    "anchors": "warn"}
    lines = text.splitlines()
    site_url = next(i for i, line in enumerate(lines) if line.startswith("site_url:"))
    assert lines[site_url - 1].startswith("#") and "placeholder" in " ".join(lines[site_url - 3 : site_url]).lower()


def test_requirements_pin_the_installed_version_in_one_line(tmp_path: Path):
    repo = _new(tmp_path)
    lines = [line for line in (repo / "requirements.txt").read_text().splitlines() if line and not line.startswith("#")]
    assert lines == [f"ladder-handbook=={version('ladder-handbook')}"]


def test_gitignore_leaves_out_the_virtual_environment_and_the_built_site(tmp_path: Path):
    repo = _new(tmp_path)
    ignored = (repo / ".gitignore").read_text().splitlines()
    assert ".venv/" in ignored and "site/" in ignored


def test_every_scaffold_file_is_package_data():
    """A wheel carries only what the package-data patterns match, and Python's glob skips names with a dot."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["generator"]
    package = ROOT / "generator"
    matched = {Path(p) for pattern in patterns for p in glob.glob(str(package / pattern), recursive=True) if Path(p).is_file()}
    files = {p for p in scaffold.SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert files and sorted(files - matched) == []


# --- the commands its README and CI files run ------------------------------------------------------------


def _shell_lines(markdown: str) -> list[str]:
    """Every line of the README's ```sh blocks: the commands it tells an editor to type."""
    blocks = re.findall(r"^```sh\n(.*?)^```", markdown, flags=re.M | re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_readme_commands_exist_and_pass_on_the_scaffold(tmp_path: Path):
    repo = _new(tmp_path)
    readme = (repo / "README.md").read_text()
    commands = _shell_lines(readme)
    ours = [c for c in commands if c.split()[0] in ("ladder", "mkdocs")]
    assert sorted(set(commands) - set(ours)) == [". .venv/bin/activate", INSTALL, "python3 -m venv .venv"]
    assert {"ladder check --strict", "mkdocs serve", "ladder build"} <= set(ours)
    for command in ours:
        # the development server runs until stopped: asking it for help still proves the command and its options
        result = _run(command + " --help" if command.startswith("mkdocs serve") else command, repo)
        assert result.returncode == 0, (command, result.stderr)
    assert (repo / "site" / "index.html").is_file()
    assert "ladder-handbook==" in readme and "requirements.txt" in readme


def _github_workflow(repo: Path) -> dict:
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "handbook.yml").read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def test_the_github_workflow_checks_pull_requests_and_publishes_main_to_pages(tmp_path: Path):
    workflow = _github_workflow(_new(tmp_path))
    assert "pull_request" in workflow["on"] and workflow["on"]["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == [INSTALL, "ladder check --strict", "ladder build"]
    (upload,) = [step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == "site" and "pull_request" in upload["if"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_github_workflow_commands_pass_on_the_scaffold_and_build_what_pages_uploads(tmp_path: Path):
    repo = _new(tmp_path)
    workflow = _github_workflow(repo)
    for step in workflow["jobs"]["build"]["steps"]:
        if "run" in step and step["run"] != INSTALL:
            result = _run(step["run"], repo, env={"GITHUB_ACTIONS": "true"})
            assert result.returncode == 0, (step["run"], result.stderr)
            assert "::error" not in result.stdout and "::warning" not in result.stdout
    (upload,) = [s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages")]
    assert (repo / upload["with"]["path"] / "index.html").is_file()


def test_the_gitlab_ci_checks_with_a_code_quality_report_builds_and_publishes_pages(tmp_path: Path):
    ci = yaml.safe_load((_new(tmp_path) / ".gitlab-ci.yml").read_text())
    assert ci["default"]["before_script"] == ["pip install --quiet -r requirements.txt"]
    check = ci["check"]
    assert check["script"] == ["ladder check --strict --format gitlab > gl-code-quality-report.json"]
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always"
    assert ci["build"]["script"] == ["ladder build"] and ci["build"]["artifacts"]["paths"] == ["site"]
    assert ci["pages"]["script"] == ["ladder build --site-dir public"]
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert [ci[job]["stage"] for job in ("check", "build", "pages")] == ci["stages"]


def test_the_gitlab_ci_commands_pass_on_the_scaffold_and_write_what_their_artifacts_name(tmp_path: Path):
    repo = _new(tmp_path)
    ci = yaml.safe_load((repo / ".gitlab-ci.yml").read_text())
    for job in ("check", "build", "pages"):
        for command in ci[job]["script"]:
            result = _run(command, repo)
            assert result.returncode == 0, (command, result.stderr)
    assert json.loads((repo / ci["check"]["artifacts"]["reports"]["codequality"]).read_text()) == []
    for job in ("build", "pages"):
        (path,) = ci[job]["artifacts"]["paths"]
        assert (repo / path / "index.html").is_file(), job


def test_the_gitlab_check_fails_a_broken_ladder_and_still_writes_its_report(tmp_path: Path):
    repo = _new(tmp_path)
    handbook = repo / "ladders" / "handbook.yml"
    handbook.write_text(handbook.read_text().replace("name: Grade 1", "name: TODO"))
    command = yaml.safe_load((repo / ".gitlab-ci.yml").read_text())["check"]["script"][0]
    assert _run(command, repo).returncode == 1
    (issue,) = json.loads((repo / "gl-code-quality-report.json").read_text())
    assert issue["location"]["path"] == "ladders/handbook.yml" and "placeholder" in issue["description"]


# --- where it writes ----------------------------------------------------------------------------------


def test_new_refuses_a_directory_that_is_not_empty_and_leaves_it_byte_for_byte(tmp_path: Path):
    target = tmp_path / "existing"
    (target / "ladders").mkdir(parents=True)
    (target / "README.md").write_bytes(b"ours\r\n")
    (target / ".gitignore").write_bytes(b"")
    (target / "ladders" / "handbook.yml").write_bytes(b"organisation: Ours\n")
    before = _tree(target)
    result = run_ladder("new", str(target), "--org", "Example Co")
    assert result.returncode == 1
    assert "not empty" in result.stderr and "never overwrites" in result.stderr
    assert result.stdout == ""
    assert _tree(target) == before


def test_new_refuses_a_path_that_is_a_file(tmp_path: Path):
    target = tmp_path / "handbook"
    target.write_bytes(b"a file\n")
    result = run_ladder("new", str(target), "--org", "Example Co")
    assert result.returncode == 1 and "is a file" in result.stderr
    assert target.read_bytes() == b"a file\n"


def test_new_refuses_an_empty_organisation_name_and_writes_nothing(tmp_path: Path):
    result = run_ladder("new", str(tmp_path / "handbook"), "--org", "  ")
    assert result.returncode == 1 and "--org" in result.stderr
    assert not (tmp_path / "handbook").exists()


def test_new_makes_a_missing_directory_with_its_parents_and_fills_an_empty_one(tmp_path: Path):
    assert (_new(tmp_path, name="a/b/handbook") / "mkdocs.yml").is_file()
    (tmp_path / "empty").mkdir()
    assert (_new(tmp_path, name="empty") / "mkdocs.yml").is_file()


def test_new_prints_every_file_it_wrote_and_the_next_steps(tmp_path: Path):
    repo = tmp_path / "handbook"
    result = run_ladder("new", str(repo), "--org", "Example Co")
    assert result.returncode == 0, result.stderr
    written = {p for p in repo.rglob("*") if p.is_file()}
    listed = {Path(line.strip()) for line in result.stdout.splitlines() if line.startswith(f"  {repo}")}
    assert listed == written
    for step in (f"cd {repo}", INSTALL, "ladder check --strict", "mkdocs serve", "README.md"):
        assert step in result.stdout, step


@pytest.mark.parametrize(("language", "word"), [("de", "Jobfamilien"), ("es", "Familias de puestos"), ("fr", "Familles de métiers")])
def test_a_handbook_in_another_language_from_the_start(tmp_path: Path, language: str, word: str):
    result = run_ladder("new", str(tmp_path / "repo"), "--org", "Beispiel", "--language", language, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((tmp_path / "repo" / "mkdocs.yml").read_text())
    assert config["theme"]["language"] == language
    built = mkdocs_build(tmp_path / "repo" / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0 and "WARNING" not in built.stderr, built.stderr
    assert word in (tmp_path / "site" / "families" / "index.html").read_text(encoding="utf-8")
    # the home page, the menu and every page's description are the language's too, not the scaffold's English
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    said = words.translations(language).gettext
    for english in ("Home", "Find your level", "Talking about your work", "A description of a job, not a list of tasks",
                    "What we expect at each level of each job, and what changes at the next one."):
        assert said(english) != english and html.escape(said(english), quote=True) in home, english
        assert english not in home, english
    assert "Find your level" not in (tmp_path / "repo" / "site_src" / "index.md").read_text(encoding="utf-8")


def test_a_language_the_tool_does_not_speak_is_refused_before_anything_is_written(tmp_path: Path):
    result = run_ladder("new", str(tmp_path / "repo"), "--org", "X", "--language", "nl", cwd=tmp_path)
    assert result.returncode == 1 and "'nl' is not one of 'en', 'de', 'es', 'fr'" in result.stderr
    assert not (tmp_path / "repo").exists()
