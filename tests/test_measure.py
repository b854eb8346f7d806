from datetime import date

from freezegun import freeze_time
from lxml import html

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import IntegrityCase

MEASURE_DUE = "integrity_risk.mail_activity_type_measure"


class MeasureCase(IntegrityCase):
    """Unit A in phase 3 with a high and a low risk point of the cadre's post."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2012-12-20"):
            cls.start_identification(cls.unit_a, cls.unit_a_user)
        Risk = cls.env["integrity.risk"]
        cls.high = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_cashier.id, "name": "Cash alone",
                                "category": "power", "level": "high", "employee_ids": [Command.set(cls.cadre_a.ids)]})
        cls.low = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_cashier.id, "name": "Seal unlogged",
                               "category": "institution", "level": "low",
                               "employee_ids": [Command.set(cls.cadre_a.ids)]})
        cls.unit_a._as_process().write({"current_phase": "measures", "review_done": True})
        # these tests file annex 4 with measures of the high risk only; the default (every level) is tested below
        cls.campaign.measures_for_low = False
        cls.Measure = cls.env["integrity.measure"].with_user(cls.unit_a_user)
        cls.kind_checks = cls.env.ref("integrity_risk.measure_kind_checks")
        cls.kind_rules = cls.env.ref("integrity_risk.measure_kind_rules")

    def new_measure(self, risk=None, **values):
        return self.Measure.create(dict({
            "risk_id": (risk or self.high).id, "name": "Two signatures for every payment",
            "kind_id": self.kind_checks.id, "responsible_id": self.cadre_a.id, "deadline": date(2013, 6, 30),
        }, **values))


@tagged("post_install", "-at_install")
class TestMeasureRules(MeasureCase):
    def test_kinds_follow_the_plan_by_category(self):
        kinds = self.env["integrity.measure.kind"].search([])
        self.assertEqual({c: len(kinds.filtered(lambda k, c=c: k.category == c))
                          for c in ("power", "institution", "ideology")}, {"power": 4, "institution": 2, "ideology": 4})
        with self.assertRefused(ValidationError, "another category of risk"):
            self.new_measure(kind_id=self.kind_rules.id)
        measure = self.new_measure(risk=self.low, kind_id=self.kind_rules.id)
        self.assertEqual(measure.category, "institution")

    def test_bad_input_refused(self):
        with self.assertRefused(ValidationError, "names the stage it controls"):
            self.new_measure(scope="unit")
        with self.assertRefused(ValidationError, "before the campaign starts"):
            self.new_measure(deadline=date(2012, 1, 1))
        with self.assertRefused(ValidationError, "needs its description"):
            self.new_measure(name="  ")
        self.assertFalse(self.env["integrity.measure"].search([("risk_id", "=", self.high.id)]))
        measure = self.new_measure(scope="unit", stage="supervision")
        self.assertEqual(measure.stage, "supervision")

    def test_responsible_person_reports_on_their_measure(self):
        measure = self.new_measure()
        activity = measure.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(MEASURE_DUE))
        self.assertEqual((activity.user_id, activity.date_deadline), (self.cadre, date(2013, 6, 30)))
        mine = self.env["integrity.measure"].with_user(self.cadre).search([("responsible_user_id", "=", self.cadre.id)])
        self.assertEqual(mine, measure)
        measure.with_user(self.cadre).write({"note": "Second signature from the head since May."})
        measure.with_user(self.cadre).action_start()
        measure.with_user(self.cadre).action_done()
        self.assertEqual(measure.state, "done")
        self.assertFalse(measure.activity_ids, "the deadline activity is done")
        with self.assertRaises(AccessError):
            measure.with_user(self.cadre).write({"deadline": date(2013, 12, 1)})
        # what the holder creates is a proposal for the working group, never a planned measure
        proposal = self.env["integrity.measure"].with_user(self.cadre).create({
            "risk_id": self.high.id, "name": "Mine", "responsible_id": self.cadre_a.id, "deadline": "2013-06-01"})
        self.assertEqual(proposal.state, "proposed")
        with self.assertRefused(UserError, "is not possible on .* now \\(Done\\)"):
            measure.with_user(self.cadre).action_done()
        self.assertEqual(measure.deadline, date(2013, 6, 30))

    def test_rights_of_others(self):
        measure = self.new_measure()
        for user in (self.unit_b_user,):
            with self.assertRaises(AccessError):
                measure.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            measure.with_user(self.leader).write({"name": "Changed"})
        self.assertEqual(measure.with_user(self.leader).name, "Two signatures for every payment")
        with self.assertRaises(AccessError):
            measure.with_user(self.leader).action_done()
        self.assertEqual(measure.state, "planned")
        measure.with_user(self.office).write({"deadline": date(2013, 7, 1)})
        activity = measure.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(MEASURE_DUE))
        self.assertEqual(activity.date_deadline, date(2013, 7, 1), "a new deadline moves the activity")

    def test_overdue_measures(self):
        measure = self.new_measure()
        with freeze_time("2013-07-01"):
            self.assertEqual(self.env["integrity.measure"].search([("is_overdue", "=", True)]), measure)
            measure.invalidate_recordset(["is_overdue"])
            self.assertTrue(measure.is_overdue)
        with freeze_time("2013-06-30"):
            self.assertFalse(self.env["integrity.measure"].search([("is_overdue", "=", True)]))


@tagged("post_install", "-at_install")
class TestHolderProposals(MeasureCase):
    """本人提出: the post holder proposes measures for their own risk points; the working group decides."""

    def propose(self, user=None, **values):
        return self.env["integrity.measure"].with_user(user or self.cadre).create(dict({
            "risk_id": self.high.id, "name": "I count the cash with a colleague",
            "responsible_id": self.cadre_a.id, "deadline": date(2013, 6, 30)}, **values))

    def test_propose_return_propose_again_accept(self):
        self.assertTrue(self.high.with_user(self.cadre).can_propose_measure)
        self.assertFalse(self.high.with_user(self.unit_a_user).can_propose_measure)
        action = self.high.with_user(self.cadre).action_propose_measure()
        self.assertEqual(action["context"]["default_responsible_id"], self.cadre_a.id)
        measure = self.propose()
        self.assertRecordValues(measure, [{"state": "proposed", "responsible_id": self.cadre_a.id,
                                           "proposed_by_id": self.cadre_a.id, "scope": "personal"}])
        decide = measure.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("integrity_risk.mail_activity_type_measure_proposal"))
        self.assertEqual(decide.user_id, self.leader_a_user)
        self.assertFalse(measure.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(MEASURE_DUE)),
                         "nothing to carry out before the unit accepts it")
        as_holder = measure.with_user(self.cadre)
        self.assertTrue(as_holder.can_manage)
        as_holder.write({"name": "I count the cash with the head every evening"})
        for user in (self.cadre, self.unit_b_user):
            with self.assertRaises(AccessError):
                measure.with_user(user).action_accept()
        # the working group returns it with a comment, through the shared return wizard
        action = measure.with_user(self.leader_a_user).action_open_return_wizard()
        self.env[action["res_model"]].with_user(self.leader_a_user).with_context(**action["context"]).create({
            "comment": "Say who checks the count."}).action_confirm()
        self.assertEqual((measure.state, measure.return_comment), ("returned", "Say who checks the count."))
        self.assertEqual(measure.activity_ids.user_id, self.cadre)
        as_holder.write({"name": "The head checks my cash count every evening"})
        as_holder.action_propose()
        self.assertEqual((measure.state, measure.return_comment), ("proposed", False))
        measure.with_user(self.leader_a_user).action_accept()
        self.assertEqual(measure.state, "planned")
        self.assertTrue(measure.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(MEASURE_DUE)))
        # accepted: the holder reports on it, the working group owns its text
        with self.assertRaises(AccessError):
            as_holder.write({"name": "Changed after acceptance"})
        as_holder.write({"note": "Done every evening since May."})
        self.assertTrue(as_holder.can_done)

    def test_holders_propose_only_their_own_personal_measures(self):
        with self.assertRefused(AccessError, "personal measures that they carry out themselves"):
            self.propose(scope="unit", stage="decision")
        with self.assertRefused(AccessError, "personal measures that they carry out themselves"):
            self.propose(responsible_id=self.head_a.id)
        other = self.env["integrity.risk"].create({"unit_id": self.unit_a.id, "job_id": self.job_head.id,
                                                   "name": "Approves alone", "category": "power", "level": "high",
                                                   "employee_ids": [Command.set(self.head_a.ids)]})
        with self.assertRaises(AccessError):
            self.propose(risk_id=other.id)
        with self.assertRaises(AccessError):
            self.propose(user=self.unit_b_user)
        measure = self.propose()
        with self.assertRaises(AccessError):
            measure.with_user(self.cadre).write({"responsible_id": self.head_a.id})
        with self.assertRaises(UserError):
            measure.with_user(self.cadre).write({"state": "planned"})
        self.assertEqual(measure.state, "proposed")
        # an undecided proposal keeps annex 4 waiting, and does not count as the risk point's measure
        problems = self.unit_a._submission_for("measures")._package_problems()
        self.assertIn("the High risk “Cash alone” has no accepted control measure", problems)
        self.assertIn("1 measures proposed by post holders wait for the working group's decision", problems)
        markup = self.env["ir.actions.report"]._render_qweb_html("integrity_risk.report_annex_4", self.unit_a.ids)[0]
        self.assertNotIn("I count the cash", markup.decode(), "annex 4 prints accepted measures only")
        measure.with_user(self.cadre).unlink()
        self.assertFalse(measure.exists(), "the holder withdraws an undecided proposal")


@tagged("post_install", "-at_install")
class TestAnnex4Package(MeasureCase):
    def package(self):
        return self.unit_a._submission_for("measures").with_user(self.unit_a_user)

    def test_high_risk_without_measure_blocks_annex_4(self):
        package = self.package()
        with freeze_time("2013-06-01"):
            package.write({"publicity_start": "2013-06-01", "publicity_end": "2013-06-05",
                           "publicity_place": "Notice board"})
            with self.assertRefused(UserError, "the High risk “Cash alone” has no accepted control measure"):
                package.action_start_publicity()
        self.assertEqual(package.state, "draft")

    def test_every_level_needs_a_measure_by_default_high_first(self):
        self.campaign.measures_for_low = True
        self.new_measure(risk=self.low, kind_id=self.kind_rules.id)
        package = self.package()
        problems = package._package_problems()
        self.assertEqual(problems, ["the High risk “Cash alone” has no accepted control measure"])
        self.new_measure()
        self.assertFalse(package._package_problems())
        self.assertEqual(self.env["integrity.campaign"].new({})._levels_needing_measures(),
                         ["high", "medium", "low"], "a new campaign asks measures of every level")

    def test_annex_4_prints_and_freezes_the_measures(self):
        first = self.new_measure(sequence=1)
        second = self.new_measure(name="Cash counted by the head weekly", sequence=2, responsible_id=self.head_a.id)
        markup = self.env["ir.actions.report"]._render_qweb_html("integrity_risk.report_annex_4", self.unit_a.ids)[0]
        body = html.fromstring(markup).xpath("//table[contains(@class, 'o_integrity_annex_table')]/tbody/tr")
        rows = [[cell.text_content().strip() for cell in row.xpath("./td")] for row in body]
        self.assertEqual(rows[0][:7], ["1", "Cash alone", "High", "Cashier: Cadre A",
                                       "Two signatures for every payment", "Cadre A", "6/30/2013"])
        self.assertEqual(rows[1], ["Cash counted by the head weekly", "Head A", "6/30/2013"], "a second measure row")
        self.assertEqual(rows[2][:5], ["2", "Seal unlogged", "Low", "Cashier: Cadre A", ""])
        package = self.package()
        with freeze_time("2013-06-01"):
            package.write({"publicity_start": "2013-06-01", "publicity_end": "2013-06-05",
                           "publicity_place": "Notice board"})
            package.action_start_publicity()
        with freeze_time("2013-06-06"):
            package.action_submit()
        self.assertEqual(package.measure_ids, first | second)
        with self.assertRefused(UserError, "which the office is reviewing"):
            first.with_user(self.unit_a_user).write({"name": "Changed"})
        first.with_user(self.cadre).write({"note": "Evidence added while the office reviews."})
        self.approve_and_file(package)
        self.assertEqual(self.unit_a.current_phase, "inspection")
        with self.assertRefused(UserError, "add measures through an adjustment"):
            self.new_measure(risk=self.low, kind_id=self.kind_rules.id)
