"""`mkdocs serve` converts again only the pages an edit changed; the others keep the HTML of the last build.

The plugin says after each rebuild how many pages it reused, how many it converted (generator/reuse.py)
and how many files it wrote back as the last build left them (generator/outputs.py); these tests read
that line from a real `mkdocs serve`, compare the pages served before and after a save, and every
served page with a fresh build of the edited project. No timing is asserted.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import BUILD_ENV
from .test_serve import AFTER, BEFORE, E2, _fetch, _wait_for, _wait_for_output, served  # noqa: F401 (fixture)

REUSED = re.compile(r"reused the HTML of (\d+) unchanged pages, converted (\d+)")
UNTOUCHED = "/engineering/frontend/e2/"  # another role's page of the same family: the edit does not reach it


def _reports(output: str) -> list[tuple[int, int]]:
    return [(int(reused), int(converted)) for reused, converted in REUSED.findall(output)]


LIVERELOAD = re.compile(r"<script>\nvar livereload = function.*?</script>", re.S)


def _page(serve, path: str) -> str:
    """A served page without the script `mkdocs serve` adds to it, which names the build it comes from."""
    return LIVERELOAD.sub("", _fetch(serve.url(path)) or "")


def _wait_for_reports(serve, count: int, seconds: float = 30) -> list[tuple[int, int]]:
    """The (reused, converted) of each rebuild so far, once there are `count` of them (or the time is up)."""
    deadline = time.monotonic() + seconds
    while len(_reports(serve.output())) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return _reports(serve.output())


def test_an_edit_reaches_its_page_and_the_unchanged_pages_are_not_converted_again(served):
    project, serve = served
    untouched = _page(serve, UNTOUCHED)
    assert untouched and _reports(serve.output()) == []  # the first build converts everything
    role = project / "ladders" / "roles" / "backend.yml"
    role.write_text(role.read_text().replace(BEFORE, AFTER))
    assert _wait_for(serve.url(E2), AFTER, 60), serve.output()
    reports = _wait_for_reports(serve, 1)
    assert len(reports) == 1, serve.output()
    reused, converted = reports[0]
    assert 1 <= converted < 20 < reused  # the backend role's pages that show the expectation, and nothing else
    assert _page(serve, UNTOUCHED) == untouched  # a reused page is served byte for byte as before
    # nor its template rendered again, nor its HTML parsed again for the search index
    assert f"converted {converted}; {reused} files as last built ({reused} left where they were), {reused} pages' search entries as last indexed" in serve.output()
    assert "families: 1 made again, 1 as last made;" in serve.output()  # the pipeline made Engineering's pages alone
    [not_read] = re.findall(r"(\d+) pages' Markdown not read again", serve.output())
    assert reused - 10 < int(not_read) <= reused  # most unchanged pages are not even read: their bytes are the last ones


def test_a_rebuild_that_converts_many_pages_shares_them_with_a_worker(tmp_path: Path):
    """The pages a rebuild will convert are known before MkDocs reads them: the second core converts some."""
    from generator.reuse import AHEAD_REBUILD_AT_LEAST

    from .conftest import project_copy
    from .test_ahead import AHEAD
    from .test_serve import _Serve

    project = project_copy(tmp_path)
    serve = _Serve(project, tmp_path / "serve.log", None, "--verbose")
    try:
        assert _wait_for(serve.url(E2), BEFORE, 90), serve.output()
        family = project / "ladders" / "families" / "engineering.yml"  # a core expectation: on every IC role's pages
        family.write_text(family.read_text().replace("that a teammate can read", "that a colleague can read", 1))
        assert _wait_for(serve.url(E2), "that a colleague can read", 60), serve.output()
        [(_, converted)] = _wait_for_reports(serve, 1)
        assert converted >= AHEAD_REBUILD_AT_LEAST, serve.output()
        [_, (by_worker, here, _)] = AHEAD.findall(serve.output())
        assert int(by_worker) + int(here) == converted
        if len(os.sched_getaffinity(0)) > 1:
            assert int(by_worker) > 0, serve.output()
    finally:
        serve.close()


def test_an_edit_of_the_organisations_theme_reaches_every_page(tmp_path: Path):
    """A template of the theme's custom_dir changed: no page keeps its last file, even where the change left the
    file's size and time of change as they were (a copy that keeps times), so that only the next save rebuilds."""
    from .conftest import project_copy
    from .test_serve import _Serve

    project = project_copy(tmp_path)
    serve = _Serve(project, tmp_path / "serve.log", None, "--watch-theme")
    try:
        assert _wait_for(serve.url(UNTOUCHED), "Tidewater Labs people team", 90), serve.output()
        footer = project / "theme" / "partials" / "copyright.html"
        before = footer.stat()
        footer.write_text(footer.read_text().replace("Tidewater Labs people team", "Tidewater Labs people TEAM"))
        os.utime(footer, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert footer.stat().st_size == before.st_size and footer.stat().st_mtime_ns == before.st_mtime_ns
        role = project / "ladders" / "roles" / "backend.yml"  # MkDocs' watcher goes by size and time: this save rebuilds
        role.write_text(role.read_text().replace(BEFORE, AFTER))
        assert _wait_for(serve.url(E2), AFTER, 60), serve.output()
        assert "Tidewater Labs people TEAM" in _page(serve, E2)
        assert "Tidewater Labs people TEAM" in _page(serve, UNTOUCHED)
        assert "Traceback" not in serve.output()
    finally:
        serve.close()


READ_STAMP = "from pathlib import Path\n\nconfig = None  # a module's global of that name is no plugin's settings\n\n" \
    "def _stamp():\n    return (Path(__file__).parent / 'stamp.txt').read_text()\n\n"
# Hooks whose effect on a page differs from one build to the next, though the page's own Markdown does not.
HOOKS = {
    "page_markdown": "def on_page_markdown(markdown, page, **kwargs):\n    return markdown + '\\n\\nStamp: ' + _stamp()\n",
    "page_context": "def on_page_context(context, page, **kwargs):\n"
                    "    page.content = (page.content or '') + '<p>Stamp: ' + _stamp() + '</p>'\n    return context\n",
    "env": "def on_env(env, **kwargs):\n    env.globals['stamp'] = 'Stamp: ' + _stamp()\n    return env\n",
}


@pytest.mark.parametrize("event", sorted(HOOKS))
def test_a_plugin_that_changes_what_pages_show_reaches_every_page_on_every_rebuild(tmp_path: Path, event: str):
    """Unchanged pages are not read, converted or rendered again unless another plugin acts on their Markdown,
    their template's context or the templates' environment: then such a change reaches a page whose own
    Markdown did not change."""
    from .conftest import project_copy
    from .test_serve import _Serve

    project = project_copy(tmp_path)
    (project / "stamp.txt").write_text("first stamp", encoding="utf-8")
    (project / "hook.py").write_text(READ_STAMP + HOOKS[event], encoding="utf-8")
    if event == "env":  # the theme shows what the hook puts in the environment
        footer = project / "theme" / "partials" / "copyright.html"
        footer.write_text(footer.read_text() + "\n{{ stamp }}\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    serve = _Serve(project, tmp_path / "serve.log")
    try:
        assert _wait_for(serve.url(UNTOUCHED), "Stamp: first stamp", 90), serve.output()
        (project / "stamp.txt").write_text("second stamp", encoding="utf-8")
        role = project / "ladders" / "roles" / "backend.yml"
        role.write_text(role.read_text().replace(BEFORE, AFTER))
        assert _wait_for(serve.url(E2), AFTER, 60), serve.output()
        assert _wait_for(serve.url(UNTOUCHED), "Stamp: second stamp", 30), serve.output()
        if event == "page_markdown":  # every page's Markdown changed
            assert re.findall(r"[1-9]\d* pages' Markdown not read again", serve.output()) == []
        else:
            assert re.findall(r"[1-9]\d* files as last built", serve.output()) == []
        assert "Traceback" not in serve.output() and "Error" not in serve.output()
    finally:
        serve.close()


def test_a_plugin_that_reads_pages_markdown_with_their_html_reads_it_on_every_rebuild(tmp_path: Path):
    """A plugin reading `page.markdown` as MkDocs hands it each page's HTML (a summary, a word count) finds
    it there on a rebuild as on the first build."""
    from .conftest import project_copy
    from .test_serve import _Serve

    project = project_copy(tmp_path)
    hook = "def on_page_content(html, page, **kwargs):\n    return html + '<p>Words: %d.</p>' % len(page.markdown.split())\n"
    (project / "hook.py").write_text(hook, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    serve = _Serve(project, tmp_path / "serve.log")
    try:
        assert _wait_for(serve.url(UNTOUCHED), "Words: ", 90), serve.output()
        words = re.findall(r"Words: (\d+)\.", _page(serve, UNTOUCHED))
        assert len(words) == 1 and int(words[0]) > 100
        role = project / "ladders" / "roles" / "backend.yml"
        role.write_text(role.read_text().replace(BEFORE, AFTER))
        assert _wait_for(serve.url(E2), AFTER, 60), serve.output()
        assert len(_wait_for_reports(serve, 1)) == 1, serve.output()
        assert re.findall(r"Words: (\d+)\.", _page(serve, UNTOUCHED)) == words
        assert "Traceback" not in serve.output()
    finally:
        serve.close()


def test_an_undo_shows_the_first_text_again_converting_the_same_pages(served):
    project, serve = served
    role = project / "ladders" / "roles" / "backend.yml"
    original = role.read_text()
    role.write_text(original.replace(BEFORE, AFTER))
    assert _wait_for(serve.url(E2), AFTER, 60), serve.output()
    assert len(_wait_for_reports(serve, 1)) == 1, serve.output()
    role.write_text(original)  # back as it was: the page shows the first text again, not the kept second
    assert _wait_for(serve.url(E2), BEFORE, 60), serve.output()
    reports = _wait_for_reports(serve, 2)
    assert len(reports) == 2 and reports[0] == reports[1], serve.output()  # the same pages changed back, the others reused
    assert "Traceback" not in serve.output()


# (the file edited, what is replaced, by what, where it shows, what shows there): an expectation's text, on its pages;
# a role's name, in every page's sidebar; a level of another family, on a family's table of the same grades
# elsewhere; a grade's name in handbook.yml, on every family; an expectation of a family's core, on its roles' pages
# (enough of them that a worker converts some). Each reaches pages made from other files than
# the one edited, which `mkdocs serve` must make again (generator/inputs.py).
ROLE, DESIGN, HANDBOOK, CORE = "roles/backend.yml", "families/product-design.yml", "handbook.yml", "families/engineering.yml"
EDITS = {
    "an expectation": (ROLE, BEFORE, AFTER, E2, AFTER),
    "a role's name": (ROLE, "name: Backend Engineer", "name: Backend Developer", "/engineering/", "Backend Developer"),
    "another family's level": (DESIGN, "  - id: d1\n", "  - id: d1\n    label: Design One\n", "/engineering/", "Design One"),
    "a grade's name": (HANDBOOK, "name: Grade 1\n", "name: Grade One\n", "/engineering/", "Grade One"),
    "a core expectation": (CORE, "that a teammate can read", "that a colleague can read", E2, "that a colleague can read"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_after_an_edit_every_served_page_is_the_page_a_fresh_build_makes(served, tmp_path: Path, edit: str):
    project, serve = served
    name, before, after, where, shown = EDITS[edit]
    edited = project / "ladders" / name
    assert before in edited.read_text() and shown not in _page(serve, where)
    edited.write_text(edited.read_text().replace(before, after, 1))
    assert _wait_for(serve.url(where), shown, 60), serve.output()
    [(reused, _)] = _wait_for_reports(serve, 1)
    assert reused > 20, serve.output()  # the HTML of pages whose Markdown is the same, even where their files are not
    config = project / "mkdocs-fresh.yml"  # the served site's address, so that the two sites can be compared
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {serve.url('/')}", (project / "mkdocs.yml").read_text()))
    fresh = tmp_path / "fresh"
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(fresh)],
                           env=BUILD_ENV, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    pages = sorted(fresh.rglob("index.html"))
    assert len(pages) > 50
    addresses = {page: ("/" + page.relative_to(fresh).parent.as_posix() + "/").replace("/./", "/") for page in pages}
    differ = [address for page, address in addresses.items() if _page(serve, address) != page.read_text(encoding="utf-8")]
    assert differ == []
    index = (fresh / "search" / "search_index.json").read_text(encoding="utf-8")
    assert _fetch(serve.url("/search/search_index.json")) == index  # entries kept for unchanged pages, in the same order


def _tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_unchanged_pages_files_stay_on_disk_and_the_served_directory_is_a_fresh_build(tmp_path: Path):
    """`mkdocs serve` empties its directory before a rebuild; the plugin moves the unchanged pages' files aside
    first and back after (generator/putback.py): the directory then holds exactly what a fresh build writes."""
    from .conftest import project_copy
    from .test_serve import _Serve

    project, temporary = project_copy(tmp_path), tmp_path / "temporary"
    temporary.mkdir()
    serve = _Serve(project, tmp_path / "serve.log", {**BUILD_ENV, "TMPDIR": str(temporary)})
    try:
        assert _wait_for(serve.url(E2), BEFORE, 90), serve.output()
        [site] = temporary.iterdir()  # the server's own temporary site directory
        untouched, edited_page = site / UNTOUCHED.strip("/") / "index.html", site / E2.strip("/") / "index.html"
        stamp = lambda path: (path.stat().st_ino, path.stat().st_mtime_ns)  # noqa: E731
        before = (stamp(untouched), stamp(edited_page))
        role = project / "ladders" / "roles" / "backend.yml"
        role.write_text(role.read_text().replace(BEFORE, AFTER))
        assert _wait_for(serve.url(E2), AFTER, 60), serve.output()
        [(reused, _)] = _wait_for_reports(serve, 1)
        assert f"{reused} files as last built ({reused} left where they were)" in serve.output()
        assert stamp(untouched) == before[0]  # the same file, not written again
        assert stamp(edited_page) != before[1] and AFTER in edited_page.read_text(encoding="utf-8")
        assert "Page skipped" not in serve.output()  # MkDocs' line for a page that gives no output is not shown
        on_disk = _tree(site)
    finally:
        serve.close()
    config = project / "mkdocs-fresh.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {serve.url('/')}", (project / "mkdocs.yml").read_text()))
    fresh = tmp_path / "fresh"
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(fresh)],
                           env=BUILD_ENV, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    expected = _tree(fresh)
    assert sorted(on_disk) == sorted(expected)  # nothing left over from the last build, the hidden aside directory included
    assert [name for name in expected if on_disk[name] != expected[name]] == []
