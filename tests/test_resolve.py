"""Resolution: cumulative sets, replacements, role additions and next steps."""

from __future__ import annotations

import shutil

from generator import resolve_ladders, validate_dir

from .conftest import FIXTURES, HANDBOOK


def _site(root=FIXTURES / "mini"):
    ladders, diagnostics = validate_dir(root)
    assert ladders is not None, diagnostics
    return resolve_ladders(ladders)


def _ids(role_level, status=None):
    return [i.expectation.id for i in role_level.items() if status is None or i.status == status]


def test_first_level_has_only_its_own_expectations_all_new():
    rl = _site().families[0].role_level("mini-role", "l1")
    assert _ids(rl) == ["a1", "a2", "b1", "s1"]
    assert _ids(rl, "new") == ["a1", "a2", "b1", "s1"]


def test_cumulative_set_drops_replaced_and_marks_changed_and_carried():
    rl = _site().families[0].role_level("mini-role", "l2")
    assert _ids(rl) == ["a2", "a3", "r1", "b1", "s1"]
    assert _ids(rl, "changed") == ["a3"]
    assert _ids(rl, "new") == ["r1"]
    assert _ids(rl, "carried") == ["a2", "b1", "s1"]


def test_role_additions_are_marked_role_specific():
    rl = _site().families[0].role_level("mini-role", "l2")
    specific = {i.expectation.id for i in rl.items() if i.role_specific}
    assert specific == {"r1", "s1"}


def test_role_title_overrides_level_title_and_falls_back():
    family = _site().families[0]
    assert family.role_level("mini-role", "l2").page_title == "Mini Role II · L2"
    assert family.role_level("mini-role", "l1").page_title == "Level One · L1"


def test_role_covers_only_its_tracks():
    family = _site().families[0]
    role = next(r for r in family.roles if r.id == "mini-role")
    boss = next(r for r in family.roles if r.id == "mini-boss")
    assert [rl.level.id for rl in role.levels] == ["l1", "l2", "l3"]
    assert [rl.level.id for rl in boss.levels] == ["m1"]


def test_branch_track_inherits_the_path_below_its_branch_level():
    rl = _site().families[0].role_level("mini-boss", "m1")
    assert _ids(rl) == ["a2", "a3", "b1", "b2", "c1"]
    assert _ids(rl, "new") == ["b2", "c1"]


def test_next_steps_include_promotion_and_branch_into_another_role():
    rl = _site().families[0].role_level("mini-role", "l2")
    assert [(s.kind, s.target.role.id, s.target.level.id) for s in rl.steps] == [
        ("promotion", "mini-role", "l3"),
        ("branch", "mini-boss", "m1"),
    ]
    assert [s.slug for s in rl.steps] == ["next-l3", "next-mini-boss-m1"]


def test_step_difference_lists_new_changed_and_dropped_per_competency():
    rl = _site().families[0].role_level("mini-role", "l1")
    (step,) = rl.steps
    changes = {c.competency.id: c for c in step.changes}
    assert [i.expectation.id for i in changes["alpha"].new] == ["r1"]
    assert [(new.expectation.id, old.expectation.id) for new, old in changes["alpha"].changed] == [("a3", "a1")]
    branch = _site().families[0].role_level("mini-role", "l2").steps[1]
    by_comp = {c.competency.id: ([i.expectation.id for i in c.new], [i.expectation.id for i in c.dropped]) for c in branch.changes}
    assert by_comp == {"alpha": ([], ["r1"]), "beta": (["b2"], []), "lead": (["c1"], []), "special": ([], ["s1"])}


def test_top_level_has_no_steps_and_previous_links_down():
    family = _site().families[0]
    top = family.role_level("mini-role", "l3")
    assert top.steps == []
    assert top.previous.level.id == "l2"
    assert family.role_level("mini-boss", "m1").previous.level.id == "l2"


def test_family_without_roles_becomes_one_implicit_role():
    site = _site(HANDBOOK / "ladders")
    design = next(f for f in site.families if f.id == "product-design")
    assert [(r.id, r.implicit) for r in design.roles] == [("product-design", True)]
    assert design.role_level("product-design", "d3").steps[1].target.level.id == "dm1"


def test_sample_manager_track_continues_from_senior_engineer():
    site = _site(HANDBOOK / "ladders")
    eng = next(f for f in site.families if f.id == "engineering")
    senior = eng.role_level("backend", "e3")
    assert [(s.target.role.id, s.target.level.id) for s in senior.steps] == [("backend", "e4"), ("engineering-manager", "m1")]
    m1 = eng.role_level("engineering-manager", "m1")
    assert "designs-systems" in _ids(m1) and "designs-components" not in _ids(m1)
    assert "backend-safe-queries" not in _ids(m1)


def test_a_replaces_walk_ends_even_on_a_cycle():
    """Validation keeps `replaces` acyclic; the walk must end anyway, so no future rule can bring a hang back."""
    from generator.resolve import _nearest_before

    chain = {"p": "q", "q": "p", "r": "q"}
    assert _nearest_before(chain, "p", {}) is None
    assert _nearest_before(chain, "r", {}) is None
    assert _nearest_before({"c": "b", "b": "a"}, "c", {"a": object()}) == "a"


def test_a_track_path_ends_even_on_a_branch_cycle():
    from generator.model import Family
    from generator.order import track_path

    family = Family.model_validate({
        "id": "f", "name": "F", "summary": "S",
        "tracks": [{"id": "a", "name": "A", "branches_from": "b1"}, {"id": "b", "name": "B", "branches_from": "a1"}],
        "levels": [{"id": "a1", "title": "A1", "track": "a", "summary": "s", "scope": "s"},
                   {"id": "b1", "title": "B1", "track": "b", "summary": "s", "scope": "s"}],
        "competencies": [{"id": "c", "name": "C", "summary": "s"}],
    })
    assert [lv.id for lv in track_path(family, "a")] == ["b1", "a1"]


def test_an_organisation_without_upward_reviews_gets_no_upward_review_pages_or_links(tmp_path):
    from generator.pipeline import generate

    from .conftest import write_tree

    root = tmp_path / "ladders"
    shutil.copytree(FIXTURES / "mini", root)
    handbook = root / "handbook.yml"
    write_tree(root, {"handbook.yml": handbook.read_text() + "upward_review: false\nsend_before: two working days\n"})
    pages, nav, diagnostics, *_ = generate(root)
    assert pages, diagnostics
    paths = {page.path for page in pages}
    assert "mini/mini-boss/m1/index.md" in paths and not any(p.endswith("upward-review.md") for p in paths)
    m1 = next(page.markdown for page in pages if page.path == "mini/mini-boss/m1/index.md")
    assert "upward-review" not in m1 and "Upward review" not in m1
    assessment = next(page.markdown for page in pages if page.path == "mini/mini-boss/m1/self-assessment.md")
    assert "**two working days before your 1:1**" in assessment


def test_by_default_manager_levels_have_an_upward_review_and_assessments_go_a_week_ahead():
    from generator.pipeline import generate

    pages, *_ = generate(FIXTURES / "mini")
    paths = {page.path for page in pages}
    assert "mini/mini-boss/m1/upward-review.md" in paths
    assessment = next(page.markdown for page in pages if page.path == "mini/mini-boss/m1/self-assessment.md")
    assert "**a week before your 1:1**" in assessment
