import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import unittest
from datetime import date
from urllib.parse import quote

import openpyxl
from lxml import html

from odoo import Command, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import IntegrityCase

UNIVERSITY = "西北师范大学"


class AnnexCase(IntegrityCase):
    """Unit A with graded risk points on three posts, and the cadre's accepted self-check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activate_chinese()
        cls.company.name = UNIVERSITY
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        cls.check = cls.env["integrity.self.check"].search(
            [("unit_id", "=", cls.unit_a.id), ("employee_id", "=", cls.cadre_a.id)])
        cls.check.write({"date": date(2013, 3, 8), "line_ids": [
            Command.create({"duty": "保管印章", "name": "印章使用不登记", "category": "institution", "level": "low",
                    "sequence": 1}),
            Command.create({"duty": "现金收付", "name": "一人经手现金收付", "category": "power", "level": "high",
                    "sequence": 2}),
        ]})
        Risk = cls.env["integrity.risk"]
        cls.risk_low = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_liaison.id, "name": "联络记录不全",
                                    "category": "institution", "level": "low",
                                    "employee_ids": [Command.set(cls.liaison_a.ids)]})
        cls.risk_high = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_cashier.id, "name": "一人经手现金",
                                     "category": "power", "level": "high", "major_matter": True,
                                     "employee_ids": [Command.set(cls.cadre_a.ids)]})
        cls.risk_medium = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_head.id, "name": "经费审批把关不严",
                                       "category": "power", "level": "medium",
                                       "employee_ids": [Command.set(cls.head_a.ids)]})
        retired = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_head.id, "name": "已撤销的风险点",
                               "category": "power", "level": "low"})
        retired._as_process().write({"state": "confirmed"})
        retired.action_retire()
        cls.unit_a.write({"supervisor_id": cls.supervisor.id})
        cls.unit_a._as_process().write({"review_date": date(2013, 4, 1)})


def html_rows(markup, part):
    """Texts of each row of the annex tables' thead or tbody, in document order."""
    tree = html.fromstring(markup)
    return [[cell.text_content().strip() for cell in row.xpath("./th|./td")]
            for row in tree.xpath(f"//table[contains(@class, 'o_integrity_annex_table')]/{part}/tr")]


