"""Read annex tables back from .xlsx, .xls and .ods files in the layout report/annex_xlsx.py writes: no ORM.

Users fill the exported tables in Excel, WPS or LibreOffice and may save them in any of these formats; the
format is told from the content, not the name. Each format is streamed into plain rows of values that go
through the same header recognition. A sheet is recognised by its header row; the labelled fields above it
(单位名称：…) and the body rows under it are returned with their Excel coordinates, so every problem can name
its file, sheet, row and column. Problems are (code, params) pairs that the caller words in the user's language.
"""

import datetime
import io
import os
import re
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat
from zlib import error as zlib_error

import xlrd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from xlrd.compdoc import CompDoc

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls files, and .xlsx files saved with a password
ZIP_SIGNATURE = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SPREADSHEET_NAME = re.compile(r".*\.(xlsx|xlsm|xls|ods)", re.IGNORECASE)
HEADER_SEARCH_ROWS = 12
WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")  # a cell element, with or without a namespace prefix
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
CHUNK = 1 << 20

TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODS_TABLE, ODS_ROW = f"{TABLE_NS}table", f"{TABLE_NS}table-row"
ODS_CELLS = (f"{TABLE_NS}table-cell", f"{TABLE_NS}covered-table-cell")
ODS_NUMBER_TYPES = ("float", "percentage", "currency")
MAX_CELL_PARTS = 10_000  # XML elements inside one ODS cell (paragraphs, spans): a cell is read whole
# XML elements of an ODS content.xml per cell allowed (a cell, its paragraph, a span): empty cells cost no
# cells but cost parsing, so the document as a whole is bounded too
ODS_ELEMENTS_PER_CELL = 3
MAX_SPACES = 255  # the spaces one <text:s text:c="..."/> may stand for
MAX_DEPTH = 64  # nesting of an ODS content.xml: a spreadsheet needs a dozen levels


class _Refused(Exception):
    """A file refused while it is streamed: over a limit, or a format problem found inside it."""

    def __init__(self, code, sheet="", **params):
        super().__init__(code)
        self.code, self.sheet, self.params = code, sheet, params


@dataclass(frozen=True)
class Limits:
    """What a file may hold, checked on the package before a single sheet is loaded."""

    max_bytes: int  # the file as uploaded
    max_unzipped: int  # every part of the package, uncompressed
    max_sheets: int
    max_cells: int  # cells of every sheet: those stored, or the area the sheet declares, whichever is larger
    max_rows: int  # rows of one sheet
    max_text: int = 30_000_000  # characters of text in every cell read, repeated cells counted each time


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


def _ole_format(content):
    """'xls', or the problem code of another compound document (a password-protected .xlsx, a .doc)."""
    with open(os.devnull, "w") as discard:  # xlrd writes its warnings to a log file
        streams = {node.name for node in CompDoc(content, logfile=discard).dirlist}
    if "EncryptionInfo" in streams:
        return "encrypted"
    if streams & {"Workbook", "Book"}:
        return "xls"
    return "unsupported_format"


def _zip_format(filename, archive, names):
    """'xlsx' or 'ods' from the parts of a zip package, or the problem code of any other zip."""
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names:
        with archive.open("mimetype") as part:
            if part.read(len(ODS_MIMETYPE) + 2).strip() == ODS_MIMETYPE:
                return "ods"
    # a zip named as a spreadsheet lost its workbook; a .docx or a .zip is another kind of file
    return "damaged" if SPREADSHEET_NAME.fullmatch(filename) else "unsupported_format"


def check_package(filename, content, limits):
    """(format, problems) of a file's package as a whole, found before any sheet is loaded.

    The format ('xlsx', 'xls' or 'ods') is told from the content; problems are empty when the file may be read.
    """
    def problem(code, **params):
        return None, [Problem(filename, "", None, None, code, params)]

    if len(content) > limits.max_bytes:
        return problem("too_big", size=round(len(content) / 2**20, 1), limit=round(limits.max_bytes / 2**20, 1))
    if content.startswith(OLE_SIGNATURE):
        try:
            kind = _ole_format(content)
        except Exception:  # noqa: BLE001 - xlrd raises many kinds of errors for a damaged compound document
            return problem("damaged")
        return ("xls", []) if kind == "xls" else problem(kind)
    if not content.startswith(ZIP_SIGNATURE):
        # text or a web page saved under a spreadsheet's name, as some systems "export to Excel"
        return problem("not_xlsx" if SPREADSHEET_NAME.fullmatch(filename) else "unsupported_format")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return problem("damaged")
    unzipped = sum(info.file_size for info in parts)
    if unzipped > limits.max_unzipped:
        return problem("too_big_unzipped", size=round(unzipped / 2**20, 1),
                       limit=round(limits.max_unzipped / 2**20, 1))
    names = {info.filename for info in parts}
    try:
        kind = _zip_format(filename, archive, names)
    except (zipfile.BadZipFile, OSError, EOFError, zlib_error):
        return problem("damaged")
    if kind == "ods":
        # the sheets of an .ods are one XML part: they are counted while it is streamed
        return ("ods", []) if "content.xml" in names else problem("damaged")
    if kind != "xlsx":
        return problem(kind)
    sheets = [info for info in parts if WORKSHEET_PART.fullmatch(info.filename)]
    if not sheets:
        return problem("damaged")  # a workbook without a worksheet
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
    return "xlsx", []


