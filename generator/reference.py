"""The ladder format reference, docs/format.md, generated from the models' JSON Schema (`schema.schema_for`).

Keys, types, defaults and descriptions come from `model.py`, so the reference says what the checker accepts. The three
examples make one `ladders/` directory that passes `ladder check --strict` (tests/test_reference.py runs it).
`python -m generator.reference OUT` writes the reference to OUT (`make reference`: docs/format.md), or prints it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import TypeAdapter
from pydantic.fields import FieldInfo
from pydantic_core import to_jsonable_python

from . import model
from .ids import HEADING_ANCHOR_PREFIXES, HEADING_ANCHORS, MAX_LENGTH, RESERVED_FAMILY_IDS, RESERVED_IN_FAMILY
from .load import MAX_FILE_BYTES
from .schema import schema_for
from .structure import MAX_LEVELS, MAX_TRACKS

HEADER = "<!-- Generated from generator/model.py by `make reference`. Do not edit: change the models, then run it. -->"
_ID = TypeAdapter(model.Id).json_schema()["pattern"]
_TEXT_MAX = TypeAdapter(model.Text).json_schema()["maxLength"]


def _codes(names: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in sorted(names))


INTRO = f"""# Ladder format reference

A handbook's ladders are YAML files in `ladders/`: `handbook.yml` (or `handbook.yaml`), one file per job family in
`ladders/families/` and one file per role in `ladders/roles/`, each ending in `.yml` or `.yaml`. Where a file sits
decides what kind it is. Other YAML files under `ladders/` are ignored, with a warning. `ladder check` checks them
all; `ladder schema` writes the JSON Schema files that editors use to complete keys and flag mistakes as you type.

This page lists every key. A key that is not listed is an error.

## Values

- **id**: lowercase letters `a-z` and digits `0-9`, in words joined by single hyphens (`senior-engineer`, `e3`), at
  most {MAX_LENGTH} characters, and not a name Windows keeps for a device (`con`, `prn`, `aux`, `nul`, `com0` to
  `com9`, `lpt0` to `lpt9`). Ids become addresses, anchors and the keys under which readers' checklists are saved in
  their browsers: keep them stable.
- **text**: not empty or blank, at most {_TEXT_MAX:,} characters, with no control characters other than tabs and line
  breaks. Text is shown as written: Markdown and HTML in it are escaped, unless `inline_markdown` is true in
  `handbook.yml`.
- **`true` or `false`**: a YAML boolean.

YAML reads some unquoted values as numbers, booleans or dates: `no`, `1.10`, `2024-01-31`. Where text or an id is
expected, that is an error. Quote the value to keep it as text: `"no"`.

## Checks across files

Errors:

- Ids are unique within each list (ratings, review conversations, values, alignment areas, grades, tracks, levels,
  competencies). Family ids are unique, role ids are unique, and expectation ids are unique in a family and all its
  roles.
- A role's `family`, a level's `track` and `grade`, a track's `branches_from`, a competency's and a role's `tracks`,
  and the level ids used as keys of `expectations` and `titles` name something that exists. A level's `grade` is one
  of the `grades` in `handbook.yml`. Tracks may not branch in a cycle.
- A level used as a key of `expectations` or `titles` is on a track that the competency and the role cover.
- `replaces` names an expectation of the same competency at a level below, on the same track's path.
- A role's `expectations` are keyed by a competency id of its family, then by level id. A role's own `competencies` do
  not reuse the family's competency ids.
- Reserved ids: family ids {_codes(RESERVED_FAMILY_IDS)}; role and level ids {_codes(RESERVED_IN_FAMILY)}; expectation
  ids {_codes(HEADING_ANCHORS)} and ids starting with {_codes(HEADING_ANCHOR_PREFIXES)}.
- A family has at most {MAX_LEVELS} levels and {MAX_TRACKS} tracks. A file is at most {MAX_FILE_BYTES:,} bytes
  (`ladder check --max-file-size` changes this).

Warnings, which fail `ladder check --strict`:

- placeholder text: `TODO` (in capitals: `todo` is a Spanish word), `TBD`, `TBC`, `FIXME`, `XXX` or `lorem ipsum`;
- an expectation without examples, in a family with `require_examples: true`;
- a competency with nothing expected at any level of a track it applies to;
- in a per-level family, a level that lists nothing of a competency asked both below and above it on its path
  (each level is written in full, so nothing carries up; a competency may start above a track's first level and
  stop below its last); the same for a core competency of `handbook.yml`, whose expectations a level takes by
  its grade: a level whose grade the core leaves out, between levels whose grades it asks, drops it;
