"""The MkDocs plugin: a thin adapter from MkDocs events to the pipeline.

Lifecycle, in the order MkDocs calls it:
- `on_config`: load, validate, resolve and render `ladders/` once per build;
  in `mkdocs serve`, a family whose inputs are unchanged (generator/inputs.py)
  keeps the pages the last build made of it (generator/packed.py).
  Invalid ladders stop the build here with the same located errors as
  `ladder check`; the generated sections (the guides `nav` does not already
  place, then the job families) are appended to `nav` so MkDocs validates
  them like hand-written entries. An empty `site_name` becomes the
  organisation's handbook title, as text. The package's theme directory
  (generator/assets.py, added by generator/configure.py) joins the theme's, after the organisation's
  custom_dir, its stylesheet and script join extra_css/extra_javascript, and
  the Markdown extensions the pages are written for join markdown_extensions.
- `on_files`: add the rendered pages in memory (`File.generated`, never
  written into `docs_dir`, which would make `mkdocs serve` loop), each with an
  edit link to the YAML file it came from. A hand-written page at a guide's
  path takes the guide's place; any other hand-written file published at the
  address of a generated page (or at a directory of one) stops the build
  with a located error (generator/clashes.py). `on_pre_build` runs the same
  check first, because MkDocs empties site_dir between the two; serving, it
  also moves the last build's files aside first (generator/putback.py).
- `on_nav` / `on_page_context`: a page inside a family shows only that family
  in the sidebar (generator/sidebar.py), so pages do not grow with the
  organisation. `on_nav` also starts a worker converting generated pages'
  Markdown on the second core, ahead of MkDocs (generator/ahead.py).
- `on_page_markdown`: a generated page is converted through `reuse.Kept`,
  which uses the worker's HTML, or in `mkdocs serve` the last build's, where
  the page's Markdown is the same (serving, a page whose Markdown is the bytes
  last read is not even read again). `on_startup` makes MkDocs keep this plugin,
  and so those conversions, from one rebuild to the next. In `mkdocs build`,
  unless another plugin reads pages' HTML as they are converted, conversion
  waits, the Markdown compressed, until `on_page_context`, just before the
  page's template: the worker converts while MkDocs builds other pages, and no
  page's HTML is held longer than it takes to write its file.
- `on_env` (serving only): a generated page whose HTML file would come out
  as in the last build is written back from it (generator/outputs.py), or
  left on disk where it was (generator/putback.py), its search entries are
  those of the last build, and the theme's templates are not compiled again.
- `on_page_content` / `on_page_context` / `on_post_page`: converted as MkDocs
  reads it (serving, or beside another plugin), a generated page's Markdown
  goes once converted, and its HTML waits compressed from then until its
  template is rendered (generator/packed.py). Either way its HTML and table of
  contents go once its file is made: a build does not hold every page's
  Markdown and HTML at once.
  `on_post_page`, after the search plugin has indexed a role-level page, also
  gives each expectation indexed there a search entry of its own, at its anchor
  (generator/search_entries.py).
- `on_serve`: watch `ladders/` so saving a YAML file rebuilds and reloads.
"""

from __future__ import annotations

import gc
import logging
import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, get_files

from . import anchors, clashes, collect, configkeys, configure, language, outputs, packed, putback, reuse, search_entries
from .errors import errors_of, shown_path, warnings_of
from .memo import Memo
from .paths import FAMILIES, nav_pages
from .pipeline import generate
from .render import RenderedPage
from .sidebar import Sidebar

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkPage
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.ladder")


class LadderConfig(Config):
    ladders = c.Type(str, default="ladders")
    """The directory holding handbook.yml, families/ and roles/, relative to mkdocs.yml."""


