"""Rows of an uploaded spreadsheet (.xlsx or .csv): one reader for every import.

`read_rows` gives (row number, {column: value}) for each non-empty row, numbered as the
spreadsheet shows them (row 1 is the first row, the header when there is one). With a header
its names are matched to the expected columns (case, spaces and aliases do not matter) and an
unknown or missing column refuses the file; without one (`header=False`) the columns are taken
by position, for forms whose layout the hub wrote itself.

Everything wrong with the file itself raises `ImportFailed` naming the problem (column "file",
row 1), so the importers stay all or nothing: they check every row, then write all or nothing.

Safety: an .xlsx is a zip archive of XML. The archive is checked before parsing (number of
entries, unpacked size, compression ratio) so a small upload cannot unpack into gigabytes;
openpyxl reads it read-only (rows are streamed, not loaded) and with defusedxml when installed
(it is in requirements.txt: no entity expansion, no external entities); formulas are read as
their last computed values, never evaluated. A CSV must be UTF-8; its delimiter (comma or
semicolon) is sniffed from the header line. Text the hub's exports protected against formula
injection with a leading quote (app/core/exports.py: `safe_cell`) comes back without it.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from app.core.errors import ValidationFailed
from app.core.languages import N_

MAX_PROBLEMS_SHOWN = 500
_PROTECTED = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


@dataclass(frozen=True)
class Limits:
    """How much a file may hold: rows below the header, and what its archive may unpack into."""

    max_rows: int = 50_000
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_zip_entries: int = 200
    max_ratio: int = 200


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


class ImportFailed(ValidationFailed):
    """Nothing was imported; `problems` names every bad row and column."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        fields: dict[str, list[str]] = {}
        for problem in problems[:MAX_PROBLEMS_SHOWN]:
            fields.setdefault(f"row {problem.row}", []).append(f"{problem.column}: {problem.message}")
        rows = len({p.row for p in problems})
        super().__init__(f"Nothing was imported: {len(problems)} problem(s) in {rows} row(s).", fields)


def fail(message: str, column: str = "file", row: int = 1):
    raise ImportFailed([Problem(row, column, message)])


# --- the two formats -------------------------------------------------------------------------------

def _check_zip(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        fail(N_("This is not a readable .xlsx file."))
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries or sum(i.file_size for i in infos) > limits.max_unpacked_bytes:
        fail(N_("The spreadsheet is too large once unpacked; split it into several files."))
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
            fail(N_("The spreadsheet is compressed suspiciously well; it was not read."))


def open_xlsx(data: bytes, limits: Limits = Limits()):
    """The workbook, read-only (close it after use), once the archive is found safe to parse."""
    from openpyxl import load_workbook

    if not data.startswith(b"PK\x03\x04"):
        fail(N_("This is not an .xlsx file (Excel 2007 or later)."))
    _check_zip(data, limits)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any parser failure is a bad upload, not a server error
        fail(N_("This .xlsx file could not be read."))


def sheet_rows(sheet) -> Iterator[tuple]:
    """The rows of a read-only worksheet; a sheet that breaks while it is streamed is a bad upload."""
    try:
        rows = sheet.iter_rows(values_only=True)
    except Exception:  # noqa: BLE001
        fail(N_("This .xlsx file could not be read."))
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 - rows are parsed lazily: a broken sheet is a bad upload
            fail(N_("This .xlsx file could not be read."))
        yield row


def _xlsx_rows(data: bytes, sheet, limits: Limits) -> Iterator[tuple]:
    workbook = open_xlsx(data, limits)
    try:
        if isinstance(sheet, str) and sheet in workbook.sheetnames:
            chosen = workbook[sheet]
        elif isinstance(sheet, int) and 0 <= sheet < len(workbook.worksheets):
            chosen = workbook.worksheets[sheet]
        else:
            chosen = workbook.worksheets[0]
        yield from sheet_rows(chosen)
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[list]:
    if b"\0" in data:
        fail(N_("This is not a text (CSV) file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(N_("Save the CSV file as UTF-8 and try again."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def raw_rows(filename: str, data: bytes, *, sheet=None, limits: Limits = Limits(),
             csv_suffixes: Sequence[str] = (".csv",)) -> Iterator[Sequence]:
    """Every row of the file as the format gives it: an .xlsx (the sheet named or numbered `sheet`,
    else the first) or, when its name ends with one of `csv_suffixes`, a CSV."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(data, sheet, limits)
    if csv_suffixes and name.endswith(tuple(csv_suffixes)):
        return _csv_rows(data)
    fail(N_("Upload an .xlsx or .csv file.") if csv_suffixes else N_("Upload an .xlsx file."))


# --- rows as records -------------------------------------------------------------------------------

def cell(value):
    """A cell's value: text stripped (empty is None) and without the quote our exports put before a formula."""
    if isinstance(value, str):
        value = value.strip()
        if len(value) > 1 and value[0] == "'" and value[1] in _PROTECTED:
            value = value[1:]
        return value or None
    return value


def column_key(name, aliases: dict[str, str] | None = None) -> str:
    """A header as a column name: lower case, spaces as underscores, aliases resolved."""
    key = re.sub(r"\s+", "_", str(name).strip().lower()) if name is not None else ""
    return (aliases or {}).get(key, key)


def read_rows(filename: str, data: bytes, *, columns: Sequence[str], required: Sequence[str] = (),
              aliases: dict[str, str] | None = None, header: bool = True, sheet=None,
              limits: Limits = Limits(), csv_suffixes: Sequence[str] = (".csv",),
              unknown_column: str = N_("unknown column; use the template's header")) -> Iterator[tuple[int, dict]]:
    """(row number, {column: value}) for every non-empty row (below the header, if there is one).

    Raises ImportFailed for a file that cannot be read, a header naming an unknown column or
    missing a required one, or more than `limits.max_rows` rows."""
    rows = iter(raw_rows(filename, data, sheet=sheet, limits=limits, csv_suffixes=csv_suffixes))
    first = 1
    if header:
        names = next(rows, None)
        if names is None:
            fail(N_("The file is empty."))
        keys = [column_key(h, aliases) for h in names]
        unknown = [str(h).strip() for h, k in zip(names, keys, strict=True) if k and k not in columns]
        missing = [c for c in required if c not in keys]
        if unknown or missing:
            raise ImportFailed([Problem(1, c, unknown_column) for c in unknown]
                               + [Problem(1, c, N_("required column is missing")) for c in missing])
        first = 2
    else:
        keys = list(columns)
    for number, values in enumerate(rows, start=first):
        record = {k: cell(v) for k, v in zip(keys, values, strict=False) if k}
        if all(v is None for v in record.values()):
            continue
        if number - first + 1 > limits.max_rows:
            fail(f"Import at most {limits.max_rows:,} rows at a time.", row=number)
        yield number, record
