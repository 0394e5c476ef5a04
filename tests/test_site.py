"""The sample handbook, built by a real `mkdocs build --strict`, read as HTML."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator import resolve_ladders, validate_dir

from .conftest import HANDBOOK, ROOT, mkdocs_build, project_copy, write_tree
from .html import parse, resolve_link

@pytest.fixture(scope="session")
def sample():
    ladders, _ = validate_dir(HANDBOOK / "ladders")
    return resolve_ladders(ladders)


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _page(site: Path, markdown_path: str) -> Path:
    return site / markdown_path.removesuffix(".md").removesuffix("index").rstrip("/") / "index.html"


def test_every_role_level_has_its_page_next_steps_and_templates(built: Path, sample):
    from generator import paths

    count = 0
    for family in sample.families:
        for role in family.roles:
            for rl in role.levels:
                count += 1
                page = parse(_page(built, paths.role_level_page(rl)))
                assert page.title.startswith(rl.page_title), page.title
                for expectation in (item.expectation for item in rl.items()):
                    assert expectation.id in page.ids
                for step in rl.steps:
                    assert _page(built, paths.step_page(step)).is_file()
                assert _page(built, paths.role_level_page(rl, "self-assessment")).is_file()
                assert _page(built, paths.role_level_page(rl, "upward-review")).is_file() == (rl.track.kind == "manager")
    assert count == 25


def test_every_internal_link_and_anchor_resolves(built: Path):
    checked = 0
    for page in _html_pages(built):
        for href in parse(page).links:
            target = resolve_link(built, page, href)
            if target is None:
                continue
            file, fragment = target
            assert file.is_file(), f"{page.relative_to(built)} links to missing {href}"
            if fragment:
                assert fragment in parse(file).ids, f"{page.relative_to(built)} links to missing anchor {href}"
                checked += 1
    assert checked > 500


def test_page_titles_are_distinct(built: Path):
    titles = [parse(p).title for p in _html_pages(built) if p.name == "index.html"]
    assert len(titles) == len(set(titles)) > 90


def test_templates_are_left_out_of_search(built: Path):
    index = json.loads((built / "search" / "search_index.json").read_text())
    locations = [doc["location"] for doc in index["docs"]]
    assert any("engineering/backend/e2/" == loc for loc in locations)
    assert not [loc for loc in locations if loc.split("#")[0].endswith(("/self-assessment/", "/upward-review/"))]


def test_nothing_is_loaded_from_the_internet(built: Path):
    for page in _html_pages(built):
        for asset in parse(page).assets:
            assert not asset.startswith(("http:", "https:", "//")), f"{page}: {asset}"
    css = "".join(p.read_text() for p in built.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_navigation_is_pruned_to_the_current_section(built: Path):
    page = (built / "engineering" / "backend" / "e1" / "index.html").read_text()
    assert "frontend/e5/" not in page and "product-design/d4/" not in page and "backend/e4/next-e5/" not in page
    assert "next-e2/" in page and "frontend/" in page
    sizes = [p.stat().st_size for p in _html_pages(built)]
    assert max(sizes) < 200_000


def _chrome(page: Path) -> str:
    """A built page's header, tabs and sidebar: everything before the article."""
    return page.read_text().split('<div class="md-content"', 1)[0]


def test_families_page_lists_every_family_role_and_track(built: Path):
    families = parse(_page(built, "families/index.md"))
    text = " ".join(families.text)
    assert "Tidewater Labs has 2 job families" in text and "M1 to M3, continuing from E3" in text
    for target in ("../engineering/", "../engineering/sre/", "../engineering/matrix/", "../product-design/tracks/"):
        assert target in families.links, target
    chrome = _chrome(_page(built, "families/index.md"))
    assert "../engineering/" in chrome and "../product-design/" in chrome


def test_a_family_page_sidebar_lists_that_family_alone(built: Path):
    chrome = _chrome(_page(built, "engineering/backend/e3/index.md"))
    assert "Job families" in chrome and "../../frontend/" in chrome and "Other job families" in chrome
    assert "product-design/" not in chrome
    chrome = _chrome(_page(built, "product-design/d2/index.md"))
    assert "../d3/" in chrome and "engineering/" not in chrome


def test_a_single_family_has_no_link_to_other_families(tmp_path: Path):
    project = project_copy(tmp_path)
    (project / "ladders" / "families" / "product-design.yml").unlink()
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    assert "Other job families" not in _chrome(project / "site" / "engineering" / "backend" / "e3" / "index.html")
    assert "Tidewater Labs has one job family." in " ".join(parse(project / "site" / "families" / "index.html").text)


def test_a_role_level_page_does_not_change_when_the_organisation_grows(built: Path, tmp_path: Path):
    project = project_copy(tmp_path)
    design = (project / "ladders" / "families" / "product-design.yml").read_text()
    for n in range(3):  # three more families, each with levels, tracks and competencies of its own
        (project / "ladders" / "families" / f"extra-{n}.yml").write_text(
            design.replace("id: product-design", f"id: extra-{n}").replace("name: Product Design", f"name: Extra {n}")
        )
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "extra-2" / "d2" / "index.html").is_file()
    for page in ("engineering/backend/e3/index.html", "product-design/d2/self-assessment/index.html"):
        assert (project / "site" / page).read_bytes() == (built / page).read_bytes(), page
    assert (project / "site" / "families" / "index.html").read_bytes() != (built / "families" / "index.html").read_bytes()


