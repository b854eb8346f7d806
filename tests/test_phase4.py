import io
from datetime import date

import openpyxl
from lxml import html

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_inspection import InspectionCase


@tagged("post_install", "-at_install")
class TestSummaryReport(InspectionCase):
    def test_figures_match_the_records(self):
        check = self.env["integrity.self.check"].search(
            [("unit_id", "=", self.unit_a.id), ("employee_id", "=", self.cadre_a.id)])
        check.line_ids = [Command.create({"name": "Cash", "category": "power", "level": "high"})]
        check.action_submit()
        check.action_accept()  # the register is filed: a late self-check enters it through a recorded adjustment
        late = self.env["integrity.risk"].search([("self_check_line_id", "in", check.line_ids.ids)])
        self.assertEqual(self.env["integrity.adjustment"].search([("risk_id", "=", late.id)]).kind, "add")
        inspection = self.env["integrity.inspection"].create({"unit_id": self.unit_a.id, "date": "2013-09-01"})
        self.env["integrity.inspection.finding"].create([
            {"inspection_id": inspection.id, "measure_id": self.signatures.id, "result": "carried_out"},
            {"inspection_id": inspection.id, "measure_id": self.count.id, "result": "ineffective",
             "action": "revise_measure"},
        ])
        inspection.action_done()
        figures = self.unit_a._summary_figures()
        self.assertEqual(figures["scope"], 3)
        self.assertEqual((figures["self_checks"], figures["self_checks_accepted"]), (3, 1))
        self.assertEqual(figures["risks"], 3)
        self.assertEqual(figures["risks_by_level"], {"high": 2, "low": 1})
        self.assertEqual(figures["risks_by_category"], {"power": 2, "institution": 1})
        self.assertEqual(figures["measures_by_state"], {"done": 1, "ineffective": 1})
        self.assertEqual((figures["inspections"], figures["findings_by_result"]),
                         (1, {"carried_out": 1, "ineffective": 1}))
        self.assertEqual(figures["adjustments"], 1)

        summary = self.unit_a._submission_for("summary").with_user(self.unit_a_user)
        text = " ".join(html.fromstring(summary.summary_figures).text_content().split())
        self.assertIn("Risk points: 3 (High 2, Medium 0, Low 1)", text)
        self.assertIn("self-checks accepted: 1 / 3", text)
        self.assertIn("Inspections: 1; findings: Carried Out 1, Partly Carried Out 0, Not Carried Out 0, "
                      "Ineffective 1", text)
        with self.assertRefused(UserError, "no text and no attachment"):
            summary.action_submit()
        summary.summary = "<p>We added two signatures and weekly counts.</p><img src=x onerror=alert(1)>"
        self.assertNotIn("onerror", summary.summary, "what users write is sanitized")
        summary.action_submit()
        self.assertEqual(summary.state, "submitted")
        # the figures stay as submitted, whatever happens in the unit afterwards
        self.env["integrity.inspection"].create({"unit_id": self.unit_a.id, "date": "2013-10-01", "finding_ids": [
            Command.create({"measure_id": self.signatures.id, "result": "carried_out"})]}).action_done()
        summary.invalidate_recordset(["summary_figures"])
        self.assertIn("Inspections: 1;", " ".join(html.fromstring(summary.summary_figures).text_content().split()))
        summary.with_user(self.office).action_file("Complete; filed.")
        self.assertEqual(self.unit_a.current_phase, "done")


