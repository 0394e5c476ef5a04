"""YAML syntax errors point at the line to fix, with where the parser gave up as a note.

The test for each shape: a person reading only the message goes straight to the
line that needs the fix. Files here are long on purpose: the broken construct is
far from where the parser stops.
"""

from __future__ import annotations

import pytest

from generator.document import parse

FILLER = "".join(f"  - id: item-{i}\n    text: Item {i}.\n" for i in range(40))


def _first_error(text: str) -> str:
    doc, problems = parse(text, "f.yml")
    assert doc is None and problems
    return str(problems[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f'summary: "Leads the technical side\nitems:\n{FILLER}', "f.yml:1:10: error: YAML syntax: this quoted text is never closed (the file ends at line 83: found unexpected end of stream)", id="double-quote-to-the-end"),
        pytest.param(f"summary: 'It is ours\nitems:\n{FILLER}name: 'x'\n", "f.yml:1:10: error: YAML syntax: this quoted text runs on to line 83, taking in the lines below it; is its closing quote missing? (the parser gave up at line 83, column 8: did not find expected key)", id="single-quote-closed-by-a-later-one"),
        pytest.param(f'items:\n  - id: a\n    text: "Open\n{FILLER}  - id: z\n    text: "closed"\n', "f.yml:3:11: error: YAML syntax: this quoted text runs on to line 85, taking in the lines below it; is its closing quote missing? (the parser gave up at line 85, column 12: did not find expected key)", id="quote-in-a-list-closed-by-a-later-one"),
        pytest.param(f"tracks: [ic, mgr\nitems:\n{FILLER}", "f.yml:1:9: error: YAML syntax: this `[` list is never closed (the parser gave up at line 2, column 6: did not find expected ',' or ']')", id="flow-sequence"),
        pytest.param(f"items:\n{FILLER}titles: {{e1: One, e2: Two\n", "f.yml:82:9: error: YAML syntax: this `{` mapping is never closed (the file ends at line 83: did not find expected ',' or '}')", id="flow-mapping-to-the-end"),
        pytest.param(f"items:\n{FILLER}this line has no colon\nname: x\n", "f.yml:82:1: error: YAML syntax: a key here has no `:` after it (the parser gave up at line 83, column 1: could not find expected ':')", id="key-without-colon"),
        pytest.param(f"items:\n{FILLER}  wrong: indent\n", "f.yml:82:3: error: YAML syntax: this line is in a list but does not start with `- `; indent it under an item, or line it up with the list's key (did not find expected '-' indicator)", id="not-a-list-item-in-a-list"),
        pytest.param(f"items:\n{FILLER}  - text: Handles escalations: calmly\n", 'f.yml:82:30: error: YAML syntax: a `: ` inside unquoted text; put the text in quotes: text: "Handles escalations: calmly" (mapping values are not allowed in this context)', id="unquoted-colon-in-text"),
        pytest.param("a:\n  b: 1\n    c: 2\n", "f.yml:3:6: error: YAML syntax: this line is indented further than the key above it; line it up with the keys of its mapping (mapping values are not allowed in this context)", id="indented-too-far"),
        pytest.param(f"name: x\nitems:\n{FILLER} summary: y\n", "f.yml:83:2: error: YAML syntax: this line is not lined up with the keys above it; indent it as far as the keys of its mapping (did not find expected key)", id="indented-between-two-levels"),
        pytest.param("name: x\n- item\n", "f.yml:2:1: error: YAML syntax: a list item where a key was expected; indent the list under the key it belongs to (did not find expected key)", id="list-item-among-keys"),
        pytest.param("name: x\nlist:\n\t- a\n", "f.yml:3:1: error: YAML syntax: a tab character here; YAML indents with spaces only", id="tab"),
    ],
)
def test_a_syntax_error_is_located_at_its_cause(text: str, expected: str):
    assert _first_error(text) == expected


def test_a_lone_carriage_return_ends_a_line_as_yaml_says():
    assert _first_error("a: 1\rb: 2\rc: x\x01y\r") == "f.yml:3:5: error: control character U+0001: YAML text cannot hold it; remove it"
