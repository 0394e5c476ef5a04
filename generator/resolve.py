"""Resolve: compute, once, what each role-level expects and what each next step changes.

A role-level's expectations are everything defined at or below its level
along its track's path (the family's core plus the role's additions), minus
what a later expectation `replaces`. A step to a next level (on the same
track, or a branch into another track) is the difference of two such sets.
"""

from __future__ import annotations

from functools import partial
from typing import Literal

from . import order
from .memo import Memo
from .model import Competency, CoreCompetency, Expectation, Family, Ladders, Level, Role
from .resolved import (
    CompetencyChange,
    CompetencyView,
    Item,
    ResolvedFamily,
    ResolvedRole,
    RoleLevel,
    Site,
    Status,
    Step,
)


def _defined(family: Family, resolved_role: ResolvedRole, level: Level) -> list[tuple[Competency, Expectation, bool]]:
    """Expectations written at exactly `level`: the organisation's core at its grade first, then the family's core,
    then the role's additions, then its own competencies."""
    role = resolved_role.source
    left_out = set(role.without) if role is not None else set()
    found = [(c, e, False) for c in resolved_role.core for e in c.expectations.get(level.grade or "", [])]
    found += [(c, e, False) for c in family.competencies if c.id not in left_out for e in c.expectations.get(level.id, [])]
    if role is not None:
        shared = {c.id: c for c in family.competencies}
        for comp_id, by_level in role.expectations.items():
            found += [(shared[comp_id], e, True) for e in by_level.get(level.id, [])]
        found += [(c, e, True) for c in role.competencies for e in c.expectations.get(level.id, [])]
    return found


def _competency_order(family: Family, resolved_role: ResolvedRole) -> list[tuple[Competency, bool]]:
    role = resolved_role.source
    left_out = set(role.without) if role is not None else set()
    shared = [(c, False) for c in [*resolved_role.core, *family.competencies] if c.id not in left_out]
    return shared + [(c, True) for c in (role.competencies if role else [])]


def _differs(old: Expectation, new: Expectation) -> bool:
    """The same expectation (one id) written again at a higher level of a per-level family: reworded, or at another proficiency."""
    return old.text != new.text or old.proficiency != new.proficiency


def _written_at(family: Family, role: ResolvedRole, level: Level) -> list[tuple[Level, Competency, Expectation, bool, Status]]:
    """Each expectation that applies at `level`, with the level it is written at and its status there.

    Cumulative: everything written along the level's path, less what a later one `replaces`; new and
    changed are those written at `level` itself. Per-level: what is written at `level`, compared by id
    with the level below it on the path (new, changed when reworded or at another proficiency, or the same).
    """
    path = order.path_to(family, level.id)
    if family.progression == "per-level":
        below = {e.id: e for _, e, _ in _defined(family, role, path[-2])} if len(path) > 1 else {}
        found = []
        for c, e, specific in _defined(family, role, level):
            old = below.get(e.id)
            status: Status = "new" if old is None else ("changed" if _differs(old, e) else "carried")
            found.append((level, c, e, specific, status))
        return found
    every = [(lv, c, e, specific) for lv in path for c, e, specific in _defined(family, role, lv)]
    written, seen = [], set()  # the organisation's core comes again at each level of one grade: keep the lowest
    for entry in every:
        if entry[2].id not in seen:
            seen.add(entry[2].id)
            written.append(entry)
    replaced = {e.replaces for _, _, e, _ in written if e.replaces}
    return [
        (lv, c, e, specific, "carried" if lv.id != level.id else ("changed" if e.replaces else "new"))
        for lv, c, e, specific in written
        if e.id not in replaced
    ]


def _expectations_at(family: Family, role: ResolvedRole, level: Level) -> list[CompetencyView]:
    written = _written_at(family, role, level)
    views = []
    for comp, comp_specific in _competency_order(family, role):
        items = [Item(e, comp, lv, specific, status) for lv, c, e, specific, status in written if c.id == comp.id]
        if items:
            views.append(CompetencyView(comp, items, comp_specific))
    return views


def _replacement_chain(source: RoleLevel, target: RoleLevel) -> dict[str, str]:
    """Expectation id -> the id it replaces, across everything either side can see."""
    chain = {}
    for role_level in (source, target):
        family, role = role_level.family, role_level.role
        for lv in order.path_to(family, role_level.level.id):
            chain.update({e.id: e.replaces for _, e, _ in _defined(family, role, lv) if e.replaces})
    return chain


def _nearest_before(chain: dict[str, str], exp_id: str, before: dict[str, Item]) -> str | None:
    """The first expectation `exp_id` replaces, directly or through others, that `before` holds.

    Validation keeps `replaces` pointing down the ladder, so chains end; the visited set makes
    sure this walk ends on any input, whatever rule a future change relaxes.
    """
    visited = {exp_id}
    ancestor = chain.get(exp_id)
    while ancestor is not None and ancestor not in before:
        if ancestor in visited:
            return None
        visited.add(ancestor)
        ancestor = chain.get(ancestor)
    return ancestor


