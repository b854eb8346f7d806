from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.grading import LEVELS
from ..models.integrity_adjustment import comparable, describe_changes
from ..models.integrity_risk import CATEGORIES, CATEGORY_HELP, FACTOR_SCALE

# The risk point's fields an adjustment may change, in the order the change is described.
ADJUSTABLE = ("name", "duty", "job_id", "employee_ids", "category", "importance", "frequency", "discretion",
              "probability", "harm", "major_matter", "resource_allocation", "past_problem", "level",
              "level_reason")


class IntegrityRiskAdjust(models.TransientModel):
    """Change, add or retire a risk point of a filed register, with the reason; the change is recorded."""

    _name = "integrity.risk.adjust"
    _description = "Adjust a Filed Risk Point"

    kind = fields.Selection(
        [("modify", "Revise Risk Point"), ("add", "Add Risk Point"), ("retire", "Retire Risk Point")],
        required=True, default="modify")
    risk_id = fields.Many2one("integrity.risk", string="Risk Point")
    unit_id = fields.Many2one("integrity.unit", required=True)
    reason = fields.Text(required=True, help="Why the risk point changes: what the inspection or the work found.")
    finding_id = fields.Many2one("integrity.inspection.finding", string="Inspection Finding")
    flow_chart_ids = fields.Many2many("ir.attachment", string="Revised Flow Charts",
                                      help="New power-flow charts, if the change revises them.")
    name = fields.Text(string="Risk Point Content")
    duty = fields.Text(string="Post Duty")
    job_id = fields.Many2one("hr.job", string="Post")
    employee_ids = fields.Many2many("hr.employee", string="Responsible Persons")
    category = fields.Selection(CATEGORIES, help=CATEGORY_HELP)
    importance = fields.Selection(FACTOR_SCALE, string="Importance of the Power")
    frequency = fields.Selection(FACTOR_SCALE, string="Frequency of Use")
    discretion = fields.Selection(FACTOR_SCALE, string="Size of Discretion")
    probability = fields.Selection(FACTOR_SCALE, string="Probability of Corruption")
    harm = fields.Selection(FACTOR_SCALE, string="Degree of Harm")
    major_matter = fields.Boolean(string="Major Matter (三重一大)")
    resource_allocation = fields.Boolean(string="Allocates People, Money or Goods")
    past_problem = fields.Boolean(string="Past Integrity Problem")
    level = fields.Selection(LEVELS, string="Risk Level")
    level_reason = fields.Text(string="Reason for the Level")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        risk = self.env["integrity.risk"].browse(values.get("risk_id"))
        if risk:
            values["unit_id"] = risk.unit_id.id
            for name in ADJUSTABLE:
                value = risk[name]
                values[name] = value.ids if name == "employee_ids" else (value.id if name == "job_id" else value)
        return values


    def action_apply(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the adjustment."))
        unit = self.risk_id.unit_id if self.risk_id else self.unit_id
        # the unit's working group adjusts its own register: checked here, then the process writes
        unit._check_step("adjust")
        self.env["integrity.adjustment"]._check_uploads(self.flow_chart_ids, self)
        Risk = self.env["integrity.risk"]
        if self.kind == "add":
            if not (self.name or "").strip() or not self.job_id:
                raise UserError(self.env._("A new risk point needs its post and its content."))
            risk = Risk._as_adjustment().create(dict(self._values(), unit_id=unit.id, source="unit_review"))
            risk._as_process()._take_step("confirm")
            risk._cover_with_filed_packages()
            changes = self.env._("New risk point: %(risk)s", risk=risk.display_name)
        else:
            risk = self.risk_id
            if not risk:
                raise UserError(self.env._("Choose the risk point to adjust."))
            if self.kind == "retire":
                changes = self.env._("Retired: %(risk)s", risk=risk.display_name)
                risk._retire()
            else:
                vals = {name: value for name, value in self._values().items()
                        if comparable(risk[name]) != comparable(self[name])}
                if not vals:
                    raise UserError(self.env._("Nothing was changed: edit the risk point before applying."))
                changes = describe_changes(risk, self, vals)
                risk._as_adjustment().write(vals)
        risk = risk.with_env(self.env)
        self.env["integrity.adjustment"]._record(unit, self.kind, self.reason, changes, risk=risk,
                                                 finding=self.finding_id, flow_charts=self.flow_chart_ids)
        risk.message_post(body=self.env._("Adjusted (%(kind)s): %(reason)s", kind=dict(
            self._fields["kind"]._description_selection(self.env))[self.kind], reason=self.reason))
        return {"type": "ir.actions.act_window_close"}

    def _values(self):
        values = {}
        for name in ADJUSTABLE:
            value = self[name]
            if name == "employee_ids":
                values[name] = [(6, 0, value.ids)]
            elif name == "job_id":
                values[name] = value.id
            else:
                values[name] = value
        return values
