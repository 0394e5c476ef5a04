"""The ladder data model: the single source of truth for what YAML may say.

Three kinds of file, each a model below: `handbook.yml` (the organisation),
`families/*.yml` (a job family's ladder) and `roles/*.yml` (a role that follows
a family's ladder). Models are strict: YAML 1.1 booleans, numbers and dates
are not accepted where text or an id is expected, and unknown keys are errors.
The descriptions here become the JSON Schema that editors show while typing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .ids import check_id
from .text import url_problem
from .words import N_

Id = Annotated[str, AfterValidator(check_id), Field(json_schema_extra={"pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"})]
# Controls (an escape sequence written as "\e[31m" in double quotes) and bidirectional overrides would reach
# every page, the export and the terminal: text holds words, tabs and line breaks only.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _words_only(value: str) -> str:
    found = _CONTROLS.search(value)
    if found:
        raise ValueError(f"control character U+{ord(found.group()):04X} in the text; remove it")
    return value


Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=r"\S"), AfterValidator(_words_only)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- handbook.yml -----------------------------------------------------------


class Rating(_Strict):
    id: Id = Field(description="Short and stable, unique in the scale, e.g. 'meeting'.")
    name: Text = Field(description="How the rating reads on a self-assessment, e.g. 'Meeting'.")
    description: Text | None = Field(None, description="What the rating means; shown beside its name.")


class Cadence(_Strict):
    id: Id = Field(description="Short and stable, unique in review_cadence, e.g. 'one-to-one'.")
    name: Text = Field(description="e.g. 'Monthly check-in'.")
    every: Text = Field(description="How often it happens, in words: 'month', 'quarter'.")
    description: Text | None = Field(None, description="What the conversation is for and what happens in it.")


class Value(_Strict):
    id: Id = Field(description="Short and stable, unique in values, e.g. 'say-it-early'.")
    name: Text = Field(description="e.g. 'Say it early'.")
    description: Text = Field(description="What the value means in everyday work.")


class AlignmentArea(_Strict):
    id: Id = Field(description="Short and stable, unique in alignment_areas, e.g. 'focus'.")
    name: Text = Field(description="e.g. 'Focus'.")
    prompt: Text = Field(description="The question this area of a review conversation answers.")


class Proficiency(_Strict):
    id: Id = Field(
        description="Short and stable, unique in the scale, e.g. 'practitioner'; what an expectation's `proficiency` names."
    )
    name: Text = Field(description="e.g. 'Practitioner'.")
    description: Text | None = Field(None, description="What working at this proficiency looks like.")


class Grade(_Strict):
    id: Id = Field(description="Short and stable, unique in grades; what a level's `grade` names, e.g. 'g3'.")
    name: Text = Field(description="e.g. 'Grade 3'.")
    description: Text | None = Field(None, description="What the grade stands for, in every family.")


# The defaults read in the handbook's language (render translates them); written here in English.
DEFAULT_RATINGS = (
    Rating(id="working-towards", name=N_("Working towards"), description=N_("Not yet doing this consistently.")),
    Rating(id="meeting", name=N_("Meeting"), description=N_("Doing this reliably, without prompting.")),
    Rating(id="exceeding", name=N_("Exceeding"), description=N_("Doing this beyond what the level asks, and others notice.")),
)

DEFAULT_ALIGNMENT = (
    AlignmentArea(id="focus", name=N_("Focus"), prompt=N_("What should I spend most of my time on until we next meet?")),
    AlignmentArea(
        id="baseline", name=N_("Baseline expectations"), prompt=N_("Which expectations am I not yet meeting reliably?")
    ),
    AlignmentArea(id="opportunities", name=N_("Opportunities"), prompt=N_("Where could I stretch towards the next level?")),
    AlignmentArea(id="risks", name=N_("Risks"), prompt=N_("What could get in the way, and what would help?")),
)
DEFAULT_SEND_BEFORE = N_("a week")


class Handbook(_Strict):
    """`ladders/handbook.yml`: what applies to the whole organisation."""

    organisation: Text = Field(description="The organisation's name; the site title when mkdocs.yml's site_name is empty.")
    summary: Text | None = Field(None, description="One paragraph on what this handbook is for.")
    rating_scale: list[Rating] = Field(
        default=list(DEFAULT_RATINGS),
        min_length=2,
        description="The ratings of a self-assessment, lowest first; without it, a three-point scale in the site's language.",
    )
    review_cadence: list[Cadence] = Field(
        default_factory=list, description="The review conversations and how often each happens."
    )
    values: list[Value] = Field(default_factory=list, description="Values that apply to everyone.")
    alignment_areas: list[AlignmentArea] = Field(
        default=list(DEFAULT_ALIGNMENT),
        min_length=1,
        description="What employee and manager agree on at the end of a review; without it, Focus, Baseline "
        "expectations, Opportunities and Risks in the site's language.",
    )
    questions: list[Text] = Field(default_factory=list, description="Questions an employee can take to their manager.")
    grades: list[Grade] = Field(
        default_factory=list, description="Org-wide grades, lowest first, so levels of different families compare."
    )
    core: list[CoreCompetency] = Field(
        default_factory=list,
        description="Competencies every family shares (or the families each names), with expectations keyed by grade: "
        "a level of any family takes those of its grade.",
    )
    proficiency: list[Proficiency] = Field(
        default_factory=list,
        description="How well something is done, lowest first (e.g. Awareness, Working, Practitioner, Expert): an "
        "expectation may name one, and a rise counts as a change at the next level.",
    )
    upward_review: bool = Field(
        True, description="Give each manager level an upward review, for a manager's reports to fill in; false leaves them out."
    )
    send_before: Text = Field(
        DEFAULT_SEND_BEFORE,
        description="How long before a 1:1 an employee sends their self-assessment, in words: 'a week', 'two working days'.",
    )
    inline_markdown: bool = Field(
        False,
        description="Allow *emphasis* and [links](https://...) in expectation texts and examples. "
        "Raw HTML is removed, and links other than http(s), mailto and relative ones keep only their label.",
    )
    labels: dict[Text, Text] = Field(
        default_factory=dict,
        description="The handbook's own words for single labels the tool writes, in any language: the label as the "
        "tool writes it in English -> the words to show instead, e.g. 'Self-assessment': 'Self-review'. "
        "Placeholders such as %(title)s stay as they are.",
    )


# --- families/*.yml -----------------------------------------------------------


class Track(_Strict):
    id: Id = Field(description="Short and stable, unique in the family; what a level's `track` names, e.g. 'ic'.")
    name: Text = Field(description="e.g. 'Individual contributor'.")
    kind: Literal["individual-contributor", "manager"] = Field(
        "individual-contributor",
        description="'manager' for a track of people managers: its levels get an upward review, unless handbook.yml's "
        "upward_review is false.",
    )
    summary: Text | None = Field(None, description="How people grow on this track.")
    branches_from: Id | None = Field(
        None, description="A level of another track that this track continues from, e.g. the manager track from e3."
    )


class Level(_Strict):
    id: Id = Field(description="Short and stable, e.g. 'e3'; shown upper-case as the level's label.")
    label: Text | None = Field(
        None, description="How the level is named in tables and titles, e.g. 'Senior 2'; the id in capitals when omitted."
    )
    title: Text = Field(description="The level's generic title; roles may give their own.")
    track: Id = Field(description="The id of the track this level is on.")
    summary: Text | None = Field(None, description="What people at this level do, in a sentence or two.")
    scope: Text | None = Field(None, description="The scope of influence and autonomy expected at this level.")
    grade: Id | None = Field(None, description="An org-wide grade from handbook.yml.")

    @property
    def name(self) -> str:
        """How the level is shown: its label, or its id in capitals."""
        return self.label or self.id.upper()


def _safe_url(value: str) -> str:
    """http(s), mailto and relative addresses only: a `javascript:` link would run code in a reader's browser."""
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Url = Annotated[str, StringConstraints(min_length=1, max_length=2000), AfterValidator(_safe_url)]