@tagged("post_install", "-at_install")
class TestAnnexHtml(AnnexCase):
    def render(self, annex, records, user=None, campaign=False):
        report = f"integrity_risk.report_{'campaign_' if campaign else ''}annex_{annex}"
        Report = self.env["ir.actions.report"].with_user(user or self.office)
        markup, _format = Report._render_qweb_html(report, records.ids)
        return markup.decode()

    def test_annex_1(self):
        markup = self.render(1, self.check, user=self.cadre)
        self.assertIn("附表1：", markup)
        self.assertIn("西北师范大学个人岗位廉政风险防控点排查、定级表", markup)
        text = "".join(html.fromstring(markup).text_content().split())
        for field in ("岗位名称：Cashier", "岗位责任人：CadreA", "审核人（单位领导）：HeadA", "日期：2013年3月8日"):
            self.assertIn(field, text)
        self.assertEqual(html_rows(markup, "thead"), [["岗位职责内容", "风险防控点", "自评岗位廉政风险等级"]])
        # in the order the cadre entered them, not regrouped by level
        self.assertEqual(html_rows(markup, "tbody"), [
            ["保管印章", "印章使用不登记", "低"],
            ["现金收付", "一人经手现金收付", "高"],
        ])
        # signed on paper by the people the header names, under the table
        for label in ("岗位责任人（签字）：", "审核人（单位领导）（签字）：", "日期：年月日"):
            self.assertIn(label, text[text.index("一人经手现金收付"):])

    def test_annex_2(self):
        markup = self.render(2, self.unit_a, user=self.unit_a_user)
        text = "".join(html.fromstring(markup).text_content().split())
        self.assertIn("西北师范大学单位岗位廉政风险防控点排查、定级表", text)
        for field in ("单位名称：FinanceOffice", "单位负责人：HeadA", "审核人（分管校领导）：VicePresident",
                      "日期：2013年4月1日"):
            self.assertIn(field, text)
        for label in ("单位负责人（签字）：", "审核人（分管校领导）（签字）：", "日期：年月日", "单位（盖章）："):
            self.assertIn(label, text[text.index("SectionChief"):])
        self.assertEqual(html_rows(markup, "thead"), [
            ["岗位设置", "岗位风险等级", "备注"],
            ["岗位", "责任人", "高", "中", "低"],
        ])
        self.assertEqual(html_rows(markup, "tbody"), [
            ["Cashier", "Cadre A", "✓", "", "", "风险点1个"],
            ["Head of Office", "Head A", "", "✓", "", "风险点1个"],
            ["Section Chief", "Liaison A", "", "", "✓", "风险点1个"],
        ])

    def test_annex_3(self):
        markup = self.render(3, self.unit_a, user=self.leader)
        self.assertIn("西北师范大学廉政风险点及风险等级汇总表", markup)
        self.assertEqual(html_rows(markup, "thead"), [["序号", "风险点内容", "风险等级", "岗位及责任人员", "备注"]])
        self.assertEqual(html_rows(markup, "tbody"), [
            ["1", "一人经手现金", "高", "Cashier：Cadre A", "权力行使风险"],
            ["2", "经费审批把关不严", "中", "Head of Office：Head A", "权力行使风险"],
            ["3", "联络记录不全", "低", "Section Chief：Liaison A", "制度机制风险"],
        ])
        self.assertNotIn("已撤销的风险点", markup)

    def test_annex_4_has_annex_3_columns_and_empty_measures(self):
        markup = self.render(4, self.unit_a)
        self.assertIn("西北师范大学廉政风险点及防控措施登记表", markup)
        self.assertEqual(html_rows(markup, "thead"), [
            ["序号", "风险点内容", "风险等级", "岗位及责任人员", "防控措施", "责任人", "完成时限", "备注"]])
        self.assertEqual(html_rows(markup, "tbody")[0], ["1", "一人经手现金", "高", "Cashier：Cadre A", "", "", "",
                                                         "权力行使风险"])

    def test_university_wide_bundle(self):
        self.env["integrity.risk"].create({"unit_id": self.unit_b.id, "job_id": self.job_head.id,
                                           "name": "审计报告被干预", "category": "power", "level": "high"})
        markup = self.render(3, self.campaign, campaign=True)
        tree = html.fromstring(markup)
        self.assertEqual(len(tree.xpath("//table[contains(@class, 'o_integrity_annex_table')]")), 2)
        text = "".join(tree.text_content().split())
        self.assertLess(text.index("单位名称：FinanceOffice"), text.index("单位名称：AuditOffice"))
        self.assertEqual(html_rows(markup, "tbody")[-1],
                         ["1", "审计报告被干预", "高", "Head of Office", "权力行使风险"])

    def test_rights(self):
        Report = self.env["ir.actions.report"]
        with self.assertRaises(AccessError):
            Report.with_user(self.unit_b_user)._render_qweb_html("integrity_risk.report_annex_3", self.unit_a.ids)
        with self.assertRefused(AccessError, "Only the working group of Finance Office"):
            self.env["integrity.annex"].with_user(self.cadre).tables(3, self.unit_a)
        with self.assertRefused(AccessError, "university-wide"):
            self.env["integrity.annex"].with_user(self.unit_a_user).tables(3, self.campaign)
        liaison_check = self.env["integrity.self.check"].search(
            [("unit_id", "=", self.unit_a.id), ("employee_id", "=", self.liaison_a.id)])
        with self.assertRaises(AccessError):
            Report.with_user(self.cadre)._render_qweb_html("integrity_risk.report_annex_1", liaison_check.ids)
        # the unit's working group prints every annex 1 of its unit
        self.assertIn("Liaison A", self.render(1, liaison_check, user=self.unit_a_user))

    def test_print_menus_offer_pdf_and_excel(self):
        def menu(user, model):
            return {action["id"] for action in self.env["ir.actions.actions"].with_user(user).get_bindings(
                model).get("report", ())}

        def ids(*names):
            return {self.env.ref(f"integrity_risk.{name}").id for name in names}

        for annex in (2, 3, 4):
            self.assertLessEqual(ids(f"action_report_annex_{annex}", f"action_xlsx_annex_{annex}"),
                                 menu(self.unit_a_user, "integrity.unit"))
        self.assertLessEqual(ids("action_report_annex_1", "action_xlsx_annex_1"),
                             menu(self.cadre, "integrity.self.check"))
        # every unit's tables print in the background, for the office and the leading group only
        office_menu = menu(self.office, "integrity.campaign")
        self.assertLessEqual(ids("action_print_campaign_annex_3", "action_print_campaign_annex_4",
                                 "action_print_campaign_annex_3_xlsx", "action_print_campaign_annex_4_xlsx",
                                 "action_xlsx_assessment"), office_menu)
        self.assertFalse(ids("action_report_campaign_annex_3", "action_xlsx_campaign_annex_3") & office_menu)
        self.assertFalse(menu(self.unit_a_user, "integrity.campaign"))

    def test_an_id_given_twice_prints_once(self):
        markup = self.render(3, self.unit_a | self.unit_a, user=self.unit_a_user)
        self.assertEqual(len(html.fromstring(markup).xpath("//table[contains(@class, 'o_integrity_annex_table')]")), 1)
        Annex = self.env["integrity.annex"].with_user(self.unit_a_user)
        ids = [self.unit_a.id] * 500
        self.assertEqual(len(Annex.tables(3, self.env["integrity.unit"].browse(ids))), 1)

    def test_file_name(self):
        self.assertEqual(self.check._annex_filename(1), "附表1-Cadre A-Cashier")
        self.assertEqual(self.unit_a._annex_filename(3), "附表3-Finance Office")
        self.assertEqual((self.unit_a | self.unit_b)._annex_filename(4), "附表4-Finance Office等2个单位")
        self.assertEqual(self.campaign._annex_filename(3), "附表3-全校（2个单位）")

    def test_each_annex_prints_its_own_date(self):
        """Annexes 2 and 3 are dated by the unit's review, annex 4 by the submission of its measures."""
        submission = self.unit_a._submission_for("measures")
        self.env["integrity.submission.round"].create({
            "submission_id": submission.id, "number": 1, "submitted_by_id": self.unit_a_user.id,
            "submitted_on": "2013-06-20 03:00:00"})
        text = "".join(html.fromstring(self.render(4, self.unit_a)).text_content().split())
        self.assertIn("日期：2013年6月20日", text)
        self.assertNotIn("2013年4月1日", text)


