"""Smoke test: the benchmark runs end to end at a tiny size (no timing is asserted); its report, of fixed results, byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BUILD_ENV, ROOT


def test_benchmark_runs_every_arm_and_writes_its_report(tmp_path: Path):
    output = tmp_path / "BENCHMARKS.md"
    command = [sys.executable, "-m", "bench.run", "--sizes", "70,100", "--rounds", "1", "--warmup", "0",
               "--naive-up-to", "80", "--at-once", "2", "--work", str(tmp_path / "work"), "--output", str(output)]
    result = subprocess.run(command, cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    text = output.read_text()
    for arm in ("| 66 | G |", "| 66 | F |", "| 66 | H |", "| 66 | H' |", "| 66 | M |", "| 99 | F |", "| 99 | H' |"):
        assert arm in text
    assert "| 99 | H |" not in text and "size 100: H left out" in result.stderr  # above --naive-up-to
    assert "| 66 | 226 |" in text and "| 99 | 336 |" in text  # role-levels and pages of each organisation
    assert " | not run | " in text.split("| 99 | 336 |")[1].split("\n")[0]
    assert "G / F at 66" in text and "F / H at 66" in text and "F / H at 99" not in text and "F(99) / F(66)" in text
    assert "| F / H' at 99, both running at once (2 pairs) |" in text
    assert "Reproduce: `python -m bench.run --sizes 70,100 --rounds 1 --warmup 0 --at-once 2 --naive-up-to 80`" in text
    pairs = json.loads((tmp_path / "work" / "results.json").read_text())[1]["at_once"]
    assert len(pairs) == 2 and all(f > 0 and h > 0 for f, h in pairs)  # CPU seconds of F and of H', each pair
    extra = sorted(f - h for f, h in pairs)  # what F adds over H', beside what G costs alone
    assert (f"| F - H' at 99, both running at once, in CPU seconds | | | {sum(extra) / 2:.2f} ({extra[0]:.2f} to {extra[1]:.2f}) "
            "| G alone: ") in text
    scaling = text.split("| F(99) / F(66) | ")[1].split("\n")[0].split(" | ")
    assert float(scaling[0]) > 0 and scaling[1] == f"{float(scaling[0]):.2f} ({float(scaling[0]):.2f}-{float(scaling[0]):.2f})"
    assert "| F(99) / F(66), over M(99) / M(66) |" in text  # against the floor, which a slower machine slows alike
    assert "| one role-level page at 99 / at 66 | 1.000 |" in text  # the same page, byte for byte as large
    assert (tmp_path / "work" / "70" / "site-F" / "family-0" / "family-0-role-0" / "f0-ic3" / "index.html").is_file()
    assert "Where F spends its time" not in text
    for arm in ("| 66 | S |", "| 99 | S |"):  # mkdocs serve, an edit, its page served anew
        assert arm in text
    assert "| S / F at 66 |" in text and "| S / F at 99 |" in text
    assert "Edited in round" not in (tmp_path / "work" / "70" / "ladders" / "families" / "family-0.yml").read_text()  # put back
    assert "| F's peak RSS at 99 / at 66 |" in text and "| F's peak RSS at 66 |" in text
    _assert_zensical_ran_or_is_said_to_be_left_out(text)

    profile = subprocess.run([sys.executable, "-m", "bench.profile", "100", "--work", str(tmp_path / "work")],
                             cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=900)
    assert profile.returncode == 0, profile.stderr
    assert "| Python-Markdown: Markdown to HTML |" in profile.stdout
    measured = json.loads((tmp_path / "work" / "100" / "profile.json").read_text())
    parts = sum(seconds for _, seconds in measured["parts"])
    assert abs(parts - measured["profiled_seconds"]) < 0.01 * measured["profiled_seconds"]  # the parts do not overlap
    assert measured["profiled_seconds"] <= measured["wall_seconds"]
    again = subprocess.run(command + ["--report-only"], cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    text = output.read_text()
    assert "## Where F spends its time (99 role-levels)" in text and "| Jinja2: the theme's templates around each page |" in text
    assert "| `partials/nav-item.html` |" in text


def _assert_zensical_ran_or_is_said_to_be_left_out(text: str) -> None:
    """Arms Z and Z' where Zensical installs from requirements-zensical.lock; else the report's note (under CI, a failure)."""
    if "Note: Arms Z and Z' were left out: " in text:
        assert not os.environ.get("CI"), text.split("Note: ")[1].split("\n")[0]
        assert "| 66 | Z |" not in text and "F / Z'" not in text
        return
    for row in ("| 66 | Z |", "| 66 | Z' |", "| 99 | Z |", "| 99 | Z' |", "| F / Z' at 66 |", "| F / Z at 99 |"):
        assert row in text
    assert "zensical==0.0.73" in text.split("\n")[2]  # the machine line names its version


def test_report_says_why_the_zensical_arms_were_left_out():
    from bench.report import report

    result = {**_result(99, {"F": [10.0, 11.0], "M": [6.0, 6.0]}), "notes": ["Arms Z and Z' were left out: no registry."]}
    text = report([result], "a machine", "python -m bench.run")
    assert "Reproduce: `python -m bench.run`\n\nNote: Arms Z and Z' were left out: no registry.\n\nArms run" in text
    assert "Z and Z' are Zensical" not in text and "S is `mkdocs serve`" not in text  # nothing said of arms that did not run


def test_benchmark_runs_only_the_arms_asked_for(tmp_path: Path):
    output = tmp_path / "BENCHMARKS.md"
    command = [sys.executable, "-m", "bench.run", "--sizes", "30,60", "--rounds", "1", "--warmup", "0", "--arms", "F,M",
               "--work", str(tmp_path / "work"), "--output", str(output)]
    result = subprocess.run(command, cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    text = output.read_text()
    assert "| 33 | F |" in text and "| 33 | M |" in text and "| 66 | F |" in text
    assert "| 33 | G |" not in text and "| 33 | H' |" not in text and "G / F" not in text and "both running at once" not in text
    assert "Reproduce: `python -m bench.run --sizes 30,60 --rounds 1 --warmup 0 --at-once 0 --arms F,M`" in text
    assert "| F(66) / F(33), over M(66) / M(33) |" in text

    refused = subprocess.run([sys.executable, "-m", "bench.run", "--arms", "G,M"], cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True)
    assert refused.returncode == 2 and "--arms: F and any of G, H, H', M" in refused.stderr


def _result(role_levels: int, seconds: dict[str, list[float]]) -> dict:
    return {"size": role_levels, "role_levels": role_levels, "rounds": 2, "warmup": 1, "commit": "abc1234", "times": seconds,
            "cpu": seconds, "memory": {arm: 2**20 for arm in seconds}, "at_once": [[10.0, 9.0], [12.0, 11.5]],
            "sizes_interleaved": True, "pages": 3 * role_levels, "markdown_bytes": 10**6, "site_bytes": 10**7,
            "largest_page_bytes": 70_000, "role_level_page_bytes": 49_000, "search_index_bytes": 150_000, "naive_site_bytes": 10**8}


def test_report_says_where_a_target_asks_for_less_than_the_floor():
    from bench.report import report

    small = _result(99, {"G": [0.8, 0.9], "F": [10.0, 11.0], "H": [16.0, 16.0], "H'": [9.5, 10.5], "M": [6.0, 6.0]})
    large = _result(990, {"G": [4.0, 4.0], "F": [96.0, 96.0], "H": [800.0, 800.0], "H'": [110.0, 120.0], "M": [60.0, 60.0]})
    text = report([small, large], "a machine", "python -m bench.run")
    assert "- At 99 role-levels F / H <= 0.35 asks for F under 5.60 s, below M's 6.00 s:" in text  # 0.35 x 16 < 6
    assert "At 990 role-levels F / H" not in text  # 0.35 x 800 = 280 s is well above M's 60 s
    assert "| F - H' at 99, both running at once, in CPU seconds | | | 0.75 (0.50 to 1.00) | G alone: 0.85 s |" in text
    assert "| F / H' at 99, both running at once (2 pairs) | | | 1.08 (1.04-1.11) | <= 1.05 |" in text


# Golden reports: fixed results and, at the end of this file, the Markdown report() gives for them, byte for byte.
MACHINE = "Example CPU @ 2.00GHz, 2 cores, 7 GiB memory; Linux-6.1-x86_64; Python 3.12.0; mkdocs==1.6.1"
# Every row: 33 has every arm (Zensical and serve too) and asks F / H for less than M; at 99, H ran once and G was left out;
# 330 has no M, no H (not run) and no CPU times, as results from before CPU times were recorded.
EVERY_ROW = [
    {"size": 30, "role_levels": 33, "rounds": 2, "warmup": 1, "commit": "abc1234", "sizes_interleaved": True,
     "times": {"G": [0.41, 0.45], "F": [1.9, 2.3], "H": [2.5, 2.7], "H'": [1.8, 2.0], "M": [1.1, 1.2], "Z": [3.0, 3.2],
               "Z'": [1.5, 1.7], "S": [0.6, 0.8]},
     "cpu": {"G": [0.4, 0.42], "F": [1.7, 2.1], "H": [2.4, 2.6], "H'": [1.6, 1.9], "M": [1.0, 1.1], "Z": [5.0, 5.4],
             "Z'": [2.4, 2.6], "S": [0.5, 0.7]},
     "memory": {"G": 60 * 2**20, "F": 180 * 2**20, "H": 150 * 2**20, "H'": 140 * 2**20, "M": 90 * 2**20, "Z": 120 * 2**20,
                "Z'": 110 * 2**20, "S": 200 * 2**20},
     "at_once": [[1.8, 1.7], [2.2, 1.9]], "pages": 112, "markdown_bytes": 1_200_000, "site_bytes": 9_800_000,
     "naive_site_bytes": 14_300_000, "largest_page_bytes": 61_000, "role_level_page_bytes": 48_700, "search_index_bytes": 51_000},
    {"size": 100, "role_levels": 99, "rounds": 2, "warmup": 1, "commit": "abc1234", "sizes_interleaved": True,
     "times": {"F": [5.2, 6.0], "H": [31.0], "H'": [5.5, 6.1], "M": [3.3, 3.5]},
     "cpu": {"F": [4.9, 5.6], "H": [30.2], "H'": [5.1, 5.8], "M": [3.2, 3.4]},
     "memory": {"F": 260 * 2**20, "H": 900 * 2**20, "H'": 250 * 2**20, "M": 120 * 2**20},
     "at_once": [[5.0, 5.3]], "pages": 336, "markdown_bytes": 3_600_000, "site_bytes": 29_000_000,
     "naive_site_bytes": 250_000_000, "largest_page_bytes": 95_000, "role_level_page_bytes": 48_700, "search_index_bytes": 160_000},
    {"size": 300, "role_levels": 330, "rounds": 2, "warmup": 1, "commit": "def5678 with uncommitted changes", "sizes_interleaved": True,
     "times": {"F": [17.0, 19.0], "H'": [20.0, 22.0]}, "memory": {"F": 700 * 2**20, "H'": 650 * 2**20},
     "at_once": [], "pages": 1120, "markdown_bytes": 12_000_000, "site_bytes": 97_000_000,
     "naive_site_bytes": None, "largest_page_bytes": 140_000, "role_level_page_bytes": 48_950, "search_index_bytes": 560_000},
]
PROFILE = {"size": 330, "arg": "300", "wall_seconds": 41.6, "profiled_seconds": 40.0,
           "parts": [["Python-Markdown: Markdown to HTML", 22.0], ["Jinja2: the theme's templates around each page", 12.0],
                     ["everything else", 6.0]],
           "templates": [["partials/nav-item.html", 3.1], ["main.html", 0.25]]}
# Results from before each round ran every size: no "sizes_interleaved", no recorded commit, one round.
ONE_SIZE_AFTER_ANOTHER = [
    {"size": 30, "role_levels": 33, "rounds": 1, "times": {"F": [2.0], "M": [1.0]}, "cpu": {"F": [1.8], "M": [0.9]},
     "memory": {"F": 180 * 2**20, "M": 90 * 2**20}, "pages": 112, "markdown_bytes": 1_200_000, "site_bytes": 9_800_000,
     "naive_site_bytes": None, "largest_page_bytes": 61_000, "role_level_page_bytes": 48_700, "search_index_bytes": 51_000},
    {"size": 60, "role_levels": 66, "rounds": 1, "times": {"F": [4.4], "M": [2.1]}, "cpu": {"F": [4.0], "M": [2.0]},
     "memory": {"F": 220 * 2**20, "M": 100 * 2**20}, "pages": 224, "markdown_bytes": 2_400_000, "site_bytes": 19_600_000,
     "naive_site_bytes": None, "largest_page_bytes": 75_000, "role_level_page_bytes": 48_700, "search_index_bytes": 102_000},
]


@pytest.mark.parametrize("case", ["every row", "one size after another"])
def test_report_is_byte_for_byte_the_golden_markdown(case):
    from bench.report import report

    results, command, profile, expected = GOLDEN[case]
    assert report(results, MACHINE, command, profile) == expected  # of its arguments alone: it reads no machine itself


EVERY_ROW_REPORT = """\
# Benchmarks

