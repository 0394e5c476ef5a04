"""What each pinned lock file holds: a handbook's build installs no test or development tools."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT

TEST_ONLY = {"pytest", "hypothesis", "playwright", "pypdf"}


def _pins(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text(encoding="utf-8").split("\n")
    pairs = [line.split("==") for line in lines if line.strip() and not line.startswith("#")]
    return {_normal(package): version for package, version in pairs}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def test_the_runtime_lock_holds_no_test_or_development_tool():
    runtime = _pins("requirements.lock")
    assert not (set(runtime) & (TEST_ONLY | {"ruff", "mypy"}))


def test_every_declared_dependency_is_pinned_where_make_installs_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert _requirement_names(project["dependencies"]) <= set(_pins("requirements.lock"))
    assert _requirement_names(project["optional-dependencies"]["test"]) == TEST_ONLY
    assert TEST_ONLY <= set(_pins("requirements-test.lock"))
    assert {"ruff", "mypy"} <= set(_pins("requirements-dev.lock"))


def test_no_package_is_pinned_twice():
    files = ["requirements.lock", "requirements-test.lock", "requirements-dev.lock"]
    seen: dict[str, str] = {}
    for name in files:
        for package in _pins(name):
            assert package not in seen, f"{package} is pinned in {seen.get(package)} and {name}"
            seen[package] = name
