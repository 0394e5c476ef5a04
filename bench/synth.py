"""A deterministic synthetic organisation, for benchmarks.

`organisation(role_levels, seed)` returns ladder files (path -> YAML text)
for about that many role-levels: families of six IC levels and three manager
levels, five IC roles sharing each family's core and one manager role, so a
larger organisation has more families rather than larger ones.
Every role-level expects 25-40 things, half of them with examples, in
sentences of realistic length. Same arguments, same bytes.
"""

from __future__ import annotations

import random

import yaml

IC_LEVELS, MANAGER_LEVELS, COMPETENCIES, IC_ROLES = 6, 3, 6, 5
WORDS = (
    "team customer design review plan delivery service system release incident quality risk scope "
    "decision feedback mentor estimate document change test data platform roadmap goal metric budget "
    "process hiring coach support stakeholder priority trade-off outcome problem solution experiment "
    "reliability security performance clarity context ownership standard practice pattern interface"
).split()
VERBS = "leads writes builds reviews improves explains shares plans owns measures designs supports".split()


def _sentence(rng: random.Random, low: int = 12, high: int = 24) -> str:
    words = [rng.choice(VERBS)] + [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _expectation(rng: random.Random, ident: str, replaces: str | None = None) -> dict:
    item: dict = {"id": ident, "text": _sentence(rng)}
    if rng.random() < 0.5:
        item["examples"] = [_sentence(rng, 8, 16) for _ in range(rng.randint(1, 2))]
    if replaces:
        item["replaces"] = replaces
    return item


def _family(rng: random.Random, f: int) -> dict:
    ic = [f"f{f}-ic{i}" for i in range(1, IC_LEVELS + 1)]
    mg = [f"f{f}-m{i}" for i in range(1, MANAGER_LEVELS + 1)]
    levels = [{"id": lv, "title": f"Level {lv}", "track": "ic", "summary": _sentence(rng), "scope": _sentence(rng)} for lv in ic]
    levels += [{"id": lv, "title": f"Manager {lv}", "track": "mgr", "summary": _sentence(rng), "scope": _sentence(rng)} for lv in mg]
    competencies = []
    for c in range(COMPETENCIES):
        by_level: dict[str, list] = {}
        written: list[str] = []  # what a later level may replace: only levels below it on its path
        at_branch: list[str] = []
        for index, level in enumerate(ic + mg):
            if level == mg[0]:
                written = at_branch
            count = 4 if index == 0 else 1
            items = []
            for n in range(count):
                ident = f"f{f}-c{c}-{level}-{n}"
                replaced = written.pop(0) if index and written and rng.random() < 0.8 else None
                items.append(_expectation(rng, ident, replaced))
                written.append(ident)
            by_level[level] = items
            if index == 2:
                at_branch = list(written)
        competencies.append({"id": f"f{f}-c{c}", "name": f"Competency {c + 1}", "summary": _sentence(rng), "expectations": by_level})
    return {
        "id": f"family-{f}", "name": f"Family {f}", "summary": _sentence(rng),
        "tracks": [{"id": "ic", "name": "Individual contributor"},
                   {"id": "mgr", "name": "People manager", "kind": "manager", "branches_from": ic[2]}],
        "levels": levels, "competencies": competencies,
    }


def _role(rng: random.Random, f: int, r: int, family: dict) -> dict:
    ic = [lv["id"] for lv in family["levels"] if lv["track"] == "ic"]
    additions = {lv: [_expectation(rng, f"f{f}-r{r}-{lv}-{n}") for n in range(2 if i == 0 else 1)] for i, lv in enumerate(ic)}
    return {
        "id": f"family-{f}-role-{r}", "family": family["id"], "name": f"Role {r} of family {f}", "summary": _sentence(rng),
        "tracks": ["ic"], "titles": {lv: f"Role {r} {lv}" for lv in ic},
        "expectations": {f"f{f}-c0": additions},
    }


def organisation(role_levels: int, seed: int = 7) -> dict[str, str]:
    """Ladder files for an organisation of about `role_levels` role-levels."""
    rng = random.Random(seed)
    per_family = IC_ROLES * IC_LEVELS + MANAGER_LEVELS
    families = max(1, round(role_levels / per_family))
    files = {"handbook.yml": yaml.safe_dump({"organisation": "Synthetic Org"})}
    for f in range(families):
        family = _family(rng, f)
        files[f"families/family-{f}.yml"] = yaml.safe_dump(family, sort_keys=False)
        for r in range(IC_ROLES):
            files[f"roles/family-{f}-role-{r}.yml"] = yaml.safe_dump(_role(rng, f, r, family), sort_keys=False)
        manager = {"id": f"family-{f}-manager", "family": family["id"], "name": f"Manager of family {f}",
                   "summary": _sentence(rng), "tracks": ["mgr"]}
        files[f"roles/family-{f}-manager.yml"] = yaml.safe_dump(manager, sort_keys=False)
    return files
