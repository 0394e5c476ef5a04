"""Words: the one catalogue every word a reader sees comes from, in the handbook's language.

English is the source language: messages are written in English where they are used (the
templates' `{% trans %}` and `_()`, render's titles, `CHECKLIST` below), and `locales/ladder.pot`
lists them all. A translation is a gettext catalogue, `locales/<language>/LC_MESSAGES/ladder.po`,
read with Babel straight from the .po (compiled in memory, once a build), so no .mo file has to be
kept in step with it. The language is Material's `theme.language`: "de", or "de-CH" falling back
to "de"; a language without a catalogue reads English.

Knows nothing of the handbook: text in YAML stays as its authors wrote it.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "ladder"
SOURCE = "en"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"


def catalogue(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    """Every language the tool speaks: English and each shipped catalogue."""
    return [SOURCE] + sorted(path.parent.parent.name for path in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _catalogue_language(language: str | None) -> str | None:
    """Material's language code ("de", "pt-BR", "zh_TW") -> the shipped catalogue it reads, or None for English."""
    code = (language or SOURCE).replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        if candidate != SOURCE and catalogue(candidate).is_file():
            return candidate
    return None


def translates(language: str | None) -> bool:
    """Whether the handbook's words read in `language` (Material's code): English, or a shipped catalogue."""
    code = (language or SOURCE).replace("_", "-")
    return code.split("-")[0] == SOURCE or _catalogue_language(code) is not None


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is written; it is translated where it is shown."""
    return message


Labels = tuple[tuple[str, str], ...]  # handbook.yml's `labels`: message as written -> the organisation's words
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class Voice:
    """The words of one handbook: Material's language, and the labels handbook.yml says in its own words."""

    language: str = SOURCE
    labels: Labels = ()

    @property
    def translations(self) -> NullTranslations:
        return translations(self.language, self.labels)


class _Relabelled(NullTranslations):
    """An organisation's own words for single messages, over the language's catalogue."""

    def __init__(self, labels: Labels, fallback: NullTranslations):
        super().__init__()
        self.labels = dict(labels)
        self.add_fallback(fallback)

    def gettext(self, message: str) -> str:
        return self.labels.get(message) or super().gettext(message)


@functools.lru_cache(maxsize=1)
def messages() -> dict[str, bool]:
    """Every message of the catalogue (the template, `ladder.pot`) -> whether it has plural forms."""
    with TEMPLATE.open("rb") as pot:
        catalog = read_po(pot, domain=DOMAIN)
    found: dict[str, bool] = {}
    for message in catalog:
        if isinstance(message.id, (tuple, list)):
            found[message.id[0]] = True
        elif message.id:
            found[str(message.id)] = False
    return found


@functools.lru_cache(maxsize=16)
def translations(language: str | None = SOURCE, labels: Labels = ()) -> NullTranslations:
    """The messages in `language`, with `labels` in the organisation's own words over them; English (the
    messages as written) when there is no catalogue for the language."""
    if labels:
        return _Relabelled(labels, translations(language))
    found = _catalogue_language(language)
    if found is None:
        return NullTranslations()
    with catalogue(found).open("rb") as po:
        messages = read_po(po, locale=found, domain=DOMAIN)
    mo = BytesIO()
    write_mo(mo, messages)  # leaves fuzzy entries out, as msgfmt does: an unsure translation reads English
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


def label_problem(label: str, instead: str) -> tuple[str | None, bool]:
    """Why `label: instead` cannot stand in handbook.yml's `labels` (or None), and whether the label is at fault."""
    known = messages()
    if label not in known:
        close = [m for m in difflib.get_close_matches(label, list(known), n=1, cutoff=0.75) if m != label]
        hint = f" (did you mean '{close[0]}'?)" if close else "; write it as the English page shows it"
        return f"unknown label '{label}'{hint}", True
    if known[label]:
        return f"'{label}' changes with a number (plural forms), so it cannot be relabelled", True
    wanted, given = set(PLACEHOLDER.findall(label)), set(PLACEHOLDER.findall(instead))
    if wanted != given:
        shown = ", ".join(f"%({name})s" for name in sorted(wanted)) or "none"
        return f"the label must keep the placeholders of '{label}' ({shown}), no more and no fewer", False
    if "%" in PLACEHOLDER.sub("", instead).replace("%%", ""):
        return "a percent sign in a label is written %%", False
    return None, False


# --- the checklist's words (ladder.js) ---------------------------------------------------


def _checklist(t: NullTranslations) -> dict[str, str]:
    """What ladder.js shows a reader; its WORDS hold the same English, for a page that carries none."""
    return {
        "download": t.gettext("Download my self-assessment"),
        "reset": t.gettext("Reset"),
        "confirmReset": t.gettext("Clear every tick and note on this page? This cannot be undone."),
        "notePlaceholder": t.gettext("Evidence: what you did, a link, what someone said"),
        "noteLabel": t.gettext("Evidence for: "),
        "notKept": t.gettext(
            "This browser is not keeping your ticks and notes. "
            "Download your self-assessment before you leave this page, or they will be lost."
        ),
        "fileTitle": t.gettext("Self-assessment: "),
        "fileSource": t.gettext("Written %(date)s from %(address)s"),
        "fileEvidence": t.gettext("Evidence: "),
        "fileNoHeading": t.gettext("Expectations"),
        "tickedBelow": t.gettext("Ticked at a level below"),
        "searchDialog": t.gettext("Search"),
    }


