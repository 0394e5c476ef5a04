"""Ids: the one place that decides what an id may be.

Ids become URL segments, file names and HTML anchors, so they are lowercase
slugs, short, and never a name Windows reserves for a device.
"""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LENGTH = 64
_DEVICES = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}


def id_problem(value: str) -> str | None:
    """Why `value` is not a usable id, or None when it is."""
    if len(value) > MAX_LENGTH:
        return f"id '{value[:20]}...' is longer than {MAX_LENGTH} characters"
    if not SLUG.match(value):
        return (
            f"id '{value}' is not a lowercase slug: use a-z, 0-9 and single hyphens"
            " (ids become URLs and file names)"
        )
    if value in _DEVICES:
        return f"id '{value}' is a reserved device name on Windows; choose another"
    return None


def check_id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise ValueError(problem)
    return value