class Link(_Strict):
    label: Text = Field(description="The words the link shows, e.g. 'Our incident guide'.")
    url: Url = Field(description="An http, https or mailto address, or a relative one (no other schemes).")


class Expectation(_Strict):
    id: Id = Field(description="Stable: it is the anchor a promotion packet links to and the checklist's storage key.")
    text: Text = Field(description="What someone does, written so that evidence can show it.")
    examples: list[Text] = Field(default_factory=list, description="What meeting the expectation looks like in real work.")
    replaces: Id | None = Field(
        None, description="An expectation of a lower level that this one supersedes (cumulative families)."
    )
    proficiency: Id | None = Field(
        None, description="How well it is done at this level: an id of handbook.yml's proficiency scale."
    )
    links: list[Link] = Field(
        default_factory=list, description="Further reading, shown under the expectation and printed with its address."
    )


ExpectationsByLevel = dict[Id, list[Expectation]]


class Group(_Strict):
    id: Id = Field(description="Short and stable, unique in the family; what a competency's `group` names, e.g. 'delivery'.")
    name: Text = Field(description="e.g. 'Delivery'.")
    summary: Text | None = Field(None, description="What the competencies of the group have in common.")


class Competency(_Strict):
    id: Id = Field(description="Short and stable, unique in its file, e.g. 'delivery'; a role's `expectations` name it.")
    name: Text = Field(description="e.g. 'Getting work done'.")
    summary: Text | None = Field(None, description="What the competency covers, in a sentence.")
    group: Id | None = Field(
        None, description="The family's group this competency is shown under (a family with groups needs one)."
    )
    tracks: list[Id] | None = Field(None, description="Tracks this competency applies to; all when omitted.")
    expectations: ExpectationsByLevel = Field(default_factory=dict, description="Expectations keyed by level id.")


