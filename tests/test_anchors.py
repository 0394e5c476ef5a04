"""A built page keeps, for MkDocs' check of links to anchors, only what the check can still need (generator/anchors.py).

The oracle is MkDocs alone: the anchor warnings of a plugin build are those of plain
`mkdocs build` over the same handbook exported (`ladder export`), which settles nothing.
"""

from __future__ import annotations

import json
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


def test_built_pages_keep_one_object_for_each_equal_front_matter_value(tmp_path: Path):
    """What pages keep to the build's end, alike across thousands of them, is held once (a real build, a hooks module
    reading the pages at its end as any plugin could)."""
    project = project_copy(tmp_path)
    (project / "hooks.py").write_text(
        "import json\n"
        "def on_nav(nav, config, files):\n"
        "    global FILES\n"
        "    FILES = files\n"
        "def on_post_build(config):\n"
        "    pages = [f.page for f in FILES.documentation_pages() if f.generated_by and f.page is not None]\n"
        "    record = {'pages': len(pages), 'names': [len({id(p.file.name) for p in pages}), len({p.file.name for p in pages})],\n"
        "              'dates': len({id(p.update_date) for p in pages}), 'titles': [p.meta.get('title') for p in pages]}\n"
        "    for key in ('hide', 'search'):\n"
        "        values = [p.meta[key] for p in pages if key in p.meta]\n"
        "        record[key] = [len(values), len({id(v) for v in values}), len({json.dumps(v) for v in values})]\n"
        "    open(config.config_file_path.replace('mkdocs.yml', 'kept.json'), 'w').write(json.dumps(record))\n"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - hooks.py\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, env=BUILD_ENV, timeout=600)
    assert result.returncode == 0, result.stderr
    kept = json.loads((project / "kept.json").read_text())
    assert kept["pages"] > 50
    for key in ("hide", "search"):
        pages, objects, values = kept[key]
        assert pages > 5 and objects == values < pages, (key, kept[key])  # one object per distinct value, however many pages
    assert kept["names"][0] == kept["names"][1] < kept["pages"] and kept["dates"] == 1
    assert len(set(kept["titles"])) > 50 and all(isinstance(t, str) and t for t in kept["titles"])  # each page's own
