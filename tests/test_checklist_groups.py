"""The checklist on a per-level family whose competencies sit under groups (h2 group, h3 competency),
in a real Chromium: each competency heading counts its own ticks, the page counts them all."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .browser import Server, build_site, click_checkbox, project_with
from .browser import browser  # noqa: F401 (fixture)
from .test_real_ladders import GROUPED, HANDBOOK



@pytest.fixture(scope="module")
def grouped_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("groups")
    project = project_with(tmp, {"families/eng.yml": GROUPED})
    handbook = project / "ladders" / "handbook.yml"  # the sample's, with the proficiency scale GROUPED uses
    handbook.write_text(handbook.read_text() + HANDBOOK.split("\n", 1)[1])
    (tmp / "site").mkdir()
    instance = Server(tmp / "site")
    build_site(project, tmp / "site", instance.url + "/")
    yield instance
    instance.close()


def test_each_grouped_competency_counts_its_own_ticks(browser, grouped_site):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(grouped_site.url + "/eng/senior-2/")
    craft, mentoring = tab.locator("h3#competency-craft"), tab.locator("h3#competency-mentoring")
    expect(tab.locator("h2#group-delivery")).to_contain_text("Delivery")
    expect(craft.locator(".ladder-progress")).to_have_text("0 of 3 ticked")
    expect(mentoring.locator(".ladder-progress")).to_have_text("0 of 1 ticked")
    expect(tab.locator("h2#group-delivery .ladder-progress")).to_have_count(0)  # a group counts nothing itself
    click_checkbox(tab, "mentors")
    expect(mentoring.locator(".ladder-progress")).to_have_text("1 of 1 ticked")
    expect(craft.locator(".ladder-progress")).to_have_text("0 of 3 ticked")
    expect(tab.locator(".ladder-progress--total")).to_have_text("1 of 4 ticked")
    tab.reload()
    expect(tab.locator("h3#competency-mentoring .ladder-progress")).to_have_text("1 of 1 ticked")
    context.close()
    assert errors == []
