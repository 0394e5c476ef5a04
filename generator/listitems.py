"""A list's items converted once each, however many pages show them.

The expectations of a level show again on every level above it, on the pages
of what changes at the next level and in the self-assessments: the same list
item, the same Markdown, on many pages. Python-Markdown converts a list item
from its own lines and two facts of where it stands (generator/rawblocks.py
finds the lists): whether a blank line parts it from the item before it, and
whether one parts it from the item after it (its text is then a paragraph).
So `Items.splice` converts each item once, alone in a list between stand-ins
for those neighbours, and makes each list from its items' HTML: the same bytes
as converting the page.

Only where nothing else on the page reaches into the item:
- the configured extensions are all ones, named, that read a list item from
  its own lines (`LOCAL`), none that gathers or numbers across the whole page
  (abbreviations, footnotes, tab sets), and the page defines no reference links;
- the item converts to no link or image (MkDocs rewrites those for each page),
  no heading (its id and the table of contents are the page's), and holds
  nothing set aside from the page already, no table-of-contents marker, and no
  tag or quote left open (MkDocs reads the page's raw HTML as a whole);
- an item with attributes (`{ #id }`) only where each heading of the page
  without an id of its own is plain text, whose id (`Items.page`) none of the
  item's ids could push aside;
- the list starts and ends where Python-Markdown's would: after and before a
  paragraph that no list or indented block could run on from.
Any other list is left to Python-Markdown. tests/test_rawblocks.py converts
every generated page, and random pages, both ways and compares HTML and anchors.

Items that differ only in their plain words and ids share one conversion, of
their skeleton (generator/skeletons.py).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any, NamedTuple

import markdown
from markdown.extensions.toc import IDCOUNT_RE
from markdown.extensions.toc import slugify as default_slugify

from . import skeletons

# Extensions that read a list item from its own lines; with any other configured, nothing is spliced.
LOCAL = frozenset(
    "admonition attr_list codehilite fenced_code md_in_html tables toc sane_lists "
    "pymdownx.details pymdownx.tasklist pymdownx.superfences pymdownx.highlight pymdownx.inlinehilite "
    "pymdownx.emoji pymdownx.mark pymdownx.caret pymdownx.tilde pymdownx.keys pymdownx.betterem".split()
)
KEPT = 4096  # items remembered: pages come family by family, so a family's items are at hand while its pages are made
_REFERENCE = re.compile(r"^[ \t]*\[[^\]\n]+\]:", re.M)  # a reference link's definition (in an item too), read from the whole page
_STARTS_BLOCK_ALONE = re.compile(r"[<#!A-Za-z\x02]")  # a paragraph after a list that cannot run on from it
_READS_PAGE = re.compile(r"<a\b|<img\b|\shref=|\ssrc=|<h[1-6]\b", re.I)  # output MkDocs or the page would change
_ATTRIBUTES = re.compile(r"(?<!\\)\{")  # attr_list: ids the page's headings must avoid
TAG_LEFT_OPEN = re.compile(r"<[a-zA-Z/!?][^<>]*(?:<|\Z)")  # a tag not closed before the next "<" or the text's end
_TAGS = re.compile(r"<[a-zA-Z/][^<>]*>")
_STAND_IN = "- ladder-stand-in"
_STAND_IN_HTML = "<li>\n<p>ladder-stand-in</p>\n</li>"
_OPEN = {"<ul>": False, '<ul class="task-list">': True}  # a list's first line: is any item a task?
_HEADING = re.compile(r"^[ \t>*+\-0-9.)]*(#{1,6})(.*?)#*[ \t]*$", re.M)  # in a quote or a list item too
_OWN_ID = re.compile(r"^.*\S[ ]+(?<!\\)\{:?[ \t]*#[^\W_][\w.:-]*[ \t]*\}[ \t]*$")  # "Title { #id }" alone
_RULE = re.compile(r"[ \t>]*(?:<[^<>]*>[ \t]*)*(?:=+|-+)[ \t]*(?:<[^<>]*>[ \t]*)*")  # a setext underline (in a quote, by tags)
_PLAIN_HEADING = re.compile(r"(?:[^\W_]|[ \t]|\\[\\`*_{}\[\]()>#+\-.!]|[^\x00-\x7f])*")  # Python-Markdown's escapes
_HTML_HEADING = re.compile(r"<h[1-6]\b", re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")


class Item(NamedTuple):
    html: str  # its <li> element
    task: bool  # a task list item, whose list has the task-list class
    anchors: frozenset[str]  # the ids MkDocs finds in it


class Spliced(NamedTuple):
    html: str  # the whole list
    anchors: frozenset[str]
    end: int  # the index of the list's last paragraph


def of(extensions: Sequence[Any], options: dict[str, dict]) -> Items | None:
    """Items for pages converted with these extensions, or None if one may read past an item's own lines."""
    if any(not isinstance(name, str) or name not in LOCAL for name in extensions):  # an instance may be anything
        return None
    return Items(list(extensions), options)


