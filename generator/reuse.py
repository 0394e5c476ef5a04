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
- `convert_ahead` forks one worker that converts the last half of the pages to
  convert while MkDocs converts the first half itself; the worker's results
  join `Kept` and are used only where the Markdown MkDocs then reads is the
  Markdown the worker converted, so a plugin that changes a page's Markdown
  gets that page converted as usual. The worker logs nothing: a warning it met
  is said again when its page is used, as when a kept page is reused.

The conversion itself is always MkDocs' own `Page.render`, so the HTML is the
same bytes whichever process made it and whenever; the generated pages' raw HTML
blocks are set aside before its HTML parser would walk them tag by tag
(generator/rawblocks.py), which leaves the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import pickle
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from . import rawblocks

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.toc import TableOfContents

Source = Callable[["File"], str]  # a file's Markdown, its front matter included
AHEAD_AT_LEAST = 64  # fewer pages to convert than this (a rebuild after one edit): forking costs more than it saves
WORKERS = "LADDER_WORKERS"  # environment: 1 converts every page in MkDocs' own process (to measure what the worker saves)


class Converted(NamedTuple):
    """What `Page.render` leaves on a page whose Markdown has the digest `digest`."""

    digest: bytes
    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # links to anchors in other files, by the linked file's src_uri
    said: tuple[tuple[str, int, str], ...]  # (logger, level, message): the warnings the conversion logged


def converting(config: MkDocsConfig) -> MkDocsConfig:
    """The configuration generated pages are converted with: MkDocs' own, with generator/rawblocks.py's extension."""
    found = copy.copy(config)
    found["markdown_extensions"] = [*config["markdown_extensions"], rawblocks.RawBlocks()]
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
    page.present_anchor_ids = None if kept.anchors is None else set(kept.anchors)
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
    """What every conversion depends on besides the page's own Markdown."""
    published = sorted((f.src_uri, f.dest_uri, f.url) for f in files)
    return digest(repr((config.markdown_extensions, config.mdx_configs, config.use_directory_urls, published)))


class Kept:
    """Conversions by page (src_uri): made ahead by a worker, or, in `mkdocs serve`, by an earlier build."""

    def __init__(self, across_builds: bool) -> None:
        self.across_builds = across_builds
        self._by_page: dict[str, Converted] = {}
        self._context = b""
        self.config: MkDocsConfig | None = None  # this build's, to convert with (`converting`)
        self._ahead: _Worker | None = None
        self._made_ahead: dict[str, bytes] = {}  # each a compressed pickle: not every page's HTML at once
        # this build's pages: kept from the last build, made by the worker, converted here
        self.reused = self.ahead = self.converted = 0

    def begin(self, config: MkDocsConfig, files: Files) -> None:
        """A build starts: forget every conversion if what they depend on has changed."""
        context, self.config = _context(config, files), converting(config)
        if context != self._context or not self.across_builds:
            self._by_page.clear()
            self._context = context
        self.reused = self.ahead = self.converted = 0

    def holds_any(self) -> bool:
        """Whether conversions of an earlier build are kept."""
        return bool(self._by_page)

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """`Page.render`, unless a conversion of the same Markdown is kept or was made ahead."""
        uri = page.file.src_uri
        if self._ahead is not None and uri in self._ahead.uris:
            self._made_ahead = self._ahead.results()
            self._ahead = None
        assert page.markdown is not None
        key = digest(page.markdown)
        blob, kept = self._made_ahead.pop(uri, None), self._by_page.get(uri)
        ahead = None if blob is None else _unpacked(blob)
        if ahead is not None and ahead.digest == key:
            _apply(page, ahead, files)
            kept, self.ahead = ahead, self.ahead + 1
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
        self._made_ahead = {}


def convert_ahead(kept: Kept, files: list[File], config: MkDocsConfig, every: Files, source: Source) -> None:
    """Start a worker converting the last half of `files`; not on a rebuild that kept conversions (an edit changes few pages)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if kept.holds_any() or len(files) < AHEAD_AT_LEAST or cores < 2 or os.environ.get(WORKERS) == "1":
        return
    kept.finish()
    kept._ahead = _Worker(
        files[len(files) // 2 :], kept.config or converting(config), every, source
    )  # the parent's half first: it starts at once


class _Worker:
    """A forked process converting some pages' Markdown, its results read back through a pipe."""

    def __init__(self, files: list[File], config: MkDocsConfig, every: Files, source: Source) -> None:
        self.uris = frozenset(file.src_uri for file in files)
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the worker: convert, send, and leave without running the parent's exit handlers
            os.close(read)
            _work(files, config, every, source, write)
        os.close(write)
        self._pipe = os.fdopen(read, "rb")

    def results(self) -> dict[str, bytes]:
        """Its conversions (none if it failed), once it has sent them all."""
        try:
            found = pickle.load(self._pipe)
        except (EOFError, pickle.UnpicklingError):
            found = {}
        self.stop()
        return found if isinstance(found, dict) else {}

    def stop(self) -> None:
        self._pipe.close()
        try:
            os.kill(self.pid, 9)  # done by now, or no longer wanted
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _work(files: list[File], config: MkDocsConfig, every: Files, source: Source, write: int) -> None:
    """In the worker: convert each file's page; what goes wrong leaves the page to the parent."""
    status = 1
    try:
        logger = logging.getLogger("mkdocs")
        logger.handlers, logger.propagate = [], False  # the parent says the warnings, when it uses the page
        found: dict[str, bytes] = {}
        for file in files:
            page = file.page if file.page is not None else Page(None, file, config)
            page.markdown, page.meta = get_data(source(file))
            try:
                found[file.src_uri] = zlib.compress(pickle.dumps(convert(page, config, every), pickle.HIGHEST_PROTOCOL), 1)
            except Exception:  # MkDocs, converting it again in the parent, reports the error
                continue
            finally:
                page.markdown = page.content = None  # sent: the worker holds no page's HTML but compressed
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(found, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)
