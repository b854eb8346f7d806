from odoo import fields, models


class IntegritySubmissionDecision(models.TransientModel):
    """A decision on a submitted package, confirmed with its comment: the supervising leader approves or returns it,
    the office files (备案) or returns (退回) it. Each step checks who may take it."""

    _name = "integrity.submission.decision"
    _description = "File or Return a Submission"

    submission_id = fields.Many2one("integrity.submission", required=True, ondelete="cascade")
    decision = fields.Selection([("approve", "Approve"), ("reject", "Return (Supervising Leader)"), ("file", "File"),
                                 ("return", "Return")], required=True, default="return")
    comment = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        getattr(self.submission_id, f"action_{self.decision}")(self.comment)
        return {"type": "ir.actions.act_window_close"}
