from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import IntegrityCase


@tagged("post_install", "-at_install")
class TestCampaign(IntegrityCase):
    def test_new_campaign_gets_the_plans_four_phases(self):
        campaign = self.env["integrity.campaign"].with_user(self.office).create({"name": "2020", "year": 2020})
        self.assertEqual(
            [(p.code, p.deadline) for p in campaign.phase_ids],
            [
                ("kickoff", date(2019, 12, 31)),
                ("identification", date(2020, 4, 10)),
                ("measures", date(2020, 7, 10)),
                ("inspection", date(2020, 12, 10)),
            ],
        )
        self.assertEqual(campaign.state, "draft")
        self.assertEqual(campaign.company_id, self.company)

    def test_deadlines_must_not_go_backwards(self):
        measures = self.campaign.phase_ids.filtered(lambda p: p.code == "measures")
        with self.assertRefused(ValidationError, "must not go backwards"):
            measures.write({"deadline": date(2013, 3, 1)})
        measures.invalidate_recordset()
        self.assertEqual(measures.deadline, date(2013, 7, 10))
        # the same day as the previous phase is allowed
        measures.write({"deadline": date(2013, 4, 10)})
        self.assertEqual(measures.deadline, date(2013, 4, 10))

    def test_phase_template_refuses_impossible_day(self):
        template = self.env.ref("integrity_risk.phase_template_measures")
        with self.assertRaises(ValidationError):
            template.write({"deadline_month": 2, "deadline_day": 30})
        template.invalidate_recordset()
        self.assertEqual((template.deadline_month, template.deadline_day), (7, 10))

    def test_state_buttons_check_the_state(self):
        empty = self.env["integrity.campaign"].create({"name": "Empty", "year": 2030})
        with self.assertRefused(UserError, "participating units"):
            empty.action_start()
        self.assertEqual(empty.state, "draft")
        with self.assertRaises(UserError):
            self.campaign.action_close()
        self.campaign.with_user(self.office).action_start()
        self.assertEqual(self.campaign.state, "running")
        with self.assertRaises(UserError):
            self.campaign.action_start()
        self.campaign.with_user(self.office).action_close()
        self.assertEqual(self.campaign.state, "closed")
        with self.assertRaises(UserError):
            self.campaign.action_reset_to_draft()
        with self.assertRefused(UserError, "draft campaign"):
            self.campaign.unlink()
        self.assertTrue(self.campaign.exists())

    def test_copy_to_next_year(self):
        self.unit_a.member_ids = self.cadre_a
        self.campaign.leading_member_ids = [Command.create({"employee_id": self.head_a.id, "role": "head"})]
        self.campaign.action_start()
        action = self.campaign.with_user(self.office).action_copy_next_year()
        new = self.env["integrity.campaign"].browse(action["res_id"])
        self.assertEqual(new.year, 2014)
        self.assertEqual(new.name, "2014 campaign")
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.previous_campaign_id, self.campaign)
        self.assertEqual(self.campaign.next_campaign_id, new)
        self.assertEqual(
            [(p.code, p.deadline) for p in new.phase_ids],
            [
                ("kickoff", date(2013, 12, 31)),
                ("identification", date(2014, 4, 10)),
                ("measures", date(2014, 7, 10)),
                ("inspection", date(2014, 12, 10)),
            ],
        )
        self.assertEqual(new.leading_member_ids.employee_id, self.head_a)
        new_a = new.unit_ids.filtered(lambda u: u.department_id == self.dept_a)
        self.assertEqual(len(new.unit_ids), 2)
        self.assertEqual(new_a.leader_id, self.head_a)
        self.assertEqual(new_a.liaison_id, self.liaison_a)
        self.assertEqual(new_a.member_ids, self.cadre_a)
        self.assertEqual(new_a.current_phase, "kickoff")
        self.assertFalse(new_a.list_reported_date)
        with self.assertRefused(UserError, "already continues"):
            self.campaign.action_copy_next_year()
        successors = self.env["integrity.campaign"].search([("previous_campaign_id", "=", self.campaign.id)])
        self.assertEqual(successors, new)