def _form(t: NullTranslations) -> dict[str, str]:
    """What assessment.js and review.js show a reader; their ENGLISH holds the same, for a page that carries none."""
    return {
        "saved": t.gettext("Saved in this browser at %(time)s"),
        "notSaved": t.gettext("This browser is not keeping what you write here: export it before you leave the page."),
        "prefilled": t.gettext(
            "Filled in from your ticks and notes on the level page and your self-assessments at the levels below: check each rating."
        ),
        "startNew": t.gettext("Start a new one"),
        "confirmNew": t.gettext("Start a new self-assessment? The one on this page is kept under Earlier ones, dated."),
        "exportFile": t.gettext("Export for my manager"),
        "print": t.gettext("Print"),
        "openFile": t.gettext("Open a report's file"),
        "dropHint": t.gettext("or drop a self-assessment file here"),
        "notAFile": t.gettext("This is not a self-assessment file of this handbook."),
        "otherPage": t.gettext(
            "This file is for another level or role: %(title)s. Open it on that level's self-assessment page."
        ),
        "readingReport": t.gettext(
            "You are reviewing %(name)s's self-assessment (%(period)s). "
            "Your ratings and views are kept in this browser under their name and period."
        ),
        "closeReport": t.gettext("Back to my own self-assessment"),
        "unnamed": t.gettext("(no name)"),
        "newSince": t.gettext("New since the file was written: %(items)s"),
        "changedSince": t.gettext("Reworded since the file was written: %(items)s"),
        "goneSince": t.gettext("No longer on this level: %(items)s"),
    } | _review(t)


def _review(t: NullTranslations) -> dict[str, str]:
    """The manager's side of the forms: side by side, agreed actions, the combined upward reviews."""
    return {
        "sideBySide": t.gettext("Side by side"),
        "sideBySideIntro": t.gettext("Disagreements first, then gaps against the level, then the rest."),
        "expectation": t.gettext("Expectation"),
        "theirRating": t.gettext("Their rating"),
        "yourRating": t.gettext("Your rating"),
        "notRated": t.gettext("not rated"),
        "disagree": t.gettext("Ratings differ"),
        "gap": t.gettext("Gap"),
        "agreedActions": t.gettext("Agreed actions"),
        "action": t.gettext("Action"),
        "owner": t.gettext("Owner"),
        "due": t.gettext("By"),
        "addAction": t.gettext("Add an action"),
        "removeAction": t.gettext("Remove"),
        "exportRecord": t.gettext("Export the record"),
        "earlier": t.gettext("Earlier ones"),
        "earlierEntry": t.gettext("%(date)s: %(rated)s rated, %(evidence)s with evidence"),
        "whereYouStand": t.gettext("Where you stand"),
        "readyNew": t.gettext("New expectations with a note of where you already do them: %(done)s of %(total)s"),
        "readyChanged": t.gettext("Changed expectations with a note of where you already do them: %(done)s of %(total)s"),
        "carryTicks": t.gettext("Ticked at your current level: %(count)s. Those not listed on this page carry over as they are."),
        "toSelfAssessment": t.gettext("Your notes on this page appear in your self-assessment, under Promotion."),
        "tickedNow": t.gettext("You ticked the one it replaces"),
        "alreadyLabel": t.gettext("Where I already do this"),
        "anonymous": t.gettext("Leave my name and the date out of the file"),
        "confirmNewReview": t.gettext("Clear this upward review and start a new one? This cannot be undone."),
        "openReviews": t.gettext("Open your reports' reviews"),
        "dropReviews": t.gettext("or drop their files here (several at once)"),
        "combinedTitle": t.gettext("Reviews combined: %(count)s"),
        "combinedIntro": t.gettext("How many gave each rating to each expectation, and what they wrote, without names."),
        "skippedFiles": t.gettext("Files left out, not upward reviews of this level: %(count)s"),
        "printCombined": t.gettext("Print the combined view"),
        "keepDoing": t.gettext("What should your manager keep doing?"),
        "changeOne": t.gettext("What one thing should they change?"),
        "ratingMoved": t.gettext("%(item)s: %(from)s → %(to)s"),
        "newEvidence": t.gettext("New evidence: %(item)s"),
        "sinceLast": t.gettext("Since the one of %(date)s:"),
        "nothingChanged": t.gettext("No rating has moved and no evidence is new."),
        "recurringGaps": t.gettext("Gaps that keep coming back, rated below the middle of the scale more than once:"),
        "gapCount": t.gettext("%(item)s (in %(count)s self-assessments)"),
        "choose": t.gettext("Bring this question: "),
        "field": t.gettext("%(field)s: %(item)s"),
    }


def _in_english(voice: Voice) -> bool:
    """The scripts' own English words serve: no catalogue for the language and no labels of the handbook's own."""
    return _catalogue_language(voice.language) is None and not voice.labels


@functools.lru_cache(maxsize=8)
def form_words(voice: Voice) -> str | None:
    """The self-assessment form's words as JSON for its page, or None in English (the scripts' own words)."""
    return None if _in_english(voice) else json.dumps(_form(voice.translations), ensure_ascii=False, separators=(",", ":"))


def checklist_words(voice: Voice, most: int) -> str | None:
    """The checklist's words as JSON for its page, or None in English (ladder.js's own words).

    Progress ("2 of 6 ticked") takes the plural form of the number ticked, 0 to `most` (the
    page's expectations): its forms, and which form each number takes, so that ladder.js
    needs no plural rule of its own.
    """
    t = voice.translations
    if _in_english(voice):
        return None
    progress = [t.ngettext("%(done)s of %(total)s ticked", "%(done)s of %(total)s ticked", n) for n in range(most + 1)]
    forms = list(dict.fromkeys(progress))
    words: dict[str, object] = {**_checklist(t), "progress": {"forms": forms, "form": [forms.index(p) for p in progress]}}
    return json.dumps(words, ensure_ascii=False, separators=(",", ":"))
