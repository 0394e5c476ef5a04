"""A family's structure: its tracks, levels and branches, how large its pages would grow, and gaps.

What `crosscheck` needs to know before it can follow references: whether the
track paths can be computed at all (no unknown track, no branch cycle), and
whether the family stays within sizes a site can be built from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import order
from .document import Document
from .errors import Diagnostic, did_you_mean
from .ids import RESERVED_IN_FAMILY
from .model import Competency, Family


class Report:
    def __init__(self, doc: Document):
        self.doc = doc
        self.found: list[Diagnostic] = []

    def error(self, loc: tuple, message: str, *, key: bool = False) -> None:
        self.found.append(Diagnostic(self.doc.locate(loc, key=key), "error", message))

    def warning(self, loc: tuple, message: str, *, key: bool = False) -> None:
        self.found.append(Diagnostic(self.doc.locate(loc, key=key), "warning", message))

    def unique(self, items: Iterable[Any], where: tuple, what: str) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                line = self.doc.locate(where + (seen[item.id], "id")).line
                self.error(where + (i, "id"), f"duplicate {what} id '{item.id}' (first at line {line})")
            seen.setdefault(item.id, i)


def choices(ids: Iterable[str], most: int = 20) -> str:
    names = sorted(ids)
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more or "none"


def unknown(what: str, value: object, ids: Iterable[str], among: str) -> str:
    """The error for a reference to an id no one defined: the closest defined one first, when one is
    close enough to be a typo, then `among` (what the ids are: "levels are") and the ids themselves."""
    names = sorted(ids)
    return f"unknown {what} '{value}'{did_you_mean(str(value), names)}; {among}: {choices(names)}"


ANY_FAMILY = "*"  # in `broken`: a family file that could not be read, so any unknown family may be that one
MAX_LEVELS = 100
MAX_TRACKS = 20
MAX_SHOWN = 100_000  # expectations listed over one role's level pages


def reserved(what: str, value: str, family_id: str) -> str:
    return f"{what} id '{value}' is reserved: family '{family_id}' publishes its {RESERVED_IN_FAMILY[value]} at that address; choose another"


def check_structure(family: Family, report: Report, grade_ids: set[str] | None) -> bool:
    """Tracks, levels and branches; True when the track paths can be computed."""
    report.unique(family.tracks, ("tracks",), "track")
    report.unique(family.levels, ("levels",), "level")
    report.unique(family.competencies, ("competencies",), "competency")
    track_ids = {t.id for t in family.tracks}
    level_ids = {lv.id for lv in family.levels}
    sound = True
    for items, limit, what in ((family.levels, MAX_LEVELS, "levels"), (family.tracks, MAX_TRACKS, "tracks")):
        if len(items) > limit:  # each level's page repeats everything below it: the site grows with the square
            report.error(
                (what, limit), f"a family holds at most {limit} {what}; this one has {len(items)}: split it into families"
            )
            return False
    if not family.levels:
        report.error(("levels",), f"ladder '{family.id}' has no levels")
        return False
    for i, level in enumerate(family.levels):
        if level.id in RESERVED_IN_FAMILY:
            report.error(("levels", i, "id"), reserved("level", level.id, family.id))
        if level.track not in track_ids:
            report.error(("levels", i, "track"), unknown("track", level.track, track_ids, "tracks are"))
            sound = False
        if level.grade is not None and grade_ids is not None and level.grade not in grade_ids:
            report.error(("levels", i, "grade"), unknown("grade", level.grade, grade_ids, "handbook.yml grades are"))
    # after a level's unknown (mistyped) track, the track it meant is not also reported as having no levels
    misplaced = any(level.track not in track_ids for level in family.levels)
    for i, track in enumerate(family.tracks):
        if not order.track_levels(family, track.id) and not misplaced:
            report.error(("tracks", i, "id"), f"track '{track.id}' has no levels")
            sound = False
        if track.branches_from is None:
            continue
        origin = next((lv for lv in family.levels if lv.id == track.branches_from), None)
        if origin is None:
            report.error(("tracks", i, "branches_from"), unknown("level", track.branches_from, level_ids, "levels are"))
            sound = False
        elif origin.track == track.id:
            report.error(("tracks", i, "branches_from"), f"track '{track.id}' cannot branch from its own level '{origin.id}'")
            sound = False
        elif cycle := order.branch_cycle(family, track):
            report.error(("tracks", i, "branches_from"), "branch cycle: " + " -> ".join(cycle))
            sound = False
    return sound


def _expected_by_level(comp: Competency, below: dict[str, list]) -> dict[str, bool]:
    """Level id -> something of `comp` is expected at that level or one below it on its path."""
    seen: dict[str, bool] = {}

    def expected(level_id: str) -> bool:
        if level_id not in seen:
            seen[level_id] = bool(comp.expectations.get(level_id)) or any(expected(lv.id) for lv in below[level_id])
        return seen[level_id]

    return {level_id: expected(level_id) for level_id in below}


def levels_below(family: Family) -> dict[str, list]:
    """Level id -> the level just below it on its path ([] at the bottom); the family must be sound."""
    return {lv.id: order.path_to(family, lv.id)[-2:-1] for lv in family.levels}


def check_size(family: Family, report: Report, below: dict[str, list]) -> None:
    """Each level's page repeats what the levels below it expect: refuse a family whose pages would explode."""
    written = {lv.id: 0 for lv in family.levels}
    for comp in family.competencies:
        for level_id, items in comp.expectations.items():
            if level_id in written:
                written[level_id] += len(items)
    shown: dict[str, int] = {}
    for level_id in bottom_up(below):
        shown[level_id] = written[level_id] + sum(shown[lv.id] for lv in below[level_id])
    total = sum(shown.values())
    if total > MAX_SHOWN:
        report.error(
            ("id",),
            f"a role of this family would list {total} expectations over its level pages (each level repeats the "
            f"ones below it); the limit is {MAX_SHOWN}: split the family or its levels",
        )


