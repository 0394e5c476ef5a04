"""`ladder import monzo SOURCE OUT`: a directory of monzo/progression-framework Markdown files.

Each `**/*.md` there starts with YAML front matter: `title`, `levels` (how many) and `topics`, each a
`name`, a `title` and `content`: per `level`, `criteria` (text) and `exampleCriteria` (a criterion with
its `examples`). A framework becomes a per-level family with levels l1, l2..., each of grade g1, g2...;
its topics are competencies, its criteria their expectations. The shared framework, `generic.md`, which
Monzo keeps beside the others for everyone, becomes handbook.yml's core, keyed by grade. The first
paragraph after the front matter is the family's summary. Addresses in a criterion become its links.
What cannot be carried over is a warning located in the source; a broken front matter, an error.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .document import Document, parse
from .errors import Diagnostic, Location
from .ids import MAX_LENGTH, RESERVED_FAMILY_IDS, heading_anchor_problem, slugify, unique
from .imported import Imported
from .load import MAX_FILE_BYTES, read_bytes
from .text import url_problem

ORGANISATION = "Monzo"
SHARED = "generic"  # the stem of the framework every other one shares
_KNOWN_KEYS = {"title", "levels", "topics"}
_FENCE = re.compile(r"^---[ \t]*$")
_URL = re.compile(r"https?://[^\s<>\"'()]+")
_LEADING_SYMBOLS = re.compile(r"^[^\w]+", re.UNICODE)
_FRAMEWORK = re.compile(r"\s+framework\s*$", re.IGNORECASE)  # "Backend Engineering Framework" is the family "Backend Engineering"


def _slug(text: str, fallback: str) -> str:
    value = slugify(text, fallback)
    return f"{fallback}-{value}"[:MAX_LENGTH].strip("-") if heading_anchor_problem(value) else value


def _words(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _sources(source: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The Markdown files under `source`, sorted, none through a link out of it."""
    if not source.is_dir():
        return [], [Diagnostic(Location(str(source)), "error", "not a directory: give the directory of Monzo framework files")]
    real, found, notes = Path(os.path.realpath(source)), [], []
    for dirpath, dirnames, filenames in os.walk(source):  # links to directories are not walked into
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.endswith(".md"):
                continue
            if Path(os.path.realpath(path)).is_relative_to(real):
                found.append(path)
            else:
                notes.append(Diagnostic(Location(str(path)), "error", "symbolic link points outside the source; skipped"))
    if not found and not notes:
        notes.append(Diagnostic(Location(str(source)), "error", "no Monzo framework files (*.md) under this directory"))
    return found, notes


def _front_matter(path: Path) -> tuple[Document | None, str, list[Diagnostic]]:
    """The front matter of `path` parsed (located in the file itself), the Markdown after it, and problems."""
    raw, problem = read_bytes(path, str(path), MAX_FILE_BYTES)
    if raw is None:
        return None, "", [problem] if problem else []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "", [Diagnostic(Location(str(path)), "error", "file is not valid UTF-8; skipped")]
    lines = text.splitlines()
    end = next((i for i, line in enumerate(lines[1:], 1) if _FENCE.match(line)), None)
    if not lines or not _FENCE.match(lines[0]) or end is None:
        return None, "", [Diagnostic(Location(str(path)), "warning", "no front matter between --- lines; skipped")]
    doc, problems = parse("\n".join(lines[1:end]) + "\n", str(path))
    problems = [_shifted(d) for d in problems]
    if doc is not None:
        doc.shift(1)
    return doc, "\n".join(lines[end + 1 :]), problems


def _shifted(d: Diagnostic) -> Diagnostic:
    """A finding in the front matter, located in the file: one line down, below the opening ---."""
    where = Location(d.location.path, d.location.line + 1, d.location.col)
    return Diagnostic(where, d.severity, d.message + ("; this file is skipped" if d.severity == "error" else ""))


