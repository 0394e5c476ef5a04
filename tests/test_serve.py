"""`mkdocs serve` rebuilds the handbook when a ladder YAML file is saved."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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


class _Serve:
    """A real `mkdocs serve` of a project copy; its output goes to a file, so no pipe can fill and block it."""

    def __init__(self, project: Path, log: Path, env: dict[str, str] | None = None, *extra: str):
        self.port = _free_port()
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{self.port}", *extra],
            env=env or BUILD_ENV, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.log_path = log

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def _wait_for_output(serve: _Serve, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and serve.process.poll() is None:
        if needle in serve.output():
            return True
        time.sleep(0.2)
    return needle in serve.output()


E2 = "/engineering/backend/e2/"
BEFORE, AFTER = "Designs HTTP APIs that are consistent", "Designs HTTP APIs that stay consistent"


@pytest.fixture
def served(tmp_path: Path):
    """A project copy being served, once its first build is up: (project, server)."""
    project = project_copy(tmp_path)
    serve = _Serve(project, tmp_path / "serve.log")
    try:
        assert _wait_for(serve.url(E2), BEFORE, 90), serve.output()
        yield project, serve
    finally:
        serve.close()


def test_saving_a_yaml_file_rebuilds_the_served_site(served):
    project, serve = served
    role = project / "ladders" / "roles" / "backend.yml"
    role.write_text(role.read_text().replace(BEFORE, AFTER))
    assert _wait_for(serve.url(E2), AFTER, 60), serve.output()


def test_a_hostile_save_is_a_located_error_and_the_server_keeps_serving(served):
    """100 KB of nested brackets once crashed the YAML library, and `mkdocs serve` with it."""
    project, serve = served
    role = project / "ladders" / "roles" / "backend.yml"
    good = role.read_text()
    role.write_text(good.replace("name: Backend Engineer", "name: " + "[" * 100_000, 1))
    assert _wait_for_output(serve, "ladders/roles/backend.yml:4:38: error: values nest more than 32 levels deep", 60), serve.output()
    assert serve.process.poll() is None, serve.output()
    role.write_text(good.replace(BEFORE, AFTER))
    assert _wait_for(serve.url(E2), AFTER, 60), serve.output()
    assert "Traceback" not in serve.output()
