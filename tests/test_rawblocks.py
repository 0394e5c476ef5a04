"""generator/rawblocks.py sets raw HTML blocks aside before Python-Markdown's HTML parser: the HTML must be the same bytes.

Every generated page of the sample handbook and of the fixtures is converted with the plugin's Markdown
extensions, with and without it; so are random pages made of the pieces our templates write and of
the pieces it must leave to the parser (comments, unclosed blocks, code fences, `markdown` attributes).
The anchors MkDocs finds on the page (ids links may point to) must be the same too.
"""

from __future__ import annotations

from pathlib import Path

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.pages import _ExtractAnchorsTreeprocessor, _RawHTMLPreprocessor
from mkdocs.utils.meta import get_data

from generator import assets, listitems, reuse, skeletons
from generator.pipeline import generate
from generator.rawblocks import RawBlocks

from .conftest import FIXTURES, ROOT

# MkDocs' own (toc, tables, fenced_code), the plugin's, and the sample's
EXTENSIONS = ["toc", "tables", "fenced_code", *assets.MARKDOWN_EXTENSIONS, "pymdownx.details", "pymdownx.superfences"]
OPTIONS = {**{name: options for name, options in assets.MARKDOWN_EXTENSIONS.items()}, "toc": {"permalink": True}}


def _converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    plain = markdown.Markdown(extensions=EXTENSIONS, extension_configs=OPTIONS)
    items = listitems.of(EXTENSIONS, OPTIONS)
    assert items is not None
    faster = markdown.Markdown(extensions=[*EXTENSIONS, RawBlocks(items)], extension_configs=OPTIONS)
    for converter in (plain, faster):  # what MkDocs' Page.render adds to find the page's anchors
        _RawHTMLPreprocessor()._register(converter)
        _ExtractAnchorsTreeprocessor(None, None, None)._register(converter)  # type: ignore[arg-type]
    return plain, faster


def _converted(converter: markdown.Markdown, text: str) -> tuple[str, set[str]]:
    """The HTML and the anchors MkDocs would find in it."""
    raw, tree = converter.preprocessors["mkdocs_raw_html"], converter.treeprocessors["mkdocs_extract_anchors"]
    tree.present_anchor_ids = set()  # type: ignore[attr-defined]
    html = converter.reset().convert(text)
    return html, raw.present_anchor_ids | tree.present_anchor_ids  # type: ignore[attr-defined]


def _set_aside(converter: markdown.Markdown, text: str) -> tuple[tuple[str, set[str]], int]:
    """The HTML and anchors, and how many blocks rawblocks set aside (it runs before the parser stashes any)."""
    counted: list[int] = []
    preprocessor = converter.preprocessors["ladder_raw_blocks"]
    run = preprocessor.run

    def counting(lines: list[str]) -> list[str]:
        out = run(lines)
        counted.append(len(converter.htmlStash.rawHtmlBlocks))
        return out

    preprocessor.run = counting  # type: ignore[method-assign]
    try:
        return _converted(converter, text), counted[0]
    finally:
        preprocessor.run = run  # type: ignore[method-assign]


def test_every_generated_page_is_the_same_html_and_the_forms_raw_html_is_set_aside():
    plain, faster = _converters()
    differ, aside, pages = [], {}, 0
    for root in (ROOT / "ladders", FIXTURES / "handbook" / "ladders", FIXTURES / "mini", FIXTURES / "xss"):
        for language in ("en", "de"):
            generated = generate(root, language)
            assert generated.pages, root
            for page in generated.pages:
                body, _ = get_data(page.markdown)
                html, count = _set_aside(faster, body)
                pages += 1
                aside[page.path] = count
                if html != _converted(plain, body):
                    differ.append(f"{root.name} {language} {page.path}")
    assert differ == []
    assessments = [path for path in aside if path.endswith("self-assessment.md")]
    assert pages > 300 and len(assessments) > 20
    assert all(aside[path] >= 5 for path in assessments)  # each expectation's form is a block set aside
    assert sum(aside.values()) > 10 * len(assessments)
    spliced = faster.preprocessors["ladder_raw_blocks"].items  # type: ignore[attr-defined]
    assert spliced.reused > spliced.shaped > spliced.converted > 300  # lists made of items converted once, most from a skeleton


