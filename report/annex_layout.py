"""The plan's annex tables: each annex's columns declared once, and the tables drawn from them.

``COLUMNS`` says, per annex, each column's key, header, width, alignment and kind. The QWeb template
and the xlsxwriter code draw the cells built here, and the import recognises a sheet by the same
headers and reads each cell back by its column's kind: printing, downloading and re-importing
cannot drift apart. No ORM here; headers are lazy translations, worded by the caller's language.
"""

import datetime
import re
from dataclasses import dataclass, field

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

TICK = "✓"


@dataclass(frozen=True)
class Column:
    key: str
    header: object  # a lazy translation
    width: int  # in characters
    align: str = "left"  # left, center
    kind: str = "text"  # text, number, date, tick: how a cell is written and read back
    per_measure: bool = False  # annex 4: one cell per measure; the risk's cells span its measures


COLUMNS = {
    1: (
        Column("duty", _lt("Post Duty"), 40),
        Column("point", _lt("Risk Control Point"), 60),
        Column("level", _lt("Self-Assessed Post Integrity Risk Level"), 18, "center"),
    ),
    2: (
        Column("post", _lt("Post"), 24),
        Column("holders", _lt("Holder"), 30),
        Column("high", _lt("High"), 8, "center", "tick"),
        Column("medium", _lt("Medium"), 8, "center", "tick"),
        Column("low", _lt("Low"), 8, "center", "tick"),
        Column("remark", _lt("Remarks"), 30),
    ),
    3: (
        Column("number", _lt("No."), 7, "center", "number"),
        Column("content", _lt("Risk Point"), 50),
        Column("level", _lt("Risk Level"), 10, "center"),
        Column("post_people", _lt("Post and Responsible Persons"), 30),
        Column("remark", _lt("Remarks"), 24),
    ),
    4: (
        Column("number", _lt("No."), 7, "center", "number"),
        Column("content", _lt("Risk Point"), 40),
        Column("level", _lt("Risk Level"), 9, "center"),
        Column("post_people", _lt("Post and Responsible Persons"), 24),
        Column("measure", _lt("Prevention and Control Measures"), 42, per_measure=True),
        Column("responsible", _lt("Responsible"), 14, per_measure=True),
        Column("deadline", _lt("Deadline"), 17, "center", "date", per_measure=True),  # 2013年12月31日 on one line
        Column("remark", _lt("Remarks"), 16),
    ),
}
# Header cells above several columns (annex 2); a column outside every group spans both header rows.
GROUPS = {2: ((_lt("Post Setup"), ("post", "holders")), (_lt("Post Risk Level"), ("high", "medium", "low")))}


@dataclass
class Cell:
    value: str | int | float | datetime.date = ""  # what a spreadsheet stores
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"  # left, center
    text: str | None = None  # what is printed, when it differs from the value (dates)

    def __post_init__(self):
        if self.text is None:
            self.text = "" if self.value is None else str(self.value)


@dataclass
class AnnexTable:
    label: str  # 附表1
    title: str  # the company's name and the table's name
    sheet_name: str  # the worksheet's name in a workbook of several tables
    info: list = field(default_factory=list)  # lines of (label, value) pairs above the table
    head: list = field(default_factory=list)  # header rows of cells
    body: list = field(default_factory=list)  # body rows of cells
    widths: list = field(default_factory=list)  # column widths, in characters
    signatures: list = field(default_factory=list)  # lines of labels signed on paper under the table
    date_format: str = "yyyy-mm-dd"  # how a spreadsheet shows the date cells

    @property
    def column_count(self):
        return len(self.widths)

    def pdf_pages(self):
        return pdf_pages(self)


def centered(value):
    """A centred cell; numbers stay numbers, so spreadsheets can sum and sort them."""
    return Cell(value if isinstance(value, int | float) else str(value), align="center")


def headers(annex, translate):
    """The annex's column headers in order, worded by ``translate`` (a lazy translation to str)."""
    return [translate(column.header) for column in COLUMNS[annex]]


def _head(annex, translate):
    columns, groups = COLUMNS[annex], GROUPS.get(annex)
    if not groups:
        return [[Cell(translate(column.header), align="center") for column in columns]]
    grouped = {key: (index, label, keys) for index, (label, keys) in enumerate(groups) for key in keys}
    top, bottom, placed = [], [], set()
    for column in columns:
        if column.key not in grouped:
            top.append(Cell(translate(column.header), rowspan=2, align="center"))
            continue
        index, label, keys = grouped[column.key]
        if index not in placed:
            placed.add(index)
            top.append(Cell(translate(label), colspan=len(keys), align="center"))
        bottom.append(Cell(translate(column.header), align="center"))
    return [top, bottom]


def _cell(column, value, date_text, rowspan=1):
    if column.kind == "date" and isinstance(value, datetime.date):
        return Cell(value, rowspan=rowspan, align=column.align, text=date_text(value))
    if column.kind == "tick":
        value = TICK if value else ""
    return Cell("" if value is None else value, rowspan=rowspan, align=column.align)