def test_role_level_page_marks_new_changed_carried_and_links_around(built: Path):
    page = _page(built, "engineering/backend/e3/index.md")
    html = page.read_text()
    collector = parse(page)
    text = " ".join(collector.text)
    assert "Designs systems that span several components" in text
    assert "Designs a component from a brief" not in text  # replaced at this level
    assert 'id="designs-systems"' in html and "ladder-tag--changed" in html and "ladder-tag--role" in html
    assert 'type="checkbox"' in html and "disabled" not in html.split('id="designs-systems"')[1][:200]
    hrefs = collector.links
    assert "../e2/" in hrefs and "next-e4/" in hrefs and "next-engineering-manager-m1/" in hrefs
    assert "self-assessment/" in hrefs


def test_next_level_page_lists_new_and_changed(built: Path):
    text = " ".join(parse(_page(built, "engineering/backend/e3/next-e4.md")).text)
    assert "Sets technical direction for an area" in text  # new at E4
    assert "Replaces: Takes responsibility for the health of the team" in text  # owns-outcomes replaces owns-team-systems
    branch = " ".join(parse(_page(built, "engineering/backend/e3/next-engineering-manager-m1.md")).text)
    assert "Holds regular one-to-ones" in branch and "No longer part of the role" in branch


def test_the_footer_names_a_next_level_page_without_a_second_previous_or_next(built: Path):
    html = _page(built, "engineering/backend/e3/self-assessment.md").read_text()
    labels = re.findall(r'class="md-footer__link md-footer__link--(?:prev|next)"[^>]*aria-label="([^"]*)"', html)
    assert labels and labels[0].startswith("Previous: Towards "), labels
    assert not any("Next:" in label.removeprefix("Next:") for label in labels), labels


def test_self_assessment_has_fields_ratings_alignment_questions_and_promotion(built: Path, sample):
    file = _page(built, "engineering/backend/e2/self-assessment.md")
    page = parse(file)
    text = " ".join(page.text)
    for field in ("Name", "Manager", "Period covered", "Date sent", "Focus", "Baseline expectations", "Opportunities", "Risks"):
        assert field in text
    assert text.count("☐\xa0Working towards") >= 10 and 'data-label="Manager&#x27;s view"' in file.read_text()
    assert "Which one expectation would make the biggest difference" in text
    assert re.search(r"This self-assessment is for.{0,40}Monthly check-in.{0,40}Quarterly deep dive", text)
    rl = sample.families[0].role_level("backend", "e2")
    for item in rl.items():
        assert item.expectation.text in text
    assert "Leads a project of several people to delivery" in text  # the promotion section: E3's new expectations


def test_upward_review_uses_manager_track_expectations(built: Path):
    text = " ".join(parse(_page(built, "engineering/engineering-manager/m1/upward-review.md")).text)
    assert "Holds regular one-to-ones" in text and "Runs a planning and delivery process" in text
    assert "Writes code that a teammate can read" not in text


def test_family_overview_matrix_and_track_comparison(built: Path):
    overview = " ".join(parse(_page(built, "engineering/index.md")).text)
    assert "Senior Backend Engineer" in overview and "Product Design · D3" in overview
    matrix = _page(built, "engineering/matrix.md").read_text()
    individual, manager = matrix.split('<h2 id="individual-contributor"', 1)[1].split('<h2 id="people-manager"', 1)
    assert "Technical craft" in individual and "E5" in individual and "M1" not in individual
    manager = re.split(r'<h2[^>]* id="role-', manager, maxsplit=1)[0]  # then what each role adds, on its own levels
    assert "People leadership" in manager and "M3" in manager and "E5" not in manager.split('<footer', 1)[0]
    # the manager track's first columns are empty for the competencies it carries: it says where they are asked
    assert "This track continues from E3: its levels also expect everything asked up to E3" in " ".join(manager.split())
    assert "This track continues" not in individual
    tracks = " ".join(parse(_page(built, "engineering/tracks.md")).text)
    assert "Staff Engineer (E4)" in tracks and "Engineering Manager (M1)" in tracks


def test_a_family_overview_lists_each_named_role_as_its_own_item(built: Path, sample):
    html = _page(built, "engineering/index.md").read_text()
    roles = html.split('<h2 id="roles"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", roles, re.S)
    family = next(f for f in sample.families if f.id == "engineering")
    assert len(items) == len([r for r in family.roles if r.name]) == 4
    assert all(item.count("<a ") == 1 and "- <a" not in item for item in items)


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path):
    again = tmp_path / "again"
    assert mkdocs_build(HANDBOOK / "mkdocs.yml", again).returncode == 0
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    assert Path("sitemap.xml.gz") in first


