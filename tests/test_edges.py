"""The edges of the commands: what a hostile project, a signal or a full disk can do to them, and cannot."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import BUILD_ENV, HANDBOOK, ROOT, mkdocs_build, project_copy, run_ladder

LADDER = Path(sys.executable).parent / "ladder"  # the installed command, as a user runs it (`python -m` would import from cwd)


def _build(project: Path, *extra: str, **kwargs) -> subprocess.CompletedProcess:
    return run_ladder("build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site"), *extra, cwd=project, **kwargs)


def test_a_module_in_the_project_directory_is_not_imported_by_the_build(tmp_path: Path):
    project = project_copy(tmp_path)
    (project / "markdown.py").write_text("print('PROJECT MODULE RAN')\nraise SystemExit(3)\n")
    command = [str(LADDER), "build", "-f", "mkdocs.yml", "-d", "site"]
    result = subprocess.run(command, cwd=project, env=BUILD_ENV, capture_output=True, text=True, timeout=600)
    assert "PROJECT MODULE RAN" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr


def _mkdocs_writing_into(staging: Path) -> list[int]:
    """The processes whose command line names `staging`: a `mkdocs build` still writing into it."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(staging).encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_build_terminated_midway_removes_its_staging_and_stops_mkdocs(tmp_path: Path, signum: int):
    project = project_copy(tmp_path)
    assert _build(project).returncode == 0
    (project / "site" / "marker.txt").write_text("the previous site")
    command = [str(LADDER), "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    process = subprocess.Popen(command, cwd=project, env=BUILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, staged = time.monotonic() + 120, []
    while time.monotonic() < deadline and process.poll() is None and not staged:
        staged = [p for p in project.glob(".site.build-*") if (p / "engineering").exists()]
        time.sleep(0.005)
    assert staged and process.poll() is None, "the build must still be writing pages when it is signalled"
    process.send_signal(signum)  # to the command alone, as a service manager or a closed terminal does
    assert process.wait(timeout=60) == 128 + signum
    assert not staged[0].exists()
    assert (project / "site" / "marker.txt").read_text() == "the previous site"
    deadline = time.monotonic() + 10
    while _mkdocs_writing_into(staged[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _mkdocs_writing_into(staged[0]) == []


@pytest.mark.parametrize(
    ("name", "address"), [("engineering.md", "/engineering/"), ("engineering", "/engineering")]
)  # a page at a generated page's address; a plain file where a generated page's directory goes
def test_plain_mkdocs_build_refuses_a_clashing_page_before_emptying_the_site(tmp_path: Path, name: str, address: str):
    project = project_copy(tmp_path)
    site = project / "site"
    assert mkdocs_build(project / "mkdocs.yml", site).returncode == 0
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    (project / "site_src" / name).write_text("# Mine\n")
    result = mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 1
    assert f"site_src/{name}:1:1: error: this file would be published at {address}" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before


def _export(project: Path) -> subprocess.CompletedProcess:
    return run_ladder("export", str(project / "out"), "-f", str(project / "mkdocs.yml"), cwd=project, timeout=120)


@pytest.mark.parametrize("command", ["build", "export"])
@pytest.mark.parametrize("case", ["fifo", "socket", "broken link", "looping link", "link loop of directories"])
def test_special_files_and_bad_links_in_docs_dir_are_located_errors(tmp_path: Path, command: str, case: str):
    project = project_copy(tmp_path)
    docs = project / "site_src"
    name = {"fifo": "pipe.md", "socket": "sock", "link loop of directories": "notes/again"}.get(case, "link.md")
    if case == "fifo":
        os.mkfifo(docs / name)
    elif case == "socket":
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(docs / name))
    elif case == "broken link":
        (docs / name).symlink_to("nowhere.md")
    elif case == "looping link":
        (docs / name).symlink_to(name)
    else:
        (docs / "notes").mkdir()
        (docs / name).symlink_to("..")
    result = _build(project, timeout=120) if command == "build" else _export(project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"site_src/{name}:1:1: error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists() and not (project / "out").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []


def _laughs() -> str:
    lines = ["extra:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


_LAST_LINE = len((HANDBOOK / "mkdocs.yml").read_text().splitlines())  # "extra:" follows it, then the deep line


@pytest.mark.parametrize(
    ("case", "where", "message"),
    [
        ("deep", f"mkdocs.yml:{_LAST_LINE + 2}:", "nested more than 64 levels deep"),
        ("inherits itself", "mkdocs.yml:1:10:", "INHERIT makes a loop"),
        ("inherits each other", "other.yml:1:10:", "INHERIT makes a loop"),
        ("laughs", "mkdocs.yml:", "aliases expand to more than 100000 values"),
        ("many aliases", "mkdocs.yml:", "more than 100 aliases"),
        ("inherits a fifo", "pipe.yml:1:1:", "not a regular file"),
        ("is a fifo", "pipe.yml:1:1:", "not a regular file"),
        ("too large", "mkdocs.yml:1:1:", "larger than 1048576 bytes"),
    ],
)
def test_a_mkdocs_yml_that_would_crash_or_hang_mkdocs_is_a_located_error(tmp_path: Path, case: str, where: str, message: str):
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    original = config.read_text()
    args = ["-f", str(config)]
    if case == "deep":
        config.write_text(original + "extra:\n  a: " + "[" * 3000 + "]" * 3000 + "\n")
    elif case == "inherits itself":
        config.write_text("INHERIT: mkdocs.yml\n" + original)
    elif case == "inherits each other":
        config.write_text("INHERIT: other.yml\n" + original)
        (project / "other.yml").write_text("INHERIT: mkdocs.yml\n")
    elif case == "laughs":
        config.write_text(original.replace("\nextra:", "\nnot_extra:") + _laughs())
    elif case == "many aliases":
        config.write_text(original + "extra:\n  a: &a x\n  b: [" + ", ".join(["*a"] * 101) + "]\n")
    elif case == "inherits a fifo":
        config.write_text("INHERIT: pipe.yml\n" + original)
        os.mkfifo(project / "pipe.yml")
    elif case == "is a fifo":
        os.mkfifo(project / "pipe.yml")
        args = ["-f", str(project / "pipe.yml")]
    else:
        config.write_text(original + "# " + "x" * (1024 * 1024) + "\n")
    result = run_ladder("build", *args, "-d", str(project / "site"), cwd=project, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and where in errors[0] and message in errors[0], result.stderr


def test_mkdocs_output_is_escaped_and_cannot_run_github_workflow_commands(tmp_path: Path):
    project = project_copy(tmp_path)
    hostile = "evil\x1b]0;pwned\x07\n::error file=x.py::injected.md"
    (project / "site_src" / hostile).write_text("# Evil\n\n[broken](nowhere.md)\n")
    result = _build(project, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    lines = result.stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].removeprefix("::stop-commands::")
    assert len(token) >= 16
    end = lines.index(f"::{token}::")
    injected = [i for i, line in enumerate(lines) if line.startswith("::error file=x.py::")]
    assert injected and all(start < i < end for i in injected)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("size", ["-1", "0", str(64 * 1024 * 1024 + 1), "9" * 30])
def test_max_file_size_out_of_range_is_a_usage_error(size: str):
    result = run_ladder("check", "tests/fixtures/handbook/ladders", "--max-file-size", size, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr  # like every other error (README)
    assert "--max-file-size" in result.stderr


def test_output_that_cannot_be_written_is_one_line_and_exit_1():
    with open("/dev/full", "w") as full:
        command = [str(LADDER), "check", "tests/fixtures/handbook/ladders"]
        result = subprocess.run(command, cwd=ROOT, env=BUILD_ENV, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["ladder: error: cannot write the output: No space left on device"]


def test_the_built_site_has_the_mode_the_umask_gives_as_plain_mkdocs_does(tmp_path: Path):
    project = project_copy(tmp_path)
    result = subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$0" build -f mkdocs.yml -d site', str(LADDER)],
        cwd=project, env=BUILD_ENV, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((project / "site").stat().st_mode) == 0o755


def test_schema_never_writes_through_a_symlink_even_with_force(tmp_path: Path):
    outside = tmp_path / "outside.json"
    outside.write_text("precious")
    (tmp_path / "schema").mkdir()
    name = next(iter(__import__("generator.schema").schema.schema_files()))
    (tmp_path / "schema" / name).symlink_to(outside)
    result = run_ladder("schema", "--out", str(tmp_path / "schema"), "--force", cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert outside.read_text() == "precious"


@pytest.mark.parametrize("out", ["/", "~", "/etc"])
def test_schema_refuses_the_root_a_home_and_system_directories(tmp_path: Path, out: str):
    result = run_ladder("schema", "--out", str(Path(out).expanduser()), "--force", cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and "refusing to write into" in result.stderr
    assert not (Path(out).expanduser() / "handbook.schema.json").exists()


@pytest.mark.parametrize("name", ["engineering.md", "engineering", "families/index.md"])
def test_export_refuses_a_page_published_where_a_generated_one_goes(tmp_path: Path, name: str):
    project = project_copy(tmp_path)
    (project / "site_src" / name).parent.mkdir(parents=True, exist_ok=True)
    (project / "site_src" / name).write_text("# Mine\n")
    result = _export(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"site_src/{name}:1:1: error: this file would be published at" in result.stderr
    assert not (project / "out").exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [(["check", "--nope"], "No such option '--nope'"), (["frobnicate"], "No such command 'frobnicate'"),
     (["new"], "Missing argument 'DIRECTORY'"), (["import", "yaml", "a", "b"], "'yaml' is not one of")],
)
def test_a_command_line_click_refuses_exits_1_with_its_usage(tmp_path: Path, args: list[str], said: str):
    result = run_ladder(*args, cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Usage: ") and said in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_ladder_alone_and_help_and_version_exit_0_on_standard_output():
    for args in ([], ["--help"], ["check", "--help"], ["--version"]):
        result = run_ladder(*args, timeout=60)
        assert result.returncode == 0 and result.stderr == "", (args, result.stderr)
        assert result.stdout.startswith("Usage: ") or "version" in result.stdout, result.stdout