PIECES = [
    # what the templates write: whole blocks, Markdown, elements whose content is Markdown
    '<div class="ladder-item" data-id="a">\n<p class="x"><strong>Text &amp; more.</strong></p>\n<div class="w" data-label="It&#x27;s"></div>\n</div>',
    '<div class="ladder-checklist" data-level="e1"></div>',
    '<div class="ladder-item" id="item-a" data-id="not-an-anchor">\n<a name="named"></a><p ID=\'upper\'>x</p>\n</div>',
    '<section id="s&amp;1"><p title="id=not-this">y</p><span name="no-anchor"></span></section>',
    '<p data-field="name"><span>Name</span></p>',
    "<hr>",
    "## A heading { #a-heading }",
    '- [ ] <span class="ladder-expectation" id="x">Does a thing\\.</span> <span class="ladder-tag">New</span>',
    '    <span class="ladder-examples-label">Example</span>',
    "Plain *words* and a [link](other.md).",
    '!!! tip "Read"\n    Inside an admonition.',
    '<div class="ladder-carried" markdown>',
    "<div data-search-exclude markdown>\n\n- a list in it\n\n</div>",
    "</div>",
    # what it must leave to the parser
    "<!-- a comment\n\nover a blank line -->",
    '<div class="open">\nnever closed',
    "<div><p>mismatched</div></p>",
    "<div>tail</div> and text after it",
    '```html\n<div class="in-code"></div>\n\n<p>x</p>\n```',
    "<pre>\n\n<div>pre</div>\n\n</pre>",
    '<div title="a > b">odd attribute</div>',
    "<span>inline first</span> then text",
    "<script>var a = '<div>';</script>",
    "<p markdown>*emphasis* here</p>",
    "<details><summary>More</summary>\n<p>hidden</p>\n</details>",
    'text\n<div class="no-blank-before"></div>',
    # lists: made of items converted once where nothing reaches into them, left to the parser otherwise
    "- [x] done\n- [ ] to do\n- plain",
    "- tight one\n    with an indented line\n- tight two",
    "- loose\n\n    <span>its example</span>\n\n    - nested\n    - list",
    "- an item { .with-class }",
    "- item with `code <span>`",
    "- a [link](other.md) in it",
    "- ![an image](pic.png)",
    "- a reference [link][ref]",
    "[ref]: https://example.com/",
    "- an item defining\n\n    [ref]: https://example.com/",
    "    ## heading in an item",
    "- lazy\ncontinuation",
    "* a star list",
    "1. a numbered list",
    "  - two spaces in",
    "- item <!-- a comment",
    "    indented after",
    "- \\*escaped\\* and *emphasis*",
    "- ```\n    fenced\n    ```",
    ": a definition?",
    # items made from their skeletons, and items that must be converted whole
    '- [ ] <span class="ladder-expectation" id="a-1">Führt Gespräche, klärt Ziele\\.</span> <span class="ladder-tag">Neu</span>',
    "- 1986\\. A year, and 1986. another",
    "- a &amp; b < c > d",
    "- item\n\n    !!! note\n        Its title comes from its type.",
    "- a | b\n    --- | ---\n    c | d",
    "- Words  with  double spaces  \n    and a break",
    '- Builds things\\.\n    { #new data-change="step-new" }',  # the id toc gives "### New"
    '- Improves things\\.\n    { #f1-c1-m3-0 data-change="step-changed" data-replaces="f1-c1-ic2-0" }',
    '- Plans things\\.\n    { #competency-1_1 }',
    "### New",
    "## Competency 1",
    "# From F1\\-M2 to F1\\-M3 · Manager f1\\-m3",
    "## *Emphasised* heading",
    "Underlined heading\n---",
    "##",  # an empty heading: toc's id "_1"
    "- Empty things\\.\n    { #_1 }",
    "### A \\& b",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
    st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n"]), min_size=12, max_size=12),
)
def test_a_page_of_any_of_these_pieces_is_the_same_html(pieces: list[str], separators: list[str]):
    plain, faster = _converters()
    text = "".join(piece + separators[i] for i, piece in enumerate(pieces))
    assert _converted(faster, text) == _converted(plain, text)


