from odoo import api, fields, models
from odoo.exceptions import UserError


class IntegrityReturn(models.TransientModel):
    """Send a form back to the person who wrote it, with what to change: a self-check or a proposed measure."""

    _name = "integrity.return.wizard"
    _description = "Return with a Comment"

    self_check_id = fields.Many2one("integrity.self.check", ondelete="cascade")
    measure_id = fields.Many2one("integrity.measure", ondelete="cascade")
    comment = fields.Text(required=True, help="What the author should change.")

    @api.constrains("self_check_id", "measure_id")
    def _check_one_target(self):
        if any(bool(wizard.self_check_id) == bool(wizard.measure_id) for wizard in self):
            raise UserError(self.env._("Return one self-check or one proposed measure."))

    def action_confirm(self):
        self.ensure_one()
        (self.self_check_id or self.measure_id).action_return(self.comment)
        return {"type": "ir.actions.act_window_close"}
