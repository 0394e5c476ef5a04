"""Each generated page's Markdown and HTML, compressed while they wait.

`Sources`: the Markdown, from the pipeline making it to MkDocs reading it. `Packed`: the HTML,
from MkDocs converting it to MkDocs building its file.

MkDocs converts every page before it builds any (so that each page's template
can see every other page's title), which would hold every page's HTML at once:
most of a large build's memory. Between the two, a generated page's HTML waits
here compressed (about a tenth of its size) and its Markdown, converted, is
let go; the HTML is put back just before the page's template and the search
plugin read it.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

    from .render import RenderedPage


class Packed:
    """The HTML of the pages converted and not yet built, by page (src_uri), and a digest of each."""

    def __init__(self) -> None:
        self._html: dict[str, bytes] = {}
        self.digests: dict[str, bytes] = {}  # of every page packed this build: what its HTML file depends on

    def begin(self) -> None:
        self._html, self.digests = {}, {}

    def pack(self, page: Page) -> None:
        """Hold the page's HTML compressed; its Markdown and HTML strings go ("", not None: the title still holds)."""
        assert page.content is not None
        data = page.content.encode("utf-8", "surrogatepass")
        self.digests[page.file.src_uri] = hashlib.blake2b(data, digest_size=16).digest()
        self._html[page.file.src_uri] = zlib.compress(data, 1)
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

    The pipeline hands over each family's pages to make (`keep`), so a large handbook's Markdown is
    never all in memory at once; MkDocs reads a page's back through `on_page_read_source`. Across the
    rebuilds of `mkdocs serve` (`across_builds`), a family whose inputs have the last build's digest
    (generator/inputs.py) is not made again: its pages are the last build's.
    """

    def __init__(self, across_builds: bool = False) -> None:
        self.across_builds = across_builds
        self._markdown: dict[str, bytes] = {}
        self._families: dict[str, list[tuple[RenderedPage, bytes]]] = {}  # digest -> its pages, Markdown apart
        self._last: dict[str, list[tuple[RenderedPage, bytes]]] = {}
        self.made = self.reused = 0  # families, this build

    def begin(self) -> None:
        """A new build: the last build's families are what can be reused; nothing is read yet."""
        self._markdown, self._last, self._families = {}, self._families, {}
        self.made = self.reused = 0

    def keep(self, digest: str, make: Callable[[], list[RenderedPage]]) -> list[RenderedPage]:
        """A family's pages without their Markdown, held here compressed; made only if not kept from the last build."""
        held = self._last.get(digest)
        if held is None:
            held = [(replace(page, markdown=""), compressed(page.markdown)) for page in make()]
            self.made += 1
        else:
            self.reused += 1
        if self.across_builds:
            self._families[digest] = held
        self._markdown.update((page.path, data) for page, data in held)
        return [page for page, _ in held]

    def __contains__(self, path: str) -> bool:
        return path in self._markdown

    def markdown(self, path: str) -> str:
        """A page's Markdown (its front matter included), as the pipeline made it."""
        return decompressed(self._markdown[path])

    def read(self, path: str) -> str:
        """A page's Markdown, let go here: MkDocs reads each page once a build."""
        return decompressed(self._markdown.pop(path))


def compressed(text: str) -> bytes:
    """Text as the bytes it waits in: fast to make (level 1), about a seventh of the Markdown's size."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def decompressed(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")
