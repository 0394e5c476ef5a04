"""The package's layers, read from its imports: each stage imports only the stages before it.

Every import counts, including those under TYPE_CHECKING and inside functions:
a type a later stage defines is still a dependency on that stage. A new module
must be given its place here, which is the point: its layer is a decision.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "generator"

# Lower runs first. A module may import only modules of a lower rank, so no cycle can form.
RANKS = {
    # the core: pure, knows nothing of MkDocs or the terminal
    "errors": 0, "ids": 0, "text": 0,
    "memo": 0,  # results of the pure steps, kept across `mkdocs serve` rebuilds where their inputs are the same
    "words": 0,  # the message catalogue: every word a reader sees, in the handbook's language
    "model": 1, "syntax": 1,
    "document": 2, "order": 2,
    "load": 3,
    "imported": 1,  # what an importer reads: ladder files and notes
    # the importers, pure readers of other formats: a path in, an Imported out (beside load, which reads ours)
    "sheet_read": 3.3,  # a CSV or Excel file as rows of text, for import_sheet
    "sheet_places": 3.4,  # what import_sheet gathers per family and role, and the files it makes
    "import_sheet": 3.5,  # csv and xlsx: a row per expectation (docs/import.md)
    "import_ft": 3.5, "import_monzo": 3.5,
    "structure": 4, "corecheck": 4.2, "crosscheck": 4.5,
    "validate": 5,
    "resolved": 6,
    "resolve": 7,
    "paths": 8,
    "groups": 8,  # a family's competencies under its groups
    "guides": 8,  # what the built-in guides say of this handbook
    "views": 8,  # what each page lays out, from the resolved handbook; beside paths, which it does not need
    "matrices": 8,  # the competency matrix and the tracks compared, as tables; beside views
    "inputs": 8.5,  # the digest of what a family's pages are made from, for `mkdocs serve` to make only what changed
    "search_entries": 8.5,  # an expectation's own search entry, at its anchor, where it starts
    "render": 9,
    "pipeline": 10, "schema": 10, "assets": 10,
    "reference": 10.5,  # docs/format.md, from the models' JSON Schema: after schema, which it reads
    "datadump": 10.5,  # `ladder export-data`: the resolved ladder as JSON or as import_sheet's CSV
    # the edges: MkDocs, the file system's outputs, the terminal
    "outdir": 11, "sidebar": 11,
    "ahead": 10.8,  # a forked worker doing pages' work ahead of MkDocs on the second core, for reuse
    "rawblocks": 10.8,  # a Markdown extension setting the generated pages' raw HTML blocks aside, for the plugin
    "listitems": 10.7,  # list items converted once however many pages show them, for rawblocks
    "skeletons": 10.65,  # a list item with stand-ins for its words and ids, for listitems
    "anchors": 10.6,  # a built page's anchors and links to anchors, kept for MkDocs' check at the build's end
    "reuse": 11,  # the plugin's conversions, kept across `mkdocs serve` rebuilds and made ahead by a worker
    "configure": 11,  # what the plugin adds to MkDocs' configuration (extensions, theme directory, assets)
    "outputs": 11,  # the plugin's HTML files of unchanged pages, kept across `mkdocs serve` rebuilds
    "clashes": 11,  # the generated pages a build adds, and hand-written files published where they go
    "collect": 11,  # serving: the cycle collector paused during a rebuild, run once the server is idle
    "putback": 11,  # those files left on disk across a rebuild, moved aside while MkDocs empties site_dir
    "packed": 10.9,  # each generated page's HTML, compressed, between its conversion and its file
    "project": 12, "scaffold": 12,  # scaffold: the files `ladder new` writes; beside project, which it does not need
    "language": 12.5,  # theme.language: one Material has, and whether our words are translated into it
    "configkeys": 11,  # mkdocs.yml read for a key set twice, which MkDocs lets pass
    "export": 13, "site_build": 13, "importer": 13,
    "plugin": 14, "cli": 14,
    "__init__": 15,
    "__main__": 16,
}
CORE = max(rank for name, rank in RANKS.items() if name == "pipeline")
EDGE_LIBRARIES = ("mkdocs", "click")


def _imports(module: Path) -> set[str]:
    """Every module name `module` imports: `generator.x` as `x`, others by their full name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.add(node.module or "")
            elif node.module:
                found.add("." + node.module.split(".")[0])
            else:
                found.update("." + alias.name for alias in node.names)
    return {name.removeprefix(".").removeprefix("generator.") if name.startswith((".", "generator.")) else name for name in found}


def _modules() -> dict[str, set[str]]:
    return {path.stem: _imports(path) for path in sorted(PACKAGE.glob("*.py"))}


def test_every_module_has_a_place_in_the_layers():
    assert sorted(set(_modules()) - set(RANKS)) == [], "add the new module to RANKS"
    assert sorted(set(RANKS) - set(_modules())) == [], "remove the module that is gone from RANKS"


def test_no_module_imports_a_later_stage_or_its_own():
    wrong = [
        f"{name} (rank {RANKS[name]}) imports {other} (rank {RANKS[other]})"
        for name, imported in _modules().items()
        for other in imported
        if other in RANKS and RANKS[other] >= RANKS[name]
    ]
    assert wrong == []


def test_the_core_imports_neither_mkdocs_nor_click():
    wrong = [
        f"{name} imports {other}"
        for name, imported in _modules().items()
        if RANKS.get(name, CORE + 1) <= CORE
        for other in imported
        if other.split(".")[0] in EDGE_LIBRARIES
    ]
    assert wrong == []


def test_the_layer_check_sees_a_backward_import(tmp_path: Path):
    """The reader of imports must see `from .x import y`, `from . import x` and TYPE_CHECKING imports."""
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nfrom . import paths\nfrom .render import Page\n"
        "if TYPE_CHECKING:\n    from .resolve import Site\ndef f():\n    import mkdocs.config\n"
    )
    assert _imports(module) >= {"paths", "render", "resolve", "mkdocs.config", "typing"}


def test_modules_and_functions_stay_small_enough_to_read_in_one_sitting():
    """About 300 lines a module and 50 a function (STYLE.md); a little slack, so a one-line fix never trips it."""
    too_long = []
    for path in sorted(PACKAGE.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 330:
            too_long.append(f"{path.name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 55:
                too_long.append(f"{path.name}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert too_long == []
