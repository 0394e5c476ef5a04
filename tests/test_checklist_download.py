"""The downloaded self-assessment is Markdown text: whatever a ladder, a note or an address holds, it shows, never runs.

The ladder is tests/fixtures/xss, with one more expectation made of a
`javascript:` link and an image with an onerror handler; the page is opened
with such a link in its query string and hash. The file a manager opens is
converted with Python-Markdown, as a Markdown viewer would.
"""

from __future__ import annotations

import html.parser
import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from .browser import click_checkbox, note, serve_project
from .browser import browser, page  # noqa: F401 (fixtures)
from .conftest import FIXTURES, project_copy

LINK_AND_IMAGE = "[a](javascript:alert(1)) <img src=x onerror=alert(1)>"
NOTE = "See [my work](javascript:alert(2)), <b>bold</b> & *starred* `code` {: onclick=alert(3) } | x"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("download")
    project = project_copy(tmp)
    shutil.rmtree(project / "ladders")
    shutil.copytree(FIXTURES / "xss", project / "ladders")
    family = project / "ladders" / "families" / "x.yml"
    data = yaml.safe_load(family.read_text(encoding="utf-8"))
    data["competencies"][0]["expectations"]["m1"].append({"id": "e3", "text": LINK_AND_IMAGE})
    family.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    instance = serve_project(project, tmp / "site")
    yield instance
    instance.close()


class _Html(html.parser.HTMLParser):
    """The tags, with their attributes, and the text of an HTML fragment."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.tags: list[tuple[str, list]] = []
        self.words: list[str] = []
        self.feed(source)
        self.close()
        self.text = " ".join(" ".join(self.words).split())

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.words.append(data)


def _download(page, tmp_path: Path) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my self-assessment").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_text(encoding="utf-8")


def test_the_download_has_no_live_markdown_or_html_and_reads_as_the_page_does(page, tmp_path: Path):
    page.goto(page.base + "/x/m1/?x=](javascript:alert(1))#](javascript:alert(4))")
    click_checkbox(page, "e3")
    note(page, "e3").fill(NOTE)
    text = _download(page, tmp_path)
    assert "?x=" not in text and "#](" not in text
    rendered = _Html(markdown.markdown(text, extensions=["attr_list", "tables", "md_in_html"]))
    assert {tag for tag, _ in rendered.tags} <= {"h1", "h2", "ul", "li", "p"}, rendered.tags
    assert all(attrs == [] for _, attrs in rendered.tags), rendered.tags
    assert "<a href=\"javascript:" not in rendered.source and "<img" not in rendered.source
    assert f"from {page.base}/x/m1/ " in rendered.text + " "
    assert "Self-assessment: javascript:alert('m1')" in rendered.text
    assert "<script src=\"data:text/javascript,alert('src')\"></script>" in rendered.text  # the competency's name
    assert f"[x] {LINK_AND_IMAGE}" in rendered.text
    assert "[ ] <input autofocus onfocus=\"window.__xss=8;alert('focus')\">" in rendered.text
    assert f"Evidence: {NOTE}" in rendered.text
