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

from . import sheet_read
from .errors import Diagnostic
from .ids import RESERVED_FAMILY_IDS, RESERVED_IN_FAMILY, Made, id_problem, slugify
from .imported import Imported
from .sheet_places import SheetFamily, SheetRole

# The columns, in the template's order; every one is optional but expectation (and family, level, competency).
COLUMNS = tuple(
    "organisation|family|family id|family summary|family status|progression|track|track id|track kind|branches from|"
    "level|level id|level title|level summary|level scope|grade|grade id|role|role id|role summary|role title|"
    "role without|group|group id|competency|competency id|competency summary|expectation|expectation id|example|"
    "proficiency|proficiency id|link|link text".split("|")
)
NEEDED = ("family", "level", "competency", "expectation")
Row = dict[str, str]


def _header(cell: str) -> str:
    return " ".join(cell.replace("_", " ").lower().split())


def read(source: Path, fmt: str) -> Imported:
    """The ladders the spreadsheet at `source` holds (`fmt`: csv or xlsx), and notes located in it."""
    sheet = _Sheet(source)
    try:
        table = sheet_read.xlsx_rows(source, sheet.notes) if fmt == "xlsx" else sheet_read.csv_rows(source, sheet.notes, _known)
    except (OSError, csv.Error, ValueError, KeyError) as error:
        line, col = (error.line, error.col) if isinstance(error, sheet_read.Unreadable) else (1, 1)
        return Imported(notes=[*sheet.notes, sheet_read.note(source, line, col, "error", f"cannot read the {fmt} file: {error}")])
    sheet.read(table)
    if any(n.severity == "error" for n in sheet.notes):
        return Imported(notes=sheet.notes)  # nothing half-placed is written
    return Imported(sheet.files(), sheet.notes)


def _header_row(table: list[list[str]]) -> int | None:
    """The index of the header: the first row with an 'expectation' cell."""
    return next((i for i, row in enumerate(table) if "expectation" in [_header(c) for c in row]), None)


def _known(table: list[list[str]]) -> int:
    """How many cells of the header row are columns of the layout (0 without a header)."""
    header = _header_row(table)
    return 0 if header is None else sum(_header(cell) in COLUMNS for cell in table[header])


def slug(name: str) -> str:
    """An id made of `name` (ids.slugify), "x" when it has no letters or digits."""
    return slugify(name, "x")