def test_what_it_cannot_follow_is_left_to_the_parser():
    plain, faster = _converters()
    never_closed = '<div class="open">\n\nstill open\n\n<div class="ladder-item"></div>\n'
    inside_markdown = '<div markdown>\n\n* a list\n\n</div>\n\n<div class="after"></div>\n'
    across_blank_lines = '<div class="item">\n<p>a</p>\n\n</div>\n\nWords.\n'
    assert _set_aside(faster, never_closed)[1] == 0  # nor anything after it
    assert _set_aside(faster, inside_markdown)[1] == 1  # md_in_html reads what is inside; the block after is set aside
    assert _set_aside(faster, across_blank_lines)[1] == 1  # one block, its blank line inside it, as the parser reads it
    anchored = '<div class="item" id="kept">\n<p><a name="also"></a></p>\n</div>\n'
    assert _set_aside(faster, anchored) == (_converted(plain, anchored), 1)
    assert _set_aside(faster, anchored) == (_converted(plain, anchored), 1)  # again, on another page: remembered
    assert _converted(plain, anchored)[1] == {"kept", "also"}
    defined_in_an_item = "- an item defining\n\n    [ref]: https://example.com/\n\nText.\n\n- a reference [link][ref]\n"
    # found in review: each differed, in HTML or in anchors
    reviewed = [
        '<div markdown="0">\n\n- a\n\n</div>\n',  # Markdown off inside
        '<div markdown="span">\n\n- a\n\n</div>\n',
        "Intro.\n\n- item\n    {: #foo }\n\n## Foo\n",  # an id the heading's must avoid
        "Intro.\n\n- item\n\n    para { #foo }\n\n## Foo\n",
        "# Title\n\n- a\n\n- [TOC]\n\nEnd.\n",  # the page's contents
        'Intro.\n\n- a <span id="q"\n- b <span id="y">y</span>\n\nEnd.\n',  # a tag left open across items
        '- a <span title="x\n- b <span id="y">y</span>" id="z">\n',  # a quote left open
        'Intro <span\n\n<div class="x">y</div>\n\nEnd.\n',  # a tag left open before a block
        # found in review of the skeletons: a word changed by what reads it, or a heading's id missed
        'Intro.\n\n- item\n\n    !!! Note "Title"\n\nEnd.\n',  # the type, lowercased in the class
        'Intro.\n\n- item\n\n    ??? Warning "Careful"\n\nEnd.\n',
        'Intro.\n\n- Ships _things { data-x="step_" }\n\nEnd.\n',  # an "_" of a value in emphasis
        'Intro.\n\n- item\n    { #_a data-x="b_" }\n\nEnd.\n',
        'Intro.\n\n- <sp@n id="_a"> b_ c\n\nEnd.\n',
        "Intro.\n\n- item\n    { #k\u00aa=v }\n\nEnd.\n",  # a key, which attr_list cleans
        *(
            f"{heading}\n\nIntro.\n\n- item\n    {{ #{taken} }}\n\nEnd.\n"
            for heading, taken in [
                ("- ## Foo", "foo"), ("1. ## Foo", "foo"), ("> - ## Foo", "foo"), ("* ## Foo", "foo"),
                ("> Foo\n> ---", "foo"), ("> Foo\n> ===", "foo"), ("Foo\xa0\n---", "foo"),
                ("## Foo{#bar}", "foobar"), ('## Foo { title="#x" }', "foo"), ("## Foo { .a#b }", "foo"),
                ("## Foo \\{ #bar \\}", "foo-bar"), ("## { #x }", "x"),
            ]
        ),
        '<div markdown="1"> \n---</div>\n\nIntro.\n\n- item\n    { #_1 }\n\nEnd.\n',
    ]
    for text in (never_closed, inside_markdown, across_blank_lines, defined_in_an_item, *reviewed):
        assert _converted(faster, text) == _converted(plain, text)


