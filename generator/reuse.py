"""Converting each generated page's Markdown once: kept across the rebuilds of `mkdocs serve`, made ahead on a second core.

MkDocs converts every page's Markdown to HTML on every build, and that is most
of a build's time. A generated page's HTML depends only on its Markdown, the
Markdown extensions and their options, and where every file of the site is
published (links are made relative to the page). So:

- `Kept` holds, by page, what MkDocs' `Page.render` left on it (HTML, table of
  contents, title, anchors, the warnings it logged) with a digest of the
  Markdown it came from. In `mkdocs serve` it keeps them from one rebuild to
  the next: a page whose Markdown is the same is not converted again. It
  forgets everything when the extensions, their options or the set of files
  change. In `mkdocs build` it keeps nothing past the page it is for.
- `convert_ahead` forks a worker that converts pages ahead of MkDocs, on the
  second core (generator/ahead.py); its results are used only where the
  Markdown MkDocs then reads is the Markdown the worker converted, so a plugin
  that changes a page's Markdown gets that page converted as usual. The worker
  logs nothing: a warning it met is said again when its page is used, as when a
  kept page is reused.

The conversion itself is always MkDocs' own `Page.render`, so the HTML is the
same bytes whichever process made it and whenever; the generated pages' raw HTML
blocks are set aside before its HTML parser would walk them tag by tag
(generator/rawblocks.py), which leaves the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import pickle
import zlib
from collections.abc import Callable, Set
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from . import ahead, anchors, listitems, packed, rawblocks

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.toc import TableOfContents

Source = Callable[["File"], str]  # a file's Markdown, its front matter included
AHEAD_AT_LEAST = 64  # fewer pages to convert than this, and forking costs more than it saves
AHEAD_REBUILD_AT_LEAST = 8  # the same, on a rebuild (whose fork costs less than the first build's)
NO_TOC = get_toc([])  # what a page's table of contents is once nothing will show it


class Converted(NamedTuple):
    """What `Page.render` leaves on a page whose Markdown has the digest `digest`."""

    digest: bytes
    content: str
    toc: TableOfContents
    title: str | None
    anchors: Set[str] | None  # read-only (generator/anchors.py): one object for the page of every build that reuses it
    links: dict[str, dict[str, str]] | None  # links to anchors in other files, by the linked file's src_uri
    said: tuple[tuple[str, int, str], ...]  # (logger, level, message): the warnings the conversion logged


def converting(config: MkDocsConfig, extension: rawblocks.RawBlocks | None = None) -> MkDocsConfig:
    """The configuration generated pages are converted with: MkDocs' own, with generator/rawblocks.py's extension
    (and its lists made of items converted once, generator/listitems.py): `extension`, with what it found,
    where the last build's extensions and their options are the same."""
    found = copy.copy(config)
    if extension is None:
        extension = rawblocks.RawBlocks(listitems.of(config["markdown_extensions"], config["mdx_configs"] or {}))
    found["markdown_extensions"] = [*config["markdown_extensions"], extension]
    return found


def digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _Heard(logging.Handler):
    """The warnings logged under `mkdocs` while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def convert(page: Page, config: MkDocsConfig, files: Files) -> Converted:
    """MkDocs' own conversion of `page.markdown`, and what it left on the page."""
    assert page.markdown is not None
    heard = _Heard()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(heard)
    try:
        Page.render(page, config, files)
    finally:
        logger.removeHandler(heard)
    assert page.content is not None
    page.present_anchor_ids = anchors.frozen(page.present_anchor_ids)  # type: ignore[assignment]
    links = page.links_to_anchors
    return Converted(
        digest(page.markdown),
        page.content,
        page.toc,
        page._title_from_render,
        page.present_anchor_ids,
        None if links is None else {file.src_uri: dict(found) for file, found in links.items()},
        tuple(heard.records),
    )


def _apply(page: Page, kept: Converted, files: Files) -> None:
    """Leave on `page` what converting its Markdown would, the warnings said again."""
    page.content, page.toc, page._title_from_render = kept.content, kept.toc, kept.title
    page.present_anchor_ids = kept.anchors  # type: ignore[assignment]
    if kept.links is not None:
        targets = {uri: files.get_file_from_path(uri) for uri in kept.links}
        page.links_to_anchors = {file: dict(kept.links[uri]) for uri, file in targets.items() if file is not None}
    for name, level, message in kept.said:
        logging.getLogger(name).log(level, message)


def _unpacked(blob: bytes) -> Converted | None:
    try:
        found = pickle.loads(zlib.decompress(blob))
    except (zlib.error, pickle.UnpicklingError, EOFError):
        return None
    return found if isinstance(found, Converted) else None


def _context(config: MkDocsConfig, files: Files) -> bytes:
    """What every conversion depends on besides the page's own Markdown: the extensions, how links are written and
    checked (which warnings it replays), and every file's address and inclusion (a link to a draft warns)."""
    settings = (config.markdown_extensions, config.mdx_configs, config.use_directory_urls, config.validation)
    found = hashlib.blake2b(repr(settings).encode(), digest_size=16)
    for file in sorted(files, key=lambda f: f.src_uri):  # a file at a time: a large site's list would be megabytes
        found.update(repr((file.src_uri, file.dest_uri, file.url, file.inclusion)).encode("utf-8", "surrogatepass"))
    return found.digest()


