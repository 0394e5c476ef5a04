"""Real ladders fit (issue 15): per-level families, optional summaries, level labels, an organisation's
proficiency scale, links on expectations, and a family's status (current, legacy, draft)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import paths
from generator.render import RenderedPage, render_site
from generator.resolve import resolve_ladders
from generator.validate import validate_dir

from .conftest import mkdocs_build, run_ladder, write_tree

HANDBOOK = """\
organisation: Per Level Co
proficiency:
  - id: working
    name: Working
  - id: practitioner
    name: Practitioner
  - id: expert
    name: Expert
"""

# A per-level family, as FT's and Monzo's ladders are written: each level lists its own expectations in
# full; one id at two levels is one expectation (reworded, or at a higher proficiency); no summaries.
FAMILY = """\
id: eng
name: Engineering
summary: Builds things.
progression: per-level
tracks:
  - id: ic
    name: Individual contributor
levels:
  - id: senior-1
    label: Senior Engineer 1
    title: Senior Engineer
    track: ic
  - id: senior-2
    label: Senior Engineer 2
    title: Senior Engineer
    track: ic
competencies:
  - id: craft
    name: Craft
    expectations:
      senior-1:
        - id: tests
          text: Writes tests for the code they change.
          proficiency: working
        - id: reviews
          text: Reviews the team's changes.
        - id: pairs
          text: Pairs with newer engineers.
      senior-2:
        - id: tests
          text: Writes tests for the code they change.
          proficiency: practitioner
        - id: reviews
          text: Reviews changes across several teams.
          links:
            - label: Our code review guide (2024)
              url: https://example.com/review(guide)
        - id: designs
          text: Writes designs others build from.
"""


def _ladders(tmp_path: Path, family: str = FAMILY, handbook: str = HANDBOOK, extra: dict | None = None) -> Path:
    return write_tree(
        tmp_path / "ladders", {"handbook.yml": handbook, "families/eng.yml": family, **(extra or {})}
    )


def _pages(ladders: Path) -> dict[str, RenderedPage]:
    validated, diagnostics = validate_dir(ladders)
    assert validated is not None, [str(d) for d in diagnostics]
    return {page.path: page for page in render_site(resolve_ladders(validated))}


def _check(ladders: Path, *extra: str):
    return run_ladder("check", ladders.name, *extra, cwd=ladders.parent)


def test_a_per_level_page_lists_that_levels_expectations_only(tmp_path: Path):
    pages = _pages(_ladders(tmp_path))
    senior_2 = pages["eng/senior-2/index.md"].markdown
    assert "Reviews changes across several teams" in senior_2 and "Writes designs others build from" in senior_2
    assert "Pairs with newer engineers" not in senior_2  # of senior-1 only: per-level, nothing carries up
    assert "Reviews the team" not in senior_2
    assert senior_2.count("- [ ] ") == 3
    assert "are asked at the level below as well" in senior_2  # the page explains per-level, not cumulative


def test_per_level_statuses_compare_with_the_level_below_by_id(tmp_path: Path):
    pages = _pages(_ladders(tmp_path))
    lines = {line.split('id="')[1].split('"')[0]: line for line in pages["eng/senior-2/index.md"].markdown.splitlines()
             if 'class="ladder-expectation"' in line}
    assert "ladder-tag--changed" in lines["tests"]  # the same words at a higher proficiency
    assert "ladder-tag--changed" in lines["reviews"]  # reworded
    assert "ladder-tag--new" in lines["designs"]
    assert "ladder-tag--proficiency\">Practitioner</span>" in lines["tests"]


def test_the_next_level_of_a_per_level_family_shows_added_reworded_raised_and_gone(tmp_path: Path):
    step = _pages(_ladders(tmp_path))["eng/senior-1/next-senior-2.md"].markdown
    new = step.split("### New")[1].split("###")[0]
    changed = step.split("### Changed")[1].split("###")[0]
    gone = step.split("### No longer part of the role")[1]
    assert "Writes designs others build from" in new
    assert "Proficiency before: Working" in changed and "Practitioner" in changed
    assert "At the level below: Reviews the team" in changed
    assert "Pairs with newer engineers" in gone
    assert "Replaces:" not in step  # `replaces` belongs to cumulative families
    assert "compares [Senior Engineer 2]" in step


def test_a_level_label_names_the_level_instead_of_its_id(tmp_path: Path):
    pages = _pages(_ladders(tmp_path))
    assert pages["eng/senior-1/index.md"].title == "Senior Engineer 1"  # the label holds the title: not said twice
    assert pages["eng/senior-1/next-senior-2.md"].title == "From Senior Engineer 1 to Senior Engineer 2"
    matrix = pages["eng/matrix.md"].markdown
    assert "| Senior Engineer 1 | Senior Engineer 2 |" in matrix
    assert "SENIOR-1" not in "".join(page.markdown + page.title for page in pages.values())


def test_absent_summaries_and_scope_leave_no_empty_labels(tmp_path: Path):
    pages = _pages(_ladders(tmp_path))
    text = "".join(page.markdown for page in pages.values())
    assert "None" not in text
    assert "**Scope:**" not in pages["eng/senior-1/index.md"].markdown
    assert "Scope at" not in pages["eng/senior-1/next-senior-2.md"].markdown
    assert "- **Craft**\n" in pages["eng/index.md"].markdown


def test_a_competency_may_start_above_the_first_level_without_a_warning(tmp_path: Path):
    later = FAMILY + """\
  - id: leadership
    name: Leadership
    expectations:
      senior-2:
        - id: leads
          text: Leads a project of several people.
