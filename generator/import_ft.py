"""`ladder import ft SOURCE OUT`: a directory of Financial-Times/engineering-progression job family files.

Each `*.yml` there is one job family: `name`, `summary`, `isLegacy`, `levels` (id, name), `themes` (id,
name, summary) and `competencies`, each one statement at one level under one theme (`level`, `theme`,
`summary`, `proficiency`, `examples`, `supportingUrls`). A family becomes a per-level family: FT's levels
its levels, its themes its groups, and under each theme one competency whose expectations are that
theme's statements at each level. A theme with one statement per level gives it one expectation id at
every level, so a rise in proficiency reads as a change at the next level. FT's proficiency words become
handbook.yml's scale. What cannot be carried over is a warning located in the source.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .document import Document
from .errors import Diagnostic, Location
from .ids import HEADING_ANCHORS, MAX_LENGTH, RESERVED_FAMILY_IDS, RESERVED_IN_FAMILY, heading_anchor_problem, slugify, unique
from .imported import Imported
from .load import MAX_FILE_BYTES, SUFFIXES, load_file
from .text import url_problem

ORGANISATION = "Financial Times"
# FT's proficiency words, lowest first; words the data has beyond these follow them in the order first seen.
KNOWN_PROFICIENCY = ("awareness", "foundational", "working-knowledge", "working", "practitioner", "expert")
_FAMILY_KEYS = {"name", "summary", "isLegacy", "levels", "themes", "competencies"}
_ENTRY_KEYS = {"id", "level", "theme", "summary", "proficiency", "examples", "supportingUrls"}
_MANAGER = re.compile(r"people manager", re.IGNORECASE)


def _warn(doc: Document, loc: tuple, message: str) -> Diagnostic:
    return Diagnostic(doc.locate(loc), "warning", message)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _files(source: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The job family files directly in `source`, none through a link out of it; errors for what is not usable."""
    if not source.is_dir():
        return [], [Diagnostic(Location(str(source)), "error", "not a directory: give the directory of FT job family files")]
    if (source / "job-families").is_dir() and not (source / "job-families").is_symlink():
        source = source / "job-families"  # the repository's data/ directory: its families are in there
    real = Path(os.path.realpath(source))
    files, notes = [], []
    for path in sorted(source.iterdir()):
        if not path.name.endswith(SUFFIXES) or path.is_dir():
            continue
        if not Path(os.path.realpath(path)).is_relative_to(real):
            notes.append(Diagnostic(Location(str(path)), "error", "symbolic link points outside the source directory; skipped"))
            continue
        files.append(path)
    if not files and not notes:
        notes.append(Diagnostic(Location(str(source)), "error", "no job family files (*.yml) in this directory"))
    return files, notes


def read(source: Path, fmt: str = "ft") -> Imported:
    """The families of the FT job family files in `source`, and handbook.yml with their proficiency scale."""
    files, notes = _files(source)
    imported = Imported(notes=notes)
    words: dict[str, str] = {}  # proficiency id -> FT's word
    taken: set[str] = set()
    for path in files:
        doc, problems = load_file(path, str(path), MAX_FILE_BYTES)
        imported.notes.extend(problems)
        if doc is None:
            continue
        family = _family(doc, path, words, taken, imported.notes)
        if family is not None:
            imported.files[f"families/{family['id']}.yml"] = family
    if imported.files:
        imported.files = {"handbook.yml": _handbook(words), **imported.files}
    return imported


def _handbook(words: dict[str, str]) -> dict:
    known = [w for w in KNOWN_PROFICIENCY if w in words]
    order = known + [w for w in words if w not in known]
    handbook: dict[str, Any] = {"organisation": ORGANISATION}
    if order:
        handbook["proficiency"] = [{"id": w, "name": words[w]} for w in order]
    return handbook


def _family(doc: Document, path: Path, words: dict[str, str], taken: set[str], notes: list[Diagnostic]) -> dict | None:
    data = doc.data
    if not isinstance(data, dict):
        notes.append(Diagnostic(doc.locate(()), "error", "a job family file is a mapping (name, levels, themes...); skipped"))
        return None
    name, summary = _text(data.get("name")), _text(data.get("summary"))
    if name is None:
        notes.append(Diagnostic(doc.locate(()), "error", "the job family has no name, which a family needs; skipped"))
        return None
    if summary is None:
        notes.append(_warn(doc, (), "the job family has no summary; its pages show none"))
    for key in data:
        if key not in _FAMILY_KEYS:
            notes.append(_warn(doc, (key,), f"'{key}' is not carried over: a ladder has no place for it"))
    family: dict[str, Any] = {"id": unique(slugify(path.stem, "family"), taken, set(RESERVED_FAMILY_IDS))}
    family.update(name=name, progression="per-level")
    if summary is not None:
        family["summary"] = summary
    if data.get("isLegacy") is True:
        family["status"] = "legacy"
    levels = _levels(doc, notes)
    groups = _themes(doc, notes)
    competencies = _competencies(doc, levels, groups, words, notes)
    if not levels or not competencies:
        notes.append(Diagnostic(doc.locate(()), "error", "the job family has no levels or no competencies; skipped"))
        return None
    used = {c["group"] for c in competencies}
    for theme_id, group in groups.items():
        if group["id"] not in used:
            notes.append(_warn(doc, ("themes", group["at"]), f"theme '{theme_id}' has no competencies; left out"))
    family["tracks"] = _tracks(levels)
    family["levels"] = list(levels.values())
    # A theme becomes one competency of its name: a group around it would only repeat its heading.
    summaries = {g["id"]: g["summary"] for g in groups.values() if g.get("summary")}
    for competency in competencies:
        summary = summaries.get(competency.pop("group", None))
        if summary:
            competency["summary"] = summary
    family["competencies"] = competencies
    return family


