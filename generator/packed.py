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

    def unpack(self, page: Page) -> None:
        """Give the page its HTML back, for its template and the search plugin."""
        data = self._html.pop(page.file.src_uri, None)
        if data is not None:
            page.content = zlib.decompress(data).decode("utf-8", "surrogatepass")


class Sources:
    """Each generated page's Markdown, compressed, from the pipeline making it to MkDocs reading it.

    The pipeline hands over each family's pages as it makes them (`keep`), so a large handbook's
    Markdown is never all in memory at once; MkDocs reads a page's back through `on_page_read_source`.
    """

    def __init__(self) -> None:
        self._markdown: dict[str, bytes] = {}

    def keep(self, page: RenderedPage) -> RenderedPage:
        """Hold the page's Markdown compressed; the page goes on without it."""
        self._markdown[page.path] = zlib.compress(page.markdown.encode("utf-8", "surrogatepass"), 1)
        return replace(page, markdown="")

    def __contains__(self, path: str) -> bool:
        return path in self._markdown

    def markdown(self, path: str) -> str:
        """A page's Markdown (its front matter included), as the pipeline made it."""
        return zlib.decompress(self._markdown[path]).decode("utf-8", "surrogatepass")

    def read(self, path: str) -> str:
        """A page's Markdown, let go here: MkDocs reads each page once a build."""
        return zlib.decompress(self._markdown.pop(path)).decode("utf-8", "surrogatepass")
