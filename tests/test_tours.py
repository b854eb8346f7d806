from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import IntegrityCase


class BoardCase(IntegrityCase):
    """Unit A in phase 2 with graded risk points; unit B still in kickoff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.write({"office_director_id": cls.office.id})
        cls.campaign.action_start()
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        Risk = cls.env["integrity.risk"]
        Risk.create([
            {"unit_id": cls.unit_a.id, "job_id": cls.job_head.id, "name": "Approves purchases alone",
             "category": "power", "level": "high", "employee_ids": [(6, 0, cls.head_a.ids)]},
            {"unit_id": cls.unit_a.id, "job_id": cls.job_liaison.id, "name": "Contact records incomplete",
             "category": "institution", "level": "low", "employee_ids": [(6, 0, cls.liaison_a.ids)]},
        ])


@tagged("post_install", "-at_install")
class TestBoard(BoardCase):
    def test_kanban_columns_in_phase_order_even_when_empty(self):
        groups = self.env["integrity.unit"].with_user(self.office).web_read_group(
            [("campaign_id", "=", self.campaign.id)], ["current_phase"], ["current_phase"])["groups"]
        self.assertEqual([g["current_phase"] for g in groups],
                         ["kickoff", "identification", "measures", "inspection", "done"])
        self.assertEqual([g["current_phase_count"] for g in groups], [1, 1, 0, 0, 0])

    def test_card_counts_match_the_data(self):
        unit = self.unit_a.with_user(self.office)
        self.assertEqual((unit.self_check_accepted_count, unit.self_check_count), (0, 3))
        self.assertEqual((unit.risk_high_count, unit.risk_medium_count, unit.risk_low_count), (1, 0, 1))
        self.assertEqual((unit.measure_done_count, unit.measure_count), (0, 0))
        self.assertEqual(unit.current_deadline.isoformat(), "2013-04-10")
        self.assertEqual(unit.current_submission_state, "overdue", "2013's identification deadline has passed")
        self.assertEqual(self.unit_b.with_user(self.office).current_submission_state, "overdue")
        self.assertIn("rgba(178, 34, 34", unit.risk_matrix)

    def test_dragging_a_card_does_not_skip_the_rules(self):
        with self.assertRefused(UserError, "change only through the steps of the process"):
            self.unit_b.with_user(self.office).write({"current_phase": "identification"})
        self.assertEqual(self.unit_b.current_phase, "kickoff")

    def test_dashboards_show_what_each_role_may_see(self):
        Dashboard = self.env["integrity.dashboard"]
        office = Dashboard.with_user(self.office).get_data()
        self.assertEqual(office["office"]["overdue_count"], 2)
        self.assertEqual(office["office"]["high_without_measures"], 1)
        self.assertEqual(office["office"]["to_review_count"], 0)
        self.assertFalse(office["units"])

        liaison = Dashboard.with_user(self.unit_a_user).get_data()
        self.assertFalse(liaison["office"], "a unit's working group does not see the office's lists")
        self.assertEqual([unit["name"] for unit in liaison["units"]], ["Finance Office"])
        card = liaison["units"][0]
        self.assertEqual((card["high"], card["low"], card["self_checks"]), (1, 1, 3))
        self.assertIn("Cadre A has no accepted self-check.", card["blockers"])
        self.assertIn("the unit review is not complete", card["blockers"])

        cadre = Dashboard.with_user(self.cadre).get_data()
        self.assertFalse(cadre["office"])
        self.assertFalse(cadre["units"])
        self.assertEqual([check["state"] for check in cadre["mine"]["self_checks"]], ["draft"])
        self.assertEqual(cadre["mine"]["risk_count"], 0)
        # responsible for a measure of someone else's risk point: she reads that risk point, the board opens
        head_risk = self.unit_a.risk_ids.filtered(lambda r: r.job_id == self.job_head)
        self.env["integrity.measure"].create({"risk_id": head_risk.id, "name": "Second signature",
                                              "responsible_id": self.cadre_a.id, "deadline": "2013-06-30"})
        cadre = Dashboard.with_user(self.cadre).get_data()
        self.assertEqual([m["risk"] for m in cadre["mine"]["measures"]], ["Approves purchases alone"])

        other = Dashboard.with_user(self.unit_b_user).get_data()
        self.assertEqual([unit["name"] for unit in other["units"]], ["Audit Office"])
        self.assertNotIn("Finance Office", str(other))

        leader = Dashboard.with_user(self.leader).get_data()
        self.assertEqual(leader["office"]["overdue_count"], 2, "the leading group reads the office's figures")


@tagged("post_install", "-at_install")
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
