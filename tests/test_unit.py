from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

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

    def test_scope_by_the_plans_rule_and_unit_type(self):
        """Administrative units: every cadre and party member; colleges: deputy section level and above."""
        Employee = self.env["hr.employee"]
        people = {}
        for department in (self.dept_a, self.dept_b):
            people[department] = Employee.create([
                {"name": f"Party member {department.name}", "department_id": department.id, "cadre_rank": "none",
                 "political_status": "cpc"},
                {"name": f"Staff cadre {department.name}", "department_id": department.id, "cadre_rank": "staff",
                 "political_status": "masses"},
                {"name": f"Clerk {department.name}", "department_id": department.id, "cadre_rank": "none",
                 "political_status": "masses"},
                {"name": f"Democrat {department.name}", "department_id": department.id, "cadre_rank": "none",
                 "political_status": "democratic"},
            ])
        party_a, staff_a, _clerk, _democrat = people[self.dept_a]
        expected = self.head_a | self.liaison_a | self.cadre_a | party_a | staff_a
        self.assertEqual(self.unit_a.scope_employee_ids, expected,
                         "an administrative department: all its cadres and party members, as HR records them")
        self.assertEqual(self.unit_b.scope_employee_ids, self.head_b | self.liaison_b | people[self.dept_b][:2])
        # the office makes unit B a college: only cadres of deputy section level and above stay
        self.unit_b.with_user(self.office).unit_type = "college"
        self.assertEqual(self.dept_b.integrity_unit_type, "college")
        self.assertEqual(self.unit_b.scope_employee_ids, self.head_b | self.liaison_b)
        with self.assertRefused(AccessError, "office"):
            self.unit_a.with_user(self.unit_a_user).unit_type = "college"
        self.assertEqual(self.unit_a.unit_type, "administrative")

    def test_office_includes_and_excludes_unit_cannot(self):
        clerk = self.env["hr.employee"].create({"name": "Clerk", "department_id": self.dept_a.id})
        Exception_ = self.env["integrity.scope.exception"]
        Exception_.with_user(self.office).create([
            {"unit_id": self.unit_a.id, "employee_id": clerk.id, "kind": "include", "reason": "Handles cash"},
            {"unit_id": self.unit_a.id, "employee_id": self.cadre_a.id, "kind": "exclude", "reason": "Seconded"},
        ])
        self.assertIn(clerk, self.unit_a.scope_employee_ids)
        self.assertNotIn(self.cadre_a, self.unit_a.scope_employee_ids)
        # applying the rule again keeps the office's decisions
        self.unit_a.with_user(self.office).action_apply_scope_rule()
        self.assertIn(clerk, self.unit_a.scope_employee_ids)
        self.assertNotIn(self.cadre_a, self.unit_a.scope_employee_ids)
        exclusion = self.unit_a.scope_exception_ids.filtered(lambda e: e.kind == "exclude")
        self.assertEqual((exclusion.decided_by_id, exclusion.reason), (self.office, "Seconded"))
        # dropping the exclusion lets the rule decide again
        exclusion.with_user(self.office).unlink()
        self.assertIn(self.cadre_a, self.unit_a.scope_employee_ids)
        with self.assertRefused(ValidationError, "reason"):
            Exception_.with_user(self.office).create({"unit_id": self.unit_a.id, "employee_id": self.head_a.id,
                                                      "kind": "exclude", "reason": "  "})
        with self.assertRefused(AccessError, "not allowed|Integrity"):
            Exception_.with_user(self.unit_a_user).create({"unit_id": self.unit_a.id, "employee_id": clerk.id,
                                                           "kind": "exclude", "reason": "Not a cadre"})
        with self.assertRefused(UserError, "process"):
            self.unit_a.with_user(self.office).write({"scope_employee_ids": [(3, clerk.id)]})
        with self.assertRefused(UserError, "office"):
            self.unit_a.with_user(self.unit_a_user).action_apply_scope_rule()
        self.assertIn(clerk, self.unit_a.scope_employee_ids)

    def test_party_and_administrative_heads_both_lead(self):
        with self.assertRefused(AccessError, "office"):
            self.unit_a.with_user(self.unit_a_user).co_leader_id = self.cadre_a
        self.unit_a.with_user(self.office).co_leader_id = self.cadre_a
        self.assertIn(self.cadre, self.unit_a.user_ids, "the second head works in the group")
        self.start_identification(self.unit_a, self.unit_a_user)
        checks = self.env["integrity.self.check"].search([("unit_id", "=", self.unit_a.id)])
        self.assertEqual(checks.filtered(lambda c: c.employee_id == self.cadre_a).reviewer_id, self.head_a,
                         "the first head reviews the second head's form")
        html = self.env["ir.actions.report"]._render_qweb_html("integrity_risk.report_annex_3", self.unit_a.ids)[0]
        self.assertIn("Head A, Cadre A", html.decode())

    def test_meetings_show_in_the_review_and_the_assessment(self):
        Meeting = self.env["integrity.meeting"].with_user(self.unit_a_user)
        meeting = Meeting.create({
            "unit_id": self.unit_a.id, "date": "2013-03-05", "kind": "mobilisation", "name": "Mobilisation",
            "attendee_ids": [Command.set((self.head_a | self.cadre_a).ids)], "minutes": "<p>The plan was read.</p>"})
        Meeting.create({"unit_id": self.unit_a.id, "date": "2013-03-20", "kind": "discussion",
                        "name": "Discussion of the cashier's risks"})
        with self.assertRefused(AccessError, "do not belong"):
            Meeting.create({"unit_id": self.unit_a.id, "date": "2013-03-21", "kind": "discussion",
                            "name": "With a stranger", "attendee_ids": [Command.set(self.head_b.ids)]})
        with self.assertRaises(AccessError):
            self.env["integrity.meeting"].with_user(self.unit_b_user).create({
                "unit_id": self.unit_a.id, "kind": "discussion", "name": "Forged"})
        self.assertEqual(meeting.with_user(self.cadre).attendee_count, 2, "attendees read it")
        with self.assertRaises(AccessError):
            meeting.with_user(self.unit_b_user).read(["name"])
        digest = self.unit_a.meeting_digest
        self.assertIn("Study and Mobilisation (学习动员): 1 (2013-03-05)", digest)
        self.assertIn("Discussion and Evaluation (讨论评议): 1 (2013-03-20)", digest)
        assessment = self.env["integrity.assessment"].with_user(self.leader).create({"unit_id": self.unit_a.id})
        organisation = assessment.line_ids.filtered(lambda line: line.criterion_id.shows_meetings)
        self.assertIn("2013-03-05", organisation.evidence)
        self.assertEqual(len(organisation), 1)
        self.assertFalse(any((assessment.line_ids - organisation).mapped("evidence")), "other criteria show none")

    def test_working_group_users(self):
        self.assertEqual(self.unit_a.user_ids, self.unit_a_user | self.leader_a_user)
        self.unit_a.member_ids = self.cadre_a
        self.assertEqual(self.unit_a.user_ids, self.unit_a_user | self.leader_a_user | self.cadre)


