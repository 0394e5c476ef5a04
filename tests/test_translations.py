"""Translations: every word the tool writes comes from one catalogue, in the handbook's language.

The catalogue template (`generator/locales/ladder.pot`) is what the templates and modules ask for;
each language's `.po` translates all of it. After changing a message, run
`python -m tests.test_translations` to rewrite the template and carry the change into every `.po`
(new messages arrive untranslated, changed ones fuzzy), then translate what it lists.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from generator import words
from generator.render import RenderedPage, render_site
from generator.resolve import resolve_ladders
from generator.text import escape, html_block, html_text
from generator.validate import validate_dir

from .conftest import ROOT, mkdocs_build

LADDERS = ROOT / "tests" / "fixtures" / "handbook" / "ladders"
TRANSLATED = [language for language in words.languages() if language != words.SOURCE]
# The templates are read as render reads them: the same whitespace control decides the messages.
_METHODS = [("generator/templates/**.j2", "jinja2.ext:babel_extract"), ("generator/scaffold/**.j2", "jinja2.ext:babel_extract"),
            ("generator/**.py", "python")]
_JINJA = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "keep_trailing_newline": "true",
    "newstyle_gettext": "true",
}
_OPTIONS = {"generator/templates/**.j2": _JINJA, "generator/scaffold/**.j2": _JINJA}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Addresses and the front matter's page kind are ids, not words: `self-assessment.md`, `template: upward-review`.
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_PAGE_KIND = re.compile(r"^  template: .*$", re.M)
# Inline code holds keys and file names (`labels`, `handbook.yml`), which stay as YAML spells them.
_CODE_SPAN = re.compile(r"`[^`\n]+`")
_FIXED_DATE = datetime(2025, 1, 1, tzinfo=UTC)  # a rewritten template differs only where a message did


def _extracted() -> Catalog:
    catalog = Catalog(project="ladder-handbook", creation_date=_FIXED_DATE, fuzzy=False)
    for path, _, message, comments, context in extract_from_dir(ROOT, _METHODS, _OPTIONS):
        catalog.add(message, None, [(path, None)], auto_comments=comments, context=context)
    return catalog


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def _ids(catalog: Catalog) -> set:
    return {message.id for message in catalog if message.id}


def _pages(language: str) -> dict[str, RenderedPage]:
    ladders, diagnostics = validate_dir(LADDERS)
    assert ladders is not None, [str(d) for d in diagnostics]
    return {page.path: page for page in render_site(resolve_ladders(ladders), language)}


def _authored() -> list[str]:
    """Every string written in the fixture's YAML, as pages may show it: it stays as written in any language."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.extend({value, str(escape(value)), str(html_block(value)), html_text(value), value.upper()})

    for path in sorted(LADDERS.rglob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(set(found), key=len, reverse=True)  # longest first: a name inside a longer text goes with it


def _texts(value: str | tuple) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def _english_words(language: str) -> list[str]:
    """Each message's words between its placeholders, longer than three characters, from the catalogue itself;
    less the words `language` writes the same way ("Name" is German too)."""
    pieces = set()
    for message in _read(words.TEMPLATE):
        for msgid in _texts(message.id):
            pieces.update(p.strip(" \n:.,;()*[]") for p in _PLACEHOLDER.split(msgid)[::2])
    translated = " ".join(text for message in _read(words.catalogue(language)) if message.id for text in _texts(message.string))
    return sorted(p for p in pieces if len(p) > 3 and not re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", translated))


def test_the_catalogue_lists_every_message_the_templates_and_modules_ask_for():
    assert _ids(_read(words.TEMPLATE)) == _ids(_extracted()), "run python -m tests.test_translations"


def test_german_french_and_spanish_are_shipped():
    assert set(TRANSLATED) >= {"de", "fr", "es"}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders_and_plural_forms(language: str):
    catalog = _read(words.catalogue(language), language)
    assert _ids(catalog) == _ids(_read(words.TEMPLATE)), "run python -m tests.test_translations"
    untranslated = [
        m.id for m in catalog if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert untranslated == []
    wrong = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert wrong == []  # Babel's checks: the same placeholders, and as many plural forms as the language has
    for message in catalog:
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            assert '"' not in text, f"{message.id!r}: a straight double quote would end an HTML attribute"


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_translated_handbook_has_no_english_generated_word(language: str):
    """Text from YAML stays as written; everything else on a German (French, Spanish) page is in that language."""
    english, authored = _english_words(language), _authored()
    assert {"Self-assessment", "What changes at", "ticked", "Job families"} <= set(english)
    found = {}
    for path, page in _pages(language).items():
        text = _CODE_SPAN.sub(" ", _LINK_TARGET.sub("](", _PAGE_KIND.sub("", page.markdown))) + "\n" + page.title
        for value in authored:
            text = text.replace(value, " ")
        hits = [w for w in english if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
        if hits:
            found[path] = hits
    assert found == {}


def test_english_pages_carry_no_words_for_the_checklist_which_has_its_own():
    assert not any("data-words" in page.markdown for page in _pages("en").values())
    assert words.checklist_words(words.Voice("en"), 3) is None
    assert words.checklist_words(words.Voice("en", (("Reset", "Start again"),)), 3) is not None  # labels of its own


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 of 6 ticked", "2 of 6 ticked"),
        ("de", "1 von 6 abgehakt", "2 von 6 abgehakt"),
        ("fr", "1 sur 6 cochée", "2 sur 6 cochées"),
        ("es", "1 de 6 marcada", "2 de 6 marcadas"),
    ],
)
def test_progress_takes_the_plural_form_of_the_number_ticked(language: str, one: str, two: str):
    t = words.translations(language)
    progress = [t.ngettext("%(done)s of %(total)s ticked", "%(done)s of %(total)s ticked", n) for n in (1, 2)]
    assert [p % {"done": n, "total": 6} for p, n in zip(progress, (1, 2), strict=True)] == [one, two]


def test_french_counts_nothing_ticked_in_the_singular_as_french_does():
    forms = yaml.safe_load(words.checklist_words(words.Voice("fr"), 3) or "")["progress"]
    assert [forms["forms"][i] for i in forms["form"]][:3] == ["%(done)s sur %(total)s cochée"] * 2 + [
        "%(done)s sur %(total)s cochées"
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_page_with_a_checklist_carries_its_words(language: str):
    page = next(p for p in _pages(language).values() if 'class="ladder-checklist"' in p.markdown)
    assert "data-words=" in page.markdown


def test_a_regional_language_reads_its_language_and_an_unknown_one_english():
    assert words.translations("de-CH").gettext("Job families") == words.translations("de").gettext("Job families")
    assert words.translations("pt-BR").gettext("Job families") == "Job families"


def test_the_checklist_script_holds_the_same_english_for_pages_that_carry_no_words():
    script = (ROOT / "generator" / "theme" / "assets" / "ladder" / "ladder.js").read_text(encoding="utf-8")
    english = words._checklist(words.translations("en"))
    assert [w for w in english.values() if "%(" not in w and w not in script.replace('" +\n      "', "")] == []


def test_the_form_scripts_hold_the_same_english_for_pages_that_carry_no_words():
    folder = ROOT / "generator" / "theme" / "assets" / "ladder"
    script = (folder / "assessment.js").read_text(encoding="utf-8").replace('" +\n      "', "")
    english = words._form(words.translations("en"))
    assert [w for w in english.values() if json.dumps(w, ensure_ascii=False) not in script] == []


def _write_catalogues() -> None:
    """Rewrite the template from the sources; carry it into each language's catalogue."""
    template = _extracted()
    with words.TEMPLATE.open("wb") as pot:
        write_po(pot, template, width=100, omit_header=False, include_lineno=False)
    for language in TRANSLATED:
        catalog = _read(words.catalogue(language), language)
        catalog.update(template, update_header_comment=False)
        with words.catalogue(language).open("wb") as po:
            write_po(po, catalog, width=100, include_lineno=False, ignore_obsolete=True)
        todo = [m.id for m in catalog if m.id and (m.fuzzy or not m.string)]
        print(f"{language}: {len(todo)} to translate", *todo, sep="\n  ")


if __name__ == "__main__":
    _write_catalogues() if sys.argv[1:] == [] else sys.exit("usage: python -m tests.test_translations")


def test_a_german_build_through_the_plugin_is_in_german(tmp_path):
    """Material's theme.language reaches the pages the plugin generates."""
    from .conftest import mkdocs_build, project_copy

    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  language: en\n", "  language: de\n"))
    result = mkdocs_build(config, project / "site")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "engineering" / "backend" / "e3" / "index.html").read_text(encoding="utf-8")
    assert "Selbsteinschätzung" in page and ">Self-assessment<" not in page
    assert "Andere Jobfamilien" in page and "Other job families" not in page  # the sidebar's link too


def _built_in(tmp_path: Path, mini: Path, language: str, custom_dir: bool = False):
    """A real `mkdocs build` of the mini organisation with `theme.language` set, from a mkdocs.yml written by hand."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    theme = "theme:\n  name: material\n  font: false\n" + ("  custom_dir: overrides\n" if custom_dir else "") + f"  language: {language}\n"
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Languages\ndocs_dir: docs\n{theme}plugins:\n  - search\n  - ladder\n")
    return mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")


@pytest.mark.parametrize(("language", "hint"), [("de-CH", "use 'de'"), ("pt_BR", "use 'pt' or 'pt-BR'"), ("xx", "use one it has")])
def test_a_language_material_does_not_have_is_a_located_error_not_a_traceback(tmp_path: Path, mini: Path, language: str, hint: str):
    result = _built_in(tmp_path, mini, language)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{tmp_path / 'mkdocs.yml'}:6:3: error: theme.language '{language}': Material for MkDocs has no such language " \
        f"(no partials/languages/{language}.html); {hint}, or add that file to the theme's custom_dir. Its languages: af, " \
        in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()


def test_a_language_yaml_reads_as_something_else_is_a_located_error(tmp_path: Path, mini: Path):
    result = _built_in(tmp_path, mini, "no")  # Norwegian, as YAML 1.1 reads it: false
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{tmp_path / 'mkdocs.yml'}:6:3: error: theme.language False is not text: YAML reads it as a bool; quote it " \
        '("no"), or write Norwegian as nb or nn' in result.stderr, result.stderr


def test_a_key_mkdocs_yml_sets_twice_is_a_located_error_not_the_last_one_silently(tmp_path: Path, mini: Path):
    result = _built_in(tmp_path, mini, "de\n  language: en")  # the second would win, and the site be in English
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{tmp_path / 'mkdocs.yml'}:7:3: error: duplicate key 'language' (first set at line 6, column 3): MkDocs would " \
        "keep this one and silently drop the first; keep one of them" in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()
    config = tmp_path / "mkdocs.yml"  # MkDocs' own tags need no constructor to be read for keys
    config.write_text(config.read_text().replace("site_name: Languages", "site_name: !ENV [LADDER_NO_SUCH_VARIABLE, Languages]")
                      .replace("  language: en\n", ""))
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr


def test_a_language_of_the_organisations_own_is_built_and_one_without_our_words_says_so(tmp_path: Path, mini: Path):
    material = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"
    (tmp_path / "overrides" / "partials" / "languages").mkdir(parents=True)
    (tmp_path / "overrides" / "partials" / "languages" / "de-CH.html").write_text((material / "de.html").read_text())
    result = _built_in(tmp_path, mini, "de-CH", custom_dir=True)
    assert result.returncode == 0, result.stderr
    assert "has no translation" not in result.stderr  # de-CH reads the German catalogue
    assert "<h1" in (tmp_path / "site" / "families" / "index.html").read_text() and "Jobfamilien" in (tmp_path / "site" / "families" / "index.html").read_text()
    result = _built_in(tmp_path, mini, "nl")
    assert result.returncode == 0, result.stderr  # --strict: a note, not a warning
    assert "theme.language 'nl': the handbook's own words (headings, labels, forms) have no translation into it and read " \
        "in English; ladder-handbook translates them into de, es, fr." in result.stderr