- in a family with `require_summaries: true`, a family, role, level or competency without a summary, or a level
  without a scope."""

EXAMPLE_DIR = Path(__file__).parent / "examples"  # together, a ladders/ directory that passes `ladder check --strict`
EXAMPLES = {  # kind -> (path under ladders/, text)
    kind: (path, (EXAMPLE_DIR / path).read_text(encoding="utf-8"))
    for kind, path in (("handbook", "handbook.yml"), ("family", "families/engineering.yml"), ("role", "roles/backend.yml"))
}


def _refs(node: object) -> list[str]:
    """The definitions `node` refers to, in the order they appear."""
    return re.findall(r'"\$ref": "#/definitions/(\w+)"', json.dumps(node))


def _type(prop: dict) -> str:
    """A property's JSON Schema, in words, with a link to the section of a nested object."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if prop.get("type") == "null":
        return "not allowed"
    if "anyOf" in prop:
        return " or ".join(_type(option) for option in prop["anyOf"] if option.get("type") != "null")
    if "enum" in prop:
        return " or ".join(f"`{value}`" for value in prop["enum"])
    if prop.get("type") == "array":
        least = f" (at least {prop['minItems']})" if "minItems" in prop else ""
        return f"list of {_type(prop['items'])}{least}"
    if prop.get("type") == "object":
        ((key, value),) = prop["patternProperties"].items()
        return f"mapping of {'id' if key == _ID else 'text'} to {_type(value)}"
    if prop.get("type") == "string":
        return "id" if prop.get("pattern") == _ID else "text"
    if prop.get("type") == "boolean":
        return "`true` or `false`"
    raise ValueError(f"the reference has no words for this type: {prop}")


def _cell(text: str) -> str:
    """A description as one table cell that reads as written: no emphasis, link or column break made of it."""
    for char in "\\*[]|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.replace("<", "&lt;").split())


def _default(key: str, field: FieldInfo) -> tuple[str, list[str]]:
    """The Default cell, and a YAML block under the table for a default too long for a cell.

    From the field, not the JSON Schema: pydantic's leaves out the defaults a factory makes."""
    value = to_jsonable_python(field.get_default(call_default_factory=True))
    if isinstance(value, (list, dict)) and value:
        dumped = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=100)
        return "below", ["", f"Without `{key}`:", "", "```yaml", dumped.rstrip("\n"), "```"]
    return ("none" if value is None else f"`{json.dumps(value)}`"), []


def _table(node: dict) -> list[str]:
    """The keys of one object, a row each, and the defaults that need a block of their own."""
    fields = getattr(model, node["title"]).model_fields
    required = set(node.get("required", []))
    rows = ["| Key | Type | Required | Default | Description |", "| --- | --- | --- | --- | --- |"]
    blocks: list[str] = []
    for key, prop in node["properties"].items():
        default, block = ("", []) if key in required else _default(key, fields[key])
        blocks += block
        mark = "yes" if key in required else "no"
        rows.append(f"| `{key}` | {_type(prop)} | {mark} | {default} | {_cell(prop.get('description', ''))} |")
    return rows + blocks


def _used_in() -> dict[str, dict[str, None]]:
    """Definition name -> where it is used, as "key of [Owner](#owner)", each place once."""
    found: dict[str, dict[str, None]] = {}
    for kind in model.KINDS:
        schema = schema_for(kind)
        for node in [schema, *schema.get("definitions", {}).values()]:
            for key, prop in node["properties"].items():
                for name in _refs(prop):
                    found.setdefault(name, {})[f"`{key}` of [{node['title']}](#{node['title'].lower()})"] = None
    return found


def markdown() -> str:
    """The whole reference, as docs/format.md holds it."""
    lines = [HEADER, "", INTRO.rstrip("\n")]
    used_in, names = _used_in(), list[str]()
    for kind, (path, example) in EXAMPLES.items():
        schema = schema_for(kind)
        definitions = schema.get("definitions", {})
        lines += ["", f"## {schema['title']}", "", schema["description"], "", *_table(schema)]
        first, pending = len(names), _refs(schema["properties"])
        while pending:
            name = pending.pop(0)
            if name not in names:
                names.append(name)
                pending += _refs(definitions[name]["properties"])
        for name in names[first:]:
            lines += ["", f"### {name}", "", f"Used in {'; '.join(used_in[name])}.", "", *_table(definitions[name])]
        lines += ["", f"### Example {kind} file", "", f"`ladders/{path}`:", "", "```yaml", example.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Write the reference to the one path given, or print it; never over a file it did not write."""
    if len(argv) > 1:
        print("usage: python -m generator.reference [OUT]", file=sys.stderr)
        return 2
    if not argv:
        sys.stdout.write(markdown())
        return 0
    out = Path(argv[0])
    if out.is_symlink() or (out.exists() and not (out.is_file() and out.read_bytes().startswith(HEADER.encode()))):
        print(f"generator.reference: error: refusing to overwrite {str(out)!r}: it is not a reference it wrote", file=sys.stderr)
        return 1
    out.write_text(markdown(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