def table(annex, translate, date_text, rows, **values):
    """An annex table from ``rows``: dicts by column key; an annex 4 row also has ``measures``, a list of
    dicts of the measure columns, and its other cells span them. ``values``: the AnnexTable's other fields.
    """
    columns = COLUMNS[annex]
    body = []
    for row in rows:
        measures = row.get("measures") or [{}]
        span = len(measures) if "measures" in row else 1
        body.append([_cell(column, (measures[0] if column.per_measure else row).get(column.key), date_text,
                           1 if column.per_measure else span) for column in columns])
        body.extend([_cell(column, measure.get(column.key), date_text) for column in columns if column.per_measure]
                    for measure in measures[1:])
    return AnnexTable(head=_head(annex, translate), body=body,
                      widths=[column.width for column in columns], **values)


def numbered(rows):
    """Rows with their 序号 (1, 2, ...) in print order."""
    return [{**row, "number": number} for number, row in enumerate(rows, start=1)]


# --- pages of the PDF -------------------------------------------------------------------------
# Debian's wkhtmltopdf does not repeat a table's header on the pages it breaks the table onto: the PDF is cut
# into pages here, each drawn as a table with its own header. Sizes are in lines of the table's text, measured
# on the annex paper format (A4 landscape) with that build; a column of width w holds about w * 1.3 Latin
# characters (a Chinese character counts two) per line. Estimates err on the full side: a page ends a little
# early rather than spill.
PDF_CHARS_PER_WIDTH = 1.35
PDF_PAGE_LINES = 32.0  # the whole page under its top margin, header row included
PDF_TITLE_LINES = 6.5  # the label, title and fields above the table, on its first page
PDF_ROW_PADDING = 0.45  # a row's padding and border
PDF_SIGNATURE_LINES = 5.5


def text_width(text):
    """Display width in Latin characters: CJK and full-width characters count double."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def line_count(text, width):
    """Lines a wrapped text needs in a column of ``width`` characters."""
    if not text:
        return 1
    return sum(max(1, -(-text_width(line) // max(width - 1, 1))) for line in str(text).split("\n"))


def row_lines(rows, widths, chars_per_width=1.0):
    """{row index: lines it needs}; a cell spanning rows shares its lines among them."""
    lines = {}
    for r, c, cell in grid(rows, len(widths)):
        width = sum(widths[c:c + cell.colspan]) * chars_per_width
        needed = -(-line_count(cell.text, int(width)) // cell.rowspan)
        for row in range(r, r + cell.rowspan):
            lines[row] = max(lines.get(row, 1), needed)
    return lines


def pdf_pages(table):
    """The table's body rows cut into pages: a row and the rows its cells span stay together, and the last page
    keeps room for the signatures."""
    lines = row_lines(table.body, table.widths, PDF_CHARS_PER_WIDTH)
    last_covered = {}  # row: the last row a cell starting on it covers
    for r, _c, cell in grid(table.body, table.column_count):
        last_covered[r] = max(last_covered.get(r, r), r + cell.rowspan - 1)
    groups, start = [], 0
    while start < len(table.body):
        end, row = last_covered.get(start, start), start
        while row < end:
            row += 1
            end = max(end, last_covered.get(row, row))
        groups.append(range(start, end + 1))
        start = end + 1
    header = sum(lines + PDF_ROW_PADDING for lines in row_lines(table.head, table.widths, PDF_CHARS_PER_WIDTH).values())
    pages, room = [[]], PDF_PAGE_LINES - PDF_TITLE_LINES - header
    for group in groups:
        needed = sum(lines.get(row, 1) + PDF_ROW_PADDING for row in group)
        if pages[-1] and needed > room:
            pages.append([])
            room = PDF_PAGE_LINES - header
        pages[-1].append(group)
        room -= needed
    if table.signatures and room < PDF_SIGNATURE_LINES and len(pages[-1]) > 1:
        pages.append([pages[-1].pop()])  # the signatures share a page with the table's last rows
    return [[table.body[row] for group in page for row in group] for page in pages]


# --- reading a cell back ----------------------------------------------------------------------

DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def read_date(value):
    """A date from a cell: a date, 2013-06-30, 2013/6/30 or 2013年6月30日; None if it is none of these."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_TEXT.fullmatch(str(value or "").strip())
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def read_row(annex, values):
    """A body row of a read sheet as {column key: value}; date cells as dates (the text kept when unreadable)."""
    cells = {}
    for column, value in zip(COLUMNS[annex], values, strict=False):
        if column.kind == "date" and value is not None:
            value = read_date(value) or value
        cells[column.key] = value
    return cells


def grid(rows, column_count):
    """Place spanning cells on a grid: yield (row, column, cell) with the cell's top-left position.

    Continuation rows of a row-spanning cell list only their own cells; this finds their columns.
    """
    taken = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c >= column_count:
                raise ValueError(f"row {r} has more cells than the table's {column_count} columns")
            yield r, c, cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
