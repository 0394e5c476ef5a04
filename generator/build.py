"""Atomic builds: `mkdocs build` into a fresh directory, then swap it into place.

`mkdocs build` empties its site directory before it can fail, so building in
place would lose the published site on any error. We build next to the
target and exchange the two directories in one system call (renameat2 with
RENAME_EXCHANGE on Linux), so a failure, an exception or a kill at any moment
leaves either the old site or the new one, never a mix or nothing.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def publish(built: Path, site: Path) -> None:
    """Put the finished `built` directory at `site`, replacing what was there."""
    if not site.exists():
        os.rename(built, site)
        return
    if _exchange(built, site):
        shutil.rmtree(built)  # `built` now holds the previous site
        return
    old = site.with_name(f".{site.name}.old-{os.getpid()}")
    os.rename(site, old)  # fallback for systems without an exchange: a moment with no site
    os.rename(built, site)
    shutil.rmtree(old)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_abandoned(site: Path) -> None:
    """Delete staging directories left by builds that were killed (their process is gone)."""
    for leftover in site.parent.glob(f".{site.name}.build-*-*"):
        pid = leftover.name.removeprefix(f".{site.name}.build-").split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def build(config_file: Path, site: Path, strict: bool = True, extra: list[str] | None = None) -> int:
    """Run `mkdocs build` into a temporary sibling of `site` and publish it on success."""
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(site)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.build-{os.getpid()}-", dir=site.parent))
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(staging)]
        if strict:
            command.append("--strict")
        result = subprocess.run(command + (extra or []))
        if result.returncode != 0:
            return result.returncode
        publish(staging, site)
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
