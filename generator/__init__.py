"""Career ladders as YAML, turned into a handbook website.

The pipeline, one module a stage: load -> validate -> resolve -> render -> emit.
"""

from __future__ import annotations

from .errors import Diagnostic, LadderError, Location
from .resolve import Site, resolve
from .validate import Ladders, validate_dir

__all__ = ["Diagnostic", "LadderError", "Ladders", "Location", "Site", "resolve", "validate_dir"]