Machine: Example CPU @ 2.00GHz, 2 cores, 7 GiB memory; Linux-6.1-x86_64; Python 3.12.0; mkdocs==1.6.1

Code: commit abc1234, def5678 with uncommitted changes

Reproduce: `python -m bench.run --sizes 30,100,300 --rounds 2 --warmup 1 --at-once 2`

Arms run interleaved in one run, each in its own process; times are wall-clock seconds,
median (min-max) of the counted rounds; memory is each arm's peak resident set.

| role-levels | arm | median s | min-max s | median CPU s | peak RSS MiB |
| --- | --- | --- | --- | --- | --- |
| 33 | G | 0.43 | 0.41-0.45 | 0.41 | 60 |
| 33 | F | 2.10 | 1.90-2.30 | 1.90 | 180 |
| 33 | H | 2.60 | 2.50-2.70 | 2.50 | 150 |
| 33 | H' | 1.90 | 1.80-2.00 | 1.75 | 140 |
| 33 | M | 1.15 | 1.10-1.20 | 1.05 | 90 |
| 33 | Z | 3.10 | 3.00-3.20 | 5.20 | 120 |
| 33 | Z' | 1.60 | 1.50-1.70 | 2.50 | 110 |
| 33 | S | 0.70 | 0.60-0.80 | 0.60 | 200 |
| 99 | F | 5.60 | 5.20-6.00 | 5.25 | 260 |
| 99 | H (1 run: too slow to repeat) | 31.00 | 31.00-31.00 | 30.20 | 900 |
| 99 | H' | 5.80 | 5.50-6.10 | 5.45 | 250 |
| 99 | M | 3.40 | 3.30-3.50 | 3.30 | 120 |
| 330 | F | 18.00 | 17.00-19.00 | not recorded | 700 |
| 330 | H' | 21.00 | 20.00-22.00 | not recorded | 650 |

