"""`ladder import csv|xlsx`: the spreadsheet layout of docs/import.md, read into ladders that pass `ladder check --strict`."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
import yaml

from generator.import_sheet import COLUMNS, read, slug

from .conftest import ROOT, run_ladder

TEMPLATE = ROOT / "generator" / "examples" / "ladder-import-template.csv"
HEADER = ["organisation", "family", "level", "level title", "competency", "group", "expectation", "example", "proficiency"]


def _csv(tmp_path: Path, rows: list[list[str]], header: list[str] = HEADER, name: str = "sheet.csv") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _rows() -> list[list[str]]:
    return [
        ["Acme", "Data", "D1", "Analyst", "Analysis", "Craft", "Writes clear queries.", "A query others reuse.", "Working"],
        ["", "Data", "D1", "Analyst", "", "", "", "A second example.", ""],
        ["", "Data", "D2", "Senior Analyst", "Analysis", "Craft", "Writes clear queries.", "", "Expert"],
    ]


def _summarised(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    return [*HEADER, "family summary"], [[*row, "People who work with data." if i == 0 else ""] for i, row in enumerate(rows)]


def test_the_template_imports_and_passes_the_strict_check(tmp_path: Path):
    assert [c.strip() for c in TEMPLATE.read_text(encoding="utf-8").splitlines()[0].split(",")] == list(COLUMNS)
    out = tmp_path / "out"
    result = run_ladder("import", "csv", str(TEMPLATE), str(out))
    assert result.returncode == 0, result.stderr
    check = run_ladder("check", str(out), "--strict")
    assert check.returncode == 0, check.stderr


def test_ids_are_made_reported_and_examples_gathered(tmp_path: Path):
    header, rows = _summarised(_rows())
    imported = read(_csv(tmp_path, rows, header), "csv")
    assert [n for n in imported.notes if n.severity == "error"] == []
    family = imported.files["families/data.yml"]
    assert family["progression"] == "per-level"
    (competency,) = family["competencies"]
    assert competency["id"] == "analysis" and "summary" not in competency  # left out, never invented
    d1, d2 = competency["expectations"]["d1"], competency["expectations"]["d2"]
    assert d1[0]["examples"] == ["A query others reuse.", "A second example."]
    assert d1[0]["id"] == d2[0]["id"] == "writes-clear-queries"  # one expectation, at a higher proficiency
    assert (d1[0]["proficiency"], d2[0]["proficiency"]) == ("working", "expert")
    told = " ".join(n.message for n in imported.notes)
    assert "family 'Data' given the id 'data'" in told and "1 expectation id(s)" in told
    assert "given the id 'd1'" in told and "competency 'Analysis'" in told
    out = tmp_path / "out"
    assert run_ladder("import", "csv", str(tmp_path / "sheet.csv"), str(out)).returncode == 0
    check = run_ladder("check", str(out), "--strict")
    assert check.returncode == 0, check.stderr


def test_xlsx_reads_as_the_csv_does(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    header, rows = _summarised(_rows())
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Our ladder, exported 2026"])  # a title row above the header is ignored
    sheet.append(header)
    for row in rows:
        sheet.append([cell or None for cell in row])
    book.save(tmp_path / "sheet.xlsx")
    from_xlsx = read(tmp_path / "sheet.xlsx", "xlsx")
    from_csv = read(_csv(tmp_path, rows, header), "csv")
    assert from_xlsx.files == from_csv.files
    assert [n.location.line for n in from_xlsx.notes] == [n.location.line + 1 for n in from_csv.notes]
    out = tmp_path / "out"
    result = run_ladder("import", "xlsx", str(tmp_path / "sheet.xlsx"), str(out))
    assert result.returncode == 0, result.stderr
    assert run_ladder("check", str(out), "--strict").returncode == 0


def test_rows_that_cannot_be_placed_are_located_and_nothing_is_written(tmp_path: Path):
    header, rows = _summarised(_rows())
    rows.insert(0, ["Acme", "", "", "", "", "", "", "An example with nothing above it.", "", ""])
    rows.append(["", "Data", "D1", "", "", "", "Has no competency.", "", "", ""])
    source = _csv(tmp_path, rows, header)
    imported = read(source, "csv")
    errors = [(n.location.line, n.location.col) for n in imported.notes if n.severity == "error"]
    assert errors == [(2, HEADER.index("example") + 1), (6, HEADER.index("competency") + 1)]
    assert imported.files == {}
    out = tmp_path / "out"
    result = run_ladder("import", "csv", str(source), str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{source}:6:{HEADER.index('competency') + 1}: error: row 6 has an expectation but no competency" in result.stderr
    assert not out.exists()


def test_a_missing_family_summary_is_said_not_invented(tmp_path: Path):
    imported = read(_csv(tmp_path, _rows()), "csv")
    assert any("has no summary" in n.message and n.severity == "warning" for n in imported.notes)
    assert all("summary" not in data for name, data in imported.files.items() if name.startswith("families/"))


def test_a_non_empty_out_is_refused_and_left_byte_for_byte(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_bytes(b"mine\x00\n")
    result = run_ladder("import", "csv", str(TEMPLATE), str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    assert (out / "mine.txt").read_bytes() == b"mine\x00\n"


@pytest.mark.parametrize(
    ("fmt", "content"), [("csv", b"\xff\xfe\x00bad"), ("xlsx", b"not a workbook"), ("csv", b"a,b\n1,2\n")]
)
def test_a_bad_source_exits_1_without_a_traceback(tmp_path: Path, fmt: str, content: bytes):
    source = tmp_path / f"bad.{fmt}"
    source.write_bytes(content)
    result = run_ladder("import", fmt, str(source), str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and f"{source}:1:1: error:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_cumulative_from_a_column_and_unique_made_ids(tmp_path: Path):
    header = [*HEADER, "family summary", "progression"]
    rows = [
        ["Acme", "Ops", "O1", "Operator", "Run", "", "Keeps it up.", "", "", "Runs things.", "cumulative"],
        ["", "Ops", "O2", "Senior Operator", "Run", "", "Keeps it up.", "", "", "", ""],
    ]
    imported = read(_csv(tmp_path, rows, header), "csv")
    family = imported.files["families/ops.yml"]
    assert family["progression"] == "cumulative"
    ids = [e["id"] for level in family["competencies"][0]["expectations"].values() for e in level]
    assert ids == ["keeps-it-up", "keeps-it-up-2"]  # cumulative ids are unique in the family
    assert yaml.safe_dump(imported.files)  # plain data


def test_slugs_follow_the_id_rules():
    assert slug("Café & Crème: Senior II") == "cafe-creme-senior-ii"
    assert slug("Con") == "x-con" and slug("!!!") == "x"
    assert len(slug("word " * 40)) <= 48


@pytest.mark.parametrize(
    ("name", "made"),
    [("Größe und Qualität", "groesse-und-qualitaet"), ("Führung & Vergütung", "fuehrung-verguetung"), ("Straße", "strasse"),
     ("Ingeniera bilingüe", "ingeniera-bilingue"), ("Diseño", "diseno"), ("Øre Łódź", "ore-lodz"), ("Æon", "aeon"),
     (unicodedata.normalize("NFD", "Größe"), "groesse")],  # decomposed, as macOS writes names: the same id
)
def test_letters_without_an_accent_to_drop_are_spelt_out_not_lost(name: str, made: str):
    assert slug(name) == made  # "Größe" was "groe": ß and the umlauts' dots dropped


def test_role_rows_make_role_files_with_titles_levels_and_their_own_expectations(tmp_path: Path):
    header = [*HEADER, "family summary", "role", "role title", "role without", "link", "link text"]
    base = _rows()
    rows = [
        [*base[0], "People who work with data.", "", "", "", "", ""],
        [*base[2], "", "", "", "", "", ""],
        # a role at D2 only: a title, an addition to a family competency, a competency of its own with a link
        ["", "Data", "D2", "Senior Analyst", "", "", "", "", "", "", "Data Engineer", "Senior Data Engineer", "", "", ""],
        ["", "Data", "D2", "Senior Analyst", "Analysis", "Craft", "Models data for reuse.", "", "", "", "Data Engineer", "", "", "", ""],
        ["", "Data", "D2", "Senior Analyst", "Pipelines", "Craft", "Runs pipelines on time.", "", "", "", "Data Engineer", "", "", "https://example.com/runbook", "Runbook"],
        ["", "Data", "D2", "Senior Analyst", "", "", "", "", "", "", "Data Engineer", "", "", "https://example.com/alerts", ""],
    ]  # fmt: skip
    imported = read(_csv(tmp_path, rows, header), "csv")
    assert [n for n in imported.notes if n.severity == "error"] == []
    role = imported.files["roles/data-engineer.yml"]
    assert (role["family"], role["name"], role["levels"], role["titles"]) == ("data", "Data Engineer", ["d2"], {"d2": "Senior Data Engineer"})
    assert role["expectations"]["analysis"]["d2"] == [{"id": "models-data-for-reuse", "text": "Models data for reuse."}]
    (own,) = role["competencies"]
    assert own["id"] == "pipelines" and own["expectations"]["d2"][0]["links"] == [
        {"label": "Runbook", "url": "https://example.com/runbook"},
        {"label": "https://example.com/alerts", "url": "https://example.com/alerts"},
    ]
    assert any(n.severity == "warning" and "role 'Data Engineer' has no summary" in n.message for n in imported.notes)
    assert [c["id"] for c in imported.files["families/data.yml"]["competencies"]] == ["analysis"]
    out = tmp_path / "out"
    result = run_ladder("import", "csv", str(_csv(tmp_path, rows, header)), str(out))
    assert result.returncode == 0, result.stderr
    assert run_ladder("check", str(out)).returncode == 0


def test_a_row_of_a_scale_alone_puts_the_proficiency_scale_in_order(tmp_path: Path):
    header, rows = _summarised(_rows())
    scale = [["", "", "", "", "", "", "", "", name, ""] for name in ("Awareness", "Expert", "Working")]
    imported = read(_csv(tmp_path, [*scale, *rows], header), "csv")
    assert [p["name"] for p in imported.files["handbook.yml"]["proficiency"]] == ["Awareness", "Expert", "Working"]


def test_an_unknown_family_status_is_a_located_error(tmp_path: Path):
    header, rows = _summarised(_rows())
    rows = [[*row, "retired" if i == 0 else ""] for i, row in enumerate(rows)]
    imported = read(_csv(tmp_path, rows, [*header, "family status"]), "csv")
    errors = [n for n in imported.notes if n.severity == "error"]
    assert [(e.location.line, e.location.col, e.message) for e in errors] == [
        (2, len(header) + 1, "family status 'retired': write current, legacy or draft")
    ]


GERMAN = [
    ["Beispiel GmbH", "Daten", "D1", "Analystin", "Analyse", "Handwerk", "Schreibt klare Abfragen für das Team.", "", "Grundlagen"],
    ["", "Daten", "D2", "Senior-Analystin", "Analyse", "Handwerk", "Schreibt Abfragen, die andere übernehmen; prüft Größen.", "", "Experte"],
]


def _written(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([HEADER, *rows])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "encoding", "warned"),
    [(";", "cp1252", (2, 76)), ("\t", "utf-16", None), (";", "utf-8-sig", None), ("\t", "utf-8", None)],
)
def test_excels_csv_files_of_any_locale_read_as_the_utf8_comma_one(tmp_path: Path, delimiter: str, encoding: str, warned):
    expected = read(_csv(tmp_path, GERMAN, name="plain.csv"), "csv")
    assert [n for n in expected.notes if n.severity == "error"] == [] and expected.files["families/daten.yml"]
    source = tmp_path / "excel.csv"
    source.write_bytes(_written(GERMAN, delimiter).encode(encoding))
    imported = read(source, "csv")
    assert imported.files == expected.files  # "für", "übernehmen", "Größen" and the columns all as in the UTF-8 file
    extra = [n for n in imported.notes if (n.location.line, n.location.col) == warned]
    if warned:  # the first byte that is not UTF-8: the "ü" of "für", row 2
        assert [n.message for n in extra] == [
            "not UTF-8: read as Windows-1252, Excel's 'CSV' on Windows; check its accented letters, or save it as "
            "'CSV UTF-8' (Excel) or with the character set 'Unicode (UTF-8)' (LibreOffice)"
        ]
        assert [n.severity for n in extra] == ["warning"]
    assert len(imported.notes) == len(expected.notes) + (1 if warned else 0)


def test_a_file_neither_utf8_nor_windows_1252_is_a_located_error(tmp_path: Path):
    source = tmp_path / "bad.csv"
    source.write_bytes(_written(GERMAN, ",").encode("utf-8").replace("für".encode(), b"f\x81r"))
    result = run_ladder("import", "csv", str(source), str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{source}:2:76: error: cannot read the csv file: byte 0x81 is neither UTF-8 nor Windows-1252; save it " \
        "as 'CSV UTF-8' (Excel) or with the character set 'Unicode (UTF-8)' (LibreOffice)" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_xlsx_cells_excel_changed_are_read_as_shown_with_a_warning_at_each(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*HEADER, "expectation id"])
    sheet.append(["Acme", "Data", 1, "Analyst", "Analysis", "Craft", "Writes clear queries.", True, "Working", 1.1])
    sheet.append(["", "Data", 2, "Senior", "Analysis", "Craft", "Plans the quarter.", datetime.date(2026, 3, 4), "Expert", 2.0])
    book.save(tmp_path / "sheet.xlsx")
    imported = read(tmp_path / "sheet.xlsx", "xlsx")
    warnings = {(n.location.line, n.location.col): n.message for n in imported.notes if "read as" in n.message}
    assert sorted(warnings) == [(2, 8), (2, 10), (3, 8)]  # the whole numbers (levels 1 and 2, id 2.0) are as typed
    assert warnings[(2, 10)].startswith("a number cell, read as '1.1': if it was typed as something else (Excel turns")
    assert warnings[(2, 8)].startswith("a TRUE/FALSE cell, read as 'TRUE'")
    assert warnings[(3, 8)].startswith("a date cell, read as '2026-03-04'")
    (competency,) = imported.files["families/data.yml"]["competencies"]
    assert competency["expectations"]["1"][0] == {"id": "1.1", "text": "Writes clear queries.", "examples": ["TRUE"], "proficiency": "working"}
    assert competency["expectations"]["2"][0]["examples"] == ["2026-03-04"]


def test_a_competency_of_the_manager_track_alone_is_written_for_that_track_and_files_name_their_schema(tmp_path: Path):
    header = ["organisation", "family", "family summary", "track", "track kind", "level", "competency", "expectation"]
    rows = [
        ["Acme", "Data", "People who work with data.", "Individual contributor", "", "D1", "Analysis", "Writes clear queries."],
        ["", "Data", "", "Individual contributor", "", "D2", "Analysis", "Reviews others' queries."],
        ["", "Data", "", "Manager", "manager", "M1", "Analysis", "Sets the team's standards for queries."],
        ["", "Data", "", "Manager", "manager", "M1", "People", "Runs useful one-to-ones."],
    ]
    imported = read(_csv(tmp_path, rows, header), "csv")
    analysis, people = imported.files["families/data.yml"]["competencies"]
    assert "tracks" not in analysis  # asked on both tracks
    assert list(people) == ["id", "name", "tracks", "expectations"] and people["tracks"] == ["manager"]
    out = tmp_path / "out"
    result = run_ladder("import", "csv", str(_csv(tmp_path, rows, header)), str(out))
    assert result.returncode == 0, result.stderr
    check = run_ladder("check", str(out), "--strict")
    assert check.returncode == 0, check.stderr  # no "competency 'people' has no expectations on track 'individual-contributor'"
    assert (out / "handbook.yml").read_text().startswith("# yaml-language-server: $schema=../schema/handbook.schema.json\n")
    assert (out / "families" / "data.yml").read_text().startswith("# yaml-language-server: $schema=../../schema/family.schema.json\n")


def test_a_cell_holding_a_line_separator_stays_in_its_row(tmp_path: Path):
    rows = _rows()
    rows[1][7] = "A second\u2028example."  # U+2028: a line break to str.splitlines, not to CSV
    plain = read(_csv(tmp_path, _rows(), name="plain.csv"), "csv")
    imported = read(_csv(tmp_path, rows), "csv")
    assert [(n.location.line, n.message) for n in imported.notes] == [(n.location.line, n.message) for n in plain.notes]
    (competency,) = imported.files["families/data.yml"]["competencies"]
    assert competency["expectations"]["d1"][0]["examples"] == ["A query others reuse.", "A second\u2028example."]


def test_a_header_row_in_another_language_is_told_the_columns_are_named_in_english(tmp_path: Path):
    source = tmp_path / "stufen.csv"
    source.write_text("Familie,Stufe,Kompetenz,Erwartung\nTechnik,E1,Code,Schreibt lesbaren Code\n", encoding="utf-8")
    result = run_ladder("import", "csv", str(source), str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{source}:1:1: error: no header row naming an 'expectation' column; the header row names the columns in " \
           "English (family, level, competency, expectation, ...)" in result.stderr
    assert not (tmp_path / "out").exists()
