import io
import struct
import zipfile
from datetime import date, datetime
from xml.sax.saxutils import escape, quoteattr

import xlwt
from openpyxl.cell.cell import MergedCell

from odoo import Command
from odoo.tests import BaseCase, tagged

from odoo.addons.integrity_risk.wizard.annex_reader import (
    OLE_SIGNATURE,
    Limits,
    Problem,
    _Refused,
    ods_tables,
    read_workbook,
)

from .test_import import ImportCase

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
# what LibreOffice writes after the last used cell of a row and the last used row of a sheet
LIBREOFFICE_COLUMNS, LIBREOFFICE_ROWS = 1024, 1048576


def ods_package(tables_xml):
    """An .ods file around the <table:table> elements given: mimetype first and stored, as the format requires."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} office:version="1.3">'
               f"<office:body><office:spreadsheet>{tables_xml}</office:spreadsheet></office:body>"
               f"</office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def replace_content(package, xml):
    """The .ods package with another content.xml."""
    source, target = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, xml if info.filename == "content.xml" else source.read(info.filename))
    return target.getvalue()


def ods_cell(value):
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, str) and value.startswith("="):
        formula = quoteattr("of:" + value)
        return f'<table:table-cell table:formula={formula} office:value-type="float" office:value="0"/>'
    if isinstance(value, (date, datetime)):
        return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def to_ods(book):
    """The workbook as LibreOffice saves it: merged cells covered, empty space written as repeats to the sheet's end."""
    tables = []
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            cells = "".join("<table:covered-table-cell/>" if isinstance(cell, MergedCell) else ods_cell(cell.value)
                            for cell in row)
            rest = LIBREOFFICE_COLUMNS - len(row)
            rows.append(f'<table:table-row>{cells}<table:table-cell table:number-columns-repeated="{rest}"/>'
                        f"</table:table-row>")
        rows.append(f'<table:table-row table:number-rows-repeated="{LIBREOFFICE_ROWS - sheet.max_row}">'
                    f'<table:table-cell table:number-columns-repeated="{LIBREOFFICE_COLUMNS}"/></table:table-row>')
        tables.append(f'<table:table table:name={quoteattr(sheet.title)}>'
                      f'<table:table-column table:number-columns-repeated="{LIBREOFFICE_COLUMNS}"/>'
                      f'{"".join(rows)}</table:table>')
    return ods_package("".join(tables))


def to_xls(book):
    """The workbook saved as an Excel 97-2003 .xls, dates as date-formatted numbers the way Excel stores them."""
    out = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for sheet in book.worksheets:
        target = out.add_sheet(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, (date, datetime)):
                    target.write(cell.row - 1, cell.column - 1, cell.value, date_style)
                elif cell.value is not None:
                    target.write(cell.row - 1, cell.column - 1, cell.value)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def ole_file(*streams):
    """A compound document (the container of .xls, .doc and password-protected .xlsx) with empty streams."""
    free, end_of_chain, fat_sector = -1, -2, -3
    header = struct.pack("<8s16sHHHHH6sIIIIIiIiI", OLE_SIGNATURE, bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6),
                         0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
    header += struct.pack("<109i", 0, *[free] * 108)  # the FAT is sector 0

    def entry(name, kind, child=-1, right=-1):
        encoded = (name + "\0").encode("utf-16-le")
        return struct.pack("<64sHBBiii16sI16sii4x", encoded, len(encoded), kind, 1, -1, right, child, bytes(16), 0,
                           bytes(16), end_of_chain, 0)

    fat = struct.pack("<128i", fat_sector, end_of_chain, *[free] * 126)  # the directory is sector 1
    directory = entry("Root Entry", 5, child=1 if streams else -1) + b"".join(
        entry(name, 2, right=index + 2 if index + 1 < len(streams) else -1) for index, name in enumerate(streams))
    return header + fat + directory.ljust(512, b"\0")


