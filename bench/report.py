"""The benchmark's report, BENCHMARKS.md: the results of `bench.run` as Markdown.

`report()` is a pure function of what it is given: the results, the machine
they were measured on, the command that reproduces them and, after
`python -m bench.profile`, where F spends its time. The numbers come from
bench/ratios.py; here they are laid out: the tables (`_*_table`, `_*_rows`),
then the prose that says how to read them (`_reading`).
"""

from __future__ import annotations

from . import ratios
from .profile import table as profile_table

# Each size's ratio rows, in this order: (arm, over arm, digits, target).
TARGETS = [("G", "F", ".3f", "<= 0.05 at 1,000"), ("F", "H'", ".2f", "<= 1.05"),
           ("F", "H", ".2f", f"<= {ratios.NAIVE_TARGET}"), ("F", "M", ".2f", "<= 3 at 1,000"),
           ("F", "Z'", ".2f", "<= 0.5 at 1,000"), ("F", "Z", ".2f", "none: Zensical from clean, to read beside Z'"),
           ("S", "F", ".3f", "<= 0.10 at 1,000")]

READING = [
    "- Sizes are the synthetic organisation of `bench/synth.py`: families of six IC and three manager levels,",
    "  five IC roles and one manager role each (33 role-levels), so a larger organisation has more families.",
    "- `one role-level page` is the same page (family 0, role 0, level 3) at every size. Its sidebar lists",
    "  only its own family (`generator/sidebar.py`) and `navigation.prune` keeps other roles' levels out,",
    "  so nothing on it depends on the size of the organisation.",
    "- H builds the same Markdown with Material's default navigation, where every page lists every page:",
    "  its output grows with the square of the page count, so it runs once when a run takes over `--slow` seconds",
    "  and not at all above `--naive-up-to` role-levels (2,000 unless set; 5,000 would write about 175 GB).",
    "- H' is the exported site (`ladder export`) with our configuration but no plugin, so its sidebar lists",
    "  every family and its pages grow with the organisation. F pays for making its Markdown (G) and saves",
    "  what that listing costs. In a small organisation the listing is short and F - H' is about G's own time",
    "  (its imports, its templates and its pages: under a second); in a large one the saving outweighs it.",
    "- On a shared virtual machine one arm's runs can differ by a third from round to round, and the machine",
    "  can slow down for an hour: a ratio near its target is only settled by pairs run at once, by ratios",
    "  taken within a round, or against M, whose work grows exactly with the Markdown it converts.",
    "- The search index leaves out the printable templates, the next-level pages and expectations that carry",
    "  over; an expectation shared by every role of a family is indexed once, on that family's matrix.",
    "- F converts its generated pages' Markdown on both cores, a worker taking what MkDocs' process has no time for (generator/ahead.py):",
    "  its CPU seconds include the worker's (so they can exceed its wall time); its peak RSS is the larger of the two.",
]
# Said only where the arms they speak of ran.
READING_ZENSICAL = [
    "- Z and Z' are Zensical (bench/zensical.py, from requirements-zensical.lock) building the exported site:",
    "  Z from clean, then Z' with the cache Z has just left. F / Z' <= 0.5 asks for F in half Zensical's cached time.",
]
READING_GENERATOR = [
    "- G is the generator alone (load, validate, resolve, render: `ladder export` without writing): G / F <= 0.05 was",
    "  set when F took about 95 s at 1,000 role-levels. F is now some four times faster and G is not, so G / F has",
    "  risen past it: most of G is Jinja writing pages (the self-assessments, the role-level pages, the next-level",
    "  pages), and in F that work runs on the second core beside MkDocs' own (generator/ahead.py), so F waits for",
    "  little of it. G / F is read here against F as it now is; the target is not met.",
]
READING_SERVE = [
    "- S is `mkdocs serve` on the same organisation (bench/serve.py): from saving one expectation's new text",
    "  in a family's YAML file to its role-level page served with it; S / F sets that against a full build",
    "  of the same round. S's memory is the server's peak, its first build included.",
]


