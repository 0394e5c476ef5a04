"""What a built page keeps, until the build's end, for MkDocs to check links to anchors: as little as it needs.

MkDocs checks every page's links to anchors only after it has built every page
(`Page.validate_anchor_links`), so each page's anchor ids and links to anchors
stay in memory to the end: in a large handbook, more than any other part of a
page. Once a generated page's file is written (`settle`):

- a link to an anchor that a page already converted this build has is dropped:
  MkDocs would find it there and say nothing; a link it would warn about, or to
  a page not yet converted, is kept and checked as before;
- its anchor ids become `Anchors`, a read-only set held as one string (a generated page's are,
  from its conversion on: generator/reuse.py);
- its front matter's values and the words every page has alike (its date, its file's name) become
  one object shared by every built page with an equal one (`Shared`): a generated page's front matter
  is mostly the same as the next one's, and it stays to the end for whatever reads it there.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Set
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

_APART = "\0"  # between ids in the string: no id has one (Markdown makes U+0000 into U+FFFD)


class Anchors(Set[str]):
    """A set of anchor ids, read-only, in a tenth of a set's memory: `in`, iteration, length and set operators."""

    __slots__ = ("_count", "_ids")

    def __init__(self, ids: Iterable[str]) -> None:
        unique = sorted(set(ids))
        self._ids = _APART + _APART.join(unique) + _APART if unique else ""
        self._count = len(unique)

    def __contains__(self, anchor: object) -> bool:
        return isinstance(anchor, str) and _APART not in anchor and f"{_APART}{anchor}{_APART}" in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids[1:-1].split(_APART) if self._count else ())

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        return f"Anchors({sorted(self)!r})"


def frozen(ids: set[str] | None) -> Set[str] | None:
    """A converted page's anchor ids as `Anchors` (as a set, each id interned, where one holds U+0000)."""
    if ids is None or not any(_APART in anchor for anchor in ids):
        return None if ids is None else Anchors(ids)
    return {sys.intern(anchor) for anchor in ids}


class Shared:
    """One object for every equal value that built pages keep: strings, and (`containers`: no other plugin acts on
    built pages, and might change one page's) lists and mappings of them."""

    def __init__(self, containers: bool = True) -> None:
        self._values: dict[tuple[str, str], Any] = {}
        self._containers = containers

    def one(self, value: Any) -> Any:
        """`value`, or an equal value met before; a value of anything but text, lists and mappings as it is."""
        if isinstance(value, str):
            key = ("", value)
        elif isinstance(value, (list, dict)) and self._containers:
            key = (type(value).__name__, repr(value))  # repr tells 1 from "1"; an object's holds its id: never shared
        else:
            return value
        return self._values.setdefault(key, value)

    def page(self, page: Page) -> None:
        page.meta = {self.one(key): self.one(value) for key, value in page.meta.items()}
        page.update_date = self.one(page.update_date)
        page.file.name = self.one(page.file.name)
        page.file.__dict__.pop("abs_dest_path", None)  # its file is written: worked out again if anything asks


def settle(page: Page, shared: Shared | None = None) -> None:
    """Keep only what MkDocs' check of anchor links at the build's end can still need of a built page, and
    (with `shared`) its front matter's values and its alike words as one object with every equal one."""
    if shared is not None:
        shared.page(page)
    links = page.links_to_anchors
    if links:
        for to_file in list(links):
            target = to_file.page
            found = None if target is None else target.present_anchor_ids
            if found is not None:
                links[to_file] = {anchor: link for anchor, link in links[to_file].items() if anchor not in found}
                if not links[to_file]:
                    del links[to_file]
    anchors = page.present_anchor_ids
    if anchors is not None and not isinstance(anchors, Anchors) and not any(_APART in anchor for anchor in anchors):
        page.present_anchor_ids = Anchors(anchors)  # type: ignore[assignment]
