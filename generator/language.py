"""mkdocs.yml's `theme.language`: one Material has, and whether the handbook's own words are translated into it.

Material writes its interface from `partials/languages/<language>.html`; a language it has no such file for
(in its templates or the organisation's custom_dir) would stop the build with a Jinja traceback on the
first page. The plugin stops it before, at the key. A language Material has but ladder-handbook has no
catalogue for (generator/words.py) builds, with the handbook's own words in English: the build says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import words
from .project import key_location

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def _material_languages(config: MkDocsConfig) -> set[str]:
    return {path.stem for d in config.theme.dirs for path in Path(d).glob("partials/languages/*.html")}


def _at(config: MkDocsConfig) -> str:
    """Where mkdocs.yml sets theme.language (read only for a message)."""
    return str(key_location(Path(config.config_file_path), "theme", "language"))


def problem(config: MkDocsConfig) -> str | None:
    """A located error when Material cannot show `theme.language`, or None."""
    language = config.theme["language"]
    if config.theme.name != "material" or language is None or language == "":
        return None
    if not isinstance(language, str):  # `no` (Norwegian) or `1`: YAML reads them as other things than text
        return (
            f"{_at(config)}: error: theme.language {language!r} is not text: YAML reads it as a {type(language).__name__}; "
            f'quote it ("no"), or write Norwegian as nb or nn'
        )
    known = _material_languages(config)
    if not known or language in known:
        return None
    base = language.replace("_", "-").split("-")[0]
    near = sorted(code for code in known if code.split("-")[0] == base)
    hint = f"use {' or '.join(repr(code) for code in near)}" if near else "use one it has"
    return (
        f"{_at(config)}: error: theme.language {language!r}: Material for MkDocs has no such language "
        f"(no partials/languages/{language}.html); {hint}, or add that file to the theme's custom_dir. "
        f"Its languages: {', '.join(sorted(known))}"
    )


def note(config: MkDocsConfig) -> str | None:
    """What the build says when the handbook's own words have no translation into `theme.language`, or None."""
    language = config.theme["language"] or words.SOURCE
    if words.translates(language):
        return None
    spoken = ", ".join(code for code in words.languages() if code != words.SOURCE)
    return (
        f"theme.language {language!r}: the handbook's own words (headings, labels, forms) have no translation into it "
        f"and read in English; ladder-handbook translates them into {spoken}. handbook.yml's `labels` give single "
        "labels in your own words."
    )
