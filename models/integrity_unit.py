from odoo import api, fields, models
from odoo.exceptions import UserError

from .integrity_phase_template import PHASES

UNIT_PHASES = [*PHASES, ("done", "Completed")]


class IntegrityUnit(models.Model):
    """A unit's working group (单位工作小组) in one campaign."""

    _name = "integrity.unit"
    _description = "Unit Working Group"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "campaign_id desc, sequence, id"
    _check_company_auto = True

    # Only the office sets these; the working group maintains its own people and contacts.
    _OFFICE_FIELDS = {"campaign_id", "department_id", "scope_employee_ids", "current_phase", "sequence"}

    name = fields.Char(related="department_id.name")
    sequence = fields.Integer(default=10)
    campaign_id = fields.Many2one(
        "integrity.campaign", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    department_id = fields.Many2one("hr.department", required=True, check_company=True, tracking=True)
    leader_id = fields.Many2one(
        "hr.employee", string="Leader", check_company=True, tracking=True,
        help="Head of the working group: the unit's main party or administrative head.",
    )
    member_ids = fields.Many2many(
        "hr.employee", "integrity_unit_member_rel", "unit_id", "employee_id",
        string="Members", check_company=True,
    )
    liaison_id = fields.Many2one(
        "hr.employee", string="Liaison", check_company=True, tracking=True,
        help="The person who keeps in touch with the leading group's office.",
    )
    liaison_phone = fields.Char(compute="_compute_liaison_contact", store=True, readonly=False, tracking=True)
    liaison_email = fields.Char(compute="_compute_liaison_contact", store=True, readonly=False, tracking=True)
    supervisor_id = fields.Many2one(
        "hr.employee", string="Supervising University Leader", check_company=True,
        help="Reviewer of the unit's annex 2 and annex 3.",
    )
    list_reported_date = fields.Date(
        string="List Reported On", readonly=True, copy=False, tracking=True,
        help="When the working-group list was reported to the office (the kickoff deliverable).",
    )
    current_phase = fields.Selection(
        UNIT_PHASES, default="kickoff", required=True, readonly=True, copy=False, tracking=True,
        group_expand=True,
    )
    scope_employee_ids = fields.Many2many(
        "hr.employee", "integrity_unit_scope_rel", "unit_id", "employee_id",
        string="Personnel in Scope", check_company=True,
        help="Filled by the plan's rule (deputy section level and above, and party members of the "
        "department); the office may add or remove people.",
    )
    scope_count = fields.Integer(compute="_compute_scope_count")
    user_ids = fields.Many2many(
        "res.users", "integrity_unit_user_rel", "unit_id", "user_id",
        string="Working Group Users", compute="_compute_user_ids", store=True,
        help="Users of the leader, members and liaison: they work on this unit's records.",
    )

    _sql_constraints = [
        ("department_unique", "unique(campaign_id, department_id)",
         "A department has one working group per campaign."),
    ]

    @api.depends("liaison_id")
    def _compute_liaison_contact(self):
        for unit in self:
            employee = unit.liaison_id
            unit.liaison_phone = employee.mobile_phone or employee.work_phone or False
            unit.liaison_email = employee.work_email or False

    @api.depends("scope_employee_ids")
    def _compute_scope_count(self):
        for unit in self:
            unit.scope_count = len(unit.scope_employee_ids)

    @api.depends("leader_id.user_id", "member_ids.user_id", "liaison_id.user_id")
    def _compute_user_ids(self):
        for unit in self:
            unit.user_ids = (unit.leader_id | unit.member_ids | unit.liaison_id).user_id

    @api.model_create_multi
    def create(self, vals_list):
        units = super().create(vals_list)
        units.filtered(lambda u: not u.scope_employee_ids)._apply_scope_rule()
        return units

    def write(self, vals):
        if self._OFFICE_FIELDS.intersection(vals) and not self.env.context.get("integrity_unit_workflow"):
            self._check_office()
        return super().write(vals)

    def _check_office(self):
        if not self.env.user.has_group("integrity_risk.group_office"):
            raise UserError(self.env._(
                "Only the leading group's office can change a unit's campaign, department, phase "
                "or personnel in scope."
            ))

    def _apply_scope_rule(self):
        """Set each unit's personnel in scope by the plan's rule, in one search."""
        if not self:
            return
        employees = self.env["hr.employee"].sudo().search([
            ("department_id", "in", self.department_id.ids),
            *self.env["hr.employee"]._integrity_scope_domain(),
        ])
        by_department = employees.grouped("department_id")
        for unit in self:
            found = by_department.get(unit.department_id, employees.browse())
            unit.with_context(integrity_unit_workflow=True).scope_employee_ids = found.with_env(self.env)

    def action_apply_scope_rule(self):
        self._check_office()
        self._apply_scope_rule()

    def action_report_list(self):
        """Report the working-group list, liaison and contacts to the office."""
        for unit in self:
            if unit.list_reported_date:
                raise UserError(self.env._("The list of %(unit)s has already been reported.", unit=unit.name))
            missing = []
            if not unit.leader_id:
                missing.append(self.env._("a leader"))
            if not unit.liaison_id:
                missing.append(self.env._("a liaison"))
            if missing:
                raise UserError(self.env._(
                    "%(unit)s cannot report its working-group list without %(missing)s.",
                    unit=unit.name, missing=self.env._(" and ").join(missing),
                ))
        values = {"list_reported_date": fields.Date.context_today(self)}
        starting = self.filtered(lambda u: u.current_phase == "kickoff")
        starting.with_context(integrity_unit_workflow=True).write(dict(values, current_phase="identification"))
        (self - starting).write(values)

    def _copy_to_campaign(self, campaign):
        """The same working groups in another campaign; personnel in scope by this year's rule."""
        return self.with_context(integrity_unit_workflow=True).create([{
            "campaign_id": campaign.id,
            "department_id": unit.department_id.id,
            "sequence": unit.sequence,
            "leader_id": unit.leader_id.id,
            "member_ids": unit.member_ids.ids,
            "liaison_id": unit.liaison_id.id,
            "liaison_phone": unit.liaison_phone,
            "liaison_email": unit.liaison_email,
            "supervisor_id": unit.supervisor_id.id,
        } for unit in self])
