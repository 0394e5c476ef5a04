"""Search entries of our own: an expectation found by search opens at its anchor, on the level page where it starts.

Material's search index holds one entry per heading's section, so an expectation, a list item under its
competency's heading, would open at the heading. `of` lists the expectations a role-level page indexes
(views.indexed: once, where each starts); the plugin then calls `split`, which gives each an entry of its
own (the page and the expectation's anchor, its text as the title, its examples as the text) in place of
the words its competency's section held. Material's `search.highlight` marks the words searched for there.
"""

from __future__ import annotations

from collections.abc import Sequence

from .views import CompetencySection

Entry = tuple[str, str, str]  # the expectation's id (its anchor), its text, its examples


def of(sections: Sequence[CompetencySection]) -> tuple[Entry, ...]:
    """The expectations a role-level page indexes, in the page's order."""
    return tuple(
        (item.expectation.id, item.expectation.text, " ".join(item.expectation.examples))
        for section in sections
        for run in section.runs
        if run.indexed
        for item in run.items
    )


def split(entries: list[dict], url: str, own: Sequence[Entry]) -> None:
    """Give each of `own` an entry at `url#id` in Material's `entries`. A competency's section of the page held
    only those expectations (with their tags and examples; what carries over is left out of search): its
    entry keeps its title, the competency's name, and loses its text to theirs."""
    if not own:
        return
    for entry in entries:
        location, _, anchor = entry["location"].partition("#")
        if location == url and anchor.startswith(("competency-", "group-")):
            entry["text"] = ""
    entries.extend({"location": f"{url}#{eid}", "title": text, "text": examples} for eid, text, examples in own)