def _levels(doc: Document, notes: list[Diagnostic]) -> dict[str, dict]:
    """FT level id -> our level (id, label, title; the track comes later)."""
    levels: dict[str, dict] = {}
    taken: set[str] = set()
    items = doc.data.get("levels")
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _text(item.get("name")):
            notes.append(_warn(doc, ("levels", i), "a level needs an id and a name; left out"))
            continue
        level_id = unique(slugify(item["id"], "level"), taken, set(RESERVED_IN_FAMILY) | HEADING_ANCHORS)
        name = _text(item["name"])
        levels[item["id"]] = {"id": level_id, "label": name, "title": name}
        for key in item:
            if key not in ("id", "name"):
                notes.append(_warn(doc, ("levels", i, key), f"level key '{key}' is not carried over"))
    return levels


def _tracks(levels: dict[str, dict]) -> list[dict]:
    """One track, or two when level names say "People Manager": the manager track branches from the level before."""
    ic = {"id": "ic", "name": "Individual contributor"}
    order = list(levels.values())
    first = next((i for i, lv in enumerate(order) if _MANAGER.search(lv["title"])), None)
    track = "ic"
    for i, level in enumerate(order):
        if _MANAGER.search(level["title"]):
            track = "manager"
        elif "individual contributor" in level["title"].lower() or first is None or i < first:
            track = "ic"
        level["track"] = track
    if first is None or first == 0:
        for level in order:
            level["track"] = "ic"
        return [ic]
    ics = [lv for lv in order[:first] if "individual contributor" not in lv["title"].lower()]
    manager: dict[str, Any] = {"id": "manager", "name": "People manager", "kind": "manager"}
    if ics:
        manager["branches_from"] = ics[-1]["id"]
    return [ic, manager]


def _themes(doc: Document, notes: list[Diagnostic]) -> dict[str, dict]:
    groups: dict[str, dict] = {}
    taken: set[str] = set()
    items = doc.data.get("themes")
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _text(item.get("name")):
            notes.append(_warn(doc, ("themes", i), "a theme needs an id and a name; left out"))
            continue
        group = {"id": unique(slugify(item["id"], "theme"), taken), "name": _text(item["name"])}
        if _text(item.get("summary")):
            group["summary"] = _text(item["summary"])
        groups[item["id"]] = {**group, "at": i}  # where it is written, for notes; not written out
    return groups


def _competencies(doc: Document, levels: dict, groups: dict, words: dict[str, str], notes: list[Diagnostic]) -> list[dict]:
    """One competency per theme, its expectations by level; one id for a theme's one statement at each level."""
    by_theme: dict[str, dict[str, list[tuple[int, dict]]]] = {}
    items = doc.data.get("competencies")
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or item.get("level") not in levels or item.get("theme") not in groups:
            notes.append(_warn(doc, ("competencies", i), "a competency needs a known level and theme; left out"))
        elif not _text(item.get("summary")):
            notes.append(_warn(doc, ("competencies", i), "a competency without a summary has no text; left out"))
        else:
            by_theme.setdefault(item["theme"], {}).setdefault(item["level"], []).append((i, item))
    result = []
    taken = {g["id"] for g in groups.values()}  # expectation ids, unique in the family
    for theme, group in groups.items():
        if theme not in by_theme:
            continue
        per_level = by_theme[theme]
        evolving = all(len(entries) == 1 for entries in per_level.values())
        if not evolving:
            notes.append(
                _warn(
                    doc,
                    ("themes", group["at"]),
                    f"theme '{theme}' has several statements at a level: each is its own "
                    "expectation, not linked to those of other levels",
                )
            )
        expectations = {}
        for ft_level, level in levels.items():
            if ft_level in per_level:
                expectations[level["id"]] = [
                    _expectation(doc, i, item, group["id"] if evolving else None, taken, words, notes)
                    for i, item in per_level[ft_level]
                ]
        result.append({"id": group["id"], "name": group["name"], "group": group["id"], "expectations": expectations})
    return result


def _expectation(
    doc: Document, i: int, item: dict, same: str | None, taken: set[str], words: dict[str, str], notes: list[Diagnostic]
) -> dict:
    text = _text(item["summary"]) or ""
    if same is None:
        same = unique(slugify(" ".join(text.split()[:6]), "expectation"), taken)
    if heading_anchor_problem(same):
        same = f"x-{same}"[:MAX_LENGTH].strip("-")
    exp: dict[str, Any] = {"id": same, "text": text}
    examples = [_text(e) for e in item.get("examples") or [] if _text(e)]
    if examples:
        exp["examples"] = examples
    word = _text(item.get("proficiency"))
    if word:
        exp["proficiency"] = slugify(word, "proficiency")
        words.setdefault(exp["proficiency"], word)
    links = _links(doc, ("competencies", i, "supportingUrls"), item.get("supportingUrls"), notes)
    if links:
        exp["links"] = links
    for key in item:
        if key not in _ENTRY_KEYS:
            notes.append(_warn(doc, ("competencies", i, key), f"competency key '{key}' is not carried over"))
    return exp


def _links(doc: Document, at: tuple, urls: Any, notes: list[Diagnostic]) -> list[dict]:
    links = []
    for j, link in enumerate(urls if isinstance(urls, list) else []):
        url = _text(link.get("url")) if isinstance(link, dict) else _text(link)
        problem = url_problem(url) if url else "no url"
        if url is None or problem:
            notes.append(_warn(doc, at + (j,), f"supporting URL left out: {problem}"))
            continue
        label = _text(link.get("label")) if isinstance(link, dict) else None
        links.append({"label": label or url, "url": url})
    return links
