"""`ladder import FORMAT SOURCE OUT`: ladders written elsewhere (a spreadsheet, FT's or Monzo's public
formats) turned into ladder files in a new or empty directory, checked before anything is kept.

Each format is a module with `read(source: Path) -> Imported`: the files to write (path under OUT ->
the data of a ladder file) and notes on what it could not carry over, located in the source. This
module writes them as YAML, all or nothing, and checks the result as `ladder check` would.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, Location
from .imported import Imported
from .load import kind_of
from .scaffold import target_problem
from .validate import validate_dir

# format -> (module, what it reads); each module has read(source) -> Imported
FORMATS = {
    "csv": ("generator.import_sheet", "a spreadsheet saved as CSV, in the layout docs/import.md describes"),
    "xlsx": ("generator.import_sheet", "an Excel workbook, in the same layout (its first sheet)"),
    "ft": ("generator.import_ft", "a directory of Financial-Times/engineering-progression job family YAML files"),
    "monzo": ("generator.import_monzo", "a directory of monzo/progression-framework Markdown files with front matter"),
}


class Refused(Exception):
    """OUT cannot be written: a message for the user, exit status 1."""


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order the importer gave them, long text folded by width only."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def dump(data: Any) -> str:
    """A ladder file's YAML: strings YAML would read as something else (no, 1.10, 2024-01-31) come out quoted."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def read(fmt: str, source: Path) -> Imported:
    """What `source` holds, read by the module of `fmt`: each has `read(source, fmt) -> Imported`."""
    module, _ = FORMATS[fmt]
    return importlib.import_module(module).read(source, fmt)


def write(imported: Imported, out: Path) -> list[Diagnostic]:
    """Write `imported` into `out` (new or empty), all or nothing; the check's findings on what was written.

    Raises `Refused` when `out` is not new or empty. Nothing is kept when the result has errors.
    """
    problem = target_problem(out, "an import")
    if problem:
        raise Refused(problem)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    try:
        for relative, data in imported.files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_schema_line(relative) + dump(data), encoding="utf-8")
        _, findings = validate_dir(staging)
        findings = [_relocated(d, staging, out) for d in findings]
        if any(d.severity == "error" for d in findings):
            return findings
        if out.exists():
            out.rmdir()  # empty: target_problem said so
        os.rename(staging, out)
        return findings
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _schema_line(relative: str) -> str:
    """The comment by which editors check a file against its schema: at `schema/` beside OUT, as `ladder new` lays
    out a project (OUT becoming its `ladders/`; `ladder schema` writes the files)."""
    kind = kind_of(tuple(relative.split("/")))
    up = "../" * (relative.count("/") + 1)
    return f"# yaml-language-server: $schema={up}schema/{kind}.schema.json\n" if kind else ""


def _relocated(diagnostic: Diagnostic, staging: Path, out: Path) -> Diagnostic:
    """A finding on a staged file, told as on the file in OUT."""
    path = diagnostic.location.path
    if path.startswith(str(staging)):
        path = str(out) + path[len(str(staging)) :]
    where = Location(path, diagnostic.location.line, diagnostic.location.col)
    return Diagnostic(where, diagnostic.severity, diagnostic.message)
