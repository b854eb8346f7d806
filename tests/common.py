from contextlib import contextmanager

from odoo.tests.common import TransactionCase, new_test_user


class IntegrityCase(TransactionCase):
    """Two departments, a campaign with one unit each, and a user for every role.

    - office: leading-group office; leader: leading group;
    - unit_a / unit_b: liaison of unit A / unit B (unit working group);
    - leader_a: head of unit A's working group, reviewer of its self-checks;
    - cadre: a post holder of department A (personnel).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        groups = "integrity_risk.group_%s"
        cls.office = new_test_user(cls.env, "ir_office", groups=groups % "office", name="Office User")
        cls.leader = new_test_user(cls.env, "ir_leader", groups=groups % "leader", name="Leading Group User")
        cls.unit_a_user = new_test_user(cls.env, "ir_unit_a", groups=groups % "unit", name="Liaison A")
        cls.leader_a_user = new_test_user(cls.env, "ir_leader_a", groups=groups % "unit", name="Head A")
        cls.unit_b_user = new_test_user(cls.env, "ir_unit_b", groups=groups % "unit", name="Liaison B")
        cls.cadre = new_test_user(cls.env, "ir_cadre", groups=groups % "user", name="Cadre A")

        Job = cls.env["hr.job"]
        cls.job_head = Job.create({"name": "Head of Office"})
        cls.job_liaison = Job.create({"name": "Section Chief"})
        cls.job_cashier = Job.create({"name": "Cashier"})
        Department = cls.env["hr.department"]
        cls.dept_a = Department.create({"name": "Finance Office"})
        cls.dept_b = Department.create({"name": "Audit Office"})
        Employee = cls.env["hr.employee"]
        cls.head_a = Employee.create({
            "name": "Head A", "department_id": cls.dept_a.id, "cadre_rank": "division", "political_status": "cpc",
            "job_id": cls.job_head.id, "user_id": cls.leader_a_user.id,
        })
        cls.liaison_a = Employee.create({
            "name": "Liaison A", "department_id": cls.dept_a.id, "user_id": cls.unit_a_user.id,
            "cadre_rank": "section", "political_status": "masses", "mobile_phone": "13800000001",
            "work_email": "liaison.a@example.edu", "job_id": cls.job_liaison.id,
        })
        cls.cadre_a = Employee.create({
            "name": "Cadre A", "department_id": cls.dept_a.id, "user_id": cls.cadre.id,
            "cadre_rank": "deputy_section", "political_status": "masses", "job_id": cls.job_cashier.id,
        })
        cls.head_b = Employee.create({
            "name": "Head B", "department_id": cls.dept_b.id, "cadre_rank": "division", "political_status": "cpc",
        })
        cls.liaison_b = Employee.create({
            "name": "Liaison B", "department_id": cls.dept_b.id, "user_id": cls.unit_b_user.id,
            "cadre_rank": "section", "political_status": "cpc",
        })
        cls.supervisor = Employee.create({
            "name": "Vice President", "user_id": cls.leader.id, "cadre_rank": "bureau", "political_status": "cpc",
        })
        cls.campaign = cls.env["integrity.campaign"].create({"name": "2013 campaign", "year": 2013})
        Unit = cls.env["integrity.unit"]
        cls.unit_a = Unit.create({
            "campaign_id": cls.campaign.id, "department_id": cls.dept_a.id,
            "leader_id": cls.head_a.id, "liaison_id": cls.liaison_a.id, "supervisor_id": cls.supervisor.id,
        })
        cls.unit_b = Unit.create({
            "campaign_id": cls.campaign.id, "department_id": cls.dept_b.id,
            "leader_id": cls.head_b.id, "liaison_id": cls.liaison_b.id, "supervisor_id": cls.supervisor.id,
        })

    @classmethod
    def start_identification(cls, unit, liaison_user):
        """The liaison reports the working-group list and the office files it: the unit enters phase 2."""
        unit.with_user(liaison_user).action_report_list()
        package = unit.submission_ids.filtered(lambda s: s.deliverable == "working_group")
        package.with_user(cls.office).action_file("Complete; filed.")

    @classmethod
    def approve_and_file(cls, package, comment="Complete; filed."):
        """The supervising university leader approves annex 2/3 or annex 4, then the office files the package."""
        if package.needs_approval:
            package.with_user(package.unit_id.supervisor_id.user_id).action_approve()
        package.with_user(cls.office).action_file(comment)

    @classmethod
    def activate_chinese(cls):
        """Make zh_CN available with the translations of mail and this module loaded."""
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["mail", "integrity_risk"], ["zh_CN"], overwrite=True)

    @contextmanager
    def assertRefused(self, exception, pattern):
        """The block raises ``exception`` with a message matching ``pattern``; its changes are rolled back."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)