@tagged("post_install", "-at_install")
class TestFormatsRoundTrip(ImportCase):
    """Annex tables filled in WPS or LibreOffice come back as .xls or .ods and import like the .xlsx."""

    def test_unchanged_tables_change_nothing(self):
        before = self.snapshot()
        for extension, convert in (("xls", to_xls), ("ods", to_ods)):
            for annex, unchanged in ((3, 2), (4, 3)):
                with self.subTest(extension=extension, annex=annex):
                    wizard = self.wizard({f"annex{annex}.{extension}": convert(self.export(annex, self.unit_a))})
                    wizard.action_preview()
                    self.assertEqual(self.errors(wizard), [])
                    self.assertEqual((wizard.create_count, wizard.update_count, wizard.unchanged_count),
                                     Command.create(unchanged))
                    wizard.action_apply()
                    self.assertEqual(wizard.state, "done")
        self.assertEqual(self.snapshot(), before)

    def assert_changes_apply(self, extension, convert):
        book = self.export(4, self.unit_a)
        sheet = book.active
        sheet["C7"] = "中"  # the cash risk point: high -> medium
        sheet["B10"], sheet["C10"], sheet["D10"] = "报销审核不严", "低", "Cashier：Cadre A"
        sheet["E10"], sheet["F10"], sheet["G10"] = "两人复核", "Head A", datetime(2013, 7, 1)
        sheet["G7"] = datetime(2013, 6, 30)  # the same deadline, typed as a date the way a spreadsheet program does
        content = convert(book)
        wizard = self.wizard({f"annex4.{extension}": content})

        # the deadlines are date cells in the file, and are read back as dates, not as numbers or text
        layouts, labels, _signatures = wizard._layouts()
        sheets, problems = read_workbook(f"annex4.{extension}", content, layouts, labels, wizard._limits())
        self.assertEqual(problems, [])
        deadlines = {row.number: row.values[6] for row in sheets[0].rows if row.values[6]}
        self.assertEqual(deadlines, {7: date(2013, 6, 30), 10: date(2013, 7, 1)})
        self.assertEqual({type(day) for day in deadlines.values()}, {date})

        old_risks, old_measures, old_lines = self.snapshot()
        wizard.action_preview()
        self.assertEqual((wizard.create_count, wizard.update_count, wizard.error_count), (2, 1, 0))
        wizard.action_apply()
        risks, measures, lines = self.snapshot()
        self.assertEqual(risks[:len(old_risks)],
                         [dict(risk, level="medium") if risk["id"] == self.cash.id else risk for risk in old_risks])
        self.assertEqual([(risk["name"], risk["level"], risk["employee_ids"]) for risk in risks[len(old_risks):]],
                         [("报销审核不严", "low", self.cadre_a.ids)])
        self.assertEqual(measures[:len(old_measures)], old_measures)
        self.assertEqual([(m["name"], m["responsible_id"][0], m["deadline"]) for m in measures[len(old_measures):]],
                         [("两人复核", self.head_a.id, date(2013, 7, 1))])
        self.assertEqual(lines, old_lines)

    def test_xls_changes_apply(self):
        self.assert_changes_apply("xls", to_xls)

    def test_ods_changes_apply(self):
        self.assert_changes_apply("ods", to_ods)


