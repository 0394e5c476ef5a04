"""A Python-Markdown extension: the generated pages' raw HTML blocks set aside without parsing them tag by tag.

Python-Markdown finds raw HTML blocks with an HTML parser that walks the whole
page, tag by tag: on a self-assessment page, which is mostly HTML our
templates wrote, that is most of the page's conversion. This preprocessor runs
just before it and sets aside, into the same stash and under the same kind of
placeholder, each run of paragraphs that is one whole, balanced HTML block: it
starts with a block-level tag at the start of a line, ends with that tag's end tag
at the end of a paragraph,
and holds no comment, declaration, processing instruction, `markdown`
attribute, or element whose content the parser reads differently (script,
style, pre, textarea, code). That is the text the parser would have set aside,
so the page's HTML is the same bytes.

Anything it is not sure of it leaves to the parser: a paragraph inside an
element with a `markdown` attribute (md_in_html parses those itself), and the
whole rest of a page once a paragraph it leaves opens a block of raw HTML it
cannot follow. tests/test_rawblocks.py converts every generated page, and
random pages, with and without it and compares the bytes.

MkDocs finds the ids a page's raw HTML holds (anchors links may point to) with a
parser of its own that runs after this one: the ids of the blocks set aside are
handed to MkDocs' collector of the page's anchors directly.

The plugin uses it for the generated pages only (generator/reuse.py); hand-written
pages and `ladder export` are converted as Python-Markdown always does.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from . import listitems

_PARAGRAPHS = re.compile(r"(\n[ \t]*\n)")
_FIRST = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>")
_ACROSS = r"<!|<\?|<(?:script|style|pre|textarea)\b"  # comments, declarations and raw text: may run on past a blank line
_OPENS_ACROSS = re.compile(_ACROSS, re.I)
_UNSURE = re.compile(_ACROSS + r"|<code\b|\smarkdown\b|<[^>]*<", re.I)  # in a block: read otherwise by the parser
_LINE_TAG = re.compile(r"^ {0,3}<(/?)([a-zA-Z][a-zA-Z0-9]*)", re.M)
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown(?:\s*=|[\s>])", re.I)
_BLOCK_MARKDOWN = re.compile(r"""\smarkdown(?:\s*=\s*(?:"(?:1|block)"|'(?:1|block)'|(?:1|block)(?=[\s>]))|(?=[\s>]))""", re.I)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_NAMES_ANCHOR = re.compile(r"\s(?:id|name)\s*=", re.I)  # a tag that may give the page an anchor
ANCHORS = "mkdocs_extract_anchors"  # MkDocs' tree processor collecting a page's anchor ids (Page.render)
KNOWN = 8192  # paragraphs remembered, forgotten all at once past this
PRIORITY = 22  # after fenced code (25), whose blocks are set aside already, and before html_block (20)


class _RawBlocks(Preprocessor):
    def __init__(
        self, md: Markdown, items: listitems.Items | None, known: dict[str, tuple[str, ...]], not_blocks: set[str]
    ) -> None:
        super().__init__(md)
        self.items = items
        self.known, self.not_blocks = known, not_blocks  # paragraphs that are a whole block (its anchor tags), or none

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        parts = _PARAGRAPHS.split(text)  # paragraphs at even indices, the blank lines between at odd
        items = self.items if self.items is not None and self.items.page(text) else None
        out: list[str] = []
        self._anchored: list[str] = []  # the tags, in blocks set aside, that may hold an anchor
        found: set[str] = set()  # the anchors of lists spliced
        depth, index = 0, 0  # depth: elements with a `markdown` attribute open here, which md_in_html reads itself
        while index < len(parts):
            end = self._block_end(parts, index) if depth == 0 else None
            html = None if end is None else "".join(parts[index : end + 1]) + "\n"
            if end is None and items is not None and parts[index].startswith("- "):
                spliced = self._list(items, parts, index, depth)
                if spliced is not None:
                    html, end = spliced.html, spliced.end
                    found |= spliced.anchors
            if html is not None and end is not None:
                out.append("\n" + self.md.htmlStash.store(html) + "\n\n")
                out.extend(parts[end + 1 : end + 2])  # the blank line after it
                index = end + 2
                continue
            depth = self._depth_after(parts[index], depth)
            if depth < 0:  # a paragraph opens raw HTML this cannot follow: the parser reads the rest
                out.extend(parts[index:])
                break
            out.extend(parts[index : index + 2])
            index += 2
        if (self._anchored or found) and ANCHORS in self.md.treeprocessors:
            found |= listitems.anchors("".join(self._anchored))
            self.md.treeprocessors[ANCHORS].present_anchor_ids |= found
        return "".join(out).split("\n")

    def _list(self, items: listitems.Items, parts: list[str], index: int, depth: int) -> listitems.Spliced | None:
        """The list starting at `parts[index]` made of its items' HTML, if nothing in it opens or closes raw HTML."""
        spliced = items.splice(parts, index)
        if spliced is None or any(self._depth_after(part, depth) != depth for part in parts[index : spliced.end + 1 : 2]):
            return None
        return spliced

    def _block_end(self, parts: list[str], index: int) -> int | None:
        """The paragraph where a balanced block-level element starting `parts[index]` ends, at its very end
        (blank lines may fall inside it); None if there is none, or anything in it the parser reads otherwise.

        What the first paragraph alone decides (a whole block, or none) is remembered: the same block
        shows on many pages."""
        first = _FIRST.match(parts[index])
        if first is None or not self.md.is_block_level(first.group(1).lower()):
            return None
        known = self.known.get(parts[index])
        if known is not None:
            self._anchored += known
            return index
        if parts[index] in self.not_blocks:
            return None
        open_tags: list[str] = []
        anchored: list[str] = []
        for end in range(index, len(parts), 2):
            found = _scan(parts[end], open_tags, anchored)
            if end == index and found is not _OPEN_STILL:
                if len(self.known) + len(self.not_blocks) > KNOWN:
                    self.known.clear()
                    self.not_blocks.clear()
                if found is _WHOLE:
                    self.known[parts[index]] = tuple(anchored)
                else:
                    self.not_blocks.add(parts[index])
            if found is _WHOLE:
                self._anchored += anchored
                return end
            if found is not _OPEN_STILL:
                return None
        return None

    def _depth_after(self, part: str, depth: int) -> int:
        """The elements with a `markdown` attribute still open after a paragraph left to the parser; -1: unsure.

        Sure means: every block-level tag at the start of a line opens a `<div ... markdown>` on a line
        of its own, or is a `</div>` on a line of its own closing one."""
        if _OPENS_ACROSS.search(part) or listitems.TAG_LEFT_OPEN.search(part):  # may run on into what follows
            return -1
        for tag in _LINE_TAG.finditer(part):
            closing, name = tag.group(1), tag.group(2).lower()
            if not self.md.is_block_level(name):
                continue
            line_end = part.find("\n", tag.end())
            line = part[tag.start() : len(part) if line_end < 0 else line_end].strip()
            if name == "div" and not closing and _MARKDOWN_ATTRIBUTE.search(line) and line.endswith(">") and line.count(">") == 1:
                if not _BLOCK_MARKDOWN.search(line):  # markdown="span" or "0": read otherwise
                    return -1
                depth += 1
            elif name == "div" and closing and depth > 0 and line == "</div>":
                depth -= 1
            else:
                return -1
        return depth


