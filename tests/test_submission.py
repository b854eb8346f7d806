import hashlib
import io
from datetime import date

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import IntegrityCase


class PackageCase(IntegrityCase):
    """Unit A in phase 2 with two reviewed risk points, and its annex 2 + 3 package being prepared."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2012-12-20"):
            cls.start_identification(cls.unit_a, cls.unit_a_user)
        Risk = cls.env["integrity.risk"]
        cls.risk = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_cashier.id, "name": "Cash alone",
                                "category": "power", "level": "high", "major_matter": True,
                                "employee_ids": [Command.set(cls.cadre_a.ids)]})
        cls.other_risk = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_head.id, "name": "Approves alone",
                                      "category": "power", "level": "medium"})
        cls.unit_a._as_process().write({"review_done": True, "review_date": date(2013, 3, 1)})
        cls.package = cls.unit_a._submission_for("identification").with_user(cls.unit_a_user)

    def publicise(self, start="2013-03-02", end="2013-03-08"):
        with freeze_time(start):
            self.package.write({"publicity_start": start, "publicity_end": end, "publicity_place": "Notice board"})
            self.package.action_start_publicity()

    def submit(self, day="2013-03-10"):
        with freeze_time(day):
            self.package.action_submit()


@tagged("post_install", "-at_install")
class TestPublicity(PackageCase):
    def test_publicity_needs_dates_place_and_a_reviewed_register(self):
        with self.assertRefused(UserError, "start and end dates"):
            self.package.action_start_publicity()
        self.unit_a._as_process().write({"review_done": False})
        self.package.write({"publicity_start": "2013-03-02", "publicity_end": "2013-03-08",
                            "publicity_place": "Notice board"})
        with freeze_time("2013-03-02"), self.assertRefused(UserError, "unit review is not complete"):
            self.package.action_start_publicity()
        self.unit_a._as_process().write({"review_done": True})
        with freeze_time("2013-03-02"), self.assertRefused(UserError, "cannot end before it starts"):
            self.package.write({"publicity_end": "2013-03-01"})
            self.package.action_start_publicity()
        self.assertEqual(self.package.state, "draft")
        self.publicise()
        self.assertEqual(self.package.state, "publicity")
        self.assertEqual(len(self.package.publicity_snapshot_ids), 7,
                         "annex 1, annex 2 and annex 3 as PDF and as Excel, and the publicity notice")

    def test_no_submission_before_publicity_or_during_it(self):
        with freeze_time("2013-03-01"), self.assertRefused(UserError, "must be publicised in the unit first"):
            self.package.action_submit()
        self.publicise()
        with freeze_time("2013-03-08"), self.assertRefused(UserError, "publicity period runs until 2013-03-08"):
            self.package.action_submit()
        self.assertEqual(self.package.state, "publicity")
        self.assertFalse(self.package.round_ids)
        self.submit("2013-03-09")
        self.assertEqual(self.package.state, "submitted")

    def test_notice_reaches_the_whole_department_and_objections_received_on_paper(self):
        clerk = self.env["hr.employee"].create({"name": "Clerk Out Of Scope", "department_id": self.dept_a.id,
                                                "work_email": "clerk@example.edu"})
        self.assertNotIn(clerk, self.unit_a.scope_employee_ids)
        self.publicise()
        mails = self.env["mail.mail"].search([("model", "=", "integrity.submission"),
                                              ("res_id", "=", self.package.id)])
        staff = self.env["hr.employee"].search([("department_id", "=", self.dept_a.id), ("work_email", "!=", False)])
        self.assertIn(clerk, staff)
        self.assertEqual(sorted(mails.mapped("email_to")), sorted(staff.mapped("work_email")),
                         "every employee of the department with a work e-mail, in scope or not")
        self.assertEqual(self.package.notice_sent_count, len(staff))
        self.assertTrue(all(mail.attachment_ids for mail in mails), "the notice goes with the mail")
        notice = self.env["ir.actions.report"].with_user(self.unit_a_user)._render_qweb_html(
            "integrity_risk.report_publicity_notice", self.package.ids)[0].decode()
        for text in ("Finance Office", "3/2/2013", "3/8/2013", "Notice board", "Liaison A", "13800000001",
                     "Anonymous objections are accepted"):
            self.assertIn(text, notice)
        # the liaison records an objection received by phone, anonymously; a cadre may not record for others
        Objection = self.env["integrity.objection"]
        objection = Objection.with_user(self.unit_a_user).create({
            "submission_id": self.package.id, "received_via": "phone", "text": "The cashier works alone at night."})
        self.assertEqual((objection.objector, objection.author_id), ("Anonymous", self.unit_a_user))
        named = Objection.with_user(self.unit_a_user).create({
            "submission_id": self.package.id, "received_via": "paper", "objector_name": "Teacher Li",
            "text": "The safe keys are missing."})
        self.assertEqual(named.objector, "Teacher Li")
        with self.assertRefused(AccessError, "on the objector's behalf"):
            Objection.with_user(self.cadre).create({"submission_id": self.package.id, "received_via": "paper",
                                                    "text": "Forged on behalf of someone."})
        with self.assertRefused(AccessError, "on the objector's behalf"):  # through the client's context
            Objection.with_user(self.cadre).with_context(default_received_via="phone").create(
                {"submission_id": self.package.id, "text": "Forged through a default."})
        with self.assertRefused(AccessError, "how an objection was handled"):
            Objection.with_user(self.cadre).create({"submission_id": self.package.id, "text": "Mine",
                                                    "handling": "Handled: rejected by the working group"})
        with self.assertRefused(UserError, "how an objection recorded on someone's behalf was received"):
            Objection.with_user(self.unit_a_user).create({"submission_id": self.package.id,
                                                          "objector_name": "Teacher Li", "text": "No channel."})
        self.assertTrue(self.package.with_user(self.unit_a_user).can_record_objection)
        self.assertFalse(self.package.with_user(self.cadre).can_record_objection)
        with self.assertRaises(UserError):  # who raised it is recorded once
            named.with_user(self.unit_a_user).write({"objector_name": "Someone else"})
        self.assertEqual(named.objector_name, "Teacher Li")

    def test_objections_of_the_unit_must_be_handled(self):
        self.publicise()
        objection = self.env["integrity.objection"].with_user(self.cadre).create({
            "submission_id": self.package.id, "text": "The safe keys are missing."})
        self.assertEqual(objection.state, "open")
        # the people of the unit see the package in publicity; another unit's people do not
        self.assertEqual(self.package.with_user(self.cadre).state, "publicity")
        with self.assertRaises(AccessError):
            self.package.with_user(self.unit_b_user).read(["state"])
        with self.assertRaises(AccessError):
            self.env["integrity.objection"].with_user(self.unit_b_user).create({
                "submission_id": self.package.id, "text": "Intrusion"})
        with freeze_time("2013-03-10"), self.assertRefused(UserError, "1 objections or remarks are not handled"):
            self.package.action_submit()
        with self.assertRefused(UserError, "write how the objection was handled"):
            objection.with_user(self.unit_a_user).action_handle()
        with self.assertRaises(AccessError):
            objection.with_user(self.cadre).action_handle()
        objection.with_user(self.unit_a_user).write({"handling": "Added the safe keys as a risk point."})
        objection.with_user(self.unit_a_user).action_handle()
        self.assertEqual((objection.state, objection.handled_by_id), ("handled", self.unit_a_user))
        self.submit()
        self.assertEqual(self.package.state, "submitted")
        with self.assertRefused(UserError, "while the package is in publicity"):
            self.env["integrity.objection"].create({"submission_id": self.package.id, "text": "Too late"})


@tagged("post_install", "-at_install")
class TestFreezeAndFiling(PackageCase):
    def test_submission_freezes_files_and_risk_points(self):
        self.publicise()
        self.submit()
        round_ = self.package.round_ids
        self.assertEqual((round_.number, round_.submitted_by_id), (1, self.unit_a_user))
        self.assertEqual(round_.file_ids.mapped("kind"),
                         ["annex_1", "annex_2", "annex_3", "annex_1_xlsx", "annex_2_xlsx", "annex_3_xlsx"])
        for frozen in round_.file_ids:
            self.assertEqual(hashlib.sha256(frozen.attachment_id.raw).hexdigest(), frozen.sha256)
        self.assertTrue(round_.files_intact)
        workbook = round_.file_ids.filtered(lambda f: f.kind == "annex_3_xlsx")
        self.assertIn(workbook.name, ("Annex 3 - Finance Office.xlsx", "附表3-Finance Office.xlsx"))
        self.assertEqual(load_workbook(io.BytesIO(workbook.attachment_id.raw)).sheetnames, ["Finance Office"])
        self.assertEqual(self.package.risk_ids, self.risk | self.other_risk)
        self.assertTrue(self.risk.frozen)
        with self.assertRefused(UserError, "which the office is reviewing"):
            self.risk.with_user(self.unit_a_user).write({"level": "low", "level_reason": "x"})
        with self.assertRefused(UserError, "add risk points through an adjustment"):
            self.env["integrity.risk"].with_user(self.unit_a_user).create({
                "unit_id": self.unit_a.id, "job_id": self.job_head.id, "name": "Late addition"})
        with self.assertRefused(UserError, "which the office is reviewing"):
            self.other_risk.unlink()
        self.risk.invalidate_recordset()
        self.assertEqual(self.risk.level, "high")
        # a frozen file changed behind Odoo's back (in the filestore) is detected and reported to the office
        attachment = round_.file_ids[0].attachment_id.sudo()
        with open(attachment._full_path(attachment.store_fname), "wb") as stored:
            stored.write(b"changed")
        self.assertTrue(round_.files_intact, "as of the last verification")
        result = self.package.with_user(self.office).action_verify_files()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertFalse(round_.file_ids[0].intact)
        self.assertFalse(round_.files_intact)
        tamper = self.package.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("integrity_risk.mail_activity_type_tamper"))
        self.assertIn(self.office, tamper.user_id)
        self.env["integrity.submission.file"]._cron_verify()  # the daily job reports a change once
        self.assertEqual(len(self.package.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("integrity_risk.mail_activity_type_tamper"))), len(tamper))
        self.package.with_user(self.leader).action_approve()
        with self.assertRefused(UserError, "no longer matches its checksum"):
            self.package.with_user(self.office).action_file("Looks fine.")
        self.assertEqual(self.package.state, "approved")

    def test_a_round_submitted_before_the_excel_annexes_can_be_filed(self):
        """Rounds submitted by an earlier version hold one workbook instead of an Excel file per annex."""
        self.publicise()
        self.submit()
        files = self.package.round_ids.file_ids
        excel = files.filtered(lambda file: file.kind.endswith("_xlsx"))
        self.env.cr.execute("DELETE FROM integrity_submission_file WHERE id IN %s", [tuple(excel[1:].ids)])
        self.env.cr.execute("UPDATE integrity_submission_file SET kind = 'workbook' WHERE id = %s", [excel[0].id])
        self.env.invalidate_all()
        self.package.with_user(self.leader).action_approve()
        self.assertEqual(self.package._filing_problems(), [])
        self.env.cr.execute("DELETE FROM integrity_submission_file WHERE id = %s", [excel[0].id])
        self.env.invalidate_all()
        self.assertEqual(len(self.package._filing_problems()), 3, "without the workbook, each Excel file is missing")

    def test_return_fix_resubmit_and_file(self):
        self.publicise()
        self.submit()
        with self.assertRefused(UserError, "Write what the working group has to fix"):
            self.package.with_user(self.office).action_return("  ")
        self.assertEqual(self.package.state, "submitted")
        action = self.package.with_user(self.office).with_context(decision="return").action_open_decision_wizard()
        wizard = self.env[action["res_model"]].with_user(self.office).with_context(**action["context"]).create({
            "comment": "Grade the approvals higher."})
        wizard.action_confirm()
        self.assertEqual(self.package.state, "returned")
        self.assertEqual((self.package.round_ids.decision, self.package.round_ids.comment),
                         ("returned", "Grade the approvals higher."))
        fix = self.package.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("integrity_risk.mail_activity_type_submission_fix"))
        self.assertEqual(fix.user_id, self.unit_a_user)
        self.assertFalse(self.risk.frozen, "a returned package unlocks its risk points")
        self.other_risk.with_user(self.unit_a_user).write({"level": "high"})

        self.submit("2013-03-12")
        self.assertEqual(self.package.state, "submitted")
        self.assertEqual(self.package.round_ids.mapped("number"), [2, 1])
        self.approve_and_file(self.package)
        self.assertEqual(self.package.state, "filed")
        self.assertEqual(self.package.round_ids[0].decision, "filed")
        self.assertEqual(self.package.round_ids[1].comment, "Grade the approvals higher.", "every round is kept")
        self.assertEqual(self.unit_a.current_phase, "measures", "filing completes the phase")
        with self.assertRefused(UserError, "File the package.* is not possible on .* now \\(Filed\\)"):
            self.package.with_user(self.office).action_file("Complete; filed.")
        with self.assertRefused(UserError, "filed with the office: change it through an adjustment"):
            self.risk.with_user(self.unit_a_user).write({"name": "Changed"})

    def test_rights(self):
        self.publicise()
        with self.assertRaises(AccessError):
            self.package.with_user(self.cadre).action_submit()
        with self.assertRaises(AccessError):
            self.package.with_user(self.unit_b_user).action_submit()
        self.submit()
        for user in (self.unit_a_user, self.leader_a_user, self.leader, self.cadre):
            with self.assertRaises(AccessError):
                self.package.with_user(user).action_file("Complete; filed.")
            with self.assertRaises(AccessError):
                self.package.with_user(user).action_return("No")
        self.assertEqual(self.package.state, "submitted")
        self.assertEqual(self.package.with_user(self.leader).round_count, 1)
        with self.assertRaises(UserError):
            self.package.round_ids.with_user(self.unit_a_user).write({"comment": "self-approved"})
        with self.assertRaises(UserError):
            self.package.round_ids.file_ids.attachment_id.with_user(self.unit_a_user).unlink()

    def test_filed_package_never_deleted_archived_by_office_only(self):
        self.publicise()
        self.submit()
        self.approve_and_file(self.package)
        with self.assertRefused(UserError, "never deleted"):
            self.package.sudo().unlink()
        with self.assertRaises(AccessError):
            self.package.with_user(self.unit_a_user).write({"active": False})
        self.package.with_user(self.office).write({"active": False})
        self.assertFalse(self.package.active)

    def test_empty_package_refused(self):
        self.risk.unlink()
        self.other_risk.unlink()
        with freeze_time("2013-03-02"):
            self.package.write({"publicity_start": "2013-03-02", "publicity_end": "2013-03-08",
                                "publicity_place": "Notice board"})
            with self.assertRefused(UserError, "the unit has no risk point"):
                self.package.action_start_publicity()
        self.assertEqual(self.package.state, "draft")
        self.assertFalse(self.package.publicity_snapshot_ids)


@tagged("post_install", "-at_install")
class TestSupervisorSignOff(PackageCase):
    """分管校领导审核: unit submits, the supervising leader approves or returns, the office files or returns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vp_user = cls.env["res.users"].create({
            "name": "Vice President Wang", "login": "ir_vp_wang",
            "groups_id": [Command.set(cls.env.ref("integrity_risk.group_user").ids)]})
        cls.vp = cls.env["hr.employee"].create({"name": "Vice President Wang", "user_id": cls.vp_user.id,
                                                "cadre_rank": "bureau"})
        cls.unit_a.with_user(cls.office).supervisor_id = cls.vp

    def approval_activity(self):
        return self.package.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("integrity_risk.mail_activity_type_submission_approval"))

    def test_three_steps_with_returns(self):
        self.assertTrue(self.vp_user.has_group("integrity_risk.group_supervisor"),
                        "naming the supervising leader gives the supervisor's menus")
        self.publicise()
        self.submit()
        self.assertEqual(self.approval_activity().user_id, self.vp_user)
        as_vp = self.package.with_user(self.vp_user)
        # the supervising leader reads what they approve, and no other unit's package
        self.assertEqual(as_vp.round_count, 1)
        self.assertEqual(self.risk.with_user(self.vp_user).name, "Cash alone")
        with self.assertRaises(AccessError):
            self.unit_b._submission_for("identification").with_user(self.vp_user).read(["state"])
        to_approve = self.env["ir.actions.act_window"]._for_xml_id(
            "integrity_risk.integrity_submission_action_to_approve")
        domain = safe_eval(to_approve["domain"], {"uid": self.vp_user.id})
        self.assertEqual(self.env["integrity.submission"].with_user(self.vp_user).search(
            [*domain, ("state", "=", "submitted")]), self.package)
        self.assertTrue(as_vp.can_approve and as_vp.can_reject)
        self.assertFalse(self.package.with_user(self.office).can_file, "the office waits for the approval")
        # nobody else approves, and the office does not file before the approval
        for user in (self.office, self.unit_a_user, self.leader_a_user, self.cadre):
            with self.assertRaises(AccessError):
                self.package.with_user(user).action_approve()
        with self.assertRefused(UserError, "has not approved it yet"):
            self.package.with_user(self.office).action_file("Complete.")
        # a return with a comment goes back to the working group
        with self.assertRefused(UserError, "Write what the working group has to fix"):
            as_vp.action_reject(" ")
        action = as_vp.with_context(decision="reject").action_open_decision_wizard()
        self.env[action["res_model"]].with_user(self.vp_user).with_context(**action["context"]).create({
            "comment": "Grade the approvals higher."}).action_confirm()
        self.assertEqual(self.package.state, "returned")
        self.assertEqual((self.package.round_ids.decision, self.package.round_ids.decided_by_id),
                         ("returned", self.vp_user))
        self.assertFalse(self.approval_activity())
        self.submit("2013-03-12")
        action = as_vp.with_context(decision="approve").action_open_decision_wizard()
        self.env[action["res_model"]].with_user(self.vp_user).with_context(**action["context"]).create(
            {}).action_confirm()
        self.assertEqual(self.package.state, "approved")
        round_ = self.package.round_ids[0]
        self.assertEqual((round_.approved_by_id, bool(round_.approved_on)), (self.vp_user, True))
        self.assertTrue(self.risk.frozen, "an approved package stays frozen")
        review = self.package.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("integrity_risk.mail_activity_type_submission_review"))
        self.assertTrue(review, "the office is asked to file it")
        # the printed annex names who approved and when
        html = self.env["ir.actions.report"].with_user(self.unit_a_user)._render_qweb_html(
            "integrity_risk.report_annex_3", self.unit_a.ids)[0].decode()
        self.assertIn("Vice President Wang (approved", html)
        with self.assertRaises(AccessError):
            self.package.with_user(self.vp_user).action_file("Filed by myself.")
        self.package.with_user(self.office).action_file("Complete; filed.")
        self.assertEqual(self.package.state, "filed")

    def test_a_supervisor_without_login_is_named_before_submitting(self):
        self.publicise()
        self.unit_a.with_user(self.office).supervisor_id = self.env["hr.employee"].create({"name": "No Login"})
        with freeze_time("2013-03-10"), self.assertRefused(UserError, "No Login has no user account"):
            self.package.action_submit()
        self.unit_a.with_user(self.office).supervisor_id = False
        with freeze_time("2013-03-10"), self.assertRefused(UserError, "no supervising university leader"):
            self.package.action_submit()


