import re
from datetime import date, timedelta
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file

TODAY = date.today()


class DemoCase(TransactionCase):
    """The demo's people from its XML, then the demo year built on ``TODAY`` as the scheduled action does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        convert_file(cls.env, "integrity_risk", "demo/integrity_demo.xml", {}, mode="init", noupdate=True,
                     kind="demo")
        # the demo's people work in Chinese: the terms of the modules they see
        installed = cls.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        cls.env["ir.module.module"]._load_module_terms(installed, ["zh_CN"], overwrite=True)
        # as the scheduled action builds it, run after run; the packages' files as HTML: the same steps without
        # a wkhtmltopdf run for each of them
        _cron, cls.cron_progress = cls.env.ref("integrity_risk.ir_cron_demo_year")._add_progress()
        cls.env["ir.config_parameter"].set_param("integrity_risk.demo_year_date", TODAY.isoformat())
        Demo = cls.env["integrity.demo.year"].with_context(ir_cron_progress_id=cls.cron_progress.id)
        cls.cron_runs = 0
        with patch.object(type(cls.env["ir.actions.report"]), "get_wkhtmltopdf_state", return_value="install"):
            while not cls.cron_progress.deactivate and cls.cron_runs < 20:
                Demo._cron_build()
                cls.cron_runs += 1
        cls.last = cls.env.ref("integrity_risk.demo_campaign_last")
        cls.current = cls.env.ref("integrity_risk.demo_campaign_current")
        cls.units = {unit.department_id.name: unit for unit in cls.current.unit_ids}

    def unit(self, name):
        return self.units[name].with_context(tz="Asia/Shanghai")


@tagged("post_install", "-at_install")
class TestDemoYear(DemoCase):
    def test_two_campaigns_last_closed_this_running(self):
        self.assertEqual((self.last.year, self.last.state), (TODAY.year - 1, "closed"))
        self.assertEqual((self.current.year, self.current.state), (TODAY.year, "running"))
        self.assertEqual(self.current.previous_campaign_id, self.last)
        self.assertTrue(all(unit.current_phase == "done" for unit in self.last.unit_ids))
        assessed = self.env["integrity.assessment"].search([("unit_id", "in", self.last.unit_ids.ids)])
        self.assertEqual((assessed.unit_id, set(assessed.mapped("state"))), (self.last.unit_ids, {"done"}))
        filed = self.env["integrity.submission"].search([("campaign_id", "=", self.last.id)])
        self.assertEqual(set(filed.mapped("state")), {"filed"})
        self.assertTrue(all(d.year in (TODAY.year - 2, TODAY.year - 1) for d in filed.mapped("filed_date")),
                        "last year's steps are dated last year")
        # built once: a second run changes nothing
        self.assertTrue(self.cron_progress.deactivate, "the scheduled action switched itself off")
        self.env["integrity.demo.year"]._cron_build()
        self.assertEqual(self.env["integrity.campaign"].search_count([]), 2)

    def test_deadlines_follow_the_build_date(self):
        deadlines = {phase.code: phase.deadline for phase in self.current.phase_ids}
        self.assertEqual(deadlines["kickoff"], TODAY - timedelta(days=21))
        self.assertEqual(deadlines["identification"], TODAY + timedelta(days=10))
        overdue = self.current.unit_ids.filtered("is_overdue")
        self.assertEqual(sorted(overdue.mapped("department_id.name")), ["后勤集团", "附属教育集团"])
        self.assertLess(len(overdue), len(self.current.unit_ids) / 5, "most units are on time")

    def test_units_spread_over_every_stage(self):
        Submission = self.env["integrity.submission"]
        phases = set(self.current.unit_ids.mapped("current_phase"))
        self.assertEqual(phases, {"kickoff", "identification", "measures", "inspection"})
        packages = Submission.search([("campaign_id", "=", self.current.id)])
        self.assertEqual(set(packages.mapped("state")),
                         {"publicity", "submitted", "approved", "returned", "filed"})
        checks = self.env["integrity.self.check"].search([("campaign_id", "=", self.current.id)])
        self.assertEqual(set(checks.mapped("state")), {"draft", "submitted", "returned", "accepted"})
        measures = self.env["integrity.measure"].search([("campaign_id", "=", self.current.id)])
        self.assertEqual(set(measures.mapped("state")), {"proposed", "planned", "in_progress", "done"})
        self.assertTrue(measures.filtered(lambda m: m.state == "done").evidence_ids)
        objection = self.env["integrity.objection"].search([("unit_id", "=", self.unit("人事处").id)])
        self.assertEqual(objection.state, "open")
        inspection = self.env["integrity.inspection"].search([("campaign_id", "=", self.current.id)], limit=1)
        applied = inspection.finding_ids.filtered("adjustment_id")
        self.assertEqual((applied.result, applied.adjustment_id.state), ("ineffective", "reported"))
        assessments = self.env["integrity.assessment"].search([])
        self.assertEqual(set(assessments.mapped("state")), {"done", "draft"})

    def test_year_comparison_shows_every_change(self):
        Risk = self.env["integrity.risk"].with_context(active_test=False)
        changes = set(Risk.search([("campaign_id", "=", self.current.id)]).mapped("year_change"))
        self.assertEqual(changes, {"new", "changed", "unchanged", "retired"})

    def test_everyone_who_acts_has_a_login(self):
        units = self.current.unit_ids | self.last.unit_ids
        people = units.leader_id | units.liaison_id | units.member_ids | units.supervisor_id
        self.assertFalse(people.filtered(lambda e: not e.user_id), "leaders, liaisons and supervisors log in")
        checks = self.env["integrity.self.check"].search([])
        self.assertFalse(checks.filtered(lambda c: not c.user_id or not c.reviewer_user_id))
        finance = self.unit("财务处")
        mine = checks.filtered(lambda c: c.user_id.login == "caiwu_cadre" and c.unit_id == finance)
        self.assertEqual((mine.state, len(mine.line_ids)), ("draft", 0), "the demo cadre fills her own form")
        to_review = checks.filtered(lambda c: c.reviewer_user_id.login == "caiwu_leader" and c.state == "submitted")
        self.assertTrue(to_review, "the demo unit leader has a form to review")
        self.assertEqual(self.unit("教务处")._submission_for("identification").supervisor_user_id.login,
                         "discipline", "the supervising leader of the waiting package logs in")

    def test_people_look_real(self):
        employees = self.env["hr.employee"].search([("department_id", "in", self.current.unit_ids.department_id.ids)])
        self.assertTrue(all(e.work_phone.startswith("0931-") and re.fullmatch(r"1[3-9]\d{9}", e.mobile_phone)
                            and e.work_email.endswith("@nwnu.edu.cn") for e in employees))
        self.assertEqual(self.env.ref("base.partner_admin").name, "系统管理员")
        self.assertEqual(self.env.ref("integrity_risk.user_finance_cadre").notification_type, "inbox")
        self.assertTrue(self.env.company.phone.startswith("0931-"))
        # what the process wrote for them is in their language
        notes = self.env["mail.activity"].search([("res_model", "=", "integrity.self.check")]).mapped("note")
        self.assertTrue(notes)
        self.assertFalse([note for note in notes if "Review the self-check" in str(note)])
        self.assertTrue(any("审核" in str(note) for note in notes))


    def test_every_role_opens_the_forms_it_reaches(self):
        """What a form's fields read, as the web client asks for them, for each role that reaches the form."""
        finance = self.unit("财务处")
        adjustment = self.env["integrity.adjustment"].search([("campaign_id", "=", self.current.id)], limit=1)
        measure = adjustment.measure_id
        for login in ("caiwu_cadre", "discipline", "caiwu_leader", "zuzhang", "jiwei", "procurement_section"):
            user = self.env["res.users"].search([("login", "=", login)])
            for record in (finance, adjustment, measure, measure.risk_id):
                model = record.with_user(user)
                if not model.has_access("read"):
                    continue
                with self.subTest(login=login, model=record._name):
                    views = model.get_views([(False, "form")])
                    fields = views["models"][record._name]["fields"]
                    values = model.web_read({**{name: {} for name in fields}, "display_name": {}})[0]
                    self.assertTrue(values["display_name"])
                    self.assertNotIn(record._name, values["display_name"], "a name, not the model's technical one")

    def test_workbenches_count_what_is_each_ones_turn(self):
        Dashboard = self.env["integrity.dashboard"]
        office = Dashboard.with_user(self.env.ref("integrity_risk.user_office")).get_data()["office"]
        # 科学技术处's annexes were approved, 附属教育集团's list needs no approval; 教务处's wait for its leader
        self.assertEqual(sorted(row["unit"] for row in office["to_review"]), sorted(["科学技术处", "附属教育集团"]))
        self.assertEqual(office["to_review_count"], 2)
        queue = self.env["integrity.submission"].search(office["to_review_domain"])
        self.assertEqual(sorted(queue.unit_id.mapped("name")), sorted(["科学技术处", "附属教育集团"]))
        cadre = self.env["res.users"].search([("login", "=", "finance_section")])
        mine = Dashboard.with_user(cadre).get_data()["mine"]
        this_year = self.env["integrity.risk"].search_count([("employee_ids.user_id", "=", cadre.id),
                                                             ("campaign_id", "=", self.current.id)])
        self.assertEqual(mine["risk_count"], this_year, "this year's risk points, not last year's again")
        self.assertTrue(this_year)

    def test_annex_1_names_the_reviewer_it_has(self):
        """A unit leader's own form is reviewed by the supervising university leader, and annex 1 says so."""
        Check = self.env["integrity.self.check"].with_context(lang="zh_CN")
        finance = self.unit("财务处")
        head = Check.search([("unit_id", "=", finance.id), ("employee_id", "=", finance.leader_id.id)])
        cadre = Check.search([("unit_id", "=", finance.id), ("user_id.login", "=", "caiwu_cadre")])
        Report = self.env["ir.actions.report"].with_context(lang="zh_CN")
        html = Report._render_qweb_html("integrity_risk.report_annex_1", head.ids)[0].decode()
        self.assertIn("审核人（分管校领导）：", html)
        self.assertIn(finance.supervisor_id.name, html)
        html = Report._render_qweb_html("integrity_risk.report_annex_1", cadre.ids)[0].decode()
        self.assertIn("审核人（单位领导）：", html)
        self.assertNotIn("审核人（分管校领导）：", html)


