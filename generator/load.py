"""Load: find the ladder files under a directory, read them safely, and parse each into a `Document`.

Discovery decides each file's kind from where it sits (`handbook.yml`,
`families/*.yml`, `roles/*.yml`). Reading never blocks and never follows a
link out of the ladders: FIFOs and devices are skipped, unreadable files and
directories, dangling links and link loops are located errors, never a
silent omission. Parsing is `document.parse`.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .document import Document, parse
from .errors import Diagnostic, Location

MAX_FILE_BYTES = 2 * 1024 * 1024
SUFFIXES = (".yml", ".yaml")
HANDBOOK_NAMES = ("handbook.yml", "handbook.yaml")
_NOT_LADDERS = ("node_modules", "__pycache__")  # with hidden directories, never walked: no ladder lives there


@dataclass(frozen=True)
class Source:
    """A ladder file found under the ladders directory."""

    file: Path
    display: str  # the path messages show
    kind: str  # handbook, family or role


def _error(display: str, message: str) -> Diagnostic:
    return Diagnostic(Location(display), "error", message)


def _decode(raw: bytes, path: str) -> tuple[str | None, Diagnostic | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, _error(path, "file is UTF-16; save it as UTF-8")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Diagnostic(Location(path, line, col), "error", "file is not valid UTF-8")


def _why_unreadable(file: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: this link leads back to itself"
    if exc.errno == errno.ENOENT and file.is_symlink():
        return f"symbolic link points to nothing: '{os.readlink(file)}' does not exist"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read this file: permission denied"
    return f"cannot read this file: {exc.strerror or exc}"


def read_bytes(file: Path, display: str, max_bytes: int) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of a regular file, read without blocking; a located error for anything else."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, _error(display, _why_unreadable(file, exc))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, _error(display, "not a regular file (a FIFO, socket or device); skipped")
        if info.st_size > max_bytes:
            return None, _error(display, f"file is {info.st_size} bytes; the limit is {max_bytes}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(min(info.st_size, max_bytes) + 1)
    except OSError as exc:
        return None, _error(display, _why_unreadable(file, exc))
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # it grew while we read it
        return None, _error(display, f"file is more than {max_bytes} bytes; the limit is {max_bytes}")
    return raw, None


def load_file(file: Path, display: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one file, refusing special, oversized and non-UTF-8 files."""
    raw, problem = read_bytes(file, display, max_bytes)
    if raw is None:
        return None, [problem] if problem else []
    return load_bytes(raw, display)


def load_bytes(raw: bytes, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one file's bytes, refusing what is not UTF-8."""
    text, problem = _decode(raw, display)
    if text is None:
        return None, [problem] if problem else []
    return parse(text, display)


def kind_of(parts: tuple[str, ...]) -> str | None:
    """What a ladder file is, from its path's parts under the ladders directory: handbook, family, role or None."""
    if len(parts) == 1 and parts[0] in HANDBOOK_NAMES:
        return "handbook"
    if len(parts) == 2 and parts[0] in ("families", "roles"):
        return "family" if parts[0] == "families" else "role"
    return None


def _walk_error(exc: OSError, root: Path, problems: list[Diagnostic]) -> None:
    where = Path(exc.filename or root).as_posix()
    reason = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else (exc.strerror or str(exc))
    problems.append(_error(where, f"cannot read this directory: {reason}; the files in it are not checked"))


def discover(root: Path) -> tuple[list[Source], list[Diagnostic]]:
    """The ladder files under `root`, sorted, each with its kind; problems for what cannot be used."""
    found: list[Source] = []
    problems: list[Diagnostic] = []
    real_root = Path(os.path.realpath(root))
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda exc: _walk_error(exc, root, problems)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _NOT_LADDERS)  # .git, .venv
        for name in list(dirnames):
            if (Path(dirpath) / name).is_symlink():
                dirnames.remove(name)
                problems.append(
                    _error(
                        (Path(dirpath) / name).as_posix(),
                        "symbolic link to a directory: not followed, so its files are not checked; copy or move them here",
                    )
                )
        for name in sorted(filenames):
            file = Path(dirpath) / name
            display = file.as_posix()
            if not name.endswith(SUFFIXES):
                if name.lower().endswith(SUFFIXES):
                    stem, _, suffix = name.rpartition(".")
                    problems.append(
                        _error(display, f"ladder files end in lower-case .yml or .yaml; rename it to '{stem}.{suffix.lower()}'")
                    )
                continue
            if not Path(os.path.realpath(file)).is_relative_to(real_root):
                problems.append(_error(display, "symbolic link points outside the ladders directory"))
                continue
            kind = kind_of(file.relative_to(root).parts)
            if kind is None:
                problems.append(
                    Diagnostic(Location(display), "warning", "ignored: put families in families/ and roles in roles/")
                )
                continue
            found.append(Source(file, display, kind))
    handbooks = [s for s in found if s.kind == "handbook"]
    for extra in handbooks[1:]:
        found.remove(extra)
        problems.append(_error(extra.display, f"both {handbooks[0].file.name} and {extra.file.name} exist; keep one"))
    return found, problems
