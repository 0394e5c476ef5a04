"""A list item's skeleton: its words and ids stand-ins, so that items differing only in those share one conversion.

Items differ in their words far more than in their shape, so an item is
converted as its skeleton (`skeleton`): each run of plain words (letters and
digits, starting with a letter, between spaces, tags or a final "." or ",")
is a stand-in word, and the item's HTML is the skeleton's with the words put
back. Plain words come out of Python-Markdown as they went in, wherever they
stand, unless an extension reads them by name (emoji, keys, code and its
language, the type of an admonition that gives its title): an item with code
in it, or with these extensions configured, is converted whole, and so is one
whose skeleton's HTML shows a stand-in other than once, as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

BY_NAME = frozenset({"pymdownx.emoji", "pymdownx.keys"})  # read words by name: with them, no skeletons
# code, an admonition or details (whose type is lowercased), or a stand-in's name: converted whole
_WHOLE = re.compile(r"`|~|\t|^ {8}|!!!|\?\?\?|ladderslot", re.M | re.I)
_TAG = re.compile(r"(<[^<>]*>)")
_WORDS = re.compile(r"(?<!\S)[^\W\d_][^\W_]*(?: +[^\W_]+)*(?=(?:\\?[.,])?(?:\s|\Z))")
_ID = re.compile(r"(?<=\sid=\")(?:[^\W_]|[.:-])+(?=\")")  # an id's value, shown as written (no "_": emphasis)
_ATTR_LIST = re.compile(r"((?<!\\)\{[^{}\n]*\})")
_ATTR_VALUE = re.compile(r"(?<=[\s{]#)(?:[^\W_]|[.:-])+(?=[\s}])|(?<==\")(?:[^\W_]|[.:-])+(?=\")")  # an id, a value
_SLOT = re.compile(r"ladderslot([a-z]{3})")


def skeleton(text: str) -> tuple[str, list[str]] | None:
    """The item with each run of plain words outside its tags, and each id, a stand-in ("ladderslotaaa", ...), and
    what they stand for; None where it is to be converted whole."""
    if _WHOLE.search(text):
        return None
    words: list[str] = []

    def stand_in(run: re.Match[str]) -> str:
        words.append(run.group())
        return "ladderslot" + _name(len(words) - 1)

    parts = _TAG.split(text)  # text, tag, text, ...: in tags, stand-ins for ids alone
    shape = "".join(_ID.sub(stand_in, part) if at % 2 else _outside_tags(part, stand_in) for at, part in enumerate(parts))
    return (shape, words) if words and len(words) < 26**3 else None


def _outside_tags(text: str, stand_in: Callable[[re.Match[str]], str]) -> str:
    """Stand-ins for plain words, and in attribute lists for ids and plain quoted values."""
    parts = _ATTR_LIST.split(text)
    return "".join((_ATTR_VALUE if at % 2 else _WORDS).sub(stand_in, part) for at, part in enumerate(parts))


def _name(number: int) -> str:
    return "".join(chr(97 + number // 26**place % 26) for place in (2, 1, 0))


def _number(name: str) -> int:
    return (ord(name[0]) - 97) * 676 + (ord(name[1]) - 97) * 26 + ord(name[2]) - 97


def as_written(html: str, count: int) -> bool:
    """Whether each of a skeleton's `count` stand-ins shows once in its HTML, as written."""
    shown = _SLOT.findall(html)
    return len(shown) == count and len(set(shown)) == count and html.lower().count("ladderslot") == count


def put_back(html: str, words: list[str]) -> str:
    """A skeleton's HTML (or an anchor in it) with what each stand-in stands for."""
    return _SLOT.sub(lambda slot: words[_number(slot.group(1))], html) if "ladderslot" in html else html
