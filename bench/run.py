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
  Z   Zensical building the export from clean; Z' again, with the cache Z left (bench/zensical.py)
  S   `mkdocs serve`: from saving one edited expectation to its page served anew (bench/serve.py)

F and H' are then also run at the same time, one per core, a few times:
the ratio of their CPU times then holds on a machine whose speed wanders.

Results are written to BENCHMARKS.md (laid out by bench/report.py, from the
arithmetic of bench/ratios.py) with the machine and the command; after
`python -m bench.profile SIZE`, `--report-only` adds where F spends its time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from . import serve, zensical
from .report import report
from .synth import organisation

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
ARMS = ("G", "F", "H", "H'", "M", "Z", "Z'", "S")
G_CODE = "import sys; from pathlib import Path; from generator.pipeline import generate; generate(Path(sys.argv[1]))"


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
        "S": serve.command(PY, work / "mkdocs.yml"),
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
    from generator import resolve_ladders, validate_dir

    ladders, _ = validate_dir(work / "ladders")
    return sum(len(role.levels) for family in resolve_ladders(ladders).families for role in family.roles)


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
    notes, installed = _zensical(work, only)
    for size in sizes:
        if installed is not None:
            arms[size].update(zensical.arms(installed, work / str(size) / "exported" / "mkdocs.yml"))
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
                if arm == "S":
                    seconds, cpu_seconds, rss = serve.measure(command, work / str(size) / "ladders", work / str(size), ENV, round_index)
                else:
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
                seconds = dict(zip(order, _at_once(*(arms[size][arm] for arm in order)), strict=True))
                together[size].append([seconds["F"], seconds["H'"]])
            print(f"  F and H' at once {index + 1}/{at_once} done", file=sys.stderr)
    commit = _commit()
    return [{"size": size, "rounds": rounds, "warmup": warmup, "commit": commit, "times": times[size], "cpu": cpu[size],
             "memory": memory[size], "at_once": together[size], "sizes_interleaved": True,
             "naive_up_to": naive_up_to, "arms_asked": sorted(only) if only else None, "notes": notes,
             "zensical": zensical.version(installed) if installed else None, **_sizes(work / str(size))} for size in sizes]


def _zensical(work: Path, only: set[str] | None) -> tuple[list[str], Path | None]:
    """Zensical's command for arms Z and Z', when they are wanted and it installs; else why they are left out."""
    if only is not None and not only & {"Z", "Z'"}:
        return [], None
    command, why = zensical.install(work / "zensical-venv")
    if command is None:
        print(f"  arms Z and Z' left out: {why}", file=sys.stderr)
        return [f"Arms Z and Z' were left out: {why}."], None
    return [], command


def _commit() -> str:
    """The commit of the code being measured, marked when the working tree has changes."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "bench", "theme", "mkdocs.yml"],
                           cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    return f"{head or 'unknown'}{' with uncommitted changes' if dirty else ''}"


def _machine(extra: str | None = None) -> str:
    """What the numbers were measured on: CPU, cores, memory, system, Python and the packages doing the work."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    versions = subprocess.run([PY, "-m", "pip", "freeze"], capture_output=True, text=True, check=False).stdout.split()
    keep = [v for v in versions if v.split("==")[0].lower() in {"mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pydantic"}]
    keep += [extra] if extra else []  # Zensical, from its own virtual environment
    return (f"{cpu}, {os.cpu_count()} cores, {int(memory) // 1024 // 1024} GiB memory; {platform.platform()}; "
            f"Python {platform.python_version()}; {', '.join(keep)}")


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
    if args.arms and not {"F"} <= set(args.arms.split(",")) <= set(ARMS):
        parser.error(f"--arms: F and any of {', '.join(arm for arm in ARMS if arm != 'F')} (every ratio is F's)")
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
    text = report(results, _machine(results[0].get("zensical")), command, profile)
    Path(args.output).write_text(text, encoding="utf-8")
    (Path(args.work) / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