@tagged("post_install", "-at_install")
class TestAnnexXlsx(AnnexCase):
    def workbook(self, annex, records, user=None):
        filename, content = self.env["integrity.annex"].with_user(user or self.office).xlsx(annex, records)
        return filename, openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def values(sheet, first_row, last_column):
        return [[cell if cell is not None else "" for cell in row]
                for row in sheet.iter_rows(min_row=first_row, max_col=last_column, values_only=True)]

    def test_annex_3_sheet(self):
        filename, book = self.workbook(3, self.unit_a, user=self.unit_a_user)
        self.assertEqual(filename, "附表3-Finance Office.xlsx")
        self.assertEqual(book.sheetnames, ["Finance Office"])
        sheet = book.active
        self.assertEqual(sheet["A1"].value, "附表3：")
        self.assertEqual(sheet["A2"].value, "西北师范大学廉政风险点及风险等级汇总表")
        self.assertIn("A2:E2", [str(r) for r in sheet.merged_cells.ranges])
        self.assertEqual(sheet["A3"].value, "单位名称：Finance Office")
        self.assertEqual(sheet["C3"].value, "单位负责人：Head A")
        self.assertEqual(sheet["A4"].value, "审核人（分管校领导）：Vice President")
        self.assertEqual(sheet["C4"].value, "日期：2013年4月1日")
        self.assertEqual(self.values(sheet, 6, 5), [
            ["序号", "风险点内容", "风险等级", "岗位及责任人员", "备注"],
            [1, "一人经手现金", "高", "Cashier：Cadre A", "权力行使风险"],
            [2, "经费审批把关不严", "中", "Head of Office：Head A", "权力行使风险"],
            [3, "联络记录不全", "低", "Section Chief：Liaison A", "制度机制风险"],
            ["", "", "", "", ""],
            ["单位负责人（签字）：", "", "审核人（分管校领导）（签字）：", "", ""],
            ["日期：　　　　年　　月　　日", "", "单位（盖章）：", "", ""],
        ])
        self.assertEqual(sheet["A7"].data_type, "n")  # 序号 is a number
        self.assertEqual(sheet.freeze_panes, "A7")
        self.assertEqual(sheet.page_setup.orientation, "landscape")
        self.assertEqual(str(sheet.page_setup.paperSize), "9")
        self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
        self.assertIn(sheet.page_setup.fitToWidth, (None, 1))  # one page wide (1 is the default)
        self.assertEqual(sheet.page_setup.fitToHeight, 0)  # as many pages down as needed
        self.assertEqual(sheet.print_title_rows, "$6:$6")
        self.assertEqual(sheet["B7"].border.left.style, "thin")
        self.assertGreater(sheet.column_dimensions["B"].width, 40)

    def test_annex_2_two_header_rows(self):
        _filename, book = self.workbook(2, self.unit_a)
        sheet = book.active
        merged = {str(r) for r in sheet.merged_cells.ranges}
        self.assertTrue({"A6:B6", "C6:E6", "F6:F7"} <= merged)
        self.assertEqual(self.values(sheet, 6, 6)[:3], [
            ["岗位设置", "", "岗位风险等级", "", "", "备注"],
            ["岗位", "责任人", "高", "中", "低", ""],
            ["Cashier", "Cadre A", "✓", "", "", "风险点1个"],
        ])
        self.assertEqual(sheet.freeze_panes, "A8")

    def test_annex_1_sheet(self):
        filename, book = self.workbook(1, self.check, user=self.cadre)
        self.assertEqual(filename, "附表1-Cadre A-Cashier.xlsx")
        sheet = book.active
        self.assertEqual(sheet["A3"].value, "岗位名称：Cashier")
        self.assertEqual(self.values(sheet, 6, 3)[:3], [
            ["岗位职责内容", "风险防控点", "自评岗位廉政风险等级"],
            ["保管印章", "印章使用不登记", "低"],
            ["现金收付", "一人经手现金收付", "高"],
        ])

    def test_annex_4_measure_columns(self):
        _filename, book = self.workbook(4, self.unit_a)
        sheet = book.active
        self.assertEqual(self.values(sheet, 6, 8)[0],
                         ["序号", "风险点内容", "风险等级", "岗位及责任人员", "防控措施", "责任人", "完成时限", "备注"])
        self.assertEqual(self.values(sheet, 7, 8)[0][4:7], ["", "", ""])
        self.env["integrity.measure"].create({"risk_id": self.risk_high.id, "name": "双人经手",
                                              "responsible_id": self.head_a.id, "deadline": date(2013, 12, 31)})
        _filename, book = self.workbook(4, self.unit_a)
        deadline = book.active["G7"]
        self.assertEqual(deadline.value.date(), date(2013, 12, 31))  # a date, shown as 2013年12月31日
        self.assertEqual(deadline.number_format, 'yyyy"年"m"月"d"日"')

    def test_university_wide_bundle_has_a_sheet_per_unit(self):
        filename, book = self.workbook(3, self.campaign, user=self.leader)
        # a summary of every unit first; a unit with nothing to print is listed there, without a sheet
        self.assertEqual(book.sheetnames, ["汇总", "Finance Office"])
        self.assertEqual(filename, "附表3-全校（2个单位）.xlsx")
        self.assertEqual(self.values(book["汇总"], 5, 9), [
            ["单位", "高", "中", "低", "权力行使风险", "制度机制风险", "思想道德风险", "合计", "备注"],
            ["Finance Office", 1, 1, 1, 2, 1, 0, 3, ""],
            ["Audit Office", 0, 0, 0, 0, 0, 0, 0, "无风险点，未列工作表"],
        ])
        self.assertEqual(book["Finance Office"]["B7"].value, "一人经手现金")
        self.env["integrity.risk"].create({"unit_id": self.unit_b.id, "job_id": self.job_head.id,
                                           "name": "审计报告被干预", "category": "power", "level": "high"})
        _filename, book = self.workbook(3, self.campaign, user=self.leader)
        self.assertEqual(book.sheetnames, ["汇总", "Finance Office", "Audit Office"])
        self.assertEqual(book["Audit Office"]["A3"].value, "单位名称：Audit Office")

    def test_rights(self):
        with self.assertRaises(AccessError):
            self.workbook(3, self.unit_a, user=self.unit_b_user)
        with self.assertRaises(AccessError):
            self.workbook(3, self.campaign, user=self.unit_a_user)
        Report = self.env["ir.actions.report"]
        with self.assertRaises(AccessError):
            Report.with_user(self.cadre)._render_xlsx("integrity_risk.xlsx_annex_3", self.unit_a.ids, None)
        # OCA's download route hands over the report in sudo: the tables are still the user's own
        liaison_check = self.env["integrity.self.check"].search(
            [("unit_id", "=", self.unit_a.id), ("employee_id", "=", self.liaison_a.id)])
        with self.assertRaises(AccessError):
            Report.with_user(self.cadre).sudo()._render_xlsx("integrity_risk.xlsx_annex_1", liaison_check.ids, None)
        other = self.env["res.company"].create({"name": "Other University"})
        self.office.company_ids = self.env.company | other  # the office of both, working in this one
        foreign = self.env["integrity.unit"].create({
            "campaign_id": self.env["integrity.campaign"].create({"name": "Other", "year": 2013,
                                                                  "company_id": other.id}).id,
            "department_id": self.env["hr.department"].create({"name": "Secret Office", "company_id": other.id}).id})
        for report_name, ids in (("integrity_risk.xlsx_annex_3", foreign.ids),
                                 ("integrity_risk.xlsx_campaign_annex_3", foreign.campaign_id.ids),
                                 ("integrity_risk.xlsx_assessment", foreign.campaign_id.ids)):
            with self.subTest(report=report_name), self.assertRaises(AccessError):
                Report.with_user(self.office).with_context(allowed_company_ids=self.env.company.ids).sudo(
                    )._render_xlsx(report_name, ids, None)
        content, report_format = Report.with_user(self.unit_a_user)._render_xlsx(
            "integrity_risk.xlsx_annex_3", self.unit_a.ids, None)
        self.assertEqual(report_format, "xlsx")
        self.assertEqual(openpyxl.load_workbook(io.BytesIO(content)).sheetnames, ["Finance Office"])


