"""Documents: YAML text turned into plain data, remembering where every value was written.

PyYAML's own loaders drop positions, keep the last of duplicate keys, turn
`no` into False, recurse once per level of nesting (a RecursionError, or in
libyaml's composer a segfault, on deep input) and build a node graph that
costs more than the parse. We read the parser's event stream instead and
build values with an explicit stack, so nesting is capped before anything is
built, counts and aliases are refused the moment they appear, and each
scalar keeps its type as YAML 1.1 sees it, so that validation can say
"`no` is a boolean here; quote it".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

from .errors import Diagnostic, Location
from .syntax import explain

MAX_VALUES = 200_000
MAX_NUMBER_LENGTH = 100  # longer "numbers" (5,000 digits, 1:59:59:... in base 60) cost seconds to convert: text, quoted
MAX_DEPTH = 32  # a ladder file nests about eight deep; this leaves room and stops hostile input early

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
_SCALAR_KINDS = {_TAG + kind: kind for kind in ("int", "float", "bool", "null", "timestamp")}
_AS_TEXT = {_STR, _MERGE, _TAG + "value"}  # `<<` and `=` where a value is expected are just text here
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: about 20 times faster
# Characters YAML does not allow in a stream (PyYAML's Reader uses the same set).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Words, then ` #` with no space after it on the same line: a hashtag or "#1" that YAML reads as a comment.
_HASHTAG = re.compile(r"[ \t]+(?P<comment>#[^\s#][^\n]*)")

Path_ = tuple  # a path into the data: keys and list indexes


Tables = tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]], dict[Path_, str]]


@dataclass
class Document:
    """One YAML file's data plus where each part of it was written.

    Where each part was written (`positions`, `key_positions`, `scalars`) is worked out from `text` the first
    time a message asks: tables of every value's place cost some five times the file's data, and a valid file's
    are never read (a large organisation's files would otherwise hold tens of megabytes of them, all at once)."""

    path: str
    data: Any
    text: str | None = field(default=None, repr=False, compare=False)  # the YAML the tables are worked out from
    _tables: Tables | None = field(default=None, repr=False, compare=False)

    def _indexed(self) -> Tables:
        if self._tables is None:
            builder = _Builder(self.path, self.text or "", record=True)
            if self.text:
                builder.build(yaml.parse(self.text, Loader=_PARSER))  # it parsed before: it parses the same now
            self._tables = (builder.positions, builder.key_positions, builder.scalars)
        return self._tables

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        return self._indexed()[0]

    @property
    def key_positions(self) -> dict[Path_, tuple[int, int]]:
        return self._indexed()[1]

    @property
    def scalars(self) -> dict[Path_, str]:
        return self._indexed()[2]

    def shift(self, lines: int) -> None:
        """Tell places `lines` lower in the file: the YAML was cut from a larger file (a Markdown file's front matter)."""
        positions, keys, scalars = self._indexed()
        move = {k: (line + lines, col) for k, (line, col) in positions.items()}
        self._tables = (move, {k: (line + lines, col) for k, (line, col) in keys.items()}, scalars)

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


class Line:
    """Where a value is, as "path:line", worked out when a message shows it (most never are)."""

    __slots__ = ("doc", "loc")

    def __init__(self, doc: Document, loc: Path_):
        self.doc, self.loc = doc, loc

    def __str__(self) -> str:
        return f"{self.doc.path}:{self.doc.locate(self.loc).line}"


Mark = Any  # a position from PyYAML's parser or libyaml's (two classes, same line and column)


class _Refused(Exception):
    def __init__(self, mark: Mark | None, message: str):
        self.mark = mark
        self.message = message


def _position(mark: Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _tag_name(tag: str) -> str:
    return tag.replace(_TAG, "!!")


class _Frame:
    """A mapping or sequence being built, (for a mapping) the key whose value comes next, and where its keys are."""

    __slots__ = ("key", "keys_at", "path", "value")

    def __init__(self, value: dict | list, path: Path_):
        self.value = value
        self.path = path
        self.key: str | None = None
        self.keys_at: dict[str, tuple[int, int]] = {}  # while it is built: a duplicate key says where the first is


class _Builder:
    """Builds one document's values, and with `record` its position tables, from parser events."""

    def __init__(self, path: str, text: str, record: bool = False):
        self.path = path
        self.text = text
        self.record = record
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.scalars: dict[Path_, str] = {}
        self.warnings: list[Diagnostic] = []
        self.count = 0
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, events) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        for event in events:
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(event.start_mark, "a file holds one YAML document; remove the `---` separator")
            elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                frame = stack.pop()
                if not stack:
                    root = frame.value
            elif isinstance(event, ev.NodeEvent):
                if stack and isinstance(stack[-1].value, dict) and stack[-1].key is None:
                    self._key(stack[-1], event)
                    continue
                value, child = self._value(event, stack)
                if not stack:
                    root = value
                else:
                    self._attach(stack[-1], value)
                if child is not None:
                    if len(stack) >= MAX_DEPTH:
                        raise _Refused(event.start_mark, f"values nest more than {MAX_DEPTH} levels deep")
                    stack.append(child)
        return root

    def _path(self, stack: list[_Frame]) -> Path_:
        if not stack:
            return ()
        parent = stack[-1]
        return parent.path + ((len(parent.value),) if isinstance(parent.value, list) else (parent.key,))

    @staticmethod
    def _attach(parent: _Frame, value: Any) -> None:
        if isinstance(parent.value, list):
            parent.value.append(value)
        else:
            parent.value[parent.key] = value
            parent.key = None

    def _key(self, frame: _Frame, event: Any) -> None:
        if isinstance(event, ev.AliasEvent):
            raise _Refused(event.start_mark, "aliases (`*name`) are not supported; write the value out")
        if not isinstance(event, ev.ScalarEvent):
            raise _Refused(event.start_mark, "keys must be plain text")
        if event.tag not in (None, "!", _STR):
            raise _Refused(event.start_mark, f"unsupported tag {_tag_name(event.tag)} on a key")
        key = event.value
        if event.tag is None and self.resolver.resolve(yaml.ScalarNode, key, event.implicit) == _MERGE:
            raise _Refused(event.start_mark, "merge keys (`<<`) are not supported")
        if key in frame.value:
            line, col = frame.keys_at[key]
            raise _Refused(event.start_mark, f"duplicate key '{_short(key)}' (first defined at line {line}, column {col})")
        frame.keys_at[key] = _position(event.start_mark)
        if self.record:
            self.key_positions[frame.path + (key,)] = frame.keys_at[key]
        frame.key = key

    def _value(self, event: Any, stack: list[_Frame]) -> tuple[Any, _Frame | None]:
        if isinstance(event, ev.AliasEvent):
            raise _Refused(event.start_mark, "aliases (`*name`) are not supported; write the value out")
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Refused(event.start_mark, f"file has more than {MAX_VALUES} values")
        path = self._path(stack)
        if self.record:
            self.positions[path] = _position(event.start_mark)
        if isinstance(event, ev.ScalarEvent):
            return self._scalar(event, path), None
        expected = _MAP if isinstance(event, ev.MappingStartEvent) else _SEQ
        if event.tag not in (None, "!", expected):
            raise _Refused(event.start_mark, f"unsupported tag {_tag_name(event.tag)}")
        frame = _Frame({} if expected == _MAP else [], path)
        return frame.value, frame

    def _hashtag_after(self, event: Any) -> None:
        """Warn where words run on into ` #word` on the same line: YAML reads that as a comment and drops it."""
        end = event.end_mark.index
        found = _HASHTAG.match(self.text, end)
        if found:
            line, col = _line_col(self.text, found.start("comment"))
            message = (
                f"`{_short(found.group('comment'))}` after the text is a YAML comment, so it is left out;"
                " put the whole text in quotes to keep it"
            )
            self.warnings.append(Diagnostic(Location(self.path, line, col), "warning", message))

    def _scalar(self, event: Any, path: Path_) -> Any:
        explicit = event.tag not in (None, "!")
        tag: str = event.tag if explicit else self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if not event.style:  # plain: None from PyYAML's parser, "" from libyaml's
            if self.record:
                self.scalars[path] = event.value
            elif " " in event.value:  # said once, on the first parse
                self._hashtag_after(event)
        if tag in _AS_TEXT:
            return event.value
        if tag not in _SCALAR_KINDS:
            raise _Refused(event.start_mark, f"unsupported tag {_tag_name(tag)}")
        if len(event.value) > MAX_NUMBER_LENGTH and _SCALAR_KINDS[tag] in ("int", "float"):
            what = f"`!!{_SCALAR_KINDS[tag]} {_short(event.value)}`" if explicit else f"`{_short(event.value)}`"
            raise _Refused(
                event.start_mark, f"{what} reads as a number {len(event.value)} characters long; quote it to keep the text"
            )
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, yaml.YAMLError):
            raise _Refused(event.start_mark, _unreadable(_SCALAR_KINDS[tag], event.value, explicit)) from None


