"""Serving: the files of unchanged generated pages stay on disk across a rebuild instead of being made again.

Before every rebuild of `mkdocs serve`, MkDocs empties its site directory and
then writes every page's file again, making its directory again too, even where
the file comes out byte for byte as before (generator/outputs.py knows which
do). On a large handbook that is a third of a rebuild, and it grows as the
file system churns. So `PutBack`, before MkDocs empties the directory, moves the
last build's files aside, in a few renames, into a hidden directory inside it
(which MkDocs' emptying leaves alone and the server's exit removes). Once the
build knows which pages are unchanged, every directory that holds nothing but
such pages' files goes back whole, and such a file elsewhere on its own; those
pages then give MkDocs no output, so it writes nothing for them (and the line it
would log for each is not shown). What is left of the last build goes when the
build ends.

It is used only where nothing else could have changed those files: no plugin
but ours and the search plugin acts on built pages or on the built site, and
the last build ended well.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin

ASIDE = ".ladder-last-build"  # hidden: MkDocs' emptying of site_dir keeps what starts with a dot
SEARCH = ("material.plugins.search.plugin", "mkdocs.contrib.search")  # its post_build writes the index, nothing else
BUILD_LOG = logging.getLogger("mkdocs.commands.build")
SKIPPED = "Page skipped: '{}'. Generated empty output."  # what MkDocs logs for a page that gives no output


def applies(plugin: BasePlugin, config: MkDocsConfig) -> bool:
    """Whether only this plugin and the search plugin act on built pages and on the built site."""
    for event in ("post_page", "post_build", "post_template"):
        for method in config.plugins.events[event]:
            owner = getattr(method, "__self__", None)
            if owner is not plugin and type(owner).__module__ not in SEARCH:
                return False
    return True


def _plan(directory: str, prefix: str, files: set[str]) -> tuple[bool, list[str]]:
    """Whether everything under `directory` is one of `files` (and there is something), else what under it is."""
    whole, found, parts = True, False, []
    with os.scandir(directory) as entries:
        for entry in entries:
            path = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                inner, below = _plan(entry.path, path + "/", files)
            else:
                inner, below = entry.is_file(follow_symlinks=False) and path in files, []
            whole, found = whole and inner, True
            parts += [path] if inner else below
    return whole and found, parts


class _Quiet(logging.Filter):
    """Drops MkDocs' line for each page put back, which gives no output on purpose."""

    def __init__(self, uris: Iterable[str]) -> None:
        super().__init__()
        self.messages = frozenset(SKIPPED.format(uri) for uri in uris)

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno != logging.INFO or record.getMessage() not in self.messages


class PutBack:
    """The last build's files, by page (src_uri -> dest_uri), while they are on disk as the last build left them."""

    def __init__(self) -> None:
        self._on_disk: dict[str, str] = {}
        self._site: Path | None = None
        self._quiet: _Quiet | None = None
        self.put_back: frozenset[str] = frozenset()  # the pages of this build whose file is back (src_uri)

    def aside(self, site_dir: str | None) -> None:
        """Before MkDocs empties `site_dir`: move what the last build left there aside, if it ended well
        (None: this build cannot put files back)."""
        self._site, self.put_back = (Path(site_dir) if site_dir else None), frozenset()
        if self._site is None:
            self._on_disk = {}
            return
        shutil.rmtree(self._site / ASIDE, ignore_errors=True)  # a build that failed may have left one
        if not self._on_disk or not self._site.is_dir():
            return
        try:
            (self._site / ASIDE).mkdir()
            for entry in list(os.scandir(self._site)):
                if not entry.name.startswith("."):
                    os.rename(entry.path, self._site / ASIDE / entry.name)
        except OSError:  # what is not aside, MkDocs removes: the pages are written as usual
            self._on_disk = {}

    def back(self, unchanged: Mapping[str, str]) -> frozenset[str]:
        """Put back the files of the unchanged pages (src_uri -> dest_uri) that are as last built; return those pages."""
        files = {dest for uri, dest in unchanged.items() if self._on_disk.get(uri) == dest}
        self._on_disk = {}  # until this build ends well
        if self._site is None or not files or not (self._site / ASIDE).is_dir():
            return frozenset()
        site, aside = self._site, self._site / ASIDE
        back: set[str] = set()
        try:
            for part in _plan(str(aside), "", files)[1]:
                (site / part).parent.mkdir(parents=True, exist_ok=True)
                os.rename(aside / part, site / part)
                back.add(part)
        except OSError:  # the rest are written as usual
            pass
        self.put_back = frozenset(uri for uri, dest in unchanged.items() if dest in files and _under(dest, back))
        self._quiet = _Quiet(self.put_back)
        BUILD_LOG.addFilter(self._quiet)
        return self.put_back

    def done(self, written: Mapping[str, str]) -> None:
        """The build ended well: `written` (src_uri -> dest_uri) are on disk as kept; the rest of the last build goes."""
        eligible = self._site is not None  # not where another plugin may have changed the files (`applies`)
        self._finish()
        self._on_disk = dict(written) if eligible else {}

    def failed(self) -> None:
        """The build failed: what is on disk is not known to be as kept. Where it failed before anything was
        written, the last build's files go back, so the server goes on serving the last site (MkDocs alone
        would have left its directory emptied); the browser reloads at the next build that succeeds."""
        self._on_disk = {}
        if self._site is not None and (self._site / ASIDE).is_dir():
            try:
                if not any(not entry.name.startswith(".") for entry in os.scandir(self._site)):
                    for entry in list(os.scandir(self._site / ASIDE)):
                        os.rename(entry.path, self._site / entry.name)
            except OSError:
                pass
        self._finish()

    def _finish(self) -> None:
        if self._quiet is not None:
            BUILD_LOG.removeFilter(self._quiet)
            self._quiet = None
        if self._site is not None:
            shutil.rmtree(self._site / ASIDE, ignore_errors=True)
            self._site = None


def _under(dest: str, moved: set[str]) -> bool:
    """Whether `dest` or one of its directories is among the paths moved back."""
    parts = dest.split("/")
    return any("/".join(parts[:i]) in moved for i in range(1, len(parts) + 1))