@tagged("post_install", "-at_install")
class TestAdjustment(PackageCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2013-03-02"):
            cls.package.write({"publicity_start": "2013-03-02", "publicity_end": "2013-03-08",
                               "publicity_place": "Notice board"})
            cls.package.action_start_publicity()
        with freeze_time("2013-03-10"):
            cls.package.action_submit()
        cls.approve_and_file(cls.package)
        cls.campaign.office_director_id = cls.office

    def adjust(self, **values):
        context = {"default_risk_id": values.pop("risk_id", False), "default_unit_id": self.unit_a.id}
        with Form(self.env["integrity.risk.adjust"].with_user(self.unit_a_user).with_context(**context)) as form:
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def test_modify_through_adjustment(self):
        wizard = self.adjust(risk_id=self.other_risk.id, level="high", reason="The inspection found large sums.")
        wizard.action_apply()
        self.assertEqual(self.other_risk.level, "high")
        adjustment = self.env["integrity.adjustment"].search([("risk_id", "=", self.other_risk.id)])
        self.assertEqual((adjustment.kind, adjustment.user_id, adjustment.state),
                         ("modify", self.unit_a_user, "reported"))
        self.assertEqual(adjustment.reason, "The inspection found large sums.")
        self.assertEqual(adjustment.changes, "Risk Level: Medium → High")
        self.assertEqual(adjustment.activity_ids.user_id, self.office, "reported to the office")
        with self.assertRaises(UserError):
            adjustment.with_user(self.unit_a_user).action_acknowledge()
        adjustment.with_user(self.office).action_acknowledge()
        self.assertEqual(adjustment.state, "acknowledged")
        self.assertFalse(adjustment.activity_ids)

    def test_filing_confirmed_the_covered_risk_points(self):
        self.assertEqual(set((self.risk | self.other_risk).mapped("state")), {"confirmed"})

    def test_add_and_retire_through_adjustment(self):
        self.adjust(kind="add", job_id=self.job_head, name="Signs contracts alone", category="power",
                    level="high", reason="New duty since March.").action_apply()
        added = self.env["integrity.risk"].search([("name", "=", "Signs contracts alone")])
        self.assertEqual((added.unit_id, added.state, added.source), (self.unit_a, "confirmed", "unit_review"))
        # once added, it is filed like the rest: it changes only through another adjustment
        self.assertIn(added, self.package.risk_ids)
        with self.assertRefused(UserError, "filed with the office: change it through an adjustment"):
            added.with_user(self.unit_a_user).write({"level": "low", "level_reason": "Quietly lowered"})
        with self.assertRefused(UserError, "filed with the office"):
            added.with_user(self.unit_a_user).action_retire()
        self.adjust(kind="retire", risk_id=self.other_risk.id,
                    reason="The approval moved to the office.").action_apply()
        self.assertEqual(self.other_risk.state, "retired")
        kinds = self.env["integrity.adjustment"].search([("unit_id", "=", self.unit_a.id)]).mapped("kind")
        self.assertEqual(sorted(kinds), ["add", "retire"])

    def test_adjustment_needs_a_change_and_a_reason(self):
        wizard = self.adjust(risk_id=self.risk.id, reason="Nothing really")
        with self.assertRefused(UserError, "Nothing was changed"):
            wizard.action_apply()
        self.assertFalse(self.env["integrity.adjustment"].search([("unit_id", "=", self.unit_a.id)]))
        with self.assertRaises(AccessError):
            self.adjust(risk_id=self.risk.id, reason="x").with_user(self.unit_b_user).action_apply()


@tagged("post_install", "-at_install")
class TestDeadlines(IntegrityCase):
    """The 2013 campaign: kickoff due 2012-12-31, identification 2013-04-10, reminders 7 days before."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.write({"office_director_id": cls.office.id})
        cls.campaign.action_start()
        cls.Unit = cls.env["integrity.unit"]
        cls.deadline = cls.env.ref("integrity_risk.mail_activity_type_deadline")

    def reminders(self):
        return self.env["mail.activity"].search([
            ("res_model", "=", "integrity.unit"), ("activity_type_id", "=", self.deadline.id)])

    def test_reminders_once_per_unit_and_phase(self):
        with freeze_time("2012-12-23"):
            self.env["integrity.campaign"]._cron_deadlines()
        self.assertFalse(self.reminders(), "eight days before: too early")
        with freeze_time("2012-12-24"):
            self.unit_b.with_user(self.unit_b_user).action_report_list()
            self.unit_b.submission_ids.with_user(self.office).action_file("Complete; filed.")
            self.env["integrity.campaign"]._cron_deadlines()
            self.env["integrity.campaign"]._cron_deadlines()
        reminders = self.reminders()
        self.assertEqual(len(reminders), 1, "unit B has filed its list; unit A is reminded once")
        self.assertEqual((reminders.res_id, reminders.user_id, reminders.date_deadline),
                         (self.unit_a.id, self.unit_a_user, date(2012, 12, 31)))
        mails = self.env["mail.mail"].search([("model", "=", "integrity.unit"), ("res_id", "=", self.unit_a.id),
                                              ("subject", "like", " due ")])
        self.assertEqual(len(mails), 1)
        self.assertIn("Kickoff", mails.subject)

    def test_overdue_flag_and_escalation(self):
        with freeze_time("2012-12-31"):
            self.assertFalse(self.Unit.search([("is_overdue", "=", True)]))
        with freeze_time("2013-01-01"):
            self.assertEqual(self.Unit.search([("is_overdue", "=", True)]), self.unit_a | self.unit_b)
            self.unit_b.with_user(self.unit_b_user).action_report_list()
            self.assertEqual(self.unit_b.working_group_state, "submitted")
            self.unit_b.submission_ids.with_user(self.office).action_file("Complete; filed.")
            self.env.invalidate_all()
            self.assertEqual(self.Unit.search([("is_overdue", "=", True)]), self.unit_a)
            self.assertEqual(self.Unit.search([("is_overdue", "=", False), ("id", "in", self.campaign.unit_ids.ids)]),
                             self.unit_b)
            self.assertEqual((self.unit_a.is_overdue, self.unit_a.overdue_phases), (True, "“Kickoff”"))
            self.assertEqual(self.unit_a.working_group_state, "overdue")
            self.assertEqual(self.unit_b.working_group_state, "filed")
            self.env["integrity.campaign"]._cron_deadlines()
            self.env["integrity.campaign"]._cron_deadlines()
        escalations = self.campaign.message_ids.filtered(lambda m: "units are overdue" in (m.subject or ""))
        self.assertEqual(len(escalations), 1, "escalated once a day")
        self.assertIn("Finance Office", escalations.body)
        self.assertNotIn("Audit Office", escalations.body)
        self.assertIn(self.office.partner_id, escalations.partner_ids)
        with freeze_time("2013-04-11"):
            self.env.invalidate_all()
            self.assertEqual(self.unit_b.overdue_phases, "“Identification and Grading”")
            self.assertEqual(self.unit_a.overdue_phases, "“Kickoff” and “Identification and Grading”")

    def test_reminder_days_are_bounded(self):
        with self.assertRefused(ValidationError, "between 0 and 90 days"):
            self.campaign.reminder_days = -1
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.reminder_days, 7)
