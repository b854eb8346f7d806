from odoo import api, fields, models
from odoo.exceptions import UserError


class IntegrityObjection(models.Model):
    """An objection or remark left by someone of the unit during a package's publicity."""

    _name = "integrity.objection"
    _description = "Publicity Objection or Remark"
    _inherit = ["integrity.workflow.mixin"]
    _order = "submission_id, id"

    _workflow_fields = frozenset({"state", "handled_by_id", "handled_on"})

    submission_id = fields.Many2one("integrity.submission", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="submission_id.company_id", store=True)
    unit_id = fields.Many2one(related="submission_id.unit_id", store=True, index=True)
    kind = fields.Selection([("objection", "Objection"), ("remark", "Remark")], required=True, default="objection")
    author_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user, readonly=True)
    text = fields.Text(required=True)
    state = fields.Selection([("open", "Open"), ("handled", "Handled")], default="open", required=True,
                             readonly=True)
    handling = fields.Text(help="How the working group handled it.")
    handled_by_id = fields.Many2one("res.users", readonly=True)
    handled_on = fields.Date(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        objections = super().create(vals_list)
        if any(objection.submission_id.state != "publicity" for objection in objections):
            raise UserError(self.env._("Objections are left while the package is in publicity."))
        return objections

    def action_handle(self):
        """The working group records how it handled the objection."""
        for objection in self:
            objection.submission_id._check_working_group()
            if objection.state != "open":
                raise UserError(self.env._("This objection has already been handled."))
            if not (objection.handling or "").strip():
                raise UserError(self.env._("Write how the objection was handled."))
        self._workflow_write({"state": "handled", "handled_by_id": self.env.uid,
                              "handled_on": fields.Date.context_today(self)})