_WHOLE, _OPEN_STILL, _NOT = "whole", "open", "not"  # what a paragraph makes of the block it is in


def _scan(part: str, open_tags: list[str], anchored: list[str]) -> str:
    """Follow a block's tags through a paragraph: it ends there, at the paragraph's very end (_WHOLE), goes on
    past it (_OPEN_STILL), or is not one the parser sets aside as it stands (_NOT). Collects the tags that may hold an anchor."""
    if _UNSURE.search(part):
        return _NOT
    for tag in _TAG.finditer(part):
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        text = tag.group(0)
        if listitems.quote_left_open(text):
            return _NOT
        if not closing and _NAMES_ANCHOR.search(text):
            anchored.append(text)
        if name in _VOID or self_closing:
            if not open_tags:  # an element alone, the parser sets it aside otherwise
                return _NOT
            continue
        if not closing:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            return _NOT
        elif not open_tags:
            return _WHOLE if tag.end() == len(part) else _NOT
    return _OPEN_STILL


class RawBlocks(Extension):
    def __init__(self, items: listitems.Items | None = None) -> None:
        super().__init__()
        self.items = items  # lists made of items converted once (generator/listitems.py), or None
        self.known: dict[str, tuple[str, ...]] = {}
        self.not_blocks: set[str] = set()

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown names it
        md.preprocessors.register(_RawBlocks(md, self.items, self.known, self.not_blocks), "ladder_raw_blocks", PRIORITY)
