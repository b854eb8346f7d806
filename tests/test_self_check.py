from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import IntegrityCase

REVIEW = "integrity_risk.mail_activity_type_self_check_review"
REVISE = "integrity_risk.mail_activity_type_self_check_revise"


@tagged("post_install", "-at_install")
class TestSelfCheck(IntegrityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        cls.form = cls.env["integrity.self.check"].search(
            [("unit_id", "=", cls.unit_a.id), ("employee_id", "=", cls.cadre_a.id)])

    def activities(self, record, xmlid):
        return record.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))

    def fill(self, check, user, lines):
        with Form(check.with_user(user)) as form:
            for duty, point, category, level in lines:
                with form.line_ids.new() as line:
                    line.duty = duty
                    line.name = point
                    line.category = category
                    line.level = level
        return check

    def test_phase_two_creates_a_form_for_everyone_in_scope(self):
        checks = self.env["integrity.self.check"].search([("unit_id", "=", self.unit_a.id)])
        self.assertEqual(checks.employee_id, self.unit_a.scope_employee_ids)
        self.assertEqual(self.form.job_id, self.job_cashier)
        self.assertEqual(self.form.reviewer_id, self.head_a)
        self.assertEqual(self.form.state, "draft")
        leader_form = checks.filtered(lambda c: c.employee_id == self.head_a)
        self.assertEqual(leader_form.reviewer_id, self.supervisor, "the unit leader's form goes to the supervisor")
        # creating again adds only what is missing
        newcomer = self.env["hr.employee"].create({"name": "Newcomer", "department_id": self.dept_a.id})
        self.env["integrity.scope.exception"].with_user(self.office).create({
            "unit_id": self.unit_a.id, "employee_id": newcomer.id, "kind": "include", "reason": "Acting cashier"})
        self.unit_a.with_user(self.unit_a_user).action_create_self_checks()
        checks = self.env["integrity.self.check"].search([("unit_id", "=", self.unit_a.id)])
        self.assertEqual(len(checks), 4)
        self.assertEqual(checks.employee_id, self.unit_a.scope_employee_ids)

    def test_guidance_next_to_the_choice_edited_by_the_office(self):
        form = self.form.with_user(self.cadre)
        self.assertIn("三重一大", form.guidance, "the plan's hard criteria are explained")
        self.assertIn("Power exercise", form.guidance)
        guidance = self.env.ref("integrity_risk.guidance_level_low")
        with self.assertRaises(AccessError):
            guidance.with_user(self.cadre).write({"text": "Anything goes."})
        guidance.with_user(self.office).write({"text": "Open work, <b>little</b> impact."})
        form.invalidate_recordset(["guidance"])
        self.assertIn("Open work, &lt;b&gt;little&lt;/b&gt; impact.", form.guidance, "the office's text, escaped")

    def test_cadre_opens_their_form_ready(self):
        action = self.env["integrity.self.check"].with_user(self.cadre).action_open_mine()
        self.assertEqual(action["res_id"], self.form.id)
        self.assertEqual(action["views"], [(False, "form")])

    def test_round_trip_submit_return_resubmit_accept(self):
        self.fill(self.form, self.cadre, [
            ("Cash payments", "Pays out cash without a second signature", "power", "high"),
            ("Keeping accounts", "Receipts not numbered", "institution", "medium"),
        ])
        self.form.with_user(self.cadre).action_submit()
        self.assertEqual(self.form.state, "submitted")
        review = self.activities(self.form, REVIEW)
        self.assertEqual(review.user_id, self.leader_a_user)

        wizard = self.env["integrity.return.wizard"].with_user(self.leader_a_user).create({
            "self_check_id": self.form.id, "comment": "Add the risk of the safe keys.",
        })
        wizard.action_confirm()
        self.assertEqual(self.form.state, "returned")
        self.assertEqual(self.form.return_comment, "Add the risk of the safe keys.")
        self.assertFalse(self.activities(self.form, REVIEW), "the review activity is done")
        self.assertEqual(self.activities(self.form, REVISE).user_id, self.cadre)

        self.fill(self.form, self.cadre, [("Safe", "One person holds both safe keys", "power", "high")])
        self.form.with_user(self.cadre).action_submit()
        self.assertEqual(self.form.state, "submitted")
        self.assertFalse(self.activities(self.form, REVISE))
        self.assertFalse(self.form.return_comment)

        self.form.with_user(self.leader_a_user).action_accept()
        self.assertEqual(self.form.state, "accepted")
        self.assertFalse(self.activities(self.form, REVIEW))
        risks = self.form.line_ids.risk_ids
        self.assertEqual(len(risks), 3)
        self.assertEqual(set(risks.mapped("source")), {"self_check"})
        self.assertEqual(risks.unit_id, self.unit_a)
        self.assertEqual(risks.job_id, self.job_cashier)
        self.assertEqual(risks.employee_ids, self.cadre_a)
        keys = risks.filtered(lambda r: r.name == "One person holds both safe keys")
        self.assertEqual((keys.level, keys.category, keys.duty), ("high", "power", "Safe"))
        self.assertEqual(keys.self_check_line_id.self_check_id, self.form)
        # the cadre now reads the risk points they are responsible for
        self.assertEqual(self.env["integrity.risk"].with_user(self.cadre).search([]), risks)

    def test_bad_input_refused_and_nothing_changed(self):
        with self.assertRefused(UserError, "no risk control point"):
            self.form.with_user(self.cadre).action_submit()
        self.assertEqual(self.form.state, "draft")
        with self.assertRefused(ValidationError, "needs its risk control point"):
            self.env["integrity.self.check.line"].with_user(self.cadre).create({
                "self_check_id": self.form.id, "name": "  ", "category": "power", "level": "low"})
        self.env["integrity.self.check.line"].with_user(self.cadre).create({
            "self_check_id": self.form.id, "name": "Point without grading"})
        with self.assertRefused(UserError, "line 1 needs a category"):
            self.form.with_user(self.cadre).action_submit()
        self.form.line_ids.write({"category": "ideology", "level": "low"})
        self.form.with_user(self.cadre).action_submit()
        with self.assertRefused(UserError, "is not possible on .* now \\(Submitted\\)"):
            self.form.with_user(self.cadre).action_submit()
        with self.assertRefused(UserError, "Write a comment"):
            self.form.with_user(self.leader_a_user).action_return("  ")
        self.assertEqual(self.form.state, "submitted")
        self.form.with_user(self.leader_a_user).action_accept()
        with self.assertRefused(UserError, "Accept the self-check.* is not possible on .* now \\(Accepted\\)"):
            self.form.with_user(self.leader_a_user).action_accept()
        self.assertEqual(len(self.form.line_ids.risk_ids), 1)
        with self.assertRefused(UserError, "Return the self-check.* is not possible on .* now \\(Accepted\\)"):
            self.form.with_user(self.leader_a_user).action_return("Too late")
        self.assertEqual(self.form.state, "accepted")

    def test_state_changes_only_through_buttons(self):
        with self.assertRefused(UserError, "change only through the steps of the process"):
            self.form.with_user(self.cadre).write({"state": "accepted"})
        self.assertEqual(self.form.state, "draft")

    def test_rights_of_holder_reviewer_and_others(self):
        self.fill(self.form, self.cadre, [("Duty", "Point", "power", "low")])
        # the reviewer cannot edit the holder's draft nor accept it before submission
        with self.assertRaises(AccessError):
            self.form.with_user(self.leader_a_user).write({"date": "2013-01-01"})
        with self.assertRaises(UserError):
            self.form.with_user(self.leader_a_user).action_accept()
        # only the holder submits, only the reviewer accepts
        with self.assertRefused(UserError, "is for the post holder only"):
            self.form.with_user(self.leader_a_user).action_submit()
        self.form.with_user(self.cadre).action_submit()
        with self.assertRefused(UserError, "is for the reviewer only"):
            self.form.with_user(self.cadre).action_accept()
        with self.assertRefused(UserError, "is Submitted: its Self-Check Line no longer change"):
            self.form.line_ids.with_user(self.cadre).write({"name": "Changed after submitting"})
        self.assertEqual(self.form.line_ids.name, "Point")
        # another unit's working group neither sees nor touches it
        with self.assertRaises(AccessError):
            self.form.with_user(self.unit_b_user).read(["state"])
        self.assertFalse(self.env["integrity.self.check"].with_user(self.unit_b_user).search(
            [("unit_id", "=", self.unit_a.id)]))
        # unit A's liaison follows progress but does not review
        self.assertEqual(self.form.with_user(self.unit_a_user).state, "submitted")
        with self.assertRefused(UserError, "is for the reviewer only"):
            self.form.with_user(self.unit_a_user).action_accept()
        # the leading group reads, and writes nothing
        self.assertEqual(self.form.with_user(self.leader).line_count, 1)
        with self.assertRaises(AccessError):
            self.form.with_user(self.leader).write({"date": "2013-01-01"})
        # another cadre of the unit does not see it
        other = self.env["integrity.self.check"].search(
            [("unit_id", "=", self.unit_a.id), ("employee_id", "=", self.liaison_a.id)])
        with self.assertRaises(AccessError):
            other.with_user(self.cadre).read(["state"])
        # the office files packages; it does not review a person's form in the reviewer's place
        with self.assertRefused(UserError, "is for the reviewer only"):
            self.form.with_user(self.office).action_accept()
        self.form.with_user(self.leader_a_user).action_accept()
        self.assertEqual(self.form.state, "accepted")

    def test_holder_cannot_delete_a_submitted_form(self):
        self.fill(self.form, self.cadre, [("Duty", "Point", "power", "low")])
        self.form.with_user(self.cadre).action_submit()
        with self.assertRaises(AccessError):
            self.form.with_user(self.cadre).unlink()
        self.assertTrue(self.form.exists())

    def test_one_form_per_person_and_post(self):
        with self.assertRefused(ValidationError, "already has a self-check for post Cashier"):
            self.env["integrity.self.check"].with_user(self.office).create({
                "unit_id": self.unit_a.id, "employee_id": self.cadre_a.id, "job_id": self.job_cashier.id})
        with self.assertRaises(AccessError):  # forms are made for people, not by them
            self.env["integrity.self.check"].with_user(self.cadre).create({
                "unit_id": self.unit_a.id, "employee_id": self.cadre_a.id, "job_id": self.job_liaison.id})
        second_post = self.env["integrity.self.check"].with_user(self.office).create({
            "unit_id": self.unit_a.id, "employee_id": self.cadre_a.id, "job_id": self.job_liaison.id})
        self.assertEqual(second_post.reviewer_id, self.head_a)
