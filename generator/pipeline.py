"""The pipeline, from a ladders directory to pages: load -> validate -> resolve -> render.

Pure: the MkDocs plugin serves its result from memory, and `ladder export`
writes it to disk; neither reaches into the stages itself.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Diagnostic
from .render import RenderedPage, nav, render_site
from .resolve import resolve_ladders
from .validate import validate_dir


def generate(root: Path, language: str = "en") -> tuple[list[RenderedPage], list, list[Diagnostic]]:
    """Pages and nav entries for the ladders under `root`, in `language` (Material's `theme.language`);
    both empty when there are errors."""
    ladders, diagnostics = validate_dir(root)
    if ladders is None:
        return [], [], diagnostics
    site = resolve_ladders(ladders)
    return render_site(site, language), nav(site, language), diagnostics
