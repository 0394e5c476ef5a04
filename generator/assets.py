"""What every handbook carries from the package besides its pages.

The Markdown extensions the generated pages are written for; the checklist's
stylesheet and script, and one template override (guarding Material's
storage calls), all under `generator/theme/`. The plugin puts that
directory among the theme's directories, after the organisation's own
custom_dir (so theirs can override any file of ours) and before Material's;
`ladder export` copies the same files into the exported tree.
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).parent / "theme"
STYLESHEETS = ("assets/ladder/ladder.css",)
# ladder.js first: the others use what it shares (window.ladder); assessment.js makes the forms' fields.
SCRIPTS = tuple(f"assets/ladder/{name}.js" for name in ("ladder", "assessment", "cadence", "review", "nextlevel", "upward"))
OVERRIDES = ("main.html",)

# Extension -> the options the pages need of it. An organisation's mkdocs.yml may list more, or
# options of its own; these are added where missing, and the listed options always hold.
MARKDOWN_EXTENSIONS: dict[str, dict] = {
    "admonition": {},  # the "How to read this page" tip
    "attr_list": {},  # anchors and classes on headings and buttons
    "md_in_html": {},  # Markdown inside the page's sections
    "tables": {},  # the matrix, the levels table
    "toc": {},  # headings Material lists beside the page
    "pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True},  # the checklist
}
