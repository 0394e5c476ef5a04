"""The handbook in a real Chromium: checklists that remember, print, accessibility."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator import resolve_ladders, validate_dir

from .browser import AXE, E3, checkbox, click_checkbox, first_page_image, pdf_text, require, serve_project
from .browser import browser, page, server  # noqa: F401 (fixtures)
from .conftest import HANDBOOK, ROOT, project_copy

KEY = "ladder:v2:/:engineering:backend:e3:writes-readable-code"


def _checked(page, expectation_id: str) -> bool:
    return checkbox(page, expectation_id).is_checked()


def test_tick_survives_reload_under_a_stable_key(page):
    page.goto(page.base + E3)
    assert not _checked(page, "writes-readable-code")
    click_checkbox(page, "writes-readable-code")
    assert _checked(page, "writes-readable-code")
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == "1"
    page.reload()
    assert _checked(page, "writes-readable-code")
    assert page.locator(".ladder-progress--total").text_content() == "1 of 23 ticked"
    assert page.locator("#competency-craft .ladder-progress").text_content() == "1 of 8 ticked"


def test_checkboxes_are_labelled_with_the_expectation_text(page):
    page.goto(page.base + E3)
    box = page.get_by_role("checkbox", name="Leads a project of several people to delivery, keeping its scope, risks and plan visible.")
    assert box.count() == 1


def test_instant_navigation_away_and_back_keeps_ticks(page):
    page.goto(page.base + E3)
    click_checkbox(page, "designs-systems")
    page.evaluate("window.__stillThisDocument = true")
    page.locator(".md-content").get_by_role("link", name="Backend Engineer · E2", exact=True).click()
    page.wait_for_url("**/engineering/backend/e2/")
    page.wait_for_selector("li:has(#delivers-features) input[aria-label]")
    page.locator(".md-content").get_by_role("link", name="Senior Backend Engineer · E3", exact=True).first.click()
    page.wait_for_url("**/engineering/backend/e3/")
    page.wait_for_selector("li:has(#designs-systems) input[aria-label]")
    assert page.evaluate("window.__stillThisDocument === true"), "expected Material's instant navigation"
    assert _checked(page, "designs-systems")
    assert page.locator(".ladder-checklist button").count() == 2  # set up once per page, not twice


def test_instant_navigation_to_another_family_shows_that_familys_sidebar(page):
    page.goto(page.base + E3)
    sidebar = page.locator(".md-sidebar--primary")
    assert sidebar.get_by_role("link", name="Backend Engineer", exact=True).count() == 1
    page.evaluate("window.__stillThisDocument = true")
    page.locator(".md-tabs").get_by_role("link", name="Job families").click()
    page.wait_for_url("**/families/")
    page.locator(".md-content").get_by_role("link", name="Product Design overview").click()
    page.wait_for_url("**/product-design/")
    assert page.evaluate("window.__stillThisDocument === true"), "expected Material's instant navigation"
    assert sidebar.get_by_role("link", name="Competency matrix", exact=True).get_attribute("href").endswith("/product-design/matrix/")
    assert sidebar.get_by_role("link", name="Backend Engineer", exact=True).count() == 0
    assert sidebar.get_by_text("Product Design", exact=True).count() >= 1


def test_reset_asks_before_clearing(page):
    page.goto(page.base + E3)
    click_checkbox(page, "writes-readable-code")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset").click()
    assert _checked(page, "writes-readable-code")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset").click()
    assert not _checked(page, "writes-readable-code")
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    page.reload()
    assert not _checked(page, "writes-readable-code")


def test_download_contains_ticked_expectations_and_notes(page, tmp_path: Path):
    page.goto(page.base + E3)
    click_checkbox(page, "writes-readable-code")
    page.get_by_label("Evidence for: Writes code that a teammate").fill("Split the booking module into three readable parts.")
    page.reload()  # notes are kept too
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my self-assessment").click()
    download = info.value
    assert download.suggested_filename == "self-assessment-backend-e3.md"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Self-assessment: Senior Backend Engineer · E3\n")
    assert "## Technical craft" in text
    assert "- [x] Writes code that a teammate can read and change without asking you what it does." in text
    assert "    Evidence: Split the booking module into three readable parts." in text
    assert "- [ ] Adds tests for the behaviour you change" in text
    assert len(re.findall(r"^- \[[ x]\] ", text, flags=re.M)) == 23


def test_checklists_work_without_instant_navigation(browser, tmp_path: Path):
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("    - navigation.instant\n", ""))
    server = serve_project(project, tmp_path / "site")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url + E3)
        click_checkbox(page, "writes-readable-code")
        page.evaluate("window.__stillThisDocument = true")
        page.locator(".md-content").get_by_role("link", name="Backend Engineer · E2", exact=True).click()
        page.wait_for_url("**/engineering/backend/e2/")
        assert page.evaluate("window.__stillThisDocument === undefined"), "expected a full page load"
        page.go_back()
        page.wait_for_selector("li:has(#writes-readable-code) input[aria-label]")
        assert _checked(page, "writes-readable-code")
    finally:
        context.close()
        server.close()


PAPER = {"A4": 210 / 297, "Letter": 8.5 / 11}  # width / height


@pytest.mark.parametrize("paper", sorted(PAPER))
def test_self_assessment_prints_every_expectation_and_no_navigation(page, tmp_path: Path, paper: str):
    ladders, _ = validate_dir(HANDBOOK / "ladders")
    rl = resolve_ladders(ladders).families[0].role_level("backend", "e3")
    page.goto(page.base + E3 + "self-assessment/")
    pdf = tmp_path / f"self-assessment-{paper}.pdf"
    page.pdf(path=str(pdf), format=paper, print_background=True)
    text = pdf_text(pdf)
    for item in rl.items():
        assert " ".join(item.expectation.text.split()) in text, item.expectation.id
    for field in ("Name", "Manager", "Period covered", "Date sent", "Focus", "Risks", "Working towards"):
        assert field in text
    for chrome in ("Competency matrix", "Tracks compared", "Search", "Backend Engineer · E2", "Made with", "Table of contents"):
        assert chrome not in text, chrome
    width, height, inked = first_page_image(pdf, tmp_path / "page")
    assert abs(width / height - PAPER[paper]) < 0.01, (width, height)
    assert 0.01 < inked < 0.5, inked  # text on a white page: neither blank nor a block of ink


def test_upward_review_prints_without_navigation(page, tmp_path: Path):
    page.goto(page.base + "/engineering/engineering-manager/m1/upward-review/")
    pdf = tmp_path / "upward.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = pdf_text(pdf)
    assert "Holds regular one-to-ones that your reports find useful" in text
    assert "Competency matrix" not in text and "Search" not in text


def test_print_shows_empty_squares_not_grey_ticks(page):
    page.goto(page.base + E3)
    page.emulate_media(media="print")
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector('.task-list-indicator'), '::before');
                   return [s.borderTopStyle, s.maskImage || s.webkitMaskImage]; }"""
    )
    assert style[0] == "solid" and style[1] == "none"


