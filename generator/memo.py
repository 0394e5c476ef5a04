"""The results of the pipeline's pure steps, kept from one build to the next where a step's inputs are the same.

In `mkdocs serve`, a rebuild after one saved file reads every ladder file again.
A file whose bytes are those the last build read is not parsed and validated
again, and a family whose ladder, roles and core are the very objects the last
build resolved is not resolved again. Each step says what its result depends
on: `key`, by value, and `same`, objects by identity, which the memo holds with
the result so that no other object can take their identity. What a build did
not ask for is forgotten by the next one. Without a memo kept across builds
(`mkdocs build`, the CLI), each build has a memo of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self) -> None:
        self._last: dict[tuple, tuple[tuple, Any]] = {}
        self._now: dict[tuple, tuple[tuple, Any]] = {}

    def begin(self) -> None:
        """A build starts: what the last one asked for is all that is kept."""
        self._last, self._now = self._now, {}

    def get(self, step: str, key: Hashable, make: Callable[[], T], same: tuple = ()) -> T:
        """`make()`, or what it gave the last time `step` was asked for with this key and these very objects."""
        found = (step, key, tuple(id(thing) for thing in same))
        entry = self._now.get(found) or self._last.get(found)
        if entry is None:
            entry = (same, make())
        self._now[found] = entry
        return entry[1]
