"""Diagnostics: errors and warnings as values, each with a location.

Every stage returns diagnostics instead of raising, so one run can report all
problems in all files. Only the edges (CLI, MkDocs plugin) print them.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# C0 and C1 controls (ANSI and OSC escape sequences start with them), bidirectional overrides and
# line separators, and invisible characters: text from YAML and file names that must not steer a terminal
# or a CI log, nor make a message look other than it reads.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")


MAX_MESSAGE = 400  # a message quotes the text it is about; a 2 MB value must not become a 2 MB line


def _capped(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 20] + f"... ({len(text)} characters)"


def printable(text: str) -> str:
    """`text` with every character that could control a terminal shown as an escape, e.g. `\\x1b`."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _annotation_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _annotation_property(text: str) -> str:
    """GitHub's escaping for a workflow command property: its data escapes plus `:` and `,`."""
    return _annotation_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based, as editors show them."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    location: Location
    severity: Literal["error", "warning"]
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {printable(_capped(self.message))}"

    def github_annotation(self) -> str:
        """The GitHub Actions workflow command that shows this diagnostic inline on a pull request."""
        loc = self.location
        file = printable(_annotation_property(loc.path))
        return (
            f"::{self.severity} file={file},line={loc.line},col={loc.col}::{printable(_annotation_data(_capped(self.message)))}"
        )

    def gitlab_issue(self) -> dict:
        """One entry of a GitLab Code Quality report, which merge requests show inline."""
        loc = self.location
        fingerprint = hashlib.sha256(f"{loc.path}\0{loc.line}\0{loc.col}\0{self.message}".encode()).hexdigest()
        return {
            "description": _capped(self.message),
            "check_name": "ladder-check",
            "fingerprint": fingerprint,
            "severity": "major" if self.severity == "error" else "minor",
            "location": {"path": loc.path, "lines": {"begin": loc.line}},
        }


class LadderError(Exception):
    """Raised at an edge when diagnostics contain errors; carries them all."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def errors_of(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def warnings_of(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "warning"]


def cap_per_file(diagnostics: list[Diagnostic], limit: int) -> list[Diagnostic]:
    """At most `limit` diagnostics per file, in order, and one line saying how many more there were."""
    shown: Counter[str] = Counter()
    kept: list[Diagnostic] = []
    hidden: Counter[str] = Counter()
    for diagnostic in diagnostics:
        path = diagnostic.location.path
        if shown[path] < limit:
            shown[path] += 1
            kept.append(diagnostic)
        else:
            hidden[path] += 1
    for path, count in hidden.items():
        kept.append(
            Diagnostic(Location(path), "error", f"{count} more problem(s) in this file not shown; fix the ones above first")
        )
    return kept


def shown_path(path: Path) -> Path:
    """`path` as messages show it: relative to the working directory when inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def did_you_mean(value: str, names: Iterable[str]) -> str:
    """` (did you mean 'x'?)`, naming the one of `names` closest to `value` when one is close enough to be a
    typo of it; else nothing. Every "unknown ..." error that can name what was meant says it this way."""
    close = difflib.get_close_matches(value, [name for name in names if name != value], n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
