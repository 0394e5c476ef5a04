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
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from . import groups, guides, inputs, matrices, paths, search_entries, views, words
from .ids import MATRIX, RESERVED_FAMILY_IDS, RESERVED_IN_FAMILY, TRACKS
from .resolved import ResolvedFamily, RoleLevel, Site, Step
from .text import Trusted, escape, html_block, html_text, link_target, plain, rich, title_meta

if TYPE_CHECKING:
    from babel.support import NullTranslations

TEMPLATES = Path(__file__).parent / "templates"
_BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n){2,}")


@dataclass(frozen=True)
class RenderedPage:
    path: str
    title: str
    markdown: str
    source: str | None  # the YAML file a reader would edit to change this page
    replaceable: bool = False  # a guide: a hand-written page at the same path takes its place
    search: tuple[search_entries.Entry, ...] = ()  # a role-level page's expectations, each a search entry of its own


# What to hold of each family's pages, given every family's digest of what they are made from (inputs.py) and how to
# make them, in order: one list of pages per family.
Keep = Callable[[list[tuple[str, Callable[[], list[RenderedPage]]]]], list[list[RenderedPage]]]


@pass_context
def _authored(context, value: str):
    """Expectation text and examples: plain text, or the opt-in inline Markdown of handbook.yml."""
    return rich(value) if context["handbook"].inline_markdown else escape(value)


@pass_context
def _authored_html(context, value: str):
    """The same, inside a raw HTML block: the words only."""
    return html_block(plain(value) if context["handbook"].inline_markdown else value)


@pass_context
def _proficiency_name(context, expectation) -> str:
    """The name of an expectation's proficiency on handbook.yml's scale ('' without one)."""
    if expectation.proficiency is None:
        return ""
    return next((p.name for p in context["handbook"].proficiency if p.id == expectation.proficiency), expectation.proficiency)


def _level_name(family, level_id: str) -> str:
    return next((lv.name for lv in family.levels if lv.id == level_id), level_id.upper())


def _install_words(env: Environment, t: NullTranslations) -> None:
    """The i18n extension's gettext, with the values of `{% trans x=... %}` escaped as every `{{ value }}` is.

    Jinja's own newstyle gettext would HTML-escape them only, so text from YAML could become Markdown.
    """
    env.install_gettext_translations(t, newstyle=True)  # type: ignore[attr-defined]

    def gettext(message: str, **values) -> Trusted:
        return Trusted(t.gettext(message)) % {name: escape(value) for name, value in values.items()}

    def ngettext(singular: str, plural: str, num: int, **values) -> Trusted:
        values.setdefault("num", num)
        return Trusted(t.ngettext(singular, plural, num)) % {name: escape(value) for name, value in values.items()}

    env.globals.update(gettext=gettext, _=gettext, ngettext=ngettext)


@lru_cache(maxsize=8)
def _environment(voice: words.Voice) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        extensions=["jinja2.ext.i18n"],
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
    env.filters["link_target"] = link_target
    env.globals.update(
        role_level_page=paths.role_level_page,
        step_page=paths.step_page,
        family_page=paths.family_page,
        role_page=paths.role_page,
        reviews_page=paths.REVIEWS,
        family_list=paths.FAMILIES,
        guide_pages=paths.GUIDES,
        proficiency_name=_proficiency_name,
        level_name=_level_name,
        grouped=groups.grouped,
    )
    _install_words(env, voice.translations)
    return env


def _link(page: str, target: str, anchor: str | None = None) -> Trusted:
    return Trusted(paths.relative(page, target, anchor))


def _render(template: str, path: str, title: str, source: str | None, voice: words.Voice, **context) -> RenderedPage:
    page = _environment(voice).get_template(template).render(page=path, title=title, link=partial(_link, path), **context)
    markdown = _BLANK_RUNS.sub("\n\n", page).strip() + "\n"  # tidy output: templates leave blank runs
    return RenderedPage(path, title, markdown, source, replaceable=path in paths.REPLACEABLE)


def _code_list(names) -> Trusted:
    return Trusted(", ".join(f"`{name}`" for name in sorted(names)))  # ids: slugs, safe in code spans


