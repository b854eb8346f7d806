from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.integrity_adjustment import comparable, describe_changes
from ..models.integrity_measure import STAGES

ADJUSTABLE = ("name", "kind_id", "scope", "stage", "responsible_id", "deadline")


class IntegrityMeasureAdjust(models.TransientModel):
    """Revise a filed measure or add one to a filed risk point, with the reason; the change is recorded."""

    _name = "integrity.measure.adjust"
    _description = "Adjust a Filed Control Measure"

    kind = fields.Selection([("modify", "Revise Measure"), ("add", "Add Measure")], required=True,
                            default="modify")
    measure_id = fields.Many2one("integrity.measure")
    risk_id = fields.Many2one("integrity.risk", string="Risk Point", required=True)
    unit_id = fields.Many2one(related="risk_id.unit_id")
    category = fields.Selection(related="risk_id.category")
    reason = fields.Text(required=True, help="Why the measure changes: what the inspection found.")
    finding_id = fields.Many2one("integrity.inspection.finding", string="Inspection Finding")
    flow_chart_ids = fields.Many2many("ir.attachment", string="Revised Flow Charts",
                                      help="New power-flow charts, if the change revises them.")
    name = fields.Text(string="Measure Description")
    kind_id = fields.Many2one("integrity.measure.kind", string="Measure Kind", domain="[('category', '=', category)]")
    scope = fields.Selection([("personal", "Personal Measure"), ("unit", "Unit Measure")], default="personal")
    stage = fields.Selection(STAGES, string="Controlled Stage")
    responsible_id = fields.Many2one("hr.employee")
    deadline = fields.Date()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        measure = self.env["integrity.measure"].browse(values.get("measure_id"))
        if measure:
            values["risk_id"] = measure.risk_id.id
            for name in ADJUSTABLE:
                value = measure[name]
                values[name] = value.id if isinstance(value, models.BaseModel) else value
        return values

    def _values(self):
        return {name: (self[name].id if isinstance(self[name], models.BaseModel) else self[name])
                for name in ADJUSTABLE}

    def action_apply(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the adjustment."))
        if self.measure_id and self.measure_id.risk_id != self.risk_id:
            raise UserError(self.env._("The measure belongs to another risk point."))
        unit = self.risk_id.unit_id
        # the unit's working group adjusts its own measures: checked here, then the process writes
        unit._check_step("adjust")
        self.env["integrity.adjustment"]._check_uploads(self.flow_chart_ids, self)
        Measure = self.env["integrity.measure"]._as_adjustment()
        if not (self.name or "").strip() or not self.responsible_id or not self.deadline:
            raise UserError(self.env._("A measure needs its description, the person responsible and a deadline."))
        if self.kind == "add":
            measure = Measure.create(dict(self._values(), risk_id=self.risk_id.id))
            measure._cover_with_filed_packages()
            changes = self.env._("New measure: %(measure)s", measure=measure.display_name)
            kind = "add_measure"
        else:
            measure = self.measure_id._as_adjustment()
            if not measure:
                raise UserError(self.env._("Choose the measure to revise."))
            vals = {name: value for name, value in self._values().items()
                    if comparable(measure[name]) != comparable(self[name])}
            if not vals:
                raise UserError(self.env._("Nothing was changed: edit the measure before applying."))
            changes = describe_changes(measure, self, vals)
            measure.write(vals)
            if measure.state == "ineffective":
                measure._as_process().write({"state": "in_progress"})  # a revised measure is carried out again
            kind = "modify_measure"
        measure = measure.with_env(self.env)
        self.env["integrity.adjustment"]._record(unit, kind, self.reason, changes, risk=self.risk_id,
                                                 measure=measure, finding=self.finding_id,
                                                 flow_charts=self.flow_chart_ids)
        return {"type": "ir.actions.act_window_close"}
