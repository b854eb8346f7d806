from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IntegrityCase


@tagged("post_install", "-at_install")
class TestSecurity(IntegrityCase):
    def test_office_manages_everything(self):
        campaign = self.env["integrity.campaign"].with_user(self.office).create({"name": "Office's", "year": 2031})
        unit = self.env["integrity.unit"].with_user(self.office).create({
            "campaign_id": campaign.id, "department_id": self.dept_a.id,
        })
        unit.write({"leader_id": self.head_a.id})
        campaign.phase_ids[0].deadline = "2030-12-30"
        self.assertEqual(unit.campaign_id, campaign)
        unit.unlink()
        campaign.unlink()
        self.assertFalse(campaign.exists())

    def test_unit_user_sees_and_edits_only_own_units(self):
        Unit = self.env["integrity.unit"].with_user(self.unit_a_user)
        self.assertEqual(Unit.search([]), self.unit_a)
        with self.assertRaises(AccessError):
            self.unit_b.with_user(self.unit_a_user).read(["name"])
        self.unit_a.with_user(self.unit_a_user).write({"member_ids": [Command.link(self.cadre_a.id)]})
        self.assertIn(self.cadre_a, self.unit_a.member_ids)
        with self.assertRaises(AccessError):
            self.unit_b.with_user(self.unit_a_user).write({"liaison_phone": "1"})
        with self.assertRaises(AccessError):
            Unit.create({"campaign_id": self.campaign.id, "department_id": self.env["hr.department"].create(
                {"name": "New"}).id})
        with self.assertRaises(AccessError):
            self.unit_a.with_user(self.unit_a_user).unlink()
        with self.assertRaises(UserError):
            self.unit_a.with_user(self.unit_a_user).write({"department_id": self.dept_b.id})
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.unit_a_user).write({"name": "Renamed"})
        self.assertEqual(self.campaign.name, "2013 campaign")

    def test_personnel_reads_campaign_and_own_unit_only(self):
        self.assertEqual(self.campaign.with_user(self.cadre).read(["name"])[0]["name"], "2013 campaign")
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.cadre).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["integrity.campaign"].with_user(self.cadre).create({"name": "Mine", "year": 2040})
        with self.assertRaises(AccessError):
            self.campaign.phase_ids[0].with_user(self.cadre).write({"deadline": "2012-12-01"})
        # in scope of unit A, so the cadre sees unit A but not unit B, and edits neither
        self.assertEqual(self.env["integrity.unit"].with_user(self.cadre).search([]), self.unit_a)
        with self.assertRaises(AccessError):
            self.unit_a.with_user(self.cadre).write({"liaison_phone": "1"})
        with self.assertRaises(AccessError):
            self.unit_a.with_user(self.cadre).action_report_list()
        self.assertFalse(self.unit_a.list_reported_date)

    def test_leading_group_reads_everything_writes_nothing(self):
        self.assertEqual(self.env["integrity.unit"].with_user(self.leader).search([]), self.unit_a | self.unit_b)
        self.assertTrue(self.campaign.with_user(self.leader).phase_ids)
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.leader).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.unit_b.with_user(self.leader).write({"liaison_phone": "1"})
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.leader).action_start()
        self.assertEqual(self.campaign.state, "draft")

    def test_other_company_is_invisible(self):
        other = self.env["res.company"].create({"name": "Other University"})
        self.office.write({"company_ids": [Command.link(other.id)]})
        foreign = self.env["integrity.campaign"].create({"name": "Foreign", "year": 2013, "company_id": other.id})
        visible = self.env["integrity.campaign"].with_user(self.office).with_context(
            allowed_company_ids=[self.company.id]).search([])
        self.assertNotIn(foreign, visible)
        self.assertIn(self.campaign, visible)

    def test_groups_are_chained(self):
        self.assertTrue(self.office.has_group("integrity_risk.group_unit"))
        self.assertTrue(self.office.has_group("integrity_risk.group_user"))
        self.assertTrue(self.leader.has_group("integrity_risk.group_user"))
        self.assertFalse(self.leader.has_group("integrity_risk.group_unit"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("integrity_risk.group_office"))
