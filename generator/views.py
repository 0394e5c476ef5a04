"""Views: what each page lays out, computed from the resolved handbook before any template runs.

Templates receive these and only lay them out. Every list a page loops over and
every lookup it would otherwise make (a level's track and grade, a role's title
at a level, the levels of a grade) is made here, once: the levels of each grade
across the organisation are gathered in one pass, so a family page costs the
same however many other families there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby, pairwise

from . import order
from .model import Competency, Expectation, Grade, Level, Track
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


# --- the competency matrix and the tracks compared -------------------------------


@dataclass(frozen=True)
class MatrixRow:
    competency: Competency
    cells: list[list[Expectation]]  # one a level of the track: the expectations that start there
    changed: tuple[
        frozenset[str], ...
    ] = ()  # per-level families, a cell's ids reworded, or at another proficiency, from the left

    def marked(self) -> list[tuple[list[Expectation], frozenset[str]]]:
        """Each cell with the ids it marks as changed from the cell to its left."""
        return [(cell, self.changed[i] if i < len(self.changed) else frozenset()) for i, cell in enumerate(self.cells)]


def _changed_from_the_left(cells: list[list[Expectation]]) -> tuple[frozenset[str], ...]:
    """Per cell, what differs from the cell to its left; the first cell changes nothing (there is no left)."""
    found: list[frozenset[str]] = [frozenset()]
    for left, cell in pairwise(cells):
        before = {e.id: e for e in left}
        found.append(
            frozenset(
                e.id for e in cell if e.id in before and (before[e.id].text, before[e.id].proficiency) != (e.text, e.proficiency)
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class MatrixTable:
    """A track's table on the competency matrix: its levels, and the competencies that apply to it."""

    track: Track
    levels: list[Level]
    rows: list[MatrixRow]


def applies(competency: Competency, track_id: str) -> bool:
    """A competency limited to some tracks (`tracks:`) does not apply to a level of another track at all."""
    return not competency.tracks or track_id in competency.tracks


def _core_cells(comp: Competency, levels: list[Level], per_level: bool) -> list[list[Expectation]]:
    """A core competency's row (its expectations keyed by grade): at each level of a per-level family, else where a grade starts."""
    seen: set[str] = set()
    cells = []
    for grade in (lv.grade or "" for lv in levels):  # a level without a grade takes none of the core
        cells.append(comp.expectations.get(grade, []) if per_level or grade not in seen else [])
        seen.add(grade)
    return cells if any(cells) else []


def matrix(family: ResolvedFamily) -> list[MatrixTable]:
    tables = []
    for track in family.definition.tracks:
        levels = order.track_levels(family.definition, track.id)
        per_level = family.definition.progression == "per-level"
        rows = [
            MatrixRow(comp, cells, _changed_from_the_left(cells))
            for comp in family.core
            if (cells := _core_cells(comp, levels, per_level))
        ]
        for comp in family.definition.competencies:
            if applies(comp, track.id):
                cells = [comp.expectations.get(lv.id, []) for lv in levels]
                rows.append(_row(comp, cells, per_level))
        tables.append(MatrixTable(track, levels, rows))
    return tables


def _row(competency: Competency, cells: list[list[Expectation]], per_level: bool) -> MatrixRow:
    return MatrixRow(competency, cells, _changed_from_the_left(cells) if per_level else ())


@dataclass(frozen=True)
class RoleMatrix:
    """What one role adds to its family's matrix: its additions to the family's competencies and its own ones."""

    role: ResolvedRole
    tables: list[MatrixTable]


def role_matrices(family: ResolvedFamily) -> list[RoleMatrix]:
    found = []
    shared = {c.id: c for c in family.definition.competencies}
    per_level = family.definition.progression == "per-level"
    for role in family.roles:
        source = role.source
        if source is None or not (source.expectations or source.competencies):
            continue
        tables = []
        for track in family.definition.tracks:
            levels = [lv for lv in order.role_levels(family.definition, source) if lv.track == track.id]
            rows = [_row(shared[cid], [by.get(lv.id, []) for lv in levels], per_level) for cid, by in source.expectations.items()]
            rows += [_row(c, [c.expectations.get(lv.id, []) for lv in levels], per_level) for c in source.competencies]
            rows = [row for row in rows if any(row.cells)]
            if levels and rows:
                tables.append(MatrixTable(track, levels, rows))
        if tables:
            found.append(RoleMatrix(role, tables))
    return found


@dataclass(frozen=True)
class CompareCell:
    """What one level asks of one competency, on the tracks compared."""

    applies: bool  # False: the competency is not part of this level's track
    expectations: list[Expectation]  # those that start at this level
    carried: bool  # nothing starts here, but something below on the level's path does and carries over
    # applies, with no expectations and nothing carried: nothing is expected of it yet (it starts higher up)


@dataclass(frozen=True)
class CompareColumn:
    level: Level
    track: Track


@dataclass(frozen=True)
class CompareRow:
    competency: Competency
    cells: list[CompareCell]  # one a column


@dataclass(frozen=True)
class CompareTable:
    """A grade held by levels of more than one track, and what each of those levels asks."""

    grade: Grade
    columns: list[CompareColumn]
    rows: list[CompareRow]


def compare_cell(competency: Competency, level: Level, below: list[Level]) -> CompareCell:
    """`below`: the levels before `level` on its track's path, whose expectations carry over to it."""
    if not applies(competency, level.track):
        return CompareCell(False, [], False)
    written = competency.expectations.get(level.id, [])
    return CompareCell(True, written, not written and any(competency.expectations.get(lv.id) for lv in below))


def compare(family: ResolvedFamily, grades: list[Grade]) -> list[CompareTable]:
    """The tracks compared: a table for each grade that levels of two or more tracks share."""
    tracks = {t.id: t for t in family.definition.tracks}
    tables = []
    for grade in grades:
        levels = [lv for lv in family.definition.levels if lv.grade == grade.id]
        if len({lv.track for lv in levels}) < 2:
            continue
        below = [order.path_to(family.definition, lv.id)[:-1] for lv in levels]
        rows = [
            CompareRow(comp, [compare_cell(comp, lv, lower) for lv, lower in zip(levels, below, strict=True)])
            for comp in family.definition.competencies
        ]
        tables.append(CompareTable(grade, [CompareColumn(lv, tracks[lv.track]) for lv in levels], rows))
    return tables


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