ITEM_PIECES = [
    "Owns", "the release", "Führt Gespräche", "Q3 plan", "3 teams", "1986.", "x", "ladder", "\\.", "\\-", ",", ".",
    "&amp;", '<span id="an-id">', '<span class="tag" id="b.2">', "</span>", "<br>", "*", "**", "_", "snake_case",
    "[x]", "[ ]", ":smile:", "\n\n    !!! note", '\n\n    ??? tip "Why"', "\n\n    !!! tip\n\n    ", "\n    ", "\n\n    ", "\n\n        ", "- ", "1. ", "# ",
    "|", "---", "===", "  \n", "(", ")", "'", '"', "?", "++ctrl++", "==mark==",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ITEM_PIECES), min_size=1, max_size=14), st.lists(st.sampled_from(["", " "]), min_size=14, max_size=14))
def test_an_item_made_from_its_skeleton_is_the_item_converted_whole(pieces: list[str], gaps: list[str]):
    items = listitems.of(EXTENSIONS, OPTIONS)
    assert items is not None
    text = "- " + "".join(piece + gaps[i] for i, piece in enumerate(pieces)).strip(" ")
    for before in (False, True):
        for after in (False, True):
            assert items._shaped(text, before, after) == items._convert(text, before, after), text


def test_stand_ins_that_come_out_otherwise_than_written_turn_the_skeleton_off():
    items = listitems.of(EXTENSIONS, OPTIONS)
    assert items is not None
    shaped = items._shaped('- [ ] <span id="e-1">Writes clear code</span>\\.', False, False)
    assert shaped is not None and '<span id="e-1">Writes clear code</span>.' in shaped.html and "e-1" in shaped.anchors
    assert items.shaped == 1 and items.converted == 1
    assert items._shaped('- [ ] <span id="e-2">Reads other code</span>\\.', False, False) is not None
    assert items.shaped == 2 and items.converted == 1  # the same skeleton, not converted again
    for titled_by_type in ("- item\n\n    !!! note", "- item\n\n    ??? tip\n\n    more"):  # "Note": a stand-in capitalised
        assert items._shaped(titled_by_type, False, False) == items._convert(titled_by_type, False, False)
        assert items.shaped == 2
    assert skeletons.skeleton("- `code` words") is None and skeletons.skeleton("- <b>1986</b>") is None
    with_emoji = listitems.of([*EXTENSIONS, "pymdownx.emoji"], OPTIONS)
    assert with_emoji is not None and with_emoji._shaped("- plain words", False, False) is not None
    assert with_emoji.shaped == 0  # words read by name: converted whole


def test_the_sample_handbooks_pages_are_converted_with_lists_of_items_converted_once():
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)  # with the extensions the plugin adds, and MkDocs' own
    extension = reuse.converting(config)["markdown_extensions"][-1]
    assert isinstance(extension, RawBlocks) and extension.items is not None


def test_extensions_that_number_or_gather_across_the_page_turn_splicing_off():
    from markdown.extensions.abbr import AbbrExtension

    assert listitems.of(EXTENSIONS, OPTIONS) is not None
    assert listitems.of([*EXTENSIONS, "pymdownx.tabbed"], OPTIONS) is None  # tab sets are numbered through the page
    assert listitems.of([*EXTENSIONS, "footnotes"], OPTIONS) is None
    assert listitems.of([*EXTENSIONS, AbbrExtension()], OPTIONS) is None  # an instance: anything (mkdocs-autorefs adds one)
