"""JSON Schema for each kind of ladder file, generated from the models.

Editors (through the yaml-language-server comment at the top of each file)
understand draft-07 best, so pydantic's 2020-12 output is moved to draft-07's
`definitions`, which is the only difference that matters for these models.
"""

from __future__ import annotations

import json

from .model import KINDS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def schema_for(kind: str) -> dict:
    schema = KINDS[kind].model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", None)
    result = {"$schema": DRAFT_07, **schema}
    if definitions:
        result["definitions"] = definitions
    return result


def schema_files() -> dict[str, str]:
    """File name -> JSON text, exactly as committed under `schema/`."""
    return {f"{kind}.schema.json": json.dumps(schema_for(kind), indent=2, sort_keys=True) + "\n" for kind in KINDS}
