"""docs/format.md, the ladder format reference: current, complete, and with examples that pass the checker."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from pydantic import BaseModel

from generator import model, reference

from .conftest import ROOT, run_ladder, write_tree

FORMAT = ROOT / "docs" / "format.md"
EXAMPLE = re.compile(r"^`ladders/([^`]+)`:\n\n```yaml\n(.*?)^```$", re.MULTILINE | re.DOTALL)
KIND_OF = {"handbook.yml": "handbook", "families": "family", "roles": "role"}


def _models() -> list[type[BaseModel]]:
    return [
        c for c in vars(model).values() if isinstance(c, type) and issubclass(c, BaseModel) and c.__module__ == model.__name__
    ]


def _sections(text: str) -> dict[str, str]:
    """Heading text -> what follows it up to the next heading."""
    parts = re.split(r"^#{1,6} (.+)$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _examples() -> dict[str, str]:
    """Path under ladders/ -> the example's YAML, as the reference shows it."""
    return {path: body for path, body in EXAMPLE.findall(FORMAT.read_text(encoding="utf-8"))}


def _keys_used(value: object, found: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """(model, key) for every key written in a validated example, nested objects included."""
    if isinstance(value, BaseModel):
        found.update((type(value).__name__, key) for key in value.model_fields_set)
        for key in value.model_fields_set:
            _keys_used(getattr(value, key), found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _keys_used(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _keys_used(item, found)
    return found


def test_the_committed_reference_is_what_the_generator_writes():
    assert FORMAT.read_text(encoding="utf-8") == reference.markdown(), "docs/format.md is stale: run `make reference`"


def test_every_key_of_every_model_has_a_row_in_its_section():
    sections = _sections(FORMAT.read_text(encoding="utf-8"))
    missing = [
        f"{cls.__name__}.{key}"
        for cls in _models()
        for key in cls.model_fields
        if f"\n| `{key}` |" not in sections.get(cls.__name__, "")
    ]
    assert _models() and missing == []


def test_every_key_of_every_model_has_a_description():
    missing = [f"{cls.__name__}.{key}" for cls in _models() for key, field in cls.model_fields.items() if not field.description]
    assert missing == [], "give these fields a description= in generator/model.py"


def test_the_examples_together_pass_ladder_check_strict(tmp_path: Path):
    examples = _examples()
    assert sorted(KIND_OF[path.split("/")[0]] for path in examples) == ["family", "handbook", "role"]
    ladders = write_tree(tmp_path / "ladders", examples)
    result = run_ladder("check", "--strict", str(ladders), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 warnings" in result.stdout


def test_the_examples_use_every_key_of_every_model():
    used: set[tuple[str, str]] = set()
    for path, text in _examples().items():
        _keys_used(model.KINDS[KIND_OF[path.split("/")[0]]].model_validate(yaml.safe_load(text)), used)
    unused = sorted(
        f"{cls.__name__}.{key}"
        for cls in _models()
        for key, field in cls.model_fields.items()
        if (cls.__name__, key) not in used and field.annotation is not type(None)  # keys that take nothing: not shown
    )
    assert unused == [], "show these keys in the examples of generator/reference.py, then run `make reference`"


def _reference(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.reference", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_the_reference_command_prints_or_writes_and_replaces_only_its_own_file(tmp_path: Path):
    printed = _reference(cwd=tmp_path)
    assert printed.returncode == 0 and printed.stdout == reference.markdown()
    out = tmp_path / "format.md"
    out.write_text(reference.HEADER + "\nan older reference\n", encoding="utf-8")
    assert _reference(str(out), cwd=tmp_path).returncode == 0
    assert out.read_text(encoding="utf-8") == reference.markdown()
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    (tmp_path / "ladders").mkdir()
    (tmp_path / "link.md").symlink_to(out)  # even to a reference of ours: writing through it changes another file
    for foreign in ("notes.md", "ladders", ".", "link.md"):
        result = _reference(foreign, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert f"refusing to overwrite '{foreign}'" in result.stderr
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "mine"
    assert list((tmp_path / "ladders").iterdir()) == []
