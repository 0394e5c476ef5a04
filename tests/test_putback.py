"""Serving: the files of unchanged pages are moved aside before MkDocs empties site_dir and back after (generator/putback.py).

Here on real directories, as MkDocs would leave them: a property over trees of files and
the pages that stay unchanged, then what a failed build leaves and when the plugin does
not put files back at all. tests/test_incremental.py runs it inside a real `mkdocs serve`.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.plugins import BasePlugin, PluginCollection

from generator import putback
from generator.plugin import LadderPlugin

NAMES = st.sampled_from(["a", "b", "c", "index.html", "x.html"])
PATHS = st.lists(NAMES, min_size=1, max_size=4).map("/".join)


def _write(site: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text)


def _files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("*") if p.is_file()}


def _clean(site: Path) -> None:
    """What MkDocs' clean_directory does: everything but what starts with a dot goes."""
    for entry in site.iterdir():
        if not entry.name.startswith("."):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


@settings(max_examples=60, deadline=None)
@given(paths=st.lists(PATHS, min_size=1, max_size=12, unique=True), data=st.data())
def test_exactly_the_unchanged_pages_files_come_back_as_they_were(paths, data):
    # a path that is also a directory of another cannot be: keep the first of each such pair
    tree = [p for i, p in enumerate(paths) if not any(q.startswith(p + "/") or p.startswith(q + "/") for q in paths[:i])]
    pages = {f"page-{i}.md": path for i, path in enumerate(tree)}
    last = {uri: dest for uri, dest in pages.items() if data.draw(st.booleans())}  # kept by the last build
    unchanged = {uri: dest for uri, dest in last.items() if data.draw(st.booleans())}
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary)
        _write(site, {dest: f"last {dest}" for dest in tree})  # other files too: assets, changed pages
        back = putback.PutBack()
        back._on_disk = dict(last)
        back.aside(str(site))
        _clean(site)
        assert _files(site) == {} or set(_files(site)) <= {f"{putback.ASIDE}/{d}" for d in tree}
        put = back.back(unchanged)
        assert put == frozenset(unchanged)
        assert {p: t for p, t in _files(site).items() if not p.startswith(".")} == {d: f"last {d}" for d in unchanged.values()}
        back.done({})
        assert _files(site) == {d: f"last {d}" for d in unchanged.values()}  # nothing aside is left


def test_a_page_at_another_address_or_not_on_disk_is_written_as_usual(tmp_path: Path):
    _write(tmp_path, {"a/index.html": "a", "b/index.html": "b", "assets/app.js": "js"})
    back = putback.PutBack()
    back._on_disk = {"a.md": "a/index.html", "b.md": "b/index.html"}
    back.aside(str(tmp_path))
    _clean(tmp_path)
    assert back.back({"a.md": "a/other.html", "b.md": "b/index.html", "c.md": "c/index.html"}) == {"b.md"}
    back.done({"b.md": "b/index.html"})
    assert _files(tmp_path) == {"b/index.html": "b"}


def test_the_first_build_and_a_build_after_a_failed_one_put_nothing_back(tmp_path: Path):
    back = putback.PutBack()
    back.aside(str(tmp_path))  # the first build: nothing is known to be on disk
    assert back.back({"a.md": "a/index.html"}) == frozenset()
    _write(tmp_path, {"a/index.html": "a"})
    back.done({"a.md": "a/index.html"})
    back.aside(str(tmp_path))
    back.failed()  # before anything was written: the last site is back, as MkDocs would have left it
    assert _files(tmp_path) == {"a/index.html": "a"}
    back.aside(str(tmp_path))
    assert _files(tmp_path) == {"a/index.html": "a"}  # nothing moves aside (MkDocs removes it): none is known to be as kept
    assert back.back({"a.md": "a/index.html"}) == frozenset()


def test_the_line_mkdocs_logs_for_a_page_put_back_is_not_shown(tmp_path: Path, caplog):
    _write(tmp_path, {"a/index.html": "a"})
    back = putback.PutBack()
    back._on_disk = {"a.md": "a/index.html"}
    back.aside(str(tmp_path))
    _clean(tmp_path)
    back.back({"a.md": "a/index.html"})
    with caplog.at_level(logging.INFO, logger="mkdocs.commands.build"):
        putback.BUILD_LOG.info(putback.SKIPPED.format("a.md"))
        putback.BUILD_LOG.info(putback.SKIPPED.format("other.md"))
        back.done({})
        putback.BUILD_LOG.info(putback.SKIPPED.format("a.md"))
    assert [r.getMessage() for r in caplog.records] == [putback.SKIPPED.format("other.md"), putback.SKIPPED.format("a.md")]


class _Minify(BasePlugin):
    def on_post_page(self, output: str, *, page, config) -> str:
        return output.replace("  ", " ")


def test_files_are_not_put_back_where_another_plugin_changes_built_pages():
    ours = LadderPlugin()
    plugins = PluginCollection()
    plugins["ladder"] = ours
    assert putback.applies(ours, SimpleNamespace(plugins=plugins))
    plugins["minify"] = _Minify()
    assert not putback.applies(ours, SimpleNamespace(plugins=plugins))