def read_workbook(filename, content, layouts, info_labels, limits):
    """Sheets of one file, and the problems that keep it from being read.

    ``layouts``: {annex: [header rows, one per language]}; ``info_labels``: the labels that may start a
    field above the table (both languages). Nothing is guessed: a sheet whose header is not one of the
    layouts is a problem, not a best effort. The package is checked against ``limits`` first; sheets are
    then streamed, never laid out as a grid, and a file over a limit is refused as a whole.
    """
    kind, problems = check_package(filename, content, limits)
    if problems:
        return [], problems
    width = max(len(header) for headers in layouts.values() for header in headers)
    reader = {"xlsx": _xlsx_tables, "xls": _xls_tables, "ods": _ods_package_tables}[kind]
    sheets = []
    try:
        with closing(reader(content, width, limits)) as tables:
            text = 0
            for title, rows in tables:
                # the text read, counted before each cell is copied into its own string: a short file may repeat
                # one long text in thousands of cells
                text += sum(len(value) for row in rows for value in row if isinstance(value, str))
                if text > limits.max_text:
                    raise _Refused("too_much_text", title, limit=limits.max_text // 1_000_000)
                sheet, sheet_problems = _read_sheet(filename, title, rows, layouts, info_labels)
                problems += sheet_problems
                if sheet:
                    sheets.append(sheet)
    except _Refused as refused:
        return [], [Problem(filename, refused.sheet, None, None, refused.code, refused.params)]
    except Exception:  # noqa: BLE001 - the readers raise many kinds of errors for a file damaged past the checks
        return [], [Problem(filename, "", None, None, "damaged")]
    return sheets, problems


def _too_many_rows(sheet, rows, limits):
    return _Refused("too_many_rows", sheet, rows=rows, limit=limits.max_rows)


def _xlsx_tables(content, width, limits):
    """(title, rows) of each worksheet, streamed by openpyxl's read-only mode."""
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # the declared size was checked; read only what is stored
            rows = []
            for row in worksheet.iter_rows(max_col=width, values_only=True):
                rows.append(list(row))
                if len(rows) > limits.max_rows:
                    raise _too_many_rows(worksheet.title, len(rows), limits)
            yield worksheet.title, rows
    finally:
        workbook.close()


def _xls_value(book, cell):
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):
            return cell.value  # a number formatted as a date that no calendar holds
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return float(cell.value)
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return None  # empty, blank, or an error such as #REF!


def _xls_tables(content, width, limits):
    """(name, rows) of each sheet of an .xls (BIFF) workbook; formulas are read as their last values."""
    with open(os.devnull, "w") as discard:  # xlrd writes its warnings to a log file
        try:
            # ragged rows: xlrd keeps each row as long as its last cell instead of padding a grid to the widest,
            # so a sheet with one far cell costs what its file holds
            book = xlrd.open_workbook(file_contents=content, on_demand=True, formatting_info=False,
                                      ragged_rows=True, logfile=discard)
        except xlrd.XLRDError as error:
            if "encrypted" in str(error):
                raise _Refused("encrypted") from error
            raise
        try:
            if book.nsheets > limits.max_sheets:
                raise _Refused("too_many_sheets", sheets=book.nsheets, limit=limits.max_sheets)
            cells = 0
            for index in range(book.nsheets):
                sheet = book.sheet_by_index(index)
                if sheet.nrows > limits.max_rows:
                    raise _too_many_rows(sheet.name, sheet.nrows, limits)
                cells += sheet.nrows * sheet.ncols
                if cells > limits.max_cells:
                    raise _Refused("too_many_cells", sheet.name, limit=limits.max_cells)
                rows = [[_xls_value(book, sheet.cell(rowx, colx)) if colx < sheet.row_len(rowx) else None
                         for colx in range(width)] for rowx in range(sheet.nrows)]
                book.unload_sheet(index)
                yield sheet.name, rows
        finally:
            book.release_resources()


def _ods_package_tables(content, width, limits):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        with archive.open("content.xml") as part:
            _refuse_doctype(part)
        with archive.open("content.xml") as part:
            yield from ods_tables(part, width, limits)


def _refuse_doctype(stream):
    """Refuse a content.xml that declares a DOCTYPE: spreadsheets have none, and its entities would expand
    (a few KB of them make gigabytes). Only the prolog is parsed, up to the first element."""
    class Prolog(Exception):
        pass

    def doctype(*_args):
        raise _Refused("damaged")

    def element(*_args):
        raise Prolog

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except Prolog:
        return


