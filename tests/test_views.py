"""Views: the lists and lookups each page lays out, made once before any template runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import matrices, resolve_ladders, validate_dir, views
from generator.resolved import ResolvedFamily, Site

from .conftest import FIXTURES

# Two families sharing grades g1 and g2 (lab first: families and roles come in file-name order); nothing
# holds g3. Studio's lead track continues from s1, and its `people` competency, a lead's only, starts at m2:
# at m1 nothing is written at or below.
FILES = {
    "handbook.yml": """
organisation: Org
grades: [{id: g1, name: Grade 1}, {id: g2, name: Grade 2}, {id: g3, name: Grade 3}]
""",
    "families/studio.yml": """
id: studio
name: Studio
summary: Makes things.
tracks:
  - {id: maker, name: Maker}
  - {id: lead, name: Lead, kind: manager, branches_from: s1}
levels:
  - {id: s1, title: Maker, track: maker, grade: g1, summary: S., scope: S.}
  - {id: s2, title: Senior Maker, track: maker, grade: g2, summary: S., scope: S.}
  - {id: m1, title: Lead, track: lead, grade: g2, summary: S., scope: S.}
  - {id: m2, title: Senior Lead, track: lead, summary: S., scope: S.}
competencies:
  - id: craft
    name: Craft
    summary: S.
    expectations:
      s1: [{id: makes, text: Makes.}]
      s2: [{id: makes-well, text: Makes well., replaces: makes}]
  - id: care
    name: Care
    summary: S.
    tracks: [lead]
    expectations:
      m1: [{id: cares, text: Cares.}]
  - id: people
    name: People
    summary: S.
    tracks: [lead]
    expectations:
      m2: [{id: grows-people, text: Grows people.}]
""",
    "roles/maker-role.yml": """
id: maker-role
family: studio
name: Maker Role
summary: S.
tracks: [maker]
competencies:
  - {id: tools, name: Tools, summary: S., expectations: {s1: [{id: uses-tools, text: Uses tools.}]}}
""",
    "roles/lead-role.yml": """
id: lead-role
family: studio
name: Lead Role
summary: S.
tracks: [lead]
""",
    "families/lab.yml": """
id: lab
name: Lab
summary: Finds out.
tracks: [{id: research, name: Research}]
levels:
  - {id: l1, title: Researcher, track: research, grade: g1, summary: S., scope: S.}
  - {id: l2, title: Senior Researcher, track: research, grade: g2, summary: S., scope: S.}
competencies:
  - {id: method, name: Method, summary: S., expectations: {l1: [{id: tests-ideas, text: Tests ideas.}]}}
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("views") / "ladders"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text.lstrip(), encoding="utf-8")
    ladders, diagnostics = validate_dir(Path(root))
    assert ladders is not None, [str(d) for d in diagnostics]
    return resolve_ladders(ladders)


def _family(site: Site, family_id: str) -> ResolvedFamily:
    return next(f for f in site.families if f.id == family_id)


def _view(site: Site, family_id: str) -> views.FamilyView:
    return next(v for v in views.organisation(site).families if v.family.id == family_id)


def _at(levels: list[views.GradeLevel]) -> list[str]:
    return [f"{at.family.id} {at.level.id}" for at in levels]


# --- the grades table (reviews page) ------------------------------------------


def test_grades_table_lists_every_familys_levels_at_each_grade_in_family_then_level_order(site):
    rows = views.organisation(site).grades
    assert [(row.grade.id, _at(row.levels)) for row in rows] == [
        ("g1", ["lab l1", "studio s1"]),
        ("g2", ["lab l2", "studio s2", "studio m1"]),
        ("g3", []),
    ]


def test_levels_by_grade_leaves_out_levels_without_a_grade(site):
    by_grade = views.levels_by_grade(site)
    assert sorted(by_grade) == ["g1", "g2"]
    assert "studio m2" not in _at([at for levels in by_grade.values() for at in levels])


def test_grade_of_a_level_is_the_handbooks_grade_and_none_without_one(site):
    grades = views.organisation(site).grade_by_id
    studio = _family(site, "studio").definition
    assert views.grade_of(grades, studio.levels[0]).name == "Grade 1"
    assert views.grade_of(grades, studio.levels[3]) is None


# --- the families page and a family's page --------------------------------------


def test_a_family_with_two_tracks_has_a_tracks_compared_page_and_one_with_one_track_has_not(site):
    assert views.has_compare(_family(site, "studio")) is True
    assert views.has_compare(_family(site, "lab")) is False
    assert (_view(site, "studio").has_compare, _view(site, "lab").has_compare) == (True, False)


