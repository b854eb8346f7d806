from odoo import fields, models


class IntegritySelfCheckReturn(models.TransientModel):
    _name = "integrity.self.check.return"
    _description = "Return a Self-Check"

    self_check_id = fields.Many2one("integrity.self.check", required=True, ondelete="cascade")
    comment = fields.Text(required=True, help="What the post holder should fix.")

    def action_confirm(self):
        self.ensure_one()
        self.self_check_id.action_return(self.comment)
        return {"type": "ir.actions.act_window_close"}
