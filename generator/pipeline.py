"""The pipeline, from a ladders directory to pages: load -> validate -> resolve -> render.

Pure: the MkDocs plugin serves its result from memory, and `ladder export`
writes it to disk; neither reaches into the stages itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from . import text
from .errors import Diagnostic
from .memo import Memo
from .render import Keep, RenderedPage, nav, render_site, site_title, voice
from .resolve import resolve_ladders
from .validate import validate_dir


class Generated(NamedTuple):
    pages: list[RenderedPage]
    nav: list
    diagnostics: list[Diagnostic]
    title: str = ""  # the site's title when mkdocs.yml leaves site_name empty
    other_families: str = ""  # the sidebar's link back to every family, in the handbook's words


def generate(
    root: Path, language: str = "en", listed: frozenset[str] = frozenset(), keep: Keep | None = None, memo: Memo | None = None
) -> Generated:
    """Pages and nav entries for the ladders under `root`, in `language` (Material's `theme.language`);
    both empty when there are errors. `listed`: the pages mkdocs.yml's own nav already places; `keep`:
    what to hold of each family's pages as they are made (render.render_site); `memo`: what the last
    build made of files and families that are the same (generator/memo.py)."""
    ladders, diagnostics = validate_dir(root, memo=memo)
    if ladders is None:
        return Generated([], [], diagnostics)
    site = resolve_ladders(ladders, memo)
    others = voice(site, language).translations.gettext("Other job families")
    generated = Generated(
        render_site(site, language, keep), nav(site, language, listed), diagnostics, site_title(site, language), others
    )
    if memo is None:  # nothing is rendered again in this process: the texts escaped on the way can go
        text.forget()
    return generated