@tagged("post_install", "-at_install")
class TestUnitPicker(IntegrityCase):
    def test_new_records_offer_the_units_of_the_users_companies(self):
        """A new assessment, inspection or risk point has no company until its unit is picked: the form's unit
        field offers the units of the user's companies, not units of no company (there are none)."""
        for model in ("integrity.assessment", "integrity.inspection", "integrity.risk"):
            with self.subTest(model=model):
                domain = self.env[model]._fields["unit_id"]._description_domain(self.env)
                self.assertIn("allowed_company_ids", domain)
                # as the client evaluates it for a new record (company_id False) of the office
                evaluated = safe_eval(domain, {"company_id": False, "allowed_company_ids": self.office.company_ids.ids})
                units = self.env["integrity.unit"].with_user(self.office).search(evaluated)
                self.assertEqual(units, self.unit_a | self.unit_b)


@tagged("post_install", "-at_install")
class TestLanding(IntegrityCase):
    def test_integrity_users_land_on_their_workbench(self):
        """The web client opens the first app of the menu: for every integrity user it is this one, whose first
        entry is the workbench (工作台)."""
        root = self.env.ref("integrity_risk.integrity_risk_menu_root")
        for user in (self.cadre, self.unit_a_user, self.office, self.leader):
            with self.subTest(user=user.name):
                menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
                self.assertEqual(menus["root"]["children"][0], root.id)
                first = menus[root.id]["children"][0]
                self.assertEqual(menus[first]["xmlid"], "integrity_risk.integrity_dashboard_menu")
