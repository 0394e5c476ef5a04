"""The `ladder` command: a thin adapter from the terminal to the pipeline."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import build as _build
from .emit import export as _export
from .errors import Diagnostic, errors_of, warnings_of
from .load import MAX_FILE_BYTES
from .schema import schema_files
from .validate import validate_dir


def report(diagnostics: list[Diagnostic], strict: bool) -> bool:
    """Print diagnostics to stderr; True when they should fail the command."""
    for diagnostic in errors_of(diagnostics) + warnings_of(diagnostics):
        click.echo(str(diagnostic), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for diagnostic in diagnostics:
            click.echo(diagnostic.github_annotation())
    failing = errors_of(diagnostics) + (warnings_of(diagnostics) if strict else [])
    return bool(failing)


@click.group()
@click.version_option(package_name="ladder-handbook")
def main() -> None:
    """Turn career ladders written as YAML into a handbook website."""


@main.command()
@click.argument("directory", default="ladders", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--max-file-size", default=MAX_FILE_BYTES, show_default=True, help="Largest YAML file accepted, in bytes.")
def check(directory: Path, strict: bool, max_file_size: int) -> None:
    """Check the ladders in DIRECTORY (default: ladders/) and report every problem."""
    ladders, diagnostics = validate_dir(directory, max_file_size)
    if report(diagnostics, strict):
        counts = f"{len(errors_of(diagnostics))} error(s), {len(warnings_of(diagnostics))} warning(s)"
        click.echo(f"ladder check: {counts}", err=True)
        sys.exit(1)
    assert ladders is not None
    roles = len(ladders.roles)
    click.echo(f"ok: {len(ladders.families)} families, {roles} roles, {len(warnings_of(diagnostics))} warning(s)")


@main.command()
@click.option("--out", default="schema", type=click.Path(path_type=Path), help="Directory to write into.")
def schema(out: Path) -> None:
    """Write the JSON Schema of each ladder file kind (for editors) into OUT."""
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        (out / name).write_text(text, encoding="utf-8")
        click.echo(out / name)


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("-d", "--site-dir", default="site", type=click.Path(path_type=Path, file_okay=False))
@click.option("--strict/--no-strict", default=True, help="Fail on MkDocs warnings (default: on).")
def build(config_file: Path, site_dir: Path, strict: bool) -> None:
    """Build the handbook with MkDocs into SITE_DIR, replacing it only if the build succeeds."""
    status = _build.build(config_file, site_dir, strict)
    if status != 0:
        click.echo(f"ladder build: failed; {site_dir} was left as it was", err=True)
        sys.exit(1)
    click.echo(f"built {site_dir}")


@main.command()
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@click.option("-f", "--config-file", default="mkdocs.yml", type=click.Path(path_type=Path, exists=True, dir_okay=False))
def export(out: Path, config_file: Path) -> None:
    """Write the handbook as plain Markdown plus a mkdocs.yml into OUT, for builds without this plugin."""
    diagnostics = _export(config_file, out)
    if report(diagnostics, strict=False):
        sys.exit(1)
    click.echo(f"exported to {out}")
