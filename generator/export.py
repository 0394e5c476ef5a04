"""Export: the handbook as plain Markdown plus a matching mkdocs.yml, for engines that run no MkDocs plugins.

Zensical, Material's successor, reads mkdocs.yml but runs no plugins; the
exported tree builds there and with plain `mkdocs build`. The output is
staged and swapped in whole, into a directory `outdir` allows.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from . import assets, outdir
from .errors import Diagnostic, Location
from .paths import address, nav_pages, replaced, safe_path
from .pipeline import generate
from .project import PLUGIN_NAME, Settings, dump_config
from .render import RenderedPage
from .text import site_name_text


def _without_plugin(plugins: list | dict) -> list:
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    kept = []
    for entry in plugins:
        name = next(iter(entry), None) if isinstance(entry, dict) else entry  # `- name` or `- name: {options}`
        if name != PLUGIN_NAME:
            kept.append(entry)
    return kept


def export_config(settings: Settings, generated_nav: list, title: str = "") -> dict:
    """The project's MkDocs configuration as written, rewritten for the exported tree; `title` fills an empty site_name."""
    result = dict(settings.written)
    if not str(result.get("site_name") or "").strip():
        result["site_name"] = site_name_text(title)
    result["docs_dir"] = "docs"
    result["site_dir"] = "site"
    if "plugins" in result:  # absent means MkDocs's default plugins, which must stay so
        result["plugins"] = _without_plugin(result["plugins"] or [])
    written_nav = result.get("nav")
    result["nav"] = (list(written_nav) if isinstance(written_nav, list) else []) + generated_nav
    theme = result.get("theme")  # the package's override, and the organisation's over it
    if isinstance(theme, str):
        result["theme"] = {"name": theme, "custom_dir": "theme"}
    elif isinstance(theme, dict):
        result["theme"] = {**theme, "custom_dir": "theme"}
    result["markdown_extensions"] = _with_extensions(result.get("markdown_extensions"))
    result["extra_css"] = _with(result.get("extra_css"), assets.STYLESHEETS)
    result["extra_javascript"] = _with(result.get("extra_javascript"), assets.SCRIPTS)
    return result


def _with_extensions(written: object) -> list:
    """The written extensions (a list of names and one-key mappings), with ours added and their options held."""
    entries = list(written) if isinstance(written, list) else []
    names = [entry if isinstance(entry, str) else next(iter(entry), None) for entry in entries]
    for name, options in assets.MARKDOWN_EXTENSIONS.items():
        if name not in names:
            entries.append({name: dict(options)} if options else name)
        elif options:
            i = names.index(name)
            current = entries[i][name] if isinstance(entries[i], dict) and isinstance(entries[i][name], dict) else {}
            entries[i] = {name: {**current, **options}}
    return entries


def _with(written: object, ours: tuple[str, ...]) -> list:
    entries = list(written) if isinstance(written, list) else []
    return entries + [path for path in ours if path not in entries]


def _copy_theme(settings: Settings, staging: Path) -> None:
    """Our stylesheet and script into docs/ (every engine publishes those), our override into theme/,
    then the organisation's custom_dir over it, so that its files win as they do with the plugin."""
    for path in assets.STYLESHEETS + assets.SCRIPTS:
        target = staging / "docs" / path
        if not target.exists():  # the organisation's own file of that name wins, as with the plugin
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(assets.THEME_DIR / path, target)
    (staging / "theme").mkdir()
    for name in assets.OVERRIDES:
        shutil.copyfile(assets.THEME_DIR / name, staging / "theme" / name)
    if settings.custom_dir:
        shutil.copytree(settings.custom_dir, staging / "theme", dirs_exist_ok=True)


def _write_page(docs: Path, page: RenderedPage) -> None:
    target = docs / safe_path(page.path)
    if not target.resolve().is_relative_to(docs.resolve()):
        raise ValueError(f"unsafe output path: {page.path!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.markdown, encoding="utf-8")


def _clashes(docs_dir: Path, copied: Path, pages: list[RenderedPage]) -> list[Diagnostic]:
    """Hand-written files published where a generated page goes (its address) or where a directory of one goes."""
    addresses = {address(page.path) for page in pages}
    guides = {address(page.path): page.path for page in pages if page.replaceable}
    directories = {parent.as_posix() for page in pages for parent in PurePosixPath(page.path).parents if parent.parts}
    found = []
    for path in sorted(p for p in copied.rglob("*") if not p.is_dir()):
        written = path.relative_to(copied).as_posix()
        published = address(written) if written.endswith(".md") else written
        if published in addresses or written in directories:
            message = f"this file would be published at /{published}, where the handbook puts a page; rename or move it"
            if published in guides:
                message = f"this file would be published at /{published}, where the handbook puts one of its guides; to replace the guide, name the file {guides[published]}"
            found.append(Diagnostic(Location(str(docs_dir / written)), "error", message))
    return found


def export(settings: Settings, out: Path, force: bool = False) -> list[Diagnostic]:
    """Write docs, theme and mkdocs.yml for a plugin-free build into `out`, replacing it only on success.

    Raises `outdir.Refused` when `out` is not ours to replace (see generator/outdir.py).
    """
    target = outdir.claim(out, settings.guards(), force)
    written_nav = settings.written.get("nav")
    generated = generate(settings.ladders_dir, settings.language, nav_pages(written_nav))
    pages, generated_nav, diagnostics = generated.pages, generated.nav, generated.diagnostics
    if not pages:
        return diagnostics
    with outdir.staging(target, "export") as staging:
        shutil.copytree(settings.docs_dir, staging / "docs")
        gone = replaced(p.relative_to(staging / "docs").as_posix() for p in (staging / "docs").rglob("*.md"))
        pages = [page for page in pages if page.path not in gone]
        clashes = _clashes(settings.docs_dir, staging / "docs", pages)
        if clashes:
            return diagnostics + clashes
        for page in pages:
            _write_page(staging / "docs", page)
        _copy_theme(settings, staging)
        header = "# Written by `ladder export`: change the project's mkdocs.yml and export again, not this file.\n"
        text = dump_config(export_config(settings, generated_nav, generated.title))
        (staging / "mkdocs.yml").write_text(header + text, encoding="utf-8")
        outdir.publish(staging, target, force)
    return diagnostics
