"""Write annex tables (see annex_layout) into an xlsxwriter workbook: a sheet per table.

Numbers and dates are stored as numbers and dates, so a spreadsheet can sort, sum and filter them.
"""

import datetime
import io
import re

import xlsxwriter

from .annex_layout import grid, line_count

FONT = "宋体"  # the font Chinese offices expect; Excel, WPS and LibreOffice all map it
POINTS_PER_LINE = 15


def sheet_names(names):
    """Valid, unique worksheet names: at most 31 characters, none of []:*?/\\."""
    used, result = set(), []
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "_", name or "Sheet")[:31] or "Sheet"
        candidate, n = base, 2
        while candidate.lower() in used:
            suffix = f"({n})"
            candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(candidate.lower())
        result.append(candidate)
    return result


def _formats(workbook):
    base = {"font_name": FONT, "font_size": 11, "valign": "vcenter", "text_wrap": True}
    return {
        "label": workbook.add_format({**base, "text_wrap": False}),
        "title": workbook.add_format({**base, "font_size": 16, "bold": True, "align": "center"}),
        "info": workbook.add_format({**base, "text_wrap": False}),
        "head": workbook.add_format({**base, "bold": True, "align": "center", "border": 1, "bg_color": "#F2F2F2"}),
        "left": workbook.add_format({**base, "align": "left", "border": 1}),
        "center": workbook.add_format({**base, "align": "center", "border": 1}),
        "sign": workbook.add_format({**base, "text_wrap": False}),
    }


def _date_format(workbook, formats, num_format):
    key = ("date", num_format)
    if key not in formats:
        formats[key] = workbook.add_format({"font_name": FONT, "font_size": 11, "valign": "vcenter", "border": 1,
                                            "align": "center", "num_format": num_format})
    return formats[key]


def _write_cells(sheet, rows, first_row, table, fmt_for):
    """Write header or body rows; return the height each row needs, in lines."""
    lines = {}
    for r, c, cell in grid(rows, table.column_count):
        fmt = fmt_for(cell)
        top, left = first_row + r, c
        bottom, right = top + cell.rowspan - 1, c + cell.colspan - 1
        value = cell.value
        if bottom != top or right != left:
            sheet.merge_range(top, left, bottom, right, "", fmt)
        if isinstance(value, datetime.date):
            sheet.write_datetime(top, left, value, fmt)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(top, left, value, fmt)
        else:
            sheet.write_string(top, left, cell.text, fmt)
        width = sum(table.widths[left:right + 1])
        needed = -(-line_count(str(cell.text), width) // cell.rowspan)
        for row in range(top, bottom + 1):
            lines[row] = max(lines.get(row, 1), needed)
    return lines


def _write_table(sheet, table, formats, workbook):
    last_col = table.column_count - 1
    if table.label:
        sheet.write_string(0, 0, table.label, formats["label"])
    sheet.merge_range(1, 0, 1, last_col, table.title, formats["title"])
    sheet.set_row(1, 30)
    row = 2
    half = max(table.column_count // 2, 1)
    for line in table.info:
        for index, (label, value) in enumerate(line[:2]):
            start = 0 if index == 0 else half
            end = half - 1 if index == 0 else last_col
            text = f"{label}{value}"
            if end > start:
                sheet.merge_range(row, start, row, end, text, formats["info"])
            else:
                sheet.write_string(row, start, text, formats["info"])
        row += 1
    head_first = row + 1  # one blank row between the fields and the table
    heights = _write_cells(sheet, table.head, head_first, table, lambda cell: formats["head"])
    body_first = head_first + len(table.head)
    date_format = _date_format(workbook, formats, table.date_format)

    def body_format(cell):
        if isinstance(cell.value, datetime.date):
            return date_format
        return formats["center"] if cell.align == "center" else formats["left"]

    heights.update(_write_cells(sheet, table.body, body_first, table, body_format))
    row = body_first + len(table.body) + 1  # one blank row, then the signatures
    for line in table.signatures:
        _write_spread(sheet, row, line, table.column_count, formats["sign"])
        sheet.set_row(row, 2 * POINTS_PER_LINE)
        row += 1
    for row_index, lines in heights.items():
        sheet.set_row(row_index, max(lines, 1) * POINTS_PER_LINE + 4)
    for col, width in enumerate(table.widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(body_first, 0)
    sheet.repeat_rows(head_first, body_first - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # all columns on the page's width, as many pages as needed down
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def _write_spread(sheet, row, labels, column_count, fmt):
    """Labels side by side across the table's width, each over an equal share of its columns."""
    share = max(column_count // max(len(labels), 1), 1)
    for index, label in enumerate(labels):
        start = index * share
        end = column_count - 1 if index == len(labels) - 1 else start + share - 1
        if end > start:
            sheet.merge_range(row, start, row, end, label, fmt)
        else:
            sheet.write_string(row, start, label, fmt)


def write_workbook(tables):
    """The bytes of an .xlsx file of the tables: one worksheet per table, named after its sheet_name."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    formats = _formats(workbook)
    for table, name in zip(tables, sheet_names([t.sheet_name for t in tables]), strict=True):
        _write_table(workbook.add_worksheet(name), table, formats, workbook)
    workbook.close()
    return output.getvalue()
