"""`mkdocs serve` rebuilds the handbook when a ladder YAML file is saved."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import BUILD_ENV, project_copy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _fetch(url)
        if body is not None and needle in body:
            return True
        time.sleep(0.5)
    return False


def test_saving_a_yaml_file_rebuilds_the_served_site(tmp_path: Path):
    project = project_copy(tmp_path)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        env=BUILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/engineering/backend/e2/"
        assert _wait_for(url, "Designs HTTP APIs that are consistent", 90)
        role = project / "ladders" / "roles" / "backend.yml"
        role.write_text(role.read_text().replace("Designs HTTP APIs that are consistent", "Designs HTTP APIs that stay consistent"))
        assert _wait_for(url, "Designs HTTP APIs that stay consistent", 60)
    finally:
        server.terminate()
        server.wait(timeout=30)
