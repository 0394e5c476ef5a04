"""`ladder export-data`: the resolved ladder as data, for spreadsheets, HR systems and scripts.

JSON: every role-level with the expectations that apply there (ids, competency, group, status new/changed/
carried, proficiency, examples, links), in the shape `schema/data/export-data.schema.json` publishes.
CSV: the spreadsheet layout `ladder import csv` reads (import_sheet.COLUMNS, docs/import.md), a family's
levels written per-level in full, so that importing it gives back the same expectations at each level.
An output file is overwritten only when an earlier export-data made it: its marker says so.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .import_sheet import COLUMNS
from .model import Ladders, Level
from .resolve import resolve_ladders
from .resolved import Item, ResolvedFamily, RoleLevel, Site

MADE_BY = "ladder-handbook export-data"
CSV_MARKER = f"Made by {MADE_BY}: safe to overwrite with the next export; the layout is in docs/import.md"
SCHEMA = "schema/data/export-data.schema.json"  # its path in the ladder-handbook repository
FORMAT_VERSION = 1


class Refused(Exception):
    """OUT holds what export-data did not make, or cannot be a file: a message, exit status 1."""


def dump(ladders: Ladders, fmt: str) -> tuple[str, list[str]]:
    """The text of the export in `fmt` (json or csv), and what it could not carry, in words."""
    site = resolve_ladders(ladders)
    if fmt == "json":
        return json.dumps(as_data(site), indent=2, ensure_ascii=False) + "\n", []
    return as_csv(site)


def as_data(site: Site) -> dict[str, Any]:
    handbook = site.handbook
    return {
        "$schema": SCHEMA,
        "made_by": MADE_BY,
        "format": FORMAT_VERSION,
        "organisation": handbook.organisation,
        "proficiency": [{"id": p.id, "name": p.name} for p in handbook.proficiency],
        "families": [_family(family) for family in site.families],
    }


def _family(family: ResolvedFamily) -> dict[str, Any]:
    definition = family.definition
    return {
        "id": definition.id,
        "name": definition.name,
        "summary": definition.summary,
        "progression": definition.progression,
        "status": definition.status,
        "roles": [
            {
                "id": role.id,
                "name": role.name,
                "summary": role.summary,
                "implicit": role.implicit,
                "levels": [_role_level(rl) for rl in role.levels],
            }
            for role in family.roles
        ],
    }


def _role_level(rl: RoleLevel) -> dict[str, Any]:
    return {
        "level": rl.level.id,
        "label": rl.label,
        "title": rl.title,
        "track": rl.track.id,
        "grade": rl.level.grade,
        "expectations": [_item(item) for item in rl.items()],
    }


def _item(item: Item) -> dict[str, Any]:
    expectation = item.expectation
    return {
        "id": expectation.id,
        "text": expectation.text,
        "competency": item.competency.id,
        "competency_name": item.competency.name,
        "group": item.competency.group,
        "status": item.status,
        "proficiency": expectation.proficiency,
        "written_at": item.level.id,
        "role_specific": item.role_specific,
        "examples": list(expectation.examples),
        "links": [{"label": link.label, "url": link.url} for link in expectation.links],
    }


def as_csv(site: Site) -> tuple[str, list[str]]:
    """The import layout: the scales in order, then each family's levels in full (the organisation's core
    included) and its roles' levels with their own expectations."""
    handbook = site.handbook
    scale = {p.id: p.name for p in handbook.proficiency}
    grades = {g.id: g.name for g in handbook.grades}
    rows: list[dict[str, str]] = []
    for grade, proficiency in itertools.zip_longest(handbook.grades, handbook.proficiency):
        rows.append({"grade": grade.name, "grade id": grade.id} if grade else {})
        rows[-1] |= {"proficiency": proficiency.name, "proficiency id": proficiency.id} if proficiency else {}
    for family in site.families:
        rows += _family_rows(family, scale, grades)
    if rows:
        rows[0]["organisation"] = handbook.organisation
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([CSV_MARKER])
    writer.writerow(COLUMNS)
    writer.writerows([[row.get(name, "") for name in COLUMNS] for row in rows])
    described = [p.id for p in handbook.proficiency if p.description] + [g.id for g in handbook.grades if g.description]
    notes = []
    if described:
        notes.append(
            f"the descriptions of {', '.join(described)} (proficiencies and grades) are not in the CSV layout; "
            "--format json has the scales"
        )
    return buffer.getvalue(), notes


