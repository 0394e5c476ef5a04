"""The project's mkdocs.yml, read the way MkDocs reads it.

`read_settings` goes through MkDocs itself (`!ENV`, `INHERIT`,
`!!python/name:` and its validation), so the commands accept exactly what
`mkdocs build` accepts, and report what it refuses as located errors. It
also keeps the configuration as written, tagged values and all, so that an
exported configuration means what the original meant (`dump_config`).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import outdir
from .errors import Diagnostic, Location, errors_of, shown_path

PLUGIN_NAME = "ladder"
# Bounds on each file of the INHERIT chain, checked before MkDocs reads it: MkDocs recurses on nesting and
# on INHERIT, expands every alias, and would block on a FIFO.
MAX_CONFIG_BYTES = 1024 * 1024
MAX_CONFIG_DEPTH = 64
MAX_CONFIG_ALIASES = 100
MAX_CONFIG_VALUES = 100_000  # counting each use of an alias in full: fewer than 100 aliases can still mean billions
_CONFIG_VALUE = re.compile(r"Config value '([^']+)': ")


@dataclass(frozen=True, eq=False)
class Tagged:
    """A YAML value with a tag MkDocs resolves when it loads the file (`!ENV`, `!!python/name:`), kept unresolved."""

    node: yaml.Node


class _KeepTags(yaml.SafeLoader):
    """Reads mkdocs.yml as written: tagged values stay tagged, to be written back as they were."""


class _WriteTags(yaml.SafeDumper):
    """Writes a configuration read by `_KeepTags`, tagged values as they were written."""


for _prefix in ("!", "tag:yaml.org,2002:python/"):
    _KeepTags.add_multi_constructor(_prefix, lambda loader, suffix, node: Tagged(node))
_WriteTags.add_representer(Tagged, lambda dumper, tagged: tagged.node)


def dump_config(config: dict) -> str:
    """A configuration read by `read_settings` as YAML text, tagged values as they were written."""
    return yaml.dump(config, Dumper=_WriteTags, sort_keys=False, allow_unicode=True)


@dataclass(frozen=True)
class Settings:
    """What the commands need of mkdocs.yml, as MkDocs reads it; paths as messages show them."""

    config_file: Path
    docs_dir: Path
    ladders_dir: Path
    custom_dir: Path | None
    written: dict  # the configuration as written, INHERIT merged in as MkDocs merges it, tagged values kept
    language: str = "en"  # Material's theme.language: the generated pages' words follow it
    site_dir: Path = Path("site")

    def guards(self) -> list[outdir.Guard]:
        """What an output of this project must never replace."""
        return outdir.guards(self.config_file, self.docs_dir, self.ladders_dir, self.custom_dir)


def read_settings(config_file: Path, strict: bool | None = None) -> tuple[Settings | None, list[Diagnostic]]:
    """mkdocs.yml read and checked by MkDocs; None, with located errors, when MkDocs refuses it."""
    from mkdocs.config import (
        load_config,  # MkDocs is imported only by the commands that need it
    )
    from mkdocs.exceptions import MkDocsException
    from mkdocs.utils.yaml import yaml_load

    problem = _inherit_chain_problem(config_file)
    if problem is not None:
        return None, [problem]
    with _mkdocs_log() as records:
        try:
            config = load_config(str(config_file), strict=strict)
            with open(config_file, "rb") as stream:
                written = yaml_load(stream, _KeepTags)  # type: ignore[arg-type]  # a SafeLoader, as MkDocs's own is
        except (MkDocsException, OSError) as error:
            return None, _config_diagnostics(config_file, records, error)
        except RecursionError:  # a last resort: the checks above should stop every way to get here
            return None, [Diagnostic(Location(str(config_file)), "error", "nested too deeply to read")]
    plugin = config.plugins.get(PLUGIN_NAME)
    ladders = Path(config.config_file_path).parent / (plugin.config.ladders if plugin is not None else "ladders")
    custom_dir = config.theme.custom_dir
    settings = Settings(
        config_file,
        shown_path(Path(config.docs_dir)),
        shown_path(ladders),
        Path(custom_dir) if custom_dir else None,
        written,
        config.theme["language"] or "en",
        shown_path(Path(config.site_dir)),
    )
    return settings, _config_diagnostics(config_file, records, None)


def unbuildable_files(settings: Settings) -> list[Diagnostic]:
    """Special files (FIFOs, sockets, devices) and broken or looping links in docs_dir and custom_dir, located.

    MkDocs would hang reading a FIFO, or walk a loop until it fails with a list of every path; checked first,
    they are one line each and nothing is built.
    """
    found: list[Diagnostic] = []
    for root in (settings.docs_dir, settings.custom_dir):
        if root is not None:
            try:
                top = os.stat(root)
            except OSError:
                continue  # MkDocs's own validation says a missing docs_dir or custom_dir
            _walk(root, {(top.st_dev, top.st_ino)}, found)
    return found


def _walk(directory: Path, ancestors: set[tuple[int, int]], found: list[Diagnostic]) -> None:
    """Check what is under `directory`, following links as MkDocs does but never into a directory that holds them."""
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        found.append(Diagnostic(Location(str(directory)), "error", f"cannot read this directory: {error.strerror}"))
        return
    for entry in entries:
        path = directory / entry.name
        try:
            info = os.stat(path)
        except OSError as error:
            what = "a broken or looping link" if entry.is_symlink() else "unreadable"
            found.append(Diagnostic(Location(str(path)), "error", f"{what} ({error.strerror}); remove or fix it"))
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                found.append(Diagnostic(Location(str(path)), "error", "a link to a directory that holds it (a loop); remove it"))
            else:
                _walk(path, ancestors | {key}, found)
        elif not stat.S_ISREG(info.st_mode):
            found.append(
                Diagnostic(
                    Location(str(path)), "error", "not a regular file (a FIFO, socket or device); remove it or move it away"
                )
            )


def _inherit_chain_problem(config_file: Path) -> Diagnostic | None:
    """What stops MkDocs reading `config_file` and the files it INHERITs from safely, located; None when nothing."""
    path, seen = config_file, set[Path]()
    while True:
        seen.add(path.resolve())
        if not os.path.lexists(path):
            return None  # MkDocs says which INHERIT names a missing file
        text, problem = _bounded_text(path)
        if problem is not None:
            return problem
        problem = _yaml_shape_problem(path, text)
        if problem is not None:
            return problem
        try:
            root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            return None  # MkDocs says where the YAML is wrong
        if root is not None and _expanded_size(root, {}) > MAX_CONFIG_VALUES:
            where = Location(str(path), root.start_mark.line + 1, root.start_mark.column + 1)
            return Diagnostic(where, "error", f"its aliases expand to more than {MAX_CONFIG_VALUES} values")
        pairs = root.value if isinstance(root, yaml.MappingNode) else []
        parent = next((v for k, v in pairs if isinstance(k, yaml.ScalarNode) and k.value == "INHERIT"), None)
        if not isinstance(parent, yaml.ScalarNode):
            return None
        following = path.parent / parent.value
        if following.resolve() in seen:
            mark = parent.start_mark
            return Diagnostic(
                Location(str(path), mark.line + 1, mark.column + 1), "error", "INHERIT makes a loop back to a file it came from"
            )
        path = following


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values `node` holds with every alias expanded, each shared node counted once per use."""
    if id(node) not in sizes:
        children = node.value if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) else []
        flat = [item for child in children for item in (child if isinstance(child, tuple) else (child,))]
        sizes[id(node)] = 1 + sum(_expanded_size(child, sizes) for child in flat)  # nesting is bounded above
    return sizes[id(node)]