@pytest.mark.parametrize("path", ["/", E3, E3 + "self-assessment/", "/engineering/engineering-manager/m1/upward-review/"])
def test_no_serious_accessibility_violations(page, path: str):
    require(AXE, "axe-core (npm ci)")
    page.goto(page.base + path)
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_xss_payloads_in_every_field_run_nothing(browser, tmp_path: Path):
    project = project_copy(tmp_path)
    shutil.rmtree(project / "ladders")
    shutil.copytree(ROOT / "tests" / "fixtures" / "xss", project / "ladders")
    server = serve_project(project, tmp_path / "site")
    context = browser.new_context()
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ["/", "/reviews/", "/x/", "/x/matrix/", "/x/tracks/", "/x/x1/", "/x/x1/next-m1/",
                     "/x/x1/self-assessment/", "/x/m1/", "/x/m1/upward-review/"]:
            page.goto(server.url + path)
            page.wait_for_load_state("load")
            page.mouse.move(400, 400)
            assert page.evaluate("window.__xss") is None, path
        text = page.locator(".md-content").inner_text()
        assert "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>" in text
    finally:
        context.close()
        server.close()
    assert dialogs == []


@pytest.mark.parametrize("paper", sorted(PAPER))
def test_a_matrix_prints_every_levels_column_whole(page, tmp_path: Path, paper: str):
    page.goto(page.base + "/engineering/matrix/")
    # every table's level names and cells as the screen shows them (the widest table scrolls there)
    headers, cells = page.evaluate(
        """() => { const tables = [...document.querySelectorAll('.ladder-matrix table')];
                   return [tables.flatMap(t => [...t.rows[0].cells].map(c => c.innerText.trim())),
                           tables.flatMap(t => [...t.rows].slice(1).flatMap(r => [...r.cells].slice(1)))
                                 .map(c => c.innerText.trim()).filter(text => text && text !== "–")]; }"""
    )
    assert {"E5", "M3"} <= set(headers) and any(cell.startswith("Shapes the architecture") for cell in cells)
    pdf = tmp_path / f"matrix-{paper}.pdf"
    page.pdf(path=str(pdf), format=paper, print_background=True)
    text = "".join(pdf_text(pdf).split())  # without spaces: a line may break after a hyphen, as in "non-engineers"
    assert [name for name in headers if name not in text] == []
    assert [cell for cell in cells if "".join(cell.split()) not in text] == []
