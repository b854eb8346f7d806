"""Everyone is told and reminded: holders when their form opens and before the deadline, the leader and liaison with
one digest, measure owners before their deadline and when an inspection finds their measure lacking."""

from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from ..models import integrity_unit
from .common import IntegrityCase


@tagged("post_install", "-at_install")
class TestReminders(IntegrityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.action_start()
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        cls.checks = cls.env["integrity.self.check"].search([("unit_id", "=", cls.unit_a.id)])
        cls.deadline = cls.unit_a.current_deadline

    # each template's subject, as the tests recognise its mails
    SUBJECTS = {"mail_template_self_check_open": "self-check is open",
                "mail_template_self_check_reminder": "submit your post self-check by",
                "mail_template_self_check_missing": "self-checks not submitted",
                "mail_template_measure_reminder": "a control measure is due",
                "mail_template_finding_lacking": "found a measure lacking"}

    def mails(self, template, records):
        return self.env["mail.mail"].search([
            ("model", "=", records._name), ("res_id", "in", records.ids),
            ("subject", "ilike", self.SUBJECTS[template])])

    def run_cron(self, day):
        with freeze_time(day):
            self.env["integrity.campaign"]._cron_deadlines()

    def test_holders_are_told_when_their_form_opens(self):
        form = self.checks.filtered(lambda c: c.employee_id == self.cadre_a)
        fill = form.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("integrity_risk.mail_activity_type_self_check_fill"))
        self.assertEqual((fill.user_id, fill.date_deadline), (self.cadre, max(self.deadline, date.today())))
        self.assertEqual(len(self.mails("mail_template_self_check_open", self.checks)), 3, "one mail per holder")
        self.assertEqual(self.env["mail.mail"].search_count([
            ("model", "=", "integrity.self.check"), ("res_id", "in", self.checks.ids)]), 3,
            "and no second mail for the activity")
        self.assertIn(self.cadre.partner_id, self.mails("mail_template_self_check_open", form).recipient_ids)
        form.write({"line_ids": [Command.create({"name": "Cash alone", "category": "power", "level": "high"})]})
        form.with_user(self.cadre).action_submit()
        fill_type = self.env.ref("integrity_risk.mail_activity_type_self_check_fill")
        self.assertFalse(form.activity_ids.filtered(lambda a: a.activity_type_id == fill_type),
                         "submitting closes the holder's activity")

    def test_templates_speak_chinese_to_chinese_users(self):
        self.activate_chinese()
        self.cadre.lang = "zh_CN"
        form = self.checks.filtered(lambda c: c.employee_id == self.cadre_a)
        template = self.env.ref("integrity_risk.mail_template_self_check_reminder")
        rendered = template._generate_template([form.id], ["subject", "body_html"])[form.id]
        self.assertIn("请于", rendered["subject"])
        self.assertIn("同志", rendered["body_html"])
        self.assertIn("Cashier", rendered["body_html"])

    def test_reminders_before_the_deadline_once_and_a_digest_for_leader_and_liaison(self):
        form = self.checks.filtered(lambda c: c.employee_id == self.cadre_a)
        form.write({"line_ids": [Command.create({"name": "Cash alone", "category": "power", "level": "high"})]})
        form.with_user(self.cadre).action_submit()
        days = self.campaign.self_check_reminder_days
        self.run_cron(self.deadline - timedelta(days=days + 1))
        self.assertFalse(self.mails("mail_template_self_check_reminder", self.checks), "too early")
        self.run_cron(self.deadline - timedelta(days=days))
        reminded = self.mails("mail_template_self_check_reminder", self.checks)
        self.assertEqual(len(reminded), 2, "the two who have not submitted, not the cadre who has")
        digest = self.mails("mail_template_self_check_missing", self.unit_a)
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.recipient_ids, self.leader_a_user.partner_id | self.unit_a_user.partner_id)
        self.assertIn("Head A", digest.body_html)
        self.assertNotIn("Cadre A", digest.body_html)
        # the job runs again the same day and the next: nothing is sent twice
        self.run_cron(self.deadline - timedelta(days=days))
        self.run_cron(self.deadline - timedelta(days=days - 1))
        self.assertEqual(len(self.mails("mail_template_self_check_reminder", self.checks)), 2)
        self.assertEqual(len(self.mails("mail_template_self_check_missing", self.unit_a)), 1)

    def test_a_deadline_run_reminds_in_batches_and_reports_what_waits(self):
        """The scheduler commits between calls while forms wait (ir.cron progress); each form is reminded once."""
        day = self.deadline - timedelta(days=self.campaign.self_check_reminder_days)
        self.env.flush_all()
        rows = self.row_versions(self.checks, self.unit_a)
        reported = []
        for _call in range(4):
            with freeze_time(day):
                reported.append(self.unit_a._remind_self_checks(day, limit=2))
        self.assertEqual(reported, [(3, 1), (1, 0), (0, 0), (0, 0)],
                         "two forms and the digest, then the third form, then nothing")
        reminded = self.mails("mail_template_self_check_reminder", self.checks)
        self.assertEqual(len(reminded), 3)
        self.assertEqual(sorted(reminded.mapped("res_id")), sorted(self.checks.ids))
        sent = self.env["integrity.reminder"].search([("deadline", "=", self.deadline)])
        self.assertEqual(sent.self_check_id, self.checks)
        self.assertEqual(sent.unit_id, self.unit_a)
        self.env.flush_all()
        self.assertEqual(self.row_versions(self.checks, self.unit_a), rows,
                         "the job rewrote none of the forms their holders may be saving, nor the unit")

    def row_versions(self, *recordsets):
        """The physical version (ctid) of each record's row: any UPDATE of the row gives it a new one."""
        versions = {}
        for records in recordsets:
            self.env.cr.execute(SQL("SELECT id, ctid::text FROM %s WHERE id = ANY(%s)",
                                    SQL.identifier(records._table), records.ids))
            versions[records._name] = dict(self.env.cr.fetchall())
        return versions

    def test_the_daily_job_tells_the_scheduler_how_many_forms_wait(self):
        cron = self.env.ref("integrity_risk.ir_cron_deadlines")
        cron, progress = cron._add_progress()
        day = self.deadline - timedelta(days=self.campaign.self_check_reminder_days)
        with freeze_time(day), patch.object(integrity_unit, "REMINDER_BATCH", 2):
            cron.env["integrity.campaign"]._cron_deadlines()
        self.assertEqual((progress.done, progress.remaining), (3, 1))

    def test_measure_owners_reminded_and_told_of_findings(self):
        self.unit_a._as_process().write({"current_phase": "measures"})
        risk = self.env["integrity.risk"].create({
            "unit_id": self.unit_a.id, "job_id": self.job_cashier.id, "name": "Cash alone", "category": "power",
            "level": "high", "employee_ids": [Command.set(self.cadre_a.ids)]})
        deadline = self.campaign.phase_ids.filtered(lambda p: p.code == "measures").deadline
        measure = self.env["integrity.measure"].create({
            "risk_id": risk.id, "name": "Two signatures", "responsible_id": self.cadre_a.id, "deadline": deadline})
        days = self.campaign.measure_reminder_days
        self.run_cron(deadline - timedelta(days=days + 1))
        self.assertFalse(self.mails("mail_template_measure_reminder", measure))
        self.run_cron(deadline - timedelta(days=days))
        self.run_cron(deadline - timedelta(days=days))
        self.run_cron(deadline - timedelta(days=1))
        mails = self.mails("mail_template_measure_reminder", measure)
        self.assertEqual(len(mails), 1, "once per deadline")
        self.assertEqual(mails.recipient_ids, self.cadre.partner_id)
        # a postponed measure is a new deadline: its owner is reminded of it once more
        later = deadline + timedelta(days=30)
        measure.deadline = later
        self.run_cron(later - timedelta(days=days))
        self.run_cron(later - timedelta(days=days - 1))
        self.assertEqual(len(self.mails("mail_template_measure_reminder", measure)), 2)
        self.assertEqual(self.env["integrity.reminder"].search([("measure_id", "=", measure.id)]).mapped("deadline"),
                         [later, deadline])
        inspection = self.env["integrity.inspection"].with_user(self.unit_a_user).create({
            "unit_id": self.unit_a.id, "date": deadline + timedelta(days=30),
            "finding_ids": [Command.create({"measure_id": measure.id, "result": "ineffective",
                                            "action": "revise_measure",
                                            "remarks": "Signed by the same person twice."})]})
        inspection.action_done()
        told = self.mails("mail_template_finding_lacking", inspection.finding_ids)
        self.assertEqual(told.recipient_ids, self.cadre.partner_id)
        activity = measure.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("integrity_risk.mail_activity_type_finding"))
        self.assertEqual(activity.user_id, self.cadre)
        self.assertIn("Signed by the same person twice.", activity.note)