def _guide_pages(site: Site, source: str | None, voice: words.Voice) -> list[RenderedPage]:
    """The guides every handbook has (employees, managers, writing ladders), filled from handbook.yml."""
    t, facts = voice.translations, guides.facts(site)
    context = dict(
        handbook=site.handbook,
        guides=facts,
        example=facts.example,
        example_address=Trusted(paths.address(paths.role_level_page(facts.example))) if facts.example else None,
        example_family=Trusted(facts.example.family.id) if facts.example else "",
        reserved_family_ids=_code_list(RESERVED_FAMILY_IDS),
        reserved_in_family=_code_list(RESERVED_IN_FAMILY),
    )
    titles = {"employees": t.gettext("For employees"), "managers": t.gettext("For managers")}
    titles["writing-ladders"] = t.gettext("Writing ladders")
    return [_render(f"guides/{name}.md.j2", path, titles[name], source, voice, **context) for name, path in paths.GUIDES.items()]


def _step_title(t: NullTranslations, rl: RoleLevel, step: Step) -> str:
    if step.kind == "branch" or step.target.level.label:  # a label of its own already names the level
        return t.gettext("From %(level)s to %(target)s") % {"level": rl.page_title, "target": step.target.page_title}
    values = {"level": rl.label, "target": step.target.label, "title": step.target.title}
    return t.gettext("From %(level)s to %(target)s · %(title)s") % values


def _role_level_pages(
    organisation: views.Organisation, site: Site, family: ResolvedFamily, rl: RoleLevel, source: str | None, voice: words.Voice
) -> list[RenderedPage]:
    t = voice.translations
    common = dict(handbook=site.handbook, family=family, rl=rl, grade=views.grade_of(organisation.grade_by_id, rl.level))
    sections = views.sections(family, rl)
    checklist = words.checklist_words(voice, sum(len(run.items) for section in sections for run in section.runs))
    pages = [
        _render(
            "role_level.md.j2",
            paths.role_level_page(rl),
            rl.page_title,
            source,
            voice,
            sections=sections,
            checklist_words=checklist,
            **common,
        )
    ]
    pages[0] = replace(pages[0], search=search_entries.of(sections))
    form_words = words.form_words(voice)
    for step in rl.steps:
        title = _step_title(t, rl, step)
        page = paths.step_page(step)
        pages.append(_render("next_step.md.j2", page, title, source, voice, step=step, form_words=form_words, **common))
    title = t.gettext("Self-assessment · %(title)s") % {"title": rl.page_title}
    page = paths.role_level_page(rl, "self-assessment")
    pages.append(_render("self_assessment.md.j2", page, title, source, voice, form_words=form_words, **common))
    if rl.upward_review:
        title = t.gettext("Upward review · %(title)s") % {"title": rl.page_title}
        page = paths.role_level_page(rl, "upward-review")
        competencies = views.upward_review(rl)
        pages.append(
            _render("upward_review.md.j2", page, title, source, voice, competencies=competencies, form_words=form_words, **common)
        )
    return pages


def _family_pages(organisation: views.Organisation, site: Site, view: views.FamilyView, voice: words.Voice) -> list[RenderedPage]:
    """A family's overview, matrix and tracks compared, then each role's pages and its levels' pages."""
    t, handbook = voice.translations, site.handbook
    family, source = view.family, view.family.source_path
    common = dict(handbook=handbook, family=family)
    pages = [_render("family.md.j2", paths.family_page(family), family.name, source, voice, view=view, **common)]
    title = t.gettext("Competency matrix · %(family)s") % {"family": family.name}
    page = paths.family_page(family, MATRIX)
    matrix, role_tables = matrices.matrix(family), matrices.role_matrices(family)
    pages.append(_render("matrix.md.j2", page, title, source, voice, tables=matrix, role_tables=role_tables, **common))
    if view.has_compare:
        title, tables = (
            t.gettext("Tracks compared · %(family)s") % {"family": family.name},
            matrices.compare(family, handbook.grades),
        )
        pages.append(_render("tracks.md.j2", paths.family_page(family, TRACKS), title, source, voice, tables=tables, **common))
    for role in family.roles:
        role_source = site.sources.get(("role", role.id), source)
        if not role.implicit:
            page = paths.role_page(family, role)
            pages.append(_render("role.md.j2", page, role.name, role_source, voice, role=role, **common))
        for rl in role.levels:
            pages += _role_level_pages(organisation, site, family, rl, role_source, voice)
    return pages


def voice(site: Site, language: str = words.SOURCE) -> words.Voice:
    """The handbook's words: Material's `theme.language`, with handbook.yml's own labels over it."""
    return words.Voice(language, tuple(site.handbook.labels.items()))