class CoreCompetency(Competency):
    """A competency of the whole organisation, in handbook.yml: its expectations are keyed by grade id."""

    expectations: ExpectationsByLevel = Field(default_factory=dict, description="Expectations keyed by grade id.")
    families: list[Id] | None = Field(None, description="The families it applies to; every family when omitted.")
    tracks: None = Field(None, description="Not for the core: it applies by grade, on every track.")
    group: None = Field(None, description="Not for the core: it is shown on its own, before a family's groups.")


class Family(_Strict):
    """`ladders/families/<id>.yml`: a job family's ladder."""

    id: Id = Field(
        description="Short and stable, unique among families; the start of the family's addresses, e.g. 'engineering'."
    )
    name: Text = Field(description="e.g. 'Engineering'.")
    summary: Text | None = Field(None, description="What people in this family do, in a paragraph.")
    progression: Literal["cumulative", "per-level"] = Field(
        "cumulative",
        description="How the levels are written: 'cumulative', each writing only what it adds to those below (a ladder "
        "listing what is new at each level is cumulative), or 'per-level', each in full, repeating what still applies "
        "(one id at two levels is one expectation, reworded or at a higher proficiency).",
    )
    level_pages: Literal["in-full", "additions"] = Field(
        "in-full",
        description="What a cumulative family's level page lists: everything that applies there ('in-full'), or what the "
        "level adds ('additions', the levels below linked), as frameworks of levels that build on each other show them.",
    )
    status: Literal["current", "legacy", "draft"] = Field(
        "current",
        description="'legacy' or 'draft' marks every page of the family and leaves it out of comparisons across families.",
    )
    require_examples: bool = Field(False, description="Warn about expectations that have no examples.")
    require_summaries: bool = Field(
        False, description="Warn about a family, role, level or competency without a summary, and a level without a scope."
    )
    tracks: list[Track] = Field(
        min_length=1, description="The ways to grow in this family, e.g. individual contributor and manager."
    )
    levels: list[Level] = Field(description="In order, lowest first, within each track.")
    groups: list[Group] = Field(
        default_factory=list, description="Themes that gather competencies on every page, in this order (e.g. FT's themes)."
    )
    competencies: list[Competency] = Field(min_length=1, description="What every role in the family is expected to do, by level.")
    without: list[Id] = Field(default_factory=list, description="Competencies of handbook.yml's core this family leaves out.")


# --- roles/*.yml --------------------------------------------------------------


class Role(_Strict):
    """`ladders/roles/<id>.yml`: a role following a family's ladder, with its own titles and additions."""

    id: Id = Field(description="Short and stable, unique among roles; part of the role's addresses, e.g. 'backend'.")
    family: Id = Field(description="The id of the family whose ladder this role follows.")
    name: Text = Field(description="e.g. 'Backend Engineer'.")
    summary: Text | None = Field(None, description="What people in this role do, in a paragraph.")
    tracks: list[Id] | None = Field(None, description="Tracks of the family this role covers; all when omitted.")
    levels: list[Id] | None = Field(
        None,
        description="The levels of those tracks this role has, e.g. a discipline with three levels of five; all when omitted.",
    )
    without: list[Id] = Field(
        default_factory=list,
        description="Competencies of the family's core, or of handbook.yml's core, this role leaves out (its pages do not show them).",
    )
    titles: dict[Id, Text] = Field(default_factory=dict, description="The role's title per level id.")
    expectations: dict[Id, ExpectationsByLevel] = Field(
        default_factory=dict, description="Role-specific expectations added to the family's competencies."
    )
    competencies: list[Competency] = Field(default_factory=list, description="Competencies only this role has.")


Handbook.model_rebuild()  # its `core` names CoreCompetency, defined with the families' models

KINDS: dict[str, type[_Strict]] = {"handbook": Handbook, "family": Family, "role": Role}


# --- all of them -------------------------------------------------------------


@dataclass
class Ladders:
    """Everything under `ladders/`, validated, with the files it came from."""

    handbook: Handbook | None
    families: list[Family]
    roles: list[Role]
    sources: dict[tuple[str, str], str] = field(default_factory=dict)
    """(kind, id) -> the YAML file it came from, for edit links; the handbook's id is ''."""
