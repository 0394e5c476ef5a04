"""Export: the handbook as plain Markdown plus a matching mkdocs.yml, for engines that run no MkDocs plugins.

Zensical, Material's successor, reads mkdocs.yml but runs no plugins; the
exported tree builds there and with plain `mkdocs build`. The output is
staged and swapped in whole, into a directory `outdir` allows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import outdir
from .errors import Diagnostic, Location
from .paths import safe_path
from .pipeline import generate
from .project import PLUGIN_NAME, Settings, dump_config
from .render import RenderedPage


def _without_plugin(plugins: list | dict) -> list:
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    kept = []
    for entry in plugins:
        name = next(iter(entry), None) if isinstance(entry, dict) else entry  # `- name` or `- name: {options}`
        if name != PLUGIN_NAME:
            kept.append(entry)
    return kept


def export_config(settings: Settings, generated_nav: list) -> dict:
    """The project's MkDocs configuration as written, rewritten for the exported tree."""
    result = dict(settings.written)
    result["docs_dir"] = "docs"
    result["site_dir"] = "site"
    if "plugins" in result:  # absent means MkDocs's default plugins, which must stay so
        result["plugins"] = _without_plugin(result["plugins"] or [])
    written_nav = result.get("nav")
    result["nav"] = (list(written_nav) if isinstance(written_nav, list) else []) + generated_nav
    if isinstance(result.get("theme"), dict):
        theme = dict(result["theme"])
        if settings.custom_dir:
            theme["custom_dir"] = "theme"
        else:
            theme.pop("custom_dir", None)
        result["theme"] = theme
    return result


def _write_page(docs: Path, page: RenderedPage) -> None:
    target = docs / safe_path(page.path)
    if not target.resolve().is_relative_to(docs.resolve()):
        raise ValueError(f"unsafe output path: {page.path!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.markdown, encoding="utf-8")


def export(settings: Settings, out: Path, force: bool = False) -> list[Diagnostic]:
    """Write docs, theme and mkdocs.yml for a plugin-free build into `out`, replacing it only on success.

    Raises `outdir.Refused` when `out` is not ours to replace (see generator/outdir.py).
    """
    target = outdir.claim(out, settings.guards(), force)
    pages, generated_nav, diagnostics = generate(settings.ladders_dir)
    if not pages:
        return diagnostics
    with outdir.staging(target, "export") as staging:
        shutil.copytree(settings.docs_dir, staging / "docs")
        clashes = [
            Diagnostic(
                Location(str(settings.docs_dir / page.path)),
                "error",
                "the handbook generates a page at this path; rename or move this file",
            )
            for page in pages
            if (staging / "docs" / page.path).exists()
        ]
        if clashes:
            return diagnostics + clashes
        for page in pages:
            _write_page(staging / "docs", page)
        if settings.custom_dir:
            shutil.copytree(settings.custom_dir, staging / "theme")
        header = "# Written by `ladder export`: change the project's mkdocs.yml and export again, not this file.\n"
        text = dump_config(export_config(settings, generated_nav))
        (staging / "mkdocs.yml").write_text(header + text, encoding="utf-8")
        outdir.publish(staging, target, force)
    return diagnostics