@tagged("post_install", "-at_install")
class TestFormatsBadFiles(ImportCase):
    def message(self, wizard, code, **params):
        return wizard._message(Problem("", "", None, None, code, params))

    def assert_refused_with(self, files, code, **params):
        wizard = self.wizard(files)
        self.assert_refused(wizard, self.message(wizard, code, **params))
        return wizard

    def test_other_kinds_of_file(self):
        docx = io.BytesIO()
        with zipfile.ZipFile(docx, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        cases = [
            ({"annex3.csv": "序号,风险点内容,风险等级\n1,一人经手现金,高\n".encode()}, "unsupported_format"),
            ({"annex3.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"}, "unsupported_format"),
            ({"annex3.bin": bytes(range(256)) * 16}, "unsupported_format"),
            ({"annex3.docx": docx.getvalue()}, "unsupported_format"),
            ({"annex3.doc": ole_file("WordDocument")}, "unsupported_format"),
            # a web page that a system "exported to Excel"
            ({"annex3.xls": b"<html><body><table><tr><td>1</td></tr></table></body></html>"}, "not_xlsx"),
            ({"locked.xlsx": ole_file("EncryptionInfo", "EncryptedPackage")}, "encrypted"),
            ({"empty.xls": ole_file("Workbook")}, "damaged"),
            ({"cut.xls": to_xls(self.export(3, self.unit_a))[:700]}, "damaged"),
            ({"cut.ods": to_ods(self.export(3, self.unit_a))[:700]}, "damaged"),
        ]
        for files, code in cases:
            with self.subTest(file=next(iter(files)), code=code):
                self.assert_refused_with(files, code)

    def test_the_message_names_the_accepted_formats(self):
        wizard = self.wizard({"a.pdf": b"%PDF-1.4"})
        for code in ("unsupported_format", "not_xlsx"):
            for lang in ("en_US", "zh_CN"):
                message = wizard.with_context(lang=lang)._message(Problem("", "", None, None, code))
                self.assertTrue(all(extension in message for extension in (".xlsx", ".xls", ".ods")), message)

    def test_ods_formula_is_refused(self):
        book = self.export(3, self.unit_a)
        book.active["C7"] = '=IF(1;"高";"低")'
        wizard = self.wizard({"formula.ods": to_ods(book)})
        message = self.message(wizard, "formula")
        self.assert_refused(wizard, message)
        self.assertIn(("Finance Office", 7, "C", message), self.errors(wizard))

    def test_ods_repeated_values_are_refused_before_they_are_expanded(self):
        """A million rows of 16,384 copies of a value: a few hundred bytes that would expand to 17 billion cells."""
        content = ods_package(
            '<table:table table:name="Bomb"><table:table-row table:number-rows-repeated="1048576">'
            '<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>高</text:p>'
            "</table:table-cell></table:table-row></table:table>")
        self.assertLess(len(content), 2000)
        wizard = self.assert_refused_with({"bomb.ods": content}, "too_many_cells", limit=2_000_000)
        self.assertEqual([error[0] for error in self.errors(wizard)], ["Bomb"])

    def test_ods_declaring_entities_or_nesting_deep_is_refused_unread(self):
        """A DOCTYPE's entities expand a few KB into gigabytes; a spreadsheet has none. Nor does it nest deep."""
        laughs = ('<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                  '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
        content = ods_package('<table:table table:name="S"><table:table-row><table:table-cell '
                              'office:value-type="string"><text:p>&c;</text:p></table:table-cell></table:table-row>'
                              "</table:table>")
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml = archive.read("content.xml").decode()
        xml = xml.replace("?>", "?>" + "<!--" + " " * 100_000 + "-->" + laughs, 1)  # a long comment first
        self.assert_refused_with({"laughs.ods": replace_content(content, xml)}, "damaged")
        deep = "<f>" * 200 + "</f>" * 200
        self.assert_refused_with({"deep.ods": ods_package(f'<table:table table:name="S">{deep}</table:table>')},
                                 "damaged")

    def test_one_long_text_repeated_is_refused_before_it_is_copied(self):
        """A few KB that repeat one long text in many cells: counted as the text a preview would copy."""
        long_text = "长" * 200_000
        content = ods_package(
            '<table:table table:name="Long"><table:table-row table:number-rows-repeated="200">'
            f'<table:table-cell table:number-columns-repeated="5" office:value-type="string"><text:p>{long_text}'
            "</text:p></table:table-cell></table:table-row></table:table>")
        self.assert_refused_with({"long.ods": content}, "too_much_text", limit=30)

    def test_problems_quote_a_cell_in_part(self):
        book = self.export(3, self.unit_a)
        book.active["C7"] = "很" * 5000
        wizard = self.wizard({"long.xlsx": book})
        wizard.action_preview()
        message = wizard.line_ids.filtered(lambda line: line.action == "error").message
        self.assertLess(len(message), 200)
        self.assertIn("…", message)

    def test_ods_rows_past_the_limit_are_refused(self):
        self.env["ir.config_parameter"].sudo().set_param("integrity_risk.import_max_rows", 5)
        book = self.export(3, self.unit_a)
        self.assert_refused(self.wizard({"big.ods": to_ods(book)}), "超过上限 5 行")

    def test_xls_rows_past_the_limit_are_refused(self):
        params = self.env["ir.config_parameter"].sudo()
        book = self.export(3, self.unit_a)
        for row in range(20, 40):
            book.active[f"B{row}"] = f"风险点{row}"
        wizard = self.wizard({"big.xls": to_xls(book)})
        params.set_param("integrity_risk.import_max_rows", 30)
        self.assert_refused(wizard, "超过上限 30 行")
        params.set_param("integrity_risk.import_max_rows", 40)
        wizard.action_preview()
        self.assertNotIn("超过上限", str(self.errors(wizard)), "the same file within the limit is read")

    def test_xls_cells_past_the_limit_are_refused(self):
        self.env["ir.config_parameter"].sudo().set_param("integrity_risk.import_max_cells", 20)
        self.assert_refused_with({"a.xls": to_xls(self.export(3, self.unit_a))}, "too_many_cells", limit=20)


LIMITS = Limits(max_bytes=2**20, max_unzipped=2**20, max_sheets=3, max_cells=100, max_rows=10)


@tagged("post_install", "-at_install")
class TestOdsReader(BaseCase):
    """The streaming reader of an .ods content.xml, without the database."""

    @staticmethod
    def tables(tables_xml, width=4, limits=LIMITS):
        content = (f"<office:document-content {ODS_NAMESPACES}><office:body><office:spreadsheet>{tables_xml}"
                   f"</office:spreadsheet></office:body></office:document-content>")
        return list(ods_tables(io.BytesIO(content.encode()), width, limits))

    def test_repeats_covered_cells_and_paragraphs(self):
        tables = self.tables(
            '<table:table table:name="附表3"><table:table-column table:number-columns-repeated="1024"/>'
            # a merged title: its covered cells are positions without a value
            '<table:table-row><table:table-cell table:number-columns-spanned="3" office:value-type="string">'
            "<text:p>风险点</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated=\"2\"/>"
            '<table:table-cell table:number-columns-repeated="1021"/></table:table-row>'
            '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/>'
            "</table:table-row>"
            # a value repeated across columns and rows, after empty cells
            '<table:table-row table:number-rows-repeated="2"><table:table-cell/>'
            '<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="2.5"/>'
            '<table:table-cell table:number-columns-repeated="1021"/></table:table-row>'
            # spaces, spans and line breaks inside paragraphs, two paragraphs, a comment that is not the value
            '<table:table-row><table:table-cell office:value-type="string"><text:p>一人<text:s text:c="2"/>经手'
            '<text:span>现金</text:span></text:p><text:p>第二段<text:line-break/>换行</text:p>'
            "<office:annotation><text:p>批注</text:p></office:annotation></table:table-cell>"
            '<table:table-cell office:value-type="date" office:date-value="2013-06-30T00:00:00"/>'
            '<table:table-cell office:value-type="boolean" office:boolean-value="true"/>'
            '<table:table-cell office:value-type="percentage" office:value="0.25"/>'
            '<table:table-cell office:value-type="string"><text:p>past the width</text:p></table:table-cell>'
            "</table:table-row>"
            '<table:table-row table:number-rows-repeated="1048569">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>'
            '<table:table table:name="Empty"><table:table-row table:number-rows-repeated="1048576">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>')
        self.assertEqual(tables, [
            ("附表3", [
                ["风险点", None, None, None],
                [None] * 4,
                [None] * 4,
                [None, 2.5, 2.5, None],
                [None, 2.5, 2.5, None],
                ["一人  经手现金\n第二段\n换行", datetime(2013, 6, 30), True, 0.25],
            ]),
            ("Empty", []),
        ])

    def test_table_inside_a_cell_is_not_a_sheet(self):
        tables = self.tables(
            '<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string">'
            '<text:p>外</text:p><table:table table:name="inner"><table:table-row><table:table-cell '
            'office:value-type="string"><text:p>内</text:p></table:table-cell></table:table-row></table:table>'
            '</table:table-cell><table:table-cell office:value-type="float" office:value="2"/></table:table-row>'
            "</table:table>", width=2)
        self.assertEqual(tables, [("S", [["外", 2.0]])])

    def test_formula_reads_as_a_formula(self):
        tables = self.tables(
            '<table:table table:name="S"><table:table-row><table:table-cell table:formula="of:=[.A2]*2" '
            'office:value-type="float" office:value="4"><text:p>4</text:p></table:table-cell></table:table-row>'
            "</table:table>", width=1)
        self.assertEqual(tables, [("S", [["=[.A2]*2"]])])

    def test_limits_are_counted_before_repeats_are_expanded(self):
        row = ('<table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value="1" '
               'table:number-columns-repeated="{columns}" office:value-type="float"/></table:table-row>')
        cases = [
            (row.format(rows=11, columns=1), "too_many_rows"),
            (row.format(rows=1, columns=101), "too_many_cells"),
            (row.format(rows=10, columns=10) + row.format(rows=0, columns=1), "too_many_cells"),
            (row.format(rows=10**12, columns=10**12), "too_many_cells"),
            # empty cells cost no cell, but reading them costs time: the document as a whole is bounded
            ("<table:table-row>" + "<table:table-cell/>" * 300 + "</table:table-row>", "too_many_cells"),
            # empty rows before a value count as rows of the sheet
            ('<table:table-row table:number-rows-repeated="1048575"><table:table-cell/></table:table-row>'
             + row.format(rows=1, columns=1), "too_many_rows"),
        ]
        for rows_xml, code in cases:
            with self.subTest(code=code, rows=rows_xml[:80]), self.assertRaises(_Refused) as refused:
                self.tables(f'<table:table table:name="S">{rows_xml}</table:table>')
            self.assertEqual(refused.exception.code, code)
        with self.assertRaises(_Refused) as refused:
            self.tables('<table:table table:name="S"/>' * 4)
        self.assertEqual(refused.exception.code, "too_many_sheets")
        # exactly at the limits is allowed
        self.assertEqual(len(self.tables(f'<table:table table:name="S">{row.format(rows=10, columns=10)}'
                                         "</table:table>", width=10)[0][1]), 10)

    def test_read_workbook_tells_the_format_from_the_content(self):
        layouts = {3: [["序号", "风险点内容"]]}
        tables = ('<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string">'
                  '<text:p>序号</text:p></table:table-cell><table:table-cell office:value-type="string">'
                  "<text:p>风险点内容</text:p></table:table-cell></table:table-row><table:table-row>"
                  '<table:table-cell office:value-type="float" office:value="1"/>'
                  '<table:table-cell office:value-type="string"><text:p>一人经手现金</text:p></table:table-cell>'
                  "</table:table-row></table:table>")
        # the name says .xlsx: the content is an .ods, and it is read as one
        sheets, problems = read_workbook("renamed.xlsx", ods_package(tables), layouts, [], LIMITS)
        self.assertEqual(problems, [])
        self.assertEqual([(row.number, row.values) for row in sheets[0].rows], [(2, [1, "一人经手现金"])])
