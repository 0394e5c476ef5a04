"""Render: the resolved handbook as Markdown pages, through Jinja2 templates.

Pure: takes a resolved `Site`, returns pages (path, title, Markdown, source
file) and the navigation, knowing nothing of MkDocs. Each template receives
the views (`views.py`) of its page, built once, and only lays them out. Every `{{ value }}` in
a template passes through `text.escape` (Jinja's `finalize`), so YAML text
cannot become Markdown or HTML syntax unless a template marks it trusted.
Autoescaping is on only so that macro output counts as trusted Markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from . import paths, views
from .ids import MATRIX, TRACKS
from .resolved import ResolvedFamily, RoleLevel, Site
from .text import Trusted, escape, html_block, html_text, plain, rich, title_meta

TEMPLATES = Path(__file__).parent / "templates"
_BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n){2,}")


@dataclass(frozen=True)
class RenderedPage:
    path: str
    title: str
    markdown: str
    source: str | None  # the YAML file a reader would edit to change this page


@pass_context
def _authored(context, value: str):
    """Expectation text and examples: plain text, or the opt-in inline Markdown of handbook.yml."""
    return rich(value) if context["handbook"].inline_markdown else escape(value)


@pass_context
def _authored_html(context, value: str):
    """The same, inside a raw HTML block: the words only."""
    return html_block(plain(value) if context["handbook"].inline_markdown else value)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        finalize=escape,  # returns Markup, which autoescaping then leaves alone
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are package files: no need to stat them for every page
    )
    env.filters["title_meta"] = title_meta
    env.filters["html"] = html_block  # for text inside raw HTML blocks, where Markdown escapes would show
    env.filters["authored"] = _authored
    env.filters["authored_html"] = _authored_html
    env.filters["id"] = Trusted  # ids are validated slugs: safe in URLs, anchors and attributes
    env.globals.update(
        role_level_page=paths.role_level_page,
        step_page=paths.step_page,
        family_page=paths.family_page,
        role_page=paths.role_page,
        reviews_page=paths.REVIEWS,
    )
    return env


_ENV = _environment()


def _link(page: str, target: str, anchor: str | None = None) -> Trusted:
    return Trusted(paths.relative(page, target, anchor))


def _render(template: str, path: str, title: str, source: str | None, **context) -> RenderedPage:
    markdown = _ENV.get_template(template).render(page=path, title=title, link=partial(_link, path), **context)
    markdown = _BLANK_RUNS.sub("\n\n", markdown).strip() + "\n"  # tidy output: templates leave blank runs
    return RenderedPage(path, title, markdown, source)


def _role_level_pages(
    organisation: views.Organisation, site: Site, family: ResolvedFamily, rl: RoleLevel, source: str | None
) -> list[RenderedPage]:
    common = dict(handbook=site.handbook, family=family, rl=rl, grade=views.grade_of(organisation.grade_by_id, rl.level))
    pages = [
        _render(
            "role_level.md.j2",
            paths.role_level_page(rl),
            rl.page_title,
            source,
            sections=views.sections(family, rl),
            **common,
        )
    ]
    for step in rl.steps:
        title = f"From {rl.label} to {step.target.label} · {step.target.title}"
        if step.kind == "branch":
            title = f"From {rl.page_title} to {step.target.page_title}"
        pages.append(_render("next_step.md.j2", paths.step_page(step), title, source, step=step, **common))
    pages.append(
        _render(
            "self_assessment.md.j2",
            paths.role_level_page(rl, "self-assessment"),
            f"Self-assessment · {rl.page_title}",
            source,
            **common,
        )
    )
    if rl.upward_review:
        pages.append(
            _render(
                "upward_review.md.j2",
                paths.role_level_page(rl, "upward-review"),
                f"Upward review · {rl.page_title}",
                source,
                competencies=views.upward_review(rl),
                **common,
            )
        )
    return pages


def render_site(site: Site) -> list[RenderedPage]:
    """Every generated page of the handbook, in navigation order."""
    organisation = views.organisation(site)
    handbook, handbook_source = site.handbook, site.sources.get(("handbook", ""))
    pages = [
        _render("reviews.md.j2", paths.REVIEWS, "How we review", handbook_source, handbook=handbook, grades=organisation.grades),
        _render("families.md.j2", paths.FAMILIES, "Job families", None, handbook=handbook, families=organisation.families),
    ]
    for view in organisation.families:
        family, source = view.family, view.family.source_path
        common = dict(handbook=handbook, family=family)
        pages.append(_render("family.md.j2", paths.family_page(family), family.name, source, view=view, **common))
        title = f"Competency matrix · {family.name}"
        pages.append(
            _render("matrix.md.j2", paths.family_page(family, MATRIX), title, source, tables=views.matrix(family), **common)
        )
        if view.has_compare:
            title, tables = f"Tracks compared · {family.name}", views.compare(family, handbook.grades)
            pages.append(_render("tracks.md.j2", paths.family_page(family, TRACKS), title, source, tables=tables, **common))
        for role in family.roles:
            role_source = site.sources.get(("role", role.id), source)
            if not role.implicit:
                pages.append(_render("role.md.j2", paths.role_page(family, role), role.name, role_source, role=role, **common))
            for rl in role.levels:
                pages += _role_level_pages(organisation, site, family, rl, role_source)
    _assert_one_page_per_address(pages)
    return pages


def _assert_one_page_per_address(pages: list[RenderedPage]) -> None:
    """Validation refuses every id that would put two pages at one address; this makes sure it did."""
    owners: dict[str, RenderedPage] = {}
    for page in pages:
        other = owners.setdefault(paths.address(page.path), page)
        if other is not page:
            raise AssertionError(
                f"two generated pages share the address /{paths.address(page.path)}: {other.path} and {page.path}"
            )


def _level_nav(rl: RoleLevel) -> dict:
    entries: list = [paths.role_level_page(rl)]
    entries += [{html_text(f"Next: {s.target.page_title}"): paths.step_page(s)} for s in rl.steps]
    entries.append({"Self-assessment": paths.role_level_page(rl, "self-assessment")})
    if rl.upward_review:
        entries.append({"Upward review": paths.role_level_page(rl, "upward-review")})
    return {html_text(rl.page_title): entries}


def nav(site: Site) -> list:
    """MkDocs `nav` entries for the generated pages: one "Job families" section (a tab) holding a
    section per family, opened by the families page; titles HTML-escaped."""
    sections: list = [paths.FAMILIES]
    for family in site.families:
        entries: list = [paths.family_page(family), {"Competency matrix": paths.family_page(family, MATRIX)}]
        if views.has_compare(family):
            entries.append({"Tracks compared": paths.family_page(family, TRACKS)})
        for role in family.roles:
            levels = [_level_nav(rl) for rl in role.levels]
            if role.implicit:
                entries += levels
            else:
                entries.append({html_text(role.name): [paths.role_page(family, role)] + levels})
        sections.append({html_text(family.name): entries})
    return [{"Job families": sections}]