def pdf_text_pattern(expected):
    """A pattern for ``expected`` in pdftotext's output, both NFKC-normalised (full-width ： becomes :).

    With Noto CJK, extracted text names some characters by their radical's code point (⻛ for 风):
    the font maps both to one glyph. Such a radical may stand for any ideograph.
    """
    return "".join(f"(?:{re.escape(char)}|[\u2e80-\u2eff])" if "\u4e00" <= char <= "\u9fff" else re.escape(char)
                   for char in unicodedata.normalize("NFKC", expected))


@tagged("post_install", "-at_install")
class TestAnnexPdf(AnnexCase):
    @unittest.skipUnless(os.environ.get("INTEGRITY_RISK_PDF") == "1" and shutil.which("pdftotext"),
                         "wkhtmltopdf, a Chinese font or pdftotext is missing")
    def test_pdf_has_the_chinese_headers(self):
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, report_format = Report._render_qweb_pdf("integrity_risk.report_annex_3", self.unit_a.ids)
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True,
                                  check=True).stdout
        text = unicodedata.normalize("NFKC", text)
        for expected in ("西北师范大学廉政风险点及风险等级汇总表", "序号", "风险点内容", "风险等级", "岗位及责任人员",
                         "一人经手现金", "单位名称：Finance Office", "2013年4月1日", "单位（盖章）："):
            self.assertRegex(text, pdf_text_pattern(expected))

    def pdf_text(self, report_name, records):
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _format = Report._render_qweb_pdf(report_name, records.ids)
        self.assertTrue(pdf.startswith(b"%PDF"), f"{report_name} for {len(records)} records is a PDF")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True,
                                  check=True).stdout

    @unittest.skipUnless(os.environ.get("INTEGRITY_RISK_PDF") == "1" and shutil.which("pdftotext"),
                         "wkhtmltopdf, a Chinese font or pdftotext is missing")
    def test_several_units_and_the_campaign_print_in_one_pdf(self):
        """Debian's wkhtmltopdf (unpatched Qt) takes one input document: several units are one document."""
        units = self.unit_a | self.unit_b
        summaries = self.unit_a._submission_for("summary") | self.unit_b._submission_for("summary")
        for report_name, records in (("integrity_risk.report_annex_2", units), ("integrity_risk.report_annex_3", units),
                                     ("integrity_risk.report_summary", summaries),
                                     ("integrity_risk.report_annex_4", units),
                                     ("integrity_risk.report_working_group", units),
                                     ("integrity_risk.report_campaign_annex_3", self.campaign),
                                     ("integrity_risk.report_campaign_annex_4", self.campaign)):
            with self.subTest(report=report_name):
                text = self.pdf_text(report_name, records)
                self.assertIn("Finance Office", text)
                self.assertIn("Audit Office", text)
                # numbered on every page, whichever build rendered it
                pages = text.split("\f")[:-1]
                self.assertGreaterEqual(len(pages), 2)
                for number, page in enumerate(pages, start=1):
                    self.assertRegex(page.replace(" ", ""), f"Page{number}of{len(pages)}|第{number}页共{len(pages)}页")


    @unittest.skipUnless(os.environ.get("INTEGRITY_RISK_PDF") == "1" and shutil.which("pdftotext"),
                         "wkhtmltopdf, a Chinese font or pdftotext is missing")
    def test_long_table_repeats_its_header_and_signs_on_its_last_page(self):
        self.env["integrity.risk"].create([{
            "unit_id": self.unit_a.id, "job_id": self.job_cashier.id,
            "name": f"现金管理风险点第{number}项：" + "说明" * 30,
            "category": "power", "level": "low"} for number in range(60)])
        pages = self.pdf_text("integrity_risk.report_annex_3", self.unit_a).split("\f")[:-1]
        self.assertGreaterEqual(len(pages), 3)
        for number, page in enumerate(pages, start=1):
            self.assertRegex(unicodedata.normalize("NFKC", page).replace(" ", ""),
                             pdf_text_pattern("序号风险点内容风险等级岗位及责任人员"), f"the header on page {number}")
        last = unicodedata.normalize("NFKC", pages[-1]).replace(" ", "")
        self.assertRegex(last, pdf_text_pattern("单位负责人(签字):"))
        self.assertRegex(last, pdf_text_pattern("单位(盖章):"))
        for page in pages[:-1]:
            self.assertNotRegex(unicodedata.normalize("NFKC", page).replace(" ", ""), pdf_text_pattern("单位(盖章)"))


