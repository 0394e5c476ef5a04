"""YAML syntax errors, located at their cause rather than where the parser gave up.

An unclosed quote, `[` or `{` is only noticed much later: at the end of the
file, or where a later quote closes the runaway text and what follows makes
no sense. The parser knows where the construct started (its context mark),
and the scanner's tokens show a quoted text that ran across lines into keys.
We point at that start, and keep where the parser stopped as a short note.
"""

from __future__ import annotations

import re

import yaml

from .errors import Diagnostic, Location

_OPENED = {
    "while scanning a quoted scalar": "quoted text",
    "while parsing a flow sequence": "`[` list",
    "while parsing a flow mapping": "`{` mapping",
}
_SWALLOWED_KEY = re.compile(r"\n[ \t]*(?:- +)?[^\s#:'\"][^\n:]*:(?:[ \t]|\n)")
_SCANNER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _position(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _where_it_stopped(mark: yaml.Mark, text: str) -> str:
    line, col = _position(mark)
    if not text[mark.index :].strip():
        return f"the file ends at line {line}"
    return f"the parser gave up at line {line}, column {col}"


def _runaway_quote(text: str, stop: yaml.Mark) -> yaml.Token | None:
    """The last quoted text before `stop` that ran across lines and took in what looks like keys."""
    found = None
    try:
        for token in yaml.scan(text, Loader=_SCANNER):
            if token.start_mark.index >= stop.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line > token.start_mark.line:
                found = token
    except yaml.YAMLError:
        pass  # the scanner stops at (or before) the same error; the tokens before it are what we need
    if found is not None and _SWALLOWED_KEY.search(text, found.start_mark.index, found.end_mark.index):
        return found
    return None


def _line_of(text: str, mark: yaml.Mark) -> str:
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    return text[start : end if end >= 0 else len(text)]


def _in_plain_words(problem: str, text: str, stop: yaml.Mark) -> str | None:
    """What the parser's complaint usually means, for the complaints new editors meet most."""
    line = _line_of(text, stop)
    before = line[: stop.column]
    if problem.startswith("mapping values are not allowed"):
        key, colon, value = line.partition(": ")
        if colon and ": " in value + " " and key.strip(" -"):
            quoted = value.strip().replace('"', '\\"')
            return f'a `: ` inside unquoted text; put the text in quotes: {key.strip().removeprefix("- ")}: "{quoted}"'
        return "this line is indented further than the key above it; line it up with the keys of its mapping"
    if problem == "did not find expected key":
        if line[stop.column :].startswith("- "):
            return "a list item where a key was expected; indent the list under the key it belongs to"
        if before.strip() == "":
            return "this line is not lined up with the keys above it; indent it as far as the keys of its mapping"
    if problem == "did not find expected '-' indicator" and before.strip() == "":
        return "this line is in a list but does not start with `- `; indent it under an item, or line it up with the list's key"
    return None


def explain(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    """`path:line:col: error: ...` for a syntax error, at the line a person should go to."""
    stop = exc.problem_mark or exc.context_mark
    if stop is None:
        return Diagnostic(Location(path), "error", f"YAML syntax: {exc.problem}")
    problem = exc.problem or "this is not valid YAML"
    if stop.index < len(text) and text[stop.index] == "\t":
        return Diagnostic(
            Location(path, *_position(stop)), "error", "YAML syntax: a tab character here; YAML indents with spaces only"
        )
    start = exc.context_mark
    if exc.context in _OPENED and start is not None:
        message = f"YAML syntax: this {_OPENED[exc.context]} is never closed ({_where_it_stopped(stop, text)}: {problem})"
        return Diagnostic(Location(path, *_position(start)), "error", message)
    runaway = _runaway_quote(text, stop)
    if runaway is not None:
        end_line = runaway.end_mark.line + 1
        message = (
            f"YAML syntax: this quoted text runs on to line {end_line}, taking in the lines below it;"
            f" is its closing quote missing? ({_where_it_stopped(stop, text)}: {problem})"
        )
        return Diagnostic(Location(path, *_position(runaway.start_mark)), "error", message)
    if exc.context == "while scanning a simple key" and start is not None:
        message = f"YAML syntax: a key here has no `:` after it ({_where_it_stopped(stop, text)}: {problem})"
        return Diagnostic(Location(path, *_position(start)), "error", message)
    plain = _in_plain_words(problem, text, stop)
    if plain:
        return Diagnostic(Location(path, *_position(stop)), "error", f"YAML syntax: {plain} ({problem})")
    message = f"YAML syntax: {problem}"
    if exc.context and start is not None and _position(start) != _position(stop):
        message += f" ({exc.context} started at line {start.line + 1}, column {start.column + 1})"
    return Diagnostic(Location(path, *_position(stop)), "error", message)
