"""The self-assessment in Chromium: an employee fills it in, prints it and exports it; their manager opens the
file, rates, compares side by side and exports the record. Nothing is sent anywhere."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .browser import AXE, E3, browser, checkbox, click_checkbox, employee, form_item, manager, note, pdf_text, require, sent_elsewhere, server  # noqa: F401

SA = E3 + "self-assessment/"
CODE = "backend-data-migrations"  # an expectation of the backend role at E3
CORE = "writes-readable-code"  # one of the family's, carried up to E3


_item = form_item


def _rate(tab, expectation_id: str, rating: str, field: str = "rating") -> None:
    _item(tab, expectation_id).locator(f'[data-field="{field}"] input[value="{rating}"]').check()


def _evidence(tab, expectation_id: str, field: str = "evidence"):
    return _item(tab, expectation_id).locator(f'[data-field="{field}"] textarea')


def _fill(tab) -> None:
    tab.goto(tab.base + SA)
    tab.locator('.ladder-fields [data-field="name"] input').fill("Ada Okafor")
    tab.locator('.ladder-fields [data-field="period"] input').fill("2026 H2")
    _rate(tab, CODE, "meeting")
    _evidence(tab, CODE).fill("Migrated the bookings table in three releases.\nWrote the rollback plan first.")
    _rate(tab, CORE, "working-towards")
    _evidence(tab, CORE).fill("<script>alert(1)</script> & friends")
    tab.locator('.ladder-item[data-kind="alignment"][data-id="focus"] textarea').first.fill("Ship the berth planner.")
    tab.locator(".ladder-questions li").first.locator("input").check()
    tab.locator('[data-field="own-questions"] textarea').fill("What would Staff look like on my team?")


def _export(tab, tmp_path: Path, label: str = "Export for my manager") -> tuple[Path, dict]:
    with tab.expect_download() as info:
        tab.get_by_role("button", name=label).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def _handed_over(employee, manager, tmp_path: Path) -> Path:
    """The employee fills in and exports; the manager opens the file on the same page."""
    _fill(employee)
    path, _ = _export(employee, tmp_path)
    manager.goto(manager.base + SA)
    manager.locator('.ladder-toolbar input[type="file"]').set_input_files(str(path))
    expect(manager.locator(".ladder-review-note")).to_contain_text("Ada Okafor")
    return path


def test_what_the_employee_writes_survives_a_reload_and_says_it_is_saved(employee):
    _fill(employee)
    assert "Saved in this browser" in employee.locator(".ladder-status").inner_text()
    employee.reload()
    assert employee.locator('.ladder-fields [data-field="name"] input').input_value() == "Ada Okafor"
    assert _item(employee, CODE).locator('[data-field="rating"] input[value="meeting"]').is_checked()
    assert _evidence(employee, CODE).input_value() == "Migrated the bookings table in three releases.\nWrote the rollback plan first."
    assert employee.locator(".ladder-questions li").first.locator("input").is_checked()
    assert not employee.locator(".ladder-for-manager").first.is_visible()  # the manager's part waits for the manager


def test_it_starts_from_the_level_pages_ticks_and_notes(employee):
    employee.goto(employee.base + E3)
    click_checkbox(employee, CODE)
    note(employee, CORE).fill("Paired with Julie on her first service.")
    employee.goto(employee.base + SA)
    assert _item(employee, CODE).locator('[data-field="rating"] input[value="meeting"]').is_checked()  # a tick: the middle of the scale
    assert _evidence(employee, CORE).input_value() == "Paired with Julie on her first service."
    assert not _item(employee, CORE).locator('[data-field="rating"] input:checked').count()
    assert "ticks and notes" in employee.locator(".ladder-status").inner_text()


def test_a_tick_made_after_the_self_assessment_was_begun_still_reaches_it_and_answers_stay(employee):
    employee.goto(employee.base + SA)
    _rate(employee, CORE, "working-towards")  # begun: one expectation answered here
    employee.goto(employee.base + E3)
    click_checkbox(employee, CODE)
    click_checkbox(employee, CORE)
    note(employee, CORE).fill("Written on the level page afterwards.")
    employee.goto(employee.base + SA)
    assert _item(employee, CODE).locator('[data-field="rating"] input[value="meeting"]').is_checked()  # the later tick
    assert _item(employee, CORE).locator('[data-field="rating"] input[value="working-towards"]').is_checked()  # kept
    assert _evidence(employee, CORE).input_value() == ""  # an answered expectation is not filled in over
    employee.on("dialog", lambda dialog: dialog.accept())
    employee.get_by_role("button", name="Start a new one").click()
    assert _item(employee, CODE).locator('[data-field="rating"] input[value="meeting"]').is_checked()  # from the ticks again
    assert _evidence(employee, CORE).input_value() == "Written on the level page afterwards."
    assert "ticks and notes" in employee.locator(".ladder-status").inner_text()


def test_a_question_to_bring_is_ticked_by_its_words_and_prints_as_a_box(employee, tmp_path: Path):
    employee.goto(employee.base + SA)
    first = employee.locator(".ladder-questions li").first
    first.locator("label").click(position={"x": 80, "y": 5})  # on its words, not the box
    assert first.locator("input").is_checked()
    employee.emulate_media(media="print")
    assert first.locator("input").is_hidden() and employee.evaluate(
        "() => getComputedStyle(document.querySelector('.ladder-questions .ladder-question'), '::before').content") == '"☒\xa0"'


def test_starting_a_new_one_keeps_the_old_one_dated(employee):
    _fill(employee)
    employee.on("dialog", lambda dialog: dialog.accept())
    employee.get_by_role("button", name="Start a new one").click()
    assert _evidence(employee, CODE).input_value() == ""
    assert not _item(employee, CODE).locator("input:checked").count()
    history = employee.locator(".ladder-history")
    history.locator("summary").click()
    expect(history).to_contain_text("2 rated, 2 with evidence")
    today = datetime.datetime.now(datetime.UTC).date()
    expect(history).to_contain_text(f"{today:%B} {today.day}, {today.year}: 2 rated")  # the day in the page's language


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printing_prints_what_was_filled_in(employee, tmp_path: Path, paper: str):
    _fill(employee)
    pdf = tmp_path / "filled.pdf"
    employee.emulate_media(media="print")
    employee.pdf(path=str(pdf), format=paper, print_background=True)
    text = pdf_text(pdf)
    assert "Ada Okafor" in text
    assert "Migrated the bookings table in three releases. Wrote the rollback plan first." in text  # both lines
    assert "<script>alert(1)</script> & friends" in text
    assert "What would Staff look like on my team?" in text
    assert "\u2612 Meeting" in text and "\u2610 Exceeding" in text  # the chosen rating crossed, the others empty
    assert "Export for my manager" not in text  # the toolbar is for the screen


def test_the_export_is_a_versioned_file_of_ids_and_what_was_written(employee, tmp_path: Path):
    _fill(employee)
    path, data = _export(employee, tmp_path)
    assert path.name.startswith("self-assessment-backend-e3-") and path.suffix == ".json"
    assert (data["format"], data["version"]) == ("ladder-self-assessment", 1)
    assert data["ladder"]["family"] == "engineering" and data["ladder"]["role"] == "backend" and data["ladder"]["level"] == "e3"
    assert CODE in data["ladder"]["expectations"] and len(data["ladder"]["expectations"][CODE]) == 8
    answers = data["answers"]
    assert answers["expectation"][CORE] == {"rating": "working-towards", "evidence": "<script>alert(1)</script> & friends"}
    assert answers["person"]["name"]["value"] == "Ada Okafor" and answers["questions"]["1"]["chosen"] is True
    readable = {entry["id"]: entry for entry in data["readable"]}
    assert readable[CODE]["rating"] == "Meeting" and readable[CODE]["expectation"].startswith("Plans data migrations")
    assert set(data) == {"format", "version", "written", "ladder", "answers", "readable"}
    assert sent_elsewhere(employee) == []  # nothing sent


def test_a_manager_opens_the_file_rates_and_sees_disagreements_first(employee, manager, tmp_path: Path):
    path = _handed_over(employee, manager, tmp_path)
    own = _item(manager, CODE).locator('[data-field="rating"] input[value="meeting"]')
    assert own.is_checked() and own.is_disabled()  # the report's answers, read-only
    assert _evidence(manager, CODE).get_attribute("readonly") is not None
    _rate(manager, CODE, "exceeding", "manager-rating")
    _rate(manager, CORE, "working-towards", "manager-rating")
    _evidence(manager, CODE, "manager-view").fill("Agree: and the runbook helped the on-call rota.")
    rows = manager.locator(".ladder-side-by-side tbody tr")
    assert rows.nth(0).locator("td").nth(0).inner_text().startswith("Plans data migrations")
    assert rows.nth(0).locator("td").nth(3).inner_text() == "Ratings differ"
    assert rows.nth(1).locator("td").nth(3).inner_text() == "Gap"
    manager.get_by_role("button", name="Add an action").click()
    action = manager.locator(".ladder-action").first
    action.locator("input").nth(0).fill("Lead the next migration")
    action.locator("input").nth(1).fill("Ada")
    action.locator("input").nth(1).press("Tab")
    record_path, record = _export(manager, tmp_path, "Export the record")
    assert record["format"] == "ladder-review" and record["self"]["answers"]["person"]["name"]["value"] == "Ada Okafor"
    assert record["manager"]["expectation"][CODE] == {"manager-rating": "exceeding", "manager-view": "Agree: and the runbook helped the on-call rota."}
    assert record["actions"] == [{"what": "Lead the next migration", "owner": "Ada", "due": ""}]
    # Kept under that report and period: opening the file again brings the manager's ratings back
    manager.reload()
    assert _item(manager, CODE).locator('[data-field="rating"] input:checked').count() == 0  # their own, empty
    manager.locator('.ladder-toolbar input[type="file"]').set_input_files(str(path))
    expect(manager.locator(".ladder-review-note")).to_contain_text("Ada Okafor")
    assert _item(manager, CODE).locator('[data-field="manager-rating"] input[value="exceeding"]').is_checked()
    # the employee opens the record: both views, read as the manager wrote them
    employee.locator('.ladder-toolbar input[type="file"]').set_input_files(str(record_path))
    expect(employee.locator(".ladder-review-note")).to_contain_text("Ada Okafor")
    assert _item(employee, CODE).locator('[data-field="manager-rating"] input[value="exceeding"]').is_checked()


def test_two_reports_are_kept_apart(manager, tmp_path: Path):
    files = []
    for name in ("Ada Okafor", "Ben Park"):
        data = {"format": "ladder-self-assessment", "version": 1, "written": "2026-11-20",
                "ladder": {"family": "engineering", "role": "backend", "level": "e3", "title": "", "expectations": {}},
                "answers": {"person": {"name": {"value": name}, "period": {"value": "2026 H2"}}}, "readable": []}
        files.append(tmp_path / f"{name.split()[0]}.json")
        files[-1].write_text(json.dumps(data), encoding="utf-8")
    manager.goto(manager.base + SA)
    picker = manager.locator('.ladder-toolbar input[type="file"]')
    picker.set_input_files(str(files[0]))
    _rate(manager, CODE, "meeting", "manager-rating")
    picker.set_input_files(str(files[1]))
    expect(manager.locator(".ladder-review-note")).to_contain_text("Ben Park")
    assert _item(manager, CODE).locator('[data-field="manager-rating"] input:checked').count() == 0
    picker.set_input_files(str(files[0]))
    expect(manager.locator(".ladder-review-note")).to_contain_text("Ada Okafor")
    assert _item(manager, CODE).locator('[data-field="manager-rating"] input[value="meeting"]').is_checked()


def test_a_file_of_an_older_ladder_says_what_is_new_reworded_and_gone(employee, manager, tmp_path: Path):
    _fill(employee)
    path, data = _export(employee, tmp_path)
    expectations = data["ladder"]["expectations"]
    del expectations[CORE]
    expectations[CODE] = "00000000"
    expectations["retired-expectation"] = "12345678"
    path.write_text(json.dumps(data), encoding="utf-8")
    manager.goto(manager.base + SA)
    manager.locator('.ladder-toolbar input[type="file"]').set_input_files(str(path))
    expect(manager.locator(".ladder-review-note li").first).to_be_visible()
    notes = manager.locator(".ladder-review-note li").all_inner_texts()
    assert any(n.startswith("New since the file was written:") and "teammate can read" in n for n in notes)
    assert any(n.startswith("Reworded since the file was written: Plans data migrations") for n in notes)
    assert "No longer on this level: retired-expectation" in notes
    assert _evidence(manager, CODE).input_value().startswith("Migrated the bookings table")  # answers stay on their ids


def test_a_file_of_another_page_or_no_file_at_all_is_refused_with_a_message(manager, tmp_path: Path):
    manager.goto(manager.base + SA)
    picker = manager.locator('.ladder-toolbar input[type="file"]')
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    picker.set_input_files(str(junk))
    expect(manager.locator(".ladder-status")).to_have_text("This is not a self-assessment file of this handbook.")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "ladder-self-assessment", "version": 1, "answers": {},
                                 "ladder": {"family": "engineering", "role": "backend", "level": "e4", "title": "Staff Backend Engineer"}}))
    picker.set_input_files(str(other))
    expect(manager.locator(".ladder-status")).to_contain_text("for another level or role: Staff Backend Engineer")
    assert not manager.locator(".ladder-review-note").is_visible()


def test_a_full_storage_says_it_is_not_keeping_answers(employee):
    employee.goto(employee.base + SA)
    employee.evaluate("""() => { const chunk = 'x'.repeat(1 << 20);
        try { for (let i = 0; ; i++) localStorage.setItem('filler' + i, chunk); } catch (e) {}
        try { for (let i = 0; ; i++) localStorage.setItem('small' + i, 'x'.repeat(1024)); } catch (e) {} }""")
    _evidence(employee, CODE).fill("A long piece of evidence " * 50)
    assert "not keeping" in employee.locator(".ladder-status").inner_text()


def test_the_form_works_from_the_keyboard(employee):
    employee.goto(employee.base + SA)
    first = _item(employee, CORE).locator('[data-field="rating"] input').first
    first.focus()
    employee.keyboard.press("ArrowRight")  # radio groups move with the arrows
    assert _item(employee, CORE).locator('[data-field="rating"] input:checked').get_attribute("value") == "meeting"
    employee.keyboard.press("Tab")
    assert employee.evaluate("document.activeElement.tagName") == "TEXTAREA"


@pytest.mark.parametrize("mode", ["self", "manager"])
def test_no_serious_accessibility_violations_in_either_mode(employee, tmp_path: Path, mode: str):
    require(AXE, "axe-core (npm ci)")
    _fill(employee)
    if mode == "manager":
        path, _ = _export(employee, tmp_path)
        employee.locator('.ladder-toolbar input[type="file"]').set_input_files(str(path))
        expect(employee.locator(".ladder-side-by-side")).to_be_visible()
    employee.evaluate("document.activeElement && document.activeElement.blur()")
    employee.wait_for_timeout(400)  # Material's buttons fade back from their focus colour
    employee.add_script_tag(path=str(AXE))
    violations = employee.evaluate("async () => (await axe.run(document)).violations")
    serious = [(v["id"], [(n["target"], n.get("failureSummary")) for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_earlier_ones_say_what_changed_since_and_which_gaps_keep_coming_back(employee):
    _fill(employee)
    employee.locator('.ladder-item[data-kind="meta"] input[value="monthly-check-in"]').check()
    employee.on("dialog", lambda dialog: dialog.accept())
    employee.get_by_role("button", name="Start a new one").click()
    _rate(employee, CODE, "exceeding")  # moved up since the last one
    _rate(employee, CORE, "working-towards")  # a gap again
    _evidence(employee, CORE).fill("Still getting review comments about naming.")
    history = employee.locator(".ladder-history")
    history.locator("summary").click()
    expect(history).to_contain_text("Monthly check-in, ")
    expect(history).to_contain_text("Plans data migrations that run without downtime and can be rolled back.: Meeting → Exceeding")
    expect(history).to_contain_text("New evidence: Writes code that a teammate can read")
    expect(history).to_contain_text("Gaps that keep coming back")
    gaps = history.locator("ul").last.locator("li").all_inner_texts()
    assert gaps == [f"{_item(employee, CORE).locator('.ladder-item__text').inner_text()} (in 2 self-assessments)"]


def test_answers_at_e3_start_the_self_assessment_at_e4_and_at_m1(employee):
    _fill(employee)
    for level in ("/engineering/backend/e4/self-assessment/", "/engineering/engineering-manager/m1/self-assessment/"):
        employee.goto(employee.base + level)
        assert _item(employee, CORE).locator('[data-field="rating"] input[value="working-towards"]').is_checked()
        assert _evidence(employee, CORE).input_value() == "<script>alert(1)</script> & friends"
        expect(employee.locator(".ladder-status")).to_contain_text("your self-assessments at the levels below")


def test_a_file_dropped_on_the_page_opens_like_a_chosen_one(employee, manager, tmp_path: Path):
    _fill(employee)
    path, _ = _export(employee, tmp_path)
    manager.goto(manager.base + SA)
    manager.evaluate(
        """text => { const data = new DataTransfer();
            data.items.add(new File([text], 'ada.json', {type: 'application/json'}));
            const target = document.querySelector('.md-content__inner');
            target.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
            target.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true})); }""",
        path.read_text(encoding="utf-8"),
    )
    expect(manager.locator(".ladder-review-note")).to_contain_text("Ada Okafor")


def test_the_side_by_side_prints_with_both_ratings_and_the_actions(employee, manager, tmp_path: Path):
    path = _handed_over(employee, manager, tmp_path)
    _rate(manager, CODE, "exceeding", "manager-rating")
    manager.get_by_role("button", name="Add an action").click()
    manager.locator(".ladder-action input").first.fill("Lead the next migration")
    pdf = tmp_path / "record.pdf"
    manager.emulate_media(media="print")
    manager.pdf(path=str(pdf), format="A4")
    text = pdf_text(pdf)
    assert "Side by side" in text and "Ratings differ" in text and "Agreed actions" in text
    assert "\u2612 Exceeding" in text  # the manager's rating, on paper
    assert "Add an action" not in text and "Export the record" not in text


def test_a_managers_earlier_review_of_the_same_report_shows_what_moved_since(manager, tmp_path: Path):
    paths = []
    for period in ("2026 H1", "2026 H2"):
        data = {"format": "ladder-self-assessment", "version": 1, "written": "2026-11-20",
                "ladder": {"family": "engineering", "role": "backend", "level": "e3", "title": "", "expectations": {}},
                "answers": {"person": {"name": {"value": "Ada Okafor"}, "period": {"value": period}}}, "readable": []}
        paths.append(tmp_path / f"{period[-2:]}.json")
        paths[-1].write_text(json.dumps(data), encoding="utf-8")
    manager.goto(manager.base + SA)
    picker = manager.locator('.ladder-toolbar input[type="file"]')
    picker.set_input_files(str(paths[0]))
    expect(manager.locator(".ladder-review-note")).to_contain_text("2026 H1")
    _rate(manager, CODE, "meeting", "manager-rating")
    picker.set_input_files(str(paths[1]))
    expect(manager.locator(".ladder-review-note")).to_contain_text("2026 H2")
    _rate(manager, CODE, "exceeding", "manager-rating")
    history = manager.locator(".ladder-history")
    history.locator("summary").click()
    expect(history).to_contain_text("Plans data migrations that run without downtime and can be rolled back.: Meeting → Exceeding")


@pytest.mark.parametrize(("lang", "shown"), [("en", "March 4, 2026"), ("de", "4. März 2026"), ("es", "4 de marzo de 2026")])
def test_a_date_prints_as_the_handbooks_language_writes_it_not_the_browsers(employee, tmp_path: Path, lang: str, shown: str):
    _fill(employee)
    employee.evaluate(f"document.documentElement.lang = {lang!r}")  # what Material writes from theme.language
    employee.locator('.ladder-fields [data-field="sent"] input[type="date"]').fill("2026-03-04")
    pdf = tmp_path / "dated.pdf"
    employee.emulate_media(media="print")
    employee.pdf(path=str(pdf), format="A4", print_background=True)
    text = pdf_text(pdf)
    assert shown in text, text[:400]
    assert "03/04/2026" not in text and "2026-03-04" not in text  # the browser's own format, and the file's