| role-levels | pages | Markdown | site (F) | site (H) | largest page | one role-level page | search index |
| --- | --- | --- | --- | --- | --- | --- | --- |
| 33 | 112 | 1.2 MB | 9.8 MB | 14.3 MB | 61 kB | 49 kB | 0.05 MB |
| 99 | 336 | 3.6 MB | 29.0 MB | 250.0 MB | 95 kB | 49 kB | 0.16 MB |
| 330 | 1120 | 12.0 MB | 97.0 MB | not run | 140 kB | 49 kB | 0.56 MB |

## Ratios against the targets

Wall: ratio of the medians. Paired: the ratio within each round, where the two arms ran one after the other;
median and min-max. CPU: ratio of the median CPU times. "Both running at once": F and H' started together,
one per core (`--at-once`), so the machine's state at that moment befalls both; the ratio of their CPU
times, median and min-max over the pairs. On a shared machine, that is the row to read for F / H'.

Between sizes, paired is round by round (each round runs every size).

| ratio | wall | paired | CPU | target |
| --- | --- | --- | --- | --- |
| G / F at 33 | 0.205 | 0.206 (0.196-0.216) | 0.216 | <= 0.05 at 1,000 |
| F / H' at 33 | 1.11 | 1.10 (1.06-1.15) | 1.09 | <= 1.05 |
| F / H' at 33, both running at once (2 pairs) | | | 1.11 (1.06-1.16) | <= 1.05 |
| F - H' at 33, both running at once, in CPU seconds | | | 0.20 (0.10 to 0.30) | G alone: 0.41 s |
| F / H at 33 | 0.81 | 0.81 (0.76-0.85) | 0.76 | <= 0.35 |
| F / M at 33 | 1.83 | 1.82 (1.73-1.92) | 1.81 | <= 3 at 1,000 |
| F / Z' at 33 | 1.31 | 1.31 (1.27-1.35) | 0.76 | <= 0.5 at 1,000 |
| F / Z at 33 | 0.68 | 0.68 (0.63-0.72) | 0.37 | none: Zensical from clean, to read beside Z' |
| S / F at 33 | 0.333 | 0.332 (0.316-0.348) | 0.316 | <= 0.10 at 1,000 |
| search index per 1,000 role-levels at 33 | 1.55 MB | | | <= 2 MB |
| F's peak RSS at 33 | 189 MB | | | < 600 MB at 5,000 |
| F / H' at 99 | 0.97 | 0.96 (0.95-0.98) | 0.96 | <= 1.05 |
| F / H' at 99, both running at once (1 pairs) | | | 0.94 (0.94-0.94) | <= 1.05 |
| F / H at 99 | 0.18 | - | 0.17 | <= 0.35 |
| F / M at 99 | 1.65 | 1.65 (1.58-1.71) | 1.59 | <= 3 at 1,000 |
| search index per 1,000 role-levels at 99 | 1.62 MB | | | <= 2 MB |
| F's peak RSS at 99 | 273 MB | | | < 600 MB at 5,000 |
| F / H' at 330 | 0.86 | 0.86 (0.85-0.86) | - | <= 1.05 |
| search index per 1,000 role-levels at 330 | 1.70 MB | | | <= 2 MB |
| F's peak RSS at 330 | 734 MB | | | < 600 MB at 5,000 |
| F(99) / F(33) | 2.67 | 2.67 (2.61-2.74) | 2.76 | <= 3.0 x 1.1 (linear) |
| F(99) / F(33), over M(99) / M(33) | 0.90 | | | near 1: F grows as Markdown conversion alone does |
| F(330) / F(33) | 8.57 | 8.60 (8.26-8.95) | - | <= 10.0 x 1.1 (linear) |
| F's peak RSS at 99 / at 33 | 1.44 | | | <= 2.5 (5,000 over 1,000) |
| F's peak RSS at 330 / at 33 | 3.89 | | | <= 2.5 (5,000 over 1,000) |
| one role-level page at 99 / at 33 | 1.000 | | | 1 (does not grow) |
| one role-level page at 330 / at 33 | 1.005 | | | 1 (does not grow) |

