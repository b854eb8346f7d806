import hashlib

from odoo import api, fields, models

from .integrity_process import PACKAGE_FILES

FILE_KINDS = [
    ("working_group", "Working-Group List"),
    ("annex_1", "Annex 1"),
    ("annex_2", "Annex 2"),
    ("annex_3", "Annex 3"),
    ("annex_4", "Annex 4"),
    ("annex_1_xlsx", "Annex 1 (Excel)"),
    ("annex_2_xlsx", "Annex 2 (Excel)"),
    ("annex_3_xlsx", "Annex 3 (Excel)"),
    ("annex_4_xlsx", "Annex 4 (Excel)"),
    ("workbook", "Workbook (XLSX)"),  # rounds submitted before the annexes had an Excel file each
    ("summary", "Summary Report"),
    ("document", "Attached Document"),
]
assert {kind for kinds in PACKAGE_FILES.values() for kind in kinds} <= {kind for kind, _label in FILE_KINDS}


class IntegritySubmissionRound(models.Model):
    """One submission of a package: the frozen files with their SHA-256, and the office's decision."""

    _name = "integrity.submission.round"
    _description = "Submission Round"
    _inherit = ["integrity.process.mixin"]
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
    approved_by_id = fields.Many2one("res.users", string="Approved By (Supervising Leader)")
    approved_on = fields.Datetime()
    approval_comment = fields.Text(string="Supervising Leader's Comment")
    files_intact = fields.Boolean(compute="_compute_files_intact",
                                  help="Every frozen file had the SHA-256 stored when it was submitted, at the last "
                                  "verification.")

    _sql_constraints = [
        ("number_unique", "unique(submission_id, number)", "Rounds of a submission are numbered once."),
    ]

    @api.depends("file_ids.intact")
    def _compute_files_intact(self):
        for round_ in self:
            round_.files_intact = bool(round_.file_ids) and all(round_.file_ids.mapped("intact"))

    @api.depends("submission_id", "number")
    def _compute_display_name(self):
        for round_ in self:
            round_.display_name = self.env._("%(package)s, round %(number)s",
                                             package=round_.submission_id.display_name, number=round_.number)

    def _store_files(self, files):
        """Attach (name, bytes, mimetype, kind) files to this round and keep their SHA-256."""
        self.ensure_one()
        # frozen files belong to the round, which no user writes: the process stores them
        attachments = self.env["ir.attachment"].sudo().create([{
            "name": name, "raw": content, "mimetype": mimetype,
            "res_model": self._name, "res_id": self.id,
        } for name, content, mimetype, _kind in files])
        self.env["integrity.submission.file"].sudo().create([{
            "round_id": self.id, "attachment_id": attachment.id, "name": attachment.name, "kind": kind,
            "sha256": sha256(content), "intact": True, "checked_on": fields.Datetime.now(),
        } for attachment, (_name, content, _mimetype, kind) in zip(attachments, files, strict=True)])

    def _decide(self, decision, comment):
        self.sudo().write({  # rounds are written by no user: the office's decision is recorded by the process
            "decision": decision, "comment": comment or False,
            "decided_by_id": self.env.uid, "decided_on": fields.Datetime.now(),
        })


class IntegritySubmissionFile(models.Model):
    """A frozen file of a round, with the SHA-256 taken when it was submitted."""

    _name = "integrity.submission.file"
    _description = "Frozen Submission File"
    _inherit = ["integrity.process.mixin"]
    _order = "round_id, id"
    _unit_field = "unit_id"

    round_id = fields.Many2one("integrity.submission.round", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="round_id.company_id", store=True)
    unit_id = fields.Many2one(related="round_id.unit_id", store=True, index=True)
    submission_id = fields.Many2one(related="round_id.submission_id", store=True, index=True)
    name = fields.Char(required=True)
    kind = fields.Selection(FILE_KINDS, required=True, default="document")
    attachment_id = fields.Many2one("ir.attachment", required=True, ondelete="restrict")
    sha256 = fields.Char(string="SHA-256 Checksum", required=True)
    # read with the user's own rights: the attachment follows the round's access
    datas = fields.Binary(related="attachment_id.datas", string="File Content", related_sudo=False)
    intact = fields.Boolean(default=True, help="The content still had this SHA-256 at the last verification.")
    checked_on = fields.Datetime(string="Last Verified")

    def _verify(self):
        """Re-hash the files; store the result; report new mismatches to the office. Return the broken files."""
        intact, broken, newly_broken = [], [], self.browse()
        # no user writes frozen files: the process re-hashes them as stored, whoever asks, and keeps the result
        files = self.sudo()
        for file in files:
            if bool(file.attachment_id) and sha256(file.attachment_id.raw or b"") == file.sha256:
                intact.append(file.id)
            else:
                broken.append(file.id)
                if file.intact:
                    newly_broken |= file
        now = fields.Datetime.now()
        for ids, value in ((intact, True), (broken, False)):
            if ids:
                files.browse(ids).write({"intact": value, "checked_on": now})
        for submission, files in newly_broken.grouped("submission_id").items():
            submission._report_tampering(files)
        return self.browse(broken)

    @api.model
    def _cron_verify(self):
        """Daily: re-hash every frozen file (tamper evidence)."""
        self.search([])._verify()  # pylint: disable=no-search-all


def sha256(content):
    return hashlib.sha256(content).hexdigest()