def read(source: Path, fmt: str = "monzo") -> Imported:
    """A family per framework under `source`; handbook.yml with a grade per level and the shared topics as core."""
    paths, notes = _sources(source)
    imported = Imported(notes=notes)
    parsed = []
    for path in paths:
        doc, body, problems = _front_matter(path)
        imported.notes.extend(problems)
        if doc is not None and not isinstance(doc.data, dict):
            imported.notes.append(Diagnostic(doc.locate(()), "error", "the front matter is not a mapping; skipped"))
        elif doc is not None:
            parsed.append((path, doc, body))
    shared = [p for p in parsed if p[0].stem == SHARED]
    handbook: dict[str, Any] = {"organisation": ORGANISATION}
    taken_exp: set[str] = set()
    if shared:
        _note_ignored(shared[0][1], imported.notes)
    core = _topics(shared[0][1], "g", taken_exp, set(), imported.notes) if shared else []
    core_ids = {c["id"] for c in core}
    top = max([_level_count(doc) for _, doc, _ in parsed] or [0])
    families: dict[str, dict] = {}
    for path, doc, body in parsed:
        if shared and path == shared[0][0]:
            continue
        family = _family(source, path, doc, body, set(taken_exp), core_ids, set(families), imported.notes)
        if family is not None:
            families[family["id"]] = family
    if families:
        handbook["grades"] = [{"id": f"g{n}", "name": f"Level {n}"} for n in range(1, top + 1)]
        if core:
            handbook["core"] = core
        imported.files["handbook.yml"] = handbook
        imported.files.update({f"families/{fid}.yml": family for fid, family in families.items()})
    return imported


def _level_count(doc: Document) -> int:
    """How many levels a framework has: its `levels`, or the highest level its topics name."""
    count = doc.data.get("levels") if isinstance(doc.data.get("levels"), int) else 0
    for topic in doc.data.get("topics") or []:
        for part in (topic.get("content") or []) if isinstance(topic, dict) else []:
            if isinstance(part, dict) and isinstance(part.get("level"), int) and 0 < part["level"] <= 99:
                count = max(count, part["level"])
    return min(count, 99)


def _summary(body: str) -> str | None:
    """The first paragraph of prose after the front matter: not a heading, a list or a table. A paragraph that
    ends in a colon keeps the list it introduces, as one sentence ("...: make plans; talk about it.")."""
    for block in re.split(r"\n\s*\n", body):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        prose = [ln for ln in lines if not ln.startswith(("#", "-", "*", "|", ">", "<", "```"))]
        if prose:
            text = " ".join(prose)
            listed = [ln[2:].strip().rstrip(".;") for ln in lines if ln.startswith(("- ", "* "))]
            return f"{text} {'; '.join(listed)}." if text.endswith(":") and listed else text
    return None


def _note_ignored(doc: Document, notes: list) -> None:
    ignored = [key for key in doc.data if key not in _KNOWN_KEYS]
    if ignored:
        notes.append(Diagnostic(doc.locate(()), "warning", f"not carried over: {', '.join(map(str, ignored))}"))


def _family(
    source: Path, path: Path, doc: Document, body: str, taken_exp: set[str], core_ids: set[str], families: set[str], notes: list
) -> dict | None:
    relative = path.relative_to(source).with_suffix("").as_posix()
    name = _words(_FRAMEWORK.sub("", _LEADING_SYMBOLS.sub("", str(doc.data.get("title") or ""))))
    summary = _summary(body)
    if name is None:
        notes.append(Diagnostic(doc.locate(()), "error", "the framework has no title, which a family needs; skipped"))
        return None
    if summary is None:
        notes.append(
            Diagnostic(doc.locate(()), "warning", "no paragraph after the front matter to be the summary; its pages show none")
        )
    _note_ignored(doc, notes)
    if summary is not None and body.strip() != summary:
        notes.append(
            Diagnostic(
                doc.locate(()),
                "warning",
                "of the Markdown after the front matter, only its first paragraph is kept, as the summary",
            )
        )
    count = _level_count(doc)
    competencies = _topics(doc, "l", taken_exp, set(core_ids), notes, owner=name)
    if not count or not competencies:
        notes.append(Diagnostic(doc.locate(()), "error", "the framework has no levels or no topics with criteria; skipped"))
        return None
    family_id = unique(_slug(relative, "framework"), families | set(RESERVED_FAMILY_IDS))
    levels = [{"id": f"l{n}", "label": f"Level {n}", "title": name, "track": "ic", "grade": f"g{n}"} for n in range(1, count + 1)]
    return {
        "id": family_id, "name": name, **({"summary": summary} if summary else {}),
        "progression": "cumulative", "level_pages": "additions",  # Monzo: "levels in the framework are cumulative"
        "tracks": [{"id": "ic", "name": "Individual contributor"}], "levels": levels, "competencies": competencies,
    }  # fmt: skip


