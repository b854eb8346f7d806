from odoo import fields, models
from odoo.exceptions import UserError

from ..models.integrity_adjustment import comparable, describe_changes, proposed_fields
from ..models.integrity_measure import IntegrityMeasure


class IntegrityMeasureAdjust(models.TransientModel):
    """Revise a filed measure or add one to a filed risk point, with the reason; the change is recorded."""

    _name = "integrity.measure.adjust"
    _description = "Adjust a Filed Control Measure"
    _inherit = ["integrity.adjust.mixin"]
    _adjusted_field = "measure_id"

    kind = fields.Selection([("modify", "Revise Measure"), ("add", "Add Measure")], required=True,
                            default="modify", string="Adjustment Kind")
    measure_id = fields.Many2one("integrity.measure", string="Measure to Revise")
    risk_id = fields.Many2one("integrity.risk", string="Risk Point", required=True)
    unit_id = fields.Many2one(related="risk_id.unit_id")
    category = fields.Selection(related="risk_id.category")
    reason = fields.Text(required=True, help="Why the measure changes: what the inspection found.")
    # the proposed content, declared as the measure declares it
    vars().update(proposed_fields(IntegrityMeasure, IntegrityMeasure._content_fields))

    def _placement(self, record):
        return {"risk_id": record.risk_id.id}

    def action_apply(self):
        self.ensure_one()
        if self.measure_id and self.measure_id.risk_id != self.risk_id:
            raise UserError(self.env._("The measure belongs to another risk point."))
        unit = self.risk_id.unit_id
        self._check_adjustment(unit)
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
