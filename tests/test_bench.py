"""Smoke test: the benchmark runs end to end at a tiny size (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    from bench.run import report

    small = _result(99, {"G": [0.8, 0.9], "F": [10.0, 11.0], "H": [16.0, 16.0], "H'": [9.5, 10.5], "M": [6.0, 6.0]})
    large = _result(990, {"G": [4.0, 4.0], "F": [96.0, 96.0], "H": [800.0, 800.0], "H'": [110.0, 120.0], "M": [60.0, 60.0]})
    text = report([small, large], "python -m bench.run")
    assert "- At 99 role-levels F / H <= 0.35 asks for F under 5.60 s, below M's 6.00 s:" in text  # 0.35 x 16 < 6
    assert "At 990 role-levels F / H" not in text  # 0.35 x 800 = 280 s is well above M's 60 s
    assert "| F - H' at 99, both running at once, in CPU seconds | | | 0.75 (0.50 to 1.00) | G alone: 0.85 s |" in text
    assert "| F / H' at 99, both running at once (2 pairs) | | | 1.08 (1.04-1.11) | <= 1.05 |" in text