class Kept:
    """Conversions by page (src_uri): made ahead by a worker, or, in `mkdocs serve`, by an earlier build.

    `defer`: convert a page not when MkDocs reads it but just before its template (`complete`), its
    Markdown held compressed until then, so that a page's HTML exists only while its file is built and
    the worker converts while MkDocs builds other pages. The plugin defers in `mkdocs build` when no
    other plugin reads pages' HTML as it is converted (their `on_page_content` would see none)."""

    def __init__(self, across_builds: bool) -> None:
        self.across_builds = across_builds
        self.defer = False
        self._by_page: dict[str, Converted] = {}
        self._context = b""
        self._extension: rawblocks.RawBlocks | None = None
        self.config: MkDocsConfig | None = None  # this build's, to convert with (`converting`)
        self._ahead: ahead.Worker | None = None
        self._waiting: dict[str, packed.Held] = {}  # deferred: each page's Markdown, compressed, until `complete`
        self.sources: packed.Sources | None = None  # where a page's Markdown, as read, can be had back from
        # this build's pages: kept from the last build, made by the worker, converted here
        self.reused = self.ahead = self.converted = 0

    def begin(self, config: MkDocsConfig, files: Files) -> None:
        """A build starts: forget every conversion if what they depend on has changed."""
        context = _context(config, files)
        if context != self._context or not self.across_builds:
            self._by_page.clear()
            self._context, self._extension = context, None
        self.config = converting(config, self._extension)
        if self.across_builds:  # the blocks and list items it found hold for the next build, if its extensions are the same
            self._extension = self.config["markdown_extensions"][-1]
        self.reused = self.ahead = self.converted = 0
        self._waiting = {}

    def holds_any(self) -> bool:
        """Whether conversions of an earlier build are kept."""
        return bool(self._by_page)

    def holds(self, uri: str, digest: bytes) -> bool:
        """Whether the conversion kept for the page is of the Markdown with this digest."""
        kept = self._by_page.get(uri)
        return kept is not None and kept.digest == digest

    def render(self, page: Page, known: bytes | None, config: MkDocsConfig, files: Files) -> None:
        """`Page.render`, unless a conversion of the same Markdown is kept or was made ahead; deferred, later.
        `known`: the digest of the page's Markdown, where it was not read again (generator/packed.py's `same`)."""
        assert page.markdown is not None
        if self.defer and "title" in page.meta:  # the title other pages show of it is known without converting it
            held = None if self.sources is None else self.sources.held_as(page.file.src_uri, page.markdown)
            self._waiting[page.file.src_uri] = held or packed.Held(packed.compressed(page.markdown), 0)
            page.markdown, page.content = "", ""
            return
        self._render(page, config, files, known)

    def waiting(self, page: Page) -> bool:
        """Whether the page's conversion waits for its template (`defer`)."""
        return page.file.src_uri in self._waiting

    def complete(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """A deferred page's conversion, before its template is rendered (nothing for a page converted already)."""
        data = self._waiting.pop(page.file.src_uri, None)
        if data is not None:
            page.markdown = data.text()
            self._render(page, config, files)

    def _render(self, page: Page, config: MkDocsConfig, files: Files, known: bytes | None = None) -> None:
        uri = page.file.src_uri
        assert page.markdown is not None
        key = known or digest(page.markdown)
        if known is None and self.sources is not None:
            self.sources.note(uri, page.meta, key)
        blob, kept = None if self._ahead is None else self._ahead.take(uri), self._by_page.get(uri)
        made = None if blob is None else _unpacked(blob)
        if made is not None and made.digest == key:
            _apply(page, made, files)
            kept, self.ahead = made, self.ahead + 1
        elif kept is not None and kept.digest == key:
            _apply(page, kept, files)
            self.reused += 1
        else:
            kept, self.converted = convert(page, self.config or converting(config), files), self.converted + 1
        if self.across_builds:
            self._by_page[uri] = kept
        else:
            self._by_page.pop(uri, None)  # a build: nothing is held past its page

    def finish(self) -> None:
        """A build ended (or failed): a worker still running is stopped."""
        if self._ahead is not None:
            self._ahead.stop()
            self._ahead = None
        self._waiting = {}


def convert_ahead(
    kept: Kept, files: list[File], config: MkDocsConfig, every: Files, source: Source, todo: Callable[[File], bool] | None
) -> None:
    """Start a worker converting `files` ahead of MkDocs (generator/ahead.py), not on one core. On a rebuild
    that kept conversions, only those `todo` tells will need converting (an edit changes few pages); none
    if it cannot tell."""
    if kept.holds_any():
        files = [file for file in files if todo is not None and todo(file)]
    if len(files) < (AHEAD_AT_LEAST if not kept.holds_any() else AHEAD_REBUILD_AT_LEAST) or not ahead.second_core():
        return
    kept.finish()
    kept._ahead = ahead.Worker(
        [file.src_uri for file in files], partial(_work, files, kept.config or converting(config), every, source)
    )


def _work(files: list[File], config: MkDocsConfig, every: Files, source: Source, index: int) -> bytes:
    """In the worker: one file's page converted, compressed; its warnings are said by the parent, when it uses the page."""
    logger = logging.getLogger("mkdocs")
    logger.handlers, logger.propagate = [], False
    file = files[index]
    page = file.page if file.page is not None else Page(None, file, config)
    page.markdown, page.meta = get_data(source(file))
    try:
        return zlib.compress(pickle.dumps(convert(page, config, every), pickle.HIGHEST_PROTOCOL), 1)
    finally:  # sent: the worker holds nothing of the page it made
        page.markdown = page.content = page.present_anchor_ids = page.links_to_anchors = None
        page.toc, page._title_from_render = NO_TOC, None
