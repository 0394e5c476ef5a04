"""Output paths: the one place that decides where each generated page lives.

Every segment is a validated id (a lowercase slug), so paths cannot escape
the output; `safe_path` checks it anyway, because a page written outside the
site would be a security bug, not a cosmetic one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .ids import FAMILIES as _FAMILIES
from .ids import GUIDES as _GUIDES
from .ids import RESERVED_IN_FAMILY, id_problem
from .ids import REVIEWS as _REVIEWS

if TYPE_CHECKING:
    from .resolved import ResolvedFamily, ResolvedRole, RoleLevel, Step

REVIEWS = f"{_REVIEWS}.md"
FAMILIES = f"{_FAMILIES}/index.md"
# The guides every handbook has; a hand-written page at the same path in docs_dir replaces one.
GUIDES = {name: f"{_GUIDES}/{name}.md" for name in ("employees", "managers", "writing-ladders")}
GUIDE_ORDER = (GUIDES["employees"], GUIDES["managers"], REVIEWS, GUIDES["writing-ladders"])
REPLACEABLE = frozenset(GUIDE_ORDER)


def safe_path(path: str) -> str:
    """`path` unchanged if it is a relative path that stays inside the output; ValueError otherwise."""
    parts = path.split("/")
    if path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"unsafe output path: {path!r}")
    for part in parts[:-1]:
        if id_problem(part):
            raise ValueError(f"unsafe output path: {path!r}")
    return path


def family_page(family: ResolvedFamily, name: str = "index") -> str:
    assert name == "index" or name in RESERVED_IN_FAMILY, name
    return safe_path(f"{family.id}/{name}.md")


def _role_dir(family_id: str, role: ResolvedRole) -> str:
    """A family without roles has one implicit role, whose levels sit directly under the family."""
    return family_id if role.implicit else f"{family_id}/{role.id}"


def role_page(family: ResolvedFamily, role: ResolvedRole) -> str:
    return safe_path(f"{_role_dir(family.id, role)}/index.md")


def role_level_page(rl: RoleLevel, name: str = "index") -> str:
    return safe_path(f"{_role_dir(rl.family.id, rl.role)}/{rl.level.id}/{name}.md")


def step_page(step: Step) -> str:
    return role_level_page(step.source, step.slug)


def relative(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A Markdown link target from one generated page to another (MkDocs resolves `.md` links).

    Both are safe paths (no `.`, `..` or empty segments), so the common prefix is the whole answer;
    `posixpath.relpath` would also normalise and consult the working directory, once per link.
    """
    start, target = from_page.split("/")[:-1], to_page.split("/")
    common = 0
    while common < len(start) and common < len(target) - 1 and start[common] == target[common]:
        common += 1
    path = "/".join([".."] * (len(start) - common) + target[common:])
    return f"{path}#{anchor}" if anchor else path


def address(page: str) -> str:
    """The URL path a page is published at: `a/index.md` and `a.md` both become `a/`."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def nav_pages(nav: object) -> frozenset[str]:
    """Every page a `nav` as mkdocs.yml writes it places: `- a.md`, `- Title: a.md`, sections of them."""
    found: set[str] = set()
    stack = [nav]
    while stack:
        entry = stack.pop()
        if isinstance(entry, str):
            found.add(entry)
        elif isinstance(entry, dict):
            stack.extend(entry.values())
        elif isinstance(entry, list):
            stack.extend(entry)
    return frozenset(found)


def replaced(handwritten: Iterable[str]) -> frozenset[str]:
    """The guides that hand-written pages take the place of: those at the same path (so links to them still work)."""
    return REPLACEABLE & frozenset(handwritten)
