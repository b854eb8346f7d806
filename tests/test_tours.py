"""The self-check round trip and the office's board, in headless Chromium."""

from odoo.tests import HttpCase, tagged

from .test_board import BoardCase


@tagged("post_install", "-at_install", "browser")
class TestTours(HttpCase, BoardCase):
    """The self-check round trip and the office's board, in headless Chromium."""

    def test_self_check_round_trip_in_the_browser(self):
        form = self.env["integrity.self.check"].search(
            [("unit_id", "=", self.unit_a.id), ("employee_id", "=", self.cadre_a.id)])
        self.start_tour("/odoo", "integrity_risk_cadre_submits", login="ir_cadre")
        self.assertEqual((form.state, len(form.line_ids)), ("submitted", 1))
        self.start_tour("/odoo", "integrity_risk_leader_returns", login="ir_leader_a")
        self.assertEqual((form.state, form.return_comment), ("returned", "Add the risk of the safe keys."))
        self.start_tour("/odoo", "integrity_risk_cadre_resubmits", login="ir_cadre")
        self.assertEqual((form.state, len(form.line_ids)), ("submitted", 2))
        self.start_tour("/odoo", "integrity_risk_leader_accepts", login="ir_leader_a")
        self.assertEqual(form.state, "accepted")
        self.assertEqual(len(form.line_ids.risk_ids), 2)
        self.start_tour("/odoo", "integrity_risk_office_kanban", login="ir_office")

    def test_supervising_leader_approves_in_the_browser(self):
        package = self.unit_a._submission_for("identification")
        package._as_process().write({"state": "submitted"})
        self.env["integrity.submission.round"].sudo().create({
            "submission_id": package.id, "number": 1, "submitted_by_id": self.unit_a_user.id,
            "submitted_on": "2013-03-10 08:00:00"})
        self.assertEqual(self.unit_a.supervisor_id.user_id, self.leader)
        self.start_tour("/odoo", "integrity_risk_supervisor_approves", login="ir_leader")
        self.assertEqual(package.state, "approved")
        self.assertEqual((package.round_ids.approved_by_id, package.round_ids.approval_comment),
                         (self.leader, "Graded as the plan asks."))

    def test_every_screen_opens_in_the_browser(self):
        """Forms, lists, kanban, pivot, calendar, dashboard and wizards render without a client error."""
        risk = self.unit_a.risk_ids[:1]
        measure = self.env["integrity.measure"].create({
            "risk_id": risk.id, "name": "Two signatures", "responsible_id": self.head_a.id, "deadline": "2013-06-30"})
        inspection = self.env["integrity.inspection"].create({"unit_id": self.unit_a.id, "date": "2013-09-01"})
        self.env["integrity.inspection.finding"].create({"inspection_id": inspection.id, "measure_id": measure.id})
        assessment = self.env["integrity.assessment"].create({"unit_id": self.unit_a.id})
        submission = self.unit_a._submission_for("identification")
        action = "/odoo/action-integrity_risk."
        urls = [
            f"{action}integrity_campaign_action/{self.campaign.id}",
            f"{action}integrity_unit_action/{self.unit_a.id}",
            f"{action}integrity_unit_action",
            f"{action}integrity_unit_action_deliverables",
            f"{action}integrity_risk_action/{risk.id}",
            f"{action}integrity_risk_action?view_type=pivot",
            f"{action}integrity_measure_action/{measure.id}",
            f"{action}integrity_inspection_action/{inspection.id}",
            f"{action}integrity_inspection_finding_action_analysis",
            f"{action}integrity_assessment_action/{assessment.id}",
            f"{action}integrity_submission_action/{submission.id}",
            f"{action}integrity_calendar_event_action",
            f"{action}integrity_adjustment_action",
            f"{action}integrity_grading_config_action",
            f"{action}integrity_dashboard_action",
            f"{action}integrity_personnel_change_action",
            f"{action}integrity_guidance_action",
            f"{action}integrity_submission_action_to_approve",
            f"{action}integrity_unit_action_supervised",
        ]
        for url in urls:
            with self.subTest(url=url):
                self.start_tour(url, "integrity_risk_view_loads", login="ir_office")