## Reading these numbers

- At 33 role-levels F / H <= 0.35 asks for F under 0.91 s, below M's 1.15 s:
  no build that converts this Markdown can get there. H's extra cost grows with the square of the
  pages, so that target can only be met in a large organisation.
- Sizes are the synthetic organisation of `bench/synth.py`: families of six IC and three manager levels,
  five IC roles and one manager role each (33 role-levels), so a larger organisation has more families.
- `one role-level page` is the same page (family 0, role 0, level 3) at every size. Its sidebar lists
  only its own family (`generator/sidebar.py`) and `navigation.prune` keeps other roles' levels out,
  so nothing on it depends on the size of the organisation.
- H builds the same Markdown with Material's default navigation, where every page lists every page:
  its output grows with the square of the page count, so it runs once when a run takes over `--slow` seconds
  and not at all above `--naive-up-to` role-levels (2,000 unless set; 5,000 would write about 175 GB).
- H' is the exported site (`ladder export`) with our configuration but no plugin, so its sidebar lists
  every family and its pages grow with the organisation. F pays for making its Markdown (G) and saves
  what that listing costs. In a small organisation the listing is short and F - H' is about G's own time
  (its imports, its templates and its pages: under a second); in a large one the saving outweighs it.
- On a shared virtual machine one arm's runs can differ by a third from round to round, and the machine
  can slow down for an hour: a ratio near its target is only settled by pairs run at once, by ratios
  taken within a round, or against M, whose work grows exactly with the Markdown it converts.
