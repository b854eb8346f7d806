import json

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import IntegrityCase

LEVELS = ["high", "medium", "low"]


class ScreensCase(IntegrityCase):
    """Unit A in phase 2 with a risk point of every level, their measures and an inspection; a draft campaign of the
    next year beside the running one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.action_start()
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        # created low first: an order that follows the records' ids or the keys' alphabet shows in the tests
        cls.risks = cls.env["integrity.risk"].create([
            {"unit_id": cls.unit_a.id, "job_id": cls.job_cashier.id, "name": "Cash counted by one person",
             "category": "power", "level": level, "employee_ids": [Command.set(cls.cadre_a.ids)]}
            for level in ("low", "medium", "high")
        ])
        cls.measures = cls.env["integrity.measure"].create([
            {"risk_id": risk.id, "name": f"Second signature ({risk.level})", "responsible_id": cls.head_a.id,
             "deadline": "2013-06-30"}
            for risk in cls.risks
        ])
        cls.inspection = cls.env["integrity.inspection"].create({"unit_id": cls.unit_a.id, "date": "2013-09-01"})
        cls.env["integrity.inspection.finding"].create([
            {"inspection_id": cls.inspection.id, "measure_id": measure.id} for measure in cls.measures])
        cls.next_campaign = cls.env["integrity.campaign"].create({"name": "2014 campaign", "year": 2014})


@tagged("post_install", "-at_install")
class TestScreens(ScreensCase):
    def test_levels_group_high_medium_low_in_lists_pivots_and_graphs(self):
        """The web client groups a list lazily (web_read_group), a pivot and a graph eagerly (read_group and
        web_read_group with lazy=False, no order of their own): 高 中 低 in each, never 高 低 中."""
        for model, level, user in (("integrity.risk", "level", self.office), ("integrity.risk", "level", self.leader),
                                   ("integrity.risk", "level", self.unit_a_user),
                                   ("integrity.measure", "risk_level", self.unit_a_user)):
            records = self.env[model].with_user(user)
            with self.subTest(model=model, user=user.name):
                listed = records.web_read_group([], [level], [level])["groups"]
                self.assertEqual([group[level] for group in listed], LEVELS, "a list grouped by level")
                pivot_columns = records.read_group([], ["__count"], [level], lazy=False)
                self.assertEqual([group[level] for group in pivot_columns], LEVELS, "a pivot's level columns")
                pivot_cells = records.read_group([], ["__count"], ["unit_id", level], lazy=False)
                self.assertEqual([group[level] for group in pivot_cells], LEVELS, "a pivot's unit × level cells")
                graph = records.web_read_group([], ["__count"], ["category", level], lazy=False)["groups"]
                self.assertEqual([group[level] for group in graph], LEVELS, "a graph's stacked levels")
                descending = records.read_group([], ["__count"], [level], orderby=f"{level} desc", lazy=False)
                self.assertEqual([group[level] for group in descending], LEVELS[::-1], "a column sorted descending")

    def test_analysis_views_count_real_records_only(self):
        """Every pivot and graph of the module: no sample rows behind an empty analysis, graphs counting in whole
        numbers (the integrity_graph view), the measure a count."""
        views = self.env["ir.ui.view"].search([("type", "in", ("pivot", "graph")), ("model", "like", "integrity.%")])
        self.assertTrue(views.filtered(lambda v: v.type == "graph"))
        for view in views:
            with self.subTest(view=view.name):
                arch = etree.fromstring(self.env[view.model].with_user(self.office).get_views(
                    [(view.id, view.type)])["views"][view.type]["arch"])
                self.assertFalse(arch.get("sample"), "an empty analysis shows no sample data")
                self.assertFalse(arch.xpath("//field[@type='measure']"), "the measure is the count")
                if view.type == "graph":
                    self.assertEqual(arch.get("js_class"), "integrity_graph")

    def test_years_are_not_added_up(self):
        """A campaign's year prints as 2013 in its list and form; a list grouped by status has no sum of years."""
        description = self.env["integrity.campaign"].with_user(self.office).fields_get(["year"])["year"]
        self.assertNotIn("aggregator", description)
        groups = self.env["integrity.campaign"].with_user(self.office).web_read_group(
            [], ["year"], ["state"])["groups"]
        self.assertEqual({group["state"] for group in groups}, {"draft", "running"})
        self.assertFalse([group for group in groups if "year" in group], "no 4,026 in a group's row")

    def test_analyses_open_on_the_running_campaign(self):
        """The calendar, the risk register, the measures and the findings open filtered on the running campaign:
        the next year's draft campaign and its records stay out until the filter is removed."""
        unit = self.env["integrity.unit"].create({
            "campaign_id": self.next_campaign.id, "department_id": self.dept_a.id,
            "leader_id": self.head_a.id, "liaison_id": self.liaison_a.id})
        next_risk = self.env["integrity.risk"].create({
            "unit_id": unit.id, "job_id": self.job_cashier.id, "name": "Next year's risk", "category": "power",
            "level": "high"})
        next_measure = self.env["integrity.measure"].create({
            "risk_id": next_risk.id, "name": "Next year's measure", "responsible_id": self.head_a.id,
            "deadline": "2014-06-30"})
        next_inspection = self.env["integrity.inspection"].create({"unit_id": unit.id, "date": "2014-09-01"})
        self.env["integrity.inspection.finding"].create({"inspection_id": next_inspection.id,
                                                         "measure_id": next_measure.id})
        actions = {
            "integrity_risk.integrity_risk_action": self.risks,
            "integrity_risk.integrity_measure_action": self.measures,
            "integrity_risk.integrity_inspection_finding_action_analysis": self.inspection.finding_ids,
            "integrity_risk.integrity_calendar_event_action": None,
        }
        for xmlid, expected in actions.items():
            action = self.env["ir.actions.act_window"].with_user(self.office)._for_xml_id(xmlid)
            with self.subTest(action=xmlid):
                context = safe_eval(action["context"], {"uid": self.office.id})
                self.assertTrue(context["search_default_running_campaign"])
                Model = self.env[action["res_model"]].with_user(self.office)
                search = etree.fromstring(Model.get_views([(False, "search")])["views"]["search"]["arch"])
                [running] = search.xpath("//filter[@name='running_campaign']")
                found = Model.search(safe_eval(running.get("domain"), {"uid": self.office.id}))
                self.assertTrue(found)
                if expected is not None:
                    self.assertEqual(found, expected)
                else:
                    self.assertEqual(set(found.campaign_id.mapped("state")), {"running"})
                self.assertLess(len(found), Model.search_count([]), "the other campaign's records are left out")

    def test_calendar_opens_on_the_next_event_of_the_running_campaign(self):
        """From the menu, the calendar opens on the running campaign's next event the user may see (their last
        once all have passed), not on today's month; the draft campaign's events do not count."""
        menu = self.env.ref("integrity_risk.integrity_calendar_menu")
        server_action = self.env.ref("integrity_risk.integrity_calendar_event_action_open")
        self.assertEqual(menu.action, server_action)

        def opened_on(user):
            action = server_action.with_user(user).run()
            self.assertEqual(action["res_model"], "integrity.calendar.event")
            self.assertEqual(action["view_mode"], "calendar,list")
            self.assertTrue(action["context"]["search_default_running_campaign"])
            return action["context"].get("initial_date")

        with freeze_time("2013-05-01"):
            # the measures are due on 2013-06-30: the office sees them; the cadre is not responsible for them
            self.assertEqual(opened_on(self.office), "2013-06-30")
            self.assertEqual(opened_on(self.cadre), "2013-07-10", "the next phase deadline")
        with freeze_time("2013-12-20"):
            # every event of 2013 has passed; the 2014 campaign's kickoff (2013-12-31) is still a draft
            self.assertEqual(opened_on(self.office), "2013-12-10")
        self.campaign._as_process().write({"state": "closed"})
        self.assertFalse(opened_on(self.office), "no running campaign: the calendar opens on today")

    def test_background_prints_refresh_as_they_print(self):
        """The requester's open list and form of background prints hear of each step of the job (queued, printing,
        ready) on the bus, and nobody else does."""
        bus_before = self.env["bus.bus"].search([]).ids
        action = self.env.ref("integrity_risk.action_print_campaign_annex_3_xlsx").with_user(self.office).with_context(
            active_model="integrity.campaign", active_ids=self.campaign.ids, active_id=self.campaign.id)
        action.run()
        job = self.env["integrity.print.job"].search([])
        self.env["integrity.print.job"]._cron_print()
        self.assertEqual(job.state, "done")
        self.env.cr.precommit.run()  # the bus keeps its notifications until the transaction commits
        updates = [(bus.channel, json.loads(bus.message)) for bus in self.env["bus.bus"].search(
            [("id", "not in", bus_before)], order="id")]
        updates = [(channel, message["payload"]) for channel, message in updates
                   if message["type"] == "integrity_risk.print_job/updated"]
        channel = json.dumps([self.env.cr.dbname, "res.partner", self.office.partner_id.id], separators=(",", ":"))
        self.assertEqual({channel_ for channel_, _payload in updates}, {channel}, "the requester alone")
        self.assertEqual([payload["state"] for _channel, payload in updates], ["queued", "running", "done"])
        self.assertEqual(updates[-1][1], {"id": job.id, "state": "done", "progress": 100})

    def test_background_prints_are_the_office_and_leading_group_s(self):
        """The action of the menu 后台打印 carries the menu's groups; opened by its address (as /web/action/load
        reads it) it refuses a cadre or a working group in words, and tells the office how to print."""
        action = self.env.ref("integrity_risk.integrity_print_job_action")
        menu = self.env.ref("integrity_risk.integrity_print_job_menu")
        self.assertEqual(action.groups_id, menu.groups_id)
        for user in (self.cadre, self.unit_a_user):
            with self.subTest(user=user.name):
                loaded = action.with_user(user).sudo()._get_action_dict()
                self.assertIn("Background prints are not for you", loaded["help"])
                self.assertNotIn("University-wide Tables", loaded["help"])
        for user in (self.office, self.leader):
            with self.subTest(user=user.name):
                loaded = action.with_user(user).sudo()._get_action_dict()
                self.assertIn("University-wide Tables", loaded["help"])

    def test_the_leading_group_has_its_own_workbench(self):
        """The leading group reads the office's figures, under a title of its own (the template keys on roles)."""
        leader = self.env["integrity.dashboard"].with_user(self.leader).get_data()
        self.assertEqual(leader["roles"], {"office": False, "leader": True, "unit": False})
        self.assertTrue(leader["office"])
        office = self.env["integrity.dashboard"].with_user(self.office).get_data()
        self.assertTrue(office["roles"]["office"])

    def test_deadline_reminders_date_as_the_liaison_reads_dates(self):
        """A liaison's reminder (a mail in their inbox, an activity) names the phase and its deadline in the
        liaison's language and date format, as their screens do: 04/10/2013 in English, 2013年04月10日 in Chinese."""
        self.activate_chinese()
        self.unit_b_user.lang = "zh_CN"
        with freeze_time("2013-04-05"):
            self.env["integrity.campaign"]._cron_deadlines()
        for unit, date, phase in ((self.unit_a, "04/10/2013", "Identification and Grading"),
                                  (self.unit_b, "2013年04月10日", "风险排查、定级")):
            with self.subTest(unit=unit.name):
                mail = self.env["mail.mail"].search([("model", "=", "integrity.unit"), ("res_id", "=", unit.id),
                                                     ("subject", "like", date)])
                self.assertEqual(len(mail), 1, "the reminder, its deadline as the liaison reads dates")
                self.assertIn(phase, mail.subject)
                self.assertIn(date, mail.body_html)
                self.assertNotIn("2013-04-10", mail.body_html)
                activity = unit.activity_ids.filtered(lambda a: a.date_deadline.isoformat() == "2013-04-10")
                self.assertIn(phase, activity.summary)

    def test_phone_numbers_stay_on_one_line(self):
        """The employees' lists (HR's and the public one) and the campaign's units keep a phone number on one line."""
        checks = [("hr.employee", "list", "//field[@name='work_phone']"),
                  ("hr.employee.public", "list", "//field[@name='work_phone']"),
                  ("integrity.campaign", "form", "//field[@name='unit_ids']//field[@name='liaison_phone']")]
        for model, view_type, path in checks:
            with self.subTest(model=model):
                arch = etree.fromstring(self.env[model].with_user(self.office).get_views(
                    [(False, view_type)])["views"][view_type]["arch"])
                [phone] = arch.xpath(path)
                self.assertIn("text-nowrap", phone.get("class"))
                self.assertEqual(phone.get("width"), "110px")


