"""Arms Z and Z' of the benchmark: Zensical building the `ladder export` of the organisation, from clean and with its cache.

Zensical (Material for MkDocs's successor) reads mkdocs.yml but runs no MkDocs
plugins, so it builds the export (arm H''s input). It goes into a virtual
environment of the benchmark's own, made once from requirements-zensical.lock
(the newest release that installs from the registry, as tests/test_zensical.py
uses): its dependencies need not agree with ours. Where it cannot be installed,
the arms are left out and the report says why.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-zensical.lock"


def install(venv: Path) -> tuple[Path | None, str]:
    """The `zensical` command of `venv`, installed from the lock file unless it already runs; else None and why not."""
    command = venv / "bin" / "zensical"
    if _runs(command):
        return command, ""
    steps = ([sys.executable, "-m", "venv", "--clear", str(venv)],
             [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(LOCK)])
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=900, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            return None, f"Zensical could not be installed from {LOCK.name}: {error}"
        if done.returncode != 0:
            said = [line for line in done.stderr.splitlines() if line.startswith("ERROR")] or done.stderr.splitlines()[-1:]
            return None, f"Zensical could not be installed from {LOCK.name}: {' '.join(said)}"
    if not _runs(command):
        return None, f"Zensical, installed from {LOCK.name}, does not run: `{command} --version` failed"
    return command, ""


def _runs(command: Path) -> bool:
    try:
        return command.is_file() and subprocess.run([str(command), "--version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def version(command: Path) -> str:
    """`zensical==x.y.z`, for the report's list of packages."""
    said = subprocess.run([str(command), "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return f"zensical=={said.split()[-1]}" if said else "zensical"


def arms(command: Path, config_file: Path) -> dict[str, list[str]]:
    """Z from clean (its cache emptied first), then Z' with the cache Z has just left."""
    return {"Z": [str(command), "build", "--clean", "-f", str(config_file)],
            "Z'": [str(command), "build", "-f", str(config_file)]}