- The search index leaves out the printable templates, the next-level pages and expectations that carry
  over; an expectation shared by every role of a family is indexed once, on that family's matrix.
- F converts its generated pages' Markdown on both cores, a worker taking what MkDocs' process has no time for (generator/ahead.py):
  its CPU seconds include the worker's (so they can exceed its wall time); its peak RSS is the larger of the two.
- G is the generator alone (load, validate, resolve, render: `ladder export` without writing): G / F <= 0.05 was
  set when F took about 95 s at 1,000 role-levels. F is now some four times faster and G is not, so G / F has
  risen past it: most of G is Jinja writing pages (the self-assessments, the role-level pages, the next-level
  pages), and in F that work runs on the second core beside MkDocs' own (generator/ahead.py), so F waits for
  little of it. G / F is read here against F as it now is; the target is not met.
- Z and Z' are Zensical (bench/zensical.py, from requirements-zensical.lock) building the exported site:
  Z from clean, then Z' with the cache Z has just left. F / Z' <= 0.5 asks for F in half Zensical's cached time.
- S is `mkdocs serve` on the same organisation (bench/serve.py): from saving one expectation's new text
  in a family's YAML file to its role-level page served with it; S / F sets that against a full build
  of the same round. S's memory is the server's peak, its first build included.

## Where F spends its time (330 role-levels)

