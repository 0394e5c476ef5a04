"""The resolved handbook: what `resolve` computes and `paths` and `render` read.

Every role-level with the expectations that apply there (and why: new,
changed, carried over), and every step to a next level with what it changes.
Plain data, built once per build; nothing here computes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .model import Competency, Expectation, Family, Handbook, Level, Role, Track

Status = Literal["new", "changed", "carried"]


@dataclass(frozen=True, slots=True)
class Item:
    """An expectation as it applies at one role-level."""

    expectation: Expectation
    competency: Competency
    level: Level  # where it was introduced
    role_specific: bool
    status: Status  # relative to the role-level it belongs to


@dataclass(slots=True)
class CompetencyView:
    competency: Competency
    items: list[Item]
    role_specific: bool = False

    @property
    def new_count(self) -> int:
        return sum(1 for item in self.items if item.status != "carried")


@dataclass(slots=True)
class CompetencyChange:
    competency: Competency
    new: list[Item]
    changed: list[tuple[Item, Item]]  # (the new wording, what it replaces)
    dropped: list[Item]  # expected before, not any more (e.g. a specialism left behind on a branch)


@dataclass(slots=True)
class Step:
    source: RoleLevel
    target: RoleLevel
    kind: Literal["promotion", "branch"]
    changes: list[CompetencyChange]

    @property
    def slug(self) -> str:
        return (
            f"next-{self.target.level.id}"
            if self.target.role is self.source.role
            else f"next-{self.target.role.id}-{self.target.level.id}"
        )


@dataclass(slots=True)
class RoleLevel:
    family: Family
    role: ResolvedRole
    level: Level
    track: Track
    title: str
    competencies: list[CompetencyView]
    upward_review: bool  # a manager level, in an organisation that reviews its managers upwards
    previous: RoleLevel | None = None
    steps: list[Step] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.level.name

    @property
    def page_title(self) -> str:
        label = self.label
        return label if self.level.label and self.title in label else f"{self.title} · {label}"  # "Senior Engineer 2"

    def items(self) -> list[Item]:
        return [item for view in self.competencies for item in view.items]

    @property
    def lower(self) -> list[RoleLevel]:
        """The role-levels below this one on its path, nearest first."""
        found, rl = [], self.previous
        while rl is not None:
            found.append(rl)
            rl = rl.previous
        return found

    @property
    def below(self) -> list[str]:
        """The ids of the levels below this one on its path, nearest first: where ticks carry up from."""
        return [rl.level.id for rl in self.lower]


@dataclass
class ResolvedRole:
    id: str
    name: str
    summary: str | None
    implicit: bool  # a family without roles is shown as one role of its own name
    source: Role | None
    core: list[Competency] = field(default_factory=list)  # handbook.yml's core competencies this role has
    levels: list[RoleLevel] = field(default_factory=list)


@dataclass
class ResolvedFamily:
    definition: Family  # as written in its YAML file
    roles: list[ResolvedRole]
    source_path: str | None = None
    core: list[Competency] = field(default_factory=list)  # handbook.yml's core competencies for the family

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def name(self) -> str:
        return self.definition.name

    @cached_property
    def first_holders(self) -> dict[tuple[str, str], str]:
        """(level id, expectation id) -> the first role, in the family's order, whose page at that level shows it."""
        found: dict[tuple[str, str], str] = {}
        for role in self.roles:
            for rl in role.levels:
                for item in rl.items():
                    found.setdefault((rl.level.id, item.expectation.id), role.id)
        return found

    @property
    def upward_levels(self) -> list[RoleLevel]:
        """The family's manager role-levels with an upward review: what its people review their manager against."""
        return [rl for role in self.roles for rl in role.levels if rl.upward_review]

    def role_level(self, role_id: str, level_id: str) -> RoleLevel:
        role = next(r for r in self.roles if r.id == role_id)
        return next(rl for rl in role.levels if rl.level.id == level_id)


@dataclass
class Site:
    handbook: Handbook
    families: list[ResolvedFamily]
    sources: dict[tuple[str, str], str]
