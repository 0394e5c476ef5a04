"""Ids: the one place that decides what an id may be.

Ids become URL segments, file names and HTML anchors, so they are lowercase
slugs, short, and never a name Windows reserves for a device.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

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


SLUG_LENGTH = MAX_LENGTH - 16


# Letters that have no accent to drop, spelt out (ß, ø, ł...), and German's umlauts as German writes them without:
# "Größe" is "groesse", not "groe" nor "grosse".
_SPELT_OUT = str.maketrans(
    dict(zip("ßẞäöüÄÖÜæÆœŒøØłŁđĐðÐþÞı", "ss SS ae oe ue Ae Oe Ue ae AE oe OE o O l L d D d D th TH i".split(), strict=True))
)

_DIAERESIS = re.compile(r"(?<=[gG])[üÜ](?=[eiéíEIÉÍ])")  # Spanish, Catalan and Portuguese güe, güi: "bilingüe" is "bilingue"


def slugify(text: str, fallback: str) -> str:
    """`text` made an id, for importers: accents dropped (German's umlauts and other letters spelt out), its words of letters and digits joined by hyphens
    (cut at a word, at most SLUG_LENGTH characters: room for a prefix or a `-2` added later); `fallback` when
    no word is left, and `fallback-...` in front when the slug is no usable id (a device name)."""
    composed = unicodedata.normalize("NFC", text)  # "ö" as one letter, however the file spelt it (macOS: o and ¨)
    spelt = _DIAERESIS.sub("u", composed).translate(_SPELT_OUT)
    folded = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", folded)
    value = ""
    for word in words:
        if len(value) + len(word) + 1 > SLUG_LENGTH:
            break
        value = f"{value}-{word}" if value else word
    value = value or (words[0][:SLUG_LENGTH] if words else fallback)
    return value if id_problem(value) is None else f"{fallback}-{value}"[:MAX_LENGTH].strip("-")


def unique(value: str, taken: set[str], reserved: Iterable[str] = ()) -> str:
    """`value`, or `value-2`, `value-3`...: the first in neither `taken` nor `reserved`; taken from now on."""
    blocked = set(reserved)
    candidate, n = value, 1
    while candidate in taken or candidate in blocked:
        n += 1
        candidate = f"{value[: MAX_LENGTH - len(str(n)) - 1].rstrip('-')}-{n}"
    taken.add(candidate)
    return candidate


class Made:
    """Ids of one kind in one scope, for importers: given ones kept, others made from names and kept unique."""

    def __init__(self, reserved: Iterable[str] = (), prefixes: tuple[str, ...] = (), fallback: str = "x"):
        self.by_key: dict[object, str] = {}
        self.taken: set[str] = set(reserved)
        self.prefixes = prefixes
        self.fallback = fallback

    def get(self, key: object, given: str, name: str) -> tuple[str, bool]:
        """The id for `key`: `given` when there is one, else made from `name`; True when made now."""
        if key in self.by_key:
            return self.by_key[key], False
        if given:
            self.by_key[key] = given
            self.taken.add(given)
            return given, False
        base = slugify(name, self.fallback)
        made = unique(f"x-{base}" if base.startswith(self.prefixes) else base, self.taken)
        self.by_key[key] = made
        return made, True


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


def heading_anchor_problem(expectation_id: str) -> str | None:
    """Why an expectation may not take `expectation_id`: a level page's headings use it as an anchor."""
    if expectation_id.startswith(HEADING_ANCHOR_PREFIXES) or expectation_id in HEADING_ANCHORS:
        prefixes = ", ".join(repr(p + "...") for p in HEADING_ANCHOR_PREFIXES)
        return (
            f"expectation id '{expectation_id}' is reserved: a level page's headings use {prefixes} and "
            f"{', '.join(sorted(HEADING_ANCHORS))} as anchors; choose another"
        )
    return None


RESERVED_FAMILY_IDS = {FAMILIES: "list of job families", REVIEWS: "page How we review", GUIDES: "guides"}
"""Family ids are directories at the top of the site, beside these pages."""
RESERVED_IN_FAMILY = {MATRIX: "competency matrix", TRACKS: "comparison of tracks"}
"""Role ids (and the level ids of a family without roles) are directories beside these pages of their family."""
