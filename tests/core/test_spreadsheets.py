"""The one spreadsheet reader of every import (app/core/spreadsheets.py), on its own."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from app.core.exports import to_csv, to_xlsx
from app.core.spreadsheets import ImportFailed, Limits, read_rows

COLUMNS = ("name", "count", "note")


def rows(filename, data, **options):
    options.setdefault("columns", COLUMNS)
    return list(read_rows(filename, data, **options))


def xlsx(*sheets) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, lines in sheets:
        sheet = book.create_sheet(title)
        for line in lines:
            sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(filename, data, **options) -> ImportFailed:
    with pytest.raises(ImportFailed) as raised:
        rows(filename, data, **options)
    return raised.value


def test_csv_rows_are_dicts_numbered_as_the_spreadsheet_shows_them():
    data = b"Name,Count,Note\nA,1,x\n,,\n  B  ,2,\n"
    assert rows("f.csv", data) == [(2, {"name": "A", "count": "1", "note": "x"}),
                                   (4, {"name": "B", "count": "2", "note": None})]


def test_a_semicolon_csv_with_a_byte_order_mark_is_read():
    data = "\ufeffname;count\nA;1,5\n".encode()
    assert rows("f.csv", data) == [(2, {"name": "A", "count": "1,5"})]


def test_xlsx_rows_keep_numbers_and_come_from_the_sheet_named():
    data = xlsx(("other", [["name"], ["wrong"]]), ("wanted", [["Name", "Count"], ["A", 3], [None, None], ["B", 4]]))
    assert rows("f.xlsx", data, sheet="wanted") == [(2, {"name": "A", "count": 3}), (4, {"name": "B", "count": 4})]
    assert rows("f.xlsx", data, sheet="absent") == [(2, {"name": "wrong"})]  # else the first sheet


def test_without_a_header_columns_are_taken_by_position_and_rows_count_from_one():
    data = xlsx(("form", [["title"], [], ["k1", "label", 5], ["k2", "label", None]]))
    assert rows("f.xlsx", data, columns=("key", "", "value"), header=False) == [
        (1, {"key": "title", "value": None}), (3, {"key": "k1", "value": 5}), (4, {"key": "k2", "value": None})]


def test_aliases_and_unknown_and_missing_columns():
    assert rows("f.csv", b"Full  Name,count\nA,1\n", aliases={"full_name": "name"}) == [
        (2, {"name": "A", "count": "1"})]
    error = refused("f.csv", b"name,Colour\nA,red\n", required=("count",))
    assert {(p.row, p.column) for p in error.problems} == {(1, "Colour"), (1, "count")}


def test_what_our_exports_protected_against_formulas_comes_back_as_it_was():
    exported = to_csv(COLUMNS, [["=1+1", "-3", "@SUM(A1)"]]).encode()
    assert rows("f.csv", exported) == [(2, {"name": "=1+1", "count": "-3", "note": "@SUM(A1)"})]
    workbook = to_xlsx({"s": (COLUMNS, [["=HYPERLINK(\"http://x\")", 1, "+cmd"]])})
    assert rows("f.xlsx", workbook) == [(2, {"name": "=HYPERLINK(\"http://x\")", "count": 1, "note": "+cmd"})]


@pytest.mark.parametrize(("filename", "data", "words"), [
    ("f.csv", b"", "empty"),
    ("f.txt", b"name\nA\n", ".xlsx or .csv"),
    ("f.xlsx", b"name\nA\n", "not an .xlsx"),
    ("f.xlsx", b"PK\x03\x04 not a zip", "not a readable"),
    ("f.csv", "name\nSociété\n".encode("latin-1"), "UTF-8"),
    ("f.csv", "name\nA\n".encode("utf-16"), "not a text"),
])
def test_a_bad_file_is_refused_with_a_reason_and_no_rows(filename, data, words):
    error = refused(filename, data)
    assert [(p.row, p.column) for p in error.problems] == [(1, "file")]
    assert words in error.problems[0].message


def test_csv_can_be_refused_or_given_other_suffixes():
    assert "Upload an .xlsx file." in refused("f.csv", b"name\nA\n", csv_suffixes=()).problems[0].message
    assert rows("f.txt", b"name\nA\n", csv_suffixes=(".csv", ".txt")) == [(2, {"name": "A"})]


def test_rows_beyond_the_limit_refuse_the_file():
    data = ("name\n" + "A\n" * 4).encode()
    assert len(rows("f.csv", data, limits=Limits(max_rows=4))) == 4
    error = refused("f.csv", data, limits=Limits(max_rows=3))
    assert error.problems[0].row == 5 and "at most 3" in error.problems[0].message


def test_an_archive_that_unpacks_into_too_much_is_not_parsed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    assert "compressed" in refused("bomb.xlsx", buffer.getvalue()).problems[0].message
    assert "too large" in refused("big.xlsx", buffer.getvalue(),
                                  limits=Limits(max_unpacked_bytes=1000)).problems[0].message
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(5):
            archive.writestr(f"x{number}.xml", b"<a/>")
    assert "too large" in refused("many.xlsx", many.getvalue(), limits=Limits(max_zip_entries=3)).problems[0].message


def test_xml_entities_are_refused_not_expanded():
    source = zipfile.ZipFile(io.BytesIO(xlsx(("s", [["name"], ["A"]]))))
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, laughs if item.filename == "xl/worksheets/sheet1.xml" else source.read(item))
    error = refused("laughs.xlsx", out.getvalue())
    assert error.problems[0].column == "file" and "could not be read" in error.problems[0].message


def test_the_failure_names_every_problem_by_row():
    error = refused("f.csv", b"a,b\n1,2\n", required=("name", "count"))
    assert error.fields == {"row 1": ["a: unknown column; use the template's header",
                                      "b: unknown column; use the template's header",
                                      "name: required column is missing", "count: required column is missing"]}
    assert "4 problem(s) in 1 row(s)" in error.message