class Items:
    def __init__(self, extensions: list[str], options: dict[str, dict]) -> None:
        self._extensions, self._options = extensions, options
        toc = options.get("toc", {})
        self._marker = str(toc.get("marker", "[TOC]"))  # where the toc extension puts the page's contents
        self._slugify, self._separator = toc.get("slugify", default_slugify), str(toc.get("separator", "-"))
        self._text = ""  # the page's
        self._headings: frozenset[str] | bool | None = False  # the page's headings' ids toc makes, if all are plain
        self._converter: markdown.Markdown | None = None
        self._kept: OrderedDict[tuple[str, bool, bool], Item | None] = OrderedDict()
        self._skeletons: OrderedDict[tuple[str, bool, bool], Item | None] = OrderedDict()
        self._by_shape = not skeletons.BY_NAME & set(extensions)
        self.converted = self.reused = self.shaped = 0  # items converted, found again, made from a skeleton

    def page(self, text: str) -> bool:
        """Whether lists of this page may be spliced at all; the ids toc will give its headings, where it can tell."""
        self._text, self._headings = text, False  # read if an item has attributes
        return _REFERENCE.search(text) is None

    def _heading_ids(self, text: str) -> frozenset[str] | None:
        """The base of each id toc makes for a heading of the page; None if a heading is more than plain text."""
        if _HTML_HEADING.search(text) or not callable(self._slugify) or _underlined(text):
            return None
        found = set()
        for heading in _HEADING.finditer(text):
            words = heading.group(2)
            if _OWN_ID.match(words):
                continue
            if not _PLAIN_HEADING.fullmatch(words.strip()):
                return None
            slug = self._slugify(_ESCAPE.sub(r"\1", words.strip()), self._separator)
            counted = IDCOUNT_RE.match(slug)
            found.add(counted.group(1) if counted else slug)
        return frozenset(found)

    def _pushes_aside(self, item: Item) -> bool:
        """Whether an item's ids could change the id toc gives a heading of the page (it counts them as taken)."""
        if self._headings is False:
            self._headings = self._heading_ids(self._text)
        if not isinstance(self._headings, frozenset):
            return True
        for anchor in item.anchors:
            counted = IDCOUNT_RE.match(anchor)
            if anchor in self._headings or (counted and counted.group(1) in self._headings):
                return True
        return False

    def splice(self, parts: list[str], index: int) -> Spliced | None:
        """The list whose first paragraph is `parts[index]` (paragraphs at even indices, blank lines between), or None."""
        if index >= 2 and (not _alone(parts[index - 2]) or _LIST_LINE.search(parts[index - 2])):
            return None  # a list may end the paragraph before it (after a heading, say): this one would go on it
        items, end = _items(parts, index)
        if not items or (end + 2 < len(parts) and not _alone(parts[end + 2])):
            return None
        found = [self._item(*item) for item in items]
        if any(item is None for item in found):
            return None
        for (text, _, _), item in zip(items, found, strict=True):
            if item is not None and _ATTRIBUTES.search(text) and self._pushes_aside(item):
                return None  # an id toc would have counted as taken
        task = any(item.task for item in found if item)
        html = "\n".join(['<ul class="task-list">' if task else "<ul>", *(item.html for item in found if item), "</ul>"])
        return Spliced(html, frozenset().union(*(item.anchors for item in found if item)), end)

    def _item(self, text: str, before: bool, after: bool) -> Item | None:
        key = (text, before, after)
        if key in self._kept:
            self._kept.move_to_end(key)
            self.reused += 1
            return self._kept[key]
        found = self._kept[key] = self._shaped(text, before, after)
        if len(self._kept) > KEPT:
            self._kept.popitem(last=False)
        return found

    def _shaped(self, text: str, before: bool, after: bool) -> Item | None:
        """The item made from its skeleton's HTML, or converted whole."""
        made = skeletons.skeleton(text) if self._by_shape and not self._refused(text) else None
        if made is None:
            self.converted += 1
            return self._convert(text, before, after)
        shape, words = made
        key = (shape, before, after)
        if key in self._skeletons:
            self._skeletons.move_to_end(key)
        else:
            item = self._convert(shape, before, after)
            self._skeletons[key] = item if item is not None and skeletons.as_written(item.html, len(words)) else None
            self.converted += 1
            if len(self._skeletons) > KEPT:
                self._skeletons.popitem(last=False)
        found = self._skeletons[key]
        if found is None:  # a stand-in came out otherwise than as written: the item is converted whole
            self.converted += 1
            return self._convert(text, before, after)
        self.shaped += 1
        anchors = frozenset(skeletons.put_back(anchor, words) for anchor in found.anchors)
        return Item(skeletons.put_back(found.html, words), found.task, anchors)

    def _refused(self, text: str) -> bool:
        if "\x02" in text or "\x03" in text or (self._marker and self._marker in text):
            return True  # holds what the page set aside already, or the page's contents
        return TAG_LEFT_OPEN.search(text) is not None or any(quote_left_open(tag) for tag in _TAGS.findall(text))
        # (a tag left open: MkDocs' parser of the page's raw HTML would read on past the item)

    def _convert(self, text: str, before: bool, after: bool) -> Item | None:
        if self._refused(text):
            return None
        if self._converter is None:
            self._converter = markdown.Markdown(extensions=self._extensions, extension_configs=self._options)
        source = "\n\n".join([*([_STAND_IN] if before else []), text, *([_STAND_IN] if after else [])])
        html = self._converter.reset().convert(source)
        first, _, rest = html.partition("\n")
        if first not in _OPEN or not rest.endswith("\n</ul>"):
            return None
        rest = rest[: -len("\n</ul>")]
        if before:
            if not rest.startswith(_STAND_IN_HTML + "\n"):
                return None
            rest = rest[len(_STAND_IN_HTML) + 1 :]
        if after:
            if not rest.endswith("\n" + _STAND_IN_HTML):
                return None
            rest = rest[: -len(_STAND_IN_HTML) - 1]
        if not rest.startswith("<li") or not rest.endswith("</li>") or _READS_PAGE.search(rest) or "\n<li" in _top(rest):
            return None
        return Item(rest, _OPEN[first], frozenset(anchors(text) | anchors(rest)))


