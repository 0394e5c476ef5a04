"""The competency matrix and the tracks compared: a family's expectations laid out as tables, levels by competencies.

Like generator/views.py (what every other page lays out), computed from the resolved handbook before any template
runs; the matrix and the tracks-compared templates only lay the tables out.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from . import order
from .model import Competency, Expectation, Grade, Level, Track
from .resolved import ResolvedFamily, ResolvedRole


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


def _core_compare_cell(competency: Competency, level: Level, below: list[Level], per_level: bool) -> CompareCell:
    """A core competency (its expectations keyed by grade) at `level`: what its grade asks, as at every level of the grade."""
    written = competency.expectations.get(level.grade or "", [])
    carried = not written and not per_level and any(competency.expectations.get(lv.grade or "") for lv in below)
    return CompareCell(True, written, carried)


def compare(family: ResolvedFamily, grades: list[Grade]) -> list[CompareTable]:
    """The tracks compared: a table for each grade that levels of two or more tracks share; the core
    competencies every job shares first, as in the matrix."""
    tracks = {t.id: t for t in family.definition.tracks}
    per_level = family.definition.progression == "per-level"
    tables = []
    for grade in grades:
        levels = [lv for lv in family.definition.levels if lv.grade == grade.id]
        if len({lv.track for lv in levels}) < 2:
            continue
        below = [order.path_to(family.definition, lv.id)[:-1] for lv in levels]
        pairs = list(zip(levels, below, strict=True))
        core = [CompareRow(comp, [_core_compare_cell(comp, lv, lower, per_level) for lv, lower in pairs]) for comp in family.core]
        rows = [row for row in core if any(cell.expectations or cell.carried for cell in row.cells)]
        rows += [
            CompareRow(comp, [compare_cell(comp, lv, lower) for lv, lower in pairs]) for comp in family.definition.competencies
        ]
        tables.append(CompareTable(grade, [CompareColumn(lv, tracks[lv.track]) for lv in levels], rows))
    return tables