def test_track_spans_run_from_first_to_last_level_and_a_one_level_track_has_no_last():
    from generator.model import Family

    family = Family.model_validate(
        {
            "id": "f",
            "name": "F",
            "summary": "S",
            "tracks": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "branches_from": "a1"}],
            "levels": [{"id": lv, "title": lv, "track": lv[0], "summary": "s", "scope": "s"} for lv in ("a1", "b1", "a2", "a3")],
            "competencies": [{"id": "c", "name": "C", "summary": "s"}],
        }
    )
    spans = views.track_spans(ResolvedFamily(family, []))
    assert [(s.track.id, s.first.id, s.last.id if s.last else None) for s in spans] == [("a", "a1", "a3"), ("b", "b1", None)]


def test_named_roles_are_the_familys_roles_and_none_for_a_family_without_roles(site):
    assert [r.id for r in _view(site, "studio").named_roles] == ["lead-role", "maker-role"]
    assert _view(site, "lab").named_roles == []


def test_levels_table_names_each_levels_track_and_grade(site):
    rows = _view(site, "studio").levels
    assert [(r.level.id, r.track.name, r.grade.name if r.grade else None) for r in rows] == [
        ("s1", "Maker", "Grade 1"),
        ("s2", "Maker", "Grade 2"),
        ("m1", "Lead", "Grade 2"),
        ("m2", "Lead", None),
    ]


def test_levels_table_gives_each_role_its_role_level_and_none_where_the_role_does_not_cover_the_level(site):
    rows = _view(site, "studio").levels
    cells = {r.level.id: [rl.role.id if rl else None for rl in r.role_levels] for r in rows}
    assert cells == {"s1": [None, "maker-role"], "s2": [None, "maker-role"], "m1": ["lead-role", None], "m2": ["lead-role", None]}


def test_same_grade_elsewhere_lists_other_families_levels_never_the_familys_own(site):
    rows = _view(site, "studio").levels
    assert {r.level.id: _at(r.elsewhere) for r in rows} == {"s1": ["lab l1"], "s2": ["lab l2"], "m1": ["lab l2"], "m2": []}
    assert {r.level.id: _at(r.elsewhere) for r in _view(site, "lab").levels} == {
        "l1": ["studio s1"],
        "l2": ["studio s2", "studio m1"],
    }


def test_same_grade_elsewhere_comes_from_the_organisations_index_not_from_scanning_every_family(site):
    """A family page costs the same however many families there are: its rows read the index made once."""
    lab, studio = _family(site, "lab"), _family(site, "studio")
    index = {"g1": [views.GradeLevel(studio, studio.definition.levels[0])]}
    rows = views.level_rows(lab, views.organisation(site).grade_by_id, index)
    assert [_at(r.elsewhere) for r in rows] == [["studio s1"], []]


def test_role_competencies_pair_each_competency_only_one_role_has_with_that_role(site):
    pairs = _view(site, "studio").role_competencies
    assert [(role.id, comp.id) for role, comp in pairs] == [("maker-role", "tools")]
    assert _view(site, "lab").role_competencies == []


# --- the competency matrix -------------------------------------------------------


def test_matrix_has_a_table_a_track_with_its_levels_and_only_the_competencies_that_apply_to_it(site):
    tables = matrices.matrix(_family(site, "studio"))
    assert [(t.track.id, [lv.id for lv in t.levels], [r.competency.id for r in t.rows]) for t in tables] == [
        ("maker", ["s1", "s2"], ["craft"]),
        ("lead", ["m1", "m2"], ["craft", "care", "people"]),
    ]


def test_matrix_cells_hold_the_expectations_that_start_at_each_level(site):
    maker, lead = matrices.matrix(_family(site, "studio"))
    assert [[e.id for e in cell] for cell in maker.rows[0].cells] == [["makes"], ["makes-well"]]
    assert {r.competency.id: [[e.id for e in cell] for cell in r.cells] for r in lead.rows} == {
        "craft": [[], []],
        "care": [["cares"], []],
        "people": [[], ["grows-people"]],
    }


# --- the tracks compared ---------------------------------------------------------


def _cells(site: Site) -> dict[tuple[str, str], tuple[bool, list[str], bool]]:
    (table,) = matrices.compare(_family(site, "studio"), site.handbook.grades)
    return {
        (row.competency.id, column.level.id): (cell.applies, [e.id for e in cell.expectations], cell.carried)
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=True)
    }


