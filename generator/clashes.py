"""Which generated pages a build adds, and the hand-written files that would be published where they go.

A hand-written page at a guide's path takes the guide's place; any other
hand-written file published at the address of a generated page, or at a
directory of one, stops the build with a located error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .errors import Diagnostic, Location, shown_path
from .paths import replaced

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .render import RenderedPage


def ours(pages: list[RenderedPage], files: Files) -> list[RenderedPage]:
    """The generated pages, less the guides that a hand-written page replaces."""
    gone = replaced(f.src_uri for f in files if f.abs_src_path)
    return [page for page in pages if page.path not in gone]


@lru_cache(maxsize=1 << 16)  # checked twice a build, and on every rebuild when serving: the same few thousand pages
def _dest_uri(path: str, use_directory_urls: bool) -> str:
    """Where MkDocs publishes a generated page at `path`."""
    return File(path, None, "", use_directory_urls).dest_uri


def refuse(pages: list[RenderedPage], files: Files, config: MkDocsConfig) -> None:
    """Stop the build when a hand-written file is published where a generated page, or its directory, goes."""
    taken = {f.dest_uri: f for f in files}
    clashes: list[Diagnostic] = []
    for page in ours(pages, files):
        dest = _dest_uri(page.path, config.use_directory_urls)
        parts = dest.split("/")
        parents = ("/".join(parts[:i]) for i in range(1, len(parts)))
        others = [files.get_file_from_path(page.path) or taken.get(dest), *(taken.get(p) for p in parents)]
        for other in others:
            if other is not None and other.abs_src_path:
                what = f"a page made from {page.source}" if page.source else "its list of job families"
                message = f"this file would be published at /{other.url}, where the handbook puts {what}; rename or move it"
                if page.replaceable:
                    message = f"this file would be published at /{other.url}, where the handbook puts one of its guides; to replace the guide, name the file {page.path}"
                clashes.append(Diagnostic(Location(str(shown_path(Path(other.abs_src_path)))), "error", message))
    if clashes:
        unique = sorted(set(clashes))
        raise PluginError("pages clash with generated ones:\n" + "\n".join(str(d) for d in unique))
