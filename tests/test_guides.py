"""The guides every handbook has come from the package, filled from handbook.yml, and a page of the
organisation's own replaces any of them; handbook.yml's `labels` put single labels in its own words;
the site title follows `organisation` when mkdocs.yml leaves site_name empty."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from generator import paths, words
from generator.model import DEFAULT_RATINGS
from generator.render import RenderedPage, nav, render_site
from generator.resolve import resolve_ladders
from generator.validate import validate_dir

from .conftest import FIXTURES, mkdocs_build, project_copy, run_ladder

GUIDES = {paths.GUIDES["employees"], paths.GUIDES["managers"], paths.GUIDES["writing-ladders"], paths.REVIEWS}


def _handbook(tmp_path: Path, **settings: object) -> Path:
    """The mini organisation with handbook.yml's settings replaced by `settings`."""
    ladders = tmp_path / "ladders"
    shutil.copytree(FIXTURES / "mini", ladders)
    handbook = yaml.safe_load((ladders / "handbook.yml").read_text())
    (ladders / "handbook.yml").write_text(yaml.safe_dump({**handbook, **settings}, allow_unicode=True))
    return ladders


def _site(ladders: Path):
    ladders_, diagnostics = validate_dir(ladders)
    assert ladders_ is not None, [str(d) for d in diagnostics]
    return resolve_ladders(ladders_)


def _pages(ladders: Path, language: str = "en") -> dict[str, RenderedPage]:
    return {page.path: page for page in render_site(_site(ladders), language)}


def _guides_text(pages: dict[str, RenderedPage]) -> str:
    return "\n".join(_words(pages[path]) for path in sorted(GUIDES))


def _words(page: RenderedPage) -> str:
    """A page's Markdown without the backslashes that keep text from YAML from becoming Markdown."""
    return page.markdown.replace("\\", "")


HARBOUR = {
    "organisation": "Harbour Freight",
    "send_before": "two working days",
    "review_cadence": [{"id": "sync", "name": "Fortnightly sync", "every": "fortnight", "description": "Twenty minutes."}],
    "rating_scale": [{"id": "not-yet", "name": "Not yet"}, {"id": "solid", "name": "Solid"}, {"id": "ahead", "name": "Ahead"}],
    "alignment_areas": [{"id": "next", "name": "Next steps", "prompt": "What do I do next?"}],
    "questions": ["Where did my last delivery plan fall short?"],
}


def test_the_guides_are_filled_from_handbook_yml(tmp_path: Path):
    pages = _pages(_handbook(tmp_path, **HARBOUR))
    assert GUIDES <= set(pages)
    employees, managers = _words(pages[paths.GUIDES["employees"]]), _words(pages[paths.GUIDES["managers"]])
    assert "Harbour Freight expects" in employees
    assert "3. Send it two working days before your 1:1" in employees and "two working days before the 1:1" in managers
    assert "**Fortnightly sync** (every fortnight): Twenty minutes." in employees
    assert "**Not yet**, **Solid**, **Ahead**" in employees
    assert "- **Next steps**: What do I do next?" in employees and "- **Next steps**: What do I do next?" in managers
    assert "- Where did my last delivery plan fall short?" in employees
    # nothing of another organisation, nor the defaults this handbook replaced
    text = _guides_text(pages)
    for other in ("Tidewater", "Monthly check-in", "**Working towards**", "**Focus**", "a week"):
        assert other not in text, other


def test_the_writing_guide_shows_this_handbooks_own_addresses_and_settings(tmp_path: Path):
    pages = _pages(_handbook(tmp_path, **HARBOUR, upward_review=False))
    guide = pages[paths.GUIDES["writing-ladders"]].markdown
    assert re.search(r"is at `/mini/[a-z0-9-]+/[a-z0-9-]+/`", guide), guide
    assert (FIXTURES / "mini" / "families" / "mini.yml").is_file() and "ladders/families/mini.yml:58:12" in guide
    assert "`families`, `guides`, `reviews`" in guide and "`matrix`, `tracks`" in guide
    assert "| `send_before` |" in guide and "| two working days |" in guide
    assert re.search(r"\| `upward_review` \| .* \| no \|", guide)


def test_the_guides_leave_out_what_the_handbook_does_not_have(tmp_path: Path):
    with_all = _guides_text(_pages(_handbook(tmp_path / "a", **HARBOUR)))
    assert "Reviewing your manager" in with_all and "manager track" in with_all and "The rhythm" in with_all
    without = _handbook(tmp_path / "b", **{**HARBOUR, "upward_review": False, "review_cadence": []})
    text = _guides_text(_pages(without))
    assert "Reviewing your manager" not in text and "upward feedback" not in text
    assert "The rhythm" not in text


def test_without_questions_the_employee_guide_suggests_its_own(tmp_path: Path):
    pages = _pages(_handbook(tmp_path, **{**HARBOUR, "questions": []}))
    assert "- Which one expectation would make the biggest difference" in pages[paths.GUIDES["employees"]].markdown


def test_the_guides_sit_in_the_nav_unless_the_handbooks_own_nav_places_them(tmp_path: Path):
    site = _site(_handbook(tmp_path))
    guides = nav(site)[0]["Guides"]
    assert guides == [paths.GUIDES["employees"], paths.GUIDES["managers"], paths.REVIEWS, paths.GUIDES["writing-ladders"]]
    placed = nav(site, listed=paths.nav_pages([{"Home": "index.md"}, {"Our reviews": paths.REVIEWS}]))
    assert placed[0]["Guides"] == [paths.GUIDES["employees"], paths.GUIDES["managers"], paths.GUIDES["writing-ladders"]]
    everything = paths.nav_pages([{"A": list(GUIDES)}])
    assert list(nav(site, listed=everything)[0]) == ["Job families"]


