"""The guides' facts: what the built-in guides say about this handbook in particular.

The guides (templates/guides/) are the same for every organisation; these facts (is there a
next level, a manager track, an upward review, an example page) make them true of this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .resolved import RoleLevel, Site


@dataclass(frozen=True)
class Guides:
    """What the guides say about this handbook in particular: which pages exist, and an example of each."""

    example: RoleLevel | None  # a role-level with a next level, for the guides' addresses and links
    has_next: bool
    has_manager_track: bool
    upward_review: bool  # some manager level has an upward review
    upward_levels: tuple[RoleLevel, ...] = ()  # those levels, family by family


def facts(site: Site) -> Guides:
    levels = [rl for family in site.families for role in family.roles for rl in role.levels]
    with_next = [rl for rl in levels if rl.steps]
    return Guides(
        example=(with_next or levels)[0] if levels else None,
        has_next=bool(with_next),
        has_manager_track=any(rl.track.kind == "manager" for rl in levels),
        upward_review=any(rl.upward_review for rl in levels),
        upward_levels=tuple(rl for rl in levels if rl.upward_review),
    )
