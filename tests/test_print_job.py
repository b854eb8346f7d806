import io
import os
import unittest
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models import ir_actions_report
from .common import IntegrityCase


@tagged("post_install", "-at_install")
class TestBackgroundPrint(IntegrityCase):
    """Every unit's tables print in the background, under the requester's rights; only the requester is told."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activate_chinese()
        cls.other_office = new_test_user(cls.env, "ir_office_2", groups="integrity_risk.group_office",
                                         name="Second Office User")
        (cls.office | cls.other_office | cls.leader).lang = "zh_CN"  # the office works in Chinese
        cls.env["integrity.risk"].create({"unit_id": cls.unit_a.id, "job_id": cls.job_cashier.id,
                                          "name": "一人经手现金", "category": "power", "level": "high"})

    def run_server_action(self, xmlid, user):
        action = self.env.ref(xmlid).with_user(user).with_context(
            active_model="integrity.campaign", active_ids=self.campaign.ids, active_id=self.campaign.id)
        return action.run()

    def queue_and_print(self, xmlid, user=None):
        result = self.run_server_action(xmlid, user or self.office)
        self.assertEqual(result["tag"], "display_notification")
        job = self.env["integrity.print.job"].search([], limit=1)
        self.assertEqual((job.state, job.user_id), ("queued", user or self.office))
        self.env["integrity.print.job"]._cron_print()
        return job

    def test_office_prints_every_unit_in_the_background(self):
        bus_before = self.env["bus.bus"].search([]).ids
        job = self.queue_and_print("integrity_risk.action_print_campaign_annex_3_xlsx")
        self.assertEqual((job.state, job.progress), ("done", 100))
        self.assertEqual(job.attachment_id.name, "附表3-全校（2个单位）.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(job.attachment_id.raw))
        self.assertEqual(book.sheetnames, ["汇总", "Finance Office"])

        # the requester alone: one inbox notification with the file, one notification on the screen
        message = self.env["mail.message"].search([("model", "=", job._name), ("res_id", "=", job.id)])
        self.assertEqual(len(message), 1)
        self.assertEqual(message.notification_ids.res_partner_id, self.office.partner_id)
        self.assertFalse(message.attachment_ids, "the file stays in Odoo: never a mail attachment")
        self.assertIn("后台打印", message.body)
        self.env.cr.precommit.run()  # the bus keeps its notifications until the transaction commits
        sent = self.env["bus.bus"].search([("id", "not in", bus_before)])
        self.assertTrue(sent)
        self.assertEqual({bus.channel for bus in sent}, {f'["{self.env.cr.dbname}","res.partner",'
                                                         f'{self.office.partner_id.id}]'})
        self.assertNotIn(self.other_office.partner_id, message.partner_ids | message.notification_ids.res_partner_id)

        # the job and its file are the requester's own
        self.assertEqual(job.with_user(self.office).action_download()["url"],
                         f"/web/content/{job.attachment_id.id}?download=true")
        self.assertFalse(self.env["integrity.print.job"].with_user(self.other_office).search([]))
        with self.assertRaises(AccessError):
            job.with_user(self.other_office).read(["name"])
        with self.assertRaises(AccessError):
            job.attachment_id.with_user(self.other_office).read(["raw"])
        with self.assertRaises(AccessError):
            job.with_user(self.office).write({"state": "queued"})

    def test_a_print_whose_worker_stopped_is_reported(self):
        self.run_server_action("integrity_risk.action_print_campaign_annex_3_xlsx", self.office)
        job = self.env["integrity.print.job"].search([])
        job.state = "running"
        self.env["integrity.print.job"]._cron_print()
        self.assertEqual(job.state, "running", "still printing")
        self.env.cr.execute("UPDATE integrity_print_job SET write_date = now() - interval '3 hours' WHERE id = %s",
                            [job.id])
        job.invalidate_recordset()
        self.env["integrity.print.job"]._cron_print()
        self.assertEqual(job.state, "failed")
        self.assertIn("中断", job.error)

    def test_old_prints_go_after_a_month(self):
        job = self.queue_and_print("integrity_risk.action_print_campaign_annex_3_xlsx")
        attachment = job.attachment_id
        self.env["integrity.print.job"]._gc_old_prints()
        self.assertTrue(job.exists())
        self.env.cr.execute("UPDATE integrity_print_job SET create_date = now() - interval '31 days' WHERE id = %s",
                            [job.id])
        job.invalidate_recordset()
        self.env["integrity.print.job"]._gc_old_prints()
        self.assertFalse(job.exists())
        self.assertFalse(attachment.exists())

    def test_only_who_may_print_every_unit_can_queue_it(self):
        with self.assertRaises(AccessError):
            self.run_server_action("integrity_risk.action_print_campaign_annex_3", self.unit_a_user)
        Job = self.env["integrity.print.job"]
        report = self.env.ref("integrity_risk.action_report_campaign_annex_3")
        with self.assertRefused(AccessError, "You may not print Annex 3 of Every Unit|您不能打印"):
            Job.with_user(self.unit_a_user).queue(report, self.campaign)
        with self.assertRaises(AccessError):
            Job.with_user(self.unit_a_user).create({"name": "x", "report_id": report.id,
                                                    "res_ids": self.campaign.ids})
        self.assertFalse(Job.search([]))

    def test_a_print_refused_when_it_runs_tells_the_requester(self):
        job = self.env["integrity.print.job"].with_user(self.leader).queue(
            self.env.ref("integrity_risk.action_xlsx_campaign_annex_4"), self.campaign)
        job = self.env["integrity.print.job"].search([])
        self.leader.groups_id -= self.env.ref("integrity_risk.group_leader")  # left the leading group meanwhile
        self.env["integrity.print.job"]._cron_print()
        self.assertEqual(job.state, "failed")
        self.assertFalse(job.attachment_id)
        self.assertIn("只有领导小组办公室和领导小组", job.error)
        message = self.env["mail.message"].search([("model", "=", job._name), ("res_id", "=", job.id)])
        self.assertEqual(message.notification_ids.res_partner_id, self.leader.partner_id)

    @unittest.skipUnless(os.environ.get("INTEGRITY_RISK_PDF") == "1", "wkhtmltopdf or a Chinese font is missing")
    def test_pdf_in_the_background_shows_its_progress(self):
        self.env["integrity.risk"].create({"unit_id": self.unit_b.id, "job_id": self.job_head.id,
                                          "name": "审计报告被干预", "category": "power", "level": "high"})
        Job = self.env.registry["integrity.print.job"]
        seen = []
        set_progress = Job._set_progress

        def record(job, done, total):
            seen.append((done, total))
            return set_progress(job, done, total)

        # a unit per wkhtmltopdf run, so that the print has parts to report
        with patch.object(ir_actions_report, "CHUNK_RISK_POINTS", 1), patch.object(Job, "_set_progress", record):
            job = self.queue_and_print("integrity_risk.action_print_campaign_annex_3")
        self.assertEqual(job.state, "done", job.error)
        self.assertEqual(seen, [(0, 2), (1, 2)])
        self.assertEqual(job.progress, 100)
        self.assertEqual(job.attachment_id.name, "附表3-全校（2个单位）.pdf")
        self.assertTrue(job.attachment_id.raw.startswith(b"%PDF"))
