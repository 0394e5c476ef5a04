"""Cross-checks: what a single file's schema cannot see.

References between levels, tracks, competencies, families and roles; ids
that must be unique; branch cycles; and the warnings that `--strict` turns
into failures. Each finding is located at the YAML value it is about.
"""

from __future__ import annotations

from typing import Any

from . import order, words
from .corecheck import check_core, check_core_families, check_core_gaps, check_core_use, core_ids_for
from .document import Document, Line
from .errors import Diagnostic
from .ids import RESERVED_FAMILY_IDS, RESERVED_IN_FAMILY, heading_anchor_problem
from .model import Competency, Expectation, Family, Handbook, Role
from .structure import (
    ANY_FAMILY,
    Report,
    check_gaps,
    check_groups,
    check_level_pages,
    check_size,
    check_structure,
    check_summaries,
    choices,
    levels_below,
    reserved,
    unknown,
)


def _check_handbook(handbook: Handbook, report: Report) -> None:
    for name in ("rating_scale", "review_cadence", "values", "alignment_areas", "grades", "proficiency"):
        report.unique(getattr(handbook, name), (name,), name.replace("_", " ").rstrip("s"))
    for label, words_instead in handbook.labels.items():
        problem, at_key = words.label_problem(label, words_instead)
        if problem:
            report.error(("labels", label), problem, key=at_key)


class _Expectations:
    """Expectation ids seen so far in one family (and role), for uniqueness and `replaces`.

    `elsewhere` holds the ids the family's other roles define (id -> where): a role may not reuse
    them, because next-level pages compare roles, and ids key readers' saved checklists.
    """

    def __init__(
        self,
        family: Family,
        sound: bool,
        inherited: _Expectations | None = None,
        elsewhere: dict[str, Line] | None = None,
        proficiency: set[str] | None = None,
    ):
        self.family = family
        self.sound = sound
        self.where: dict[str, tuple[str, str]] = dict(inherited.where) if inherited else {}  # id -> (competency id, level id)
        self.elsewhere = elsewhere if elsewhere is not None else {}
        self.proficiency: set[str] | None = proficiency if proficiency is not None or inherited is None else inherited.proficiency
        self.added: dict[str, Line] = {}  # ids first defined here -> where, "path:line" when shown
        self.levels_of: dict[str, set[str]] = {}  # per-level families: the levels each id of this file is written at
        self.role_levels: set[str] | None = None  # a role's levels, when it names some (None: its tracks decide)
        self.core_ids: set[str] = set(inherited.core_ids) if inherited else set()  # handbook.yml's core for the family
        self.pending: list[tuple[Report, tuple, Expectation, str, str]] = []

    def add(
        self, report: Report, comp: Competency, by_level: dict[str, list[Expectation]], where: tuple, covered: set[str] | None
    ) -> None:
        """Check and record expectations of `comp` by level; `covered` is the role's tracks (None for the family's core)."""
        levels = {lv.id: lv for lv in self.family.levels}
        known = {t.id for t in self.family.tracks}
        for level_id, items in by_level.items():
            if level_id not in levels:
                report.error(where + (level_id,), unknown("level", level_id, levels, "levels are"), key=True)
                continue
            track = levels[level_id].track
            if track not in known:
                pass  # the level's own unknown track is reported where the level is
            elif covered is not None and track not in covered:
                report.error(
                    where + (level_id,),
                    f"level '{level_id}' is on track '{track}', which this role does not cover ({choices(covered)})",
                    key=True,
                )
            elif self.role_levels is not None and level_id not in self.role_levels:
                report.error(
                    where + (level_id,),
                    f"level '{level_id}' is not one of this role's levels ({choices(self.role_levels)})",
                    key=True,
                )
            elif comp.tracks and track not in comp.tracks:
                report.error(
                    where + (level_id,),
                    f"level '{level_id}' is on track '{track}', but competency '{comp.id}' "
                    f"applies only to track(s): {choices(comp.tracks)}",
                    key=True,
                )
            for i, exp in enumerate(items):
                self._add_one(report, where + (level_id, i), exp, comp.id, level_id)

    def _add_one(self, report: Report, loc: tuple, exp: Expectation, comp_id: str, level_id: str) -> None:
        reserved_anchor = heading_anchor_problem(exp.id)
        if reserved_anchor:
            report.error(loc + ("id",), reserved_anchor)
        if exp.proficiency is not None and self.proficiency is not None and exp.proficiency not in self.proficiency:
            report.error(
                loc + ("proficiency",),
                unknown("proficiency", exp.proficiency, self.proficiency, "handbook.yml's proficiency scale is"),
            )
        if self.family.require_examples and not exp.examples:
            report.warning(loc + ("id",), f"expectation '{exp.id}' has no examples")
        per_level = self.family.progression == "per-level"
        if per_level and exp.replaces:
            report.error(
                loc + ("replaces",),
                "`replaces` is for cumulative families: in a per-level family, the same id at the next level "
                "is the same expectation, reworded",
            )
        if exp.id in self.where or exp.id in self.elsewhere:
            if per_level and self._again_at(exp.id, comp_id, level_id):
                return
            also = f"; also at {self.elsewhere[exp.id]}" if exp.id in self.elsewhere else ""
            rule = "unique in a family and all its roles" if not per_level else self._per_level_rule(exp.id, comp_id)
            report.error(loc + ("id",), f"duplicate expectation id '{exp.id}' (ids must be {rule}{also})")
            return
        self.where[exp.id] = (comp_id, level_id)
        self.levels_of[exp.id] = {level_id}
        self.added[exp.id] = Line(report.doc, loc + ("id",))
        if exp.replaces and not per_level:
            self.pending.append((report, loc, exp, comp_id, level_id))

    def _again_at(self, exp_id: str, comp_id: str, level_id: str) -> bool:
        """In a per-level family, the same expectation of the same competency written again at another level."""
        if exp_id not in self.levels_of or self.where[exp_id][0] != comp_id or level_id in self.levels_of[exp_id]:
            return False
        self.levels_of[exp_id].add(level_id)
        return True

    def _per_level_rule(self, exp_id: str, comp_id: str) -> str:
        if exp_id in self.levels_of and self.where[exp_id][0] != comp_id:
            return f"one expectation: '{exp_id}' is already of competency '{self.where[exp_id][0]}'"
        if exp_id in self.levels_of:
            return "unique within a level"
        return "unique to the family's core or to one role"

    def check_replaces(self) -> None:
        for report, loc, exp, comp_id, level_id in self.pending:
            target = self.where.get(exp.replaces) if exp.replaces else None
            if target is None:
                report.error(loc + ("replaces",), f"replaces unknown expectation '{exp.replaces}'")
            elif target[0] != comp_id:
                report.error(
                    loc + ("replaces",), f"replaces '{exp.replaces}' of competency '{target[0]}'; replace only within '{comp_id}'"
                )
            elif self.sound and target[1] not in [lv.id for lv in order.path_to(self.family, level_id)[:-1]]:
                report.error(
                    loc + ("replaces",),
                    f"replaces '{exp.replaces}' of level '{target[1]}', which is not below '{level_id}' on its track",
                )


