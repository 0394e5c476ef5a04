"""Real Chromium for the browser tests: Debian's build, driven by Playwright.

Browser downloads do not work here, so Playwright is pointed at
/usr/bin/chromium. Without it the tests skip on a developer's machine and
fail under CI (CI=true), where `.ci/run` installs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LADDER_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


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
    """A static server for a built site on 127.0.0.1, in a background thread."""

    def __init__(self, root: Path):
        handler = functools.partial(_Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def click_checkbox(page, expectation_id: str) -> None:
    """Click an expectation's box where a person would: Material draws it over the hidden input."""
    box = page.locator(f"#{expectation_id} input[type=checkbox]")
    box.scroll_into_view_if_needed()
    bb = box.bounding_box()
    page.mouse.click(bb["x"] + bb["width"] / 2, bb["y"] + bb["height"] / 2)
