"""Output directories: which ones a command may replace, and how it replaces one.

`ladder build` and `ladder export` write a whole new directory and swap it
in place of the old one, which deletes the old one. This module is the one
place that decides what may be deleted that way:

- never the project or what it is made of: the directory of mkdocs.yml (or
  one holding it), mkdocs.yml, docs_dir, the ladders, the theme's custom_dir,
  the schema/ directory `ladder new` writes, and .git (or anything inside those); nor the current directory, a home
  directory or `/` (or one holding them). `--force` does not change this.
- an existing directory only when it is empty or holds the MARKER file that
  every site and export we make carries; `--force` replaces it anyway.
- never a directory holding a git repository (a `.git` anywhere inside),
  even one we made: someone put the repository there.
- never a file.

Staging directories carry the marker from the moment they are made, so the
clean-up after a killed run deletes only directories a run of ours made.
"""

from __future__ import annotations

import ctypes
import glob
import json
import os
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .schema import DRAFT_07

try:
    import pwd
except ImportError:  # no password database (Windows): the current user's home is still known
    pwd = None  # type: ignore[assignment]

MARKER = ".ladder-handbook"
_MADE_BY = "Made by ladder-handbook"
MARKER_TEXT = (
    f"{_MADE_BY} (ladder build or ladder export): safe to delete; the next build or export replaces this directory whole.\n"
)

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class Refused(Exception):
    """A command was asked to write where it would delete or overwrite what it did not make."""


@dataclass(frozen=True)
class Guard:
    """A path no output may replace; `what` names it in messages."""

    path: Path  # resolved
    what: str
    inside_too: bool  # a source tree: an output inside it is refused too; otherwise only it and what holds it

    def relation(self, target: Path) -> str | None:
        """How the resolved `target` would destroy this path, in words, or None when it would not."""
        if target == self.path:
            return "is"
        if self.path.is_relative_to(target):
            return "contains"
        if self.inside_too and target.is_relative_to(self.path):
            return "lies inside"
        return None


def guards(config_file: Path, docs_dir: Path, ladders_dir: Path, custom_dir: Path | None) -> list[Guard]:
    """Everything an output of the project of `config_file` must not replace."""
    project = config_file.resolve().parent
    sources = {
        "the MkDocs configuration file": config_file,
        "the docs_dir of mkdocs.yml": docs_dir,
        "the ladders directory": ladders_dir,
        "the theme's custom_dir": custom_dir,
        "the project's git repository": _git_dir(project),
        "the schema files the ladders' $schema lines name": project / "schema" if (project / "schema").is_dir() else None,
    }
    found = [Guard(path.resolve(), what, True) for what, path in sources.items() if path is not None]
    return [Guard(project, "the project directory", False), *found, *system_guards()]


def system_guards() -> list[Guard]:
    """The current directory, every home directory and the root, which no output may be or hold."""
    found = [Guard(Path.cwd().resolve(), "the current directory", False), Guard(Path("/").resolve(), "the root directory", False)]
    try:
        found.append(Guard(Path.home().resolve(), "your home directory", False))
    except RuntimeError:  # no $HOME and no entry in the password database
        pass
    entries = pwd.getpwall() if pwd is not None else []
    return found + [
        Guard(Path(entry.pw_dir).resolve(), f"the home directory of {entry.pw_name}", False) for entry in entries if entry.pw_dir
    ]


def _git_dir(project: Path) -> Path | None:
    for directory in (project, *project.parents):
        if (directory / ".git").exists():
            return directory / ".git"
    return None


def target_problem(target: Path, protected: list[Guard], force: bool = False) -> str | None:
    """Why a command may not replace `target` with a directory of its own, or None when it may."""
    resolved = target.resolve()
    matches = [(relation, guard) for guard in protected if (relation := guard.relation(resolved))]
    if matches:
        relation, guard = min(matches, key=lambda match: match[0] != "is")  # "is" says it best; else the first
        where = "" if str(guard.path) == str(target) else f" ({guard.path})"
        return (
            f"refusing to replace {str(target)!r}: it {relation} {guard.what}{where}. "
            f"Choose a new or empty directory of its own; --force does not change this."
        )
    return _existing_problem(target, resolved, force)


def _existing_problem(target: Path, resolved: Path, force: bool) -> str | None:
    """What stops `resolved` being replaced now, given what is there."""
    shown = repr(str(target))
    if not resolved.exists():
        blocker = next(p for p in resolved.parents if p.exists())
        if not blocker.is_dir():
            return f"cannot make {shown}: {str(blocker)!r} is a file. Choose another path."
        return None
    if not resolved.is_dir():
        return f"refusing to replace {shown}: it is a file, not a directory. Remove it or choose another path."
    ours = made_by_us(resolved)
    if (force or ours) and (repository := _repository_in(resolved)):  # even in a site of ours: someone put it there
        return (
            f"refusing to replace {shown}: it holds a git repository ({repository}), which ladder-handbook did "
            f"not make. Choose a new or empty directory of its own; --force does not change this."
        )
    if force or ours or not any(resolved.iterdir()):
        return None
    if (resolved / "sitemap.xml.gz").exists():  # an MkDocs site, most likely built before we marked our output
        return (
            f"refusing to replace {shown}: it looks like a site built before ladder-handbook marked what it makes "
            f"(there is no {MARKER} file in it). Remove it (rm -r {shlex.quote(str(target))}) and run the command "
            f"again, or pass --force to replace it."
        )
    return (
        f"refusing to replace {shown}: it holds files ladder-handbook did not make (there is no {MARKER} file "
        f"in it). Choose an empty directory, remove it, or pass --force to replace it."
    )


