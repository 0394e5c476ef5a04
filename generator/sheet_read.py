"""Reading a spreadsheet file into rows of text, as the import's layout (generator/import_sheet.py) reads them.

CSV: UTF-8 (or UTF-16 with its byte order mark), or else Windows-1252 (what Excel's "CSV" is on Windows), split
at `,`, `;` or tab, whichever finds the layout's header row. Excel: the first worksheet, each cell from the value
Excel keeps (not as it is formatted to show); a cell Excel keeps as
something other than text or a whole number (TRUE/FALSE, a date, a fraction) is read as its usual text, with a
warning at the cell, because Excel may have changed what was typed (`1.10` becomes 1.1, `3-4` a date).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import Diagnostic, Location

SEPARATORS = (",", ";", "\t")  # Excel's "CSV" is ;-separated where the decimal mark is a comma (German, Spanish)
_SAVE_AS = "save it as 'CSV UTF-8' (Excel) or with the character set 'Unicode (UTF-8)' (LibreOffice)"


class Unreadable(ValueError):
    """A file that cannot be read as text, at a place in it."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.line, self.col = line, col


def note(source: Path, row: int, col: int, severity: str, message: str) -> Diagnostic:
    return Diagnostic(Location(str(source), row, col), severity, message)  # type: ignore[arg-type]


def csv_rows(source: Path, notes: list[Diagnostic], score: Callable[[list[list[str]]], int]) -> list[list[str]]:
    """The rows, split at the separator whose rows `score` best (the first, `,`, on a tie)."""
    text = _csv_text(source, notes)  # split into records by csv alone: at line breaks, not at U+2028 and the like
    return max((list(csv.reader(io.StringIO(text, newline=""), delimiter=sep)) for sep in SEPARATORS), key=score)


def _csv_text(source: Path, notes: list[Diagnostic]) -> str:
    data = source.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode Text", tab-separated
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ValueError(f"it starts as UTF-16 but is not (byte {error.start}); {_SAVE_AS}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise Unreadable(f"byte 0x{data[error.start]:02x} is neither UTF-8 nor Windows-1252; {_SAVE_AS}", line, col) from None
        notes.append(
            note(
                source,
                line,
                col,
                "warning",
                f"not UTF-8: read as Windows-1252, Excel's 'CSV' on Windows; check its accented letters, or {_SAVE_AS}",
            )
        )
        return text


def xlsx_rows(source: Path, notes: list[Diagnostic]) -> list[list[str]]:
    """The first worksheet's rows, each cell as text; a warning at each cell that was not text or a whole number."""
    import openpyxl  # type: ignore[import-untyped]

    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile's, its own and KeyError for what is not a workbook
        raise ValueError(f"not an Excel workbook ({error})") from error
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        return [[_cell(value, source, r, c, notes) for c, value in enumerate(row, 1)] for r, row in enumerate(rows, 1)]
    finally:
        book.close()


def _cell(value: Any, source: Path, row: int, col: int, notes: list[Diagnostic]) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, bool):
        text, kind = ("TRUE" if value else "FALSE"), "a TRUE/FALSE cell"
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        text = value.date().isoformat() if isinstance(value, dt.datetime) and value.time() == dt.time() else value.isoformat()
        kind = "a date cell"
    elif isinstance(value, float):
        text, kind = repr(value), "a number cell"
    else:
        text, kind = str(value), f"a {type(value).__name__} cell"
    notes.append(
        note(
            source,
            row,
            col,
            "warning",
            f"{kind}, read as '{text}': if it was typed as something else (Excel turns "
            "'1.10' into 1.1 and '3-4' into a date), format the column as Text, type it again, and import again",
        )
    )
    return text
