"""Atomic builds: `mkdocs build` into a fresh directory, then swap it into place.

`mkdocs build` empties its site directory before it can fail, so building in
place would lose the published site on any error. We build into a marked
staging directory next to the target and exchange the two in one system call
(generator/outdir.py), so a failure, an exception or a kill at any moment
leaves either the old site or the new one, never a mix or nothing. The target
is claimed first: a build replaces only a directory it may (outdir decides),
never the project's sources or a directory someone else made.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import outdir
from .errors import printable

if TYPE_CHECKING:
    from .project import Settings


def _reproducible(config_file: Path) -> dict[str, str]:
    """The environment for `mkdocs build`: the sitemap's dates from the project's last commit, so that
    the same sources give the same bytes (unless the caller set SOURCE_DATE_EPOCH itself)."""
    env = dict(os.environ)
    if "SOURCE_DATE_EPOCH" not in env:
        try:
            last = subprocess.run(
                ["git", "log", "-1", "--format=%ct"], cwd=config_file.resolve().parent, capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.SubprocessError):
            return env
        if last.returncode == 0 and last.stdout.strip().isdigit():
            env["SOURCE_DATE_EPOCH"] = last.stdout.strip()
    return env


def build_site(settings: Settings, site: Path, strict: bool = True, extra: list[str] | None = None, force: bool = False) -> int:
    """Run `mkdocs build` into a temporary sibling of `site` and publish it on success.

    Raises `outdir.Refused`, before building, when `site` is not ours to replace.
    """
    site = outdir.claim(site, settings.guards(), force)
    with outdir.staging(site, "build") as staging:
        command = [sys.executable, "-P", "-m", "mkdocs", "build", "-f", str(settings.config_file), "-d", str(staging)]
        if strict:
            command.append("--strict")
        returncode = _relay(command + (extra or []), _reproducible(settings.config_file))
        if returncode != 0:
            return returncode
        outdir.publish(staging, site, force)
        return 0


def _relay(command: list[str], env: dict[str, str]) -> int:
    """Run `command`, passing its output to stderr line by line as it comes, escaped so that a file name
    cannot steer the terminal, nor (inside stop-commands) run a GitHub workflow command; its exit status.

    A Python traceback of the child is cut to its last line: the cause, without MkDocs's internals.
    """
    token = secrets.token_hex(16) if os.environ.get("GITHUB_ACTIONS") == "true" else None
    if token:
        print(f"::stop-commands::{token}", file=sys.stderr, flush=True)
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    in_traceback = False
    try:
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("Traceback (most recent call last):"):
                in_traceback = True
            elif in_traceback and not line.startswith((" ", "\t")) and line:
                if not line.startswith(("During handling", "The above exception")):
                    print(printable(f"mkdocs build: error: {line}"), file=sys.stderr, flush=True)
                in_traceback = line.startswith(("During handling", "The above exception"))
            elif not in_traceback:
                print(printable(line), file=sys.stderr, flush=True)
        return process.wait()
    except BaseException:  # a signal or Ctrl-C: stop the build before the staging directory is removed
        process.kill()
        process.wait()
        raise
    finally:
        process.stdout.close()
        if token:
            print(f"::{token}::", file=sys.stderr, flush=True)
