"""`ladder import csv|xlsx`: a spreadsheet, a row per expectation, turned into ladder files.

The layout (docs/import.md): a header row naming the columns (any order, any case; rows above it are
ignored), then one row per expectation. A row without an expectation adds its example to the one above.
Ids left out are made from names as lowercase slugs, unique where the checks need, and each is reported.
Per-level unless a `progression` cell says `cumulative`. Pure: a path in, an `Imported` out.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .errors import Diagnostic, Location
from .ids import HEADING_ANCHOR_PREFIXES, HEADING_ANCHORS, RESERVED_FAMILY_IDS, RESERVED_IN_FAMILY, id_problem, slugify, unique
from .imported import Imported

# The columns, in the template's order; every one is optional but expectation (and family, level, competency).
COLUMNS = tuple(
    "organisation|family|family id|family summary|progression|track|track id|track kind|level|level id|level title|"
    "level summary|group|group id|competency|competency id|competency summary|expectation|expectation id|example|"
    "proficiency".split("|")
)
NEEDED = ("family", "level", "competency", "expectation")
Row = dict[str, str]


def _header(cell: str) -> str:
    return " ".join(cell.replace("_", " ").lower().split())


def read(source: Path, fmt: str) -> Imported:
    """The ladders the spreadsheet at `source` holds (`fmt`: csv or xlsx), and notes located in it."""
    try:
        table = _xlsx_rows(source) if fmt == "xlsx" else _csv_rows(source)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as error:
        return Imported(notes=[_note(source, 1, 1, "error", f"cannot read the {fmt} file: {error}")])
    sheet = _Sheet(source)
    sheet.read(table)
    if any(n.severity == "error" for n in sheet.notes):
        return Imported(notes=sheet.notes)  # nothing half-placed is written
    return Imported(sheet.files(), sheet.notes)


def _csv_rows(source: Path) -> list[list[str]]:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        return [list(row) for row in csv.reader(handle)]


def _xlsx_rows(source: Path) -> list[list[str]]:
    import openpyxl  # type: ignore[import-untyped]

    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile's, its own and KeyError for what is not a workbook
        raise ValueError(f"not an Excel workbook ({error})") from error
    try:
        return [[_cell(value) for value in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _cell(value: Any) -> str:
    return "" if value is None else str(int(value) if isinstance(value, float) and value.is_integer() else value)


def _note(source: Path, row: int, col: int, severity: str, message: str) -> Diagnostic:
    return Diagnostic(Location(str(source), row, col), severity, message)  # type: ignore[arg-type]


def slug(name: str) -> str:
    """An id made of `name` (ids.slugify), "x" when it has no letters or digits."""
    return slugify(name, "x")


class _Ids:
    """Ids of one kind in one scope: given ones kept, made ones unique and reported."""

    def __init__(self, reserved: set[str] | None = None, prefixes: tuple[str, ...] = ()):
        self.by_key: dict[Any, str] = {}
        self.taken: set[str] = set(reserved or ())
        self.prefixes = prefixes

    def get(self, key: Any, given: str, name: str) -> tuple[str, bool]:
        """The id for `key`: `given` when there is one, else made from `name`; True when made."""
        if key in self.by_key:
            return self.by_key[key], False
        if given:
            self.by_key[key] = given
            self.taken.add(given)
            return given, False
        base = slug(name)
        if base.startswith(self.prefixes):
            base = f"x-{base}"
        made = unique(base, self.taken)
        self.by_key[key] = made
        return made, True


class _Family:
    def __init__(self, data: dict, row: int):
        self.data = data
        self.row = row
        self.tracks: dict[str, dict] = {}
        self.levels: dict[str, dict] = {}
        self.groups: dict[str, dict] = {}
        self.competencies: dict[str, dict] = {}
        self.expectations: dict[tuple[str, str], dict] = {}  # (level id, expectation id) -> the expectation
        self.ids = {
            "track": _Ids(),
            "level": _Ids(set(RESERVED_IN_FAMILY)),
            "group": _Ids(),
            "competency": _Ids(),
            "expectation": _Ids(set(HEADING_ANCHORS), HEADING_ANCHOR_PREFIXES),
        }
        self.made: list[int] = []  # rows whose expectation id was made from its text


class _Sheet:
    def __init__(self, source: Path):
        self.source = source
        self.notes: list[Diagnostic] = []
        self.columns: dict[str, int] = {}
        self.organisation = ""
        self.proficiency: dict[str, str] = {}  # id -> name, in order of first use
        self.families: dict[str, _Family] = {}
        self.family_ids = _Ids(set(RESERVED_FAMILY_IDS))
        self.last: dict | None = None
        self.last_place: tuple = ()

    def note(self, row: int, column: str | None, severity: str, message: str) -> None:
        col = self.columns[column] + 1 if column in self.columns else 1
        self.notes.append(_note(self.source, row, col, severity, message))

    def read(self, table: list[list[str]]) -> None:
        header = next((i for i, row in enumerate(table) if "expectation" in [_header(c) for c in row]), None)
        if header is None:
            self.note(1, None, "error", "no header row naming an 'expectation' column (docs/import.md: the layout)")
            return
        for col, cell in enumerate(table[header]):
            name = _header(cell)
            if name in COLUMNS and name not in self.columns:
                self.columns[name] = col
            elif cell.strip():
                self.note(header + 1, None, "warning", f"column {col + 1} '{cell.strip()}' is not one the layout reads; left out")
        missing = [name for name in NEEDED if name not in self.columns and f"{name} id" not in self.columns]
        if missing:
            self.note(header + 1, None, "error", f"no column for: {', '.join(missing)} (docs/import.md: the layout)")
            return
        for number, cells in enumerate(table[header + 1 :], start=header + 2):
            row = {name: (cells[col].strip() if col < len(cells) else "") for name, col in self.columns.items()}
            if any(row.values()):
                self._row(number, row)
        if not self.organisation:
            self.note(header + 1, "organisation", "error", "no organisation: give its name in an 'organisation' column")
        for family in self.families.values():
            self._finish(family)

    def _row(self, number: int, row: Row) -> None:
        self.organisation = self.organisation or row.get("organisation", "")
        if not (row.get("expectation") or row.get("expectation id")):
            self._example_only(number, row)
            return
        for name in NEEDED:
            if not (row.get(name) or row.get(f"{name} id")):
                self.note(number, name, "error", f"row {number} has an expectation but no {name}: it cannot be placed")
                return
        family = self._family(number, row)
        level = self._level(number, row, family)
        competency = self._competency(number, row, family)
        self._expectation(number, row, family, level, competency)

    def _example_only(self, number: int, row: Row) -> None:
        if not row.get("example"):
            return  # the organisation's name alone, say
        place = tuple(row.get(name, "") for name in ("family", "level", "competency"))
        if self.last is None or any(p and p != q for p, q in zip(place, self.last_place, strict=True)):
            self.note(number, "example", "error", f"row {number}: an example with no expectation above it to belong to")
            return
        self.last.setdefault("examples", []).append(row["example"])

    def _family(self, number: int, row: Row) -> _Family:
        name = row.get("family") or row["family id"]
        fid, made = self.family_ids.get(row.get("family id") or name, row.get("family id", ""), name)
        family = self.families.get(fid)
        if family is None:
            if made:
                self.note(
                    number, "family", "warning", f"family '{name}' given the id '{fid}' (add a 'family id' column to keep it)"
                )
            data: dict[str, Any] = {"id": fid, "name": name}
            family = self.families[fid] = _Family(data, number)
        for key in ("summary", "progression"):
            value = row.get(f"family {key}" if key == "summary" else key, "")
            if value and key not in family.data:
                family.data[key] = value
        return family

    def _level(self, number: int, row: Row, family: _Family) -> str:
        name = row.get("level") or row["level id"]
        track = self._track(number, row, family)
        lid, made = family.ids["level"].get(row.get("level id") or name, row.get("level id", ""), name)
        if lid not in family.levels:
            if made:
                self.note(number, "level", "warning", f"level '{name}' of {family.data['id']} given the id '{lid}'")
            title = row.get("level title") or name
            level = {"id": lid, "label": name, "title": title, "track": track}
            if level["label"] in (title, lid.upper()):
                del level["label"]
            if row.get("level summary"):
                level["summary"] = row["level summary"]
            family.levels[lid] = level
        return lid

    def _track(self, number: int, row: Row, family: _Family) -> str:
        name = row.get("track") or row.get("track id") or family.data["name"]
        tid, made = family.ids["track"].get(row.get("track id") or name, row.get("track id", ""), name)
        if tid not in family.tracks:
            if made:
                self.note(number, "track", "warning", f"track '{name}' of {family.data['id']} given the id '{tid}'")
            family.tracks[tid] = {"id": tid, "name": name}
            if row.get("track kind"):
                family.tracks[tid]["kind"] = row["track kind"]
        return tid

    def _competency(self, number: int, row: Row, family: _Family) -> dict:
        name = row.get("competency") or row["competency id"]
        cid, made = family.ids["competency"].get(row.get("competency id") or name, row.get("competency id", ""), name)
        competency = family.competencies.get(cid)
        if competency is None:
            if made:
                self.note(number, "competency", "warning", f"competency '{name}' of {family.data['id']} given the id '{cid}'")
            competency = family.competencies[cid] = {"id": cid, "name": name}
            if row.get("competency summary"):
                competency["summary"] = row["competency summary"]
            group = row.get("group") or row.get("group id")
            if group:
                gid, made = family.ids["group"].get(row.get("group id") or group, row.get("group id", ""), group)
                if made and gid not in family.groups:
                    self.note(number, "group", "warning", f"group '{group}' of {family.data['id']} given the id '{gid}'")
                family.groups.setdefault(gid, {"id": gid, "name": group})
                competency["group"] = gid
            competency["expectations"] = {}
        return competency

    def _expectation(self, number: int, row: Row, family: _Family, level: str, competency: dict) -> None:
        text = row.get("expectation") or row["expectation id"]
        per_level = family.data.get("progression", "per-level") != "cumulative"
        key = (competency["id"], text) if per_level else (level, competency["id"], text)
        eid, made = family.ids["expectation"].get(row.get("expectation id") or key, row.get("expectation id", ""), text)
        if made:
            family.made.append(number)
        place = tuple(row.get(name, "") for name in ("family", "level", "competency"))
        known = family.expectations.get((level, eid))
        if known is not None:  # the same expectation again: another example of it
            if known["text"] != text:
                self.note(
                    number, "expectation", "error", f"row {number}: expectation id '{eid}' again at this level, with other text"
                )
            elif row.get("example"):
                known.setdefault("examples", []).append(row["example"])
            self.last, self.last_place = known, place
            return
        expectation: dict[str, Any] = {"id": eid, "text": text}
        if row.get("example"):
            expectation["examples"] = [row["example"]]
        if row.get("proficiency"):
            pid = slug(row["proficiency"]) if id_problem(row["proficiency"]) else row["proficiency"]
            self.proficiency.setdefault(pid, row["proficiency"])
            expectation["proficiency"] = pid
        competency["expectations"].setdefault(level, []).append(expectation)
        family.expectations[(level, eid)] = expectation
        self.last, self.last_place = expectation, place

    def _finish(self, family: _Family) -> None:
        data = family.data
        if "summary" not in data:
            self.note(
                family.row,
                "family summary",
                "error",
                f"family '{data['name']}' has no summary: give one in a 'family summary' column",
            )
        data.setdefault("progression", "per-level")
        if data["progression"] not in ("per-level", "cumulative"):
            self.note(family.row, "progression", "error", f"progression '{data['progression']}': write per-level or cumulative")
        for competency in family.competencies.values():
            empty = [lid for lid in family.levels if lid not in competency["expectations"]]
            if empty:
                where = f"competency '{competency['name']}' has no rows at level(s) {', '.join(empty)}"
                self.note(family.row, "competency", "warning", f"{where} of {data['id']}: `ladder check` will warn too")
        if family.made:
            rows = ", ".join(str(n) for n in family.made[:10]) + (", ..." if len(family.made) > 10 else "")
            self.note(
                family.made[0],
                "expectation",
                "warning",
                f"{len(family.made)} expectation id(s) of {data['id']} made from their text (rows {rows}); "
                "add an 'expectation id' column to keep them stable",
            )

    def files(self) -> dict[str, Any]:
        handbook: dict[str, Any] = {"organisation": self.organisation}
        if self.proficiency:
            handbook["proficiency"] = [{"id": pid, "name": name} for pid, name in self.proficiency.items()]
        found: dict[str, Any] = {"handbook.yml": handbook}
        for fid, family in self.families.items():
            data = dict(family.data)
            data["tracks"] = list(family.tracks.values())
            data["levels"] = list(family.levels.values())
            if family.groups:
                data["groups"] = list(family.groups.values())
            data["competencies"] = list(family.competencies.values())
            found[f"families/{fid}.yml"] = data
        return found
