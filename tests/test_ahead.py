"""The worker converting pages ahead of MkDocs on the second core (generator/ahead.py, generator/reuse.py).

The worker is a real forked process: these tests share pages between it and this process, kill it,
make it fail a page, and build the fixture handbook with it, without it, and with conversion not
deferred (another plugin reading pages' HTML), comparing every file of the three sites.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.ahead import WORKER, Worker, second_core
from generator.packed import Sources
from generator.pipeline import generate

from .conftest import BUILD_ENV, mkdocs_build, project_copy

URIS = [f"page-{n}.md" for n in range(40)]


def _result(index: int) -> bytes:
    return f"converted {URIS[index]}".encode()


def _take_all(worker: Worker, parent_seconds: float = 0.0) -> tuple[dict[str, bytes], list[str]]:
    """Each page's result, in order, from the worker or made here; and the pages made here."""
    found, here = {}, []
    for index, uri in enumerate(URIS):
        result = worker.take(uri)
        if result is None:
            result = _result(index)
            here.append(uri)
        found[uri] = result
        time.sleep(parent_seconds)  # the rest of the page's build
    worker.stop()
    return found, here


def _until_the_worker_claims(worker: Worker, index: int) -> None:
    """Wait (however loaded the machine) until the worker has claimed page `index`, and so every page before it."""
    deadline = time.monotonic() + 60
    while worker._taken[index] != WORKER:
        assert time.monotonic() < deadline, f"the worker never reached page {index}"
        time.sleep(0.01)


def test_the_worker_and_the_parent_share_the_pages_and_each_gets_its_own_result():
    def slow(index: int) -> bytes:
        time.sleep(0.02)  # slower than the parent's share of a page: the parent has to wait, and takes pages
        return _result(index)

    worker = Worker(URIS, slow)
    _until_the_worker_claims(worker, 0)  # started, however late a loaded machine forks it
    found, here = _take_all(worker, parent_seconds=0.005)
    assert found == {uri: _result(index) for index, uri in enumerate(URIS)}
    assert 0 < len(here) < len(URIS)  # both did some


def test_a_worker_that_runs_ahead_does_every_page():
    worker = Worker(URIS, _result)
    _until_the_worker_claims(worker, len(URIS) - 1)  # it has claimed them all (the pipe holds what it converted)
    found, here = _take_all(worker)
    assert here == [] and found == {uri: _result(index) for index, uri in enumerate(URIS)}


def test_the_parent_takes_no_page_while_the_result_it_needs_is_waiting_in_the_pipe():
    def slower_after_half(index: int) -> bytes:
        if index >= len(URIS) // 2:
            time.sleep(0.05)  # still busy with these while the parent takes the first half
        return _result(index)

    worker = Worker(URIS, slower_after_half)
    half = len(URIS) // 2
    while worker._taken[half] == 0:  # the worker has sent the first half: it marks a page once the one before is sent
        time.sleep(0.01)
    found = [worker.take(uri) for uri in URIS[:half]]
    parents = sum(1 for index in range(len(URIS)) if worker._taken[index] == 2)
    worker.stop()
    assert found == [_result(index) for index in range(half)]
    assert parents == 0  # no result it needed was late, so it took no page for itself


def test_a_page_the_worker_fails_and_the_pages_after_it_dies_are_the_parents():
    def failing(index: int) -> bytes:
        if index == 3:
            raise ValueError("this page cannot be converted")
        if index == 10:
            os._exit(3)  # the worker dies on this page
        return _result(index)

    worker = Worker(URIS, failing)
    _until_the_worker_claims(worker, 10)  # the page it dies on: the parent left it every page until then
    found, here = _take_all(worker)
    assert found == {uri: _result(index) for index, uri in enumerate(URIS)}
    assert here == [URIS[3], *URIS[10:]]


def test_a_worker_stuck_on_a_page_is_stopped_and_the_parent_does_the_rest(monkeypatch):
    import generator.ahead

    monkeypatch.setattr(generator.ahead, "STUCK_SECONDS", 0.5)

    def stuck(index: int) -> bytes:
        if index >= 5:
            time.sleep(3600)  # as if waiting forever on a lock a thread of the parent held when it forked
        return _result(index)

    worker = Worker(URIS, stuck)
    started = time.monotonic()
    found, here = _take_all(worker)
    assert found == {uri: _result(index) for index, uri in enumerate(URIS)}
    assert set(URIS[5:]) <= set(here)  # the first page the worker took from there on, it never finished
    assert time.monotonic() - started < 60  # not an hour: the wait gave up
    with pytest.raises(ChildProcessError):
        os.waitpid(worker.pid, os.WNOHANG)  # stopped and reaped: no zombie left


def test_job_families_made_by_a_worker_are_the_pages_made_in_one_process(tmp_path: Path):
    from dataclasses import replace

    from bench.synth import organisation

    for name, text in organisation(5 * 33).items():  # five families: enough to fork a worker for
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    alone = generate(tmp_path).pages  # no keep: each family made here, in turn
    sources = Sources()
    kept = generate(tmp_path, keep=sources.keep).pages
    assert sources.made == 5
    if second_core():
        assert sources.ahead > 0
    assert sum(page.path in sources for page in alone) > 100
    assert [sources.markdown(page.path) for page in alone if page.path in sources] == [
        page.markdown for page in alone if page.path in sources
    ]
    assert kept == [replace(page, markdown="") if page.path in sources else page for page in alone]


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


AHEAD = re.compile(r"generated pages: (\d+) converted by the worker, (\d+) here, deferred: (\w+)")


@pytest.mark.parametrize("how", ["on one core", "not deferred"])
def test_the_site_is_the_same_bytes_with_the_worker_without_it_and_not_deferred(tmp_path: Path, how: str):
    project = project_copy(tmp_path)
    config, default, other = project / "mkdocs.yml", tmp_path / "default", tmp_path / "other"
    result = mkdocs_build(config, default, "--verbose")
    assert result.returncode == 0, result.stderr
    [(by_worker, here, deferred)] = AHEAD.findall(result.stderr)
    assert deferred == "True", result.stderr
    if len(os.sched_getaffinity(0)) > 1:
        assert int(by_worker) > 0, result.stderr  # the worker converted pages on the second core
    env = dict(BUILD_ENV)
    if how == "on one core":
        env["LADDER_WORKERS"] = "1"
    else:  # a hook reading each page's HTML as it is converted: MkDocs converts every page as it reads it
        (project / "hook.py").write_text("def on_page_content(html, **kwargs):\n    return html\n", encoding="utf-8")
        config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "-f", str(config), "-d", str(other)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    [(by_worker, _, deferred)] = AHEAD.findall(result.stderr)
    assert (by_worker, deferred) == ("0", "True") if how == "on one core" else deferred == "False"
    first, second = _files(default), _files(other)
    assert len(first) > 100 and first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_markdown_a_hook_changes_is_what_a_deferred_page_is_made_of(tmp_path: Path):
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    hook = "def on_page_markdown(markdown, page, **kwargs):\n    return markdown.replace('asks for the feedback', 'ASKS for the feedback')\n"
    (project / "hook.py").write_text(hook, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site", "--verbose")
    assert result.returncode == 0, result.stderr
    [(_, _, deferred)] = AHEAD.findall(result.stderr)
    assert deferred == "True", result.stderr
    pages = [(tmp_path / "site" / "product-design" / level / "index.html").read_text() for level in ("d1", "d3")]
    assert all("ASKS for the feedback" in page and "asks for the feedback" not in page for page in pages)