def test_a_page_of_the_organisations_own_replaces_a_guide_in_the_build_and_the_export(tmp_path: Path):
    project = project_copy(tmp_path)
    (project / "site_src" / "guides").mkdir()
    (project / "site_src" / "guides" / "managers.md").write_text("# Leading at Tidewater\n\nOur own words for managers.\n")
    (project / "site_src" / "reviews.md").write_text("# Our review cycle\n\nHow we do it here.\n")
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    managers = (tmp_path / "site" / "guides" / "managers" / "index.html").read_text()
    assert "Our own words for managers." in managers and "Before the 1:1" not in managers
    assert "How we do it here." in (tmp_path / "site" / "reviews" / "index.html").read_text()
    employees = (tmp_path / "site" / "guides" / "employees" / "index.html").read_text()
    assert "Send it a week before your 1:1" in employees
    assert "Leading at Tidewater" in employees and "Our review cycle" in employees  # the nav takes each page's own title

    result = run_ladder("export", str(tmp_path / "out"), "-f", str(project / "mkdocs.yml"), cwd=project)
    assert result.returncode == 0, result.stderr
    docs = tmp_path / "out" / "docs"
    assert (docs / "guides" / "managers.md").read_text().startswith("# Leading at Tidewater")
    assert (docs / "reviews.md").read_text().startswith("# Our review cycle")
    assert "Send it a week before your 1:1" in (docs / "guides" / "employees.md").read_text()


def test_labels_put_single_labels_in_the_organisations_words_in_any_language(tmp_path: Path):
    labels = {
        "Self-assessment": "Self-review",
        "Self-assessment · %(title)s": "Self-review · %(title)s",
        "Job families": "Our jobs",
        "Download my self-assessment": "Download my review",
    }
    ladders = _handbook(tmp_path, labels=labels)
    site = _site(ladders)
    for language in ("en", "de"):
        pages = {page.path: page for page in render_site(site, language)}
        titles = [page.title for page in pages.values()]
        assert any(title.startswith("Self-review · ") for title in titles), language
        assert not any(title.startswith(("Self-assessment", "Selbsteinschätzung")) for title in titles), language
        assert pages[paths.FAMILIES].title == "Our jobs"
        assert list(nav(site, language)[-1]) == ["Our jobs"]
        level_page = next(page for page in pages.values() if "data-words=" in page.markdown)
        data = re.search(r"data-words='([^']*)'", level_page.markdown) or re.search(r'data-words="([^"]*)"', level_page.markdown)
        assert data and "Download my review" in data.group(1).replace("&quot;", '"'), language
    english = words.translations("en")
    assert english.gettext("Job families") == "Job families"  # the catalogue itself is untouched


def test_defaults_the_handbook_leaves_out_read_in_its_language(tmp_path: Path):
    ladders = _handbook(tmp_path)  # no rating scale, alignment areas or send_before
    german = words.translations("de")
    pages = _pages(ladders, "de")
    assessment = next(page for path, page in pages.items() if path.endswith("self-assessment.md"))
    for rating in DEFAULT_RATINGS:
        assert german.gettext(rating.name) != rating.name
        assert german.gettext(rating.name) in assessment.markdown
        assert rating.name not in assessment.markdown
    assert german.gettext("a week") in pages[paths.GUIDES["employees"]].markdown
    english = _pages(ladders, "en")
    assert all(rating.name in next(p for path, p in english.items() if path.endswith("self-assessment.md")).markdown
               for rating in DEFAULT_RATINGS)


def test_an_empty_site_name_takes_the_organisations_name_in_the_export_too(tmp_path: Path):
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^site_name: .*$", 'site_name: ""', config.read_text(), flags=re.M))
    handbook = project / "ladders" / "handbook.yml"
    handbook.write_text(handbook.read_text().replace("organisation: Tidewater Labs", "organisation: Tide & Water"))
    result = run_ladder("export", str(tmp_path / "out"), "-f", str(config), cwd=project)
    assert result.returncode == 0, result.stderr
    exported = yaml.safe_load((tmp_path / "out" / "mkdocs.yml").read_text())
    assert exported["site_name"] == "Tide & Water career handbook"  # as a person writes it there
    for site, built in (("site", config), ("exported-site", tmp_path / "out" / "mkdocs.yml")):
        result = mkdocs_build(built, tmp_path / site)
        assert result.returncode == 0, result.stderr
        home = (tmp_path / site / "index.html").read_text()
        # Material escapes it in the logo's tooltip and not in the title: each reads "Tide & Water" once parsed
        assert re.search(r"<title>Home - Tide (&amp;|&) Water career handbook</title>", home), site
        assert 'title="Tide &amp; Water career handbook"' in home and "&amp;amp;" not in home, site


def test_a_page_at_a_guides_address_but_another_path_is_a_clash_that_says_how_to_replace_the_guide(tmp_path: Path):
    project = project_copy(tmp_path)
    (project / "site_src" / "reviews").mkdir()
    (project / "site_src" / "reviews" / "index.md").write_text("# Our review cycle\n")
    expected = "where the handbook puts one of its guides; to replace the guide, name the file reviews.md"
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1 and expected in result.stderr and "site_src/reviews/index.md" in result.stderr
    result = run_ladder("export", str(tmp_path / "out"), "-f", str(project / "mkdocs.yml"), cwd=project)
    assert result.returncode == 1 and expected in result.stderr and "Traceback" not in result.stderr
