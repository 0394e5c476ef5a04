"""Validate: turn loaded documents into models, with every error located.

Pydantic checks each file's shape; `crosscheck` then checks what spans files
(references, duplicate ids, branch cycles). Pydantic's error locations are
paths into the data, which the loaded `Document` maps back to line and column.
"""

from __future__ import annotations

import datetime
import re
import typing
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from . import model
from .crosscheck import ANY_FAMILY, crosscheck
from .document import Document
from .errors import Diagnostic, Location, cap_per_file, did_you_mean
from .load import HANDBOOK_NAMES, MAX_FILE_BYTES, discover, load_bytes, read_bytes
from .memo import Memo
from .model import Ladders


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type holds: `list[Level]`, `dict[Id, list[Expectation]]`, `Track | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for arg in typing.get_args(annotation) for found in _models_in(arg)]


def _models_at(top: type[BaseModel], path: tuple) -> list[type[BaseModel]]:
    """The models a mapping at `path` in a file of model `top` may be."""
    current = [top]
    for part in path:
        inner = [
            m
            for cls in current
            if isinstance(part, str) and part in cls.model_fields
            for m in _models_in(cls.model_fields[part].annotation)
        ]
        current = inner or current  # list indexes and the ids keying a mapping keep the models they hold
    return current


def _field_at(top: type[BaseModel], path: tuple) -> Any:
    """The pydantic field at `path` in a file of model `top`, if the path ends at a key of a model."""
    models = _models_at(top, path[:-1])
    return next((cls.model_fields[path[-1]] for cls in models if path and path[-1] in cls.model_fields), None)


def _keys_at(top: type[BaseModel], path: tuple) -> list[str]:
    """The keys a mapping at `path` in a file of model `top` may have, so a suggestion is one of them."""
    return sorted({name for cls in _models_at(top, path) for name in cls.model_fields})


MAX_ERRORS_PER_FILE = 50

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _message(error: dict, doc: Document, top: type[BaseModel]) -> str:
    kind, loc, value = error["type"], error["loc"], error.get("input")
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'{did_you_mean(str(loc[-1]), _keys_at(top, tuple(loc[:-1])))}"
    if kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, got {_describe(value)}"
        raw = doc.source_text(loc)
        if raw is not None and kind == "string_type" and len(raw) <= 60:
            message += f': YAML reads `{raw}` as {_describe(value)}; quote it to keep the text: "{raw}"'
        elif raw is not None and kind == "string_type":
            message += f": YAML reads this as {_describe(value)}; quote it to keep the text"
        return message
    if kind == "none_required":  # a key a place has only to say why it takes nothing (the core's tracks, say)
        field = _field_at(top, tuple(loc))
        return (
            f"'{loc[-1]}' is not allowed here: {field.description}"
            if field and field.description
            else f"'{loc[-1]}' is not allowed here"
        )
    if kind == "literal_error":
        return f"expected one of {error['ctx']['expected']}, got '{value}'"
    if kind in ("string_pattern_mismatch", "string_too_short"):
        return "text must not be empty or blank"
    if kind == "string_too_long":
        return f"text is longer than {error['ctx']['max_length']} characters"
    if kind == "too_short":
        return f"'{loc[-1]}' needs at least {error['ctx']['min_length']} item(s)"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return error["msg"]


def _model_errors(exc: ValidationError, doc: Document, top: type[BaseModel]) -> list[Diagnostic]:
    found = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        is_key = error["type"] == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
        found.append(Diagnostic(doc.locate(loc, key=is_key), "error", _message(dict(error), doc, top)))
    return found


# TODO in capitals only: "todo" is an everyday word in Spanish and Portuguese ("en todo el equipo").
_PLACEHOLDER = re.compile(r"\b(?:TODO|(?i:tbd|tbc|fixme|xxx))\b|(?i:lorem ipsum)")
_OTHER_KIND = {"role": ("family", "levels", "families/"), "family": ("role", "family", "roles/")}


def _misplaced(kind: str, doc: Document) -> Diagnostic | None:
    """A family file in roles/ (or a role in families/) would only give a screenful of unknown keys: say what it is."""
    if kind not in _OTHER_KIND or not isinstance(doc.data, dict):
        return None
    other, telling_key, folder = _OTHER_KIND[kind]
    if telling_key not in doc.data or (kind == "role" and "family" in doc.data) or (kind == "family" and "levels" in doc.data):
        return None
    return Diagnostic(
        doc.locate((telling_key,), key=True),
        "error",
        f"this looks like a {other} file (it has `{telling_key}:`); move it to {folder}",
    )


def _placeholders(doc: Document) -> list[Diagnostic]:
    """Text still to be written (`TODO`, `TBD`...): fine in a draft, a warning before it is published."""
    found = []
    stack: list[tuple[tuple, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
        elif isinstance(value, str) and (match := _PLACEHOLDER.search(value)):
            found.append(
                Diagnostic(
                    doc.locate(path), "warning", f"placeholder text '{match.group()}'; write the real text before publishing"
                )
            )
    return found


class Checked(NamedTuple):
    """One loaded file on its own: what is wrong with it, its model when it is one, a family id reported invalid."""

    problems: list[Diagnostic]
    model: Any
    broken: str | None = None


def check_document(kind: str, doc: Document) -> Checked:
    """A loaded file of `kind` checked on its own (placeholders, place, model), before it is checked against the others."""
    if doc.data is None:  # it failed to load, and that error is already reported
        return Checked(
            [], None, ANY_FAMILY if kind == "family" else None
        )  # which family is unknown: no role is told it is missing
    problems = _placeholders(doc)
    misplaced = _misplaced(kind, doc)
    if misplaced:
        return Checked([*problems, misplaced], None)
    try:
        return Checked(problems, model.KINDS[kind].model_validate(doc.data))
    except ValidationError as exc:
        named = kind == "family" and isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str)
        return Checked(problems + _model_errors(exc, doc, model.KINDS[kind]), None, doc.data["id"] if named else None)


def validate_documents(
    docs: list[tuple[str, Document]], root: str = "ladders", checked: list[Checked] | None = None
) -> tuple[Ladders | None, list[Diagnostic]]:
    """Validate loaded documents, each tagged with its kind; `Ladders` only when there is no error.
    `checked`: each document's `check_document`, where it was made already."""
    problems: list[Diagnostic] = []
    parsed: dict[str, list[tuple[Any, Document]]] = {"handbook": [], "family": [], "role": []}
    broken: set[str] = set()  # ids of families reported invalid: their roles are not checked against them
    for (kind, doc), found in zip(docs, checked if checked is not None else [check_document(k, d) for k, d in docs], strict=True):
        problems.extend(found.problems)
        if found.broken is not None:
            broken.add(found.broken)
        if found.model is not None:
            parsed[kind].append((found.model, doc))
    if not any(kind == "handbook" for kind, _ in docs):
        problems.append(Diagnostic(Location(f"{root}/handbook.yml"), "error", "handbook.yml is missing"))
    handbook = parsed["handbook"][0][0] if parsed["handbook"] else None
    problems.extend(crosscheck(handbook, parsed, broken))
    sources = {
        (kind, getattr(item, "id", "")): doc.path
        for kind in ("role", "family", "handbook")
        for item, doc in reversed(parsed[kind])
    }
    ladders = Ladders(handbook, [f for f, _ in parsed["family"]], [r for r, _ in parsed["role"]], sources)
    if any(p.severity == "error" for p in problems):
        return None, sorted(problems)
    return ladders, sorted(problems)


def _loaded(kind: str, raw: bytes, display: str) -> tuple[Document | None, list[Diagnostic], Checked | None]:
    doc, problems = load_bytes(raw, display)
    return doc, problems, check_document(kind, doc) if doc else None


def root_problem(root: Path) -> str | None:
    """Why `root` is not a ladders directory to check, or None: missing, a file, or a project holding one."""
    if not root.exists():
        return "ladders directory not found"
    if not root.is_dir():
        found = _ladders_near(root.parent) if root.name not in HANDBOOK_NAMES else root.parent
        hint = f" (ladder check {found.as_posix()})" if found is not None else ""
        return f"is a file, not a directory: give the ladders directory, the one holding handbook.yml{hint}"
    if not _holds_handbook(root):
        inner = next((d for d in (root / "ladders", root / "docs" / "ladders") if _holds_handbook(d)), None)
        if inner is not None:
            return f"holds no handbook.yml, but {inner.as_posix()} does: check that directory (ladder check {inner.as_posix()})"
        if (root / "mkdocs.yml").is_file():
            return "is a project (it holds mkdocs.yml), not its ladders directory: give the directory holding handbook.yml"
    return None


def _holds_handbook(directory: Path) -> bool:
    return any((directory / name).is_file() for name in HANDBOOK_NAMES)


def _ladders_near(directory: Path) -> Path | None:
    """`directory` when it holds handbook.yml, else its `ladders/` when that does; None when neither does."""
    return next((d for d in (directory, directory / "ladders") if _holds_handbook(d)), None)


def validate_dir(
    root: Path, max_bytes: int = MAX_FILE_BYTES, memo: Memo | None = None
) -> tuple[Ladders | None, list[Diagnostic]]:
    """Load and validate every YAML file under `root`: the whole front half of the pipeline.
    `memo`: what the last build made of each file, kept across the rebuilds of `mkdocs serve`."""
    if wrong := root_problem(root):
        return None, [Diagnostic(Location(root.as_posix()), "error", wrong)]
    sources, problems = discover(root)
    memo = memo if memo is not None else Memo()
    docs: list[tuple[str, Document]] = []
    checked: list[Checked] = []
    for source in sources:
        raw, problem = read_bytes(source.file, source.display, max_bytes)
        doc, load_problems, found = None, [problem] if problem else [], None
        if raw is not None:  # a file read before with the same bytes is not parsed and checked again
            doc, load_problems, found = memo.get(
                "file", (source.kind, source.display, raw), partial(_loaded, source.kind, raw, source.display)
            )
        problems.extend(load_problems)
        if doc and found:
            docs.append((source.kind, doc))
            checked.append(found)
        elif source.kind in ("handbook", "family"):  # present but unreadable: its load error stands, not "missing"
            docs.append((source.kind, Document(source.display, None)))
            checked.append(check_document(source.kind, docs[-1][1]))
    ladders, more = validate_documents(docs, root.as_posix(), checked)
    if any(p.severity == "error" for p in problems):
        ladders = None
    return ladders, cap_per_file(sorted(set(problems + more)), MAX_ERRORS_PER_FILE)
