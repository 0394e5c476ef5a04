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
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .import_sheet import COLUMNS
from .model import Ladders
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
    """The import layout: a family's own expectations (and the organisation's core) at each level, in full."""
    rows: list[dict[str, str]] = []
    left_out = 0
    for family in site.families:
        for level_items in _levels(family):
            rows += level_items
        left_out += sum(1 for role in family.roles for rl in role.levels for item in rl.items() if item.role_specific)
    if rows:
        rows[0]["organisation"] = site.handbook.organisation
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([CSV_MARKER])
    writer.writerow(COLUMNS)
    writer.writerows([[row.get(name, "") for name in COLUMNS] for row in rows])
    notes = []
    if left_out:
        notes.append(
            f"{left_out} role-specific expectation(s) (counted once per role-level) are not in the CSV layout, "
            "which holds families; --format json has them"
        )
    return buffer.getvalue(), notes


def _levels(family: ResolvedFamily) -> list[list[dict[str, str]]]:
    """Per level of the family, in order, the rows of its expectations shared by every role (not role-specific)."""
    definition = family.definition
    tracks = {t.id: t for t in definition.tracks}
    groups = {g.id: g.name for g in definition.groups}
    found: list[list[dict[str, str]]] = []
    seen_competencies: set[str] = set()
    for level in definition.levels:
        items: dict[str, Item] = {}
        for role in family.roles:
            for rl in role.levels:
                if rl.level.id == level.id:
                    items.update(
                        {i.expectation.id: i for i in rl.items() if not i.role_specific and i.expectation.id not in items}
                    )
        rows = []
        for item in items.values():
            track = tracks[level.track]
            row = {"family": definition.name, "family id": definition.id, "progression": "per-level"}
            row |= {"track": track.name, "track id": track.id, "track kind": "manager" if track.kind == "manager" else ""}
            row |= {"level": level.name, "level id": level.id, "level title": level.title, "level summary": ""}
            competency = item.competency
            row |= {"competency": competency.name, "competency id": competency.id}
            if competency.group:
                row |= {"group": groups.get(competency.group, competency.group), "group id": competency.group}
            if competency.id not in seen_competencies and competency.summary:
                row["competency summary"] = competency.summary
            seen_competencies.add(competency.id)
            rows += _expectation_rows(row, item)
        if rows:
            rows[0]["level summary"] = level.summary or ""
            if not found:
                rows[0]["family summary"] = definition.summary
            found.append(rows)
    return found


def _expectation_rows(place: dict[str, str], item: Item) -> list[dict[str, str]]:
    expectation = item.expectation
    first = place | {"expectation": expectation.text, "expectation id": expectation.id}
    first["proficiency"] = expectation.proficiency or ""
    examples = list(expectation.examples)
    first["example"] = examples[0] if examples else ""
    return [first] + [{"example": example} for example in examples[1:]]


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