class _Sheet:
    def __init__(self, source: Path):
        self.source = source
        self.notes: list[Diagnostic] = []
        self.columns: dict[str, int] = {}
        self.organisation = ""
        self.proficiency: dict[str, str] = {}  # id -> name, in order of first use
        self.grades: dict[str, str] = {}
        self.families: dict[str, SheetFamily] = {}
        self.family_ids = Made(RESERVED_FAMILY_IDS)
        self.role_ids = Made(RESERVED_IN_FAMILY)
        self.last: dict | None = None
        self.last_place: tuple = ()

    def note(self, row: int, column: str | None, severity: str, message: str) -> None:
        col = self.columns[column] + 1 if column in self.columns else 1
        self.notes.append(sheet_read.note(self.source, row, col, severity, message))

    def read(self, table: list[list[str]]) -> None:
        header = _header_row(table)
        if header is None:
            message = "no header row naming an 'expectation' column; the header row names the columns in English"
            message += f" ({', '.join(NEEDED)}, ...), whatever language the ladder is in (docs/import.md: the layout)"
            self.note(1, None, "error", message)
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
            if _given(row, "role") and _given(row, "level") and not (row.get("example") or row.get("link")):
                family = self._family(number, row)
                self._role(number, row, family, self._level(number, row, family))  # a role's level, with its title
            elif not (row.get("example") or row.get("link")):
                for column, scale in (("grade", self.grades), ("proficiency", self.proficiency)):
                    if _given(row, column):
                        self._named(scale, row, column)  # a row of the scale, to put it in order
            else:
                self._more(number, row)
            return
        for name in NEEDED:
            if not _given(row, name):
                self.note(number, name, "error", f"row {number} has an expectation but no {name}: it cannot be placed")
                return
        family = self._family(number, row)
        level = self._level(number, row, family)
        role = self._role(number, row, family, level) if _given(row, "role") else None
        competency = self._competency(number, row, family, role)
        self._expectation(number, row, family, level, competency, role)

    def _more(self, number: int, row: Row) -> None:
        """A row with an example or a link and no expectation: more of the expectation above."""
        if not (row.get("example") or row.get("link")):
            return  # the organisation's name alone, say
        place = _place(row)
        if self.last is None or any(p and p != q for p, q in zip(place, self.last_place, strict=True)):
            column = "example" if row.get("example") else "link"
            self.note(number, column, "error", f"row {number}: an {column} with no expectation above it to belong to")
            return
        if row.get("example"):
            self.last.setdefault("examples", []).append(row["example"])
        if row.get("link"):
            self.last.setdefault("links", []).append(_link(row))

    def _family(self, number: int, row: Row) -> SheetFamily:
        name = row.get("family") or row["family id"]
        fid, made = self.family_ids.get(row.get("family id") or name, row.get("family id", ""), name)
        family = self.families.get(fid)
        if family is None:
            if made:
                self.note(
                    number, "family", "warning", f"family '{name}' given the id '{fid}' (add a 'family id' column to keep it)"
                )
            family = self.families[fid] = SheetFamily({"id": fid, "name": name}, number)
        for key, column in (("summary", "family summary"), ("status", "family status"), ("progression", "progression")):
            if row.get(column) and key not in family.data:
                family.data[key] = row[column]
        return family

    def _level(self, number: int, row: Row, family: SheetFamily) -> str:
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
            for key in ("summary", "scope"):
                if row.get(f"level {key}"):
                    level[key] = row[f"level {key}"]
            if _given(row, "grade"):
                level["grade"] = self._named(self.grades, row, "grade")
            family.levels[lid] = level
        return lid

    def _track(self, number: int, row: Row, family: SheetFamily) -> str:
        name = row.get("track") or row.get("track id") or family.data["name"]
        tid, made = family.ids["track"].get(row.get("track id") or name, row.get("track id", ""), name)
        if tid not in family.tracks:
            if made:
                self.note(number, "track", "warning", f"track '{name}' of {family.data['id']} given the id '{tid}'")
            family.tracks[tid] = {"id": tid, "name": name}
            if row.get("track kind"):
                family.tracks[tid]["kind"] = row["track kind"]
            if row.get("branches from"):
                family.tracks[tid]["branches_from"] = row["branches from"]
        return tid

    def _role(self, number: int, row: Row, family: SheetFamily, level: str) -> SheetRole:
        name = row.get("role") or row["role id"]
        rid, made = self.role_ids.get((family.data["id"], row.get("role id") or name), row.get("role id", ""), name)
        role = family.roles.get(rid)
        if role is None:
            if made:
                self.note(number, "role", "warning", f"role '{name}' of {family.data['id']} given the id '{rid}'")
            role = family.roles[rid] = SheetRole({"id": rid, "family": family.data["id"], "name": name}, number)
        if row.get("role summary") and "summary" not in role.data:
            role.data["summary"] = row["role summary"]
        if row.get("role without") and "without" not in role.data:
            role.data["without"] = row["role without"].replace(",", " ").replace(";", " ").split()
        if level not in role.levels:
            role.levels.append(level)
        if row.get("role title") and level not in role.titles:
            role.titles[level] = row["role title"]
        return role

    def _competency(self, number: int, row: Row, family: SheetFamily, role: SheetRole | None) -> dict:
        name = row.get("competency") or row["competency id"]
        cid, made = family.ids["competency"].get(row.get("competency id") or name, row.get("competency id", ""), name)
        owner = role.competencies if role is not None else family.competencies
        competency = owner.get(cid)
        if competency is None:
            if made and cid not in family.competencies:
                self.note(number, "competency", "warning", f"competency '{name}' of {family.data['id']} given the id '{cid}'")
            competency = owner[cid] = {"id": cid, "name": name}
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

    def _expectation(
        self, number: int, row: Row, family: SheetFamily, level: str, competency: dict, role: SheetRole | None
    ) -> None:
        text = row.get("expectation") or row["expectation id"]
        owner = role.data["id"] if role is not None else ""
        key = (owner, competency["id"], text) if family.per_level else (owner, level, competency["id"], text)
        eid, made = family.ids["expectation"].get(row.get("expectation id") or key, row.get("expectation id", ""), text)
        if made:
            family.made.append(number)
        known = family.expectations.get((owner, level, eid))
        if known is not None:  # the same expectation again: another example of it
            if known["text"] != text:
                self.note(
                    number, "expectation", "error", f"row {number}: expectation id '{eid}' again at this level, with other text"
                )
            else:
                self._add(known, row)
            self.last, self.last_place = known, _place(row)
            return
        expectation: dict[str, Any] = {"id": eid, "text": text}
        self._add(expectation, row)
        if _given(row, "proficiency"):
            expectation["proficiency"] = self._named(self.proficiency, row, "proficiency")
        competency["expectations"].setdefault(level, []).append(expectation)
        family.expectations[(owner, level, eid)] = expectation
        self.last, self.last_place = expectation, _place(row)

    @staticmethod
    def _add(expectation: dict, row: Row) -> None:
        if row.get("example"):
            expectation.setdefault("examples", []).append(row["example"])
        if row.get("link"):
            expectation.setdefault("links", []).append(_link(row))

    @staticmethod
    def _named(scale: dict[str, str], row: Row, column: str) -> str:
        """The id of a `column` (proficiency, grade) named in `row`, added to `scale` (id -> name) on first use."""
        name = row.get(column) or row[f"{column} id"]
        pid = row.get(f"{column} id") or (slug(name) if id_problem(name) else name)
        scale.setdefault(pid, name)
        return pid

    def _finish(self, family: SheetFamily) -> None:
        for row, column, severity, message in family.problems():
            self.note(row, column, severity, message)

    def files(self) -> dict[str, Any]:
        handbook: dict[str, Any] = {"organisation": self.organisation}
        if self.grades:
            handbook["grades"] = [{"id": gid, "name": name} for gid, name in self.grades.items()]
        if self.proficiency:
            handbook["proficiency"] = [{"id": pid, "name": name} for pid, name in self.proficiency.items()]
        found: dict[str, Any] = {"handbook.yml": handbook}
        for family in self.families.values():
            found |= family.files()
        return found


def _given(row: Row, column: str) -> bool:
    return bool(row.get(column) or row.get(f"{column} id"))


def _place(row: Row) -> tuple[str, ...]:
    return tuple(row.get(name, "") for name in ("family", "level", "role", "competency"))


def _link(row: Row) -> dict[str, str]:
    return {"label": row.get("link text") or row["link"], "url": row["link"]}
