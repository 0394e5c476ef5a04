"""The handbook on a phone (390 x 844, Chromium): no page is wider than the screen, so nothing is cut off
or has to be scrolled to sideways as a whole; a wide table scrolls inside its own box."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .browser import E3, PHONE, browser, own_tab, server  # noqa: F401
from .test_upward_review import UP, _write_one

PAGES = ["/", "/families/", "/engineering/", "/engineering/matrix/", "/engineering/tracks/", E3, E3 + "next-level/",
         E3 + "self-assessment/", UP, "/reviews/", "/guides/employees/"]


@pytest.fixture
def phone(browser, server):
    yield from own_tab(browser, server, PHONE)


def _too_wide(tab) -> list[str]:
    """What sticks out past the screen's right edge, outside any box that scrolls: the page's width, and its widest parts."""
    return tab.evaluate(
        """() => {
             const width = document.documentElement.clientWidth;
             if (document.documentElement.scrollWidth <= width) return [];
             const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
               const s = getComputedStyle(e); if (/(auto|scroll|hidden)/.test(s.overflowX) && e !== document.body
                 && e !== document.documentElement) return true; } return false; };
             const out = [...document.querySelectorAll('.md-content *')]
               .filter(e => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
               .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
             return [`page ${document.documentElement.scrollWidth} px wide`, ...new Set(out)].slice(0, 8);
           }"""
    )


@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_a_phone(phone, path: str):
    phone.goto(phone.base + path)
    phone.wait_for_load_state("load")
    assert _too_wide(phone) == []


def test_the_combined_upward_reviews_fit_a_phone(browser, server, phone, tmp_path: Path):
    files = [_write_one(browser, server, tmp_path, name, rating, f"{rating}: every week.", True)
             for name, rating in (("Ada Okafor", "meeting"), ("Ben Park", "exceeding"))]  # equal files count once
    phone.goto(phone.base + UP)
    phone.locator('.ladder-toolbar input[type="file"]').set_input_files([str(f) for f in files])
    expect(phone.locator(".ladder-combined")).to_contain_text("Reviews combined: 2")
    assert _too_wide(phone) == []