@tagged("post_install", "-at_install")
class TestDemoCron(TransactionCase):
    """The scheduled action builds the year in steps, each within a cron thread's time limit."""

    def test_steps_resume_where_the_last_run_stopped(self):
        convert_file(self.env, "integrity_risk", "demo/integrity_demo.xml", {}, mode="init", noupdate=True,
                     kind="demo")
        cron = self.env.ref("integrity_risk.ir_cron_demo_year")
        Demo = self.env["integrity.demo.year"]
        with patch("odoo.addons.integrity_risk.demo.integrity_demo_year.CRON_BUDGET_SECONDS", 0), \
                patch.object(type(self.env["ir.actions.report"]), "get_wkhtmltopdf_state", return_value="install"):
            Demo._cron_build()
            self.assertEqual(Demo._progress()[0], 1, "one step per run when the budget is spent")
            self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]), "the next run is planned")
            names = [name for name, _method, _argument in Demo._steps()]
            while Demo._progress()[0] <= names.index("last_start"):
                Demo._cron_build()
        self.assertEqual(Demo._progress()[0], names.index("last_start") + 1)
        self.assertEqual(self.env.ref("integrity_risk.demo_campaign_last").state, "running")
        self.assertTrue(self.env.ref("integrity_risk.user_finance_cadre").employee_ids.mobile_phone)
        self.assertTrue(cron.active)
