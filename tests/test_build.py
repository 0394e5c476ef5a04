"""`ladder build` replaces site/ only when the build succeeded: never half-written, never lost.

And neither `ladder build` nor `ladder export` nor `ladder schema` ever deletes or
overwrites what it did not make (generator/outdir.py decides).
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import outdir
from generator.schema import schema_files

from .conftest import BUILD_ENV, ROOT, mkdocs_build, project_copy, run_ladder


def _snapshot(root: Path) -> dict[str, str]:
    """Every file (by content), directory and link under `root`, to show nothing was touched."""
    def state(p: Path) -> str:
        if p.is_symlink():
            return f"-> {os.readlink(p)}"
        return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "directory"
    return {p.relative_to(root).as_posix(): state(p) for p in sorted(root.rglob("*"))}


def _build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_ladder("build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site"), *extra, cwd=project)


def _first_build(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    project = project_copy(tmp_path)
    result = _build(project)
    assert result.returncode == 0, result.stderr
    (project / "site" / "marker.txt").write_text("the previous site")
    return project, _snapshot(project / "site")


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_successful_build_replaces_the_whole_site(tmp_path: Path):
    project, _ = _first_build(tmp_path)
    result = _build(project)  # the site it made before, with a file added since: replaced without --force
    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "marker.txt").exists()
    assert (project / "site" / "engineering" / "backend" / "e3" / "index.html").is_file()
    assert (project / "site" / outdir.MARKER).read_text() == outdir.MARKER_TEXT
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
    guide = project / "site_src" / "index.md"
    guide.write_text(guide.read_text() + "\n[A broken link](nowhere.md)\n")
    result = _build(project)
    assert result.returncode == 1
    assert "nowhere.md" in result.stderr
    assert _snapshot(project / "site") == before


def test_a_broken_mkdocs_yml_gives_a_located_error_and_leaves_the_site_untouched(tmp_path: Path):
    project, before = _first_build(tmp_path)
    shutil.rmtree(project / "theme")
    result = run_ladder("build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"mkdocs.yml:12:1: error: Config value 'theme': The path set in custom_dir ('{project}/theme') does not exist." \
        in result.stderr.splitlines()
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
    assert outdir.made_by_us(staged[0]), "a staging directory carries the marker while it is written"
    result = _build(project)  # the next build succeeds and clears what the killed one left
    assert result.returncode == 0, result.stderr
    assert _leftovers(project) == []


def test_abandoned_staging_directories_are_deleted_only_when_marked(tmp_path: Path):
    project, _ = _first_build(tmp_path)
    pid = _dead_pid()
    ours, theirs = project / f".site.build-{pid}-ours", project / f".site.build-{pid}-theirs"
    ours.mkdir()
    outdir.mark(ours)
    theirs.mkdir()
    (theirs / "notes.txt").write_text("someone's files, named like a staging directory")
    before = _snapshot(theirs)
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert not ours.exists()
    assert _snapshot(theirs) == before


# Targets no command may replace, even with --force: (target as typed in the project, what the message says).
PROTECTED = {
    "project-absolute": ("{project}", "it is the project directory"),
    "current-directory": (".", "it is the project directory"),
    "ladders": ("ladders", "it is the ladders directory"),
    "docs-dir": ("site_src", "it is the docs_dir of mkdocs.yml"),
    "theme": ("theme", "it is the theme's custom_dir"),
    "inside-ladders": ("ladders/families", "it lies inside the ladders directory"),
    "parent-of-project": ("..", "it contains the project directory"),
    "mkdocs-yml": ("mkdocs.yml", "it is the MkDocs configuration file"),
    "git": (".git", "it is the project's git repository"),
    "inside-git": (".git/refs", "it lies inside the project's git repository"),
    "link-to-ladders": ("link", "it is the ladders directory"),
    "home": ("{home}", "it is your home directory"),
    "schema": ("schema", "it is the schema files the ladders' $schema lines name"),
}


def _command(command: str, project: Path, target: str, *extra: str) -> tuple[str, ...]:
    if command == "build":
        return ("build", "-f", str(project / "mkdocs.yml"), "-d", target, *extra)
    return ("export", target, "-f", str(project / "mkdocs.yml"), *extra)


def _project_with_home(tmp_path: Path) -> tuple[Path, Path]:
    """A project with a .git, a link to its ladders, and a home directory of its own beside it."""
    project = project_copy(tmp_path)
    (project / ".git" / "refs").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (project / "link").symlink_to("ladders")
    shutil.copytree(ROOT / "schema", project / "schema")  # as `ladder new` writes it
    home = tmp_path / "home"
    home.mkdir()
    (home / ".profile").write_text("# someone's settings\n")
    return project, home


@pytest.mark.parametrize("command", ["build", "export"])
@pytest.mark.parametrize("case", PROTECTED)
def test_never_replaces_the_project_or_a_home_even_with_force(tmp_path: Path, command: str, case: str):
    project, home = _project_with_home(tmp_path)
    target, message = PROTECTED[case]
    target = target.format(project=project, home=home)
    before = _snapshot(tmp_path)
    for extra in ((), ("--force",)):
        result = run_ladder(*_command(command, project, target, *extra), cwd=project, env={"HOME": str(home)})
        assert result.returncode == 1, result.stdout
        assert f"ladder {command}: error: refusing to replace {target!r}: {message}" in result.stderr
        assert "--force does not change this" in result.stderr and "Traceback" not in result.stderr
        assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("command", ["build", "export"])
def test_a_directory_of_someone_elses_files_is_replaced_only_with_force(tmp_path: Path, command: str):
    project = project_copy(tmp_path)
    (project / "mywork").mkdir()
    (project / "mywork" / "notes.txt").write_text("mine")
    before = _snapshot(tmp_path)
    result = run_ladder(*_command(command, project, "mywork"), cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"ladder {command}: error: refusing to replace 'mywork': it holds files ladder-handbook did not make " \
        "(there is no .ladder-handbook file in it). Choose an empty directory, remove it, or pass --force to replace it." \
        in result.stderr
    assert _snapshot(tmp_path) == before
    result = run_ladder(*_command(command, project, "mywork", "--force"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / "mywork" / "notes.txt").exists() and outdir.made_by_us(project / "mywork")


@pytest.mark.parametrize(("command", "inside"), [("build", ".git"), ("export", ".git"), ("export", "vendor/lib/.git")])
def test_a_directory_holding_a_git_repository_is_never_replaced_even_with_force(tmp_path: Path, command: str, inside: str):
    project = project_copy(tmp_path)
    (project / "other" / inside).mkdir(parents=True)
    (project / "other" / inside / "HEAD").write_text("ref: refs/heads/main\n")
    (project / "other" / "README.md").write_text("another project")
    before = _snapshot(tmp_path)
    result = run_ladder(*_command(command, project, "other"), cwd=project)
    assert result.returncode == 1 and "it holds files ladder-handbook did not make" in result.stderr  # found without a walk
    for extra in (("--force",),):
        result = run_ladder(*_command(command, project, "other", *extra), cwd=project)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"ladder {command}: error: refusing to replace 'other': it holds a git repository " \
            f"({(project / 'other' / inside).resolve()}), which ladder-handbook did not make. Choose a new or empty " \
            "directory of its own; --force does not change this." in result.stderr, result.stderr
        assert _snapshot(tmp_path) == before
    (project / "other" / "README.md").unlink()
    outdir.mark(project / "other")  # a site of ours, with a repository someone cloned into it since
    result = run_ladder(*_command(command, project, "other"), cwd=project)
    assert result.returncode == 1 and "it holds a git repository" in result.stderr, result.stderr
    assert (project / "other" / inside / "HEAD").exists()


@pytest.mark.parametrize("command", ["build", "export"])
def test_a_file_is_never_replaced(tmp_path: Path, command: str):
    project = project_copy(tmp_path)
    (project / "notes.txt").write_text("mine")
    before = _snapshot(tmp_path)
    for target, message in (("notes.txt", "refusing to replace 'notes.txt': it is a file, not a directory."),
                            ("notes.txt/out", f"cannot make 'notes.txt/out': '{project}/notes.txt' is a file.")):
        for extra in ((), ("--force",)):
            result = run_ladder(*_command(command, project, target, *extra), cwd=project)
            assert result.returncode == 1 and "Traceback" not in result.stderr
            assert f"ladder {command}: error: {message}" in result.stderr
            assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("command", ["build", "export"])
def test_an_empty_directory_is_used(tmp_path: Path, command: str):
    project = project_copy(tmp_path)
    (project / "out").mkdir()
    result = run_ladder(*_command(command, project, "out"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert outdir.made_by_us(project / "out")


def test_a_site_built_before_sites_were_marked_says_how_to_replace_it(tmp_path: Path):
    project = project_copy(tmp_path)
    assert mkdocs_build(project / "mkdocs.yml", project / "site").returncode == 0  # as `make site` left it before
    before = _snapshot(tmp_path)
    result = run_ladder("build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ladder build: error: refusing to replace 'site': it looks like a site built before ladder-handbook marked " \
        "what it makes (there is no .ladder-handbook file in it). Remove it (rm -r site) and run the command again, " \
        "or pass --force to replace it." in result.stderr
    assert _snapshot(tmp_path) == before
    result = run_ladder("build", "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    assert outdir.made_by_us(project / "site")


def test_the_root_is_refused():
    assert "it is the root directory" in outdir.target_problem(Path("/"), outdir.system_guards())


def test_every_home_in_the_password_database_and_what_holds_it_is_refused(tmp_path: Path, monkeypatch):
    alice = pwd.struct_passwd(("alice", "x", 1001, 1001, "", str(tmp_path / "alice"), "/bin/sh"))
    monkeypatch.setattr(pwd, "getpwall", lambda: [alice])
    guards = outdir.system_guards()
    assert "it is the home directory of alice" in outdir.target_problem(tmp_path / "alice", guards)
    assert "it contains the home directory of alice" in outdir.target_problem(tmp_path, guards)
    assert outdir.target_problem(tmp_path / "alice" / "site", guards) is None  # a site of one's own at home is fine
    monkeypatch.undo()
    guards = outdir.system_guards()
    assert all(outdir.target_problem(Path(entry.pw_dir), guards) for entry in pwd.getpwall() if entry.pw_dir)


def test_schema_overwrites_only_its_own_files_unless_forced(tmp_path: Path):
    out = tmp_path / "schema"
    out.mkdir()
    (out / "family.schema.json").write_text('{"$schema": "http://json-schema.org/draft-07/schema#", "title": "Family"}')
    assert run_ladder("schema", "--out", str(out)).returncode == 0  # an older schema of ours is replaced
    assert (out / "family.schema.json").read_text() == schema_files()["family.schema.json"]
    for foreign in ("my notes", '{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Family"}'):
        (out / "role.schema.json").write_text(foreign)
        before = _snapshot(tmp_path)
        result = run_ladder("schema", "--out", str(out))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"ladder schema: error: refusing to overwrite '{out}/role.schema.json': it is not a schema file " \
            "ladder-handbook wrote. Move it away, choose another --out, or pass --force to overwrite it." in result.stderr
        assert _snapshot(tmp_path) == before
    assert run_ladder("schema", "--out", str(out), "--force").returncode == 0
    assert (out / "role.schema.json").read_text() == schema_files()["role.schema.json"]


def test_schema_into_a_file_is_refused(tmp_path: Path):
    (tmp_path / "schema").write_text("mine")
    for extra in ((), ("--force",)):
        result = run_ladder("schema", "--out", str(tmp_path / "schema"), *extra)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"ladder schema: error: cannot write into '{tmp_path}/schema': it is a file, not a directory." in result.stderr
        assert (tmp_path / "schema").read_text() == "mine"


@pytest.fixture
def mounted_site(tmp_path: Path):
    """The project's site/ as a mount point of its own, as a container's volume is."""
    project = project_copy(tmp_path)
    (project / "site").mkdir()
    mount = subprocess.run(["mount", "-t", "tmpfs", "none", str(project / "site")], capture_output=True, text=True)
    if mount.returncode != 0:
        pytest.skip(f"this machine does not let the tests mount a file system: {mount.stderr.strip()}")
    try:
        yield project
    finally:
        subprocess.run(["umount", "-l", str(project / "site")], check=True)


def test_a_site_directory_that_is_a_mount_point_gets_its_contents_replaced(mounted_site: Path):
    project = mounted_site
    site = project / "site"
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert os.path.ismount(site) and (site / "index.html").is_file() and (site / outdir.MARKER).is_file()
    (site / "left-from-before.txt").write_text("old")
    roles = project / "ladders" / "roles" / "sre.yml"
    roles.write_text(roles.read_text().replace("name: Site Reliability Engineer", "name: Reliability Engineer"))
    result = _build(project)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert os.path.ismount(site) and not (site / "left-from-before.txt").exists()
    assert "Reliability Engineer" in (site / "engineering" / "sre" / "index.html").read_text()
    assert _leftovers(project) == []


def test_a_mount_point_holding_someone_elses_files_is_refused_without_force(mounted_site: Path):
    site = mounted_site / "site"
    (site / "photos").mkdir()
    (site / "photos" / "holiday.jpg").write_bytes(b"not ours")
    before = _snapshot(site)
    result = _build(mounted_site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert _snapshot(site) == before
