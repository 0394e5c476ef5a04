"""Arm S of the benchmark: in `mkdocs serve`, the time from saving one edited expectation to its page served with the new text.

The server is started on the organisation and left to finish its first build;
then one expectation's text in a family's YAML file is changed (a new text each
round) and its role-level page fetched until it shows it. That time, against
arm F's full build in the same round, is what someone editing a ladder waits
for. CPU seconds are those the server spent in that time; memory is its peak.
The file is put back as it was before the next arm runs.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import yaml

FAMILY = "families/family-0.yml"
PAGE = "family-0/family-0-role-0/f0-ic1/"  # shows every expectation of the family's first level
FIRST_BUILD_SECONDS = 3600
REBUILD_SECONDS = 1800


def command(python: str, config_file: Path) -> list[str]:
    return [python, "-m", "mkdocs", "serve", "-f", str(config_file), "-a", "127.0.0.1:{port}"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _interruptible() -> None:
    """In the server, before it starts: Ctrl-C is heard even where the benchmark was started in the background
    (a shell's background job ignores SIGINT, and its children inherit that), so it exits as it would for a user."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _cpu(pid: int) -> float:
    """User and system seconds of a running process and of its children it has waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _wait(process: subprocess.Popen, url: str, text: str, seconds: float, log: Path, what: str) -> None:
    deadline = time.monotonic() + seconds
    while text not in _fetch(url):
        if process.poll() is not None or time.monotonic() > deadline:
            tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])
            process.kill()
            process.wait()
            raise SystemExit(f"arm S failed: {what} ({' '.join(map(str, process.args))})\n{tail}")
        time.sleep(0.05)


def _edit(ladders: Path, round_index: int) -> None:
    """Give the first expectation of the family's first level a new text, different each round."""
    path = ladders / FAMILY
    family = yaml.safe_load(path.read_text(encoding="utf-8"))
    expectation = family["competencies"][0]["expectations"]["f0-ic1"][0]
    expectation["text"] += f" Edited in round {round_index + 1}."
    path.write_text(yaml.safe_dump(family, sort_keys=False), encoding="utf-8")  # as bench/synth.py writes it


def measure(argv: list[str], ladders: Path, work: Path, env: dict[str, str], round_index: int) -> tuple[float, float, int]:
    """Wall seconds from the save to the new text served, the server's CPU seconds meanwhile, its peak RSS (bytes)."""
    port = _port()
    log = work / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([part.format(port=port) for part in argv], env=env, stdout=out, stderr=subprocess.STDOUT,
                                   preexec_fn=_interruptible)
    url = f"http://127.0.0.1:{port}/{PAGE}"
    family = (ladders / FAMILY).read_text(encoding="utf-8")
    try:
        first = yaml.safe_load(family)["competencies"][0]["expectations"]["f0-ic1"][0]["text"]
        _wait(process, url, first, FIRST_BUILD_SECONDS, log, "the first build was not served")
        time.sleep(1)  # the watcher starts as the server does: let it settle
        cpu = _cpu(process.pid)
        start = time.perf_counter()
        _edit(ladders, round_index)
        _wait(process, url, f"Edited in round {round_index + 1}.", REBUILD_SECONDS, log, "the edit was not served")
        seconds, cpu = time.perf_counter() - start, _cpu(process.pid) - cpu
    finally:
        (ladders / FAMILY).write_text(family, encoding="utf-8")
    process.send_signal(signal.SIGINT)  # as Ctrl-C: the server removes its temporary site
    if not _exits(process, 120):
        process.kill()
        process.wait()
        return seconds, cpu, 0
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, cpu, usage.ru_maxrss * 1024


def _exits(process: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return True
        time.sleep(0.1)
    return False