def in_language(site: Site, t: NullTranslations) -> Site:
    """The site with the defaults handbook.yml left out (rating scale, alignment areas, send_before) in its language."""
    handbook = site.handbook
    update: dict[str, object] = {}
    if "rating_scale" not in handbook.model_fields_set:
        update["rating_scale"] = [
            r.model_copy(update={"name": t.gettext(r.name), "description": r.description and t.gettext(r.description)})
            for r in handbook.rating_scale
        ]
    if "alignment_areas" not in handbook.model_fields_set:
        update["alignment_areas"] = [
            a.model_copy(update={"name": t.gettext(a.name), "prompt": t.gettext(a.prompt)}) for a in handbook.alignment_areas
        ]
    if "send_before" not in handbook.model_fields_set:
        update["send_before"] = t.gettext(handbook.send_before)
    return replace(site, handbook=handbook.model_copy(update=update)) if update else site


def site_title(site: Site, language: str = words.SOURCE) -> str:
    """The title of a site whose mkdocs.yml leaves site_name empty: the organisation's handbook."""
    t = voice(site, language).translations
    return t.gettext("%(organisation)s career handbook") % {"organisation": site.handbook.organisation}


def render_site(site: Site, language: str = words.SOURCE, keep: Keep | None = None) -> list[RenderedPage]:
    """Every generated page of the handbook, in navigation order, in `language` (Material's `theme.language`).

    `keep`, given, is handed each family's pages to make, with the digest of their inputs, and gives what
    to hold of them, family by family (the MkDocs plugin makes them on two cores and keeps their Markdown
    compressed, so that a large handbook's is never all in memory at once, and when serving does not make
    a family's pages again when the digest of their inputs is the last build's)."""
    speech = voice(site, language)
    t = speech.translations
    site = in_language(site, t)
    organisation = views.organisation(site)
    handbook, source = site.handbook, site.sources.get(("handbook", ""))
    grades, families = organisation.grades, organisation.families
    pages = _guide_pages(site, source, speech)
    pages += [
        _render("reviews.md.j2", paths.REVIEWS, t.gettext("How we review"), source, speech, handbook=handbook, grades=grades),
        _render("families.md.j2", paths.FAMILIES, t.gettext("Job families"), None, speech, handbook=handbook, families=families),
    ]
    makes = [partial(_family_pages, organisation, site, view, speech) for view in organisation.families]
    if keep is None:
        pages += [page for make in makes for page in make()]
    else:
        shared = inputs.shared(site, speech)
        digests = [inputs.family_digest(shared, site, view) for view in organisation.families]
        pages += [page for family in keep(list(zip(digests, makes, strict=True))) for page in family]
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


def _level_nav(t: NullTranslations, rl: RoleLevel) -> dict:
    entries: list = [paths.role_level_page(rl)]
    entries += [
        {html_text(t.gettext("Towards %(title)s") % {"title": s.target.page_title}): paths.step_page(s)} for s in rl.steps
    ]
    entries.append({html_text(t.gettext("Self-assessment")): paths.role_level_page(rl, "self-assessment")})
    if rl.upward_review:
        entries.append({html_text(t.gettext("Upward review")): paths.role_level_page(rl, "upward-review")})
    return {html_text(rl.page_title): entries}


def nav(site: Site, language: str = words.SOURCE, listed: frozenset[str] = frozenset()) -> list:
    """MkDocs `nav` entries for the generated pages: a "Guides" section of the guides the handbook's
    own nav does not already list (`listed`), each titled by its page, hand-written or generated;
    then one "Job families" section (a tab) holding a section per family, opened by the families
    page; titles HTML-escaped, in `language`."""
    t = voice(site, language).translations
    guides = [path for path in paths.GUIDE_ORDER if path not in listed]
    sections: list = [paths.FAMILIES]
    for family in site.families:
        entries: list = [
            paths.family_page(family),
            {html_text(t.gettext("Competency matrix")): paths.family_page(family, MATRIX)},
        ]
        if views.has_compare(family):
            entries.append({html_text(t.gettext("Tracks compared")): paths.family_page(family, TRACKS)})
        for role in family.roles:
            levels = [_level_nav(t, rl) for rl in role.levels]
            if role.implicit:
                entries += levels
            else:
                entries.append({html_text(role.name): [paths.role_page(family, role)] + levels})
        sections.append({html_text(family.name): entries})
    return ([{html_text(t.gettext("Guides")): guides}] if guides else []) + [{html_text(t.gettext("Job families")): sections}]
