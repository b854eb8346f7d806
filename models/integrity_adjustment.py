from odoo import fields, models
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
    kind = fields.Selection(
        [("modify", "Revise Risk Point"), ("add", "Add Risk Point"), ("retire", "Retire Risk Point")],
        required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    changes = fields.Text(string="What Changed", readonly=True)
    user_id = fields.Many2one("res.users", string="Adjusted By", required=True, readonly=True,
                              default=lambda self: self.env.user)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    state = fields.Selection([("reported", "Reported"), ("acknowledged", "Acknowledged")], default="reported",
                             required=True, readonly=True, tracking=True)

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