def _check_competencies(
    competencies: list[Competency], report: Report, registry: _Expectations, family: Family, covered: set[str] | None = None
) -> None:
    track_ids = {t.id for t in family.tracks}
    check_summaries(family, competencies, report, levels=covered is None)
    check_groups(family, competencies, report)
    for ci, comp in enumerate(competencies):
        for ti, track in enumerate(comp.tracks or []):
            if track not in track_ids:
                report.error(("competencies", ci, "tracks", ti), unknown("track", track, track_ids, "tracks are"))
        registry.add(report, comp, comp.expectations, ("competencies", ci, "expectations"), covered)


def _check_role(role: Role, report: Report, family: Family, registry: _Expectations) -> None:
    track_ids = {t.id for t in family.tracks}
    for i, track in enumerate(role.tracks or []):
        if track not in track_ids:
            report.error(("tracks", i), unknown("track", track, track_ids, "tracks are"))
    astray = {lv.id: lv.track for lv in family.levels if lv.track not in track_ids}  # reported at the level alone
    covered = (set(role.tracks or track_ids) & track_ids) | set(astray.values())
    levels = {lv.id: lv for lv in family.levels}
    _check_role_levels(role, report, family, covered)
    registry.role_levels = {lv.id for lv in order.role_levels(family, role)} | set(astray) if role.levels is not None else None
    for level_id in role.titles:
        if level_id not in levels:
            report.error(("titles", level_id), unknown("level", level_id, levels, "levels are"), key=True)
        elif levels[level_id].track not in covered:
            report.error(("titles", level_id), f"level '{level_id}' is not on a track this role covers", key=True)
        elif registry.role_levels is not None and level_id not in registry.role_levels:
            report.error(("titles", level_id), f"level '{level_id}' is not one of this role's levels", key=True)
    shared = {c.id: c for c in family.competencies}
    for i, comp_id in enumerate(role.without):
        if comp_id not in shared and comp_id not in registry.core_ids:
            known = set(shared) | registry.core_ids
            report.error(("without", i), unknown("competency", comp_id, known, "the family's competencies are"))
        elif comp_id in role.expectations:
            report.error(("expectations", comp_id), f"competency '{comp_id}' is one this role leaves out (`without`)", key=True)
    for comp_id, by_level in role.expectations.items():
        if comp_id not in shared:
            report.error(("expectations", comp_id), unknown("competency", comp_id, shared, "competencies are"), key=True)
            continue
        registry.add(report, shared[comp_id], by_level, ("expectations", comp_id), covered)
    report.unique(role.competencies, ("competencies",), "competency")
    for ci, comp in enumerate(role.competencies):
        if comp.id in shared:
            report.error(
                ("competencies", ci, "id"),
                f"competency '{comp.id}' is already in family '{family.id}'; add to it under `expectations:`",
            )
    if family.require_summaries and role.summary is None:
        report.warning(("id",), f"role '{role.id}' has no summary")
    _check_competencies(role.competencies, report, registry, family, covered)


