from odoo import models
from odoo.exceptions import AccessError, UserError

from . import integrity_process as process

# Attachments of these models are frozen: a round's files always, a package's tables as published always,
# and a package's documents once it is submitted.
ROUND_MODELS = ("integrity.submission.round", "integrity.submission.file")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_access(self, operation):
        """The files of this module's records follow those records' access, reading included.

        Odoo reads an attachment given by its id without asking about the record it belongs to; a frozen
        file or a unit's document must not be readable by everyone who guesses its id.
        """
        result = super()._check_access(operation)
        if result or self.env.su or not self._ids:
            return result
        # where a file hangs is read on the file itself, to decide whether this user may see it
        ours = self.sudo().filtered(lambda a: (a.res_model or "").startswith("integrity.") and a.res_id)
        forbidden = self.browse()
        mode = "read" if operation == "read" else "write"
        for res_model, attachments in ours.grouped("res_model").items():
            if res_model not in self.env:
                continue
            records = self.env[res_model].browse(set(attachments.mapped("res_id"))).exists()
            allowed = set(records._filtered_access(mode).ids)
            forbidden |= attachments.filtered(lambda a, allowed=allowed: a.res_id not in allowed)
        if forbidden:
            forbidden = forbidden.with_env(self.env)
            return forbidden, lambda: AccessError(self.env._(
                "You may not access this file: it belongs to a record you cannot see."))
        return None

    def _integrity_frozen(self):
        """The attachments among these that a package holds unchangeable, whatever record they hang on."""
        # whether a file is frozen is decided for everyone alike, whoever asks
        attachments = self.sudo()
        frozen = attachments.filtered(lambda a: a.res_model in ROUND_MODELS)
        packages = attachments.env["integrity.submission"].with_context(active_test=False).search([
            "|", ("publicity_snapshot_ids", "in", attachments.ids),
            "&", ("state", "in", process.CLOSED_PACKAGE_STATES),
            "|", ("document_ids", "in", attachments.ids), ("publicity_document_ids", "in", attachments.ids)])
        closed = packages.filtered(lambda p: p.state in process.CLOSED_PACKAGE_STATES)
        frozen |= attachments & (packages.publicity_snapshot_ids | closed.document_ids | closed.publicity_document_ids)
        return frozen

    def _check_not_frozen(self):
        if self.env.su or not self:
            return
        frozen = self._integrity_frozen()
        if frozen:
            raise UserError(self.env._(
                "%(file)s is part of a package submitted to or filed with the office: it never changes. "
                "Attach a new file instead.", file=frozen[:1].name))

    def write(self, vals):
        self._check_not_frozen()
        return super().write(vals)

    def unlink(self):
        self._check_not_frozen()
        return super().unlink()
