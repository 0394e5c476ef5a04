"""The checklist's colours read well in both of Material's colour schemes. In a real Chromium.

The sample handbook is built twice, with `scheme: default` and with `scheme:
slate`. Contrast is measured as the page shows it: Chromium paints each
background from the page's root down to the element, then the text's colour
on top, and the WCAG 2 ratio is taken of the two painted pixels, so
translucent colours and color-mix() count as they are seen.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from .browser import AXE, E3, note, pdf_text, require, serve_project, watch_errors
from .browser import browser  # noqa: F401 (fixture)
from .conftest import project_copy

SCHEMES = ("default", "slate")
TAGS = ("new", "changed", "role")

CONTRAST = """el => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const fill = colour => {
        ctx.fillStyle = '#000000'; ctx.fillStyle = colour; const onBlack = ctx.fillStyle;
        ctx.fillStyle = '#ffffff'; ctx.fillStyle = colour;
        if (ctx.fillStyle !== onBlack) throw new Error('canvas cannot paint ' + colour);
        ctx.fillRect(0, 0, 1, 1);
    };
    const paint = colours => {
        ctx.clearRect(0, 0, 1, 1);
        ['#ffffff', ...colours].forEach(fill);
        return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
    };
    const layers = [];
    for (let node = el; node; node = node.parentElement) layers.unshift(getComputedStyle(node).backgroundColor);
    const background = paint(layers), text = paint([...layers, getComputedStyle(el).color]);
    const luminance = rgb => {
        const [r, g, b] = rgb.map(v => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
    return { ratio: (light + 0.05) / (dark + 0.05), textIsLighter: luminance(text) > luminance(background),
             text, background, colour: getComputedStyle(el).color, backgroundColour: getComputedStyle(el).backgroundColor };
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The sample handbook built and served once per colour scheme: scheme -> server."""
    servers = {}
    for scheme in SCHEMES:
        tmp = tmp_path_factory.mktemp(scheme)
        project = project_copy(tmp)
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert text.count("scheme: default") == 1, "the sample's palette has changed: update this fixture"
        config.write_text(text.replace("scheme: default", f"scheme: {scheme}"), encoding="utf-8")
        servers[scheme] = serve_project(project, tmp / "site")
    yield servers
    for server in servers.values():
        server.close()


@contextlib.contextmanager
def opened(browser, server, path: str, init_script: str | None = None):
    """A tab of its own on `path`, with no uncaught errors by the end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if init_script:
        context.add_init_script(init_script)
    try:
        tab = context.new_page()
        errors = watch_errors(tab)
        tab.goto(server.url + path)
        tab.wait_for_load_state("load")
        yield tab
        assert errors == [], errors
    finally:
        context.close()


def _scheme(tab) -> str:
    return tab.evaluate("document.body.getAttribute('data-md-color-scheme')")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_tag_is_text_of_at_least_4_5_to_1_on_its_background(browser, sites, scheme: str):
    with opened(browser, sites[scheme], E3) as tab:
        assert _scheme(tab) == scheme
        for kind in TAGS:
            tags = tab.locator(f".ladder-tag--{kind}")
            assert tags.count() >= 1, kind
            for index in range(tags.count()):
                measured = tags.nth(index).evaluate(CONTRAST)
                assert measured["ratio"] >= 4.5, (kind, index, measured)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_tags_follow_the_scheme_dark_text_on_default_light_text_on_slate(browser, sites, scheme: str):
    with opened(browser, sites[scheme], E3) as tab:
        for kind in TAGS:
            measured = tab.locator(f".ladder-tag--{kind}").first.evaluate(CONTRAST)
            assert measured["textIsLighter"] == (scheme == "slate"), (kind, measured)
        washes = {tuple(tab.locator(f".ladder-tag--{kind}").first.evaluate(CONTRAST)["background"]) for kind in TAGS}
        assert len(washes) == len(TAGS), "each tag has a background of its own colour"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_printed_tags_are_dark_text_of_at_least_4_5_to_1_in_either_scheme(browser, sites, scheme: str):
    """Material prints slate pages in the default scheme's colours: paper is white, so tags are too."""
    with opened(browser, sites[scheme], E3) as tab:
        tab.emulate_media(media="print")
        for kind in TAGS:
            measured = tab.locator(f".ladder-tag--{kind}").first.evaluate(CONTRAST)
            assert measured["ratio"] >= 4.5 and not measured["textIsLighter"], (kind, measured)


LONG_NOTE = " ".join(f"Point {n} of a long note, with a link and what a reviewer said." for n in range(1, 9))


def test_a_long_note_prints_in_full_without_its_focus_ring(browser, sites, tmp_path: Path):
    with opened(browser, sites["default"], E3) as tab:
        field = note(tab, "writes-readable-code")
        field.fill(LONG_NOTE)  # and the field keeps the focus, as after typing
        tab.emulate_media(media="print")
        printed = field.evaluate("t => ({ outline: getComputedStyle(t).outlineStyle, clipped: t.scrollHeight > t.clientHeight })")
        assert printed == {"outline": "none", "clipped": False}
        pdf = tmp_path / "note.pdf"
        tab.pdf(path=str(pdf), format="A4")
        assert LONG_NOTE in pdf_text(pdf)


DISABLED_STORAGE = """Object.defineProperty(window, 'localStorage', {
    get() { throw new DOMException("Access is denied for this document.", "SecurityError"); } });"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_not_kept_notice_is_text_of_at_least_4_5_to_1_on_its_background(browser, sites, scheme: str):
    with opened(browser, sites[scheme], E3, init_script=DISABLED_STORAGE) as tab:
        measured = tab.locator(".ladder-notice").evaluate(CONTRAST)
        assert measured["ratio"] >= 4.5, measured
        assert measured["textIsLighter"] == (scheme == "slate"), measured


@pytest.mark.parametrize("path", [E3, E3 + "self-assessment/"])
def test_slate_pages_meet_colour_contrast(browser, sites, path: str):
    require(AXE, "axe-core (npm ci)")
    with opened(browser, sites["slate"], path) as tab:
        tab.add_script_tag(path=str(AXE))
        violations = tab.evaluate("async () => (await axe.run(document, { runOnly: ['color-contrast'] })).violations")
        failing = [(n["target"], n["any"][0]["message"] if n["any"] else "") for v in violations for n in v["nodes"]]
        assert failing == [], failing