def _unreadable(kind: str, value: str, explicit: bool) -> str:
    """Why a scalar YAML would read as `kind` cannot be one."""
    shown = _short(value)
    if explicit:
        return f"`!!{kind} {shown}` is not a valid {kind}; fix the value or remove the tag"
    if kind == "int":
        return f"`{shown}` is a number with too many digits ({len(value)}); quote it to keep the text"
    if kind == "timestamp":
        return f'`{shown}` reads as a date but is not a valid one; quote it to keep the text: "{shown}"'
    return f"`{shown}` reads as a {kind} but is not a valid one; quote it to keep the text"


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as YAML counts lines: a lone CR ends one too


def _line_col(text: str, index: int) -> tuple[int, int]:
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


def _unprintable(text: str, path: str) -> Diagnostic | None:
    """The first character YAML does not allow, located, with what it likely means."""
    found = _NON_PRINTABLE.search(text)
    if found is None:
        return None
    char = found.group()
    location = Location(path, *_line_col(text, found.start()))
    if char == "\x00":
        nuls = text.count("\x00")
        if nuls * 3 >= len(text):  # every other byte: text saved as UTF-16 with no byte-order mark
            return Diagnostic(
                location, "error", "the file holds NUL bytes between its characters: it looks like UTF-16; save it as UTF-8"
            )
        return Diagnostic(location, "error", "a NUL byte: YAML text cannot hold one; remove it")
    return Diagnostic(location, "error", f"control character U+{ord(char):04X}: YAML text cannot hold it; remove it")


def parse(text: str, path: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML document held in `text`; `path` is only for messages."""
    problem = _unprintable(text, path)
    if problem:
        return None, [problem]
    doc = Document(path=path, data=None, text=text)
    try:
        builder = _Builder(path, text)
        doc.data = builder.build(yaml.parse(text, Loader=_PARSER))
    except _Refused as exc:
        return None, [Diagnostic(Location(path, *_position(exc.mark)), "error", exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [explain(exc, text, path)]
    except yaml.YAMLError as exc:  # reader errors carry a position, not a mark; `_unprintable` catches those first
        return None, [Diagnostic(Location(path), "error", "YAML syntax: " + " ".join(str(exc).split()))]
    if doc.data is None:
        return None, [Diagnostic(Location(path), "error", "file is empty")]
    return doc, builder.warnings