def test_broken_ladder_fails_the_build_with_located_error(tmp_path: Path):
    project = project_copy(tmp_path)
    role = project / "ladders" / "roles" / "backend.yml"
    role.write_text(role.read_text().replace("family: engineering", "family: engineerin"))
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 1
    assert "ladders/roles/backend.yml:3:9: error: unknown family 'engineerin'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_hand_written_page_where_a_generated_one_goes_fails_the_build(tmp_path: Path):
    project = project_copy(tmp_path)
    for clash in ("families/index.md", "engineering/matrix/index.md"):  # the same file; another file, the same address
        (project / "site_src" / clash).parent.mkdir(parents=True)
        (project / "site_src" / clash).write_text("# Mine\n")
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{project}/site_src/families/index.md:1:1: error: this file would be published at /families/" in result.stderr
    assert f"{project}/site_src/engineering/matrix/index.md:1:1: error: this file would be published at /engineering/matrix/, " \
        "where the handbook puts a page made from" in result.stderr


def test_export_refuses_a_hand_written_page_where_a_generated_one_goes(tmp_path: Path):
    from .conftest import run_ladder

    project = project_copy(tmp_path)
    (project / "site_src" / "engineering.md").write_text("# Mine\n")  # a guide's path would replace it: a family's does not
    out = tmp_path / "exported"
    result = run_ladder("export", str(out), "-f", str(project / "mkdocs.yml"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{project}/site_src/engineering.md:1:1: error: this file would be published at /engineering/, where the handbook puts a page" in result.stderr
    assert not out.exists()


def test_edit_links_point_at_the_yaml_source(tmp_path: Path):
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nrepo_url: https://git.example.com/org/ladders\nedit_uri: edit/main/site_src/\n")
    assert mkdocs_build(config, project / "site").returncode == 0
    html = (project / "site" / "engineering" / "backend" / "e2" / "index.html").read_text()
    assert 'href="https://git.example.com/org/ladders/edit/main/ladders/roles/backend.yml"' in html
    reviews = (project / "site" / "reviews" / "index.html").read_text()
    assert 'href="https://git.example.com/org/ladders/edit/main/ladders/handbook.yml"' in reviews
    family = (project / "site" / "engineering" / "index.html").read_text()
    assert 'href="https://git.example.com/org/ladders/edit/main/ladders/families/engineering.yml"' in family


def test_export_builds_with_plain_mkdocs_without_the_plugin(tmp_path: Path):
    from .conftest import run_ladder

    out = tmp_path / "exported"
    result = run_ladder("export", str(out))
    assert result.returncode == 0, result.stderr
    config = out / "mkdocs.yml"
    assert "ladder" not in config.read_text().split("plugins:")[1].split("validation:")[0]
    assert (out / "docs" / "engineering" / "backend" / "e3" / "index.md").is_file()
    built = mkdocs_build(config, out / "site")
    assert built.returncode == 0, built.stderr
    assert 'id="designs-systems"' in (out / "site" / "engineering" / "backend" / "e3" / "index.html").read_text()


def test_hostile_text_is_shown_as_text_in_the_built_site(tmp_path: Path):
    import yaml

    project = project_copy(tmp_path)
    shutil.rmtree(project / "ladders")
    spec = yaml.safe_load((ROOT / "tests" / "golden" / "hostile-text.yml").read_text())
    write_tree(project / "ladders", spec["input"])
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    page = project / "site" / "f" / "f1" / "index.html"
    html = page.read_text()
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert "<!-- hidden -->" not in html and 'class="evil"' not in html
    text = " ".join(parse(page).text)
    assert "<img src=x onerror=alert(1)> <!-- hidden -->" in text
    assert "- [x] pre-ticked? 1. list" in text
    assert "<a href='javascript:alert(1)'>x</a>" in text
    assert "`code` _under_" in text and "{: .evil } {#id}" in text


def test_self_assessment_items_have_their_writing_space(built: Path):
    html = _page(built, "engineering/backend/e2/self-assessment.md").read_text()
    views = html.count('<div class="ladder-write ladder-write--short" data-label="Manager&#x27;s view" data-field="manager-view">')
    areas = html.count('class="ladder-item" data-kind="alignment"')
    assert views - areas == html.count('data-label="Evidence" data-field="evidence"') > 10 and areas == 4  # and one per area


def test_search_finds_an_expectation_on_the_level_where_it_starts_only(built: Path):
    index = json.loads((built / "search" / "search_index.json").read_text())

    def found(words: str) -> list[str]:
        return sorted(doc["location"] for doc in index["docs"] if words in doc["title"] + doc["text"])

    # shared by every role: once, on the first role's page where it starts, at its own anchor
    assert found("Writes code that a teammate can read") == ["engineering/backend/e1/#writes-readable-code"]
    assert found("Names functions after what they do") == ["engineering/backend/e1/#writes-readable-code"]  # its examples
    assert found("Writes database queries that are safe") == ["engineering/backend/e1/#backend-safe-queries"]
    assert found("Designs the empty, loading and error states") == ["product-design/d1/#designs-all-states"]
    assert not [doc for doc in index["docs"] if "/matrix/" in doc["location"]]  # the matrix repeats them all
    assert not [doc for doc in index["docs"] if "/next-" in doc["location"] or "How to read this page" in doc["text"]]
