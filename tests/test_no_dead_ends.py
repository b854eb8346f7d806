"""No dead ends: every 新建 a role is offered works with sensible defaults, every button shows only to who may use
it, and every refusal is a sentence saying what to do, as the web client meets them."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import IntegrityCase

# Odoo's own refusals, which tell a user nothing about what to do
GENERIC = r"You are not allowed to|Due to security restrictions|not allowed to (access|modify|create)"
UNIT_STEPS = ("action_report_list", "action_open_submission", "action_create_self_checks", "action_complete_review",
              "action_reopen_review", "action_apply_scope_rule")


@tagged("post_install", "-at_install")
class TestNoDeadEnds(IntegrityCase):
    """Unit A in phase 2 of the running campaign, a form for each of its three people in scope."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.action_start()
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        cls.SelfCheck = cls.env["integrity.self.check"]
        cls.check = cls.SelfCheck.search([("unit_id", "=", cls.unit_a.id), ("employee_id", "=", cls.cadre_a.id)])

    # --- helpers ---------------------------------------------------------------------------

    def arch(self, model, user, view_type="form"):
        """The view as the web client gets it for the user (groups applied, rights marked on the root)."""
        views = self.env[model].with_user(user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def buttons(self, arch):
        return {button.get("name") for button in arch.iter("button")}

    def offers_new(self, model, user, action_context=None):
        """Whether the list and form offer 新建: the views' create flag and the action's context."""
        if (action_context or {}).get("create") is False:
            return False
        return all(self.arch(model, user, view_type).get("create") not in ("False", "false", "0")
                   for view_type in ("list", "form"))

    def action_context(self, xmlid, user):
        action = self.env.ref(xmlid)
        return safe_eval(action.context or "{}", {"uid": user.id})

    def assertSentence(self, error, pattern):
        """A refusal in words that say what is refused and why, never Odoo's generic access message."""
        message = str(error.exception)
        self.assertNotRegex(message, GENERIC)
        self.assertRegex(message, pattern)

    def flags(self, record, user, *names):
        record = record.with_user(user)
        record.invalidate_recordset()
        return {name: record[name] for name in names}

    def fill_and_submit(self):
        with Form(self.check.with_user(self.cadre)) as form, form.line_ids.new() as line:
            line.duty = "Keeps the cash"
            line.name = "Cash counted alone"
            line.category = "power"
            line.level = "medium"
        self.check.with_user(self.cadre).action_submit()

    # --- 新建 (New) of each menu, for each role that sees it ----------------------------------

    def test_new_risk_point_starts_in_the_users_own_unit(self):
        context = self.action_context("integrity_risk.integrity_risk_action", self.unit_a_user)
        self.assertTrue(self.offers_new("integrity.risk", self.unit_a_user, context))
        with Form(self.env["integrity.risk"].with_user(self.unit_a_user).with_context(**context)) as form:
            self.assertEqual(form.unit_id, self.unit_a, "the liaison's own unit of the running campaign")
            form.job_id = self.job_cashier
            form.name = "Petty cash kept in a drawer"
        risk = form.record
        self.assertEqual((risk.unit_id, risk.campaign_id, risk.company_id),
                         (self.unit_a, self.campaign, self.company))
        # the post holder and the leading group are not offered 新建, and the server says why when asked
        for user in (self.cadre, self.leader):
            self.assertFalse(self.offers_new("integrity.risk", user, context), user.name)
            with self.assertRaises(AccessError):
                self.env["integrity.risk"].with_user(user).create(
                    {"unit_id": self.unit_a.id, "job_id": self.job_cashier.id, "name": "Forged"})

    def test_new_risk_point_of_someone_in_two_working_groups_asks_for_the_unit(self):
        self.unit_b.member_ids = self.liaison_a  # liaison A also sits in unit B's working group
        with Form(self.env["integrity.risk"].with_user(self.unit_a_user)) as form:
            self.assertFalse(form.unit_id, "two units: the user chooses, the form does not guess")
            form.unit_id = self.unit_b
            form.job_id = self.job_liaison
            form.name = "Audit files lent without a record"
        self.assertEqual(form.record.unit_id, self.unit_b)
        # a closed campaign's unit is no default either
        self.unit_b.member_ids = False
        self.campaign.action_close()
        self.assertFalse(self.env["integrity.risk"].with_user(self.unit_a_user).default_get(["unit_id"]).get(
            "unit_id"))

    def test_new_inspection_starts_in_the_users_own_unit(self):
        context = self.action_context("integrity_risk.integrity_inspection_action", self.leader_a_user)
        self.assertTrue(self.offers_new("integrity.inspection", self.leader_a_user, context))
        with Form(self.env["integrity.inspection"].with_user(self.leader_a_user).with_context(**context)) as form:
            self.assertEqual(form.unit_id, self.unit_a)
        self.assertEqual((form.record.unit_id, form.record.campaign_id), (self.unit_a, self.campaign))
        self.assertTrue(form.record.with_user(self.leader_a_user).can_done, "its own working group closes it")
        self.assertFalse(self.offers_new("integrity.inspection", self.leader, context),
                         "the leading group reads inspections, it does not hold them")

    def test_new_assessment_by_the_leading_group(self):
        context = self.action_context("integrity_risk.integrity_assessment_action", self.leader)
        self.assertTrue(self.offers_new("integrity.assessment", self.leader, context))
        with Form(self.env["integrity.assessment"].with_user(self.leader).with_context(**context)) as form:
            self.assertEqual(form.scheme_id, self.env.ref("integrity_risk.assessment_scheme_plan"))
            form.unit_id = self.unit_a
        assessment = form.record
        self.assertEqual((assessment.campaign_id, assessment.company_id), (self.campaign, self.company))
        self.assertEqual(assessment.line_ids.criterion_id, assessment.scheme_id.criterion_ids,
                         "a line to score for every criterion of the scheme")
        self.assertFalse(self.offers_new("integrity.assessment", self.unit_a_user, context),
                         "a working group reads its finished scores, it does not assess itself")

    def test_new_self_check_is_never_a_dead_end(self):
        # the holder's menu opens her form; the process, not a New button, opens forms
        action = self.SelfCheck.with_user(self.cadre).action_open_mine()
        self.assertEqual(action["res_id"], self.check.id, "her open form directly")
        context = safe_eval(action["context"])
        self.assertFalse(self.offers_new("integrity.self.check", self.cadre, context))
        for user in (self.cadre, self.unit_a_user, self.leader):
            self.assertFalse(self.offers_new("integrity.self.check", user), user.name)
        with self.assertRaises(AccessError) as refused:
            self.SelfCheck.with_user(self.cadre).create({"unit_id": self.unit_a.id, "employee_id": self.cadre_a.id})
        self.assertSentence(refused, "ask your unit's liaison")
        # the office may open one by hand (here a second post of the cadre), from the unit's list of forms
        action = self.unit_a.with_user(self.office).action_view_self_checks()
        self.assertTrue(self.offers_new("integrity.self.check", self.office, action["context"]))
        with Form(self.SelfCheck.with_user(self.office).with_context(**action["context"])) as form:
            self.assertEqual(form.unit_id, self.unit_a)
            form.employee_id = self.cadre_a
            form.job_id = self.job_liaison
        self.assertEqual((form.record.reviewer_id, form.record.state), (self.head_a, "draft"))

    def test_new_unit_joins_the_campaign_not_closed_yet(self):
        context = self.action_context("integrity_risk.integrity_unit_action", self.office)
        self.assertTrue(self.offers_new("integrity.unit", self.office, context))
        for user in (self.unit_a_user, self.leader, self.cadre):
            self.assertFalse(self.offers_new("integrity.unit", user, context), user.name)
        library = self.env["hr.department"].create({"name": "Library"})
        with Form(self.env["integrity.unit"].with_user(self.office).with_context(**context)) as form:
            self.assertEqual(form.campaign_id, self.campaign, "the one campaign not closed")
            form.department_id = library
        self.assertEqual((form.record.campaign_id, form.record.current_phase), (self.campaign, "kickoff"))
        # with next year's campaign in preparation beside the running one, the office chooses
        self.env["integrity.campaign"].create({"name": "2014 campaign", "year": 2014})
        self.assertFalse(self.env["integrity.unit"].with_user(self.office).default_get(["campaign_id"]).get(
            "campaign_id"))

    def test_packages_start_from_their_unit_and_only_when_saved(self):
        Submission = self.env["integrity.submission"]
        for user in (self.office, self.unit_a_user, self.leader, self.cadre):
            self.assertFalse(self.offers_new("integrity.submission", user), f"{user.name}: no blank package")
        before = Submission.search_count([("unit_id", "=", self.unit_a.id)])
        action = self.unit_a.with_user(self.unit_a_user).action_open_submission()
        self.assertEqual(Submission.search_count([("unit_id", "=", self.unit_a.id)]), before,
                         "opening the package creates nothing")
        self.assertFalse(action.get("res_id"))
        with Form(Submission.with_user(self.unit_a_user).with_context(**action["context"])) as form:
            self.assertEqual((form.unit_id, form.deliverable), (self.unit_a, "identification"))
            form.publicity_place = "The unit's notice board"
        package = form.record
        self.assertEqual((package.unit_id, package.deliverable, package.state),
                         (self.unit_a, "identification", "draft"))
        self.assertTrue(package.with_user(self.unit_a_user).can_start_publicity)
        again = self.unit_a.with_user(self.unit_a_user).action_open_submission()
        self.assertEqual(again["res_id"], package.id, "the second time, the package saved the first time")
        # archived by the office, it is still the unit's one package for the deliverable
        package.with_user(self.office).action_archive()
        self.assertEqual(self.unit_a.with_user(self.unit_a_user).action_open_submission()["res_id"], package.id)
        self.assertEqual(self.unit_a._submission_for("identification"), package)

    def test_refused_package_creates_nothing_and_says_why(self):
        Submission = self.env["integrity.submission"]
        before = Submission.search_count([])
        for user in (self.leader, self.cadre):
            with self.assertRaises(AccessError) as refused:
                self.unit_a.with_user(user).action_open_submission()
            self.assertSentence(refused, "is for the leading group's office or the unit's working group only")
        with self.assertRaises(AccessError) as refused:
            Submission.with_user(self.cadre).create({"unit_id": self.unit_a.id, "deliverable": "summary"})
        self.assertSentence(refused, "Package for the Office")
        with self.assertRaises(AccessError) as refused:
            Submission.with_user(self.unit_b_user).create({"unit_id": self.unit_a.id, "deliverable": "summary"})
        self.assertSentence(refused, "Only a unit's working group and the office prepare its packages")
        self.assertEqual(Submission.search_count([]), before)

    # --- buttons for the roles and states that can use them --------------------------------

    def test_self_check_buttons_follow_holder_reviewer_and_state(self):
        arch = self.arch("integrity.self.check", self.cadre)
        shown_by = {button.get("name"): button.get("invisible") for button in arch.iter("button")}
        self.assertEqual((shown_by["action_submit"], shown_by["action_accept"],
                          shown_by["action_open_return_wizard"]),
                         ("not can_submit", "not can_accept", "not can_return"))
        editable_by = {field.get("name"): field.get("readonly") for field in arch.xpath("//sheet//field")}
        for name in ("job_id", "date", "line_ids"):
            self.assertIn("can_edit", editable_by[name], f"{name} is editable only while the holder may edit")

        names = ("can_submit", "can_accept", "can_return", "can_edit")
        nothing = dict.fromkeys(names, False)
        holder_edits = {**nothing, "can_submit": True, "can_edit": True}
        for user in (self.leader_a_user, self.unit_a_user, self.leader, self.office):
            self.assertEqual(self.flags(self.check, user, *names), nothing, f"draft, {user.name}")
        self.assertEqual(self.flags(self.check, self.cadre, *names), holder_edits)

        self.fill_and_submit()
        self.assertEqual(self.flags(self.check, self.cadre, *names), nothing, "submitted: the holder waits")
        self.assertEqual(self.flags(self.check, self.leader_a_user, *names),
                         {**nothing, "can_accept": True, "can_return": True})
        with self.assertRaises(AccessError) as refused:
            self.check.with_user(self.cadre).action_open_return_wizard()
        self.assertSentence(refused, "is for the reviewer only")
        with self.assertRaises(AccessError) as refused:
            self.check.with_user(self.cadre).action_accept()
        self.assertSentence(refused, "is for the reviewer only")

        wizard = self.check.with_user(self.leader_a_user).action_open_return_wizard()
        self.env[wizard["res_model"]].with_user(self.leader_a_user).with_context(**wizard["context"]).create(
            {"comment": "Add the safe keys."}).action_confirm()
        self.assertEqual(self.check.state, "returned")
        self.assertEqual(self.flags(self.check, self.leader_a_user, *names), nothing,
                         "returned: the reviewer neither submits nor edits the holder's form")
        self.assertEqual(self.flags(self.check, self.cadre, *names), holder_edits)
        with self.assertRaises(AccessError) as refused:
            self.check.with_user(self.leader_a_user).action_submit()
        self.assertSentence(refused, "is for the post holder only")

    def test_unit_buttons_only_for_the_working_group_and_the_office(self):
        office_only = {"action_reopen_review", "action_apply_scope_rule"}
        for user in (self.leader, self.cadre):
            shown = self.buttons(self.arch("integrity.unit", user)) & set(UNIT_STEPS)
            self.assertFalse(shown, f"{user.name} sees none of the working group's or the office's steps")
            self.assertEqual(self.arch("integrity.unit", user).get("edit"), "False")
        self.assertEqual(self.buttons(self.arch("integrity.unit", self.unit_a_user)) & set(UNIT_STEPS),
                         set(UNIT_STEPS) - office_only)
        self.assertEqual(self.buttons(self.arch("integrity.unit", self.office)) & set(UNIT_STEPS), set(UNIT_STEPS))

        names = ("can_report_list", "can_open_submission", "can_create_self_checks", "can_complete_review",
                 "can_reopen_review", "can_apply_scope_rule")
        self.assertEqual(self.flags(self.unit_a, self.unit_a_user, *names), {
            "can_report_list": False, "can_open_submission": True, "can_create_self_checks": True,
            "can_complete_review": True, "can_reopen_review": False, "can_apply_scope_rule": False})
        self.assertFalse(any(self.flags(self.unit_a, self.leader, *names).values()))
        self.assertFalse(any(self.flags(self.unit_a, self.cadre, *names).values()))

        # what the leading group and the cadre are refused is refused in words, before any confirmation
        Submission = self.env["integrity.submission"]
        before = Submission.search_count([])
        for user in (self.leader, self.cadre):
            for method in UNIT_STEPS:
                with self.subTest(user=user.name, method=method), self.assertRaises(AccessError) as refused:
                    getattr(self.unit_a.with_user(user), method)()
                self.assertSentence(refused, "is for .* only")
        self.assertEqual(Submission.search_count([]), before)
        self.assertFalse(self.unit_a.review_done)

    def test_supervisor_approves_only_what_passes_through_them(self):
        self.unit_b.with_user(self.unit_b_user).action_report_list()  # the working-group list goes to the office
        listing = self.unit_b.submission_ids
        self.assertEqual(listing.state, "submitted")
        for user in (self.leader, self.cadre):
            self.assertFalse(self.buttons(self.arch("integrity.submission", user)) & {
                "action_start_publicity", "action_submit", "action_verify_files"}, user.name)
        self.assertTrue({"action_start_publicity", "action_submit"} <= self.buttons(
            self.arch("integrity.submission", self.unit_b_user)))
        approval = ("can_approve", "can_reject", "can_file", "can_return")
        self.assertEqual(self.flags(listing, self.leader, *approval), dict.fromkeys(approval, False),
                         "the supervising leader has nothing to approve on a working-group list")
        self.assertEqual(self.flags(listing, self.office, *approval),
                         {"can_approve": False, "can_reject": False, "can_file": True, "can_return": True})
        with self.assertRaises(UserError) as refused:
            listing.with_user(self.leader).action_reject("Not mine to return.")
        self.assertSentence(refused, "goes to the office directly")
        self.assertEqual(listing.state, "submitted")
        # annex 2/3 goes through him
        package = self.unit_a._submission_for("identification")
        package._as_process().write({"state": "submitted"})
        self.env["integrity.submission.round"].sudo().create({
            "submission_id": package.id, "number": 1, "submitted_by_id": self.unit_a_user.id,
            "submitted_on": "2013-04-01 08:00:00"})
        self.assertEqual(self.flags(package, self.leader, *approval),
                         {"can_approve": True, "can_reject": True, "can_file": False, "can_return": False})
        self.assertEqual(self.flags(package, self.unit_a_user, *approval), dict.fromkeys(approval, False))

    # --- the unit's card -----------------------------------------------------------------------

    def test_unit_card_counts_the_whole_unit_for_whoever_reads_it(self):
        self.env["integrity.risk"].create([
            {"unit_id": self.unit_a.id, "job_id": self.job_head.id, "name": "Signs purchases alone",
             "category": "power", "level": "high", "employee_ids": [Command.set(self.head_a.ids)]},
            {"unit_id": self.unit_a.id, "job_id": self.job_cashier.id, "name": "Cash counted alone",
             "category": "power", "level": "medium", "employee_ids": [Command.set(self.cadre_a.ids)]},
        ])
        self.fill_and_submit()
        self.check.with_user(self.leader_a_user).action_accept()
        card = ("self_check_accepted_count", "self_check_count", "risk_high_count", "risk_medium_count",
                "risk_count")
        expected = {"self_check_accepted_count": 1, "self_check_count": 3, "risk_high_count": 1,
                    "risk_medium_count": 2, "risk_count": 3}
        for user in (self.office, self.unit_a_user, self.cadre, self.leader):
            self.env.invalidate_all()  # each user's own request, as in the web client
            self.assertEqual(self.unit_a.with_user(user).read(card)[0], {"id": self.unit_a.id, **expected},
                             user.name)
        # the cadre still reads only her own form and her own risk points, and not another unit's card
        self.assertEqual(self.SelfCheck.with_user(self.cadre).search([("unit_id", "=", self.unit_a.id)]),
                         self.check)
        self.assertEqual(len(self.env["integrity.risk"].with_user(self.cadre).search([])), 2)
        with self.assertRaises(AccessError):
            self.unit_b.with_user(self.cadre).read(["self_check_count"])
