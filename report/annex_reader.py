"""Read annex tables back from .xlsx files in the layout annex_xlsx writes: pure data, no ORM.

A sheet is recognised by its header row; the labelled fields above it (单位名称：…) and the body
rows under it are returned with their Excel coordinates, so every problem can name its file,
sheet, row and column. Problems are (code, params) pairs that the caller words in the user's
language.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from zlib import error as zlib_error

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected .xlsx and old .xls files
HEADER_SEARCH_ROWS = 12
WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")  # a cell element, with or without a namespace prefix
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What a file may hold, checked on the package before a single sheet is loaded."""

    max_bytes: int  # the file as uploaded
    max_unzipped: int  # every part of the package, uncompressed
    max_sheets: int
    max_cells: int  # cells of every sheet: those stored, or the area the sheet declares, whichever is larger
    max_rows: int  # rows of one sheet


@dataclass
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str | None
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class Row:
    number: int  # the Excel row number
    values: list  # cell values, one per column of the layout: str, int, float, date or None


@dataclass
class Sheet:
    file: str
    name: str
    annex: int
    info: dict  # info label -> value, e.g. "单位名称：" -> "财务处"
    rows: list


def column_letter(index):
    """The Excel letter of a 0-based column index."""
    return get_column_letter(index + 1)


def normalise(value):
    """A cell's value as the import compares it: stripped text, whole numbers as int, dates as date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _matches(cells, header):
    return len(cells) >= len(header) and all(
        (cell or "").replace(" ", "") == expected.replace(" ", "")
        for cell, expected in zip(cells[:len(header)], header, strict=True))


def _column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _declared_area(ref):
    """(rows, cells) a sheet's <dimension ref="A1:XFD1000"> declares."""
    first_col, first_row, last_col, last_row = ref
    if not last_col:
        return 1, 1
    rows = int(last_row) - int(first_row) + 1
    columns = _column_number(last_col.decode()) - _column_number(first_col.decode()) + 1
    return rows, max(rows, 0) * max(columns, 0)


def _sheet_size(archive, info):
    """(declared rows, cells) of one worksheet part, streamed: the part is never held in memory whole."""
    stored, declared_rows, declared_cells, tail = 0, 0, 0, b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            data = tail + chunk
            if not declared_cells and (match := DIMENSION.search(data)):
                declared_rows, declared_cells = _declared_area(match.groups())
            # a tag cut at the chunk's end is counted with the next chunk
            cut = max(data.rfind(b"<"), len(data) - 64)
            stored += len(CELL_TAG.findall(data, 0, cut))
            tail = data[cut:]
        stored += len(CELL_TAG.findall(tail))
    return declared_rows, max(stored, declared_cells)


def check_package(filename, content, limits):
    """The problems of a file's package as a whole, found before anything is loaded (empty when it may be read)."""
    def problem(code, **params):
        return [Problem(filename, "", None, None, code, params)]

    if len(content) > limits.max_bytes:
        return problem("too_big", size=round(len(content) / 2**20, 1), limit=round(limits.max_bytes / 2**20, 1))
    if content.startswith(OLE_SIGNATURE):
        return problem("encrypted")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return problem("not_xlsx")
    unzipped = sum(info.file_size for info in parts)
    if unzipped > limits.max_unzipped:
        return problem("too_big_unzipped", size=round(unzipped / 2**20, 1),
                       limit=round(limits.max_unzipped / 2**20, 1))
    sheets = [info for info in parts if WORKSHEET_PART.fullmatch(info.filename)]
    if not sheets:
        return problem("damaged")  # a zip archive, but no workbook in it
    if len(sheets) > limits.max_sheets:
        return problem("too_many_sheets", sheets=len(sheets), limit=limits.max_sheets)
    cells = 0
    try:
        for info in sheets:
            rows, sheet_cells = _sheet_size(archive, info)
            if rows > limits.max_rows:
                return problem("too_many_rows", rows=rows, limit=limits.max_rows)
            cells += sheet_cells
            if cells > limits.max_cells:
                return problem("too_many_cells", limit=limits.max_cells)
    except (zipfile.BadZipFile, OSError, EOFError, zlib_error):
        return problem("damaged")
    return []


def read_workbook(filename, content, layouts, info_labels, limits):
    """Sheets of one file, and the problems that keep it from being read.

    ``layouts``: {annex: [header rows, one per language]}; ``info_labels``: the labels that may start a
    field above the table (both languages). Nothing is guessed: a sheet whose header is not one of the
    layouts is a problem, not a best effort. The package is checked against ``limits`` first; sheets are
    then streamed (openpyxl's read-only mode), never laid out as a grid.
    """
    problems = check_package(filename, content, limits)
    if problems:
        return [], problems
    width = max(len(header) for headers in layouts.values() for header in headers)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a damaged file
        return [], [Problem(filename, "", None, None, "damaged")]
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # the declared size was checked; read only what is stored
            rows = []
            for row in worksheet.iter_rows(max_col=width, values_only=True):
                rows.append(list(row))
                if len(rows) > limits.max_rows:
                    problems.append(Problem(filename, worksheet.title, None, None, "too_many_rows",
                                            {"rows": len(rows), "limit": limits.max_rows}))
                    break
            else:
                sheet, sheet_problems = _read_sheet(filename, worksheet.title, rows, layouts, info_labels)
                problems += sheet_problems
                if sheet:
                    sheets.append(sheet)
    except Exception:  # noqa: BLE001 - a sheet damaged past the package check
        return [], [Problem(filename, "", None, None, "damaged")]
    finally:
        workbook.close()
    return sheets, problems


def _read_sheet(filename, title, rows, layouts, info_labels):
    if not any(any(cell is not None for cell in row) for row in rows):
        return None, []  # an empty sheet is ignored
    found = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [str(cell).strip() if cell is not None else None for cell in row]
        for annex, headers in layouts.items():
            if any(_matches(cells, header) for header in headers):
                found = (annex, index, len(headers[0]))
                break
        if found:
            break
    if not found:
        return None, [Problem(filename, title, None, None, "unknown_layout")]
    annex, header_index, width = found
    info = {}
    for row in rows[:header_index]:
        for cell in row:
            if isinstance(cell, str):
                for label in info_labels:
                    if cell.startswith(label):
                        info[label] = cell[len(label):].strip()
    problems, body = [], []
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        values = (row + [None] * width)[:width]
        for column, value in enumerate(values):
            if isinstance(value, str) and value.startswith("="):
                problems.append(Problem(filename, title, offset, column_letter(column), "formula"))
        values = [normalise(value) for value in values]
        if any(value is not None for value in values):
            body.append(Row(offset, values))
    return Sheet(filename, title, annex, info, body), problems
