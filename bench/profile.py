"""Where the full build (arm F) spends its time: one `mkdocs build` under cProfile.

Run after `make bench`, which leaves each organisation in bench/out/SIZE/:

    python -m bench.profile 1000

It prints, and saves to bench/out/SIZE/profile.json for the report, the time
spent in each part of the build (cumulative, so the parts do not overlap) and
the theme templates with the most time in their own code. cProfile slows
Python code down unevenly, so read the shares, not the seconds. It sees
MkDocs' own process, not the worker converting pages on the other core
(generator/ahead.py): its pages show as the time spent waiting for it.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (label, file suffix, function name): each is timed cumulatively; none calls another.
# The theme's share is what is left of MkDocs' per-page build once indexing and writing are taken out.
THEME = "Jinja2: the theme's templates around each page"
PARTS = [
    ("ladder plugin: load, validate, resolve, render Markdown", "generator/plugin.py", "on_config"),
    ("ladder plugin: add the pages to MkDocs", "generator/plugin.py", "on_files"),
    ("ladder plugin: each page's sidebar view", "generator/sidebar.py", "for_page"),
    ("MkDocs: collect files, build navigation", "mkdocs/structure/files.py", "get_files"),
    ("MkDocs: collect files, build navigation", "mkdocs/structure/nav.py", "get_navigation"),
    ("Python-Markdown: Markdown to HTML", "mkdocs/structure/pages.py", "render"),
    # cProfile sees MkDocs' own process only: the pages the worker converts show as this wait
    ("waiting for the worker's Markdown to HTML", "generator/ahead.py", "take"),
    ("search plugin: index each page", "material/plugins/search/plugin.py", "on_page_context"),
    ("search plugin: write the index", "material/plugins/search/plugin.py", "on_post_build"),
    ("writing HTML files", "mkdocs/utils/__init__.py", "write_file"),
    ("copying theme assets", "mkdocs/structure/files.py", "copy_static_files"),
    ("validating anchors", "mkdocs/structure/pages.py", "validate_anchor_links"),
]


def _build(config_file: Path, site_dir: Path) -> cProfile.Profile:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    profiler = cProfile.Profile()
    profiler.enable()
    build(config)
    profiler.disable()
    config.plugins.on_shutdown()
    return profiler


def summarise(profiler: cProfile.Profile, wall: float) -> dict:
    stats = pstats.Stats(profiler).stats  # {(file, line, function): (calls, calls, own, cumulative, callers)}
    def cumulative(suffix: str, function: str) -> float:
        return sum(v[3] for (file, _, name), v in stats.items() if name == function and file.endswith(suffix))

    parts: dict[str, float] = {}
    for label, suffix, function in PARTS:
        parts[label] = parts.get(label, 0.0) + cumulative(suffix, function)
    # a build converts each generated page just before its template (generator/reuse.py, Kept.defer): inside MkDocs' page build
    converting = ("Python-Markdown: Markdown to HTML", "waiting for the worker's Markdown to HTML")
    inside_page = ("search plugin: index each page", "writing HTML files", "ladder plugin: each page's sidebar view", *converting)
    parts[THEME] = cumulative("mkdocs/commands/build.py", "_build_page") - sum(parts[label] for label in inside_page)
    total = cumulative("mkdocs/commands/build.py", "build")  # the sum of own times falls short of it under cProfile
    parts["everything else"] = max(0.0, total - sum(parts.values()))
    templates: dict[str, float] = {}
    for (file, _, _), v in stats.items():
        if file.endswith(".html") and "/templates/" in file:
            name = file.split("/templates/", 1)[1]
            templates[name] = templates.get(name, 0.0) + v[2]
    return {
        "wall_seconds": wall,
        "profiled_seconds": total,
        "parts": sorted(parts.items(), key=lambda p: -p[1]),
        "templates": sorted(templates.items(), key=lambda p: -p[1])[:8],
    }


def table(profile: dict) -> list[str]:
    """The profile as Markdown table rows, shares of the profiled time."""
    total = profile["profiled_seconds"] or 1.0
    lines = ["| part of the build | share |", "| --- | --- |"]
    lines += [f"| {label} | {seconds / total:.0%} |" for label, seconds in profile["parts"]]
    lines += ["", "| theme template (own code only) | share |", "| --- | --- |"]
    lines += [f"| `{name}` | {seconds / total:.1%} |" for name, seconds in profile["templates"]]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="a size already prepared by bench.run, e.g. 1000")
    parser.add_argument("--work", default=str(ROOT / "bench" / "out"))
    args = parser.parse_args()
    work = Path(args.work) / args.size
    if not (work / "mkdocs.yml").is_file():
        sys.exit(f"{work / 'mkdocs.yml'}: error: no prepared organisation; run `python -m bench.run --sizes {args.size}` first")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    start = time.perf_counter()
    profiler = _build(work / "mkdocs.yml", work / "site-profile")
    result = summarise(profiler, time.perf_counter() - start)
    (work / "profile.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print("\n".join(table(result)))


if __name__ == "__main__":
    main()
