"""The benchmark's arithmetic: medians, ratios and the targets they are read against.

Each function takes the results of `bench.run.measure` (one dict a size) and
returns numbers; bench/report.py lays them out. Nothing here formats text.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

NAIVE_TARGET = 0.35  # F / H: our structure beats the naive hand-written site by 3x or more


@dataclass(frozen=True)
class Spread:
    """The median of some values and their range."""

    median: float
    low: float
    high: float


@dataclass(frozen=True)
class Ratio:
    """One time over another: of the medians, round by round (paired) and of the median CPU times."""

    wall: float
    paired: Spread | None  # None where there is no second round to pair, or the rounds did not run both
    cpu: float | None  # None where CPU times were not recorded


@dataclass(frozen=True)
class AtOnce:
    """F and H' started together, one per core: F / H' and F - H' (CPU seconds) over the pairs."""

    pairs: int
    ratio: Spread
    extra: Spread
    g_alone: float | None  # G's median CPU seconds, what F - H' is read against; None if G did not run


@dataclass(frozen=True)
class BelowFloor:
    """Where F / H <= NAIVE_TARGET asks for F faster than M, which does part of F's work (median seconds)."""

    role_levels: int
    asks: float
    floor: float


@dataclass(frozen=True)
class Scaling:
    """F at a larger size over F at the smallest, and that over M's own growth."""

    large: int
    small: int
    linear: float  # large / small: how much F may grow if it grows with the organisation
    f: Ratio
    over_m: float | None  # None where M did not run at both sizes


def spread(values: list[float]) -> Spread:
    return Spread(statistics.median(values), min(values), max(values))


def medians(by_arm: dict[str, list[float]]) -> dict[str, float]:
    return {arm: statistics.median(values) for arm, values in by_arm.items()}


def arm_ratio(result: dict, top: str, bottom: str) -> Ratio | None:
    """Arm `top` over arm `bottom` at one size; None where either did not run."""
    times, cpu = medians(result["times"]), medians(result.get("cpu", {}))
    if top not in times or bottom not in times:
        return None
    # not strict: H, once too slow to repeat, has one time beside the other arms' rounds; its first round is paired
    paired = [x / y for x, y in zip(result["times"][top], result["times"][bottom], strict=False)]
    return Ratio(times[top] / times[bottom], spread(paired) if len(paired) > 1 else None,
                 cpu[top] / cpu[bottom] if top in cpu and bottom in cpu else None)


def at_once(result: dict) -> AtOnce | None:
    """The pairs of F and H' run at the same time; None where none ran."""
    pairs = result.get("at_once")
    if not pairs:
        return None
    return AtOnce(len(pairs), spread([f / h for f, h in pairs]), spread([f - h for f, h in pairs]),
                  medians(result.get("cpu", {})).get("G"))


def below_floor(result: dict) -> BelowFloor | None:
    """Where F / H's target asks for F faster than M, the floor of any build of this Markdown; else None."""
    times = medians(result["times"])
    if "H" in times and "M" in times and NAIVE_TARGET * times["H"] < times["M"]:
        return BelowFloor(result["role_levels"], NAIVE_TARGET * times["H"], times["M"])
    return None


def search_index_per_thousand(result: dict) -> float:
    """The search index's size in MB per 1,000 role-levels."""
    return result["search_index_bytes"] / 1e6 * 1000 / result["role_levels"]


def scaling(results: list[dict]) -> list[Scaling]:
    """F at each larger size over F at the smallest."""
    by_size = {r["role_levels"]: r for r in results}
    small = min(by_size)
    rows = []
    for large in sorted(by_size)[1:]:
        a, b = by_size[large], by_size[small]
        wall = statistics.median(a["times"]["F"]) / statistics.median(b["times"]["F"])
        paired = None
        if a.get("sizes_interleaved") and b.get("sizes_interleaved"):  # round i of both sizes ran minutes apart
            paired = spread([x / y for x, y in zip(a["times"]["F"], b["times"]["F"], strict=True)])  # F runs every round
        cpu = statistics.median(a["cpu"]["F"]) / statistics.median(b["cpu"]["F"]) if "cpu" in a and "cpu" in b else None
        over_m = None
        if "M" in a["times"] and "M" in b["times"]:
            over_m = wall / (statistics.median(a["times"]["M"]) / statistics.median(b["times"]["M"]))
        rows.append(Scaling(large, small, large / small, Ratio(wall, paired, cpu), over_m))
    return rows


def memory_growth(results: list[dict]) -> list[tuple[int, int, float]]:
    """(larger size, smallest size, F's peak RSS at the first over at the second): near 1 if memory stays flat."""
    peaks = {r["role_levels"]: r["memory"]["F"] for r in results if r["memory"].get("F")}
    small = min(peaks, default=0)
    return [(large, small, peaks[large] / peaks[small]) for large in sorted(peaks)[1:]]


def page_growth(results: list[dict]) -> list[tuple[int, int, float]]:
    """(larger size, smallest size, the one role-level page at the first over at the second): 1 if it does not grow."""
    pages = {r["role_levels"]: r["role_level_page_bytes"] for r in results}
    small = min(pages)
    return [(large, small, pages[large] / pages[small]) for large in sorted(pages)[1:]]
