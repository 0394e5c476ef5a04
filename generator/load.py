"""Load: read YAML files into plain data, remembering where every value came from.

PyYAML's own loader drops positions, keeps the last of duplicate keys and
turns `no` into False. We compose the node graph ourselves (safe tags only),
refuse duplicates and aliases, and keep each scalar's type as YAML 1.1 sees
it, so that validation can say "`no` is a boolean here; quote it".
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, Location

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

Path_ = tuple  # a path into the data: keys and list indexes


@dataclass
class Document:
    """One YAML file's data plus where each part of it was written."""

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[Path_, str] = field(default_factory=dict)

    def locate(self, loc: Path_, *, key: bool = False) -> Location:
        """The location of `loc`, or of its nearest enclosing value that has one."""
        loc = tuple(loc)
        while True:
            table = self.key_positions if key and loc in self.key_positions else self.positions
            if loc in table:
                line, col = table[loc]
                return Location(self.path, line, col)
            if not loc:
                return Location(self.path, 1, 1)
            loc = loc[:-1]

    def source_text(self, loc: Path_) -> str | None:
        """The text of a plain scalar as written in the file, if `loc` is one."""
        return self.scalars.get(tuple(loc))


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str):
        self.mark = mark
        self.message = message


def _position(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe composer, refusing aliases where they are used (no "billion laughs")."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _Refused(self.peek_event().start_mark, "aliases (`*name`) are not supported; write the value out")
        return super().compose_node(parent, index)


_FastLoader = getattr(yaml, "CSafeLoader", None)  # libyaml: several times faster, same nodes and marks


class _AliasSeen(Exception):
    """The fast composer shared a node: an alias. The pure composer says where it is used."""


class _Converter:
    """Turns a composed node graph into Python values and position tables."""

    def __init__(self, doc: Document, fast: bool = False):
        self.doc = doc
        self.count = 0
        self.fast = fast
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        if self.fast:
            if id(node) in self.seen:
                raise _AliasSeen()
            self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(node.start_mark, f"file has more than {MAX_NODES} values")
        self.doc.positions[path] = _position(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise _Refused(node.start_mark, f"unsupported tag {_tag(node.tag)}")
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            raise _Refused(node.start_mark, f"unsupported tag {_tag(node.tag)}")
        if not node.style:  # plain: None from PyYAML's composer, "" from libyaml's
            self.doc.scalars[path] = node.value
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        return self.constructor.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        if node.tag != _MAP_TAG:
            raise _Refused(node.start_mark, f"unsupported tag {_tag(node.tag)}")
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node.start_mark, "merge keys (`<<`) are not supported")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark, "keys must be plain text")
            key = key_node.value
            if key in result:
                line, col = self.doc.key_positions[path + (key,)]
                raise _Refused(key_node.start_mark, f"duplicate key '{key}' (first defined at line {line}, column {col})")
            self.doc.key_positions[path + (key,)] = _position(key_node.start_mark)
            result[key] = self.convert(value_node, path + (key,))
        return result


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    if "'\\t'" in str(exc.problem):
        return "YAML syntax: a tab character here; YAML indents with spaces only"
    message = f"YAML syntax: {exc.problem}"
    if exc.context and exc.context_mark and exc.context_mark is not exc.problem_mark:
        line, col = _position(exc.context_mark)
        message += f" ({exc.context} started at line {line}, column {col})"
    return message


def _tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _decode(raw: bytes, path: str) -> tuple[str | None, Diagnostic | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Diagnostic(Location(path, line, col), "error", "file is not valid UTF-8")


def load_text(text: str, path: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML document held in `text`; `path` is only for messages."""
    if _FastLoader is not None:
        try:
            nodes = list(yaml.compose_all(text, Loader=_FastLoader))
            if len(nodes) == 1 and nodes[0] is not None:
                doc = Document(path=path, data=None)
                doc.data = _Converter(doc, fast=True).convert(nodes[0], ())
                return doc, []
        except (yaml.YAMLError, _Refused, _AliasSeen):
            pass  # the pure-Python composer below gives the canonical, located message
    return _load_text_pure(text, path)


def _load_text_pure(text: str, path: str) -> tuple[Document | None, list[Diagnostic]]:
    doc = Document(path=path, data=None)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
        if len(nodes) > 1:
            raise _Refused(nodes[1].start_mark, "a file holds one YAML document; remove the `---` separator")
        if not nodes or nodes[0] is None:
            return None, [Diagnostic(Location(path), "error", "file is empty")]
        doc.data = _Converter(doc).convert(nodes[0], ())
    except _Refused as exc:
        return None, [Diagnostic(Location(path, *_position(exc.mark)), "error", exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [Diagnostic(Location(path, *_position(exc.problem_mark or exc.context_mark)), "error", _syntax_message(exc))]
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark attribute
        return None, [Diagnostic(Location(path), "error", f"YAML syntax: {exc}")]
    return doc, []


def load_file(file: Path, display: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one file, refusing oversized and non-UTF-8 input."""
    size = file.stat().st_size
    if size > max_bytes:
        return None, [Diagnostic(Location(display), "error", f"file is {size} bytes; the limit is {max_bytes}")]
    text, problem = _decode(file.read_bytes(), display)
    if problem:
        return None, [problem]
    return load_text(text, display)


def discover(root: Path) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """The YAML files under `root`, sorted, each with the path to show in messages."""
    found: list[tuple[Path, str]] = []
    problems: list[Diagnostic] = []
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith((".yml", ".yaml")):
                continue
            file = Path(dirpath) / name
            display = file.as_posix()
            if not file.resolve().is_relative_to(real_root):
                problems.append(Diagnostic(Location(display), "error", "symbolic link points outside the ladders directory"))
                continue
            found.append((file, display))
    return found, problems