One `mkdocs build` under cProfile (`python -m bench.profile 300`), 42 s with the profiler on.
cProfile slows Python code unevenly: read the shares, not the seconds.

| part of the build | share |
| --- | --- |
| Python-Markdown: Markdown to HTML | 55% |
| Jinja2: the theme's templates around each page | 30% |
| everything else | 15% |

| theme template (own code only) | share |
| --- | --- |
| `partials/nav-item.html` | 7.8% |
| `main.html` | 0.6% |
"""

ONE_SIZE_AFTER_ANOTHER_REPORT = """\
# Benchmarks

Machine: Example CPU @ 2.00GHz, 2 cores, 7 GiB memory; Linux-6.1-x86_64; Python 3.12.0; mkdocs==1.6.1

Code: commit not recorded

Reproduce: `python -m bench.run --sizes 30,60 --rounds 1 --warmup 0 --at-once 0 --arms F,M`

Arms run interleaved in one run, each in its own process; times are wall-clock seconds,
median (min-max) of the counted rounds; memory is each arm's peak resident set.

| role-levels | arm | median s | min-max s | median CPU s | peak RSS MiB |
| --- | --- | --- | --- | --- | --- |
| 33 | F | 2.00 | 2.00-2.00 | 1.80 | 180 |
| 33 | M | 1.00 | 1.00-1.00 | 0.90 | 90 |
| 66 | F | 4.40 | 4.40-4.40 | 4.00 | 220 |
| 66 | M | 2.10 | 2.10-2.10 | 2.00 | 100 |