def diff(source: RoleLevel, target: RoleLevel) -> list[CompetencyChange]:
    """What `target` expects that `source` does not, per competency: new, changed and dropped."""
    before = {item.expectation.id: item for item in source.items()}
    after_ids = {item.expectation.id for item in target.items()}
    chain = _replacement_chain(source, target)
    superseded = set()
    changes: dict[str, CompetencyChange] = {}

    def change_for(comp: Competency) -> CompetencyChange:
        return changes.setdefault(comp.id, CompetencyChange(comp, [], [], []))

    for item in target.items():
        if item.expectation.id in before:
            old = before[item.expectation.id]
            if _differs(old.expectation, item.expectation):  # per-level: one id, reworded or at another proficiency
                change_for(item.competency).changed.append((item, old))
            continue
        ancestor = _nearest_before(chain, item.expectation.id, before)
        if ancestor is None:
            change_for(item.competency).new.append(item)
        else:
            superseded.add(ancestor)
            change_for(item.competency).changed.append((item, before[ancestor]))
    for exp_id, item in before.items():
        if exp_id not in after_ids and exp_id not in superseded:
            change_for(item.competency).dropped.append(item)
    order_ids = [c.id for c, _ in _competency_order(target.family, target.role)]
    order_ids += [c.id for c, _ in _competency_order(source.family, source.role) if c.id not in order_ids]
    return sorted(changes.values(), key=lambda ch: order_ids.index(ch.competency.id))


def _core_of(core: list[CoreCompetency], family: Family, role: Role | None) -> list[Competency]:
    """The organisation's core competencies a role of `family` has: those for its family, less what either leaves out."""
    left_out = set(family.without) | set(role.without if role else [])
    return [c for c in core if (c.families is None or family.id in c.families) and c.id not in left_out]


def _roles_of(family: Family, roles: list[Role], core: list[CoreCompetency]) -> list[ResolvedRole]:
    own = [r for r in roles if r.family == family.id]
    if not own:
        return [ResolvedRole(family.id, family.name, family.summary, True, None, _core_of(core, family, None))]
    return [ResolvedRole(r.id, r.name, r.summary, False, r, _core_of(core, family, r)) for r in own]


def _resolve_family(family: Family, roles: list[Role], upward_review: bool, core: list[CoreCompetency]) -> ResolvedFamily:
    resolved = ResolvedFamily(family, _roles_of(family, roles, core), core=_core_of(core, family, None))
    tracks = {t.id: t for t in family.tracks}
    for role in resolved.roles:
        titles = role.source.titles if role.source else {}
        for level in order.role_levels(family, role.source):
            views = _expectations_at(family, role, level)
            track = tracks[level.track]
            upward = upward_review and track.kind == "manager"
            role.levels.append(RoleLevel(family, role, level, track, titles.get(level.id, level.title), views, upward))
    _link_steps(resolved)
    return resolved


def _covering(resolved: ResolvedFamily, preferred: ResolvedRole, level_id: str) -> RoleLevel | None:
    """The role-level at `level_id` in `preferred` if it has one, else in the first role that does."""
    for role in [preferred] + resolved.roles:
        match = next((rl for rl in role.levels if rl.level.id == level_id), None)
        if match:
            return match
    return None


def _link_steps(resolved: ResolvedFamily) -> None:
    family = resolved.definition
    for role in resolved.roles:
        for rl in role.levels:
            path = order.path_to(family, rl.level.id)
            if len(path) > 1:
                rl.previous = _covering(resolved, role, path[-2].id)
            same_track = order.track_levels(family, rl.track.id)
            index = [lv.id for lv in same_track].index(rl.level.id)
            targets: list[tuple[Literal["promotion", "branch"], str]] = []
            if index + 1 < len(same_track):
                targets.append(("promotion", same_track[index + 1].id))
            targets += [
                ("branch", order.track_levels(family, t.id)[0].id) for t in family.tracks if t.branches_from == rl.level.id
            ]
            for kind, level_id in targets:
                target = _covering(resolved, role, level_id)
                if target is not None:
                    rl.steps.append(Step(rl, target, kind, diff(rl, target)))


def resolve_ladders(ladders: Ladders, memo: Memo | None = None) -> Site:
    """The whole handbook, resolved: every role-level with its expectations and next steps.
    `memo`: the families the last build resolved, kept across the rebuilds of `mkdocs serve` (generator/memo.py)."""
    assert ladders.handbook is not None, "resolve_ladders() takes validated ladders"
    memo, handbook = memo if memo is not None else Memo(), ladders.handbook
    families = []
    for family in ladders.families:
        own = [role for role in ladders.roles if role.family == family.id]  # all a family's resolution reads
        make = partial(_resolve_family, family, own, handbook.upward_review, handbook.core)
        resolved = memo.get("family", handbook.upward_review, make, same=(family, handbook.core, *own))
        resolved.source_path = ladders.sources.get(("family", family.id))
        families.append(resolved)
    return Site(ladders.handbook, families, ladders.sources)
