"""Each generated page's Markdown and HTML, compressed while they wait.

`Sources`: the Markdown, from the pipeline making it to MkDocs reading it. `Packed`: the HTML,
from MkDocs converting it to MkDocs building its file.

MkDocs converts every page before it builds any (so that each page's template
can see every other page's title), which would hold every page's HTML at once:
most of a large build's memory. Between the two, a generated page's HTML waits
here compressed (about a tenth of its size) and its Markdown, converted, is
let go; the HTML is put back just before the page's template and the search
plugin read it. A deferred page's Markdown waits as the bytes it was read from (`Held`), and
the memory built pages leave behind goes back to the system as the build goes on (`give_back`).
Serving, a page whose compressed Markdown is the bytes it was last read from, and whose conversion
is kept, is not decompressed, parsed for its front matter and digested again (`Sources.read`).
"""

from __future__ import annotations

import ctypes
import hashlib
import pickle
import zlib
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from . import ahead

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

    from .render import RenderedPage


class Packed:
    """The HTML of the pages converted and not yet built, by page (src_uri), and a digest of each.

    `across_builds` (`mkdocs serve`): a page whose HTML is the very string it was in the last build (a
    conversion kept, generator/reuse.py) is not compressed and digested again; pages the last build did
    not pack (removed, renamed) are forgotten."""

    def __init__(self, across_builds: bool = False) -> None:
        self._html: dict[str, bytes] = {}
        self.digests: dict[str, bytes] = {}  # of every page packed this build: what its HTML file depends on
        self._last: dict[str, tuple[str, bytes, bytes]] | None = {} if across_builds else None  # HTML, digest, packed
        self._now: dict[str, tuple[str, bytes, bytes]] = {}  # the same, of this build

    def begin(self) -> None:
        self._html, self.digests = {}, {}
        if self._last is not None:
            self._last, self._now = self._now or self._last, {}  # a build that packed nothing (it failed) forgets nothing

    def pack(self, page: Page) -> None:
        """Hold the page's HTML compressed; its Markdown and HTML strings go ("", not None: the title still holds)."""
        assert page.content is not None
        uri, html = page.file.src_uri, page.content
        last = None if self._last is None else self._last.get(uri)
        if last is not None and last[0] is html:
            self.digests[uri], self._html[uri] = last[1], last[2]
        else:
            data = html.encode("utf-8", "surrogatepass")
            self.digests[uri] = hashlib.blake2b(data, digest_size=16).digest()
            self._html[uri] = zlib.compress(data, 1)
        if self._last is not None:
            self._now[uri] = (html, self.digests[uri], self._html[uri])
        page.markdown, page.content = "", ""

    def drop(self, page: Page) -> None:
        """Let the page's HTML go, if it is still held (nothing needed it: its file and search entries were as last built)."""
        self._html.pop(page.file.src_uri, None)

    def unpack(self, page: Page) -> None:
        """Give the page its HTML back, for its template and the search plugin."""
        data = self._html.pop(page.file.src_uri, None)
        if data is not None:
            page.content = decompressed(data)


