from odoo import api, fields, models
from odoo.exceptions import UserError

ADJUSTMENT_ACTIVITY = "integrity_risk.mail_activity_type_adjustment"


class IntegrityAdjustment(models.Model):
    """调整: a recorded change to filed records (who, what, why, when), reported to the office."""

    _name = "integrity.adjustment"
    _description = "Adjustment of Filed Records"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    _workflow_fields = frozenset({"state"})

    unit_id = fields.Many2one("integrity.unit", required=True, index=True, check_company=True, readonly=True)
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    risk_id = fields.Many2one("integrity.risk", string="Risk Point", index="btree_not_null", readonly=True,
                              context={"active_test": False})
    measure_id = fields.Many2one("integrity.measure", index="btree_not_null", readonly=True,
                                 context={"active_test": False})
    finding_id = fields.Many2one("integrity.inspection.finding", string="Inspection Finding", readonly=True,
                                 index="btree_not_null")
    kind = fields.Selection(
        [("modify", "Revise Risk Point"), ("add", "Add Risk Point"), ("retire", "Retire Risk Point"),
         ("modify_measure", "Revise Measure"), ("add_measure", "Add Measure")],
        required=True, readonly=True)
    flow_chart_ids = fields.Many2many(
        "ir.attachment", "integrity_adjustment_flow_chart_rel", "adjustment_id", "attachment_id",
        string="Revised Flow Charts", readonly=True,
        help="Power-flow charts the unit attached with this adjustment; they join the unit's charts.")
    reason = fields.Text(required=True, readonly=True)
    changes = fields.Text(string="What Changed", readonly=True)
    user_id = fields.Many2one("res.users", string="Adjusted By", required=True, readonly=True,
                              default=lambda self: self.env.user)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    state = fields.Selection([("reported", "Reported"), ("acknowledged", "Acknowledged")], default="reported",
                             required=True, readonly=True, tracking=True)

    @api.model
    def _record(self, unit, kind, reason, changes, risk=None, measure=None, finding=None, flow_charts=None):
        """Record an applied change of filed records and report it to the office."""
        adjustment = self.sudo().create({
            "unit_id": unit.id, "kind": kind, "reason": reason, "changes": changes, "user_id": self.env.uid,
            "risk_id": risk.id if risk else False, "measure_id": measure.id if measure else False,
            "finding_id": finding.id if finding else False,
            "flow_chart_ids": [(6, 0, flow_charts.ids)] if flow_charts else [],
        })
        if finding:
            finding.sudo().adjustment_id = adjustment
        if flow_charts:
            flow_charts.sudo().write({"res_model": "integrity.unit", "res_id": unit.id})
            unit.sudo().flow_chart_ids = [(4, chart.id) for chart in flow_charts]
        adjustment._report_to_office()
        return adjustment.with_env(self.env)

    def _report_to_office(self):
        for adjustment in self:
            submission = self.env["integrity.submission"].sudo().search(
                [("unit_id", "=", adjustment.unit_id.id)], limit=1)
            users = submission._office_users() if submission else self.env["res.users"]
            for user in users[:1]:
                adjustment.sudo().activity_schedule(
                    ADJUSTMENT_ACTIVITY, user_id=user.id,
                    note=self.env._("%(unit)s adjusted a filed risk point.", unit=adjustment.unit_id.name))

    def action_acknowledge(self):
        if not self.env.user.has_group("integrity_risk.group_office"):
            raise UserError(self.env._("Only the office acknowledges adjustments."))
        if any(adjustment.state != "reported" for adjustment in self):
            raise UserError(self.env._("This adjustment has already been acknowledged."))
        self._workflow_write({"state": "acknowledged"})
        self.sudo().activity_feedback([ADJUSTMENT_ACTIVITY])


def comparable(value):
    """A value of a field as the adjustment compares it: record sets by ids, empty as False."""
    if isinstance(value, models.BaseModel):
        return tuple(sorted(value.ids))
    return value or False


def describe_changes(record, proposal, names):
    """'Label: old → new' lines for the fields ``names`` of ``record`` that ``proposal`` changes."""
    env = record.env
    lines = []
    for name in names:
        field = record._fields[name]
        lines.append(env._("%(field)s: %(old)s → %(new)s", field=field._description_string(env),
                           old=_display(field, record[name], env), new=_display(field, proposal[name], env)))
    return "\n".join(lines)


def _display(field, value, env):
    if isinstance(value, models.BaseModel):
        return "、".join(value.mapped("display_name")) or "-"
    if field.type == "selection":
        return dict(field._description_selection(env)).get(value, "-")
    if field.type == "boolean":
        return "✓" if value else "✗"
    return str(value) if value else "-"