def _family_rows(family: ResolvedFamily, scale: dict[str, str], grades: dict[str, str]) -> list[dict[str, str]]:
    """The family's shared expectations level by level, then each named role's levels with its own expectations."""
    definition = family.definition
    levels = {level.id: level for level in definition.levels}
    shared: dict[str, dict[str, Item]] = {level.id: {} for level in definition.levels}
    for role in family.roles:
        for rl in role.levels:
            for item in rl.items():
                if not item.role_specific:
                    shared[rl.level.id].setdefault(item.expectation.id, item)
    rows: list[dict[str, str]] = []
    for level_id, items in shared.items():
        rows += _rows(family, levels[level_id], items.values(), {}, scale, grades, not rows)
    for role in family.roles:
        if role.implicit or role.source is None:
            continue
        for i, rl in enumerate(role.levels):
            own = {"role": role.name, "role id": role.id, "role title": role.source.titles.get(rl.level.id, "")}
            if i == 0:
                own |= {"role summary": role.summary or "", "role without": " ".join(role.source.without)}
            own_items = [item for item in rl.items() if item.role_specific]
            rows += _rows(family, rl.level, own_items, own, scale, grades, False) or [_place(family, rl.level, grades) | own]
    return rows


def _place(family: ResolvedFamily, level: Level, grades: dict[str, str]) -> dict[str, str]:
    definition = family.definition
    track = next(t for t in definition.tracks if t.id == level.track)
    row = {"family": definition.name, "family id": definition.id, "progression": "per-level"}
    row |= {"track": track.name, "track id": track.id, "track kind": "manager" if track.kind == "manager" else ""}
    row["branches from"] = track.branches_from or ""
    row |= {"level": level.name, "level id": level.id, "level title": level.title}
    if level.grade:
        row |= {"grade": grades.get(level.grade, level.grade), "grade id": level.grade}
    return row


def _rows(
    family: ResolvedFamily, level: Level, items: Iterable[Item], own: dict[str, str],
    scale: dict[str, str], grades: dict[str, str], first_of_family: bool,
) -> list[dict[str, str]]:  # fmt: skip
    """The rows of `items` at `level`; the first row carries what the layout says once per level and per family."""
    definition = family.definition
    groups = {g.id: g.name for g in definition.groups}
    rows: list[dict[str, str]] = []
    for item in items:
        row = _place(family, level, grades) | own
        competency = item.competency
        row |= {"competency": competency.name, "competency id": competency.id, "competency summary": competency.summary or ""}
        if competency.group:
            row |= {"group": groups.get(competency.group, competency.group), "group id": competency.group}
        rows += _expectation_rows(row, item, scale)
    if rows:
        rows[0] |= {"level summary": level.summary or "", "level scope": level.scope or ""}
        if first_of_family:
            rows[0] |= {"family summary": definition.summary or "", "family status": definition.status}
    return rows


def _expectation_rows(place: dict[str, str], item: Item, scale: dict[str, str]) -> list[dict[str, str]]:
    """The expectation's row, then a row for each further example or link (the layout's continuation rows)."""
    expectation = item.expectation
    first = place | {"expectation": expectation.text, "expectation id": expectation.id}
    if expectation.proficiency:
        name = scale.get(expectation.proficiency, expectation.proficiency)
        first |= {"proficiency": name, "proficiency id": expectation.proficiency}
    extra: list[dict[str, str]] = [{"example": example} for example in expectation.examples]
    for i, link in enumerate(expectation.links):
        if i >= len(extra):
            extra.append({})
        extra[i] |= {"link": link.url, "link text": link.label}
    if extra:
        first |= extra[0]
    return [first] + extra[1:]


def out_problem(out: Path) -> str | None:
    """Why export-data may not write the file `out`, or None when it may (new, or made by export-data)."""
    shown = repr(str(out))
    if out.is_symlink():
        return f"refusing to write {shown}: it is a symbolic link, and writing through it would change another file"
    if out.is_dir():
        return f"refusing to write {shown}: it is a directory. Give the path of a file to write"
    if not out.exists():
        blocker = next((p for p in out.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            return f"cannot make {shown}: {str(blocker)!r} is a file. Choose another path"
        return None
    if not _made_by_us(out):
        return (
            f"refusing to overwrite {shown}: ladder export-data did not make it (it has no '{MADE_BY}' marker). "
            "Move it away or choose another path"
        )
    return None


def _made_by_us(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    if head.startswith(CSV_MARKER):
        return True
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("made_by") == MADE_BY


def write(out: Path, text: str) -> None:
    """Write `text` to the file `out`, whole or not at all; Refused when it is not ours to overwrite."""
    problem = out_problem(out)
    if problem:
        raise Refused(problem)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        problem = out_problem(out)  # something may have appeared meanwhile
        if problem:
            raise Refused(problem)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
