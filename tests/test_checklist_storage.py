"""The checklist keeps what readers write, apart from other handbooks, or says that it cannot.

In a real Chromium. The handbook is served twice on one origin, under /a/ and
/b/, and has an extra family `backend`: the id of one of Engineering's roles.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from .browser import E3, Server, build_site, checkbox, click_checkbox, note, project_with, watch_errors
from .browser import browser, page  # noqa: F401 (fixtures)

A, B = "/a", "/b"
KEY = "ladder:v2:/a/:engineering:backend:e3:writes-readable-code"
OLD_KEY = "ladder:backend:e3:writes-readable-code"  # version 1: no site, no family
NOT_KEPT = "This browser is not keeping your ticks and notes"

BACKEND_FAMILY = """\
id: backend
name: Backend
summary: A family whose id is also the id of a role of Engineering.
tracks:
  - {id: ic, name: Individual contributor}
levels:
  - {id: e3, title: Backend Specialist, track: ic, summary: Specialises., scope: A service.}
competencies:
  - id: craft
    name: Craft
    summary: Building services.
    expectations:
      e3:
        - {id: writes-readable-code, text: Writes services others can read.}
        - {id: runs-services, text: Runs the services it builds.}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One built handbook served under two paths of one origin."""
    tmp = tmp_path_factory.mktemp("storage")
    root = tmp / "root"
    (root / "a").mkdir(parents=True)
    instance = Server(root)
    build_site(project_with(tmp, {"families/backend.yml": BACKEND_FAMILY}), root / "a", instance.url + A + "/")
    shutil.copytree(root / "a", root / "b")
    yield instance
    instance.close()


def _total(page) -> str:
    return page.locator(".ladder-progress--total").text_content()


def _stored(page, key: str):
    return page.evaluate("key => localStorage.getItem(key)", key)


def test_ticks_are_saved_under_a_key_of_the_site_and_family(page):
    page.goto(page.base + A + E3)
    click_checkbox(page, "writes-readable-code")
    page.get_by_label("Evidence for: Writes code that a teammate").fill("Split a module.")
    assert _stored(page, KEY) == "1"
    assert _stored(page, KEY + ":note") == "Split a module."
    assert _stored(page, OLD_KEY) is None


def test_one_site_served_under_two_paths_keeps_two_sets_of_ticks(page):
    page.goto(page.base + A + E3)
    click_checkbox(page, "writes-readable-code")
    page.goto(page.base + B + E3)
    assert not checkbox(page, "writes-readable-code").is_checked()
    assert _total(page) == "0 of 23 ticked"
    page.goto(page.base + A + E3)
    assert checkbox(page, "writes-readable-code").is_checked()


def test_a_family_named_like_another_familys_role_keeps_its_own_ticks(page):
    page.goto(page.base + A + E3)
    click_checkbox(page, "writes-readable-code")
    page.goto(page.base + A + "/backend/e3/")
    assert not checkbox(page, "writes-readable-code").is_checked()
    assert _total(page) == "0 of 2 ticked"


def test_ticks_and_notes_saved_under_the_old_keys_are_carried_over_once(page):
    page.goto(page.base + A + "/")  # saved by the version before, as this browser first opens the new one
    page.evaluate("key => { localStorage.setItem(key, '1'); localStorage.setItem(key + ':note', 'From before.'); }", OLD_KEY)
    page.goto(page.base + A + E3)
    assert checkbox(page, "writes-readable-code").is_checked()
    assert note(page, "writes-readable-code").input_value() == "From before."
    assert _stored(page, KEY) == "1" and _stored(page, KEY + ":note") == "From before."
    assert _stored(page, OLD_KEY) == "1", "copied, not moved: an older handbook on this origin may read it"
    click_checkbox(page, "writes-readable-code")  # untick: the old key must not bring it back
    page.reload()
    assert not checkbox(page, "writes-readable-code").is_checked()
    assert _total(page) == "0 of 23 ticked"


def _fill_storage(page) -> str:
    """Fill this origin's localStorage until even one more character is refused; the error's name."""
    return page.evaluate("""() => {
        let size = 1 << 22, i = 0, refused = '';
        while (size >= 1) {
            try { localStorage.setItem('filler:' + i++, 'x'.repeat(size)); }
            catch (e) { refused = e.name; size = Math.floor(size / 2); }
        }
        return refused;
    }""")


def test_a_full_storage_keeps_the_counter_true_and_says_it_is_not_keeping_answers(page):
    page.goto(page.base + A + E3)
    notice = page.locator(".ladder-checklist").get_by_role("alert")
    expect(notice).to_have_count(0)
    assert _fill_storage(page) == "QuotaExceededError"
    click_checkbox(page, "writes-readable-code")
    assert checkbox(page, "writes-readable-code").is_checked()
    assert _total(page) == "1 of 23 ticked"
    assert page.locator("#competency-craft .ladder-progress").text_content() == "1 of 8 ticked"
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(NOT_KEPT)
    expect(notice).to_contain_text("Download your self-assessment")
    assert _stored(page, KEY) is None
    note(page, "writes-readable-code").fill("Not kept.")  # a second refused write: no error either
    page.emulate_media(media="print")
    expect(notice).to_be_hidden()


def test_disabled_storage_says_so_at_once_and_the_checklist_still_works(browser, server):
    context = browser.new_context()
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException("Access is denied for this document.", "SecurityError"); } });""")
    try:
        tab = context.new_page()
        errors = watch_errors(tab)
        tab.goto(server.url + A + E3)
        notice = tab.locator(".ladder-checklist").get_by_role("alert")
        expect(notice).to_contain_text(NOT_KEPT)
        click_checkbox(tab, "writes-readable-code")
        assert checkbox(tab, "writes-readable-code").is_checked()
        assert _total(tab) == "1 of 23 ticked"
        tab.get_by_label("Evidence for: Writes code that a teammate").fill("Kept only on screen.")
        with tab.expect_download() as download:
            tab.get_by_role("button", name="Download my self-assessment").click()
        assert "Kept only on screen." in download.value.path().read_text(encoding="utf-8")
        assert errors == []
    finally:
        context.close()


