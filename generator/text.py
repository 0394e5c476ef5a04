"""Escaping: the one place where text from YAML enters Markdown.

Authors write plain text. Everything that Markdown or HTML could read as
syntax is escaped, so `<script>`, `[link](javascript:...)`, `|` in a table
or `*` in a list shows exactly as written and does nothing. Line breaks
become spaces: a value must not end a list item or a table row early.
"""

from __future__ import annotations

import functools
import html
import json
import re

from markupsafe import Markup

# Python-Markdown's backslash escapes, plus `|` for tables; `<` and `&` become entities instead.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_WHITESPACE = re.compile(r"\s+")


# Markdown written by our templates or built from validated ids: passed through unescaped.
# It is markupsafe's Markup, so that Jinja (autoescaping) treats macro output the same way.
Trusted = Markup


def escape(value: object) -> Markup:
    """Make `value` safe to place anywhere inline in generated Markdown, reading as the same text."""
    if isinstance(value, Markup):
        return value
    if not isinstance(value, str):
        return Markup(str(value))
    return _escape_text(value)


@functools.lru_cache(maxsize=65536)  # the same expectation is rendered on many pages
def _escape_text(value: str) -> Markup:
    text = _WHITESPACE.sub(" ", value).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", text))


def html_block(value: object) -> Markup:
    """Text inside a raw HTML block, which Markdown leaves alone: HTML-escaped only."""
    return Markup(html.escape(_WHITESPACE.sub(" ", str(value)).strip(), quote=True))


def html_text(value: str) -> str:
    """Text for places MkDocs and Material print without escaping: page titles and navigation.

    Their templates put `page.title` and nav titles into `<title>`, tabs and
    sidebars as raw HTML, so a title from YAML must arrive HTML-escaped.
    """
    return html.escape(_WHITESPACE.sub(" ", value).strip(), quote=True)


def title_meta(value: str) -> Markup:
    """A page title for front matter: HTML-escaped, then quoted as YAML (JSON strings are valid YAML)."""
    return Trusted(json.dumps(html_text(value), ensure_ascii=False))
