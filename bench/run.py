"""The benchmark: how fast the handbook builds, and how that scales. Run with `make bench`.

For each size, a synthetic organisation (bench/synth.py) is built by five
arms, interleaved: each round (one warm-up round, then counted rounds) runs
every arm at every size, each in its own child process so that peak memory
is its own:

  G   our generator alone: load, validate, resolve, render Markdown in memory
  F   the full `mkdocs build` of the handbook through the plugin
  H   the same Markdown on disk, plain `mkdocs build`, Material's defaults
  H'  that Markdown with our navigation and theme configuration (`ladder export`)
  M   Python-Markdown alone over the same Markdown: the floor for any MkDocs build

F and H' are then also run at the same time, one per core, a few times:
the ratio of their CPU times then holds on a machine whose speed wanders.

Results are written to BENCHMARKS.md with the machine and the command; after
`python -m bench.profile SIZE`, `--report-only` adds where F spends its time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .profile import table
from .synth import organisation

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
NAIVE_TARGET = 0.35  # F / H: our structure beats the naive hand-written site by 3x or more
G_CODE = "import sys; from pathlib import Path; from generator.emit import generate; generate(Path(sys.argv[1]))"


def _prepare(size: int, work: Path) -> dict[str, list[str]]:
    """Write the organisation and the three site configurations; return each arm's command."""
    shutil.rmtree(work, ignore_errors=True)
    for name in ("site_src", "theme"):
        shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    for name, text in organisation(size).items():
        (work / "ladders" / name).parent.mkdir(parents=True, exist_ok=True)
        (work / "ladders" / name).write_text(text, encoding="utf-8")
    subprocess.run([PY, "-m", "generator", "export", str(work / "exported"), "-f", str(work / "mkdocs.yml")], check=True, env=ENV)
    ours = yaml.safe_load((work / "exported" / "mkdocs.yml").read_text(encoding="utf-8"))
    naive = {"site_name": ours["site_name"], "docs_dir": "docs", "theme": {"name": "material"},
             "markdown_extensions": ours["markdown_extensions"], "plugins": ["search"]}
    (work / "exported" / "naive.yml").write_text(yaml.safe_dump(naive, sort_keys=False), encoding="utf-8")
    build = [PY, "-m", "mkdocs", "build", "--quiet", "-f"]
    return {
        "G": [PY, "-c", G_CODE, str(work / "ladders")],
        "F": build + [str(work / "mkdocs.yml"), "-d", str(work / "site-F")],
        "H": build + [str(work / "exported" / "naive.yml"), "-d", str(work / "site-H")],
        "H'": build + [str(work / "exported" / "mkdocs.yml"), "-d", str(work / "site-H2")],
        "M": [PY, "-m", "bench.arms", str(work / "exported" / "mkdocs.yml")],
    }


def _start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _finish(process: subprocess.Popen, start: float) -> tuple[float, float, int]:
    """Wall seconds since `start`, CPU seconds (user + system) and peak resident memory (bytes) of a child.

    CPU time leaves out the time a busy or shared machine spends running something else.
    """
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"arm failed: {' '.join(process.args)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def _run(command: list[str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    return _finish(_start(command), start)


def _at_once(first: list[str], second: list[str]) -> tuple[float, float]:
    """The CPU seconds of two arms run at the same time, one per core.

    Whatever the machine is doing then (a neighbour's load, a slower clock)
    befalls both alike, so their ratio holds where times taken apart do not.
    """
    start = time.perf_counter()
    processes = [_start(first), _start(second)]
    (_, a, _), (_, b, _) = (_finish(p, start) for p in processes)
    return a, b


def _role_levels(work: Path) -> int:
    from generator import resolve, validate_dir

    ladders, _ = validate_dir(work / "ladders")
    return sum(len(role.levels) for family in resolve(ladders).families for role in family.roles)


def _sizes(work: Path) -> dict:
    site = work / "site-F"
    html = [p for p in site.rglob("*.html")]
    markdown = list((work / "exported" / "docs").rglob("*.md"))
    sample = next(iter(sorted(site.glob("family-0/family-0-role-0/f0-ic3/index.html"))), None)
    return {
        "role_levels": _role_levels(work),
        "pages": len(markdown),
        "markdown_bytes": sum(p.stat().st_size for p in markdown),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "largest_page_bytes": max(p.stat().st_size for p in html),
        "role_level_page_bytes": sample.stat().st_size if sample else 0,
        "search_index_bytes": (site / "search" / "search_index.json").stat().st_size,
        "naive_site_bytes": sum(p.stat().st_size for p in (work / "site-H").rglob("*") if p.is_file()) if (work / "site-H").is_dir() else None,
    }


