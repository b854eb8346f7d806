import os
import re
import shutil
import subprocess
import tempfile
import unittest
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models import ir_actions_report
from .common import IntegrityCase

PDF_TOOLS = os.environ.get("INTEGRITY_RISK_PDF") == "1" and shutil.which("pdftotext")


@tagged("post_install", "-at_install")
class TestPdfChunks(IntegrityCase):
    """Many units print a few at a time (one wkhtmltopdf run each), as one document numbered over the whole."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activate_chinese()
        cls.dept_c = cls.env["hr.department"].create({"name": "Library"})
        # Head A also leads the library's working group: a unit user of two units
        cls.unit_c = cls.env["integrity.unit"].create({
            "campaign_id": cls.campaign.id, "department_id": cls.dept_c.id, "leader_id": cls.head_a.id,
            "supervisor_id": cls.supervisor.id,
        })
        # the campaign prints its units by sequence: Library, Audit Office, Finance Office
        cls.unit_c.sequence, cls.unit_b.sequence, cls.unit_a.sequence = 1, 2, 3
        Risk = cls.env["integrity.risk"]
        # the Finance Office's table runs over more than one page
        Risk.create([{"unit_id": cls.unit_a.id, "job_id": cls.job_cashier.id, "name": f"Cash handling step {n}",
                      "category": "power", "level": "high", "employee_ids": [Command.set(cls.cadre_a.ids)]}
                     for n in range(45)])
        Risk.create([{"unit_id": unit.id, "job_id": cls.job_head.id, "name": f"{unit.name} approval",
                      "category": "institution", "level": "medium"} for unit in cls.unit_b | cls.unit_c])

    def setUp(self):
        super().setUp()
        # one unit per wkhtmltopdf run
        self.startPatcher(patch.object(ir_actions_report, "CHUNK_RISK_POINTS", 1))
        self.runs = 0  # wkhtmltopdf processes started
        popen = subprocess.Popen

        def counted(args, *more, **options):
            self.runs += os.path.basename(args[0]).startswith("wkhtmltopdf")
            return popen(args, *more, **options)

        self.startPatcher(patch.object(subprocess, "Popen", side_effect=counted))

    def pdf_pages(self, report_name, records, user):
        """The text of each page of the PDF the user prints."""
        Report = self.env["ir.actions.report"].with_user(user).with_context(force_report_rendering=True)
        pdf, report_format = Report._render_qweb_pdf(report_name, records.ids)
        self.assertEqual(report_format, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True,
                                  check=True).stdout
        return text.split("\f")[:-1]

    def assertOneDocument(self, pages, unit_names):
        """Every unit's table in order, each from a new page, and 第 n 页 共 N 页 on every page."""
        first_pages = []
        for name in unit_names:
            found = [number for number, page in enumerate(pages) if name in page]
            self.assertTrue(found, f"{name} is printed")
            first_pages.append(found[0])
            others = [other for other in unit_names if other != name]
            self.assertFalse([other for other in others if other in pages[found[0]]],
                             f"{name}'s table starts on a page of its own")
        self.assertEqual(first_pages, sorted(first_pages), "the units print in order")
        self.assertEqual(first_pages[0], 0)
        for number, page in enumerate(pages, start=1):
            self.assertIn(f"第{number}页共{len(pages)}页", page.replace(" ", ""))

    @unittest.skipUnless(PDF_TOOLS, "wkhtmltopdf, a Chinese font or pdftotext is missing")
    def test_campaign_prints_unit_by_unit_as_one_document(self):
        pages = self.pdf_pages("integrity_risk.report_campaign_annex_3", self.campaign, self.office)
        self.assertEqual(self.runs, 3, "one wkhtmltopdf run per unit")
        self.assertGreaterEqual(len(pages), 4)
        self.assertOneDocument(pages, ["Library", "Audit Office", "Finance Office"])
        self.assertIn("Cash handling step 44", "".join(pages))
        # the same pages as when the whole university fits in one run (pdftotext may order a line's words apart)
        with patch.object(ir_actions_report, "CHUNK_RISK_POINTS", 1000):
            whole = self.pdf_pages("integrity_risk.report_campaign_annex_3", self.campaign, self.office)
        self.assertEqual(self.runs, 4)
        self.assertEqual([sorted(page.split()) for page in pages], [sorted(page.split()) for page in whole])

    @unittest.skipUnless(PDF_TOOLS, "wkhtmltopdf, a Chinese font or pdftotext is missing")
    def test_several_units_print_unit_by_unit_in_the_order_chosen(self):
        # Head A works in the library's and the finance office's working groups, and in no other
        units = self.unit_c | self.unit_a
        pages = self.pdf_pages("integrity_risk.report_annex_4", units, self.leader_a_user)
        self.assertEqual(self.runs, 2)
        self.assertOneDocument(pages, ["Library", "Finance Office"])
        pages = self.pdf_pages("integrity_risk.report_annex_3", self.unit_a | self.unit_b | self.unit_c, self.leader)
        self.assertEqual(self.runs, 5)
        self.assertOneDocument(pages, ["Finance Office", "Audit Office", "Library"])

    def test_rights_are_those_of_the_whole_print(self):
        """A unit user printing units not all theirs, or a campaign, is refused as the one-run print refuses them
        (the record rules, or the annex's own check), before anything is rendered."""
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        for user, report_name, records in (
                (self.leader_a_user, "integrity_risk.report_annex_3", self.unit_a | self.unit_b | self.unit_c),
                (self.leader_a_user, "integrity_risk.report_annex_4", self.unit_c | self.unit_a | self.unit_b),
                (self.leader_a_user, "integrity_risk.report_campaign_annex_4", self.campaign),
                (self.unit_a_user, "integrity_risk.report_campaign_annex_3", self.campaign),
                (self.cadre, "integrity_risk.report_annex_3", self.unit_a | self.unit_c)):
            with self.subTest(user=user.name, report=report_name):
                with self.assertRaises(AccessError) as whole:
                    Report.with_user(user)._render_qweb_html(report_name, records.ids)
                with self.assertRefused(AccessError, re.escape(str(whole.exception))):
                    Report.with_user(user)._render_qweb_pdf(report_name, records.ids)
        self.assertEqual(self.runs, 0, "refused before anything is rendered")
