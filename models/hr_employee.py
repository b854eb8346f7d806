from odoo import api, fields, models

CADRE_RANKS = [
    ("none", "Non-cadre"),
    ("staff", "Cadre below deputy section level"),
    ("deputy_section", "Deputy section level"),
    ("section", "Section level"),
    ("deputy_division", "Deputy division level"),
    ("division", "Division level"),
    ("bureau", "Deputy bureau level and above"),
]
# Party membership is private: HR and the discipline office read it, colleagues do not.
PRIVATE_GROUPS = "hr.group_hr_user,integrity_risk.group_office"
POLITICAL_STATUSES = [
    ("cpc", "CPC member"),
    ("democratic", "Democratic party member"),
    ("masses", "Masses / no party"),
]
# The plan's unit types: all cadres and party members of the first three are in scope; a college only its
# cadres of deputy section level and above.
UNIT_TYPES = [
    ("administrative", "Administrative Department (机关部门)"),
    ("affiliated", "Directly Affiliated Unit (直（附）属单位)"),
    ("logistics", "Logistics Unit (后勤单位)"),
    ("college", "College, Teaching or Research Unit"),
]
# What of an employee decides whether they are in a unit's scope, and on which post.
SCOPE_FIELDS = {"department_id", "job_id", "cadre_rank", "political_status", "active"}


class HrDepartment(models.Model):
    _inherit = "hr.department"

    integrity_unit_type = fields.Selection(
        UNIT_TYPES, string="Unit Type (Integrity Risk)", default="administrative", required=True,
        help="Decides who is in the integrity-risk scope: every cadre and party member of administrative, "
        "affiliated and logistics units; in colleges, cadres of deputy section level and above.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "integrity_unit_type" in vals:
            self.env["integrity.unit"]._units_to_follow(self)._sync_scope(cause="rule")
        return result


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    cadre_rank = fields.Selection(
        CADRE_RANKS,
        default="none",
        tracking=True,
        help="Deputy section level and above are in the scope of integrity risk control everywhere; in "
        "administrative, affiliated and logistics units every cadre is.",
    )
    political_status = fields.Selection(
        POLITICAL_STATUSES,
        default="masses",
        tracking=True,
        groups=PRIVATE_GROUPS,
        help="Party members of administrative, affiliated and logistics units are in the scope of integrity "
        "risk control.",
    )

    @api.model
    def _integrity_scope_domain(self, unit_type):
        """The plan's rule for one type of unit: who of its department is in scope."""
        senior = [code for code, _label in CADRE_RANKS if code not in ("none", "staff")]
        if unit_type == "college":
            return [("cadre_rank", "in", senior)]
        return ["|", ("cadre_rank", "!=", "none"), ("political_status", "=", "cpc")]

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        self.env["integrity.unit"]._units_to_follow(employees.department_id)._sync_scope(cause="hr")
        return employees

    def write(self, vals):
        if not SCOPE_FIELDS & set(vals):
            return super().write(vals)
        # the scope follows HR: where each person was, and on which post, before the change
        # read as the process: the writer may be HR without rights on this module
        before = {employee.id: (employee.department_id, employee.job_id) for employee in self.sudo()}
        result = super().write(vals)
        self.env["integrity.unit"]._follow_hr_change(self, before)
        return result