@tagged("post_install", "-at_install", "browser")
class TestScreensInTheBrowser(HttpCase, ScreensCase):
    """What each role sees, in headless Chromium (in English: the test users' language)."""

    def test_each_role_sees_its_screens(self):
        # the unit's card: chips labelled by level, the deadline in the user's date format (04/10/2013)
        self.start_tour("/odoo/action-integrity_risk.integrity_dashboard_action", "integrity_risk_screens_unit",
                        login="ir_unit_a")
        # the leading group's workbench has its own title
        self.start_tour("/odoo/action-integrity_risk.integrity_dashboard_action", "integrity_risk_screens_leader",
                        login="ir_leader")
        # the graph counts in whole numbers; the calendar opens on the running campaign's last event (all passed)
        self.start_tour("/odoo/action-integrity_risk.integrity_risk_action?view_type=graph",
                        "integrity_risk_screens_graph", login="ir_office")
        self.start_tour("/odoo/integrity-calendar", "integrity_risk_screens_calendar", login="ir_office")
        # the office's background prints open, list and form, as views that follow the job on the bus
        job_action = self.env.ref("integrity_risk.action_print_campaign_annex_3_xlsx").with_user(self.office)
        job_action.with_context(active_model="integrity.campaign", active_ids=self.campaign.ids).run()
        job = self.env["integrity.print.job"].search([])
        for url in ("/odoo/action-integrity_risk.integrity_print_job_action",
                    f"/odoo/action-integrity_risk.integrity_print_job_action/{job.id}"):
            self.start_tour(url, "integrity_risk_view_loads", login="ir_office")
        # a cadre opening 后台打印 by its address is refused in words
        self.start_tour("/odoo/action-integrity_risk.integrity_print_job_action", "integrity_risk_screens_cadre_prints",
                        login="ir_cadre")