def measure(sizes: list[int], rounds: int, warmup: int, work: Path, slow: float, naive_up_to: int, at_once: int,
            only: set[str] | None = None) -> list[dict]:
    """Time every arm (or `only` these) at every size; each round runs every size, so sizes are compared within a round."""
    arms = {size: _prepare(size, work / str(size)) for size in sizes}
    for size in sizes:
        arms[size] = {arm: command for arm, command in arms[size].items() if only is None or arm in only}
        if "H" in arms[size] and size > naive_up_to:
            del arms[size]["H"]  # every page lists every page: about 7 GB of output at 1,000 role-levels, 175 GB at 5,000
            print(f"  size {size}: H left out (larger than --naive-up-to {naive_up_to})", file=sys.stderr)
    times = {size: {arm: [] for arm in arms[size]} for size in sizes}
    cpu = {size: {arm: [] for arm in arms[size]} for size in sizes}
    memory = {size: {arm: 0 for arm in arms[size]} for size in sizes}
    for round_index in range(warmup + rounds):
        for size in sizes:
            for arm, command in arms[size].items():
                if arm == "H" and times[size][arm] and times[size][arm][0] > slow:
                    continue  # the naive site, once slower than `slow` seconds, is timed once: repeating it takes hours
                seconds, cpu_seconds, rss = _run(command)
                memory[size][arm] = max(memory[size][arm], rss)
                if round_index >= warmup or (arm == "H" and seconds > slow):
                    times[size][arm].append(seconds)
                    cpu[size][arm].append(cpu_seconds)
        print(f"  round {round_index + 1}/{warmup + rounds} done", file=sys.stderr)
    together: dict[int, list[list[float]]] = {size: [] for size in sizes}
    if (os.cpu_count() or 1) >= 2 and all({"F", "H'"} <= set(a) for a in arms.values()):
        for index in range(at_once):
            order = ("F", "H'") if index % 2 == 0 else ("H'", "F")  # F starts first in every other pair
            for size in sizes:
                seconds = dict(zip(order, _at_once(*(arms[size][arm] for arm in order))))
                together[size].append([seconds["F"], seconds["H'"]])
            print(f"  F and H' at once {index + 1}/{at_once} done", file=sys.stderr)
    commit = _commit()
    return [{"size": size, "rounds": rounds, "warmup": warmup, "commit": commit, "times": times[size], "cpu": cpu[size],
             "memory": memory[size], "at_once": together[size], "sizes_interleaved": True,
             "naive_up_to": naive_up_to, "arms_asked": sorted(only) if only else None, **_sizes(work / str(size))} for size in sizes]


