"""Level ordering: the one place that decides which levels come before which.

Levels are ordered as listed within their track. A track that branches from
a level of another track (the manager track from a senior engineer level)
continues that track's path: its levels come after the branch level.
"""

from __future__ import annotations

from .model import Family, Level, Role, Track


def track_levels(family: Family, track_id: str) -> list[Level]:
    return [level for level in family.levels if level.track == track_id]


def parent_track(family: Family, track: Track) -> Track | None:
    """The track `track` branches from, if any (None for a root track or an unknown level)."""
    if track.branches_from is None:
        return None
    level = next((lv for lv in family.levels if lv.id == track.branches_from), None)
    return next((t for t in family.tracks if level and t.id == level.track), None)


def branch_cycle(family: Family, track: Track) -> list[str] | None:
    """The ids around a branch cycle starting at `track`, or None when there is none."""
    seen = [track.id]
    current = parent_track(family, track)
    while current is not None:
        if current.id in seen:
            return seen[seen.index(current.id) :] + [current.id]
        seen.append(current.id)
        current = parent_track(family, current)
    return None


def track_path(family: Family, track_id: str) -> list[Level]:
    """Every level a person passes through to reach the top of `track_id`, lowest first.

    Assumes a validated family; on a branch cycle the walk stops where it would repeat a track.
    """
    chain = [next(t for t in family.tracks if t.id == track_id)]
    while (parent := parent_track(family, chain[-1])) is not None and parent not in chain:
        chain.append(parent)
    path = track_levels(family, chain[-1].id)
    for track in reversed(chain[:-1]):
        cut = next((i for i, lv in enumerate(path) if lv.id == track.branches_from), len(path) - 1)
        path = path[: cut + 1] + track_levels(family, track.id)
    return path


def role_levels(family: Family, role: Role | None) -> list[Level]:
    """The levels a role has: those of the tracks it covers, and of its `levels` when it names some."""
    if role is None:
        return list(family.levels)
    tracks = set(role.tracks) if role.tracks else {t.id for t in family.tracks}
    return [lv for lv in family.levels if lv.track in tracks and (role.levels is None or lv.id in role.levels)]


def path_to(family: Family, level_id: str) -> list[Level]:
    """The levels up to and including `level_id` along its track's path."""
    level = next(lv for lv in family.levels if lv.id == level_id)
    path = track_path(family, level.track)
    return path[: [lv.id for lv in path].index(level_id) + 1]
