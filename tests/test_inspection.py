from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_measure import MeasureCase


class InspectionCase(MeasureCase):
    """Unit A's annex 4 filed with two measures of its high risk point."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.signatures = cls.Measure.create({
            "risk_id": cls.high.id, "name": "Two signatures", "kind_id": cls.kind_checks.id,
            "responsible_id": cls.cadre_a.id, "deadline": date(2013, 6, 30)})
        cls.count = cls.Measure.create({
            "risk_id": cls.high.id, "name": "Weekly cash count", "kind_id": cls.kind_checks.id,
            "responsible_id": cls.head_a.id, "deadline": date(2013, 6, 30)})
        package = cls.unit_a._submission_for("measures").with_user(cls.unit_a_user)
        with freeze_time("2013-06-01"):
            package.write({"publicity_start": "2013-06-01", "publicity_end": "2013-06-05",
                           "publicity_place": "Notice board"})
            package.action_start_publicity()
        with freeze_time("2013-06-06"):
            package.action_submit()
        cls.approve_and_file(package)
        cls.campaign.office_director_id = cls.office
        cls.Inspection = cls.env["integrity.inspection"].with_user(cls.unit_a_user)


@tagged("post_install", "-at_install")
class TestInspection(InspectionCase):
    def test_findings_set_measure_status_and_failures_need_an_action(self):
        inspection = self.Inspection.create({"unit_id": self.unit_a.id, "date": "2013-09-01",
                                             "inspector_ids": [Command.set(self.liaison_a.ids)]})
        inspection.action_add_open_measures()
        self.assertEqual(inspection.finding_ids.measure_id, self.signatures | self.count)
        with self.assertRefused(UserError, "give the result for"):
            inspection.action_done()
        signatures = inspection.finding_ids.filtered(lambda f: f.measure_id == self.signatures)
        count = inspection.finding_ids - signatures
        signatures.write({"result": "carried_out"})
        count.write({"result": "ineffective", "remarks": "Counts skipped in July."})
        with self.assertRefused(UserError, "propose an action"):
            inspection.action_done()
        self.assertEqual(inspection.state, "draft")
        self.assertEqual(self.count.state, "planned")
        count.action = "revise_measure"
        inspection.action_done()
        self.assertEqual((self.signatures.state, self.count.state), ("done", "ineffective"))
        with self.assertRefused(UserError, "is not possible on .* now \\(Done\\)"):
            inspection.action_done()

    def test_measure_of_another_unit_refused(self):
        other_risk = self.env["integrity.risk"].create({"unit_id": self.unit_b.id, "job_id": self.job_head.id,
                                                        "name": "Audit alone", "category": "power", "level": "low"})
        other = self.env["integrity.measure"].create({"risk_id": other_risk.id, "name": "Second auditor",
                                                      "responsible_id": self.head_b.id, "deadline": "2013-06-30"})
        inspection = self.Inspection.create({"unit_id": self.unit_a.id})
        with self.assertRefused(ValidationError, "checks its own unit's measures"):
            self.env["integrity.inspection.finding"].create({"inspection_id": inspection.id, "measure_id": other.id})
        self.assertFalse(inspection.finding_ids)
        with self.assertRaises(AccessError):
            self.env["integrity.inspection"].with_user(self.unit_b_user).create({"unit_id": self.unit_a.id})

    def test_finding_applied_through_adjustment_with_new_flow_chart(self):
        inspection = self.Inspection.create({"unit_id": self.unit_a.id, "date": "2013-09-01"})
        finding = self.env["integrity.inspection.finding"].with_user(self.unit_a_user).create({
            "inspection_id": inspection.id, "measure_id": self.count.id, "result": "ineffective",
            "remarks": "Counts skipped in July.", "action": "revise_measure"})
        inspection.action_done()
        action = finding.action_apply()
        # uploaded in the wizard, as the web client's file widget does
        chart = self.env["ir.attachment"].with_user(self.unit_a_user).create({
            "name": "cash-flow-v2.pdf", "raw": b"%PDF-1.4 chart", "res_model": action["res_model"]})
        with Form(self.env[action["res_model"]].with_user(self.unit_a_user).with_context(**action["context"])) as form:
            form.name = "Cash counted weekly by the head and the liaison together"
            form.flow_chart_ids.add(chart)
        form.record.action_apply()
        self.assertEqual(self.count.name, "Cash counted weekly by the head and the liaison together")
        self.assertEqual(self.count.state, "in_progress", "a revised measure is carried out again")
        adjustment = finding.adjustment_id
        self.assertEqual((adjustment.kind, adjustment.measure_id, adjustment.reason),
                         ("modify_measure", self.count, "Counts skipped in July."))
        self.assertIn("Weekly cash count → Cash counted weekly", adjustment.changes)
        self.assertIn(chart, self.unit_a.flow_chart_ids)
        self.assertEqual(adjustment.flow_chart_ids, chart)
        self.assertEqual(adjustment.activity_ids.user_id, self.office)
        with self.assertRefused(UserError, "already been applied"):
            finding.action_apply()

    def test_measure_added_by_adjustment_is_frozen_with_annex_4(self):
        wizard = self.env["integrity.measure.adjust"].with_user(self.unit_a_user).create({
            "kind": "add", "risk_id": self.high.id, "reason": "A second check", "name": "Monthly audit",
            "responsible_id": self.cadre_a.id, "deadline": "2013-09-30"})
        wizard.action_apply()
        added = self.high.measure_ids.filtered(lambda m: m.name == "Monthly audit")
        self.assertEqual(len(added), 1)
        with self.assertRefused(UserError, "filed with the office"):
            added.with_user(self.unit_a_user).write({"deadline": "2014-12-31"})
        with self.assertRefused(UserError, "filed with the office"):
            added.with_user(self.unit_a_user).unlink()
        # a revision needs a complete measure: clearing the deadline is refused, not a server error
        wizard = self.env["integrity.measure.adjust"].with_user(self.unit_a_user).create({
            "kind": "modify", "measure_id": added.id, "risk_id": self.high.id, "reason": "No deadline",
            "name": "Monthly audit", "responsible_id": self.cadre_a.id, "deadline": False})
        with self.assertRefused(UserError, "needs its description, the person responsible and a deadline"):
            wizard.action_apply()

    def test_finding_adds_a_new_risk_point(self):
        inspection = self.Inspection.create({"unit_id": self.unit_a.id, "date": "2013-09-01"})
        finding = self.env["integrity.inspection.finding"].with_user(self.unit_a_user).create({
            "inspection_id": inspection.id, "measure_id": self.signatures.id, "result": "not_carried_out",
            "remarks": "Petty cash is a new risk.", "action": "add_risk"})
        inspection.action_done()
        action = finding.action_apply()
        with Form(self.env[action["res_model"]].with_user(self.unit_a_user).with_context(**action["context"])) as form:
            form.job_id = self.job_cashier
            form.name = "Petty cash kept at home"
            form.category = "power"
            form.level = "medium"
        form.record.action_apply()
        added = self.env["integrity.risk"].search([("name", "=", "Petty cash kept at home")])
        self.assertEqual(added.unit_id, self.unit_a)
        self.assertEqual(finding.adjustment_id.risk_id, added)
        self.assertEqual(finding.adjustment_id.kind, "add")

    def test_periodic_inspection_due(self):
        self.campaign.inspection_interval_days = 60
        filed = self.unit_a.submission_ids.filtered(lambda s: s.deliverable == "measures").filed_date
        self.assertEqual(self.unit_a.next_inspection_date, date.fromordinal(filed.toordinal() + 60))
        self.campaign.action_start()
        with freeze_time(self.unit_a.next_inspection_date):
            self.env["integrity.campaign"]._cron_deadlines()
            self.env["integrity.campaign"]._cron_deadlines()
        due = self.unit_a.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("integrity_risk.mail_activity_type_inspection"))
        self.assertEqual(len(due), 1)
        self.assertEqual(due.user_id, self.leader_a_user)
