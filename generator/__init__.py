"""Career ladders as YAML, turned into a handbook website.

The pipeline, one module a stage: load -> validate -> resolve -> render (pipeline.py runs
them); the MkDocs plugin (plugin.py) or `ladder export` (export.py) emits the pages.
"""

from __future__ import annotations

from .errors import Diagnostic, LadderError, Location
from .model import Ladders
from .resolve import resolve_ladders
from .resolved import Site
from .validate import validate_dir

__all__ = ["Diagnostic", "LadderError", "Ladders", "Location", "Site", "resolve_ladders", "validate_dir"]
