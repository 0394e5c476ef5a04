"""The broken-input corpus: each `tests/corpus/NAME.KIND.yml` next to `NAME.expected`.

KIND says where the case goes in a copy of the mini organisation: `family`
replaces its family file, `role` is added as a role, `handbook` replaces
handbook.yml. `NAME.expected` holds the first line `ladder check` must print.
Adding a case is adding two files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_ladder

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(CORPUS.glob("*.yml"))
PLACES = {"family": "families/mini.yml", "role": "roles/case.yml", "handbook": "handbook.yml"}


def _place(case: Path, tmp_path: Path) -> Path:
    ladders = tmp_path / "ladders"
    shutil.copytree(FIXTURES / "mini", ladders)
    kind = case.name.split(".")[-2]
    shutil.copyfile(case, ladders / PLACES[kind])
    return ladders


def test_corpus_is_large_and_every_case_has_its_expected_line():
    assert len(CASES) >= 30
    for case in CASES:
        assert case.name.split(".")[-2] in PLACES, case.name
        assert (CORPUS / (case.name.split(".")[0] + ".expected")).is_file(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_broken_input_gives_located_error_and_exit_1(case: Path, tmp_path: Path):
    _place(case, tmp_path)
    expected = (CORPUS / (case.name.split(".")[0] + ".expected")).read_text(encoding="utf-8").strip()
    result = run_ladder("check", "ladders", cwd=tmp_path, timeout=60)  # "nothing hangs": every case ends in seconds
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == expected