@tagged("post_install", "-at_install")
class TestAssessment(InspectionCase):
    def new_assessment(self, user=None):
        return self.env["integrity.assessment"].with_user(user or self.leader).create({
            "unit_id": self.unit_a.id, "date": "2013-12-05", "checker_ids": [Command.set(self.supervisor.ids)]})

    def test_scheme_scores_and_total(self):
        assessment = self.new_assessment()
        self.assertEqual(len(assessment.line_ids), 6)
        self.assertEqual(assessment.max_total, 100)
        with self.assertRefused(UserError, "score every criterion first"):
            assessment.action_done()
        organisation = assessment.line_ids[0]
        with self.assertRefused(ValidationError, "between 0 and 15.0, not 16.0"):
            organisation.write({"score": 16})
        organisation.invalidate_recordset()
        self.assertFalse(organisation.scored)
        for line in assessment.line_ids:
            line.score = line.max_score - 2
        self.assertEqual(assessment.total, 88)
        assessment.action_done()
        with self.assertRefused(UserError, "is Done: its Assessment Score no longer change"):
            assessment.line_ids[0].score = 1
        self.assertEqual(assessment.with_user(self.unit_a_user).total, 88, "the unit reads its finished result")
        assessment.action_reopen()
        self.assertEqual(assessment.state, "draft")

    def test_rights(self):
        with self.assertRaises(AccessError):
            self.new_assessment(user=self.unit_a_user)
        with self.assertRaises(AccessError):
            self.new_assessment(user=self.cadre)
        draft = self.new_assessment(user=self.office)
        with self.assertRaises(AccessError):
            draft.with_user(self.unit_a_user).read(["total"])
        with self.assertRaises(AccessError):
            draft.with_user(self.unit_b_user).read(["total"])

    def test_export_per_unit_and_per_cadre(self):
        self.activate_chinese()
        assessment = self.new_assessment()
        for line in assessment.line_ids:
            line.score = 10
        assessment.action_done()
        Report = self.env["ir.actions.report"]
        with self.assertRaises(AccessError):
            Report.with_user(self.unit_a_user)._render_xlsx("integrity_risk.xlsx_assessment", self.campaign.ids, None)
        # as the Print menu gives it (OCA's report_xlsx)
        content, _format = Report.with_user(self.leader)._render_xlsx("integrity_risk.xlsx_assessment",
                                                                      self.campaign.ids, None)
        self.assertEqual(self.campaign._assessment_filename(), "2013 campaign考核数据")
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["单位", "干部"])
        units = book["单位"]
        header = [cell.value for cell in units[4]]
        self.assertEqual(header[:12], ["序号", "单位", "范围内人数", "自查表已审核", "高", "中", "低", "已完成措施",
                                       "防控措施", "检查次数", "未落实或无效", "调整次数"])
        self.assertEqual(header[-1], "总分")
        row = [cell.value for cell in units[5]]
        self.assertEqual(row[1], "Finance Office")
        self.assertEqual(row[4:9], [1, 0, 1, 0, 2], "1 high, 1 low risk point; 2 measures, none done")
        self.assertEqual(row[-1], 60)  # a number, not text
        self.assertEqual([cell.value for cell in units[6]][1], "Audit Office")
        cadres = book["干部"]
        by_name = {row[1]: row for row in cadres.iter_rows(min_row=5, values_only=True)}
        self.assertEqual(set(by_name), {"Head A", "Liaison A", "Cadre A", "Head B", "Liaison B"})
        cadre = by_name["Cadre A"]
        self.assertEqual(cadre[2:7], ("Finance Office", "Cashier", "副科级", "群众/无党派", "草稿"))
        self.assertEqual(cadre[7:12], (1, 0, 1, 0, 1), "two risk points, one measure of theirs")


@tagged("post_install", "-at_install")
class TestRollover(InspectionCase):
    def test_next_year_starts_from_this_year(self):
        self.signatures.with_user(self.cadre).action_done()
        action = self.campaign.with_user(self.office).action_copy_next_year()
        new = self.env["integrity.campaign"].browse(action["res_id"])
        new_risks = self.env["integrity.risk"].search([("campaign_id", "=", new.id)])
        self.assertEqual(new_risks.predecessor_id, self.high | self.low)
        high = new_risks.filtered(lambda r: r.predecessor_id == self.high)
        self.assertEqual((high.name, high.level, high.unit_id.department_id, high.state),
                         ("Cash alone", "high", self.dept_a, "draft"))
        self.assertEqual(high.measure_ids.predecessor_id, self.count, "only the open measure carries over")
        self.assertEqual(high.measure_ids.deadline, date(2014, 6, 30))

        low = new_risks - high
        low.write({"level": "medium"})
        added = self.env["integrity.risk"].create({"unit_id": high.unit_id.id, "job_id": self.job_head.id,
                                                   "name": "New approval power", "category": "power", "level": "low"})
        high._as_process().write({"state": "confirmed"})
        high.action_retire()
        new.action_compare_previous_year()
        self.assertEqual((low.year_change, low.year_changed_fields), ("changed", "Risk Level"))
        self.assertEqual(added.year_change, "new")
        self.assertEqual(high.year_change, "retired")
        low.write({"level": "low"})
        new.action_compare_previous_year()
        self.assertEqual((low.year_change, low.year_changed_fields), ("unchanged", False))

    def test_only_the_office_rolls_over(self):
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.unit_a_user).action_copy_next_year()
        self.assertFalse(self.campaign.next_campaign_id)