def _repeat(element, attribute):
    return max(int(element.get(f"{TABLE_NS}{attribute}", 1)), 1)


def _ods_text(element):
    """The text of a <text:p>, with the spaces, tabs and line breaks that ODF writes as elements."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT_NS}s":
            parts.append(" " * min(int(child.get(f"{TEXT_NS}c", 1)), MAX_SPACES))
        elif child.tag == f"{TEXT_NS}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT_NS}line-break":
            parts.append("\n")
        else:  # <text:span>, <text:a>: their text is the cell's text
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _ods_typed_value(cell, kind):
    """A number or date cell's value; None when it cannot be read (the text the cell shows is then what the user
    meant)."""
    try:
        if kind in ODS_NUMBER_TYPES:
            return float(cell.get(f"{OFFICE_NS}value"))
        if kind == "date":
            return datetime.datetime.fromisoformat(cell.get(f"{OFFICE_NS}date-value"))
    except (TypeError, ValueError):
        return None
    return None


def _ods_value(cell):
    """A cell's value as openpyxl gives an .xlsx cell's: a formula as "=...", else float, datetime, bool or str."""
    formula = cell.get(f"{TABLE_NS}formula")
    if formula:
        return formula[formula.find("="):] if "=" in formula else f"={formula}"  # "of:=SUM(...)" -> "=SUM(...)"
    kind = cell.get(f"{OFFICE_NS}value-type")
    typed = _ods_typed_value(cell, kind)
    if typed is not None:
        return typed
    if kind == "boolean":
        return cell.get(f"{OFFICE_NS}boolean-value") == "true"
    # only the cell's own paragraphs: those of a comment (<office:annotation>) are not its value
    text = "\n".join(_ods_text(child) for child in cell if child.tag == f"{TEXT_NS}p")
    return text or None


def ods_tables(stream, width, limits):
    """(name, rows) of each table of an ODS content.xml, streamed, with rows of ``width`` values.

    LibreOffice writes the empty space of a sheet as one cell repeated 1024 times and one row repeated a
    million times: empty repeats are only counted, and dropped at the end of a row or sheet. Repeated values
    count toward the limits before a single copy is made. Each element is dropped from the tree once read,
    so the tree holds only the path to the element being parsed and the cell being read.
    """
    path, sheets, cells, parts, elements = [], 0, 0, 0, 0
    name, rows, row, cell = "", None, None, None
    for event, element in ElementTree.iterparse(stream, ("start", "end")):
        if event == "start":
            path.append(element)
            if len(path) > MAX_DEPTH:
                raise _Refused("damaged", name)
            elements += 1
            if elements > ODS_ELEMENTS_PER_CELL * limits.max_cells:
                raise _Refused("too_many_cells", name, limit=limits.max_cells)
            if cell is not None:  # the content of a cell: kept until the cell ends
                parts += 1
                if parts > MAX_CELL_PARTS:
                    raise _Refused("damaged", name)
            elif element.tag == ODS_TABLE:
                sheets += 1
                if sheets > limits.max_sheets:
                    raise _Refused("too_many_sheets", sheets=sheets, limit=limits.max_sheets)
                name, rows, blank_rows = element.get(f"{TABLE_NS}name", ""), [], 0
            elif element.tag == ODS_ROW and rows is not None:
                row, row_repeat, used, blank_cells = [], _repeat(element, "number-rows-repeated"), 0, 0
            elif element.tag in ODS_CELLS and row is not None:
                cell, parts = element, 0
            continue
        path.pop()
        if cell is not None and element is not cell:
            continue  # the content of a cell, read with the cell
        if element is cell:
            cell, value = None, _ods_value(element)
            repeat = _repeat(element, "number-columns-repeated")
            if value is None:
                blank_cells += repeat
            else:
                used += blank_cells + repeat  # the row's cells up to this value
                if cells + used * row_repeat > limits.max_cells:
                    raise _Refused("too_many_cells", name, limit=limits.max_cells)
                row.extend([None] * min(blank_cells, width - len(row)))
                row.extend([value] * min(repeat, width - len(row)))
                blank_cells = 0
        elif element.tag == ODS_ROW and row is not None:
            if used:
                if len(rows) + blank_rows + row_repeat > limits.max_rows:
                    raise _too_many_rows(name, len(rows) + blank_rows + row_repeat, limits)
                cells += used * row_repeat
                rows += [[None] * width for _blank in range(blank_rows)]
                rows += [row + [None] * (width - len(row)) for _copy in range(row_repeat)]
                blank_rows = 0
            else:
                blank_rows += row_repeat  # kept only if a row with values follows
            row = None
        elif element.tag == ODS_TABLE and rows is not None:
            yield name, rows
            rows = None
        if path:
            path[-1].remove(element)  # read: free it (its parent holds no other child, so this is quick)


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
