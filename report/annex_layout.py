"""The layout of the plan's annex tables, shared by the PDF (QWeb) and the XLSX: pure data, no ORM.

A table is a title, lines of labelled fields above it (岗位名称：… 日期：…), header rows and body rows
of cells; a cell may span columns or rows. The QWeb template and the xlsxwriter code both draw
exactly these cells, so the printed and the downloaded tables cannot drift apart.
"""

from dataclasses import dataclass, field

TICK = "✓"


@dataclass
class Cell:
    text: str | int | float = ""
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"  # left, center


@dataclass
class AnnexTable:
    annex: int  # 1 to 4
    label: str  # 附表1
    title: str  # the company's name and the table's name
    sheet_name: str  # the worksheet's name in a workbook of several tables
    info: list = field(default_factory=list)  # lines of (label, value) pairs above the table
    head: list = field(default_factory=list)  # header rows of cells
    body: list = field(default_factory=list)  # body rows of cells
    widths: list = field(default_factory=list)  # column widths, in characters

    @property
    def column_count(self):
        return len(self.widths)


def centered(value):
    """A centred cell; numbers stay numbers, so spreadsheets can sum and sort them."""
    return Cell(value if isinstance(value, int | float) else str(value), align="center")


def annex1(labels, title, sheet_name, info, lines):
    """Annex 1: one post's duties, risk control points and self-assessed levels.

    ``labels``: the translated column headers; ``lines``: (duty, point, level label) tuples.
    """
    return AnnexTable(
        annex=1, label=labels["annex"], title=title, sheet_name=sheet_name, info=info,
        head=[[centered(labels["duty"]), centered(labels["point"]), centered(labels["self_level"])]],
        body=[[Cell(duty), Cell(point), centered(level)] for duty, point, level in lines],
        widths=[40, 60, 18],
    )


def annex2(labels, title, sheet_name, info, posts, level_codes):
    """Annex 2: the unit's posts, their holders and one tick for the post's level.

    ``posts``: (post, holders, level code or None, remark) tuples; ``level_codes``: the tick columns'
    level codes in order (high, medium, low), with ``labels`` holding their headers.
    """
    head = [
        [Cell(labels["posts"], colspan=2, align="center"), Cell(labels["post_level"], colspan=3, align="center"),
         Cell(labels["remark"], rowspan=2, align="center")],
        [centered(labels["post"]), centered(labels["holder"]),
         *(centered(labels[code]) for code in level_codes)],
    ]
    body = [
        [Cell(post), Cell(holders), *(centered(TICK if level == code else "") for code in level_codes), Cell(remark)]
        for post, holders, level, remark in posts
    ]
    return AnnexTable(annex=2, label=labels["annex"], title=title, sheet_name=sheet_name, info=info,
                      head=head, body=body, widths=[24, 30, 8, 8, 8, 30])


def annex3(labels, title, sheet_name, info, risks):
    """Annex 3: numbered risk points with level, post and responsible persons.

    ``risks``: (content, level label, post and persons, remark) tuples, already in print order.
    """
    head = [[centered(labels["number"]), centered(labels["content"]), centered(labels["level"]),
             centered(labels["post_people"]), centered(labels["remark"])]]
    body = [
        [centered(str(number)), Cell(content), centered(level), Cell(people), Cell(remark)]
        for number, (content, level, people, remark) in enumerate(risks, start=1)
    ]
    return AnnexTable(annex=3, label=labels["annex"], title=title, sheet_name=sheet_name, info=info,
                      head=head, body=body, widths=[7, 50, 10, 30, 24])


def annex4(labels, title, sheet_name, info, risks):
    """Annex 4: annex 3's columns, then each risk point's control measures, who and by when.

    ``risks``: (content, level label, post and persons, remark, measures) where ``measures`` is a list
    of (measure, responsible, deadline); a risk with several measures spans that many rows.
    """
    head = [[centered(labels["number"]), centered(labels["content"]), centered(labels["level"]),
             centered(labels["post_people"]), centered(labels["measure"]), centered(labels["responsible"]),
             centered(labels["deadline"]), centered(labels["remark"])]]
    body = []
    for number, (content, level, people, remark, measures) in enumerate(risks, start=1):
        span = max(len(measures), 1)
        first_measure = measures[0] if measures else ("", "", "")
        body.append([
            Cell(str(number), rowspan=span, align="center"), Cell(content, rowspan=span),
            Cell(level, rowspan=span, align="center"), Cell(people, rowspan=span),
            Cell(first_measure[0]), Cell(first_measure[1]), centered(first_measure[2]),
            Cell(remark, rowspan=span),
        ])
        body.extend([Cell(measure), Cell(responsible), centered(deadline)]
                    for measure, responsible, deadline in measures[1:])
    return AnnexTable(annex=4, label=labels["annex"], title=title, sheet_name=sheet_name, info=info,
                      head=head, body=body, widths=[7, 40, 9, 24, 44, 14, 14, 18])


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