"""
    for progression in ("per-level", "cumulative"):
        text = later.replace("progression: per-level", f"progression: {progression}")
        if progression == "cumulative":  # one id at two levels is a per-level family's way of saying "the same one"
            text = text.replace("id: tests\n          text: Writes tests for the code they change.\n          proficiency: practitioner", "id: tests-2\n          text: Writes tests for the code they change.\n          proficiency: practitioner")
            text = text.replace("        - id: reviews\n          text: Reviews changes across", "        - id: reviews-2\n          text: Reviews changes across")
        result = _check(_ladders(tmp_path / progression, text), "--strict")
        assert result.returncode == 0 and "warning" not in result.stderr, result.stderr


THREE_LEVELS = FAMILY.replace("competencies:\n", """\
  - id: senior-3
    label: Senior Engineer 3
    title: Staff Engineer
    track: ic
competencies:
""") + """\
  - id: mentoring
    name: Mentoring
    expectations:
      senior-1: [{id: guides, text: Guides one newer engineer.}]
      senior-3: [{id: guides, text: Guides several engineers at once.}]
  - id: onboarding
    name: Onboarding
    expectations:
      senior-1: [{id: welcomes, text: Welcomes new joiners.}]
      senior-2: [{id: welcomes, text: Runs the team's onboarding.}]
"""


def test_a_per_level_level_that_leaves_out_a_competency_asked_below_and_above_it_is_a_warning(tmp_path: Path):
    result = _check(_ladders(tmp_path / "per-level", THREE_LEVELS), "--strict")
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        "ladders/families/eng.yml:47:7: warning: competency 'mentoring' has no expectations at level 'senior-2', though the "
        "levels below and above it have some (a per-level family lists each level in full: nothing carries up)"
    ], result.stderr  # craft is not asked at senior-3 and onboarding stops at senior-2: a competency may stop
    assert result.returncode == 1
    cumulative = THREE_LEVELS.replace("progression: per-level", "progression: cumulative").replace("id: tests\n          text: Writes tests for the code they change.\n          proficiency: practitioner", "id: tests-2\n          text: Writes tests for the code they change.\n          proficiency: practitioner")
    cumulative = cumulative.replace("        - id: reviews\n          text: Reviews changes across", "        - id: reviews-2\n          text: Reviews changes across")
    cumulative = cumulative.replace("senior-3: [{id: guides,", "senior-3: [{id: guides-more,").replace("senior-2: [{id: welcomes,", "senior-2: [{id: onboards,")
    result = _check(_ladders(tmp_path / "cumulative", cumulative), "--strict")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr  # cumulative: senior-2 carries senior-1's


GAP_HANDBOOK = """\
organisation: Beispiel GmbH
grades: [{id: g1, name: EG 1}, {id: g2, name: EG 2}, {id: g3, name: EG 3}]
core:
  - id: arbeitssicherheit
    name: Arbeitssicherheit
    expectations:
      g1: [{id: unterweisung, text: Nimmt an der Unterweisung teil.}]
      g3: [{id: meldet, text: Meldet Gefährdungen.}]
"""
GAP_FAMILY = """\
id: vertrieb
name: Vertrieb
progression: per-level
tracks: [{id: fach, name: Fachlaufbahn}]
levels:
  - {id: v1, title: Innendienst, track: fach, grade: g1}
  - {id: v2, title: Außendienst, track: fach, grade: g2}
  - {id: v3, title: Key Account, track: fach, grade: g3}
competencies:
  - id: crm
    name: CRM
    expectations:
      v1: [{id: pflegt, text: Pflegt Daten.}]
      v2: [{id: pflegt, text: Pflegt Daten vollständig.}]
      v3: [{id: prognosen, text: Erstellt Prognosen.}]
"""


def test_the_tracks_compared_show_the_core_every_job_shares_at_the_grade(tmp_path: Path):
    family = GAP_FAMILY.replace("progression: per-level\n", "").replace("{id: pflegt, text: Pflegt Daten vollständig.}", "{id: voll, text: Pflegt Daten vollständig.}").replace(
        "tracks: [{id: fach, name: Fachlaufbahn}]",
        "tracks: [{id: fach, name: Fachlaufbahn}, {id: fuehrung, name: Führung, kind: manager, branches_from: v2}]",
    ).replace("  - {id: v3, title: Key Account, track: fach, grade: g3}\n",
              "  - {id: v3, title: Key Account, track: fach, grade: g3}\n  - {id: f3, title: Teamleitung, track: fuehrung, grade: g3}\n")
    pages = _pages(write_tree(tmp_path / "ladders", {"handbook.yml": GAP_HANDBOOK, "families/vertrieb.yml": family}))
    rows = [line for line in pages["vertrieb/tracks.md"].markdown.splitlines() if line.startswith("| **")]
    assert rows[0] == "| **Arbeitssicherheit** | Meldet Gefährdungen\\. | Meldet Gefährdungen\\. | ", rows
    assert rows[1].startswith("| **CRM** | Erstellt Prognosen\\. | ")


def test_a_per_level_level_whose_grade_the_core_leaves_out_below_and_above_is_a_warning(tmp_path: Path):
    ladders = write_tree(tmp_path / "gap" / "ladders", {"handbook.yml": GAP_HANDBOOK, "families/vertrieb.yml": GAP_FAMILY})
    result = _check(ladders, "--strict")
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        "ladders/families/vertrieb.yml:7:54: warning: level 'v2' takes no expectations of core competency "
        "'arbeitssicherheit' (handbook.yml's core has none for its grade 'g2'), though the levels below and above it do: "
        "a per-level family lists each level in full, so its page leaves the competency out"
    ], result.stderr
    assert result.returncode == 1
    whole = GAP_HANDBOOK.replace("      g3:", "      g2: [{id: meldet-2, text: Meldet Gefährdungen sofort.}]\n      g3:")
    ladders = write_tree(tmp_path / "whole" / "ladders", {"handbook.yml": whole, "families/vertrieb.yml": GAP_FAMILY})
    assert _check(ladders, "--strict").returncode == 0
    cumulative = GAP_FAMILY.replace("progression: per-level", "progression: cumulative").replace("pflegt, text: Pflegt Daten voll", "pflegt-2, text: Pflegt Daten voll")
    ladders = write_tree(tmp_path / "cumulative" / "ladders", {"handbook.yml": GAP_HANDBOOK, "families/vertrieb.yml": cumulative})
    result = _check(ladders, "--strict")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr  # cumulative: v2 carries v1's


def test_a_family_and_a_role_without_a_summary_show_none(tmp_path: Path):
    role = "id: web\nfamily: eng\nname: Web Engineer\n"
    ladders = _ladders(tmp_path, FAMILY.replace("summary: Builds things.\n", ""), extra={"roles/web.yml": role})
    assert _check(ladders, "--strict").returncode == 0
    pages = _pages(ladders)
    text = "".join(page.markdown for page in pages.values())
    assert "None" not in text and "Builds things." not in text
    assert "- [Web Engineer](web/index.md)\n" in pages["eng/index.md"].markdown


def test_a_family_that_asks_for_summaries_gets_a_warning_for_each_missing_one(tmp_path: Path):
    ladders = _ladders(tmp_path, FAMILY.replace("progression: per-level\n", "progression: per-level\nrequire_summaries: true\n"))
    result = _check(ladders)
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert "ladders/families/eng.yml:10:9: warning: level 'senior-1' has no summary and no scope" in warnings
    assert "ladders/families/eng.yml:19:9: warning: competency 'craft' has no summary" in warnings
    no_summary = _ladders(tmp_path / "bare", FAMILY.replace("summary: Builds things.\n", "require_summaries: true\n"))
    assert "ladders/families/eng.yml:1:5: warning: family 'eng' has no summary" in _check(no_summary).stderr
    assert _check(ladders, "--strict").returncode == 1
    assert _check(_ladders(tmp_path / "quiet"), "--strict").returncode == 0  # not asked for: not warned about


def test_links_are_shown_under_their_expectation_with_a_safe_target(tmp_path: Path):
    senior_2 = _pages(_ladders(tmp_path))["eng/senior-2/index.md"].markdown
    assert "[Our code review guide \\(2024\\)](https://example.com/review%28guide%29){ .ladder-link }" in senior_2


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "links may be http, https, mailto or relative addresses, not 'javascript:'"),
        ("JavaScript:alert(1)", "links may be http, https, mailto or relative addresses, not 'JavaScript:'"),
        ("data:text/html,hi", "links may be http, https, mailto or relative addresses, not 'data:'"),
        ("//evil.example/x", "write the address with https:// in front, not //"),
        ("https://example.com/a b", "an address has no spaces; write %20 for one"),
    ],
)
def test_a_link_that_is_not_http_mailto_or_relative_is_a_located_error(tmp_path: Path, url: str, message: str):
    ladders = _ladders(tmp_path, FAMILY.replace("https://example.com/review(guide)", url))
    result = _check(ladders)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"ladders/families/eng.yml:37:20: error: {message}"


def test_a_proficiency_the_scale_does_not_have_is_a_located_error(tmp_path: Path):
    ladders = _ladders(tmp_path, FAMILY.replace("proficiency: practitioner", "proficiency: master"))
    result = _check(ladders)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "ladders/families/eng.yml:32:24: error: unknown proficiency 'master'; "
        "handbook.yml's proficiency scale is: expert, practitioner, working"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (  # the same id twice at one level
            ("        - id: designs\n", "        - id: reviews\n"),
            "ladders/families/eng.yml:38:15: error: duplicate expectation id 'reviews' (ids must be unique within a level)",
        ),
        (  # replaces belongs to cumulative families
            ("          text: Writes designs others build from.\n",
             "          text: Writes designs others build from.\n          replaces: pairs\n"),
            "ladders/families/eng.yml:40:21: error: `replaces` is for cumulative families: in a per-level family, "
            "the same id at the next level is the same expectation, reworded",
        ),
    ],
)
def test_per_level_id_rules_are_located_errors(tmp_path: Path, change: tuple[str, str], expected: str):
    ladders = _ladders(tmp_path, FAMILY.replace(*change))
    result = _check(ladders)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == expected


def test_one_id_names_one_expectation_of_one_competency_at_every_level(tmp_path: Path):
    family = FAMILY + (
        "  - id: people\n    name: People\n    expectations:\n      senior-2:\n"
        "        - id: pairs\n          text: Pairs across teams.\n"
    )
    result = _check(_ladders(tmp_path, family))
    assert result.returncode == 1
    assert "error: duplicate expectation id 'pairs' (ids must be one expectation: 'pairs' is already of competency 'craft')" \
        in result.stderr


def test_a_role_may_not_reuse_the_id_of_a_per_level_familys_expectation(tmp_path: Path):
    role = "id: web\nfamily: eng\nname: Web\nsummary: Web.\nexpectations:\n  craft:\n    senior-2:\n" \
           "      - id: pairs\n        text: Pairs on web work.\n"
    result = _check(_ladders(tmp_path, extra={"roles/web.yml": role}))
    assert result.returncode == 1
    assert "ladders/roles/web.yml:8:13: error: duplicate expectation id 'pairs' (ids must be unique to the family's core or to one role)" in result.stderr


def test_a_cumulative_familys_matrix_shows_proficiency_and_a_per_level_one_marks_rises_as_changes(tmp_path: Path):
    matrix = _pages(_ladders(tmp_path))["eng/matrix.md"].markdown
    row = next(line for line in matrix.splitlines() if line.startswith("| **Craft**"))
    cells = row.split(" | ")
    assert "Writes tests for the code they change\\. *(Working)*" in cells[1]
    assert "*(Practitioner)* *(changed)*" in cells[2]
    assert "changed" not in cells[1]  # the first level changes nothing: there is no level to its left
    assert "Writes designs others build from\\. |" in cells[2] + " |"  # new at senior-2, not a change
    assert cells[2].count("*(changed)*") == 2  # tests (a higher proficiency) and reviews (reworded)
    assert "each cell lists that level's expectations in full" in " ".join(matrix.split())


def test_a_per_level_familys_role_matrix_marks_changes_from_the_left_only(tmp_path: Path):
    role = ("id: web\nfamily: eng\nname: Web engineer\nsummary: Builds the web app.\ncompetencies:\n  - id: web\n    name: Web\n"
            "    expectations:\n      senior-1: [{id: pages, text: Builds pages.}]\n"
            "      senior-2: [{id: pages, text: Builds pages that load fast.}, {id: a11y, text: Checks access.}]\n")
    matrix = _pages(_ladders(tmp_path, extra={"roles/web.yml": role}))["eng/matrix.md"].markdown
    section = matrix.split("## What Web engineer adds")[1]
    assert "| **Web** | Builds pages\\. | Builds pages that load fast\\. *(changed)*<br><br>Checks access\\. |" in section


LEGACY = """\
id: old
name: Old Engineering
summary: The ladder before the current one.
status: legacy
tracks:
  - id: ic
    name: Individual contributor
levels:
  - id: o1
    title: Engineer
    track: ic
    grade: g1
competencies:
  - id: craft
    name: Craft
    expectations:
      o1:
        - id: old-tests
          text: Writes tests.
"""


def test_a_legacy_family_is_marked_on_its_pages_and_left_out_of_comparisons(tmp_path: Path):
    handbook = HANDBOOK + "grades:\n  - id: g1\n    name: Grade 1\n"
    family = FAMILY.replace("    track: ic\n", "    track: ic\n    grade: g1\n", 1)
    pages = _pages(_ladders(tmp_path, family, handbook, {"families/old.yml": LEGACY}))
    for path in ("old/index.md", "old/matrix.md", "old/o1/index.md"):
        assert '!!! warning "Legacy"' in pages[path].markdown, path
        assert "Old Engineering is a legacy job family" in pages[path].markdown
        assert '!!! warning "Legacy"\n    Old Engineering is a legacy job family' in pages[path].markdown  # inside the box
    assert '!!! warning' not in pages["eng/index.md"].markdown
    assert "Legacy: kept for reference" in pages[paths.FAMILIES].markdown
    assert "Old Engineering" not in pages[paths.REVIEWS].markdown.split("## Grades")[1]  # not compared by grade
    assert "Old Engineering" not in pages["eng/index.md"].markdown  # nor as "the same grade elsewhere"
    draft = _pages(_ladders(tmp_path / "draft", FAMILY, handbook, {"families/old.yml": LEGACY.replace("legacy", "draft")}))
    assert '!!! note "Draft"' in draft["old/index.md"].markdown


def test_a_per_level_handbook_builds_strictly_and_prints_link_addresses(tmp_path: Path):
    ladders = _ladders(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    config = {"site_name": "Per level", "docs_dir": "docs", "theme": {"name": "material", "font": False},
              "plugins": ["search", "ladder"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    result = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "eng" / "senior-2" / "index.html").read_text()
    assert 'class="ladder-link" href="https://example.com/review%28guide%29"' in html
    assert ladders.is_dir()


GROUPED = FAMILY.replace("competencies:\n  - id: craft\n    name: Craft\n", """groups:
  - id: delivery
    name: Delivery
    summary: Getting good work done.
  - id: people
    name: People
competencies:
  - id: craft
    name: Craft
    group: delivery
""") + """  - id: mentoring
    name: Mentoring
    group: people
    expectations:
      senior-1:
        - id: shares-knowledge
          text: Shares what they learn with the team.
      senior-2:
        - id: mentors
          text: Mentors two engineers.
"""


def test_grouped_competencies_are_shown_under_their_group_on_every_page(tmp_path: Path):
    pages = _pages(_ladders(tmp_path, GROUPED))
    level = pages["eng/senior-2/index.md"].markdown
    assert "## Delivery { #group-delivery data-search-exclude }" in level
    assert "### Craft { #competency-craft }" in level and "### Mentoring { #competency-mentoring }" in level
    assert level.index("## Delivery") < level.index("### Craft") < level.index("## People") < level.index("### Mentoring")
    assessment = pages["eng/senior-2/self-assessment.md"].markdown
    assert "## Delivery\n" in assessment and "### Craft\n" in assessment
    step = pages["eng/senior-1/next-senior-2.md"].markdown
    assert "## People\n" in step and "### Mentoring\n" in step and "#### New\n" in step
    matrix = pages["eng/matrix.md"].markdown
    assert "### Delivery\n" in matrix and "### People\n" in matrix
    assert "**Delivery**: Getting good work done\\." in pages["eng/index.md"].markdown


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("    group: people\n", ""), "ladders/families/eng.yml:47:9: error: competency 'mentoring' has no group; "
                                     "family 'eng' groups its competencies: delivery, people"),
        (("    group: people\n", "    group: humans\n"), "ladders/families/eng.yml:49:12: error: unknown group 'humans'; "
                                                       "family 'eng' groups are: delivery, people"),
        (("  - id: people\n    name: People\n", "  - id: delivery\n    name: People\n"),
         "ladders/families/eng.yml:21:9: error: duplicate group id 'delivery' (first at line 18)"),
    ],
)
def test_group_rules_are_located_errors(tmp_path: Path, change: tuple[str, str], expected: str):
    result = _check(_ladders(tmp_path, GROUPED.replace(*change)))
    assert result.returncode == 1
    assert expected in result.stderr.splitlines()


def test_an_expectation_id_a_group_heading_would_use_is_refused(tmp_path: Path):
    result = _check(_ladders(tmp_path, GROUPED.replace("- id: mentors", "- id: group-people")))
    assert result.returncode == 1 and "error: expectation id 'group-people' is reserved" in result.stderr


CUMULATIVE = """\
id: ops
name: Operations
summary: Runs things.
tracks:
  - id: ic
    name: Individual contributor
levels:
  - {id: o1, title: Operator, track: ic}
  - {id: o2, title: Senior Operator, track: ic}
  - {id: o3, title: Lead Operator, track: ic}
competencies:
  - id: safety
    name: Safety
    expectations:
      o1: [{id: follows-checklists, text: Follows the safety checklists.}]
      o2: [{id: writes-checklists, text: Writes safety checklists.}]
      o3: [{id: audits-safety, text: Audits safety across sites.}]
  - id: planning
    name: Planning
    expectations:
      o1: [{id: plans-shifts, text: Plans their shifts.}]
      o2: [{id: plans-weeks, text: Plans the team's week.}]
      o3: [{id: plans-quarters, text: Plans the quarter.}]
"""
DISPATCH = """\
id: dispatch
family: ops
name: Dispatcher
summary: Sends crews where they are needed.
levels: [o1, o2]
without: [planning]
"""


def test_a_role_may_have_some_of_the_levels_and_leave_out_core_competencies(tmp_path: Path):
    ladders = _ladders(tmp_path, extra={"families/ops.yml": CUMULATIVE, "roles/dispatch.yml": DISPATCH})
    pages = _pages(ladders)
    assert "ops/dispatch/o1/index.md" in pages and "ops/dispatch/o2/index.md" in pages
    assert "ops/dispatch/o3/index.md" not in pages
    o2 = pages["ops/dispatch/o2/index.md"].markdown
    assert "Writes safety checklists" in o2 and "Follows the safety checklists" in o2
    assert "Planning" not in o2 and "Plans" not in o2
    assert "ops/dispatch/o2/next-o3.md" not in pages  # the role stops at o2
    assert "This is the top of the" in o2
    assert "| **O3** | Individual contributor |  | – |" in pages["ops/index.md"].markdown


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (DISPATCH.replace("[o1, o2]", "[o1, o9]"), "ladders/roles/dispatch.yml:5:14: error: unknown level 'o9'; levels are: o1, o2, o3"),
        (DISPATCH.replace("[planning]", "[plans]"),
         "ladders/roles/dispatch.yml:6:11: error: unknown competency 'plans' (did you mean 'planning'?); the family's competencies are: planning, safety"),
        (DISPATCH + "titles:\n  o3: Lead Dispatcher\n", "ladders/roles/dispatch.yml:8:3: error: level 'o3' is not one of this role's levels"),
        (DISPATCH + "expectations:\n  safety:\n    o3: [{id: x-ray, text: Audits dispatch.}]\n",
         "ladders/roles/dispatch.yml:9:5: error: level 'o3' is not one of this role's levels (o1, o2)"),
        (DISPATCH + "expectations:\n  planning:\n    o1: [{id: x-ray, text: Plans routes.}]\n",
         "ladders/roles/dispatch.yml:8:3: error: competency 'planning' is one this role leaves out (`without`)"),
        (DISPATCH.replace("[o1, o2]", "[]"), "ladders/roles/dispatch.yml:5:9: error: the role has none of the family's levels; name at least one"),
    ],
)
def test_role_level_and_without_rules_are_located_errors(tmp_path: Path, role: str, expected: str):
    result = _check(_ladders(tmp_path, extra={"families/ops.yml": CUMULATIVE, "roles/dispatch.yml": role}))
    assert result.returncode == 1
    assert expected in result.stderr.splitlines(), result.stderr


def test_a_levels_mistyped_track_is_one_error_at_the_level_not_more_at_every_role_naming_it(tmp_path: Path):
    family = CUMULATIVE.replace("{id: o2, title: Senior Operator, track: ic}", "{id: o2, title: Senior Operator, track: icc}")
    role = DISPATCH + "titles:\n  o2: Senior Dispatcher\n"
    result = _check(_ladders(tmp_path, extra={"families/ops.yml": family, "roles/dispatch.yml": role}))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "unknown track 'icc' (did you mean 'ic'?)" in errors[0], result.stderr


CORE_HANDBOOK = """\
organisation: Core Co
grades:
  - {id: g1, name: Grade 1}
  - {id: g2, name: Grade 2}
  - {id: g3, name: Grade 3}
core:
  - id: values
    name: Living our values
    summary: What everyone does, in every job.
    expectations:
      g1:
        - {id: asks-for-help, text: Asks for help early.}
      g2:
        - {id: offers-help, text: Offers help before being asked.}
      g3:
        - {id: grows-others, text: Helps others grow., replaces: asks-for-help}
"""
OPS_GRADED = CUMULATIVE.replace("track: ic}", "track: ic, grade: GRADE}").replace(
    "{id: o1, title: Operator, track: ic, grade: GRADE}", "{id: o1, title: Operator, track: ic, grade: g1}"
).replace("{id: o2, title: Senior Operator, track: ic, grade: GRADE}", "{id: o2, title: Senior Operator, track: ic, grade: g2}").replace(
    "{id: o3, title: Lead Operator, track: ic, grade: GRADE}", "{id: o3, title: Lead Operator, track: ic, grade: g3}"
)


def _core_ladders(tmp_path: Path, handbook: str = CORE_HANDBOOK, ops: str = OPS_GRADED, extra: dict | None = None) -> Path:
    return write_tree(tmp_path / "ladders", {"handbook.yml": handbook, "families/ops.yml": ops, **(extra or {})})


def test_the_organisations_core_appears_once_in_the_source_and_on_every_level_by_grade(tmp_path: Path):
    pages = _pages(_core_ladders(tmp_path))
    o1, o2, o3 = (pages[f"ops/{level}/index.md"].markdown for level in ("o1", "o2", "o3"))
    assert "## Living our values { #competency-values }" in o1
    assert "Asks for help early" in o1 and "Offers help" not in o1
    assert "Asks for help early" in o2 and "Offers help before being asked" in o2  # cumulative: carried up
    assert "Helps others grow" in o3 and "Asks for help early" not in o3  # replaced at g3
    assert o1.index("Living our values") < o1.index("## Safety")  # the organisation's first
    step = pages["ops/o2/next-o3.md"].markdown
    assert "Helps others grow" in step and "Replaces: Asks for help early" in step
    assert "**Living our values** (all of Core Co): What everyone does" in pages["ops/index.md"].markdown.replace("\\\\", "")
    matrix = pages["ops/matrix.md"].markdown
    assert "| **Living our values** | Asks for help early\\. | Offers help before being asked\\. | Helps others grow\\." in matrix


def test_a_family_or_a_role_may_leave_out_a_core_competency(tmp_path: Path):
    ops = OPS_GRADED.replace("competencies:\n", "without: [values]\ncompetencies:\n", 1)
    assert "Living our values" not in _pages(_core_ladders(tmp_path / "family", ops=ops))["ops/o1/index.md"].markdown
    role = DISPATCH.replace("without: [planning]", "without: [planning, values]")
    pages = _pages(_core_ladders(tmp_path / "role", extra={"roles/dispatch.yml": role}))
    assert "Living our values" not in pages["ops/dispatch/o1/index.md"].markdown
    limited = CORE_HANDBOOK.replace("    summary: What everyone does", "    families: [eng]\n    summary: What everyone does")
    extra = {"families/eng.yml": FAMILY.replace("  - id: ic\n", "  - id: ic\n", 1)}
    handbook = limited + HANDBOOK.split("\n", 1)[1]  # the proficiency scale FAMILY uses
    pages = _pages(_core_ladders(tmp_path / "limited", handbook=handbook, extra=extra))
    assert "Living our values" not in pages["ops/o1/index.md"].markdown


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("      g2:\n", "      g9:\n"), "ladders/handbook.yml:13:7: error: unknown grade 'g9'; handbook.yml grades are: g1, g2, g3"),
        (("{id: offers-help,", "{id: asks-for-help,"), "ladders/handbook.yml:14:16: error: duplicate expectation id 'asks-for-help' (ids must be unique in the core)"),
        (("replaces: asks-for-help}", "replaces: offers-helps}"), "ladders/handbook.yml:16:66: error: replaces unknown expectation 'offers-helps' (of a lower grade, written above it)"),
        (("    summary: What everyone does", "    tracks: [ic]\n    summary: What everyone does"),
         "ladders/handbook.yml:9:13: error: 'tracks' is not allowed here: Not for the core: it applies by grade, on every track."),
        (("    summary: What everyone does", "    families: [opz]\n    summary: What everyone does"),
         "ladders/handbook.yml:9:16: error: unknown family 'opz' (did you mean 'ops'?); families are: ops"),
    ],
)
def test_core_rules_are_located_errors(tmp_path: Path, change: tuple[str, str], expected: str):
    result = _check(_core_ladders(tmp_path, handbook=CORE_HANDBOOK.replace(*change)))
    assert result.returncode == 1
    assert expected in result.stderr.splitlines(), result.stderr


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"families/ops.yml": OPS_GRADED.replace("id: plans-shifts", "id: offers-help")},
         "ladders/families/ops.yml:21:17: error: duplicate expectation id 'offers-help' (ids must be unique in a family and all "
         "its roles; also at ladders/handbook.yml:14)"),
        ({"families/ops.yml": OPS_GRADED.replace("  - id: planning\n", "  - id: values\n")},
         "ladders/families/ops.yml:18:9: error: competency 'values' is in handbook.yml's core; choose another id or leave the "
         "core's out (`without`)"),
        ({"families/ops.yml": OPS_GRADED.replace("competencies:\n", "without: [valuez]\ncompetencies:\n", 1)},
         "ladders/families/ops.yml:11:11: error: unknown core competency 'valuez' (did you mean 'values'?); handbook.yml's core for this family is: values"),
        ({"roles/dispatch.yml": DISPATCH.replace("[planning]", "[planning, valuez]")},
         "ladders/roles/dispatch.yml:6:21: error: unknown competency 'valuez' (did you mean 'values'?); the family's competencies are: planning, safety, values"),
    ],
)
def test_families_and_roles_use_the_core_by_its_rules(tmp_path: Path, files: dict, expected: str):
    ladders = _core_ladders(tmp_path, ops=files.pop("families/ops.yml", OPS_GRADED), extra=files)
    result = _check(ladders)
    assert result.returncode == 1
    assert expected in result.stderr.splitlines(), result.stderr


def test_the_matrix_shows_what_each_role_adds(tmp_path: Path):
    role = DISPATCH + "expectations:\n  safety:\n    o2: [{id: radios-crews, text: Radios crews about hazards.}]\n" \
        "competencies:\n  - id: radio\n    name: Radio\n    expectations:\n      o1: [{id: uses-radio, text: Uses the radio.}]\n"
    matrix = _pages(_ladders(tmp_path, extra={"families/ops.yml": CUMULATIVE, "roles/dispatch.yml": role}))["ops/matrix.md"].markdown
    section = matrix.split("## What Dispatcher adds { #role-dispatch data-search-exclude }")[1]
    assert "| Competency | O1 | O2 |" in section  # the role's levels only
    assert "| **Safety** |  | Radios crews about hazards\\. |" in section
    assert "| **Radio** | Uses the radio\\. |  |" in section
    assert "Radios crews" not in matrix.split("## What Dispatcher adds")[0]  # the family's core tables stay the core


def test_levels_listed_before_the_level_they_branch_from_are_checked_in_path_order(tmp_path: Path):
    """A file may list a branch's levels first: the gap check and the size check follow each level's path, not the file."""
    family = FAMILY.replace("""tracks:
  - id: ic
    name: Individual contributor
levels:
""", """tracks:
  - id: ic
    name: Individual contributor
  - id: mgr
    name: Manager
    kind: manager
    branches_from: senior-1
levels:
  - id: m1
    title: Engineering Manager
    track: mgr
  - id: m2
    title: Senior Engineering Manager
    track: mgr
""").replace("    name: Craft\n", "    name: Craft\n    tracks: [ic]\n") + """\
  - id: people
    name: People
    tracks: [mgr]
    expectations:
      m2: [{id: grows, text: Grows the team's leads.}]
  - id: hiring
    name: Hiring
    expectations:
      senior-1: [{id: interviews, text: Interviews candidates.}]
      m2: [{id: interviews, text: Runs the hiring loop.}]
"""
    result = _check(_ladders(tmp_path, family))
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    warnings = [line.split(": warning: ")[1] for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [  # m1, on the path senior-1 -> m1 -> m2, leaves hiring out; senior-2 is on another path
        "competency 'hiring' has no expectations at level 'm1', though the levels below and above it have some "
        "(a per-level family lists each level in full: nothing carries up)"
    ], result.stderr
