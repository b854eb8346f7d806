from odoo import Command
from odoo.tests import tagged

from .common import IntegrityCase

KANBAN_FIELDS = ("name", "current_phase", "is_overdue", "liaison_phone", "self_check_accepted_count",
                 "self_check_count", "risk_high_count", "risk_medium_count", "risk_low_count", "measure_done_count",
                 "measure_count", "current_deadline", "current_submission_state", "activity_state")


@tagged("post_install", "-at_install", "is_query_count")
class TestQueryCounts(IntegrityCase):
    """The report, kanban and review paths cost the same number of queries at two data sizes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.action_start()
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        cls.posts = cls.job_head | cls.job_liaison | cls.job_cashier
        cls.people = cls.head_a | cls.liaison_a | cls.cadre_a

    def grow(self, count):
        """Add ``count`` graded risk points (with a measure each) to unit A, and people in its scope."""
        start = len(self.unit_a.risk_ids)
        risks = self.env["integrity.risk"].create([{
            "unit_id": self.unit_a.id, "job_id": self.posts[n % 3].id, "name": f"Risk point {start + n}",
            "category": "power", "level": ("high", "medium", "low")[n % 3],
            "employee_ids": [Command.set(self.people[n % 3].ids)],
        } for n in range(count)])
        self.env["integrity.measure"].create([{
            "risk_id": risk.id, "name": f"Measure of {risk.name}", "responsible_id": self.people[n % 3].id,
            "deadline": "2013-06-30"} for n, risk in enumerate(risks)])
        # cadres of the department: the scope follows HR
        self.env["hr.employee"].create([
            {"name": f"Clerk {start + n}", "department_id": self.dept_a.id, "job_id": self.job_cashier.id,
             "cadre_rank": "deputy_section"} for n in range(count)])
        self.env.flush_all()
        self.env.invalidate_all()

    def assertConstantQueries(self, expected, function):
        """After a warm-up (rules, views and translations cached), ``function`` costs ``expected`` queries
        with 5 risk points and again with 45: the count does not grow with the rows."""
        self.grow(5)
        function()
        for size in (0, 40):
            self.grow(size)
            with self.assertQueryCount(expected):
                function()

    def test_unit_annex_3(self):
        Report = self.env["ir.actions.report"].with_user(self.unit_a_user)
        self.assertConstantQueries(ANNEX3_QUERIES, lambda: Report._render_qweb_html(
            "integrity_risk.report_annex_3", self.unit_a.ids))

    def test_units_kanban(self):
        Unit = self.env["integrity.unit"].with_user(self.office)
        domain = [("campaign_id", "=", self.campaign.id)]
        spec = {name: {} for name in KANBAN_FIELDS} | {"liaison_id": {"fields": {"display_name": {}}}}

        def load():
            Unit.web_read_group(domain, ["current_phase"], ["current_phase"])
            Unit.web_search_read(domain, spec)
        self.assertConstantQueries(KANBAN_QUERIES, load)

    def test_unit_review(self):
        unit = self.unit_a.with_user(self.unit_a_user)
        self.assertConstantQueries(REVIEW_QUERIES, unit._review_problems)

ANNEX3_QUERIES = 20  # at 5 and at 45 risk points: a query per row would add dozens
KANBAN_QUERIES = 16
REVIEW_QUERIES = 9
