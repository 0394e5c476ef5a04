"""The HTML files of unchanged generated pages, kept across the rebuilds of one `mkdocs serve`.

After a save, most pages come out of the theme's templates byte for byte as
before, yet MkDocs renders every one again. A page's HTML file depends on its
own HTML, title, metadata, address and edit link, and on what every page
shares: the navigation (every title and address, in order, which also gives
the sidebar, the tabs and the previous and next links), the site's settings,
the plugins' settings and the bytes of the theme's files (the organisation's,
the package's and any a plugin adds). `Outputs` keeps each generated page's
file (compressed) with a digest of all that; on the next rebuild, a page whose
digest is the same is given a template that writes the kept file back instead
of Material's (MkDocs picks the template from the page's `template` metadata
after `on_env`). Every other plugin still sees the page, and the search plugin
still indexes it. What another plugin adds to a page's template, its context
or the environment is not in the digest: with such a plugin, nothing is reused
(`reusable=False`).

`Compiled` keeps the theme's compiled templates in the same way, so a rebuild
does not compile Material's templates again (Jinja2 checks each against its
source), and `Indexed` the search plugin's entries for each unchanged page.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from typing import TYPE_CHECKING, Any

import jinja2
import material  # type: ignore[import-untyped]
import mkdocs
from markupsafe import Markup
from mkdocs.plugins import BasePlugin

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

TEMPLATE = "ladder-kept-page.html"  # writes back the kept file: not a file, a name in our own loader
VARIABLE = "ladder_kept_page"
UNSHARED = ("plugins", "watch", "nav")  # what no page's file shows (plugins are objects; nav is read from the Navigation)


_INSTALLED_TEMPLATES = {
    os.path.realpath(os.path.join(os.path.dirname(package.__file__ or ""), "templates")) for package in (material, mkdocs)
}


def _digest(*parts: object) -> bytes:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _walk(items: list) -> list[tuple[str, str | None, str | None]]:
    """Every entry of the navigation, depth first: its kind, title and address."""
    found = []
    for item in items:
        found.append((type(item).__name__, item.title, getattr(item, "url", None)))
        found += _walk(getattr(item, "children", None) or [])
    return found


def _theme_files(config: MkDocsConfig) -> list[tuple[str, bytes]]:
    """The theme's files but Material's and MkDocs' own (the organisation's custom_dir, the package's, any a plugin
    adds): each one's path and a digest of its bytes. Material's and MkDocs' change only when they are upgraded,
    which restarts the server; there are too many of them to read on every rebuild."""
    found = []
    for top in config.theme.dirs:
        if os.path.realpath(top) in _INSTALLED_TEMPLATES:
            continue
        for folder, _, names in os.walk(top):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    with open(path, "rb") as file:
                        found.append((path, hashlib.blake2b(file.read(), digest_size=16).digest()))
                except OSError:
                    continue
    return sorted(found)


def _plugin_settings(config: MkDocsConfig) -> list[tuple[str, dict]]:
    """Each plugin's settings; a hooks module is a plugin without any (its own globals are no settings)."""
    return [(name, dict(plugin.config) if isinstance(plugin, BasePlugin) else {}) for name, plugin in config.plugins.items()]


