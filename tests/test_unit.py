from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import IntegrityCase


@tagged("post_install", "-at_install")
class TestUnit(IntegrityCase):
    def test_one_unit_per_department_and_campaign(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["integrity.unit"].create({"campaign_id": self.campaign.id, "department_id": self.dept_a.id})

    def test_liaison_contact_defaults_from_employee_and_stays_editable(self):
        self.assertEqual(self.unit_a.liaison_phone, "13800000001")
        self.assertEqual(self.unit_a.liaison_email, "liaison.a@example.edu")
        self.unit_a.with_user(self.unit_a_user).liaison_phone = "0931-1234567"
        self.assertEqual(self.unit_a.liaison_phone, "0931-1234567")

    def test_report_list_needs_leader_and_liaison(self):
        self.unit_a.write({"leader_id": False})
        with self.assertRefused(UserError, "without a leader"):
            self.unit_a.with_user(self.unit_a_user).action_report_list()
        self.assertFalse(self.unit_a.list_reported_date)
        self.assertEqual(self.unit_a.current_phase, "kickoff")
        self.unit_b.write({"leader_id": False, "liaison_id": False})
        with self.assertRefused(UserError, "a leader and a liaison"):
            self.unit_b.action_report_list()

    def test_report_list_submits_and_filing_opens_phase_two(self):
        self.unit_a.with_user(self.unit_a_user).action_report_list()
        self.assertTrue(self.unit_a.list_reported_date)
        submission = self.unit_a.submission_ids
        self.assertEqual((submission.deliverable, submission.state), ("working_group", "submitted"))
        self.assertEqual(self.unit_a.current_phase, "kickoff", "the phase moves when the office files the list")
        self.assertFalse(self.env["integrity.self.check"].search([("unit_id", "=", self.unit_a.id)]))
        with self.assertRefused(UserError, "already been reported"):
            self.unit_a.action_report_list()
        self.assertEqual(len(submission.round_ids), 1)
        submission.with_user(self.office).action_file("Complete; filed.")
        self.assertEqual(self.unit_a.current_phase, "identification")
        checks = self.env["integrity.self.check"].search([("unit_id", "=", self.unit_a.id)])
        self.assertEqual(checks.employee_id, self.unit_a.scope_employee_ids)

    def test_scope_by_the_plans_rule(self):
        Employee = self.env["hr.employee"]
        party_member = Employee.create({
            "name": "Party member", "department_id": self.dept_a.id, "cadre_rank": "none", "political_status": "cpc",
        })
        Employee.create({
            "name": "Clerk", "department_id": self.dept_a.id, "cadre_rank": "none", "political_status": "masses",
        })
        Employee.create({
            "name": "Democrat clerk", "department_id": self.dept_a.id, "cadre_rank": "none",
            "political_status": "democratic",
        })
        self.unit_a.with_user(self.office).action_apply_scope_rule()
        self.assertEqual(self.unit_a.scope_employee_ids, self.head_a | self.liaison_a | self.cadre_a | party_member)
        self.assertEqual(self.unit_b.scope_employee_ids, self.head_b | self.liaison_b)

    def test_office_adjusts_scope_unit_cannot(self):
        clerk = self.env["hr.employee"].create({"name": "Clerk", "department_id": self.dept_a.id})
        self.unit_a.with_user(self.office).write({"scope_employee_ids": [(4, clerk.id), (3, self.cadre_a.id)]})
        self.assertIn(clerk, self.unit_a.scope_employee_ids)
        self.assertNotIn(self.cadre_a, self.unit_a.scope_employee_ids)
        with self.assertRefused(UserError, "office only|Only the leading group's office"):
            self.unit_a.with_user(self.unit_a_user).write({"scope_employee_ids": [(3, clerk.id)]})
        with self.assertRaises(UserError):
            self.unit_a.with_user(self.unit_a_user).action_apply_scope_rule()
        self.assertIn(clerk, self.unit_a.scope_employee_ids)

    def test_working_group_users(self):
        self.assertEqual(self.unit_a.user_ids, self.unit_a_user | self.leader_a_user)
        self.unit_a.member_ids = self.cadre_a
        self.assertEqual(self.unit_a.user_ids, self.unit_a_user | self.leader_a_user | self.cadre)
