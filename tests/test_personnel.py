"""People change during a running campaign (人员变动): the scope follows HR, and what must follow is started."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IntegrityCase


@tagged("post_install", "-at_install")
class TestPersonnelChanges(IntegrityCase):
    """Both units in phase 2 of a running campaign; the cashier of unit A holds a risk point and a measure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.action_start()
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        cls.start_identification(cls.unit_b, cls.unit_b_user)
        cls.job_auditor = cls.env["hr.job"].create({"name": "Auditor"})
        cls.risk = cls.env["integrity.risk"].create({
            "unit_id": cls.unit_a.id, "job_id": cls.job_cashier.id, "name": "Cash handled alone",
            "category": "power", "level": "high", "employee_ids": [Command.set(cls.cadre_a.ids)]})
        cls.measure = cls.env["integrity.measure"].create({
            "risk_id": cls.risk.id, "name": "Two signatures", "responsible_id": cls.cadre_a.id,
            "deadline": date(2013, 6, 30)})
        cls.Change = cls.env["integrity.personnel.change"]

    def changes_of(self, employee):
        return self.Change.search([("employee_id", "=", employee.id)])

    def file_register(self):
        """Annex 2/3 filed with the office (as the process records it), covering the unit's risk points."""
        package = self.unit_a._submission_for("identification")
        package._as_process().write({"state": "filed", "risk_ids": [Command.set(self.unit_a.risk_ids.ids)]})
        return package

    def test_moving_department_starts_a_self_check_there_and_a_hand_over_here(self):
        self.cadre_a.write({"department_id": self.dept_b.id, "job_id": self.job_auditor.id})
        self.assertNotIn(self.cadre_a, self.unit_a.scope_employee_ids)
        self.assertIn(self.cadre_a, self.unit_b.scope_employee_ids)
        change = self.changes_of(self.cadre_a)
        self.assertRecordValues(change, [{
            "kind": "moved", "cause": "hr", "from_unit_id": self.unit_a.id, "to_unit_id": self.unit_b.id,
            "from_department_id": self.dept_a.id, "to_department_id": self.dept_b.id,
            "from_job_id": self.job_cashier.id, "to_job_id": self.job_auditor.id, "state": "open"}])
        self.assertEqual((change.self_check_id.unit_id, change.self_check_id.job_id, change.self_check_id.state),
                         (self.unit_b, self.job_auditor, "draft"))
        self.assertEqual((change.measure_ids, change.risk_ids), (self.measure, self.risk))
        # the old self-check stays, as history
        old = self.env["integrity.self.check"].search([("unit_id", "=", self.unit_a.id),
                                                       ("employee_id", "=", self.cadre_a.id)])
        self.assertEqual(old.job_id, self.job_cashier)
        # unit A's leader is asked to hand the work over
        activity = change.activity_ids
        self.assertEqual(activity.user_id, self.leader_a_user)
        self.assertIn("Two signatures", activity.note)
        # who may hand over: unit A's working group; not unit B's liaison, not the leaver
        as_leader = change.with_user(self.leader_a_user)
        with self.assertRefused(UserError, "successor"):
            as_leader.action_hand_over()
        with self.assertRefused(AccessError, "do not belong"):
            as_leader.write({"successor_id": self.head_b.id})
        with self.assertRaises(AccessError):  # the unit the person joined reads the change, not its hand-over
            change.with_user(self.unit_b_user).write({"successor_id": self.liaison_a.id})
        self.assertTrue(change.with_user(self.unit_b_user).effects)
        as_leader.write({"successor_id": self.liaison_a.id})
        with self.assertRaises(AccessError):
            change.with_user(self.cadre).action_hand_over()
        with self.assertRefused(UserError, "process"):
            as_leader.write({"state": "done"})
        as_leader.action_hand_over()
        self.assertEqual(change.state, "done")
        self.assertEqual(self.measure.responsible_id, self.liaison_a)
        self.assertEqual(self.risk.employee_ids, self.liaison_a)
        self.assertFalse(change.activity_ids)
        self.assertFalse(self.env["integrity.adjustment"].search([("unit_id", "=", self.unit_a.id)]),
                         "nothing was filed: no adjustment needed")

    def test_hand_over_of_filed_records_goes_through_adjustments(self):
        self.file_register()
        self.cadre_a.action_archive()
        change = self.changes_of(self.cadre_a)
        self.assertEqual((change.kind, change.state), ("left", "open"))
        self.assertNotIn(self.cadre_a, self.unit_a.scope_employee_ids)
        change.with_user(self.unit_a_user).write({"successor_id": self.head_a.id})
        change.with_user(self.unit_a_user).action_hand_over()
        self.assertEqual(self.risk.employee_ids, self.head_a)
        adjustment = self.env["integrity.adjustment"].search([("risk_id", "=", self.risk.id)])
        self.assertEqual((adjustment.kind, adjustment.user_id), ("modify", self.unit_a_user))
        self.assertIn("Cadre A", adjustment.changes)

    def test_newcomer_after_filing_enters_the_register_through_an_adjustment(self):
        package = self.file_register()
        newcomer_user = self.env["res.users"].create({
            "name": "Newcomer", "login": "ir_newcomer",
            "groups_id": [Command.set(self.env.ref("integrity_risk.group_user").ids)]})
        newcomer = self.env["hr.employee"].create({
            "name": "Newcomer", "department_id": self.dept_a.id, "job_id": self.job_auditor.id,
            "cadre_rank": "section", "user_id": newcomer_user.id})
        change = self.changes_of(newcomer)
        self.assertEqual((change.kind, change.to_unit_id, change.state), ("joined", self.unit_a, "open"))
        check = change.self_check_id.with_user(newcomer_user)
        check.write({"line_ids": [Command.create({"name": "Audits alone", "category": "power", "level": "medium"})]})
        check.action_submit()
        change.self_check_id.with_user(self.leader_a_user).action_accept()
        risk = self.env["integrity.risk"].search([("self_check_line_id", "in", change.self_check_id.line_ids.ids)])
        self.assertEqual((risk.state, risk.job_id), ("confirmed", self.job_auditor))
        self.assertIn(risk, package.risk_ids, "the added point joins the filed package")
        adjustment = self.env["integrity.adjustment"].search([("risk_id", "=", risk.id)])
        self.assertEqual((adjustment.kind, adjustment.user_id), ("add", self.leader_a_user))
        self.assertEqual(change.state, "done")

    def test_many_people_moved_at_once_each_get_their_own_form(self):
        clerks = self.env["hr.employee"].create([
            {"name": f"Clerk {n}", "department_id": self.dept_b.id, "cadre_rank": "staff"} for n in range(3)])
        clerks.write({"department_id": self.dept_a.id, "job_id": self.job_auditor.id})
        changes = self.Change.search([("employee_id", "in", clerks.ids), ("kind", "=", "moved")])
        self.assertEqual(len(changes), 3, "each joined unit B when hired, then moved to unit A")
        self.assertEqual(changes.self_check_id.employee_id, clerks, "one form per person, none shared")
        self.assertEqual(set(changes.self_check_id.mapped("unit_id.name")), {"Finance Office"})

    def test_new_post_in_the_same_unit_gets_its_own_self_check(self):
        self.cadre_a.job_id = self.job_auditor
        change = self.changes_of(self.cadre_a)
        self.assertRecordValues(change, [{"kind": "post", "from_unit_id": self.unit_a.id,
                                          "to_unit_id": self.unit_a.id, "from_job_id": self.job_cashier.id,
                                          "to_job_id": self.job_auditor.id}])
        checks = self.env["integrity.self.check"].search([("employee_id", "=", self.cadre_a.id)])
        self.assertEqual(set(checks.mapped("job_id.name")), {"Cashier", "Auditor"})
        self.assertEqual(change.self_check_id.job_id, self.job_auditor)

    def test_changes_that_touch_no_scope_record_nothing(self):
        self.cadre_a.write({"work_phone": "0931-1234567", "job_title": "Cashier of the year"})
        clerk = self.env["hr.employee"].create({"name": "Clerk", "department_id": self.dept_a.id})
        clerk.department_id = self.dept_b
        self.assertFalse(self.Change.search([]))
        # a draft campaign follows HR silently: no changes recorded before it runs
        draft = self.env["integrity.campaign"].create({"name": "2014", "year": 2014})
        unit = self.env["integrity.unit"].create({"campaign_id": draft.id, "department_id": self.dept_a.id})
        promoted = self.env["hr.employee"].create({"name": "Promoted", "department_id": self.dept_a.id})
        promoted.cadre_rank = "section"
        self.assertIn(promoted, unit.scope_employee_ids)
        self.assertEqual(self.changes_of(promoted).to_unit_id, self.unit_a, "only the running campaign records it")

    def test_office_exclusion_is_recorded_and_the_list_shows_who_sees_what(self):
        self.env["integrity.scope.exception"].with_user(self.office).create({
            "unit_id": self.unit_a.id, "employee_id": self.cadre_a.id, "kind": "exclude", "reason": "Seconded"})
        change = self.changes_of(self.cadre_a)
        self.assertEqual((change.kind, change.cause), ("left", "office"))
        self.assertEqual(self.Change.with_user(self.unit_a_user).search([]), change)
        self.assertFalse(self.Change.with_user(self.unit_b_user).search([]))
        with self.assertRaises(AccessError):
            self.Change.with_user(self.cadre).search([])
        self.assertEqual(self.Change.with_user(self.leader).search([]), change)
        with self.assertRaises(UserError):  # an AccessError is a UserError
            self.Change.with_user(self.office).create({
                "campaign_id": self.campaign.id, "employee_id": self.head_a.id, "kind": "left", "cause": "hr"})
        with self.assertRaises(AccessError):
            change.with_user(self.office).unlink()
        self.assertIn("To hand over: 1 open measures, 1 risk points", change.effects)
        self.assertEqual(self.campaign.with_user(self.office).open_change_count, 1)
        self.assertEqual(self.campaign.with_user(self.cadre).open_change_count, 0, "a cadre reads no changes")
        action = self.campaign.with_user(self.office).action_view_personnel_changes()
        self.assertEqual(self.Change.with_user(self.office).search(action["domain"]), change)
