"""Search, in Chromium: an expectation found by search opens on the level page where it starts, at its anchor,
with the words searched for highlighted; the index stays small."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from .browser import browser, page, server  # noqa: F401


def test_a_search_for_an_expectation_opens_it_at_its_anchor_highlighted(page):
    page.goto(page.base + "/")
    page.locator(".md-search__input").click()
    page.keyboard.type("teammate")
    result = page.locator(".md-search-result__item a").filter(has_text="Writes code that a teammate can read").first
    expect(result).to_be_visible(timeout=15000)
    href = urlsplit(result.get_attribute("href"))
    assert href.path.endswith("/engineering/backend/e1/") and href.fragment == "writes-readable-code"
    result.click()
    page.wait_for_url("**/engineering/backend/e1/**")
    assert urlsplit(page.url).fragment == "writes-readable-code" and "h=teammate" in page.url
    target = page.locator("#writes-readable-code")
    expect(target.locator("mark")).to_have_text("teammate")  # Material's search.highlight
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]  # scrolled to it


def test_a_competency_name_finds_its_family_once(page):
    page.goto(page.base + "/")
    box = page.locator(".md-search__input")
    box.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15000)
    # one query, filled whole (typed keys re-render the list per key); Material reads the box on a keyup,
    # on focus or when its index is ready, not on the input event a fill sends, so a key that types
    # nothing makes it read the query the fill left there
    box.fill("Technical craft")
    box.press("End")
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_attached(timeout=15000)
    # one snapshot of the list, not one locator per item that a re-render could leave pointing at nothing
    hrefs = [urlsplit(h) for h in results.evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    assert hrefs
    assert any(h.path.endswith("/engineering/") for h in hrefs)  # the family's overview lists its competencies
    assert not [h for h in hrefs if h.fragment.startswith("competency-")]  # not once per level page
