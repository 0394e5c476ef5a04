"""Property tests (hypothesis, bounded for CI): valid models build, text stays text, broken YAML is located."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator import scaffold
from generator.ids import SLUG as SLUG_RULE
from generator.ids import RESERVED_IN_FAMILY, id_problem
from generator.pipeline import generate
from generator.validate import validate_dir

from .conftest import FIXTURES, HANDBOOK, write_tree
from .html import parse

BIDI_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text biased towards what Markdown and HTML would read as syntax, mixed with any printable character.
SYNTAX = [
    "<", ">", "*", "_", "[", "]", "(", ")", "#", "|", "`", "!", "-", "+", ".", "&", "\\", "{", "}", ":", "\n", "  ",
    "<script>alert(1)</script>", "<b>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))", "&amp;", "&#60;",
    "<!--", "-->", "1. ", "- ", "[x] ", "{: .x #y }", "[x](javascript:void)", "[d](data:text/html,x)", "[ok](https://a.example/)", "**", "__", "<https://example.com>", "![i](x.png)", "---", "| a | b |",
]
TEXT = (
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))), min_size=1, max_size=25)
    .map("".join)
    .filter(str.strip)
    .filter(lambda text: not BIDI_OVERRIDES.search(text))  # refused by validation (generator/model.py)
)
# Ids as the real rule allows them (generator/ids.py), short so that pages stay small, and not the
# names a family's own pages take (the organisations below draw those on purpose).
SLUG = st.from_regex(SLUG_RULE, fullmatch=True).filter(
    lambda s: len(s) <= 8 and id_problem(s) is None and s not in RESERVED_IN_FAMILY
)


def _markdown_converter() -> markdown.Markdown:
    """Python-Markdown configured exactly as mkdocs.yml configures it."""
    config = yaml.safe_load((HANDBOOK / "mkdocs.yml").read_text())
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, conf = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        names.append(name)
        options[name] = conf or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


def _html_of(page_markdown: str) -> str:
    body, _ = get_data(page_markdown)
    return _markdown_converter().convert(body)


def _structure(html: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(tag, tuple(sorted(attrs))) for tag, attrs in re.findall(r"<(\w+)([^>]*)>", html) for attrs in [re.findall(r"([\w-]+)=", attrs)]]


def _family(summary: str, text: str, example: str, name: str) -> dict[str, str]:
    family = {
        "id": "f", "name": name, "summary": summary,
        "tracks": [{"id": "ic", "name": "IC"}],
        "levels": [{"id": "f1", "title": "One", "track": "ic", "summary": summary, "scope": text}],
        "competencies": [{"id": "c", "name": name, "summary": summary,
                          "expectations": {"f1": [{"id": "e", "text": text, "examples": [example]}]}}],
    }
    return {"handbook.yml": "organisation: Org\n", "families/f.yml": yaml.safe_dump(family, allow_unicode=True)}


def _role_level_html(files: dict[str, str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        write_tree(Path(tmp), files)
        pages, _, diagnostics, *_ = generate(Path(tmp))
    assert pages, [str(d) for d in diagnostics]
    return _html_of(next(p.markdown for p in pages if p.path == "f/f1/index.md"))


BASELINE = _structure(_role_level_html(_family("Summary", "Text", "Example", "Name")))


@SETTINGS
@given(summary=TEXT, text=TEXT, example=TEXT, name=TEXT)
def test_any_text_comes_out_verbatim_with_no_new_elements_or_attributes(summary, text, example, name):
    html = _role_level_html(_family(summary, text, example, name))
    assert _structure(html) == BASELINE
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as f:
        f.write(html)
    shown = " ".join(" ".join(parse(Path(f.name)).text).split())
    Path(f.name).unlink()
    for value in (summary, text, example, name):
        assert " ".join(value.split()) in shown


@st.composite
def families(draw):
    levels = draw(st.lists(SLUG, min_size=1, max_size=6, unique=True))
    comps = draw(st.lists(SLUG.map(lambda s: "c" + s), min_size=1, max_size=4, unique=True))
    expectations, seen = {}, []
    counter = 0
    for comp in comps:
        by_level = {}
        for level in levels:
            items = []
            for _ in range(draw(st.integers(0, 3))):
                counter += 1
                item = {"id": f"x{counter}", "text": draw(TEXT)}
                earlier = [e for e in seen if e[0] == comp and e[1] != level]
                if earlier and draw(st.booleans()):
                    item["replaces"] = draw(st.sampled_from(earlier))[2]
                items.append(item)
                seen.append((comp, level, item["id"]))
            if items:
                by_level[level] = items
        expectations[comp] = by_level
    return {
        "id": "gen", "name": draw(TEXT), "summary": draw(TEXT),
        "tracks": [{"id": "ic", "name": "IC"}],
        "levels": [{"id": lv, "title": draw(TEXT), "track": "ic", "summary": draw(TEXT), "scope": draw(TEXT)} for lv in levels],
        "competencies": [{"id": c, "name": draw(TEXT), "summary": draw(TEXT), "expectations": expectations[c]} for c in comps],
    }


@SETTINGS
@given(family=families())
def test_any_valid_generated_model_renders_every_page(family):
    with tempfile.TemporaryDirectory() as tmp:
        write_tree(Path(tmp), {"handbook.yml": "organisation: Org\n", "families/gen.yml": yaml.safe_dump(family, allow_unicode=True)})
        pages, nav, diagnostics, *_ = generate(Path(tmp))
    assert [str(d) for d in diagnostics if d.severity == "error"] == []
    paths = {p.path for p in pages}
    for level in family["levels"]:
        assert f"gen/{level['id']}/index.md" in paths and f"gen/{level['id']}/self-assessment.md" in paths
    for page in pages:
        _html_of(page.markdown)


MINI_FAMILY = (FIXTURES / "mini" / "families" / "mini.yml").read_text()


@SETTINGS
@given(cut=st.integers(0, len(MINI_FAMILY)), junk=st.text(max_size=20))
def test_broken_yaml_gives_located_errors_never_a_traceback(cut, junk):
    broken = MINI_FAMILY[:cut] + junk + MINI_FAMILY[cut + len(junk):]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_tree(root, {"handbook.yml": "organisation: Org\n", "families/mini.yml": broken})
        ladders, diagnostics = validate_dir(root)
    for d in diagnostics:
        assert d.location.path.endswith(("families/mini.yml", "handbook.yml"))
        assert d.location.line >= 1 and d.location.col >= 1 and d.message
    assert (ladders is None) == any(d.severity == "error" for d in diagnostics)


@SETTINGS
@given(text=TEXT, example=TEXT)
def test_opt_in_inline_markdown_adds_only_emphasis_and_safe_links(text, example):
    files = _family("Summary", text, example, "Name")
    files["handbook.yml"] = "organisation: Org\ninline_markdown: true\n"
    html = _role_level_html(files)
    allowed_tags = {tag for tag, _ in BASELINE} | {"a", "em", "strong"}
    allowed_attrs = {a for _, attrs in BASELINE for a in attrs} | {"href"}
    for tag, attrs in _structure(html):
        assert tag in allowed_tags and set(attrs) <= allowed_attrs, (tag, attrs)
    for href in re.findall(r'href="([^"]*)"', html):
        assert not re.match(r"(?i)\s*(javascript|data|vbscript):", href), href


DIRECTORY = st.sampled_from(["a", "b", "engineering", "e3"])
PAGE = st.tuples(st.lists(DIRECTORY, max_size=4), st.sampled_from(["index.md", "matrix.md", "a.md"])).map(
    lambda parts: "/".join(parts[0] + [parts[1]]))


@given(from_page=PAGE, to_page=PAGE)
def test_relative_links_agree_with_posixpath(from_page, to_page):
    import posixpath

    from generator.paths import relative

    assert relative(from_page, to_page) == posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    assert relative(from_page, to_page, "x") == relative(from_page, to_page) + "#x"


# Ids drawn from a small pool, so that families and roles reuse each other's ids, and from the names
# the handbook's own pages take, so that any id which could put two pages at one address is tried.
POOL_ID = st.sampled_from(["a", "b", "c", "e3", "matrix", "tracks", "families", "reviews", "index", "next", "x-e3", "a-b"])


@st.composite
def organisations(draw):
    """A ladders directory: families with an IC track and maybe a branching manager track, roles, and
    expectations whose ids and `replaces` are drawn freely, across roles and families."""
    files = {"handbook.yml": "organisation: Org\n"}
    for f in range(draw(st.integers(1, 2))):
        levels = draw(st.lists(POOL_ID, min_size=1, max_size=4, unique=True))
        tracks = [{"id": "ic", "name": "IC"}]
        level_rows = [{"id": lv, "title": "T", "track": "ic", "summary": "S", "scope": "S"} for lv in levels]
        if draw(st.booleans()):
            tracks.append({"id": "mgr", "name": "M", "kind": "manager", "branches_from": draw(st.sampled_from(levels))})
            level_rows.append({"id": "m" + draw(st.sampled_from(levels)), "title": "M", "track": "mgr", "summary": "S", "scope": "S"})
        level_ids = [row["id"] for row in level_rows]

        def expectations():
            return {lv: [{"id": draw(POOL_ID), "text": "T", **({"replaces": draw(POOL_ID)} if draw(st.booleans()) else {})}
                         for _ in range(draw(st.integers(0, 2)))] for lv in draw(st.lists(st.sampled_from(level_ids), max_size=3, unique=True))}

        competencies = [{"id": f"c{i}", "name": "C", "summary": "S", "expectations": expectations(),
                         **({"tracks": [draw(st.sampled_from([t["id"] for t in tracks]))]} if draw(st.booleans()) else {})}
                        for i in range(draw(st.integers(1, 2)))]
        family_id = draw(POOL_ID)
        files[f"families/f{f}.yml"] = yaml.safe_dump({"id": family_id, "name": "F", "summary": "S", "tracks": tracks,
                                                      "levels": level_rows, "competencies": competencies})
        for r in range(draw(st.integers(0, 3))):
            role = {"id": draw(POOL_ID), "family": family_id, "name": "R", "summary": "S",
                    "expectations": {"c0": expectations()}}
            if draw(st.booleans()):
                role["tracks"] = [draw(st.sampled_from([t["id"] for t in tracks]))]
            files[f"roles/f{f}-r{r}.yml"] = yaml.safe_dump(role)
    return files


class _Hung(Exception):
    pass


def _alarm(signum, frame):
    raise _Hung()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=organisations())
def test_any_organisation_ends_in_located_errors_or_pages_with_one_address_each(files):
    import signal

    from generator import paths
    from generator.render import nav, render_site
    from generator.resolve import resolve_ladders

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)  # a hang detector, not a speed test: any input ends in well under a second
    try:
        with tempfile.TemporaryDirectory() as tmp:
            write_tree(Path(tmp), files)
            ladders, diagnostics = validate_dir(Path(tmp))
            errors = [d for d in diagnostics if d.severity == "error"]
            if ladders is None:
                assert errors
                for d in errors:
                    assert Path(d.location.path).is_relative_to(tmp) and d.location.line >= 1 and d.message
                return
            assert errors == []
            site = resolve_ladders(ladders)
            pages = render_site(site)
            nav(site)
    except _Hung:
        raise AssertionError("validate, resolve or render did not end within 30 seconds") from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    addresses = [paths.address(p.path) for p in pages]
    assert len(addresses) == len(set(addresses))


SCAFFOLD_HOME = _structure(_html_of(scaffold.files("Example Co")["site_src/index.md"].decode()))


@SETTINGS
@given(name=TEXT)
def test_any_organisation_name_reads_verbatim_on_the_scaffolds_home_page_adding_nothing(name):
    html = _html_of(scaffold.files(name)["site_src/index.md"].decode())
    assert _structure(html) == SCAFFOLD_HOME
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as f:
        f.write(html)
    shown = " ".join(" ".join(parse(Path(f.name)).text).split())
    Path(f.name).unlink()
    assert f"The {' '.join(name.split())} career handbook" in shown
