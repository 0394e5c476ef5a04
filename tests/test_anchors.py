"""A built page keeps, for MkDocs' check of links to anchors, only what the check can still need (generator/anchors.py).

The oracle is MkDocs alone: the anchor warnings of a plugin build are those of plain
`mkdocs build` over the same handbook exported (`ladder export`), which settles nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from generator.anchors import Anchors

from .conftest import BUILD_ENV, project_copy, run_ladder, write_tree

IDS = st.text(st.characters(blacklist_characters="\0", blacklist_categories=("Cs",)), max_size=6)


@example(ids=["a", "b"], probes=["a\0b", "\0a"])  # the separator inside a probe
@given(ids=st.lists(IDS, max_size=12), probes=st.lists(st.one_of(IDS, st.just("a\0b"), st.just("")), max_size=6))
def test_anchors_behave_as_the_set_they_were_made_from(ids, probes):
    anchors, expected = Anchors(ids), set(ids)
    assert len(anchors) == len(expected) and set(anchors) == expected and anchors == expected
    for probe in [*ids, *probes, 1, None]:
        assert (probe in anchors) == (probe in expected), probe
    assert anchors | {"extra"} == expected | {"extra"} and anchors & set(probes) == expected & set(probes)


def _anchor_warnings(config: Path, site: Path) -> set[str]:
    """The anchor warnings of a real `mkdocs build` (not strict: every warning is said)."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
                            capture_output=True, text=True, env=BUILD_ENV, timeout=600)
    assert result.returncode == 0, result.stderr
    return {line for line in result.stderr.splitlines() if "contains a link" in line and "anchor" in line}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_links_to_anchors_are_checked_as_mkdocs_alone_checks_them(tmp_path: Path):
    project = project_copy(tmp_path)
    _edit(project / "mkdocs.yml", "strict: true", "strict: false")
    _edit(project / "ladders" / "handbook.yml", "organisation: Tidewater Labs\n", "organisation: Tidewater Labs\ninline_markdown: true\n")
    # An expectation every later product-design page shows: links within its page and to pages before and after it.
    _edit(project / "ladders" / "families" / "product-design.yml", "asks for the feedback you need.",
          "asks for the feedback you need, [here](#shares-work-early), [not here](#nowhere), "
          "[on the matrix](../matrix.md#people-manager), [not on the matrix](../matrix.md#nowhere-else), "
          "[at the top](../d5/index.md#shares-work-early) and [not at the top](../d5/index.md#nowhere-at-the-top).")
    write_tree(project / "site_src", {"links.md": "# Links\n\n[there](product-design/d2/index.md#works-with-engineers) "
                                                  "[not there](product-design/d2/index.md#not-there)\n"})
    with_plugin = _anchor_warnings(project / "mkdocs.yml", tmp_path / "site")

    exported = run_ladder("export", str(tmp_path / "exported"), cwd=project)
    assert exported.returncode == 0, exported.stderr
    alone = _anchor_warnings(tmp_path / "exported" / "mkdocs.yml", tmp_path / "exported" / "site")

    assert with_plugin == alone
    said = "\n".join(sorted(with_plugin))
    for page in ("d1", "d3", "d5"):  # before the page linked to, and that page itself
        for link in ("#nowhere", "../d5/index.md#nowhere-at-the-top", "../matrix.md#nowhere-else"):
            assert f"Doc file 'product-design/{page}/index.md' contains a link '{link}', but" in said, said
    assert "Doc file 'links.md' contains a link 'product-design/d2/index.md#not-there', but" in said, said
    for present in ("'#shares-work-early', but there", "#people-manager'", "#works-with-engineers'", "/index.md#shares-work-early'"):
        assert not re.search(f"Doc file 'product-design/d.*{present}", said), present
