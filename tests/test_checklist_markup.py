"""Every expectation is in the checklist, and the box a keyboard is on can be seen. In a real Chromium."""

from __future__ import annotations

import re

import pytest

from .browser import E3, checkbox, click_checkbox, note, project_with, serve_project
from .browser import browser, page  # noqa: F401 (fixtures)

# A competency whose only expectation has no examples: Markdown makes it a tight list item (no <p>).
LONE = """\
id: solo
name: Solo
summary: One role, three expectations.
tracks:
  - {id: ic, name: Individual contributor}
levels:
  - {id: s1, title: Soloist, track: ic, summary: Plays., scope: A piece.}
competencies:
  - id: music
    name: Music
    summary: Playing well.
    expectations:
      s1:
        - {id: plays-in-tune, text: Plays in tune., examples: [Tunes before the concert.]}
        - {id: keeps-time, text: Keeps time.}
  - id: care
    name: Care
    summary: Looking after the instrument.
    expectations:
      s1:
        - {id: cleans-the-instrument, text: Cleans the instrument after playing.}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("markup")
    instance = serve_project(project_with(tmp, {"families/solo.yml": LONE}), tmp / "site")
    yield instance
    instance.close()


def test_an_expectation_alone_in_its_competency_without_examples_is_in_the_checklist(page):
    page.goto(page.base + "/solo/s1/")
    box = page.get_by_role("checkbox", name="Cleans the instrument after playing.")
    assert box.count() == 1
    assert note(page, "cleans-the-instrument").get_attribute("aria-label") == "Evidence for: Cleans the instrument after playing."
    assert page.locator(".ladder-progress--total").text_content() == "0 of 3 ticked"
    assert page.locator("#competency-care .ladder-progress").text_content() == "0 of 1 ticked"
    click_checkbox(page, "cleans-the-instrument")
    note(page, "cleans-the-instrument").fill("Every Friday.")
    page.reload()
    assert checkbox(page, "cleans-the-instrument").is_checked()
    assert note(page, "cleans-the-instrument").input_value() == "Every Friday."
    assert page.locator(".ladder-progress--total").text_content() == "1 of 3 ticked"
    assert page.locator("#competency-care .ladder-progress").text_content() == "1 of 1 ticked"


def _rgb(colour: str) -> tuple[float, float, float, float]:
    """A computed CSS colour, `rgb(...)` or `rgba(...)`, as (r, g, b, alpha)."""
    values = [float(v) for v in re.findall(r"[\d.]+", colour)]
    assert len(values) in (3, 4), colour
    return (*values[:3], values[3] if len(values) == 4 else 1.0)


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio; a translucent foreground is first laid over the background."""
    *fg, alpha = _rgb(foreground)
    bg = _rgb(background)[:3]
    over = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg)]
    light, dark = sorted((_luminance(over), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


RING = """el => {
    const indicator = el.closest('label').querySelector('.task-list-indicator');
    const drawn = [null, '::before', '::after'].map(p => getComputedStyle(indicator, p))
        .filter(s => s.content !== 'none' && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0);
    let node = indicator, background = 'rgb(255, 255, 255)';
    for (; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { background = colour; break; }
    }
    return { focusVisible: el.matches(':focus-visible'), background,
             rings: drawn.map(s => ({ colour: s.outlineColor, width: parseFloat(s.outlineWidth), style: s.outlineStyle })) };
}"""


def test_the_checkbox_a_keyboard_is_on_has_a_ring_of_at_least_3_to_1(page):
    page.goto(page.base + E3)
    page.wait_for_selector("li:has(#writes-readable-code) input[aria-label]")
    assert checkbox(page, "writes-readable-code").evaluate(RING)["rings"] == [], "no ring before focus"
    page.locator("#competency-craft").click()  # a start for Tab: the heading's permalink, then the first box
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'checkbox'"):
            break
    focused = page.evaluate_handle("document.activeElement")
    assert focused.evaluate("el => el.getAttribute('aria-label')").startswith("Writes code that a teammate")
    ring = focused.evaluate(RING)
    assert ring["focusVisible"]
    assert len(ring["rings"]) == 1, ring
    colour, width, style = ring["rings"][0]["colour"], ring["rings"][0]["width"], ring["rings"][0]["style"]
    assert style == "solid" and width >= 2, ring
    assert _contrast(colour, ring["background"]) >= 3, ring
    assert checkbox(page, "tests-own-changes").evaluate(RING)["rings"] == [], "only the focused box has a ring"
