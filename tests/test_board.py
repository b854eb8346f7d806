"""The office's board of units (kanban by phase) and the workbench's figures, read as each role."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

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
             "category": "power", "level": "high", "employee_ids": [Command.set(cls.head_a.ids)]},
            {"unit_id": cls.unit_a.id, "job_id": cls.job_liaison.id, "name": "Contact records incomplete",
             "category": "institution", "level": "low", "employee_ids": [Command.set(cls.liaison_a.ids)]},
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