def _bounded_text(path: Path) -> tuple[str, Diagnostic | None]:
    """The text of `path` if it is a regular file of at most MAX_CONFIG_BYTES; otherwise why not."""
    where = Location(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens at once instead of waiting for a writer
    except OSError as error:
        return "", Diagnostic(where, "error", f"cannot read it: {error.strerror or error}")
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            return "", Diagnostic(where, "error", "not a regular file (a FIFO, socket, device or directory)")
        if info.st_size > MAX_CONFIG_BYTES:
            return "", Diagnostic(where, "error", f"larger than {MAX_CONFIG_BYTES} bytes; a MkDocs configuration is far smaller")
        data = stream.read(MAX_CONFIG_BYTES + 1)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return "", Diagnostic(where, "error", f"not UTF-8 text: {error.reason} at byte {error.start}")


def _yaml_shape_problem(path: Path, text: str) -> Diagnostic | None:
    """Nesting deeper than MAX_CONFIG_DEPTH or more than MAX_CONFIG_ALIASES aliases, where it starts; read as events,
    which never nest nor expand an alias."""
    depth = aliases = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            mark = event.start_mark
            where = Location(str(path), mark.line + 1, mark.column + 1) if mark else Location(str(path))
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_CONFIG_DEPTH:
                    return Diagnostic(where, "error", f"nested more than {MAX_CONFIG_DEPTH} levels deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_CONFIG_ALIASES:
                    return Diagnostic(where, "error", f"more than {MAX_CONFIG_ALIASES} aliases (*name)")
    except yaml.YAMLError:
        return None  # MkDocs says where the YAML is wrong
    return None


class _Keep(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _mkdocs_log() -> Iterator[list[logging.LogRecord]]:
    """MkDocs's warnings and errors while it reads the configuration, kept to be reported with a location."""
    handler = _Keep(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _config_diagnostics(config_file: Path, records: list[logging.LogRecord], error: Exception | None) -> list[Diagnostic]:
    """MkDocs's complaints about `config_file` as located diagnostics; `error` is why it gave up, if it did."""
    found = []
    for record in records:
        message = record.getMessage()
        key = _CONFIG_VALUE.match(message)
        location = key_location(config_file, key.group(1)) if key else Location(str(config_file))
        found.append(Diagnostic(location, "error" if record.levelno >= logging.ERROR else "warning", message))
    if error is None or errors_of(found):
        return found
    if found:  # `strict: true` made MkDocs give up over warnings
        return [dataclasses.replace(d, severity="error") for d in found]
    return [_unreadable(config_file, error)]


def _unreadable(config_file: Path, error: Exception) -> Diagnostic:
    """Why MkDocs could not read the configuration at all, where the YAML parser says."""
    cause = error.__context__  # MkDocs wraps the parser's error, which knows the line, in its own
    if isinstance(cause, yaml.MarkedYAMLError) and (mark := cause.problem_mark or cause.context_mark):
        context = f" ({cause.context})" if cause.context else ""
        # a constructor error is well-formed YAML whose tagged value MkDocs cannot make, such as an unknown !!python/name:
        kind = "" if isinstance(cause, yaml.constructor.ConstructorError) else "invalid YAML: "
        location = Location(_as_given(Path(mark.name), config_file), mark.line + 1, mark.column + 1)
        return Diagnostic(location, "error", f"{kind}{cause.problem}{context}")
    if isinstance(error, OSError):
        return Diagnostic(Location(str(config_file)), "error", f"cannot read it: {error.strerror or error}")
    return Diagnostic(Location(str(config_file)), "error", getattr(error, "message", None) or str(error))


def key_location(config_file: Path, key: str, inner: str | None = None) -> Location:
    """Where top-level `key` (or its `inner` key, where set) is set: in `config_file` or a file it INHERITs from;
    1:1 when in neither."""
    path, seen = config_file, set()
    while path.resolve() not in seen:
        seen.add(path.resolve())
        try:
            root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            break
        pairs = root.value if isinstance(root, yaml.MappingNode) else []
        keys = {k.value: (k, v) for k, v in pairs if isinstance(k, yaml.ScalarNode)}
        if key in keys:
            node, value = keys[key]
            pairs = value.value if inner is not None and isinstance(value, yaml.MappingNode) else []
            node = next((k for k, _ in pairs if isinstance(k, yaml.ScalarNode) and k.value == inner), node)
            return Location(str(path), node.start_mark.line + 1, node.start_mark.column + 1)
        parent = keys.get("INHERIT", (None, None))[1]
        if not isinstance(parent, yaml.ScalarNode):
            break
        path = path.parent / parent.value
    return Location(str(config_file))


def _as_given(path: Path, config_file: Path) -> str:
    """`path` (absolute, from MkDocs) spelt from the directory of `config_file` as the user gave it."""
    try:
        return str(config_file.parent / path.resolve().relative_to(config_file.resolve().parent))
    except ValueError:
        return str(path)