def _repository_in(directory: Path) -> str | None:
    """The first `.git` (a repository, or a work tree's link to one) under `directory`, or None; symlinks not followed."""
    for root, dirs, files in os.walk(directory):
        if ".git" in dirs or ".git" in files:
            return str(Path(root) / ".git")
    return None


def claim(target: Path, protected: list[Guard], force: bool = False) -> Path:
    """`target` resolved, when a command may replace it; Refused otherwise."""
    problem = target_problem(target, protected, force)
    if problem:
        raise Refused(problem)
    return target.resolve()


def mark(directory: Path) -> None:
    (directory / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def made_by_us(directory: Path) -> bool:
    """True when `directory` carries our marker: a command of ours made it."""
    marker = directory / MARKER
    try:
        return not marker.is_symlink() and marker.is_file() and marker.read_text(encoding="utf-8").startswith(_MADE_BY)
    except (OSError, UnicodeDecodeError):
        return False


@contextmanager
def staging(target: Path, kind: str) -> Iterator[Path]:
    """A new marked directory beside `target` to write into; deleted afterwards unless published."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(target, kind)
    path = Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-{os.getpid()}-", dir=target.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        path.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide the published site from the web server
        mark(path)
        yield path
    finally:
        if path.exists() and (made_by_us(path) or not any(path.iterdir())):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_abandoned(target: Path, kind: str) -> None:
    """Delete marked staging directories left by runs that were killed (their process is gone)."""
    prefix = f".{target.name}.{kind}-"
    for leftover in target.parent.glob(f"{glob.escape(prefix)}*-*"):
        pid = leftover.name.removeprefix(prefix).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and made_by_us(leftover):
            shutil.rmtree(leftover, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def publish(built: Path, target: Path, force: bool = False) -> None:
    """Put the finished `built` directory at the claimed `target`, replacing what is there.

    What is there is checked again: something may have appeared while we built.
    """
    problem = _existing_problem(target, target, force)
    if problem:
        raise Refused(problem)
    if not target.exists():
        os.rename(built, target)
        return
    if os.path.ismount(target):
        _replace_contents(built, target)
        return
    if _exchange(built, target):
        shutil.rmtree(built)  # `built` now holds the previous output
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)  # fallback for systems without an exchange: a moment with nothing there
    os.rename(built, target)
    shutil.rmtree(old)


def _replace_contents(built: Path, target: Path) -> None:
    """A mount point (a container's volume, say) cannot be renamed or swapped, so its contents are
    replaced instead: the old output (checked to be ours) goes, then the new moves in. Not atomic."""
    for child in list(target.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in list(built.iterdir()):
        shutil.move(str(child), str(target / child.name))
    built.rmdir()


def schema_problem(out: Path, files: dict[str, str], force: bool = False) -> str | None:
    """Why `ladder schema` may not write `files` (name -> JSON text) into `out`, or None when it may."""
    resolved = out.resolve()
    protected = [g for g in system_guards() if g.what != "the current directory"] + [
        Guard(Path(p).resolve(), "a system directory", False) for p in _SYSTEM_DIRS
    ]
    guard = next((g for g in protected if g.path == resolved), None)
    if guard is not None:
        return f"refusing to write into {str(out)!r}: it is {guard.what}. Choose a directory of the project; --force does not change this."
    if resolved.exists() and not resolved.is_dir():
        return f"cannot write into {str(out)!r}: it is a file, not a directory. Remove it or choose another --out."
    blocker = _existing_problem(out, resolved, force=True)  # only a file in the way matters here
    if blocker:
        return blocker
    for name, text in files.items():
        path = out / name
        if path.is_symlink():
            return (
                f"refusing to write {str(path)!r}: it is a symbolic link, and writing through it would change "
                f"another file. Remove it or choose another --out; --force does not change this."
            )
        if path.is_dir():
            return f"cannot write {str(path)!r}: it is a directory. Remove it or choose another --out."
        if path.exists() and not force and not _our_schema(path, text):
            return (
                f"refusing to overwrite {str(path)!r}: it is not a schema file ladder-handbook wrote. "
                f"Move it away, choose another --out, or pass --force to overwrite it."
            )
    return None


_SYSTEM_DIRS = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/opt", "/proc", "/sbin", "/sys", "/usr", "/var", "/tmp")


def _our_schema(path: Path, text: str) -> bool:
    """True when `path` holds our schema for the same kind of file, of this version or another."""
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    new = json.loads(text)
    return isinstance(old, dict) and old.get("$schema") == DRAFT_07 and old.get("title") == new.get("title")
