"""What the pipeline made of unchanged files and families is kept across rebuilds (generator/memo.py), and changes nothing.

The oracle is the pipeline without a memo: after each edit, what a memo kept from the last
build gives the same pages, navigation and diagnostics as a fresh run over the same files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.memo import Memo
from generator.pipeline import generate

from .conftest import ROOT


def test_a_result_is_kept_for_the_next_build_only_while_it_is_asked_for():
    memo, made = Memo(), []

    def make(value):
        return lambda: made.append(value) or value

    thing = ["an object"]
    assert memo.get("step", "a", make(1), same=(thing,)) == 1
    memo.begin()
    assert memo.get("step", "a", make(2), same=(thing,)) == 1  # the same key and the very same object: kept
    assert memo.get("step", "a", make(3), same=(["an object"],)) == 3  # an equal object is not the same one
    assert memo.get("other", "a", make(4), same=(thing,)) == 4  # each step its own results
    memo.begin()
    memo.begin()  # a build that did not ask for ("step", "a") forgets it
    assert memo.get("step", "a", make(5), same=(thing,)) == 5
    assert made == [1, 3, 4, 5]


def _generated(root: Path, memo: Memo | None = None):
    if memo is not None:
        memo.begin()
    found = generate(root, memo=memo)
    return [(p.path, p.markdown, p.source) for p in found.pages], found.nav, [str(d) for d in found.diagnostics]


# (file, what is replaced, by what): a family's text, a role's name, the handbook's grades, an error, and back
EDITS = [
    ("roles/backend.yml", "Designs HTTP APIs that are consistent", "Designs HTTP APIs that stay consistent"),
    ("roles/backend.yml", "name: Backend Engineer", "name: Backend Developer"),
    ("handbook.yml", "name: Grade 1\n", "name: Grade One\n"),
    ("families/product-design.yml", "  - id: d1\n", "  - id: d1\n    label: Design One\n"),
    ("families/engineering.yml", "tracks:", "tracks: [\n"),  # a YAML error: no pages, one located error
    ("families/engineering.yml", "tracks: [\n", "tracks:"),  # mended: the pages are back
]


@pytest.mark.parametrize("upto", range(1, len(EDITS) + 1))
def test_after_each_edit_the_kept_results_give_what_a_fresh_run_gives(tmp_path: Path, upto: int):
    root = tmp_path / "ladders"
    shutil.copytree(ROOT / "ladders", root)
    memo = Memo()
    _generated(root, memo)
    for name, before, after in EDITS[:upto]:
        path = root / name
        assert before in path.read_text(encoding="utf-8"), (name, before)
        path.write_text(path.read_text(encoding="utf-8").replace(before, after, 1), encoding="utf-8")
        kept, fresh = _generated(root, memo), _generated(root)
        assert kept == fresh
    assert bool(fresh[0]) == (EDITS[upto - 1][1] != "tracks:")  # the error edit leaves no pages, the others do
