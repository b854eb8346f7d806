from odoo import fields, models
from odoo.exceptions import UserError

from ..models.integrity_adjustment import comparable, describe_changes, proposed_fields
from ..models.integrity_risk import IntegrityRisk


class IntegrityRiskAdjust(models.TransientModel):
    """Change, add or retire a risk point of a filed register, with the reason; the change is recorded."""

    _name = "integrity.risk.adjust"
    _description = "Adjust a Filed Risk Point"
    _inherit = ["integrity.adjust.mixin"]
    _adjusted_field = "risk_id"

    kind = fields.Selection(
        [("modify", "Revise Risk Point"), ("add", "Add Risk Point"), ("retire", "Retire Risk Point")],
        required=True, default="modify", string="Adjustment Kind")
    risk_id = fields.Many2one("integrity.risk", string="Risk Point to Adjust")
    unit_id = fields.Many2one("integrity.unit", required=True)
    reason = fields.Text(required=True, help="Why the risk point changes: what the inspection or the work found.")
    # the proposed content, declared as the risk point declares it
    vars().update(proposed_fields(IntegrityRisk, IntegrityRisk._content_fields))

    def _placement(self, record):
        return {"unit_id": record.unit_id.id}

    def action_apply(self):
        self.ensure_one()
        unit = self.risk_id.unit_id if self.risk_id else self.unit_id
        self._check_adjustment(unit)
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
