"""What `ladder import csv|xlsx` gathers from a spreadsheet's rows, per family and per role, and the files it makes.

import_sheet reads the rows and places each one here; `SheetFamily.files` then lays out a family file and its
roles' files as `ladder check` reads them. Tracks, levels, groups, competencies and roles keep the order in
which they first appear.
"""

from __future__ import annotations

from typing import Any

from .ids import HEADING_ANCHOR_PREFIXES, HEADING_ANCHORS, RESERVED_IN_FAMILY, Made


class SheetRole:
    """A role of one family: its titles per level, the levels it has and the expectations only it has."""

    def __init__(self, data: dict[str, Any], row: int):
        self.data = data
        self.row = row
        self.levels: list[str] = []  # level ids, in order of first use
        self.titles: dict[str, str] = {}
        self.competencies: dict[str, dict] = {}  # id -> a competency with this role's expectations

    def file(self, family: SheetFamily) -> dict[str, Any]:
        """The role's file: its expectations under the family's competencies, or in competencies of its own."""
        data = dict(self.data)
        data.update(_coverage(self.levels, family))
        if self.titles:
            data["titles"] = dict(self.titles)
        additions = {cid: c["expectations"] for cid, c in self.competencies.items() if cid in family.competencies}
        own = [_on_tracks(c, family) for cid, c in self.competencies.items() if cid not in family.competencies]
        if additions:
            data["expectations"] = additions
        if own:
            data["competencies"] = own
        return data


def _on_tracks(competency: dict[str, Any], family: SheetFamily) -> dict[str, Any]:
    """A competency with `tracks` (before its expectations) when its rows are on some of the family's tracks only:
    a manager track's own competency is not asked of individual contributors. A cumulative family's track asks,
    too, what the levels it branches from ask."""
    levels = family.levels
    asked = {levels[lid]["track"] for lid, items in competency.get("expectations", {}).items() if items and lid in levels}
    if not family.per_level:  # a track branching from a level asking it carries it up from there
        for tid, track in family.tracks.items():
            start = levels.get(track.get("branches_from", ""))
            if start is not None and start["track"] in asked:
                asked.add(tid)
    tracks = [tid for tid in family.tracks if tid in asked]
    if not tracks or len(tracks) == len(family.tracks):
        return competency
    expectations = {key: competency[key] for key in ("expectations",) if key in competency}
    return {**{k: v for k, v in competency.items() if k not in expectations}, "tracks": tracks, **expectations}


def _coverage(levels: list[str], family: SheetFamily) -> dict[str, list[str]]:
    """`tracks` and `levels` keys for a role with `levels`: none when it has every level of the family."""
    order = [lid for lid in family.levels if lid in levels]
    tracks = [tid for tid in family.tracks if any(family.levels[lid]["track"] == tid for lid in order)]
    found: dict[str, list[str]] = {}
    if tracks != list(family.tracks):
        found["tracks"] = tracks
    if order != [lid for lid in family.levels if family.levels[lid]["track"] in tracks]:
        found["levels"] = order
    return found


class SheetFamily:
    def __init__(self, data: dict[str, Any], row: int):
        self.data = data
        self.row = row
        self.tracks: dict[str, dict] = {}
        self.levels: dict[str, dict] = {}
        self.groups: dict[str, dict] = {}
        self.competencies: dict[str, dict] = {}
        self.roles: dict[str, SheetRole] = {}
        self.expectations: dict[tuple[str, str, str], dict] = {}  # (role id or "", level id, expectation id) -> it
        self.ids = {
            "track": Made(),
            "level": Made(RESERVED_IN_FAMILY),
            "group": Made(),
            "competency": Made(),
            "expectation": Made(HEADING_ANCHORS, HEADING_ANCHOR_PREFIXES),
        }
        self.made: list[int] = []  # rows whose expectation id was made from its text

    @property
    def per_level(self) -> bool:
        return self.data.get("progression", "per-level") != "cumulative"

    def problems(self) -> list[tuple[int, str, str, str]]:
        """What the rows left unsaid or said wrong about this family: (row, column, severity, message)."""
        data, found = self.data, []
        if "summary" not in data:
            found.append((self.row, "family summary", "warning", f"family '{data['name']}' has no summary; its pages show none"))
        data.setdefault("progression", "per-level")
        if data["progression"] not in ("per-level", "cumulative"):
            found.append(
                (self.row, "progression", "error", f"progression '{data['progression']}': write per-level or cumulative")
            )
        if data.get("status", "current") not in ("current", "legacy", "draft"):
            found.append(
                (self.row, "family status", "error", f"family status '{data['status']}': write current, legacy or draft")
            )
        for role in self.roles.values():
            if "summary" not in role.data:
                found.append(
                    (role.row, "role summary", "warning", f"role '{role.data['name']}' has no summary; its pages show none")
                )
        if self.made:
            rows = ", ".join(str(n) for n in self.made[:10]) + (", ..." if len(self.made) > 10 else "")
            message = f"{len(self.made)} expectation id(s) of {data['id']} made from their text (rows {rows}); "
            found.append((self.made[0], "expectation", "warning", message + "add an 'expectation id' column to keep them stable"))
        return found

    def files(self) -> dict[str, Any]:
        data = dict(self.data)
        data["tracks"] = list(self.tracks.values())
        data["levels"] = list(self.levels.values())
        if self.groups:
            data["groups"] = list(self.groups.values())
        data["competencies"] = [_on_tracks(c, self) for c in self.competencies.values()]
        found = {f"families/{data['id']}.yml": data}
        for rid, role in self.roles.items():
            found[f"roles/{rid}.yml"] = role.file(self)
        return found
