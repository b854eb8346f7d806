from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .grading import LEVELS
from .integrity_risk import CATEGORIES, CATEGORY_HELP


class IntegritySelfCheckLine(models.Model):
    """One row of annex 1: a duty of the post, its risk control point and the self-assessed level."""

    _name = "integrity.self.check.line"
    _description = "Self-Check Line"
    _inherit = ["integrity.process.mixin"]
    _order = "self_check_id, sequence, id"
    _unit_field = None
    _open_with_parent = ("self_check_id", ("draft", "returned"))

    self_check_id = fields.Many2one("integrity.self.check", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="self_check_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    duty = fields.Text(string="Post Duty")
    name = fields.Text(string="Risk Control Point", required=True)
    category = fields.Selection(CATEGORIES, help=CATEGORY_HELP)
    level = fields.Selection(LEVELS, string="Self-Assessed Level")
    risk_ids = fields.One2many("integrity.risk", "self_check_line_id", string="Risk Points")

    @api.constrains("name")
    def _check_name(self):
        if any(not (line.name or "").strip() for line in self):
            raise ValidationError(self.env._("Each line needs its risk control point."))
