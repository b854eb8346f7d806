from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IntegrityCase


@tagged("post_install", "-at_install")
class TestUnitReview(IntegrityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        cls.checks = cls.env["integrity.self.check"].search([("unit_id", "=", cls.unit_a.id)])
        cls.Risk = cls.env["integrity.risk"].with_user(cls.unit_a_user)

    def accept_all(self):
        for check in self.checks.filtered(lambda c: c.state != "accepted"):
            check.line_ids = [Command.create({"name": f"Point of {check.employee_id.name}", "category": "power",
                                      "level": "low"})]
            check.action_submit()
            check.action_accept()

    def problems(self):
        self.unit_a.invalidate_recordset(["review_problems", "review_problem_count"])
        return self.unit_a.with_user(self.unit_a_user).review_problems or ""

    def test_each_gap_is_listed_and_blocks_completion(self):
        problems = self.problems()
        for person in ("Head A", "Liaison A", "Cadre A"):
            self.assertIn(f"{person} has no accepted self-check.", problems)
        for post in ("Head of Office", "Section Chief", "Cashier"):
            self.assertIn(f"Post {post} has no risk point.", problems)
        with self.assertRefused(UserError, "Complete the unit review .* is not possible yet"):
            self.unit_a.with_user(self.unit_a_user).action_complete_review()
        self.assertFalse(self.unit_a.review_done)

        self.accept_all()
        self.assertEqual(self.problems(), "")
        self.assertEqual(self.unit_a.review_problem_count, 0)

        uncategorised = self.Risk.create({"unit_id": self.unit_a.id, "job_id": self.job_cashier.id,
                                          "name": "Signs for absent colleagues", "source": "unit_discussion"})
        self.assertIn("“Signs for absent colleagues” has no category.", self.problems())
        self.assertIn("“Signs for absent colleagues” has no final level.", self.problems())
        uncategorised.write({"category": "ideology", "level": "low"})

        duplicate = self.Risk.create({"unit_id": self.unit_a.id, "job_id": self.job_cashier.id,
                                      "name": "Signs  for absent\ncolleagues", "category": "power", "level": "low"})
        self.assertIn("appears twice for post Cashier", self.problems())
        duplicate.unlink()

        forced = self.Risk.create({"unit_id": self.unit_a.id, "job_id": self.job_head.id, "name": "Approves purchases",
                                   "category": "power", "level": "low", "major_matter": False})
        self.campaign.grading_config_id.past_problem_forces_high = True
        forced.past_problem = True  # the post had a case before: the rules now force high
        self.assertIn("“Approves purchases” is flagged as high by the grading rules", self.problems())
        forced.level_reason = "The purchases are all below the tender limit."
        self.assertEqual(self.problems(), "")

        self.unit_a.with_user(self.unit_a_user).action_complete_review()
        self.assertTrue(self.unit_a.review_done)
        self.assertTrue(self.unit_a.review_date)
        self.assertEqual(set(self.unit_a.risk_ids.mapped("state")), {"confirmed"})
        with self.assertRefused(UserError, "has already been done on"):
            self.unit_a.with_user(self.unit_a_user).action_complete_review()

    def test_graded_below_suggestion_without_reason(self):
        self.accept_all()
        risk = self.unit_a.risk_ids[0]
        risk.write({"importance": "5", "frequency": "5", "discretion": "5", "probability": "5", "harm": "5",
                    "level": "high"})
        self.campaign.grading_config_id.high_threshold = 5.0
        self.campaign.grading_config_id.high_threshold = 3.5
        risk.sudo().write({"level": "high"})
        self.assertEqual(self.problems(), "")
        # rules change after grading: the point is now below its suggestion
        risk.write({"importance": "1", "frequency": "1", "discretion": "1", "probability": "1", "harm": "1",
                    "level": "low"})
        self.campaign.grading_config_id.write({"medium_threshold": 1.0, "high_threshold": 1.0})
        self.assertIn("is graded below its suggested level without a reason", self.problems())

    def test_rights(self):
        self.accept_all()
        with self.assertRaises(AccessError):
            self.unit_a.with_user(self.unit_b_user).action_complete_review()
        with self.assertRaises(AccessError):
            self.unit_a.with_user(self.cadre).action_complete_review()
        with self.assertRaises(AccessError):
            self.unit_a.with_user(self.leader).action_complete_review()
        self.assertFalse(self.unit_a.review_done)
        with self.assertRaises(UserError):
            self.unit_a.with_user(self.unit_a_user).write({"review_done": True})
        self.unit_a.with_user(self.leader_a_user).action_complete_review()
        with self.assertRefused(UserError, "for the leading group's office only"):
            self.unit_a.with_user(self.unit_a_user).action_reopen_review()
        self.unit_a.with_user(self.office).action_reopen_review()
        self.assertFalse(self.unit_a.review_done)
        # the office sees each unit's state
        done = self.env["integrity.unit"].with_user(self.office).search([("review_done", "=", False)])
        self.assertEqual(done, self.unit_a | self.unit_b)

    def test_unit_discussion_and_register_rights(self):
        risk = self.Risk.create({"unit_id": self.unit_a.id, "job_id": self.job_head.id, "source": "unit_discussion",
                                 "name": "Decides alone on equipment purchases", "category": "power"})
        self.assertEqual(risk.source, "unit_discussion")
        attachment = self.env["ir.attachment"].create({"name": "职权目录.pdf", "raw": b"%PDF-1.4",
                                                       "res_model": "integrity.unit", "res_id": self.unit_a.id})
        self.unit_a.with_user(self.unit_a_user).power_catalogue_ids = attachment
        self.assertEqual(self.unit_a.power_catalogue_ids, attachment)
        with self.assertRaises(AccessError):
            self.env["integrity.risk"].with_user(self.unit_b_user).create({
                "unit_id": self.unit_a.id, "job_id": self.job_head.id, "name": "Intrusion"})
        with self.assertRaises(AccessError):
            risk.with_user(self.unit_b_user).read(["name"])
        with self.assertRaises(AccessError):
            risk.with_user(self.cadre).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            risk.with_user(self.leader).write({"name": "Changed"})
        self.assertEqual(risk.with_user(self.leader).name, "Decides alone on equipment purchases")
        self.assertEqual(risk.with_user(self.office).name, "Decides alone on equipment purchases")
