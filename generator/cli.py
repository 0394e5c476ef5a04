"""The `ladder` command: a thin adapter from the terminal to the pipeline."""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import datadump, importer, outdir, scaffold, words
from .errors import Diagnostic, errors_of, printable, warnings_of
from .export import export as _export
from .load import MAX_FILE_BYTES
from .project import Settings, read_settings, unbuildable_files
from .schema import schema_files
from .site_build import build_site
from .validate import validate_dir

_FORCE_HELP = "Replace {} even if it holds files ladder-handbook did not make (never the project itself)."


def report(diagnostics: list[Diagnostic], strict: bool, output: str = "text") -> bool:
    """Print diagnostics to stderr (and annotations or a report to stdout); True when they should fail the command.

    Under GitHub Actions, workflow commands make a pull request show each problem on its line;
    `gitlab` writes a Code Quality report (JSON) for a merge request to show them.
    """
    for diagnostic in errors_of(diagnostics) + warnings_of(diagnostics):
        click.echo(str(diagnostic), err=True)
    if output == "gitlab":
        click.echo(json.dumps([d.gitlab_issue() for d in errors_of(diagnostics) + warnings_of(diagnostics)], indent=2))
    elif os.environ.get("GITHUB_ACTIONS") == "true":
        for diagnostic in diagnostics:
            click.echo(diagnostic.github_annotation())
    failing = errors_of(diagnostics) + (warnings_of(diagnostics) if strict else [])
    return bool(failing)


def _settings(config_file: Path, strict: bool | None = None) -> Settings:
    """The project's settings, or exit with MkDocs's objections, or files it cannot build from, located."""
    settings, diagnostics = read_settings(config_file, strict)
    if settings is not None:
        diagnostics += unbuildable_files(settings)
    if report(diagnostics, strict=False) or settings is None:
        sys.exit(1)
    return settings


@contextmanager
def _refusals(command: str) -> Iterator[None]:
    """Turn a refused target or a failed write into a message and exit status 1."""
    try:
        yield
    except outdir.Refused as refusal:
        click.echo(f"ladder {command}: error: {printable(str(refusal))}", err=True)
        sys.exit(1)
    except OSError as error:
        where = f": {error.filename}" if error.filename else ""
        click.echo(printable(f"ladder {command}: error: {error.strerror or error}{where}"), err=True)
        sys.exit(1)


def _exit_on_signal(signum: int, frame: object) -> None:
    """SIGTERM and SIGHUP end a command as Ctrl-C does: `finally` blocks remove staging and stop `mkdocs build`."""
    raise SystemExit(128 + signum)


class _Command(click.Group):
    """The group, with two more edges: output that cannot be written (a full disk, a closed pipe) is one line, exit 1;
    and a command line click refuses (an unknown option, a missing argument) exits 1 like every other error, not 2."""

    def main(self, *args, **kwargs):  # click's own signature
        try:
            try:
                status = super().main(*args, **{**kwargs, "standalone_mode": False})
            except click.exceptions.NoArgsIsHelpError as error:  # `ladder` alone: the help, as `ladder --help`
                click.echo(error.ctx.get_help() if error.ctx else str(error))
                sys.exit(0)
            except click.ClickException as error:  # a usage error among them
                error.show()
                sys.exit(1)
            except click.Abort:  # Ctrl-C at a prompt
                click.echo("Aborted!", err=True)
                sys.exit(1)
            finally:
                sys.stdout.flush()  # what is still buffered fails here, not in a traceback at exit
            sys.exit(status if isinstance(status, int) else 0)  # --help and --version: 0
        except OSError as error:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # nothing left to fail when Python flushes at exit
            try:
                click.echo(f"ladder: error: cannot write the output: {error.strerror or error}", err=True)
            except OSError:
                pass
            sys.exit(1)


@click.group(cls=_Command)
@click.version_option(package_name="ladder-handbook")
def main() -> None:
    """Turn career ladders written as YAML into a handbook website."""
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _exit_on_signal)


@main.command()
@click.argument("directory", default="ladders", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--max-file-size",
    default=MAX_FILE_BYTES,
    show_default=True,
    type=click.IntRange(1, 64 * 1024 * 1024),
    help="Largest YAML file accepted, in bytes.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "gitlab"]),
    default="text",
    show_default=True,
    help="gitlab: also write a Code Quality report (JSON) to standard output, for merge requests.",
)
def check(directory: Path, strict: bool, max_file_size: int, output: str) -> None:
    """Check the ladders in DIRECTORY (default: ladders/) and report every problem."""
    ladders, diagnostics = validate_dir(directory, max_file_size)
    if report(diagnostics, strict, output):
        counts = f"{_count(len(errors_of(diagnostics)), 'error')}, {_count(len(warnings_of(diagnostics)), 'warning')}"
        click.echo(f"ladder check: {counts}", err=True)
        sys.exit(1)
    assert ladders is not None
    families = _count(len(ladders.families), "family", "families")
    said = f"ok: {families}, {_count(len(ladders.roles), 'role')}, {_count(len(warnings_of(diagnostics)), 'warning')}"
    click.echo(said, err=output != "text")


def _count(n: int, one: str, many: str | None = None) -> str:
    """ "1 family", "2 families", "0 warnings": what `ladder check` counts, in words."""
    return f"{n} {one if n == 1 else many or one + 's'}"


