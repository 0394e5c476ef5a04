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


# In opt-in inline Markdown, emphasis markers stay live; everything else is escaped as usual.
_RICH_SPECIAL = re.compile(r"([\\`{}\[\]()#+\-.!|])")
_LINK = re.compile(r"\[([^\[\]]{1,500})\]\(([^()\s]{1,2000})\)")
_TAG = re.compile(r"<[^<>]*>")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f&<>\"'\\`]")

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


def _escaped(text: str, special: re.Pattern) -> str:
    """HTML's own characters as entities, then each Markdown `special` character backslash-escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return special.sub(r"\\\1", text)


@functools.lru_cache(maxsize=65536)  # the same expectation is rendered on many pages
def _escape_text(value: str) -> Markup:
    return Markup(_escaped(_WHITESPACE.sub(" ", value).strip(), _MARKDOWN_SPECIAL))


def forget() -> None:
    """Let go of the texts escaped so far: a build that renders once (not `mkdocs serve`) has no more use for
    them, and a large organisation's are tens of megabytes its pages' files can use instead."""
    _escape_text.cache_clear()
    rich.cache_clear()


def safe_url(url: str) -> bool:
    """True for http(s), mailto and relative URLs with no characters that could smuggle another scheme."""
    if _UNSAFE_URL_CHARS.search(url):
        return False
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


def url_problem(url: str) -> str | None:
    """Why `url` cannot be the address of an expectation's link, or None: http(s), mailto and relative only."""
    if any(c.isspace() for c in url):
        return "an address has no spaces; write %20 for one"
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in _SAFE_SCHEMES:
        return f"links may be http, https, mailto or relative addresses, not '{scheme.group(1)}:'"
    if url.startswith("//"):
        return "write the address with https:// in front, not //"
    return None


_LINK_TARGET_SPECIAL = re.compile(r"[()<>\"'\\`]")


def link_target(url: str) -> Markup:
    """A checked address (`url_problem`) as a Markdown link target: characters Markdown or HTML would read, percent-encoded."""
    return Markup(_LINK_TARGET_SPECIAL.sub(lambda m: f"%{ord(m.group()):02X}", url))


def _rich_piece(text: str) -> str:
    return _escaped(text, _RICH_SPECIAL)


@functools.lru_cache(maxsize=65536)
def rich(value: str) -> Markup:
    """The opt-in inline Markdown of `handbook.yml`'s `inline_markdown`: emphasis and safe links only.

    Raw HTML tags are removed, links to anything but http(s), mailto or a
    relative address keep their label and lose the link, and every other
    piece of syntax is escaped as in `escape`.
    """
    text = _TAG.sub("", _WHITESPACE.sub(" ", value)).strip()
    out, position = [], 0
    for match in _LINK.finditer(text):
        out.append(_rich_piece(text[position : match.start()]))
        label, url = _rich_piece(match.group(1)), match.group(2)
        out.append(f"[{label}]({url})" if safe_url(url) else label)
        position = match.end()
    out.append(_rich_piece(text[position:]))
    return Markup("".join(out))


def plain(value: str) -> str:
    """Opt-in inline Markdown reduced to its words, for raw HTML blocks: tags, link targets and markers dropped."""
    text = _LINK.sub(lambda m: m.group(1), _TAG.sub("", value))
    return text.replace("**", "").replace("__", "")


def html_block(value: object) -> Markup:
    """Text inside a raw HTML block, which Markdown leaves alone: HTML-escaped only."""
    return Markup(html.escape(_WHITESPACE.sub(" ", str(value)).strip(), quote=True))


def html_text(value: str) -> str:
    """Text for places MkDocs and Material print without escaping: page titles and navigation.

    Their templates put `page.title` and nav titles into `<title>`, tabs and
    sidebars as raw HTML, so a title from YAML must arrive HTML-escaped.
    """
    return html.escape(_WHITESPACE.sub(" ", value).strip(), quote=True)


_REFERENCE_START = re.compile(r"&(?=#[0-9]|#[xX][0-9a-fA-F]|[A-Za-z][A-Za-z0-9]*;)")


def site_name_text(value: str) -> str:
    """A site name for a written mkdocs.yml, as a person would write it there.

    Material prints site_name raw in `<title>` and the header, but escaped in the logo's `title`
    attribute, so no one spelling is right in both: a plain `&` (every hand-written site_name has
    one) reads right in both, and only what would be read as markup is escaped: `<`, `>`, and an
    `&` that would begin a character reference.
    """
    text = _REFERENCE_START.sub("&amp;", _WHITESPACE.sub(" ", value).strip())
    return text.replace("<", "&lt;").replace(">", "&gt;")


_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")  # syntax wherever it stands
_BLOCK_START = re.compile(r"(?:^|(?<=\s))(#|[-+=](?=[-+=\s]|$)|\d+(?=[.)](?:\s|$)))")  # syntax where a wrapped line could begin


def markdown_source(value: str) -> Markup:
    """Text for Markdown a person reads and edits as source (the scaffold's README and home page):
    it shows as written, yet only what Markdown would read as syntax is escaped, so `Smith & Sons`
    and `Acme Inc.` stay as they are in the file, while a `*`, a `<`, or a `-` that a wrapped line
    could begin with are escaped."""
    text = site_name_text(value)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return Markup(_BLOCK_START.sub(lambda m: m[1] + "\\" if m[1][0].isdigit() else "\\" + m[1], text))


def title_meta(value: str) -> Markup:
    """A page title for front matter: HTML-escaped, then quoted as YAML (JSON strings are valid YAML)."""
    return Trusted(json.dumps(html_text(value), ensure_ascii=False))
