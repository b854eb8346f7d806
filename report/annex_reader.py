"""Read annex tables back from .xlsx files in the layout annex_xlsx writes: pure data, no ORM.

A sheet is recognised by its header row; the labelled fields above it (单位名称：…) and the body
rows under it are returned with their Excel coordinates, so every problem can name its file,
sheet, row and column. Problems are (code, params) pairs that the caller words in the user's
language.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected .xlsx and old .xls files
HEADER_SEARCH_ROWS = 12


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


def read_workbook(filename, content, layouts, info_labels, max_rows, max_bytes):
    """Sheets of one file, and the problems that keep it from being read.

    ``layouts``: {annex: [header rows, one per language]}; ``info_labels``: the labels that may start a
    field above the table (both languages). Nothing is guessed: a sheet whose header is not one of the
    layouts is a problem, not a best effort.
    """
    if len(content) > max_bytes:
        return [], [Problem(filename, "", None, None, "too_big", {"size": round(len(content) / 2**20, 1),
                                                                   "limit": round(max_bytes / 2**20, 1)})]
    if content.startswith(OLE_SIGNATURE):
        return [], [Problem(filename, "", None, None, "encrypted")]
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return [], [Problem(filename, "", None, None, "not_xlsx")]
    try:
        workbook = load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a damaged file
        return [], [Problem(filename, "", None, None, "damaged")]
    sheets, problems = [], []
    for worksheet in workbook.worksheets:
        if worksheet.max_row > max_rows:
            problems.append(Problem(filename, worksheet.title, None, None, "too_many_rows",
                                    {"rows": worksheet.max_row, "limit": max_rows}))
            continue
        sheet, sheet_problems = _read_sheet(filename, worksheet, layouts, info_labels)
        problems += sheet_problems
        if sheet:
            sheets.append(sheet)
    return sheets, problems


def _read_sheet(filename, worksheet, layouts, info_labels):
    rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
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
        return None, [Problem(filename, worksheet.title, None, None, "unknown_layout")]
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
                problems.append(Problem(filename, worksheet.title, offset, column_letter(column), "formula"))
        values = [normalise(value) for value in values]
        if any(value is not None for value in values):
            body.append(Row(offset, values))
    return Sheet(filename, worksheet.title, annex, info, body), problems
