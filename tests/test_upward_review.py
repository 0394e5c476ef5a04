"""The upward review in Chromium: reports fill it in (anonymously if they choose) and export it; their manager
opens three files at once and sees them combined, without names, and prints that. Linked from the pages
reports read, and from the employee guide."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .browser import AXE, E3, browser, employee, form_item, pdf_text, person_tab, require, sent_elsewhere, server  # noqa: F401

UP = "/engineering/engineering-manager/m1/upward-review/"
ONES = "holds-one-to-ones"


_item = form_item


def _write_one(browser, server, tmp_path: Path, who: str, rating: str, example: str, anonymous: bool) -> Path:
    context, tab = person_tab(browser, server)
    try:
        tab.goto(tab.base + UP)
        tab.locator('.ladder-fields [data-field="name"] input').fill(who)
        tab.locator('.ladder-fields [data-field="period"] input').fill("2026 H2")
        _item(tab, ONES).locator(f'[data-field="rating"] input[value="{rating}"]').check()
        _item(tab, ONES).locator('[data-field="examples"] textarea').fill(example)
        tab.locator('[data-field="keep"] textarea').fill(f"Keep the Friday demos ({rating})")
        if anonymous:
            tab.get_by_label("Leave my name and the date out of the file").check()
        with tab.expect_download() as info:
            tab.get_by_role("button", name="Export for my manager").click()
        path = tmp_path / f"{who.split()[0].lower()}.json"
        info.value.save_as(path)
        assert tab.errors == [] and sent_elsewhere(tab) == []
        return path
    finally:
        context.close()


def test_an_anonymous_review_file_holds_nothing_that_names_its_writer(browser, server, tmp_path: Path):
    path = _write_one(browser, server, tmp_path, "Ada Okafor", "meeting", "Our one-to-ones end with an action each.", True)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format"] == "ladder-upward-review" and data["anonymous"] is True
    assert "Ada" not in text and "name" not in data["answers"]["person"] and "written" not in data
    assert data["answers"]["expectation"][ONES] == {"rating": "meeting", "examples": "Our one-to-ones end with an action each."}


def test_a_named_review_keeps_its_name_and_the_draft_survives_a_reload(employee):
    tab = employee
    tab.goto(tab.base + UP)
    tab.locator('.ladder-fields [data-field="name"] input').fill("Ben Park")
    _item(tab, ONES).locator('[data-field="rating"] input[value="exceeding"]').check()
    tab.reload()
    assert tab.locator('.ladder-fields [data-field="name"] input').input_value() == "Ben Park"
    assert _item(tab, ONES).locator('[data-field="rating"] input[value="exceeding"]').is_checked()
    tab.get_by_label("Leave my name and the date out of the file").check()
    assert tab.locator('.ladder-fields [data-field="name"] input').input_value() == ""
    assert tab.locator('.ladder-fields [data-field="name"] input').get_attribute("readonly") is not None


def test_the_manager_combines_three_files_without_names_and_prints_it(browser, server, employee, tmp_path: Path):
    tab = employee  # the manager
    files = [
        _write_one(browser, server, tmp_path, "Ada Okafor", "meeting", "Every week, with notes.", True),
        _write_one(browser, server, tmp_path, "Ben Park", "meeting", "Moved twice this month.", True),
        _write_one(browser, server, tmp_path, "Cleo Diaz", "working-towards", "Often cancelled.", False),
    ]
    junk = tmp_path / "junk.json"
    junk.write_text('{"format": "ladder-self-assessment"}', encoding="utf-8")
    tab.goto(tab.base + UP)
    tab.locator('.ladder-toolbar input[type="file"]').set_input_files([str(f) for f in [*files, files[0], junk]])
    combined = tab.locator(".ladder-combined")
    expect(combined).to_contain_text("Reviews combined: 3")
    expect(combined).to_contain_text("Files left out, not upward reviews of this level: 1")
    row = combined.locator("tbody tr").filter(has_text="Holds regular one-to-ones")
    assert row.locator("td.ladder-count").all_inner_texts() == ["1", "2", "0", "0"]  # working towards, meeting, exceeding, none
    assert row.locator(".ladder-comments li").all_inner_texts() == ["Every week, with notes.", "Moved twice this month.", "Often cancelled."]
    assert "Cleo" not in combined.inner_text() and "Ada" not in combined.inner_text()
    pdf = tmp_path / "combined.pdf"
    tab.evaluate("document.body.classList.add('ladder-printing-combined')")
    tab.emulate_media(media="print")
    tab.pdf(path=str(pdf), format="A4")
    text = pdf_text(pdf)
    assert "Reviews combined: 3" in text and "Often cancelled." in text and "Keep the Friday demos (meeting)" in text
    assert "Leave my name" not in text and "Period covered" not in text, text[:3000]  # the form itself is not printed


def test_reports_find_it_from_their_level_pages_and_the_employee_guide(employee):
    tab = employee
    tab.goto(tab.base + E3)
    links = tab.locator("li:has-text('Review your manager') a")
    assert [a.get_attribute("href") for a in links.all()][0].endswith("engineering-manager/m1/upward-review/")
    assert links.count() == 3  # M1, M2, M3
    tab.goto(tab.base + "/guides/employees/")
    guide = [a.get_attribute("href") for a in tab.locator("#reviewing-your-manager ~ ul").first.locator("a").all()]
    assert [h.split("/")[-3:] for h in guide][:3] == [["m1", "upward-review", ""], ["m2", "upward-review", ""], ["m3", "upward-review", ""]]
    assert all(h.endswith("/upward-review/") for h in guide)  # every family's manager levels, these first


def test_no_serious_accessibility_violations_with_the_combined_view(browser, server, employee, tmp_path: Path):
    tab = employee
    require(AXE, "axe-core (npm ci)")
    path = _write_one(browser, server, tmp_path, "Ada Okafor", "meeting", "Weekly.", True)
    tab.goto(tab.base + UP)
    tab.locator('.ladder-toolbar input[type="file"]').set_input_files(str(path))
    expect(tab.locator(".ladder-combined")).to_be_visible()
    tab.mouse.move(0, 0)
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate("async () => (await axe.run(document)).violations")
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