def _topics(
    doc: Document, prefix: str, taken_exp: set[str], taken: set[str], notes: list, owner: str | None = None
) -> list[dict]:
    """The topics as competencies, expectations keyed by `prefix` + level number (l3 in a family, g3 in the core).
    A family's topic named like one of the shared ones (in `taken`) is named after its framework, `owner`."""
    shared = set(taken)
    result = []
    topics = doc.data.get("topics")
    for i, topic in enumerate(topics if isinstance(topics, list) else []):
        label = _words(topic.get("name")) if isinstance(topic, dict) else None
        if label is None:
            notes.append(Diagnostic(doc.locate(("topics", i)), "warning", "a topic without a name; left out"))
            continue
        title = _words(_LEADING_SYMBOLS.sub("", str(topic.get("title") or ""))) or label[:1].upper() + label[1:]
        expectations = _content(doc, ("topics", i, "content"), topic.get("content"), prefix, taken_exp, notes)
        if not expectations:
            notes.append(Diagnostic(doc.locate(("topics", i)), "warning", f"topic '{label}' has no criteria; left out"))
            continue
        competency: dict[str, Any] = {"id": unique(_slug(label, "topic"), taken), "name": title}
        if owner and _slug(label, "topic") in shared:
            competency = {"id": unique(_slug(f"{owner} {label}", "topic"), taken), "name": f"{title} ({owner})"}
            message = f"topic '{label}' is also one of the generic framework's: named '{competency['name']}' here"
            notes.append(Diagnostic(doc.locate(("topics", i)), "warning", message))
        if _words(topic.get("description")):
            competency["summary"] = _words(topic.get("description"))
        result.append(competency | {"expectations": expectations})
    return result


def _content(doc: Document, at: tuple, items: Any, prefix: str, taken: set[str], notes: list) -> dict[str, list[dict]]:
    by_level: dict[str, list[dict]] = {}
    for j, part in enumerate(items if isinstance(items, list) else []):
        level = part.get("level") if isinstance(part, dict) else None
        if not isinstance(level, int) or not 0 < level <= 99:
            notes.append(Diagnostic(doc.locate(at + (j,)), "warning", "criteria without a level number from 1 to 99; left out"))
            continue
        found = by_level.setdefault(f"{prefix}{level}", [])
        for k, text in enumerate(_listed(part.get("criteria"))):
            found.extend(_criterion(doc, at + (j, "criteria", k), text, [], taken, notes))
        for k, example in enumerate(_listed(part.get("exampleCriteria"))):
            example = example if isinstance(example, dict) else {}
            shown = [w for w in map(_words, _listed(example.get("examples"))) if w]
            found.extend(_criterion(doc, at + (j, "exampleCriteria", k), example.get("criteria"), shown, taken, notes))
    return {level: found for level, found in by_level.items() if found}


def _listed(value: Any) -> list:
    """A list as written, or a single text as a list of one; nothing else."""
    return value if isinstance(value, list) else [value] if isinstance(value, str) else []


def _criterion(doc: Document, at: tuple, value: Any, examples: list[str], taken: set[str], notes: list) -> list[dict]:
    text = _words(value)
    if text is None:
        notes.append(Diagnostic(doc.locate(at), "warning", "a criterion without text; left out"))
        return []
    exp: dict[str, Any] = {"id": unique(_slug(" ".join(_URL.sub("", text).split()[:6]), "criterion"), taken), "text": text}
    if examples:
        exp["examples"] = examples
    links = _links([text, *examples])
    if links:
        exp["links"] = links
    return [exp]


def _links(texts: list[str]) -> list[dict]:
    """The http(s) addresses written in `texts`, each a link; one that is not usable stays only in the text."""
    links, seen = [], set()
    for text in texts:
        for found in _URL.finditer(text):
            url = found.group().rstrip(".,;:!?")
            if url not in seen and url_problem(url) is None:
                seen.add(url)
                links.append({"label": url, "url": url})
    return links