def test_two_tabs_of_one_page_keep_in_step(browser, server):
    context = browser.new_context()
    try:
        first, second = context.new_page(), context.new_page()
        errors = [watch_errors(first), watch_errors(second)]
        for tab in (first, second):
            tab.goto(server.url + A + E3)
        click_checkbox(first, "writes-readable-code")
        expect(checkbox(second, "writes-readable-code")).to_be_checked()
        expect(second.locator(".ladder-progress--total")).to_have_text("1 of 23 ticked")
        expect(second.locator("#competency-craft .ladder-progress")).to_have_text("1 of 8 ticked")
        note(second, "tests-own-changes").fill("Written in the second tab.")
        expect(note(first, "tests-own-changes")).to_have_value("Written in the second tab.")
        note(first, "tests-own-changes").fill("Then changed in the first.")
        expect(note(second, "tests-own-changes")).to_have_value("Then changed in the first.")
        click_checkbox(second, "writes-readable-code")
        expect(checkbox(first, "writes-readable-code")).not_to_be_checked()
        expect(first.locator(".ladder-progress--total")).to_have_text("0 of 23 ticked")
        assert errors == [[], []]
    finally:
        context.close()


def test_without_materials_scope_the_site_base_comes_from_its_configuration(browser, server):
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, '__md_scope', { get() {}, set(value) {} });")
    try:
        tab = context.new_page()
        tab.goto(server.url + A + E3)
        assert tab.evaluate("window.__md_scope") is None
        click_checkbox(tab, "writes-readable-code")
        assert _stored(tab, KEY) == "1"
    finally:
        context.close()