def check_level_pages(family: Family, report: Report) -> None:
    """Level pages of additions only make sense where levels add to the ones below."""
    if family.level_pages == "additions" and family.progression == "per-level":
        report.error(
            ("level_pages",),
            "level_pages: additions lists what each level adds to the levels below, which a per-level family does not "
            "say; use it with progression: cumulative, or leave it out",
        )


def check_gaps(family: Family, report: Report, below: dict[str, list]) -> None:
    """Warn about a competency that asks nothing on a track it applies to. A competency may start above a
    track's first level (leadership often does), and in a per-level family stop below its last; but a level of a
    per-level family that lists nothing of a competency asked both below and above it has left it out."""
    for ci, comp in enumerate(family.competencies):
        expected = _expected_by_level(comp, below) if family.progression == "cumulative" else {}
        for track in family.tracks:
            if comp.tracks and track.id not in comp.tracks:
                continue
            levels = [lv.id for lv in family.levels if lv.track == track.id]
            if levels and not any(expected.get(lv) or comp.expectations.get(lv) for lv in levels):
                report.warning(("competencies", ci, "id"), f"competency '{comp.id}' has no expectations on track '{track.id}'")
            elif family.progression == "per-level":
                for level_id in left_out(comp.expectations, levels, below):
                    report.warning(
                        ("competencies", ci, "expectations"),
                        f"competency '{comp.id}' has no expectations at level '{level_id}', though the levels below and "
                        "above it have some (a per-level family lists each level in full: nothing carries up)",
                    )


def bottom_up(below: dict[str, list]) -> list[str]:
    """The level ids, each after the levels below it on its path, whatever order the file lists them in."""
    depth: dict[str, int] = {}
    for start in below:
        chain = [start]
        while chain[-1] not in depth and below[chain[-1]]:
            chain.append(below[chain[-1]][0].id)
        base = depth.get(chain[-1], 0)
        for steps, level_id in enumerate(reversed(chain)):
            depth.setdefault(level_id, base + steps)
    return sorted(below, key=lambda level_id: depth[level_id])


def left_out(expectations: Mapping[str, list], levels: list[str], below: dict[str, list]) -> list[str]:
    """The levels (of one track) asking nothing of a competency, by its `expectations` keyed by level, where a level
    below on their path and one above ask something."""
    asks = {level_id: bool(expectations.get(level_id)) for level_id in below}
    ordered = bottom_up(below)
    asked_below: dict[str, bool] = {}
    for level_id in ordered:
        asked_below[level_id] = any(asks[lv.id] or asked_below[lv.id] for lv in below[level_id])
    asked_above = {level_id: False for level_id in below}
    for level_id in reversed(ordered):
        for lv in below[level_id]:
            asked_above[lv.id] = asked_above[lv.id] or asks[level_id] or asked_above[level_id]
    return [lv for lv in levels if not asks[lv] and asked_below[lv] and asked_above[lv]]


def check_summaries(family: Family, competencies: list[Competency], report: Report, levels: bool = True) -> None:
    """A family that asks for summaries: a warning for each level and competency without one."""
    if not family.require_summaries:
        return
    if levels and family.summary is None:
        report.warning(("id",), f"family '{family.id}' has no summary")
    for i, level in enumerate(family.levels if levels else []):
        missing = [name for name in ("summary", "scope") if getattr(level, name) is None]
        if missing:
            report.warning(("levels", i, "id"), f"level '{level.id}' has no {' and no '.join(missing)}")
    for i, comp in enumerate(competencies):
        if comp.summary is None:
            report.warning(("competencies", i, "id"), f"competency '{comp.id}' has no summary")


def check_groups(family: Family, competencies: list[Competency], report: Report) -> None:
    """A family that groups its competencies gives each (its roles' own too) one of its groups."""
    groups = {g.id for g in family.groups}
    for i, comp in enumerate(competencies):
        if comp.group is not None and comp.group not in groups:
            report.error(("competencies", i, "group"), unknown("group", comp.group, groups, f"family '{family.id}' groups are"))
        elif comp.group is None and groups:
            report.error(
                ("competencies", i, "id"),
                f"competency '{comp.id}' has no group; family '{family.id}' groups its competencies: {choices(groups)}",
            )
