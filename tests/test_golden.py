"""Golden tests: each `tests/golden/NAME.yml` holds ladder files and the Markdown they must produce.

`input` maps file paths under `ladders/` to their text; `expect` maps generated
page paths to their exact Markdown. Adding a case is adding a file. To write
the expectations of a new case, run `python -m tests.test_golden NAME` and
read every line of what it prints before pasting it in.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from generator.pipeline import generate

from .conftest import write_tree

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(GOLDEN.glob("*.yml"))


def _pages(case: Path, tmp_path: Path) -> dict[str, str]:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    pages, _, diagnostics, *_ = generate(write_tree(tmp_path / "ladders", spec["input"]))
    assert pages, [str(d) for d in diagnostics]
    return {page.path: page.markdown for page in pages}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path, tmp_path: Path):
    expected = yaml.safe_load(case.read_text(encoding="utf-8"))["expect"]
    pages = _pages(case, tmp_path)
    for path, markdown in expected.items():
        assert path in pages, f"{path} not generated; have {sorted(pages)}"
        assert pages[path] == markdown, path


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for path, markdown in _pages(GOLDEN / f"{sys.argv[1]}.yml", Path(tmp)).items():
            if len(sys.argv) < 3 or path in sys.argv[2:]:
                print(f"  {path}: |\n" + "".join(f"    {line}" if line.strip() else "\n" for line in markdown.splitlines(True)))
