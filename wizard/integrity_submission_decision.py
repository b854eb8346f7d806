from odoo import fields, models


class IntegritySubmissionDecision(models.TransientModel):
    """The office's decision on a submitted package, confirmed with its comment: file (备案) or return (退回)."""

    _name = "integrity.submission.decision"
    _description = "File or Return a Submission"

    submission_id = fields.Many2one("integrity.submission", required=True, ondelete="cascade")
    decision = fields.Selection([("file", "File"), ("return", "Return")], required=True, default="return")
    comment = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "file":
            self.submission_id.action_file(self.comment)
        else:
            self.submission_id.action_return(self.comment)
        return {"type": "ir.actions.act_window_close"}