@main.command()
@click.option("--out", default="schema", type=click.Path(path_type=Path), help="Directory to write into.")
@click.option("--force", is_flag=True, help="Overwrite files in OUT that are not schema files ladder-handbook wrote.")
def schema(out: Path, force: bool) -> None:
    """Write the JSON Schema of each ladder file kind (for editors) into OUT."""
    files = schema_files()
    with _refusals("schema"):
        problem = outdir.schema_problem(out, files, force)
        if problem:
            raise outdir.Refused(problem)
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
            click.echo(printable(str(out / name)))


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("-d", "--site-dir", default=None, type=click.Path(path_type=Path), help="Default: site_dir of the configuration.")
@click.option("--strict/--no-strict", default=True, help="Fail on MkDocs warnings (default: on).")
@click.option("--force", is_flag=True, help=_FORCE_HELP.format("SITE_DIR"))
def build(config_file: Path, site_dir: Path | None, strict: bool, force: bool) -> None:
    """Build the handbook with MkDocs into SITE_DIR, replacing it only if the build succeeds."""
    settings = _settings(config_file, strict=True if strict else None)
    site_dir = site_dir or settings.site_dir
    with _refusals("build"):
        status = build_site(settings, site_dir, strict, force=force)
    if status != 0:
        click.echo(printable(f"ladder build: failed; {site_dir} was left as it was"), err=True)
        sys.exit(1)
    click.echo(printable(f"built {site_dir}"))


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("-f", "--config-file", default="mkdocs.yml", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help=_FORCE_HELP.format("OUT"))
def export(out: Path, config_file: Path, force: bool) -> None:
    """Write the handbook as plain Markdown plus a mkdocs.yml into OUT, for builds without this plugin."""
    settings = _settings(config_file)
    with _refusals("export"):
        diagnostics = _export(settings, out, force)
    if report(diagnostics, strict=False):
        sys.exit(1)
    click.echo(printable(f"exported to {out}"))


@main.command(name="export-data")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    required=True,
    help="json: schema/data/export-data.schema.json; csv: the layout `ladder import csv` reads.",
)
@click.option(
    "--ladders",
    "ladders_dir",
    default="ladders",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The ladders to export.",
)
def export_data(out: Path, fmt: str, ladders_dir: Path) -> None:
    """Write the resolved ladder (every role-level's expectations) to the file OUT, as JSON or CSV."""
    ladders, diagnostics = validate_dir(ladders_dir)
    if report(diagnostics, strict=False) or ladders is None:
        sys.exit(1)
    text, notes = datadump.dump(ladders, fmt)
    try:
        with _refusals("export-data"):
            datadump.write(out, text)
    except datadump.Refused as refusal:
        click.echo(f"ladder export-data: error: {printable(str(refusal))}", err=True)
        sys.exit(1)
    for note in notes:
        click.echo(printable(f"ladder export-data: note: {note}"), err=True)
    click.echo(printable(f"wrote {out}"))


_NEXT_STEPS = """
Next steps:
  cd {directory}
  python3 -m venv .venv && . .venv/bin/activate
  pip install -r requirements.txt
  ladder check --strict      # check the ladders
  mkdocs serve               # preview the site at http://127.0.0.1:8000/
Then make the starter ladder in ladders/ your own, set site_url in mkdocs.yml,
and push the repository to GitHub or GitLab: its CI file there checks every
change and publishes the site. README.md says how to edit, check, preview,
publish and upgrade."""


@main.command(name="import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(importer.FORMATS)))
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.argument("out", type=click.Path(path_type=Path))
def import_(fmt: str, source: Path, out: Path) -> None:
    """Turn ladders written elsewhere into ladder files in OUT (new or empty), checked.

    FORMAT: csv or xlsx (the layout of docs/import.md), ft (Financial Times' engineering-progression
    job family YAML), monzo (Monzo's progression-framework Markdown).
    """
    imported = importer.read(fmt, source)
    try:
        findings = importer.write(imported, out) if imported.files else []
    except importer.Refused as refusal:
        click.echo(f"ladder import: {printable(str(refusal))}", err=True)
        sys.exit(1)
    report(imported.notes + findings, strict=False)
    written = bool(imported.files) and not errors_of(findings) and out.exists()
    if not written:
        click.echo(f"ladder import: nothing written into {printable(str(out))}", err=True)
        sys.exit(1)
    families = sum(1 for name in imported.files if name.startswith("families/"))
    roles = sum(1 for name in imported.files if name.startswith("roles/"))
    click.echo(f"imported {families} famil{'y' if families == 1 else 'ies'} and {roles} role(s) into {printable(str(out))}")
    if errors_of(imported.notes):  # parts of the source could not be read: the rest is imported, and the command fails
        click.echo(
            f"ladder import: {len(errors_of(imported.notes))} part(s) of the source could not be read (above); the rest is imported",
            err=True,
        )
        sys.exit(1)
    click.echo(f"next: ladder check {shlex.quote(str(out))} --strict")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--org", "organisation", required=True, help="The organisation's name, as the handbook shows it.")
@click.option(
    "--language",
    type=click.Choice(words.languages()),
    default=words.SOURCE,
    show_default=True,
    help="The language of every word the tool writes (theme.language); the starter ladder itself is in English.",
)
def new(directory: Path, organisation: str, language: str) -> None:
    """Write a new handbook repository into DIRECTORY (new or empty): a starter ladder, mkdocs.yml, CI files."""
    with _refusals("new"):
        written = scaffold.write(directory, organisation, language)
    click.echo(printable(f"Wrote a handbook for {scaffold.organisation_name(organisation)} in {directory}:"))
    for path in written:
        click.echo(printable(f"  {path}"))
    click.echo(_NEXT_STEPS.format(directory=printable(shlex.quote(str(directory)))))