| role-levels | pages | Markdown | site (F) | site (H) | largest page | one role-level page | search index |
| --- | --- | --- | --- | --- | --- | --- | --- |
| 33 | 112 | 1.2 MB | 9.8 MB | not run | 61 kB | 49 kB | 0.05 MB |
| 66 | 224 | 2.4 MB | 19.6 MB | not run | 75 kB | 49 kB | 0.10 MB |

## Ratios against the targets

Wall: ratio of the medians. Paired: the ratio within each round, where the two arms ran one after the other;
median and min-max. CPU: ratio of the median CPU times. "Both running at once": F and H' started together,
one per core (`--at-once`), so the machine's state at that moment befalls both; the ratio of their CPU
times, median and min-max over the pairs. On a shared machine, that is the row to read for F / H'.

This run timed one size after the other (rounds did not yet run every size): ratios between sizes compare times
taken up to an hour apart, so read them against M's own.

| ratio | wall | paired | CPU | target |
| --- | --- | --- | --- | --- |
| F / M at 33 | 2.00 | - | 2.00 | <= 3 at 1,000 |
| search index per 1,000 role-levels at 33 | 1.55 MB | | | <= 2 MB |
| F's peak RSS at 33 | 189 MB | | | < 600 MB at 5,000 |
| F / M at 66 | 2.10 | - | 2.00 | <= 3 at 1,000 |
| search index per 1,000 role-levels at 66 | 1.55 MB | | | <= 2 MB |
| F's peak RSS at 66 | 231 MB | | | < 600 MB at 5,000 |
| F(66) / F(33) | 2.20 | - | 2.22 | <= 2.0 x 1.1 (linear) |
| F(66) / F(33), over M(66) / M(33) | 1.05 | | | near 1: F grows as Markdown conversion alone does |
| F's peak RSS at 66 / at 33 | 1.22 | | | <= 2.5 (5,000 over 1,000) |
| one role-level page at 66 / at 33 | 1.000 | | | 1 (does not grow) |

## Reading these numbers

- Sizes are the synthetic organisation of `bench/synth.py`: families of six IC and three manager levels,
  five IC roles and one manager role each (33 role-levels), so a larger organisation has more families.
- `one role-level page` is the same page (family 0, role 0, level 3) at every size. Its sidebar lists
  only its own family (`generator/sidebar.py`) and `navigation.prune` keeps other roles' levels out,
  so nothing on it depends on the size of the organisation.
- H builds the same Markdown with Material's default navigation, where every page lists every page:
  its output grows with the square of the page count, so it runs once when a run takes over `--slow` seconds
  and not at all above `--naive-up-to` role-levels (2,000 unless set; 5,000 would write about 175 GB).
- H' is the exported site (`ladder export`) with our configuration but no plugin, so its sidebar lists
  every family and its pages grow with the organisation. F pays for making its Markdown (G) and saves
  what that listing costs. In a small organisation the listing is short and F - H' is about G's own time
  (its imports, its templates and its pages: under a second); in a large one the saving outweighs it.
- On a shared virtual machine one arm's runs can differ by a third from round to round, and the machine
  can slow down for an hour: a ratio near its target is only settled by pairs run at once, by ratios
  taken within a round, or against M, whose work grows exactly with the Markdown it converts.
- The search index leaves out the printable templates, the next-level pages and expectations that carry
  over; an expectation shared by every role of a family is indexed once, on that family's matrix.
- F converts its generated pages' Markdown on both cores, a worker taking what MkDocs' process has no time for (generator/ahead.py):
  its CPU seconds include the worker's (so they can exceed its wall time); its peak RSS is the larger of the two.
"""

GOLDEN = {  # case: (results, command, profile, the report)
    "every row": (EVERY_ROW, "python -m bench.run --sizes 30,100,300 --rounds 2 --warmup 1 --at-once 2", PROFILE, EVERY_ROW_REPORT),
    "one size after another": (ONE_SIZE_AFTER_ANOTHER, "python -m bench.run --sizes 30,60 --rounds 1 --warmup 0 --at-once 0 --arms F,M",
                               None, ONE_SIZE_AFTER_ANOTHER_REPORT),
}
