"""Emit: hand the rendered pages to a site builder.

`generate` is the whole pipeline from a ladders directory to pages and
navigation; the MkDocs plugin serves its result from memory. `export` writes
the same pages as plain Markdown with a matching `mkdocs.yml`, for engines
that read MkDocs configuration but run no MkDocs plugins.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml

from .build import publish
from .errors import Diagnostic, Location
from .paths import safe_path
from .render import Page, nav, render_site
from .resolve import resolve
from .validate import validate_dir

PLUGIN_NAME = "ladder"


def generate(root: Path) -> tuple[list[Page], list, list[Diagnostic]]:
    """Pages and nav entries for the ladders under `root`; both empty when there are errors."""
    ladders, diagnostics = validate_dir(root)
    if ladders is None:
        return [], [], diagnostics
    site = resolve(ladders)
    return render_site(site), nav(site), diagnostics


def _without_plugin(plugins: list | dict | None) -> list:
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    kept = []
    for entry in plugins or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name != PLUGIN_NAME:
            kept.append(entry)
    return kept


def export_config(config: dict, generated_nav: list) -> dict:
    """The project's MkDocs configuration, rewritten for the exported tree."""
    result = dict(config)
    result["docs_dir"] = "docs"
    result["site_dir"] = "site"
    result["plugins"] = _without_plugin(config.get("plugins"))
    result["nav"] = list(config.get("nav") or []) + generated_nav
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = "theme"
    result["theme"] = theme
    return result


def _write_page(docs: Path, page: Page) -> None:
    target = docs / safe_path(page.path)
    if not target.resolve().is_relative_to(docs.resolve()):
        raise ValueError(f"unsafe output path: {page.path!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.markdown, encoding="utf-8")


def export(config_file: Path, out: Path) -> list[Diagnostic]:
    """Write docs, theme and mkdocs.yml for a plugin-free build into `out`, replacing it only on success."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    base = config_file.parent
    ladders_dir = base / _ladders_option(config)
    pages, generated_nav, diagnostics = generate(ladders_dir)
    if not pages:
        return diagnostics
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.export-", dir=out.parent))
    try:
        docs_dir = base / config.get("docs_dir", "docs")
        shutil.copytree(docs_dir, staging / "docs")
        clashes = [Diagnostic(Location(str(docs_dir / page.path)), "error", "the handbook generates a page at this path; rename or move this file")
                   for page in pages if (staging / "docs" / page.path).exists()]
        if clashes:
            return diagnostics + clashes
        for page in pages:
            _write_page(staging / "docs", page)
        custom_dir = (config.get("theme") or {}).get("custom_dir")
        if custom_dir:
            shutil.copytree(base / custom_dir, staging / "theme")
        text = yaml.safe_dump(export_config(config, generated_nav), sort_keys=False, allow_unicode=True)
        (staging / "mkdocs.yml").write_text(text, encoding="utf-8")
        publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return diagnostics


def _ladders_option(config: dict) -> str:
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return (entry[PLUGIN_NAME] or {}).get("ladders", "ladders")
    return "ladders"
