import hashlib

from odoo import api, fields, models


class IntegritySubmissionRound(models.Model):
    """One submission of a package: the frozen files with their SHA-256, and the office's decision."""

    _name = "integrity.submission.round"
    _description = "Submission Round"
    _order = "submission_id, number desc"

    submission_id = fields.Many2one("integrity.submission", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="submission_id.company_id", store=True)
    unit_id = fields.Many2one(related="submission_id.unit_id", store=True)
    number = fields.Integer(string="Round", required=True)
    submitted_by_id = fields.Many2one("res.users", required=True)
    submitted_on = fields.Datetime(required=True)
    file_ids = fields.One2many("integrity.submission.file", "round_id", string="Frozen Files")
    decision = fields.Selection([("filed", "Filed"), ("returned", "Returned")])
    decided_by_id = fields.Many2one("res.users")
    decided_on = fields.Datetime()
    comment = fields.Text(string="Office's Comment")
    files_intact = fields.Boolean(compute="_compute_files_intact",
                                  help="Every frozen file still has the SHA-256 stored when it was submitted.")

    _sql_constraints = [
        ("number_unique", "unique(submission_id, number)", "Rounds of a submission are numbered once."),
    ]

    @api.depends("file_ids.sha256")
    def _compute_files_intact(self):
        for round_ in self:
            round_.files_intact = bool(round_.file_ids) and all(
                file.attachment_id and sha256(file.attachment_id.sudo().raw or b"") == file.sha256
                for file in round_.file_ids)

    @api.depends("submission_id", "number")
    def _compute_display_name(self):
        for round_ in self:
            round_.display_name = self.env._("%(package)s, round %(number)s",
                                             package=round_.submission_id.display_name, number=round_.number)

    def _store_files(self, files):
        """Attach (name, bytes, mimetype) files to this round and keep their SHA-256."""
        self.ensure_one()
        attachments = self.env["ir.attachment"].sudo().create([{
            "name": name, "raw": content, "mimetype": mimetype,
            "res_model": self._name, "res_id": self.id,
        } for name, content, mimetype in files])
        self.env["integrity.submission.file"].sudo().create([{
            "round_id": self.id, "attachment_id": attachment.id, "name": attachment.name,
            "sha256": sha256(content),
        } for attachment, (_name, content, _mimetype) in zip(attachments, files, strict=True)])

    def _decide(self, decision, comment):
        self.sudo().write({
            "decision": decision, "comment": comment or False,
            "decided_by_id": self.env.uid, "decided_on": fields.Datetime.now(),
        })


class IntegritySubmissionFile(models.Model):
    _name = "integrity.submission.file"
    _description = "Frozen Submission File"
    _order = "round_id, id"

    round_id = fields.Many2one("integrity.submission.round", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="round_id.company_id", store=True)
    name = fields.Char(required=True)
    attachment_id = fields.Many2one("ir.attachment", required=True, ondelete="restrict")
    sha256 = fields.Char(string="SHA-256 Checksum", required=True)
    datas = fields.Binary(related="attachment_id.datas", string="File")


def sha256(content):
    return hashlib.sha256(content).hexdigest()
