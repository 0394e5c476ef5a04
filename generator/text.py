"""Escaping: the one place where text from YAML enters Markdown.

Authors write plain text. Everything that Markdown or HTML could read as
syntax is escaped, so `<script>`, `[link](javascript:...)`, `|` in a table
or `*` in a list shows exactly as written and does nothing. Line breaks
become spaces: a value must not end a list item or a table row early.
"""

from __future__ import annotations

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
    text = _WHITESPACE.sub(" ", value).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", text))


def yaml_string(value: str) -> Markup:
    """A string as a YAML scalar for front matter (JSON strings are valid YAML)."""
    return Trusted(json.dumps(_WHITESPACE.sub(" ", value).strip(), ensure_ascii=False))
