"""Views: what each page lays out, computed from the resolved handbook before any template runs.

Templates receive these and only lay them out. Every list a page loops over and
every lookup it would otherwise make (a level's track and grade, a role's title
at a level, the levels of a grade) is made here, once: the levels of each grade
across the organisation are gathered in one pass, so a family page costs the
same however many other families there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from . import order
from .model import Competency, Grade, Level, Track
from .resolved import CompetencyView, Item, ResolvedFamily, ResolvedRole, RoleLevel, Site


@dataclass(frozen=True)
class GradeLevel:
    """A level of one family at a grade."""

    family: ResolvedFamily
    level: Level

    @property
    def page(self) -> RoleLevel | None:  # the level's page in the family's first role that has it
        return next((rl for role in self.family.roles for rl in role.levels if rl.level.id == self.level.id), None)


@dataclass(frozen=True)
class GradeRow:
    """A row of the grades table on the reviews page."""

    grade: Grade
    levels: list[GradeLevel]  # every family's, in the order of families and their levels


@dataclass(frozen=True)
class TrackSpan:
    """A track as the families page lists it: from its first level to its last."""

    track: Track
    first: Level
    last: Level | None  # None when the track has one level


@dataclass(frozen=True)
class LevelRow:
    """A row of a family page's levels table."""

    level: Level
    track: Track
    grade: Grade | None
    role_levels: list[RoleLevel | None]  # one a role of the family; None where the role does not cover the level
    elsewhere: list[GradeLevel]  # levels of other families at the same grade


@dataclass(frozen=True)
class FamilyView:
    """What the families page and a family's own page show of it."""

    family: ResolvedFamily
    has_compare: bool  # whether it has a "Tracks compared" page
    tracks: list[TrackSpan]
    named_roles: list[ResolvedRole]  # empty for a family without roles, whose one role is the family itself
    levels: list[LevelRow]
    role_competencies: list[tuple[ResolvedRole, Competency]]  # competencies only one role has


@dataclass(frozen=True)
class Organisation:
    """The views every page may need, built once per build."""

    grades: list[GradeRow]
    families: list[FamilyView]
    grade_by_id: dict[str, Grade]


def has_compare(family: ResolvedFamily) -> bool:
    """A family with more than one track gets a page comparing them grade by grade."""
    return len(family.definition.tracks) > 1


def grade_of(grades: dict[str, Grade], level: Level) -> Grade | None:
    """The grade of `level` from the handbook's grades by id, or None for a level without one."""
    return grades.get(level.grade) if level.grade else None


def levels_by_grade(site: Site) -> dict[str, list[GradeLevel]]:
    """Grade id -> every level at that grade, in the order of families and their levels (legacy and draft
    families stay out: they are not compared with the families in use)."""
    found: dict[str, list[GradeLevel]] = {}
    for family in site.families:
        for level in family.definition.levels if family.definition.status == "current" else []:
            if level.grade:
                found.setdefault(level.grade, []).append(GradeLevel(family, level))
    return found


def track_spans(family: ResolvedFamily) -> list[TrackSpan]:
    spans = []
    for track in family.definition.tracks:
        levels = order.track_levels(family.definition, track.id)
        spans.append(TrackSpan(track, levels[0], levels[-1] if len(levels) > 1 else None))
    return spans


def level_rows(family: ResolvedFamily, grades: dict[str, Grade], by_grade: dict[str, list[GradeLevel]]) -> list[LevelRow]:
    """The levels table: each level with its track, its grade, each role's role-level and the same grade elsewhere."""
    tracks = {t.id: t for t in family.definition.tracks}
    covering = [{rl.level.id: rl for rl in role.levels} for role in family.roles]
    rows = []
    for level in family.definition.levels:
        elsewhere = [other for other in by_grade.get(level.grade or "", []) if other.family is not family]
        role_levels = [by_level.get(level.id) for by_level in covering]
        rows.append(LevelRow(level, tracks[level.track], grade_of(grades, level), role_levels, elsewhere))
    return rows


def family_view(family: ResolvedFamily, grades: dict[str, Grade], by_grade: dict[str, list[GradeLevel]]) -> FamilyView:
    return FamilyView(
        family,
        has_compare(family),
        track_spans(family),
        [] if family.roles[0].implicit else family.roles,
        level_rows(family, grades, by_grade),
        [(role, comp) for role in family.roles if role.source for comp in role.source.competencies],
    )


def organisation(site: Site) -> Organisation:
    """The views of the whole handbook: the grades table and every family's page."""
    by_grade = levels_by_grade(site)
    grades = {grade.id: grade for grade in site.handbook.grades}
    return Organisation(
        [GradeRow(grade, by_grade.get(grade.id, [])) for grade in site.handbook.grades],
        [family_view(family, grades, by_grade) for family in site.families],
        grades,
    )


def upward_review(rl: RoleLevel) -> list[CompetencyView]:
    """What a manager's reports review: the competencies of the manager's own track, or all when it has none of its own."""
    own = [view for view in rl.competencies if view.competency.tracks and rl.track.id in view.competency.tracks]
    return own or rl.competencies


# --- a role-level's page ---------------------------------------------------------


@dataclass(frozen=True)
class ExpectationRun:
    """Expectations next to each other on a role-level's page that search indexes, or leaves out, alike."""

    indexed: bool
    items: list[Item]


@dataclass(frozen=True)
class CompetencySection:
    view: CompetencyView
    indexed: bool  # whether search indexes any of its expectations
    runs: list[ExpectationRun]


def indexed(family: ResolvedFamily, rl: RoleLevel, item: Item) -> bool:
    """Index an expectation once: where it starts, and one shared by roles on the first role's page only (a
    family's core is on every role's pages: indexing each copy would grow the index with the roles)."""
    first = family.first_holders.get((rl.level.id, item.expectation.id)) == rl.role.id
    return item.status != "carried" and (item.role_specific or first)


def sections(family: ResolvedFamily, rl: RoleLevel) -> list[CompetencySection]:
    """A role-level's competencies, each as runs of expectations search indexes or leaves out (wrapped as one)."""
    found = []
    additions = family.definition.level_pages == "additions"
    for view in rl.competencies:
        shown = [item for item in view.items if not (additions and item.status == "carried")]
        runs = [ExpectationRun(key, list(items)) for key, items in groupby(shown, lambda item: indexed(family, rl, item))]
        if runs:  # a competency with nothing added at this level is left out of a page of additions
            found.append(CompetencySection(view, any(run.indexed for run in runs), runs))
    return found