@tagged("post_install", "-at_install")
class TestAnnexDownload(HttpCase):
    """The download route serves the file under the user's own rights."""

    def setUp(self):
        super().setUp()
        groups = "integrity_risk.group_%s"
        self.unit_user = new_test_user(self.env, "ir_dl_unit", groups=groups % "unit", password="ir_dl_unit_pw")
        self.other_user = new_test_user(self.env, "ir_dl_other", groups=groups % "unit", password="ir_dl_other_pw")
        department = self.env["hr.department"].create({"name": "Download Office"})
        liaison = self.env["hr.employee"].create({"name": "Download Liaison", "department_id": department.id,
                                                  "user_id": self.unit_user.id})
        campaign = self.env["integrity.campaign"].create({"name": "Download", "year": 2013})
        self.unit = self.env["integrity.unit"].create({"campaign_id": campaign.id, "department_id": department.id,
                                                       "liaison_id": liaison.id})
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["integrity_risk"], ["zh_CN"], overwrite=True)
        other = self.env["hr.department"].create({"name": "Second Office"})
        self.other_unit = self.env["integrity.unit"].create({"campaign_id": campaign.id, "department_id": other.id,
                                                             "liaison_id": liaison.id})

    def download(self, report_name, ids, report_type="xlsx"):
        """What the Print menu does: post the report's URL to /report/download."""
        converter = "xlsx" if report_type == "xlsx" else "pdf"
        url = f"/report/{converter}/{report_name}/{','.join(map(str, ids))}"
        return self.url_open("/report/download", data={
            "data": json.dumps([url, report_type]), "context": "{}", "token": "dummy",
            "csrf_token": http.Request.csrf_token(self)})

    def test_download_xlsx(self):
        self.authenticate("ir_dl_unit", "ir_dl_unit_pw")
        response = self.download("integrity_risk.xlsx_annex_3", self.unit.ids)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"],
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn(quote("附表3-Download Office.xlsx"), response.headers["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, ["Download Office"])
        # several units at once are named as a bundle, not after the report
        response = self.download("integrity_risk.xlsx_annex_3", (self.unit | self.other_unit).ids)
        self.assertEqual(response.status_code, 200)
        self.assertIn(quote("附表3-Download Office等2个单位.xlsx"), response.headers["Content-Disposition"])

        self.authenticate("ir_dl_other", "ir_dl_other_pw")
        response = self.download("integrity_risk.xlsx_annex_3", self.unit.ids)
        self.assertNotIn("spreadsheetml", response.headers.get("Content-Type", ""))
        self.assertIn("AccessError", response.text)
