"""Groups: a family's competencies (and what pages list of them) under the family's groups, in order."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Competency, Family, Group


@dataclass(frozen=True)
class GroupBlock:
    """A family's group (None for a family without groups) and the things of its competencies, in order."""

    group: Group | None
    members: list


def _competency_of(member: object) -> Competency:
    """The competency a page's entry is about: a competency, a view, a section, a change or a matrix row."""
    if isinstance(member, Competency):
        return member
    view = getattr(member, "view", None)
    return view.competency if view is not None else member.competency  # type: ignore[attr-defined]


def grouped(family: Family, members: list) -> list[GroupBlock]:
    """`members` under the family's groups, in the groups' order; first, on their own, those of no group
    (handbook.yml's core: validation gives each of a grouped family's own competencies a group)."""
    if not family.groups:
        return [GroupBlock(None, list(members))]
    blocks: dict[str | None, GroupBlock] = {None: GroupBlock(None, [])}
    blocks.update({group.id: GroupBlock(group, []) for group in family.groups})
    for member in members:
        blocks[_competency_of(member).group].members.append(member)
    return [block for block in blocks.values() if block.members]
