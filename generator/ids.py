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
        return f"id '{value}' is not a lowercase slug: use a-z, 0-9 and single hyphens (ids become URLs and file names)"
    if value in _DEVICES:
        return f"id '{value}' is a reserved device name on Windows; choose another"
    return None


def check_id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise ValueError(problem)
    return value


# Names the handbook's own pages take. `paths` builds those pages from these names, and validation
# refuses an id that would put another page at the same address: this is the one list of them.
FAMILIES = "families"
REVIEWS = "reviews"
GUIDES = "guides"
MATRIX = "matrix"
TRACKS = "tracks"
# Anchors a level page gives its own headings: an expectation's id is its anchor on the same page.
HEADING_ANCHOR_PREFIXES = ("competency-", "group-")
HEADING_ANCHORS = {"around-this-level"}
RESERVED_FAMILY_IDS = {FAMILIES: "list of job families", REVIEWS: "page How we review", GUIDES: "guides"}
"""Family ids are directories at the top of the site, beside these pages."""
RESERVED_IN_FAMILY = {MATRIX: "competency matrix", TRACKS: "comparison of tracks"}
"""Role ids (and the level ids of a family without roles) are directories beside these pages of their family."""
