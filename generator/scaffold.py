"""`ladder new`: a ready handbook repository, from the files under `generator/scaffold/`.

Each file there is written to the same path in the new repository. Two naming rules, because a
wheel's package data leaves out names that start with a dot: a leading `dot-` becomes `.`
(`dot-gitignore` is `.gitignore`), and a `.j2` file is a Jinja2 template, rendered and written
without the suffix. Every other file is copied byte for byte.

A template places a value only through the filter for where it goes: `yaml` (a scalar written by
a YAML dumper, so `Acme: "Ops" & Co #1` stays one string) or `markdown` (text.markdown_source); an
unfiltered value is an error, not a silent injection. Words of the tool's own (the home page, the
menu, the site's description) are the catalogue's (`words`), in the handbook's language, through
`{% trans %}` and `_()`; `lines` lays a message out as Markdown source lines. Everything is rendered before anything is
written, and nothing is ever overwritten: the directory must be missing or empty.
"""

from __future__ import annotations

import json
import textwrap
from importlib.metadata import version
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import words
from .outdir import Refused
from .schema import schema_files
from .text import markdown_source

SCAFFOLD = Path(__file__).parent / "scaffold"
PACKAGE = "ladder-handbook"
_DOT = "dot-"
_TEMPLATE = ".j2"


def _yaml_scalar(value: object) -> Markup:
    """`value` as one YAML scalar, quoted as the dumper decides: safe after `key: ` on one line."""
    dumped = yaml.safe_dump(str(value), allow_unicode=True, width=2**31 - 1).removesuffix("\n").removesuffix("\n...")
    if "\n" in dumped:  # a line break inside the value: one double-quoted line instead (JSON's is YAML's)
        dumped = json.dumps(str(value), ensure_ascii=False)
    return Markup(dumped)


def _lines(value: Markup, first: str, rest: str) -> Markup:
    """A message as Markdown source lines of at most 78 characters: the first after `first` (a list's `- `), the
    rest after `rest` (its indent), so a translation of any length is laid out as the English is."""
    return Markup(
        "\n".join(
            textwrap.wrap(
                str(value), 78, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
            )
        )
    )


def _placed(value: object) -> object:
    """Jinja's finalize: a value reaches a file only through a filter that escaped it for its place."""
    if isinstance(value, Markup):
        return value
    raise TypeError(f"scaffold template places {value!r} without a filter (| yaml or | markdown)")


def _environment(language: str = words.SOURCE) -> Environment:
    env = Environment(
        extensions=["jinja2.ext.i18n"],
        loader=FileSystemLoader(SCAFFOLD),
        finalize=_placed,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["yaml"] = _yaml_scalar
    env.filters["markdown"] = markdown_source
    env.filters["lines"] = _lines
    # The words the files say are the catalogue's, in the handbook's language: the tool's own text, so placed
    # as it is (Markup); what a `{% trans %}` fills in is escaped for its place by the filter it names.
    messages = words.translations(language)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: Markup(messages.gettext(message)),
        lambda one, many, count: Markup(messages.ngettext(one, many, count)),
        newstyle=True,
    )
    return env


def organisation_name(text: str) -> str:
    """The organisation's name as every file holds it: runs of whitespace (line breaks too) as one space."""
    return " ".join(text.split())


def _target(source: Path) -> str:
    """Where a file under SCAFFOLD goes in the new repository."""
    parts = [("." + part.removeprefix(_DOT)) if part.startswith(_DOT) else part for part in source.parts]
    return "/".join(parts).removesuffix(_TEMPLATE)


def files(organisation: str, language: str = "en") -> dict[str, bytes]:
    """Path in the new repository -> its content, for `organisation`, its site in `language`; sorted by path."""
    name = organisation_name(organisation)
    context = {
        "organisation": name,
        "language": language,
        "languages": ", ".join(words.languages()),
        "requirement": Markup(f"{PACKAGE}=={version(PACKAGE)}"),
    }
    env = _environment(language)
    found: dict[str, bytes] = {}
    for path in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = path.relative_to(SCAFFOLD)
        if path.name.endswith(_TEMPLATE):
            found[_target(relative)] = env.get_template(relative.as_posix()).render(context).encode("utf-8")
        else:
            found[_target(relative)] = path.read_bytes()
    for kind_file, text in schema_files().items():
        found[f"schema/{kind_file}"] = text.encode("utf-8")
    return dict(sorted(found.items()))


def target_problem(directory: Path, what: str = "a new handbook") -> str | None:
    """Why `ladder new` (or `ladder import`: `what`) may not write into `directory`, or None when it is missing or empty."""
    shown = repr(str(directory))
    if not directory.exists():
        blocker = next((p for p in directory.resolve().parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            return f"cannot make {shown}: {str(blocker)!r} is a file. Choose another directory."
        return None
    if not directory.is_dir():
        return f"refusing to write into {shown}: it is a file, not a directory. Choose a new or empty directory."
    if any(directory.iterdir()):
        return (
            f"refusing to write into {shown}: it is not empty, and {what} never overwrites anything. "
            f"Choose a new or empty directory."
        )
    return None


def write(directory: Path, organisation: str, language: str = "en") -> list[Path]:
    """Write a new handbook for `organisation` into `directory` (made if missing); the files written.

    Raises `outdir.Refused`, having written nothing, when the name is empty or the directory is not
    missing or empty. Each file is created exclusively, so one that appears meanwhile is not replaced.
    """
    if not organisation_name(organisation):
        raise Refused("the organisation's name (--org) is empty; give the name the handbook should show.")
    problem = target_problem(directory)
    if problem:
        raise Refused(problem)
    planned = files(organisation, language)
    written = []
    for name, content in planned.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as stream:
            stream.write(content)
        written.append(path)
    return written
