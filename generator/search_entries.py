"""Search entries of our own: an expectation found by search opens at its anchor, on the level page where it starts.

Material's search index holds one entry per heading's section, so an expectation, a list item under its
competency's heading, would open at the heading. `of` lists the expectations a role-level page indexes
(views.indexed: once, where each starts); the plugin then calls `split`, which gives each an entry of its
own (the page and the expectation's anchor, its text as the title, its examples as the text) in place of
the page's competency sections. Material's `search.highlight` marks the words searched for there.
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


def split(entries: list[dict], url: str, own: Sequence[Entry], start: int = 0) -> None:
    """Give each of `own` an entry at `url#id` in Material's `entries`, in place of the page's competency sections:
    those held only its expectations (with their tags and examples; what carries over is left out of search),
    and a competency's name is found on its family's overview, once, not on every level's page. The page's
    entries are those from `start` on (the search plugin appends a page's as it indexes it), so a page costs
    the same however many came before it."""
    if not own:
        return
    sections = (url + "#competency-", url + "#group-")
    kept = [entry for entry in entries[start:] if not entry["location"].startswith(sections)]
    entries[start:] = kept + [{"location": f"{url}#{eid}", "title": text, "text": examples} for eid, text, examples in own]