def _underlined(text: str) -> bool:
    """Whether a line could underline the line before it into a heading."""
    lines = text.split("\n")
    return any(_RULE.fullmatch(line) and lines[at - 1].replace(">", "").strip() for at, line in enumerate(lines) if at)


def quote_left_open(tag: str) -> bool:
    """A tag with an odd number of either quote: an HTML parser reads a quoted ">" or "<" in it otherwise."""
    return tag.count('"') % 2 == 1 or tag.count("'") % 2 == 1


def _alone(paragraph: str) -> bool:
    """A paragraph Python-Markdown reads on its own, not as more of a list next to it."""
    return _STARTS_BLOCK_ALONE.match(paragraph) is not None and _LIST_MARKER.match(paragraph) is None


_LIST_MARKER = re.compile(r" {0,3}(?:[*+-]|\d+\.)[ \t]")
_LIST_LINE = re.compile(r"^ {0,3}(?:[*+-]|\d+\.)[ \t]", re.M)


def _items(parts: list[str], index: int) -> tuple[list[tuple[str, bool, bool]], int]:
    """The items of the list starting at `parts[index]`: (its lines, a blank line before it, one after it).

    Each paragraph of the list is items, one per line starting "- ", or lines indented by four spaces
    that go on the item before them; blank lines between paragraphs must be single."""
    items: list[list[str]] = []  # each item's lines, blank lines kept as ""
    firsts: list[bool] = []  # the item starts a paragraph after the list's first
    end = index
    for at in range(index, len(parts), 2):
        paragraph = parts[at]
        if at > index and parts[at - 1] != "\n\n":
            return [], index
        if paragraph.startswith("- "):
            pass
        elif paragraph.startswith("    ") and items:
            items[-1] += ["", *paragraph.split("\n")]
            end = at
            continue
        else:
            break
        for number, line in enumerate(paragraph.split("\n")):
            if line.startswith("- "):
                items.append([line])
                firsts.append(number == 0 and at > index)
            elif line.startswith("    ") and items:
                items[-1].append(line)
            else:
                return [], index
        end = at
    count = len(items)
    return [("\n".join(lines), firsts[i], i + 1 < count and firsts[i + 1]) for i, lines in enumerate(items)], end


def _top(li: str) -> str:
    """The item's HTML without its nested lists: one <li> at the top means one item."""
    return re.sub(r"<(ul|ol)\b.*?</\1>", "", li[3:], flags=re.S)


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name == "id" or (name == "name" and tag == "a")):
                self.found.add(value)


def anchors(html: str) -> set[str]:
    """The anchors MkDocs finds in raw HTML (each `id`, and each `name` of an `<a>`): in the Markdown's, or in what it became."""
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    return parser.found