class Outputs:
    """Each generated page's HTML file of the last build, by page (src_uri), with the digest of what made it."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[bytes, bytes]] = {}
        self._shared = b""
        self._now: dict[str, bytes] = {}  # this build's digest of each generated page
        self._dest: dict[str, str] = {}  # this build's dest_uri of each generated page
        self.unchanged: dict[str, str] = {}  # the pages whose file is the last one: src_uri -> dest_uri
        self.reused = 0

    def begin(
        self,
        config: MkDocsConfig,
        nav: Navigation,
        pages: list[Page],
        html: Mapping[str, bytes],
        env: jinja2.Environment,
        reusable: bool = True,
    ) -> None:
        """Before the pages are built: give each unchanged page the template that writes its kept file back.

        `html`: a digest of each page's HTML, by src_uri (generator/packed.py holds the HTML itself);
        not `reusable`: no file is reused or kept (another plugin adds to what pages' templates show)."""
        self._now, self._dest, self.unchanged, self.reused = {}, {}, {}, 0
        if not reusable:
            self._kept = {}
            return
        settings = {key: value for key, value in config.items() if key not in UNSHARED}
        self._shared = _digest(settings, _plugin_settings(config), _theme_files(config), _walk(nav.items))
        for page in pages:
            uri = page.file.src_uri
            self._now[uri] = _digest(self._shared, page.url, page.title, page.meta, page.edit_url, html.get(uri))
            self._dest[uri] = page.file.dest_uri
            if uri in self._kept and self._kept[uri][0] == self._now[uri]:
                page.meta = {**page.meta, "template": TEMPLATE}
                self.unchanged[uri] = page.file.dest_uri
        self._kept = {uri: kept for uri, kept in self._kept.items() if uri in self._now}  # pages gone: their files too
        self.reused = len(self.unchanged)
        assert env.loader is not None
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: "{{ " + VARIABLE + " }}"}), env.loader])

    def context(self, page: Page, on_disk: bool = False) -> dict[str, Markup]:
        """What the kept-file template needs for `page`: its file, when it is reused; nothing where the file
        is `on_disk` already (generator/putback.py), so that MkDocs writes nothing."""
        if page.meta.get("template") != TEMPLATE:
            return {}
        if on_disk:
            return {VARIABLE: Markup("")}
        return {VARIABLE: Markup(zlib.decompress(self._kept[page.file.src_uri][1]).decode("utf-8"))}

    def keep(self, page: Page, output: str) -> None:
        """Keep a generated page's file, as the theme gave it, for the next rebuild."""
        uri = page.file.src_uri
        if uri in self._now and page.meta.get("template") != TEMPLATE:  # a reused file is kept already
            self._kept[uri] = (self._now[uri], zlib.compress(output.encode("utf-8"), 1))

    def kept(self) -> dict[str, str]:
        """The pages of this build whose file is the one kept: src_uri -> dest_uri."""
        return {uri: self._dest[uri] for uri, digest in self._now.items() if uri in self._kept and self._kept[uri][0] == digest}


class Compiled(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory across rebuilds (Jinja2 compiles again where a source changed)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class Indexed:
    """The search plugin's entries for each generated page, kept across rebuilds: an unchanged page is not parsed again.

    Material's search index parses every page's HTML on every build. Its entries for a page follow from
    the page's HTML, address, title and metadata and the plugin's settings, so a page whose digest of
    those is the same gets copies of its last entries instead. Without Material's index, nothing is kept.
    """

    def __init__(self) -> None:
        self._kept: dict[str, tuple[bytes, list[dict]]] = {}
        self._index: Any = None  # Material's search index of this build
        self._html: Mapping[str, bytes] = {}
        self.reused = 0

    def attach(self, config: MkDocsConfig, html: Mapping[str, bytes], unpack: Callable[[Page], None]) -> None:
        """Wrap this build's search index; `html`: the digest of each generated page's HTML, by src_uri;
        `unpack` gives a page its HTML back where it was left packed (`reusable`) and is indexed anew after all."""
        self.reused, self._index, self._html = 0, None, html
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index: Any = getattr(search, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        if index is None or add is None or not isinstance(getattr(index, "entries", None), list):
            return
        self._index = index

        def add_entry_from_context(page: Page) -> None:
            uri = page.file.src_uri
            if uri not in html:
                return add(page)
            key = self._key(page)
            kept = self._kept.get(uri)
            if kept is not None and kept[0] == key:
                index.entries.extend(dict(entry) for entry in kept[1])
                self.reused += 1
                return None
            start = len(index.entries)
            unpack(page)
            add(page)
            self._kept[uri] = (key, [dict(entry) for entry in index.entries[start:]])
            return None

        index.add_entry_from_context = add_entry_from_context

    def reusable(self, page: Page) -> bool:
        """Whether the page's entries are its last ones as things stand, so that indexing it needs no HTML."""
        kept = self._kept.get(page.file.src_uri)
        return self._index is not None and page.file.src_uri in self._html and kept is not None and kept[0] == self._key(page)

    def _key(self, page: Page) -> bytes:
        meta = {name: value for name, value in page.meta.items() if (name, value) != ("template", TEMPLATE)}  # as built
        return _digest(self._html[page.file.src_uri], page.url, page.title, meta, self._index.config)
