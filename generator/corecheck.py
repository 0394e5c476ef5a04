"""Checks of the organisation's core: the competencies of handbook.yml that every family (or those each
names) shares, with expectations keyed by grade. Each finding is located at the YAML value it is about."""

from __future__ import annotations

from .document import Line
from .ids import heading_anchor_problem
from .model import Family, Handbook
from .structure import Report, left_out, unknown


def check_core(handbook: Handbook, report: Report) -> dict[str, Line]:
    """Check handbook.yml's `core`; return its expectation ids -> "path:line", which no family or role may reuse."""
    report.unique(handbook.core, ("core",), "core competency")
    grades = [g.id for g in handbook.grades]
    proficiency = {p.id for p in handbook.proficiency}
    where: dict[str, tuple[str, str]] = {}  # expectation id -> (competency id, grade id)
    found: dict[str, Line] = {}
    for ci, comp in enumerate(handbook.core):
        at = ("core", ci)
        for grade, items in comp.expectations.items():
            if grade not in grades:
                report.error(at + ("expectations", grade), unknown("grade", grade, grades, "handbook.yml grades are"), key=True)
                continue
            for i, exp in enumerate(items):
                loc = at + ("expectations", grade, i)
                reserved_anchor = heading_anchor_problem(exp.id)
                if reserved_anchor:
                    report.error(loc + ("id",), reserved_anchor)
                if exp.id in where:
                    report.error(loc + ("id",), f"duplicate expectation id '{exp.id}' (ids must be unique in the core)")
                    continue
                if exp.proficiency is not None and exp.proficiency not in proficiency:
                    report.error(
                        loc + ("proficiency",),
                        unknown("proficiency", exp.proficiency, proficiency, "handbook.yml's proficiency scale is"),
                    )
                if exp.replaces is not None:
                    _check_replaces(report, loc, exp.replaces, comp.id, grade, where, grades)
                where[exp.id] = (comp.id, grade)
                found[exp.id] = Line(report.doc, loc + ("id",))
    return found


def _check_replaces(report: Report, loc: tuple, target: str, comp_id: str, grade: str, where: dict, grades: list[str]) -> None:
    """A core expectation replaces one of the same competency at a lower grade (written above it in the file)."""
    if target not in where:
        report.error(loc + ("replaces",), f"replaces unknown expectation '{target}' (of a lower grade, written above it)")
    elif where[target][0] != comp_id:
        report.error(
            loc + ("replaces",), f"replaces '{target}' of competency '{where[target][0]}'; replace only within '{comp_id}'"
        )
    elif grades.index(where[target][1]) >= grades.index(grade):
        report.error(loc + ("replaces",), f"replaces '{target}' of grade '{where[target][1]}', which is not below '{grade}'")


def core_ids_for(handbook: Handbook | None, family: Family) -> set[str]:
    """The ids of the core competencies that apply to `family` before its `without`."""
    if handbook is None:
        return set()
    return {c.id for c in handbook.core if c.families is None or family.id in c.families}


def check_core_use(handbook: Handbook | None, family: Family, report: Report) -> None:
    """A family's `without` names core competencies, and its own competencies do not take their ids."""
    if handbook is None:
        return
    core = core_ids_for(handbook, family)
    for i, comp_id in enumerate(family.without):
        if comp_id not in core:
            report.error(("without", i), unknown("core competency", comp_id, core, "handbook.yml's core for this family is"))
    for i, comp in enumerate(family.competencies):
        if comp.id in core and comp.id not in family.without:
            report.error(
                ("competencies", i, "id"),
                f"competency '{comp.id}' is in handbook.yml's core; choose another id or leave the core's out (`without`)",
            )


def check_core_families(handbook: Handbook, report: Report, family_ids: set[str]) -> None:
    for ci, comp in enumerate(handbook.core):
        for i, family_id in enumerate(comp.families or []):
            if family_id not in family_ids:
                report.error(("core", ci, "families", i), unknown("family", family_id, family_ids, "families are"))


def check_core_gaps(handbook: Handbook | None, family: Family, report: Report, below: dict[str, list]) -> None:
    """In a per-level family, a level that takes nothing of a core competency by its grade, where levels below and
    above it on its path take something, has left it out: nothing carries up, so its page would drop it."""
    if handbook is None or family.progression != "per-level":
        return
    applying = core_ids_for(handbook, family) - set(family.without)
    index = {lv.id: i for i, lv in enumerate(family.levels)}
    for comp in (c for c in handbook.core if c.id in applying):
        by_level = {lv.id: comp.expectations.get(lv.grade or "", []) for lv in family.levels}
        for track in family.tracks:
            levels = [lv.id for lv in family.levels if lv.track == track.id]
            for level_id in left_out(by_level, levels, below):
                grade = family.levels[index[level_id]].grade
                why = f"handbook.yml's core has none for its grade '{grade}'" if grade else "it has no grade"
                report.warning(
                    ("levels", index[level_id], "grade" if grade else "id"),
                    f"level '{level_id}' takes no expectations of core competency '{comp.id}' ({why}), though the levels "
                    "below and above it do: a per-level family lists each level in full, so its page leaves the competency out",
                )