def _search_entries(config: MkDocsConfig) -> list[dict]:
    """The search plugin's index entries so far ([] without Material's search)."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    entries = getattr(getattr(search, "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else []


def _others_hook(plugin: BasePlugin, config: MkDocsConfig, *events: str) -> bool:
    """Whether another plugin (or hooks module) acts on these events: "page_content", it reads pages' HTML as MkDocs
    converts them (then conversion cannot wait for the template), and it may read their Markdown; "page_read_source",
    "page_markdown", pages' Markdown; "env", "page_context", what pages' templates show (the search plugin's
    indexing aside, which `outputs.Indexed` follows)."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    return any(
        getattr(method, "__self__", None) not in (plugin, search) for event in events for method in config.plugins.events[event]
    )


class LadderPlugin(BasePlugin[LadderConfig]):
    def __init__(self) -> None:
        self.pages: list[RenderedPage] = []
        self.root = Path("ladders")
        self.sidebar: Sidebar | None = None
        self.other_families = ""
        self.generated: frozenset[str] = frozenset()  # the src_uri of every generated page of this build
        self.search: dict[str, tuple[search_entries.Entry, ...]] = {}  # src_uri -> its expectations' own entries
        self.indexed_from = 0  # the search entries before the page being built
        self.kept = reuse.Kept(across_builds=False)
        self.outputs: outputs.Outputs | None = None  # serving: the last build's HTML files
        self.putback: putback.PutBack | None = None  # serving: those files, left on disk
        self.compiled = outputs.Compiled()
        self.indexed = outputs.Indexed()
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.packed = packed.Packed()
        self.built, self.shared = 0, anchors.Shared()
        self.others_read_markdown = True  # another plugin reads or changes pages' Markdown
        self.sources = packed.Sources()  # the generated pages' Markdown, until MkDocs reads it
        self.memo: Memo | None = None  # serving: what the last build made of files and families that are the same
        self.collector = collect.Collector()  # serving: no cycle collection in the middle of a rebuild
        self.language_said = False  # serving: the note on theme.language is said on the first build, not each rebuild

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keep conversions and files across rebuilds when serving (defining this event keeps the plugin alive across them)."""
        self.kept = reuse.Kept(across_builds=command == "serve")
        self.sources = packed.Sources(across_builds=command == "serve")
        self.outputs = outputs.Outputs() if command == "serve" else None
        self.packed = packed.Packed(across_builds=command == "serve")
        self.putback = putback.PutBack() if command == "serve" and not dirty else None
        self.memo = Memo() if command == "serve" else None

    @event_priority(100)  # first: the search plugin's on_config reads Material's words in theme.language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check mkdocs.yml's keys and theme.language; check and render the ladders; add their sections to the navigation."""
        if problem := configkeys.duplicate_key(config.config_file_path) or language.problem(config):  # before anything is begun
            raise PluginError(problem)
        if not self.language_said and (said := language.note(config)):
            log.info(said)
        self.language_said = True
        self.root = shown_path((Path(config.config_file_path).parent / self.config.ladders).resolve())
        listed = nav_pages(config.nav)
        self.sources.begin()
        if self.memo is not None:
            self.memo.begin()
        if self.kept.across_builds and self.kept.holds_any():  # a rebuild: cycles are collected once it is over
            self.collector.pause()
        generated = generate(self.root, config.theme["language"] or "en", listed, self.sources.keep, self.memo)
        if not self.kept.holds_any():  # not on a rebuild, whose collection would walk every page kept
            gc.collect()  # the ladders as read and resolved, in cycles, go now: MkDocs' pages and nav take their place
        self.pages, generated_nav, diagnostics = generated.pages, generated.nav, generated.diagnostics
        for warning in warnings_of(diagnostics):
            log.warning(str(warning))
        if errors_of(diagnostics):
            raise PluginError("ladders are invalid:\n" + "\n".join(str(d) for d in errors_of(diagnostics)))
        config.nav = list(config.nav or []) + generated_nav
        if not config.site_name.strip():  # Material writes site_name as HTML: the organisation's name is text
            config.site_name = Markup.escape(generated.title)
        self.other_families = generated.other_families
        configure.add_to(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Refuse clashing pages before MkDocs empties site_dir, so a refused build keeps the old site."""
        clashes.refuse(self.pages, get_files(config), config)
        if self.putback is not None:  # serving: before MkDocs empties site_dir, the last build's files move aside
            self.putback.aside(config.site_dir if putback.applies(self, config) else None)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages in memory, with edit links pointing at their YAML."""
        clashes.refuse(self.pages, files, config)  # again: another plugin may have added files since
        docs_dir = Path(config.docs_dir).resolve()
        edit_uris: dict[str, str] = {}  # one per YAML file, not per page
        pages = clashes.ours(self.pages, files)
        for page in pages:
            file = File.generated(config, page.path, content=page.markdown)
            if page.source:
                if page.source not in edit_uris:
                    edit_uris[page.source] = Path(os.path.relpath(Path(page.source).resolve(), docs_dir)).as_posix()
                file.edit_uri = edit_uris[page.source]
            files.append(file)
        self.generated = frozenset(page.path for page in pages)
        self.search = {page.path: page.search for page in pages if page.search}
        self.pages = []  # their Markdown lives on in the files alone, until each page is read
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Each family's sidebar; a worker starts converting generated pages."""
        self.sidebar, self.nav, self.files = Sidebar(nav, FAMILIES, self.other_families), nav, files
        self.kept.begin(config, files)
        self.kept.defer = self.outputs is None and not _others_hook(self, config, "page_content")
        self.others_read_markdown = _others_hook(self, config, "page_read_source", "page_markdown", "page_content")
        self.kept.sources = self.sources
        self.packed.begin()
        self.built, self.shared = 0, anchors.Shared(not _others_hook(self, config, "post_page"))  # files made; kept alike
        ours = [f for f in files.documentation_pages() if f.src_uri in self.generated]
        reuse.convert_ahead(self.kept, ours, config, files, self._source, None if self.others_read_markdown else self._todo)
        return nav

    def _todo(self, file: File) -> bool:
        """Whether a generated page will be converted on this rebuild: a family's whose Markdown is not as last read."""
        return file.src_uri in self.sources and not self.sources.as_last_read(file.src_uri, self.kept.holds)

    def _source(self, file: File) -> str:
        """A generated file's Markdown: the pipeline's for a family's pages, else the file's own."""
        return self.sources.markdown(file.src_uri) if file.src_uri in self.sources else file.content_string

    def on_page_read_source(self, *, page: MkPage, config: MkDocsConfig) -> str | None:
        """A family's page is read from the pipeline's compressed Markdown, which it then lets go (as "", serving,
        where it is what was last read and converted, and no other plugin reads it: generator/packed.py)."""
        if page.file.src_uri not in self.sources:
            return None
        return self.sources.read(page.file.src_uri, None if self.others_read_markdown else self.kept.holds)

    @event_priority(-100)  # last: other plugins' Markdown is what is converted
    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        """Convert a generated page through the kept conversions; let its file's copy of the Markdown go."""
        if page.file.src_uri in self.generated:
            same = self.sources.same(page.file.src_uri)  # read as "": its front matter and the digest of the rest
            if same is not None:
                page.meta = same[0]
            page.render = partial(self.kept.render, page, None if same is None else same[1])  # type: ignore[method-assign]
            if page.file.content_string:  # a guide's (a family's page was read from self.sources)
                page.file.content_string = ""
        return markdown

    @event_priority(-100)  # last: every other plugin has seen the HTML
    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        """Hold a generated page's HTML compressed until its file is built."""
        if page.file.src_uri in self.generated and not self.kept.waiting(page):
            page.content = html
            self.packed.pack(page)
        return page.content or ""

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Serving: unchanged pages get the template that writes their last file back; compiled templates are kept."""
        if self.outputs is not None and self.nav is not None:
            env.bytecode_cache = self.compiled
            ours = [f.page for f in files.documentation_pages() if f.src_uri in self.generated and f.page is not None]
            reusable = not _others_hook(self, config, "env", "page_context")
            self.outputs.begin(config, self.nav, ours, self.packed.digests, env, reusable)
            if self.putback is not None:
                self.putback.back(self.outputs.unchanged)
            self.indexed.attach(config, self.packed.digests if reusable else {}, self.packed.unpack)
        return env

    @event_priority(100)  # first: the search plugin reads the HTML put back here
    def on_page_context(
        self, context: TemplateContext, *, page: MkPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Put a generated page's HTML back; a family's pages get a sidebar of that family alone (a reused page, its last file)."""
        if self.files is not None:
            self.kept.complete(page, config, self.files)
        on_disk = self.putback is not None and page.file.src_uri in self.putback.put_back
        kept_file = self.outputs.context(page, on_disk) if self.outputs is not None else {}
        if not (kept_file and self.indexed.reusable(page)):  # else its file and search entries are as last built:
            self.packed.unpack(page)  # its HTML stays packed (the search index unpacks it if it must index it after all)
        self.indexed_from = len(_search_entries(config))  # where the search plugin, next, appends this page's
        if self.sidebar is not None:
            context["nav"] = self.sidebar.for_page(page)
        context.update(kept_file)  # type: ignore[typeddict-item]
        return context

    @event_priority(100)  # first: the file kept is the theme's, which other plugins' on_post_page then see again
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        """Keep a generated page's file when serving; let its Markdown and HTML go: the file is all that is left."""
        if page.file.src_uri in self.search:  # the search plugin has indexed the page by now
            entries = _search_entries(config)
            search_entries.split(entries, page.url, self.search.pop(page.file.src_uri), min(self.indexed_from, len(entries)))
        if page.file.src_uri in self.generated:
            if self.outputs is not None:
                self.outputs.keep(page, output)
            self.packed.drop(page)  # its HTML, if it was not needed
            page.markdown, page.content = "", ""  # "", not None: the title still comes from meta or the render
            page.toc = reuse.NO_TOC  # only its own template shows a page's table of contents
            page.__dict__.pop("render", None)  # the conversion on_page_markdown put on it (MkDocs' own again)
            anchors.settle(page, self.shared)  # what MkDocs' check of links to anchors, after the last page, still needs
            self.built += 1
            if self.built % packed.GIVE_BACK_EVERY == 0:
                packed.give_back()
        return output

    @event_priority(100)  # first: before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Say, on a rebuild, how many pages were not converted again; give the pages' memory back."""
        self.kept.finish()
        packed.give_back()
        if self.putback is not None and self.outputs is not None:
            self.putback.done(self.outputs.kept())
        self.collector.resume()
        log.debug(
            f"families: {self.sources.ahead} of {self.sources.made} made by a worker; "
            f"generated pages: {self.kept.ahead} converted by the worker, {self.kept.converted} here, deferred: {self.kept.defer}"
        )
        if self.outputs is not None and self.kept.reused:
            converted, written, indexed = self.kept.converted + self.kept.ahead, self.outputs.reused, self.indexed.reused
            left = len(self.putback.put_back) if self.putback is not None else 0
            log.info(
                f"families: {self.sources.made} made again, {self.sources.reused} as last made; "
                f"reused the HTML of {self.kept.reused} unchanged pages, converted {converted}; "
                f"{written} files as last built ({left} left where they were), {indexed} pages' search entries as last indexed; "
                f"{self.sources.not_read} pages' Markdown not read again"
            )

    def on_build_error(self, *, error: Exception) -> None:
        self.kept.finish()
        if self.putback is not None:
            self.putback.failed()
        self.collector.resume()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        """Rebuild when a ladder file is saved."""
        server.watch(str(self.root.resolve()))
        return server