def _commit() -> str:
    """The commit of the code being measured, marked when the working tree has changes."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "bench", "theme", "mkdocs.yml"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return f"{head or 'unknown'}{' with uncommitted changes' if dirty else ''}"


def _megabytes(count: int | None) -> str:
    return "not run" if count is None else f"{count / 1e6:.1f} MB"


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    versions = subprocess.run([PY, "-m", "pip", "freeze"], capture_output=True, text=True).stdout.split()
    keep = [v for v in versions if v.split("==")[0].lower() in {"mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pydantic"}]
    return (f"{cpu}, {os.cpu_count()} cores, {int(memory) // 1024 // 1024} GiB memory; {platform.platform()}; "
            f"Python {platform.python_version()}; {', '.join(keep)}")


def report(results: list[dict], command: str, profile: dict | None = None) -> str:
    commits = sorted({r.get("commit", "not recorded") for r in results})
    lines = ["# Benchmarks", "", f"Machine: {_machine()}", "", f"Code: commit {', '.join(commits)}", "", f"Reproduce: `{command}`", "",
             "Arms run interleaved in one run, each in its own process; times are wall-clock seconds,",
             "median (min-max) of the counted rounds; memory is each arm's peak resident set.", ""]
    lines += ["| role-levels | arm | median s | min-max s | median CPU s | peak RSS MiB |", "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        for arm, values in r["times"].items():
            once = " (1 run: too slow to repeat)" if len(values) == 1 and r["rounds"] > 1 else ""
            cpu = f"{_median(r['cpu'][arm]):.2f}" if "cpu" in r else "not recorded"
            lines.append(f"| {r['role_levels']} | {arm}{once} | {_median(values):.2f} | {min(values):.2f}-{max(values):.2f} | {cpu} | {r['memory'][arm] / 2**20:.0f} |")
    lines += ["", "| role-levels | pages | Markdown | site (F) | site (H) | largest page | one role-level page | search index |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {r['role_levels']} | {r['pages']} | {r['markdown_bytes'] / 1e6:.1f} MB | {r['site_bytes'] / 1e6:.1f} MB | "
                     f"{_megabytes(r['naive_site_bytes'])} | {r['largest_page_bytes'] / 1e3:.0f} kB | "
                     f"{r['role_level_page_bytes'] / 1e3:.0f} kB | {r['search_index_bytes'] / 1e6:.2f} MB |")
    lines += ["", "## Ratios against the targets", "",
              "Wall: ratio of the medians. Paired: the ratio within each round, where the two arms ran one after the other;",
              "median and min-max. CPU: ratio of the median CPU times. \"Both running at once\": F and H' started together,",
              "one per core (`--at-once`), so the machine's state at that moment befalls both; the ratio of their CPU",
              "times, median and min-max over the pairs. On a shared machine, that is the row to read for F / H'.", "",
              "Between sizes, paired is round by round (each round runs every size)." if all(r.get("sizes_interleaved") for r in results)
              else "This run timed one size after the other (rounds did not yet run every size): ratios between sizes compare times\n"
                   "taken up to an hour apart, so read them against M's own.", "",
              "| ratio | wall | paired | CPU | target |", "| --- | --- | --- | --- | --- |"]
    below_floor: list[str] = []  # sizes where F / H's target asks for F faster than M, which does part of F's work
    for r in results:
        t = {arm: _median(v) for arm, v in r["times"].items()}
        if "H" in t and "M" in t and NAIVE_TARGET * t["H"] < t["M"]:
            below_floor += [f"- At {r['role_levels']} role-levels F / H <= {NAIVE_TARGET} asks for F under {NAIVE_TARGET * t['H']:.2f} s, "
                            f"below M's {t['M']:.2f} s:",
                            "  no build that converts this Markdown can get there. H's extra cost grows with the square of the",
                            "  pages, so that target can only be met in a large organisation."]
        c = {arm: _median(v) for arm, v in r.get("cpu", {}).items()}
        n = r["role_levels"]
        ratios = [("G", "F", "G / F", ".3f", "<= 0.05 at 1,000"), ("F", "H'", "F / H'", ".2f", "<= 1.05"),
                  ("F", "H", "F / H", ".2f", f"<= {NAIVE_TARGET}"), ("F", "M", "F / M", ".2f", "<= 3 at 1,000")]
        for a, b, label, form, target in ratios:
            if a not in t or b not in t:
                continue
            paired = [x / y for x, y in zip(r["times"][a], r["times"][b])]
            paired_text = f"{_median(paired):{form}} ({min(paired):{form}}-{max(paired):{form}})" if len(paired) > 1 else "-"
            cpu_text = f"{c[a] / c[b]:{form}}" if a in c and b in c else "-"
            lines.append(f"| {label} at {n} | {t[a] / t[b]:{form}} | {paired_text} | {cpu_text} | {target} |")
            if (a, b) == ("F", "H'") and r.get("at_once"):
                at_once = [f / h for f, h in r["at_once"]]
                lines.append(f"| F / H' at {n}, both running at once ({len(at_once)} pairs) | | | "
                             f"{_median(at_once):.2f} ({min(at_once):.2f}-{max(at_once):.2f}) | <= 1.05 |")
                if "G" in c:  # what F adds over H', in seconds, beside what making the Markdown costs alone
                    extra = [f - h for f, h in r["at_once"]]
                    lines.append(f"| F - H' at {n}, both running at once, in CPU seconds | | | "
                                 f"{_median(extra):.2f} ({min(extra):.2f} to {max(extra):.2f}) | G alone: {c['G']:.2f} s |")
        lines.append(f"| search index per 1,000 role-levels at {n} | {r['search_index_bytes'] / 1e6 * 1000 / n:.2f} MB | | | <= 2 MB |")
    by_size = {r["role_levels"]: r for r in results}
    small = min(by_size)
    for large in sorted(by_size)[1:]:
        a, b = by_size[large], by_size[small]
        paired = "-"
        if a.get("sizes_interleaved") and b.get("sizes_interleaved"):  # round i of both sizes ran minutes apart
            each = [x / y for x, y in zip(a["times"]["F"], b["times"]["F"])]
            paired = f"{_median(each):.2f} ({min(each):.2f}-{max(each):.2f})"
        cpu_text = f"{_median(a['cpu']['F']) / _median(b['cpu']['F']):.2f}" if "cpu" in a and "cpu" in b else "-"
        lines.append(f"| F({large}) / F({small}) | {_median(a['times']['F']) / _median(b['times']['F']):.2f} | {paired} | {cpu_text} | "
                     f"<= {large / small:.1f} x 1.1 (linear) |")
        if "M" not in a["times"] or "M" not in b["times"]:
            continue
        floor = (_median(a["times"]["F"]) / _median(b["times"]["F"])) / (_median(a["times"]["M"]) / _median(b["times"]["M"]))
        lines.append(f"| F({large}) / F({small}), over M({large}) / M({small}) | {floor:.2f} | | | "
                     f"near 1: F grows as Markdown conversion alone does |")
    pages = {r["role_levels"]: r["role_level_page_bytes"] for r in results}
    for large in sorted(pages)[1:]:
        lines.append(f"| one role-level page at {large} / at {small} | {pages[large] / pages[small]:.3f} | | | 1 (does not grow) |")
    lines += ["", "## Reading these numbers", ""]
    lines += below_floor
    lines += ["- Sizes are the synthetic organisation of `bench/synth.py`: families of six IC and three manager levels,",
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
              "  over; an expectation shared by every role of a family is indexed once, on that family's matrix."]
    if profile is not None:
        lines += ["", f"## Where F spends its time ({profile['size']} role-levels)", "",
                  f"One `mkdocs build` under cProfile (`python -m bench.profile {profile['arg']}`), "
                  f"{profile['wall_seconds']:.0f} s with the profiler on.",
                  "cProfile slows Python code unevenly: read the shares, not the seconds.", ""]
        lines += table(profile)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="role-level counts, comma-separated (add 5000 if you have the time)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--work", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--slow", type=float, default=300, help="arm H, when one run takes longer than this many seconds, runs once")
    parser.add_argument("--naive-up-to", type=int, default=2000,
                        help="run arm H only up to this size: its output grows with the square of the page count")
    parser.add_argument("--at-once", type=int, default=5,
                        help="also run F and H' at the same time, one per core, this many times (needs two cores)")
    parser.add_argument("--arms", help="run only these arms, comma-separated (e.g. G,F,M for the scaling alone)")
    parser.add_argument("--report-only", action="store_true", help="rewrite the report from the last run's results.json")
    args = parser.parse_args()
    if args.arms and not {"F"} <= set(args.arms.split(",")) <= {"G", "F", "H", "H'", "M"}:
        parser.error("--arms: F and any of G, H, H', M (every ratio is F's)")
    if args.report_only:
        results = json.loads((Path(args.work) / "results.json").read_text(encoding="utf-8"))
    else:
        counts = [int(size) for size in args.sizes.split(",")]
        results = measure(counts, args.rounds, args.warmup, Path(args.work), args.slow, args.naive_up_to, args.at_once,
                          set(args.arms.split(",")) if args.arms else None)
    sizes = ",".join(str(r["size"]) for r in results)  # as run, also when only the report is rewritten
    at_once = len(results[0].get("at_once", []))
    command = (f"python -m bench.run --sizes {sizes} --rounds {results[0]['rounds']} "
               f"--warmup {results[0].get('warmup', args.warmup)} --at-once {at_once}")
    if results[0].get("naive_up_to", parser.get_default("naive_up_to")) != parser.get_default("naive_up_to"):
        command += f" --naive-up-to {results[0]['naive_up_to']}"
    if results[0].get("arms_asked"):
        command += f" --arms {','.join(results[0]['arms_asked'])}"
    largest = str(max(r["size"] for r in results))
    profile_file = Path(args.work) / largest / "profile.json"
    profile = None
    if profile_file.is_file() and profile_file.stat().st_mtime > (Path(args.work) / largest / "exported").stat().st_mtime:
        profile = {**json.loads(profile_file.read_text(encoding="utf-8")), "arg": largest,
                   "size": max(r["role_levels"] for r in results)}
    text = report(results, command, profile)
    Path(args.output).write_text(text, encoding="utf-8")
    (Path(args.work) / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