class Sources:
    """Each generated page's Markdown, compressed, from the pipeline making it to MkDocs reading it.

    The pipeline hands over the families' pages to make (`keep`), so a large handbook's Markdown is
    never all in memory at once; MkDocs reads a page's back through `on_page_read_source`. Across the
    rebuilds of `mkdocs serve` (`across_builds`), a family whose inputs have the last build's digest
    (generator/inputs.py) is not made again: its pages are the last build's. With many families to
    make, a worker on the second core makes those MkDocs' process has not reached (generator/ahead.py).
    """

    def __init__(self, across_builds: bool = False) -> None:
        self.across_builds = across_builds
        self._markdown: dict[str, bytes] = {}
        self._families: dict[str, list[tuple[RenderedPage, bytes]]] = {}  # digest -> its pages, Markdown apart
        self._last: dict[str, list[tuple[RenderedPage, bytes]]] = {}
        self._just_read: tuple[str, str, bytes] | None = None  # the page `read` last: its path, Markdown and bytes
        self._as_read: dict[str, AsRead] = {}  # across builds: what MkDocs read of each page's bytes, when last read
        self._read_now: dict[str, bytes] = {}  # this build: the bytes of each page read in full, until `note`
        self._same: dict[str, AsRead] = {}  # this build: the pages read as last read, until `same`
        self.made = self.reused = self.ahead = 0  # families, this build: made, as last made, made by the worker
        self.not_read = 0  # pages, this build: read as "" (`read`)

    def begin(self) -> None:
        """A new build: the last build's families are what can be reused; nothing is read yet."""
        self._markdown, self._last, self._families = {}, self._families, {}
        self._just_read = None
        self._read_now, self._same = {}, {}
        self.made = self.reused = self.ahead = self.not_read = 0

    def keep(self, families: list[tuple[str, Callable[[], list[RenderedPage]]]]) -> list[list[RenderedPage]]:
        """Each family's pages (digest, make) without their Markdown, held here compressed; made only if not kept
        from the last build."""
        todo = [make for digest, make in families if digest not in self._last]
        worker = None
        if len(todo) >= AHEAD_AT_LEAST and ahead.second_core():
            worker = ahead.Worker([str(at) for at in range(len(todo))], lambda at: pickle.dumps(_held(todo[at]), -1))
        found, at = [], 0
        try:
            for digest, make in families:
                held = self._last.get(digest)
                if held is None:
                    blob = None if worker is None else worker.take(str(at))
                    held, at, self.made = _held(make) if blob is None else pickle.loads(blob), at + 1, self.made + 1
                    self.ahead += blob is not None
                else:
                    self.reused += 1
                if self.across_builds:
                    self._families[digest] = held
                self._markdown.update((page.path, data) for page, data in held)
                found.append([page for page, _ in held])
        finally:
            if worker is not None:
                worker.stop()
        self._as_read = {path: last for path, last in self._as_read.items() if path in self._markdown}
        return found

    def __contains__(self, path: str) -> bool:
        return path in self._markdown

    def markdown(self, path: str) -> str:
        """A page's Markdown (its front matter included), as the pipeline made it."""
        return decompressed(self._markdown[path])

    def read(self, path: str, converted: Callable[[str, bytes], bool] | None = None) -> str:
        """A page's Markdown, let go here: MkDocs reads each page once a build (the bytes go on to `held_as`).

        Serving, `converted` is given where what MkDocs reads is what reaches the conversion (no other plugin
        reads or changes a page's Markdown): a page whose bytes are those it was last read from, and whose
        conversion of that Markdown (by digest) is `converted` still, reads as "": `same` has the rest."""
        if self.across_builds and converted is not None:
            if self.as_last_read(path, converted):
                self._same[path], self.not_read = self._as_read[path], self.not_read + 1
                del self._markdown[path]
                return ""
            self._read_now[path] = self._markdown[path]
        data = self._markdown.pop(path)
        text = decompressed(data)
        self._just_read = (path, text, data)
        return text

    def as_last_read(self, path: str, converted: Callable[[str, bytes], bool]) -> bool:
        """Whether `read` would read the page as "" (its bytes are those last read, `converted` holds their conversion)."""
        last = self._as_read.get(path)
        return last is not None and path in self._markdown and last.data == self._markdown[path] and converted(path, last.digest)

    def note(self, path: str, meta: Mapping[str, Any], digest: bytes) -> None:
        """What MkDocs read of a page read in full: its front matter, and the digest of the Markdown after it."""
        data = self._read_now.pop(path, None)
        if data is not None:
            self._as_read[path] = AsRead(data, pickle.dumps(meta, pickle.HIGHEST_PROTOCOL), digest)

    def same(self, path: str) -> tuple[dict[str, Any], bytes] | None:
        """A page read as "" (`read`): its front matter (a copy of its own) and the digest of its Markdown."""
        last = self._same.pop(path, None)
        return None if last is None else (pickle.loads(last.meta), last.digest)

    def held_as(self, path: str, markdown: str) -> Held | None:
        """How to have `markdown` back from the bytes the page was just read from: if it is how its Markdown ends
        (MkDocs took the front matter off, and no plugin changed the rest). Asked once, after `read`."""
        just_read, self._just_read = self._just_read, None
        if just_read is None or just_read[0] != path or not just_read[1].endswith(markdown):
            return None
        return Held(just_read[2], len(just_read[1]) - len(markdown))


class AsRead(NamedTuple):
    """What MkDocs read of a page's compressed Markdown: its front matter, pickled, and the digest of the rest."""

    data: bytes
    meta: bytes
    digest: bytes


class Held(NamedTuple):
    """Markdown held as the end, from `start`, of a page's compressed Markdown."""

    data: bytes
    start: int

    def text(self) -> str:
        return decompressed(self.data)[self.start :]


AHEAD_AT_LEAST = 4  # families to make: fewer (a rebuild after one edit), and forking costs more than it saves


def _held(make: Callable[[], list[RenderedPage]]) -> list[tuple[RenderedPage, bytes]]:
    return [(replace(page, markdown=""), compressed(page.markdown)) for page in make()]


def compressed(text: str) -> bytes:
    """Text as the bytes it waits in: fast to make (level 1), about a seventh of the Markdown's size."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def decompressed(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")


GIVE_BACK_EVERY = 1000  # generated pages built: a call takes some 20 ms; a thousand pages, some ten seconds


def give_back() -> None:
    """Return the memory that built pages' Markdown and HTML held, now freed, to the system (glibc alone).

    C's allocator keeps freed memory for the process's next allocations, but what a build allocates
    next (Python's small objects, the search plugin's index in a few large strings) mostly does not
    fit in the gaps the pages leave: without this, a large build's memory grows page by page."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):  # not glibc: nothing to do
        pass
