from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IntegrityScopeException(models.Model):
    """The office's decision to include or exclude one person from a unit's scope, beside the plan's rule."""

    _name = "integrity.scope.exception"
    _description = "Scope Inclusion or Exclusion"
    _inherit = ["integrity.process.mixin"]
    _order = "unit_id, kind, id"
    _check_company_auto = True

    unit_id = fields.Many2one("integrity.unit", required=True, index=True, ondelete="cascade", check_company=True)
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    employee_id = fields.Many2one("hr.employee", required=True, check_company=True)
    kind = fields.Selection([("include", "Include"), ("exclude", "Exclude")], required=True, default="include")
    reason = fields.Char(required=True, help="Why the office decides differently from the plan's rule.")
    decided_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    decided_on = fields.Datetime(readonly=True, default=fields.Datetime.now)

    _sql_constraints = [
        ("employee_unique", "unique(unit_id, employee_id)",
         "A person is either included in or excluded from a unit's scope, once."),
    ]

    @api.constrains("reason")
    def _check_reason(self):
        if any(not (exception.reason or "").strip() for exception in self):
            raise ValidationError(self.env._("Give the reason for including or excluding the person."))

    @api.model_create_multi
    def create(self, vals_list):
        exceptions = super().create(vals_list)
        exceptions.unit_id._sync_scope(cause="office")
        return exceptions

    def write(self, vals):
        units = self.unit_id
        result = super().write(vals)
        (units | self.unit_id)._sync_scope(cause="office")
        return result

    def unlink(self):
        units = self.unit_id
        result = super().unlink()
        units._sync_scope(cause="office")
        return result
