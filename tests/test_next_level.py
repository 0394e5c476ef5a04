"""The next level, in Chromium: ticks carry up a promotion and a change of track; the next-level page says where
the person stands and keeps their notes, which then appear in the self-assessment's Promotion section."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .browser import AXE, E3, browser, checkbox, click_checkbox, page, require, server  # noqa: F401

E4 = "/engineering/backend/e4/"
M1 = "/engineering/engineering-manager/m1/"
NEXT = E3 + "next-e4/"
CARRIED = "writes-readable-code"  # asked at E3 and, unchanged, at E4 and M1


def test_a_tick_at_e3_carries_to_e4_and_to_m1_until_unticked_there(page):
    page.goto(page.base + E3)
    click_checkbox(page, CARRIED)
    page.goto(page.base + E4)
    assert checkbox(page, CARRIED).is_checked()
    assert page.locator(f"li:has(#{CARRIED}) .ladder-tag--carried-tick").inner_text() == "Ticked at a level below"
    page.goto(page.base + M1)  # a change of track, and of role
    assert checkbox(page, CARRIED).is_checked()
    click_checkbox(page, CARRIED)  # not at this level, says the reader
    page.reload()
    assert not checkbox(page, CARRIED).is_checked()
    page.goto(page.base + E3)
    assert checkbox(page, CARRIED).is_checked()  # E3's own tick is untouched


def test_the_next_level_page_says_where_you_stand_and_keeps_notes_for_the_self_assessment(page):
    page.goto(page.base + E3)
    click_checkbox(page, "owns-team-systems")
    page.goto(page.base + NEXT)
    stand = page.locator(".ladder-stand")
    expect(stand).to_contain_text("New expectations with a note of where you already do them: 0 of 4")
    expect(stand).to_contain_text("Ticked at your current level: 1.")
    changed = page.locator("#owns-outcomes")
    assert changed.locator(".ladder-tag--carried-tick").inner_text() == "You ticked the one it replaces"
    note = page.get_by_label("Where I already do this: Sets technical direction", exact=False)
    note.fill("Set the event format booking and crewing share.\nBoth teams signed it off.")
    expect(stand).to_contain_text("New expectations with a note of where you already do them: 1 of 4")
    expect(page.locator(".ladder-stand .ladder-status")).to_contain_text("Saved in this browser")
    page.reload()
    assert page.get_by_label("Where I already do this: Sets technical direction", exact=False).input_value().endswith("signed it off.")
    page.goto(page.base + E3 + "self-assessment/")
    promoted = page.locator('.ladder-item[data-kind="next"][data-id="sets-technical-direction"][data-target="e4"] textarea')
    assert promoted.input_value() == "Set the event format booking and crewing share.\nBoth teams signed it off."
    assert page.locator('.ladder-item[data-id="owns-team-systems"] [data-field="rating"] input[value="meeting"]').is_checked()


def test_no_serious_accessibility_violations_on_the_next_level_page(page):
    require(AXE, "axe-core (npm ci)")
    page.goto(page.base + NEXT)
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
