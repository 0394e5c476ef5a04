"""Smoke test: the benchmark runs end to end at a tiny size (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import BUILD_ENV, ROOT


def test_benchmark_runs_every_arm_and_writes_its_report(tmp_path: Path):
    output = tmp_path / "BENCHMARKS.md"
    command = [sys.executable, "-m", "bench.run", "--sizes", "10", "--rounds", "1", "--warmup", "0",
               "--work", str(tmp_path / "work"), "--output", str(output)]
    result = subprocess.run(command, cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    text = output.read_text()
    for arm in ("| G |", "| F |", "| H |", "| H' |", "| M |"):
        assert arm in text
    assert "| 33 | 116 |" in text  # role-levels and pages of the smallest organisation
    assert "G / F at 33" in text and "search index per 1,000 role-levels" in text
    assert (tmp_path / "work" / "10" / "site-F" / "family-0" / "family-0-role-0" / "f0-ic3" / "index.html").is_file()
    assert "Where F spends its time" not in text

    profile = subprocess.run([sys.executable, "-m", "bench.profile", "10", "--work", str(tmp_path / "work")],
                             cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=900)
    assert profile.returncode == 0, profile.stderr
    assert "| Python-Markdown: Markdown to HTML |" in profile.stdout
    again = subprocess.run(command + ["--report-only"], cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    text = output.read_text()
    assert "## Where F spends its time (33 role-levels)" in text and "| Jinja2: the theme's templates around each page |" in text
    assert "| `partials/nav-item.html` |" in text
