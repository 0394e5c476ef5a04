"""Reading built HTML in tests: ids, links and text, with the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.title = ""
        self.text: list[str] = []
        self._in_title = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "preload", "icon", "preconnect"):
            self.assets.append(a["href"])
        if tag == "title":
            self._in_title = True
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.text.append(data)


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def resolve_link(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The built file and fragment an internal link points at; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    base = "/" + page.relative_to(site).as_posix()
    target = urlsplit(urljoin(base, parts.path)).path if parts.path else base
    file = site / unquote(target).lstrip("/")
    if file.is_dir() or target.endswith("/"):
        file = file / "index.html"
    return file, unquote(parts.fragment)