def report(results: list[dict], machine: str, command: str, profile: dict | None = None) -> str:
    """The Markdown of BENCHMARKS.md; `profile`, from `bench.profile`, adds where F spends its time."""
    lines = _header(results, machine, command) + _arms_table(results) + [""] + _sizes_table(results)
    lines += ["", "## Ratios against the targets", ""] + _ratios_preamble(results) + _ratios_table(results)
    lines += ["", "## Reading these numbers", ""] + _reading(results)
    if profile is not None:
        lines += [""] + _profile_section(profile)
    return "\n".join(lines) + "\n"


def _header(results: list[dict], machine: str, command: str) -> list[str]:
    commits = sorted({r.get("commit", "not recorded") for r in results})  # each size records the commit it measured
    notes = sorted({note for r in results for note in r.get("notes", [])})
    return ["# Benchmarks", "", f"Machine: {machine}", "", f"Code: commit {', '.join(commits)}", "", f"Reproduce: `{command}`", "",
            *[line for note in notes for line in (f"Note: {note}", "")],
            "Arms run interleaved in one run, each in its own process; times are wall-clock seconds,",
            "median (min-max) of the counted rounds; memory is each arm's peak resident set.", ""]


def _arms_table(results: list[dict]) -> list[str]:
    lines = ["| role-levels | arm | median s | min-max s | median CPU s | peak RSS MiB |", "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        cpu = ratios.medians(r["cpu"]) if "cpu" in r else None
        for arm, values in r["times"].items():
            once = " (1 run: too slow to repeat)" if len(values) == 1 and r["rounds"] > 1 else ""
            cpu_text = "not recorded" if cpu is None else f"{cpu[arm]:.2f}"
            wall = ratios.spread(values)
            lines.append(f"| {r['role_levels']} | {arm}{once} | {wall.median:.2f} | {wall.low:.2f}-{wall.high:.2f} | {cpu_text} | "
                         f"{r['memory'][arm] / 2**20:.0f} |")
    return lines


def _sizes_table(results: list[dict]) -> list[str]:
    lines = ["| role-levels | pages | Markdown | site (F) | site (H) | largest page | one role-level page | search index |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {r['role_levels']} | {r['pages']} | {r['markdown_bytes'] / 1e6:.1f} MB | {r['site_bytes'] / 1e6:.1f} MB | "
                     f"{_megabytes(r['naive_site_bytes'])} | {r['largest_page_bytes'] / 1e3:.0f} kB | "
                     f"{r['role_level_page_bytes'] / 1e3:.0f} kB | {r['search_index_bytes'] / 1e6:.2f} MB |")
    return lines


def _ratios_preamble(results: list[dict]) -> list[str]:
    """What each column of the ratio table is, and whether its ratios between sizes were taken round by round."""
    between_sizes = ("Between sizes, paired is round by round (each round runs every size)."
                     if all(r.get("sizes_interleaved") for r in results)
                     else "This run timed one size after the other (rounds did not yet run every size): ratios between sizes compare times\n"
                          "taken up to an hour apart, so read them against M's own.")
    return ["Wall: ratio of the medians. Paired: the ratio within each round, where the two arms ran one after the other;",
            "median and min-max. CPU: ratio of the median CPU times. \"Both running at once\": F and H' started together,",
            "one per core (`--at-once`), so the machine's state at that moment befalls both; the ratio of their CPU",
            "times, median and min-max over the pairs. On a shared machine, that is the row to read for F / H'.", "",
            between_sizes, "", "| ratio | wall | paired | CPU | target |", "| --- | --- | --- | --- | --- |"]


def _ratios_table(results: list[dict]) -> list[str]:
    """The rows of the ratio table: each size's ratios, then how F and one page grow between sizes."""
    lines = [row for r in results for row in _size_rows(r)]
    for s in ratios.scaling(results):
        lines.append(f"| F({s.large}) / F({s.small}) | {_cells(s.f, '.2f')} | <= {s.linear:.1f} x 1.1 (linear) |")
        if s.over_m is not None:
            lines.append(f"| F({s.large}) / F({s.small}), over M({s.large}) / M({s.small}) | {s.over_m:.2f} | | | "
                         "near 1: F grows as Markdown conversion alone does |")
    for large, small, growth in ratios.memory_growth(results):
        lines.append(f"| F's peak RSS at {large} / at {small} | {growth:.2f} | | | <= 2.5 (5,000 over 1,000) |")
    for large, small, growth in ratios.page_growth(results):
        lines.append(f"| one role-level page at {large} / at {small} | {growth:.3f} | | | 1 (does not grow) |")
    return lines


def _size_rows(result: dict) -> list[str]:
    """One size's ratios against their targets, and its search index."""
    n = result["role_levels"]
    lines = []
    for top, bottom, digits, target in TARGETS:
        ratio = ratios.arm_ratio(result, top, bottom)
        if ratio is None:
            continue
        lines.append(f"| {top} / {bottom} at {n} | {_cells(ratio, digits)} | {target} |")
        pairs = ratios.at_once(result) if (top, bottom) == ("F", "H'") else None
        if pairs is not None:
            lines.append(f"| F / H' at {n}, both running at once ({pairs.pairs} pairs) | | | {_spread(pairs.ratio, '.2f')} | {target} |")
            if pairs.g_alone is not None:  # what F adds over H', in seconds, beside what making the Markdown costs alone
                lines.append(f"| F - H' at {n}, both running at once, in CPU seconds | | | {_spread(pairs.extra, '.2f', ' to ')} | "
                             f"G alone: {pairs.g_alone:.2f} s |")
    lines.append(f"| search index per 1,000 role-levels at {n} | {ratios.search_index_per_thousand(result):.2f} MB | | | <= 2 MB |")
    if result["memory"].get("F"):
        lines.append(f"| F's peak RSS at {n} | {result['memory']['F'] / 1e6:.0f} MB | | | < 600 MB at 5,000 |")
    return lines


def _cells(ratio: ratios.Ratio, digits: str) -> str:
    """The wall, paired and CPU cells of a ratio row."""
    paired = "-" if ratio.paired is None else _spread(ratio.paired, digits)
    cpu = "-" if ratio.cpu is None else f"{ratio.cpu:{digits}}"
    return f"{ratio.wall:{digits}} | {paired} | {cpu}"


def _spread(values: ratios.Spread, digits: str, between: str = "-") -> str:
    return f"{values.median:{digits}} ({values.low:{digits}}{between}{values.high:{digits}})"


def _megabytes(count: int | None) -> str:
    return "not run" if count is None else f"{count / 1e6:.1f} MB"


def _reading(results: list[dict]) -> list[str]:
    """How to read the numbers: first each size where a target asks for less than the floor, then what holds for every run."""
    lines = []
    for gap in filter(None, map(ratios.below_floor, results)):
        lines += [(f"- At {gap.role_levels} role-levels F / H <= {ratios.NAIVE_TARGET} asks for F under {gap.asks:.2f} s, "
                   f"below M's {gap.floor:.2f} s:"),
                  "  no build that converts this Markdown can get there. H's extra cost grows with the square of the",
                  "  pages, so that target can only be met in a large organisation."]
    ran = {arm for r in results for arm in r["times"]}
    return (lines + READING + (READING_GENERATOR if {"G", "F"} <= ran else []) + (READING_ZENSICAL if ran & {"Z", "Z'"} else [])
            + (READING_SERVE if "S" in ran else []))


def _profile_section(profile: dict) -> list[str]:
    return [f"## Where F spends its time ({profile['size']} role-levels)", "",
            (f"One `mkdocs build` under cProfile (`python -m bench.profile {profile['arg']}`), "
             f"{profile['wall_seconds']:.0f} s with the profiler on."),
            "cProfile slows Python code unevenly: read the shares, not the seconds.", ""] + profile_table(profile)