def _check_role_levels(role: Role, report: Report, family: Family, covered: set[str]) -> None:
    levels = {lv.id: lv for lv in family.levels}
    for i, level_id in enumerate(role.levels or []):
        if level_id not in levels:
            report.error(("levels", i), unknown("level", level_id, levels, "levels are"))
        elif levels[level_id].track not in covered:
            report.error(
                ("levels", i), f"level '{level_id}' is on track '{levels[level_id].track}', which this role does not cover"
            )
    if role.levels is not None and not order.role_levels(family, role):
        report.error(("levels",), "the role has none of the family's levels; name at least one")


def _check_step_addresses(family: Family, members: list[tuple[Role, Report]]) -> None:
    """Next-level pages are `next-<level>` within a role and `next-<role>-<level>` into another role:
    refuse ids that would make two of those names the same."""
    level_ids = {lv.id for lv in family.levels}
    seen: dict[str, str] = {}
    for role, report in members:
        for level in order.role_levels(family, role):
            name = f"{role.id}-{level.id}"
            clash = f"level '{name}'" if name in level_ids else seen.get(name)
            if clash:
                report.error(
                    ("id",),
                    f"role '{role.id}' at level '{level.id}' and {clash} would share the page name "
                    f"'next-{name}'; rename the role or the level",
                )
            seen.setdefault(name, f"role '{role.id}' at level '{level.id}'")


_Checked = dict[str, tuple[Family, Document, _Expectations]]  # family id -> family, its file, its expectation ids


def _check_families(
    parsed: list[tuple[Family, Document]], handbook: Handbook | None, core: dict[str, Line]
) -> tuple[_Checked, list[Diagnostic]]:
    grade_ids = {g.id for g in handbook.grades} if handbook is not None else None
    proficiency = {p.id for p in handbook.proficiency} if handbook is not None else None
    found: list[Diagnostic] = []
    families: _Checked = {}
    for family, doc in parsed:
        report = Report(doc)
        if family.id in families:
            report.error(("id",), f"duplicate family id '{family.id}' (also in {families[family.id][1].path})")
            found += report.found
            continue
        if family.id in RESERVED_FAMILY_IDS:
            what = RESERVED_FAMILY_IDS[family.id]
            report.error(
                ("id",), f"family id '{family.id}' is reserved: the handbook publishes its {what} at that address; choose another"
            )
        report.unique(family.groups, ("groups",), "group")
        sound = check_structure(family, report, grade_ids)
        registry = _Expectations(family, sound, elsewhere=dict(core), proficiency=proficiency)
        registry.core_ids = core_ids_for(handbook, family)
        check_core_use(handbook, family, report)
        _check_competencies(family.competencies, report, registry, family)
        registry.check_replaces()
        if sound:
            below = levels_below(family)
            check_gaps(family, report, below)
            check_core_gaps(handbook, family, report, below)
            check_level_pages(family, report)
            check_size(family, report, below)
        families[family.id] = (family, doc, registry)
        found += report.found
    return families, found


def _check_roles(
    parsed: list[tuple[Role, Document]], families: _Checked, broken: set[str], core: dict[str, Line]
) -> list[Diagnostic]:
    roles: dict[str, Document] = {}
    role_ids = {family_id: dict(core) for family_id in families}  # expectation ids of the core and of roles -> where
    members: dict[str, list[tuple[Role, Report]]] = {}
    reports = []
    for role, doc in parsed:
        report = Report(doc)
        reports.append(report)
        if role.id in roles:
            report.error(("id",), f"duplicate role id '{role.id}' (also in {roles[role.id].path})")
        elif role.family in broken or (ANY_FAMILY in broken and role.family not in families):
            pass  # its family's own errors come first; checking against it would only echo them
        elif role.family not in families:
            report.error(("family",), unknown("family", role.family, families, "families are"))
        else:
            family, _, family_registry = families[role.family]
            if role.id in RESERVED_IN_FAMILY:
                report.error(("id",), reserved("role", role.id, family.id))
            registry = _Expectations(family, family_registry.sound, family_registry, role_ids[family.id])
            _check_role(role, report, family, registry)
            registry.check_replaces()
            role_ids[family.id].update(registry.added)
            members.setdefault(family.id, []).append((role, report))
        roles.setdefault(role.id, doc)
    for family_id, roles_of_family in members.items():
        _check_step_addresses(families[family_id][0], roles_of_family)
    return [d for report in reports for d in report.found]


def crosscheck(handbook: Handbook | None, parsed: dict[str, list[tuple[Any, Document]]], broken: set[str]) -> list[Diagnostic]:
    """All cross-file and cross-reference findings, errors and warnings."""
    core: dict[str, Line] = {}  # the core's expectation ids -> where, which families and roles may not reuse
    report = Report(parsed["handbook"][0][1]) if handbook is not None else None
    if handbook is not None and report is not None:
        _check_handbook(handbook, report)
        core = check_core(handbook, report)
    families, family_findings = _check_families(parsed["family"], handbook, core)
    if handbook is not None and report is not None and ANY_FAMILY not in broken:
        check_core_families(handbook, report, set(families) | broken)
    return (report.found if report else []) + family_findings + _check_roles(parsed["role"], families, broken, core)
