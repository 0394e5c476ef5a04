"""`ladder export-data`: JSON that the committed schema describes, CSV that `ladder import csv` reads back, and
an OUT that is never overwritten unless an earlier export-data made it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.import_sheet import read
from generator.resolve import resolve_ladders
from generator.validate import validate_dir

from .conftest import FIXTURES, HANDBOOK, ROOT, run_ladder

SCHEMA = ROOT / "schema" / "data" / "export-data.schema.json"
_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _problems(value, schema: dict, root: dict, where: str = "$") -> list[str]:
    """What `value` breaks of the draft-07 keywords the committed schema uses (a validator of our own)."""
    if "$ref" in schema:
        schema = root["definitions"][schema["$ref"].removeprefix("#/definitions/")]
    if "anyOf" in schema:
        options = [_problems(value, option, root, where) for option in schema["anyOf"]]
        return [] if any(not found for found in options) else [f"{where}: matches none of anyOf"]
    found = []
    if "type" in schema and not (isinstance(value, _TYPES[schema["type"]]) and not (schema["type"] != "boolean" and isinstance(value, bool))):
        return [f"{where}: not of type {schema['type']}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        found += [f"{where}: no {key}" for key in schema.get("required", []) if key not in value]
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            found += [f"{where}: unexpected {key}" for key in value if key not in properties]
        for key, sub in properties.items():
            if key in value:
                found += _problems(value[key], sub, root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, element in enumerate(value):
            found += _problems(element, schema["items"], root, f"{where}[{index}]")
    return found


def _export(tmp_path: Path, fmt: str, ladders: Path, name: str | None = None) -> Path:
    out = tmp_path / (name or f"export.{fmt}")
    result = run_ladder("export-data", "--format", fmt, "--ladders", str(ladders), str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("ladders", [FIXTURES / "mini", HANDBOOK / "ladders"], ids=["mini", "handbook"])
def test_the_json_validates_against_the_committed_schema(tmp_path: Path, ladders: Path):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(_export(tmp_path, "json", ladders).read_text(encoding="utf-8"))
    assert _problems(data, schema, schema) == []
    assert data["families"] and all(rl["expectations"] for f in data["families"] for r in f["roles"] for rl in r["levels"])
    statuses = {e["status"] for f in data["families"] for r in f["roles"] for rl in r["levels"] for e in rl["expectations"]}
    assert statuses == {"new", "changed", "carried"}


def test_the_validator_sees_what_breaks_the_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert _problems({"made_by": "someone", "format": True, "x": 1}, schema, schema)


def _shared(ladders_dir: Path) -> dict[tuple[str, str], set[tuple[str, str, str | None]]]:
    """(family, level) -> the expectations every role shares there: (id, text, proficiency)."""
    ladders, diagnostics = validate_dir(ladders_dir)
    assert ladders is not None, diagnostics
    found: dict[tuple[str, str], set] = {}
    for family in resolve_ladders(ladders).families:
        for role in family.roles:
            for rl in role.levels:
                items = {(i.expectation.id, i.expectation.text, i.expectation.proficiency) for i in rl.items() if not i.role_specific}
                found.setdefault((family.id, rl.level.id), set()).update(items)
    return found


@pytest.mark.parametrize("ladders", [FIXTURES / "mini", HANDBOOK / "ladders"], ids=["mini", "handbook"])
def test_the_csv_imports_back_to_the_same_expectations_at_every_level(tmp_path: Path, ladders: Path):
    exported = _export(tmp_path, "csv", ladders)
    out = tmp_path / "imported"
    result = run_ladder("import", "csv", str(exported), str(out))
    assert result.returncode == 0, result.stderr
    assert _shared(out) == _shared(ladders)
    assert not [n for n in read(exported, "csv").notes if "given the id" in n.message or "made from" in n.message]


def _everything(ladders_dir: Path) -> dict:
    """Every role-level's title and expectations (all that a reader sees of each), and each family's status."""
    ladders, diagnostics = validate_dir(ladders_dir)
    assert ladders is not None, diagnostics
    site = resolve_ladders(ladders)
    found: dict = {"proficiency": [p.name for p in site.handbook.proficiency], "grades": [g.name for g in site.handbook.grades]}
    for family in site.families:
        found[family.id] = (family.definition.status, family.definition.summary)
        for role in family.roles:
            found[(family.id, role.id)] = (role.name, role.summary, [rl.level.id for rl in role.levels])
            for rl in role.levels:
                items = {
                    (i.competency.id, i.expectation.id, i.expectation.text, i.expectation.proficiency, i.role_specific,
                     tuple(i.expectation.examples), tuple((link.label, link.url) for link in i.expectation.links))
                    for i in rl.items()
                }  # fmt: skip
                found[(family.id, role.id, rl.level.id)] = (rl.title, rl.level.grade, rl.level.summary, rl.level.scope, items)
    return found


def _imported(tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"from-{fmt}"
    result = run_ladder("import", fmt, str(FIXTURES / "import" / fmt), str(out))
    assert result.returncode == (1 if fmt == "monzo" else 0), result.stderr  # the monzo fixture has a broken file
    assert list(out.glob("families/*.yml")), result.stderr
    return out


@pytest.mark.parametrize("source", ["mini", "handbook", "ft", "monzo"])
def test_roles_their_titles_and_own_expectations_links_and_status_survive_the_csv(tmp_path: Path, source: str):
    """ft and monzo: what those importers made (proficiency, links, a legacy family, an organisation-wide core)."""
    ladders = {"mini": FIXTURES / "mini", "handbook": HANDBOOK / "ladders"}.get(source) or _imported(tmp_path, source)
    exported = _export(tmp_path, "csv", ladders)
    out = tmp_path / "imported"
    result = run_ladder("import", "csv", str(exported), str(out))
    assert result.returncode == 0, result.stderr
    assert _everything(out) == _everything(ladders)
    roles = {path.name for path in (ladders / "roles").glob("*.yml")}
    assert {path.name for path in (out / "roles").glob("*.yml")} == roles and (roles or source in ("ft", "monzo"))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_of_ours_is_overwritten_and_nothing_else(tmp_path: Path, fmt: str):
    out = _export(tmp_path, fmt, FIXTURES / "mini")
    _export(tmp_path, fmt, FIXTURES / "mini")  # ours: replaced
    for content in (b"mine\n", b'{"made_by": "me"}', b"\xff\xfe"):
        out.write_bytes(content)
        result = run_ladder("export-data", "--format", fmt, "--ladders", str(FIXTURES / "mini"), str(out))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "refusing to overwrite" in result.stderr
        assert out.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left behind


def test_a_directory_or_a_link_is_refused(tmp_path: Path):
    (tmp_path / "dir").mkdir()
    (tmp_path / "target.json").write_text("theirs")
    (tmp_path / "link.json").symlink_to(tmp_path / "target.json")
    for out in ("dir", "link.json"):
        result = run_ladder("export-data", "--format", "json", "--ladders", str(FIXTURES / "mini"), str(tmp_path / out))
        assert result.returncode == 1 and "Traceback" not in result.stderr and "refusing" in result.stderr
    assert (tmp_path / "target.json").read_text() == "theirs" and list((tmp_path / "dir").iterdir()) == []


def test_invalid_ladders_give_the_located_errors_of_check(tmp_path: Path):
    ladders = tmp_path / "ladders"
    shutil.copytree(FIXTURES / "mini", ladders)
    family = ladders / "families" / "mini.yml"
    family.write_text(family.read_text().replace("name: Mini\n", "name: Mini\nbogus: 1\n"))
    result = run_ladder("export-data", "--format", "json", "--ladders", str(ladders), str(tmp_path / "out.json"))
    check = run_ladder("check", str(ladders))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [
        line for line in check.stderr.splitlines() if ": error: " in line
    ]
    assert not (tmp_path / "out.json").exists()
