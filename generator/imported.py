"""What an importer reads from a source: ladder files to write, and notes on what it could not carry over.

Importers (import_sheet, import_ft, import_monzo) are pure readers: a path in, an `Imported` out.
`importer` writes it; `ladder import` reports the notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import Diagnostic


@dataclass
class Imported:
    files: dict[str, Any] = field(default_factory=dict)  # path under OUT ("families/x.yml") -> the file's data
    notes: list[Diagnostic] = field(default_factory=list)  # what could not be carried over, located in the source