def test_tracks_compared_has_a_table_only_for_a_grade_levels_of_two_tracks_share(site):
    tables = matrices.compare(_family(site, "studio"), site.handbook.grades)
    assert [(t.grade.id, [(c.level.id, c.track.name) for c in t.columns]) for t in tables] == [
        ("g2", [("s2", "Maker"), ("m1", "Lead")])
    ]
    assert [r.competency.id for r in tables[0].rows] == ["craft", "care", "people"]
    assert matrices.compare(_family(site, "lab"), site.handbook.grades) == []


def test_tracks_compared_cell_of_a_track_a_competency_leaves_out_does_not_apply(site):
    assert _cells(site)[("care", "s2")] == (False, [], False)
    assert _cells(site)[("people", "s2")] == (False, [], False)


def test_tracks_compared_cell_lists_the_expectations_that_start_at_its_level(site):
    assert _cells(site)[("craft", "s2")] == (True, ["makes-well"], False)
    assert _cells(site)[("care", "m1")] == (True, ["cares"], False)


def test_tracks_compared_cell_carries_over_where_a_level_below_on_the_path_writes_the_competency(site):
    assert _cells(site)[("craft", "m1")] == (True, [], True)  # s1, below m1 on the lead track's path, writes craft


def test_tracks_compared_cell_expects_nothing_yet_where_nothing_is_written_at_or_below_its_level(site):
    """People starts at m2: m1, the first level of the lead track, has nothing below to carry over."""
    assert _cells(site)[("people", "m1")] == (True, [], False)


def test_a_compare_cell_carries_over_only_what_a_level_below_writes():
    from generator.model import Competency, Level

    def level(ident: str) -> Level:
        return Level(id=ident, title=ident, track="t", summary="s", scope="s")

    later = Competency.model_validate({"id": "c", "name": "C", "summary": "s", "expectations": {"b": [{"id": "e", "text": "E"}]}})
    assert matrices.compare_cell(later, level("c"), [level("a"), level("b")]).carried is True
    assert matrices.compare_cell(later, level("a"), []).carried is False
    assert matrices.compare_cell(later, level("b"), [level("a")]) == matrices.CompareCell(True, later.expectations["b"], False)


# --- the upward review -----------------------------------------------------------


def test_upward_review_asks_about_the_managers_own_track_competencies(site):
    m1 = _family(site, "studio").role_level("lead-role", "m1")
    assert [view.competency.id for view in views.upward_review(m1)] == ["care"]
    m2 = _family(site, "studio").role_level("lead-role", "m2")
    assert [view.competency.id for view in views.upward_review(m2)] == ["care", "people"]


def test_upward_review_asks_about_every_competency_when_the_track_has_none_of_its_own(site):
    s1 = _family(site, "studio").role_level("maker-role", "s1")
    assert views.upward_review(s1) == s1.competencies
    assert [view.competency.id for view in views.upward_review(s1)] == ["craft", "tools"]


# --- a role-level's page ---------------------------------------------------------


def _runs(sections: list[views.CompetencySection]) -> dict[str, tuple[bool, list[tuple[bool, list[str]]]]]:
    return {
        s.view.competency.id: (s.indexed, [(run.indexed, [i.expectation.id for i in run.items]) for run in s.runs])
        for s in sections
    }


def test_a_role_level_page_groups_the_expectations_search_leaves_out_into_runs():
    """Mini's shared core is indexed on the first role's page that shows it (mini-boss has no l2), where it starts."""
    ladders, _ = validate_dir(FIXTURES / "mini")
    family = resolve_ladders(ladders).families[0]
    assert _runs(views.sections(family, family.role_level("mini-role", "l2"))) == {
        "alpha": (True, [(False, ["a2"]), (True, ["a3", "r1"])]),  # a2 carried; a3 shared, new here; r1 the role's, new
        "beta": (False, [(False, ["b1"])]),
        "special": (False, [(False, ["s1"])]),
    }


def test_in_a_family_with_one_role_an_expectation_is_indexed_where_it_starts_and_nowhere_above(site):
    lab = _family(site, "lab")
    assert _runs(views.sections(lab, lab.role_level("lab", "l1"))) == {"method": (True, [(True, ["tests-ideas"])])}
    assert _runs(views.sections(lab, lab.role_level("lab", "l2"))) == {"method": (False, [(False, ["tests-ideas"])])}
