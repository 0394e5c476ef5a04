"""Files the checker meets on real disks and from careless or hostile hands: each is a located error, in seconds.

The YAML inside a file is covered by the corpus (tests/corpus); these cases are
about the files themselves (FIFOs, links, permissions, names), about size, and
about text that must not steer the terminal or a CI log.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import BUILD_ENV, FIXTURES, run_ladder

HANG = 60  # seconds: far beyond what any case takes, so only a hang reaches it


def _check(mini: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    result = run_ladder("check", "ladders", *args, cwd=mini.parent, timeout=HANG, **kwargs)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_fifo_named_like_a_ladder_file_is_skipped_with_a_located_error(mini: Path):
    os.mkfifo(mini / "roles" / "pipe.yml")
    result = _check(mini)
    assert result.returncode == 1
    assert "ladders/roles/pipe.yml:1:1: error: not a regular file (a FIFO, socket or device); skipped" in result.stderr.splitlines()


def test_dangling_symlinks_and_symlink_loops_are_located_errors(mini: Path):
    (mini / "roles" / "gone.yml").symlink_to(mini / "roles" / "never-written.yml")
    (mini / "roles" / "loop-a.yml").symlink_to(mini / "roles" / "loop-b.yml")
    (mini / "roles" / "loop-b.yml").symlink_to(mini / "roles" / "loop-a.yml")
    result = _check(mini)
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert f"ladders/roles/gone.yml:1:1: error: symbolic link points to nothing: '{mini}/roles/never-written.yml' does not exist" in lines
    assert "ladders/roles/loop-a.yml:1:1: error: symbolic link loop: this link leads back to itself" in lines
    assert "ladders/roles/loop-b.yml:1:1: error: symbolic link loop: this link leads back to itself" in lines


def test_a_linked_directory_is_reported_not_silently_left_out(mini: Path, tmp_path: Path):
    elsewhere = tmp_path / "shared-roles"
    shutil.move(mini / "roles", elsewhere)
    (mini / "roles").symlink_to(elsewhere)
    result = _check(mini)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("ladders/roles:1:1: error: symbolic link to a directory: not followed")


def _without_root_file_access() -> dict:
    """Popen options for a child that obeys file permissions: root reads anything, so as root the
    child drops the two capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) before it starts."""
    if os.geteuid() != 0:
        return {}
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for capability in (1, 2):
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")

    return {"preexec_fn": drop}


def test_an_unreadable_file_is_a_located_error(mini: Path):
    (mini / "roles" / "mini-role.yml").chmod(0)
    result = _check(mini, **_without_root_file_access())
    (mini / "roles" / "mini-role.yml").chmod(0o644)
    assert result.returncode == 1
    assert "ladders/roles/mini-role.yml:1:1: error: cannot read this file: permission denied" in result.stderr.splitlines()


def test_an_unreadable_roles_directory_fails_the_check_instead_of_dropping_every_role(mini: Path):
    (mini / "roles").chmod(0)
    result = _check(mini, **_without_root_file_access())
    (mini / "roles").chmod(0o755)
    assert result.returncode == 1
    assert ("ladders/roles:1:1: error: cannot read this directory: permission denied; the files in it are not checked"
            in result.stderr.splitlines())


def test_handbook_yml_and_handbook_yaml_together_are_refused(mini: Path):
    shutil.copy(mini / "handbook.yml", mini / "handbook.yaml")
    result = _check(mini)
    assert result.returncode == 1
    assert "ladders/handbook.yml:1:1: error: both handbook.yaml and handbook.yml exist; keep one" in result.stderr.splitlines()


def test_an_upper_case_extension_is_reported_not_ignored(mini: Path):
    (mini / "roles" / "mini-role.yml").rename(mini / "roles" / "mini-role.YML")
    result = _check(mini)
    assert result.returncode == 1
    assert ("ladders/roles/mini-role.YML:1:1: error: ladder files end in lower-case .yml or .yaml; rename it to 'mini-role.yml'"
            in result.stderr.splitlines())


def test_a_file_of_too_many_values_is_refused_at_the_first_value_too_many(mini: Path):
    items = "".join(f"  - {{id: x{i}, text: t}}\n" for i in range(70_000))
    (mini / "families" / "mini.yml").write_text("id: mini\nitems:\n" + items)
    assert 1_500_000 < (mini / "families" / "mini.yml").stat().st_size < 2_000_000
    result = _check(mini)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "ladders/families/mini.yml:66668:24: error: file has more than 200000 values"


def test_errors_are_capped_per_file(mini: Path):
    family = yaml.safe_load((mini / "families" / "mini.yml").read_text())
    family["competencies"][0]["expectations"]["l1"] = [{"id": f"e{i}", "text": "t", "colour": "red"} for i in range(300)]
    (mini / "families" / "mini.yml").write_text(yaml.safe_dump(family))
    result = _check(mini)
    lines = [line for line in result.stderr.splitlines() if line.startswith("ladders/families/mini.yml:")]
    assert len(lines) == 51
    assert all("unknown key 'colour'" in line for line in lines[:50])
    assert lines[50] == "ladders/families/mini.yml:1:1: error: 250 more problem(s) in this file not shown; fix the ones above first"


def test_control_characters_from_yaml_reach_the_terminal_escaped(mini: Path):
    role = mini / "roles" / "mini-role.yml"
    role.write_text(role.read_text().replace("family: mini", 'family: "mini\\e]0;owned\\a\\e[31m"'))
    result = _check(mini)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "ladders/roles/mini-role.yml:2:9: error: id 'mini\\x1b]0;owned\\x07\\x1b[31m' is not a lowercase slug" in result.stderr


def test_a_file_name_cannot_inject_a_github_workflow_command(mini: Path):
    (mini / "roles" / "x\n::warning file=evil::injected, too.yml").write_text("id: x\n")
    result = _check(mini, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert not any(line.startswith("::warning file=evil") for line in annotations), annotations
    assert any(line.startswith("::error file=ladders/roles/x%0A%3A%3Awarning file=evil%3A%3Ainjected%2C too.yml,line=1,col=1::")
               for line in annotations), annotations


def _opposite_replaces(mini: Path) -> None:
    """Two roles reusing each other's expectation ids, with `replaces` pointing opposite ways (this once hung the build)."""
    for name, first, second in (("mini-role", "p", "q"), ("mini-rival", "q", "p")):
        (mini / "roles" / f"{name}.yml").write_text(
            f"id: {name}\nfamily: mini\nname: {name}\nsummary: A role.\n"
            f"expectations:\n  alpha:\n    l1:\n      - {{id: {first}, text: First.}}\n"
            f"    l2:\n      - {{id: {second}, text: Second., replaces: {first}}}\n"
        )


def test_roles_reusing_expectation_ids_with_opposite_replaces_fail_the_check(mini: Path):
    _opposite_replaces(mini)
    result = _check(mini, "--strict")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "ladders/roles/mini-role.yml:8:14: error: duplicate expectation id 'p' "
        "(ids must be unique in a family and all its roles; also at ladders/roles/mini-rival.yml:10)",
        "ladders/roles/mini-role.yml:10:14: error: duplicate expectation id 'q' "
        "(ids must be unique in a family and all its roles; also at ladders/roles/mini-rival.yml:8)",
    ]


def test_roles_reusing_expectation_ids_with_opposite_replaces_fail_the_build_in_seconds(tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", project / "ladders")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n")
    (project / "mkdocs.yml").write_text("site_name: Mini\ntheme: {name: material}\nplugins: [ladder]\n")
    _opposite_replaces(project / "ladders")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    result = subprocess.run(command, capture_output=True, text=True, env=BUILD_ENV, timeout=HANG)
    assert result.returncode == 1
    assert "duplicate expectation id 'q'" in result.stderr
    assert "Traceback" not in result.stderr
