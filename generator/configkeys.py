"""mkdocs.yml read for what MkDocs lets pass silently: a key set twice in one mapping, of which YAML keeps
the last (a second `language:` under `theme:` undoes the first without a word). Read as YAML nodes only,
so MkDocs' own tags (`!ENV`, `!relative`, `!!python/name:`) need no constructor."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import Location


def _first_duplicate(node: yaml.Node) -> tuple[yaml.Node, yaml.Node] | None:
    """The first key (in the file's order) set again in its mapping, as (first, again), or None."""
    stack = [node]
    found: list[tuple[yaml.Node, yaml.Node]] = []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if key.value in seen:
                        found.append((seen[key.value], key))
                    seen.setdefault(key.value, key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return min(found, key=lambda pair: pair[1].start_mark.index) if found else None


def duplicate_key(config_file: str | None) -> str | None:
    """A located error for a key mkdocs.yml sets twice in one mapping, or None (also when the file cannot be read:
    MkDocs has read it, so what it says of it stands)."""
    if not config_file:
        return None
    try:
        root = yaml.compose(Path(config_file).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    pair = _first_duplicate(root) if root is not None else None
    if pair is None:
        return None
    first, again = pair
    where = Location(config_file, again.start_mark.line + 1, again.start_mark.column + 1)
    return (
        f"{where}: error: duplicate key '{again.value}' (first set at line {first.start_mark.line + 1}, column "
        f"{first.start_mark.column + 1}): MkDocs would keep this one and silently drop the first; keep one of them"
    )
