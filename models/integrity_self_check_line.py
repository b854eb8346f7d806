from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .grading import LEVELS
from .integrity_risk import CATEGORIES, CATEGORY_HELP


class IntegritySelfCheckLine(models.Model):
    """One row of annex 1: a duty of the post, its risk control point and the self-assessed level."""

    _name = "integrity.self.check.line"
    _description = "Self-Check Line"
    _inherit = ["integrity.process.mixin"]
    _order = "self_check_id, sequence, id"
    _unit_field = None

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

    def _check_form_open(self, checks):
        """Lines change with their form only while its holder prepares it (draft or returned)."""
        if self._by_process():
            return
        for check in checks:
            if check.state not in ("draft", "returned"):
                raise UserError(self.env._(
                    "The self-check “%(check)s” has been submitted: its lines no longer change.",
                    check=check.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_form_open(self.env["integrity.self.check"].browse(
            {vals["self_check_id"] for vals in vals_list if vals.get("self_check_id")}))
        return super().create(vals_list)

    def write(self, vals):
        self._check_form_open(self.self_check_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_open_forms(self):
        self._check_form_open(self.self_check_id)

