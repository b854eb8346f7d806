from odoo import fields, models


class IntegritySubmissionReturn(models.TransientModel):
    _name = "integrity.submission.return"
    _description = "Return a Submission"

    submission_id = fields.Many2one("integrity.submission", required=True, ondelete="cascade")
    comment = fields.Text(required=True, help="What the working group has to fix.")

    def action_confirm(self):
        self.ensure_one()
        self.submission_id.action_return(self.comment)
        return {"type": "ir.actions.act_window_close"}
