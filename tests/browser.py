"""Real Chromium for the browser tests: Debian's build, driven by Playwright.

Browser downloads do not work here, so Playwright is pointed at
/usr/bin/chromium. Without it the tests skip on a developer's machine and
fail under CI (CI=true), where `.ci/run` installs it.

Test modules import the fixtures they use from here (`browser`, `server`,
`page`), so every browser test starts Chromium the same way. A module that
needs another site defines its own `server`; `page` then opens that one.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
import unicodedata
from pathlib import Path

import pytest

from .conftest import mkdocs_build, project_copy, write_tree

CHROMIUM = os.environ.get("LADDER_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
E3 = "/engineering/backend/e3/"


def require(path: Path | str, what: str) -> None:
    """Skip when a browser-test dependency is missing; under CI, fail instead."""
    if Path(path).exists():
        return
    message = f"{what} not found at {path}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must install it: see .ci/run)")
    pytest.skip(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Server:
    """A static server for a directory on 127.0.0.1, in a background thread."""

    def __init__(self, root: Path):
        handler = functools.partial(_Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def build_site(project: Path, site: Path, site_url: str) -> None:
    """Build `project` into `site` for publishing at `site_url`, as instant navigation requires."""
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {site_url}", config.read_text()))
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr


def serve_project(project: Path, site: Path) -> Server:
    """Serve `site`, built from `project`, at the server's root."""
    site.mkdir(parents=True, exist_ok=True)
    instance = Server(site)
    build_site(project, site, instance.url + "/")
    return instance


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A copy of the sample project with ladder files added or replaced: path under `ladders/` -> YAML."""
    project = project_copy(tmp_path)
    write_tree(project / "ladders", files)
    return project


def watch_errors(tab) -> list[str]:
    """The uncaught errors of `tab`, collected as they happen: a test asserts the list is empty."""
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The sample handbook, built and served once per test module."""
    tmp = tmp_path_factory.mktemp("browser")
    instance = serve_project(project_copy(tmp), tmp / "site")
    yield instance
    instance.close()


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def own_tab(browser, server, device: dict):
    """A tab of its own (fresh storage) on `server`'s handbook, as `device` shows it, with no uncaught errors by the end."""
    context = browser.new_context(**device, accept_downloads=True)
    tab = context.new_page()
    errors = watch_errors(tab)
    tab.base = server.url
    yield tab
    context.close()
    assert errors == [], errors


@pytest.fixture
def page(browser, server):
    """A tab of its own on the sample handbook, on a laptop's screen."""
    yield from own_tab(browser, server, DESKTOP)


def person_tab(browser, server):
    """A browser of its own (a person: an employee, their manager, a report), on `server`: (context, tab).
    The tab records its uncaught errors (tab.errors) and every request it makes (tab.requests), so a test
    can assert that nothing was sent anywhere."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(10000)
    tab.errors = watch_errors(tab)
    tab.requests = []
    context.on("request", lambda request: tab.requests.append((request.method, request.url)))
    tab.base = server.url
    return context, tab


def _person(browser, server):
    context, tab = person_tab(browser, server)
    yield tab
    context.close()
    assert tab.errors == [], tab.errors


@pytest.fixture
def employee(browser, server):
    """One person's browser, on the sample handbook; `manager` is another's."""
    yield from _person(browser, server)


@pytest.fixture
def manager(browser, server):
    yield from _person(browser, server)


def sent_elsewhere(tab) -> list:
    """The requests `tab` made that were not a GET of its own site."""
    return [r for r in tab.requests if r[0] != "GET" or not r[1].startswith(tab.base)]


def form_item(tab, expectation_id: str):
    """An expectation's item on a self-assessment or upward review page."""
    return tab.locator(f'.ladder-item[data-kind="expectation"][data-id="{expectation_id}"]')


def click_checkbox(page, expectation_id: str) -> None:
    """Click an expectation's box where a person would: Material draws it over the hidden input."""
    box = checkbox(page, expectation_id)
    box.evaluate("el => el.scrollIntoView({block: 'center'})")  # clear of Material's sticky header
    bb = box.bounding_box()
    page.mouse.click(bb["x"] + bb["width"] / 2, bb["y"] + bb["height"] / 2)


def checkbox(page, expectation_id: str):
    """An expectation's checkbox: the one in the list item that holds the expectation (strict: exactly one)."""
    return page.locator(f"li:has(#{expectation_id}) input[type=checkbox]")


def note(page, expectation_id: str):
    """An expectation's evidence field."""
    return page.locator(f"li:has(#{expectation_id}) textarea.ladder-note")


def pdf_text(pdf: Path) -> str:
    """A PDF's text, whitespace collapsed and NFKC-normalised.

    Chromium prints "fi" and "ff" with the font's ligature glyphs when it has
    them (DejaVu does), and pypdf extracts those as U+FB01 and U+FB00: NFKC
    turns them back into letters, so the text does not depend on the fonts.
    """
    from pypdf import PdfReader

    pages = (" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    return unicodedata.normalize("NFKC", " ".join(pages))


def first_page_image(pdf: Path, target: Path) -> tuple[int, int, float]:
    """The first page, rendered in grey by poppler: (width, height, share of pixels that are not white).

    A PGM (P5) file is read by hand, so the check depends on neither an image
    library nor how big poppler's compressed output happens to be.
    """
    require(PDFTOPPM, "pdftoppm (poppler-utils)")
    subprocess.run([PDFTOPPM, "-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
                   check=True, timeout=120)
    data = target.with_suffix(".pgm").read_bytes()
    header = re.match(rb"P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert header, data[:40]
    width, height, maximum = (int(g) for g in header.groups())
    assert maximum < 256, maximum  # one byte per pixel
    pixels = data[header.end():header.end() + width * height]
    assert len(pixels) == width * height
    inked = sum(1 for value in pixels if value < maximum * 0.9)
    return width, height, inked / len(pixels)
