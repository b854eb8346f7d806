from odoo import models
from odoo.exceptions import UserError


class IntegrityFrozenMixin(models.AbstractModel):
    """Records covered by a submitted or filed package: they change only through an adjustment (调整)."""

    _name = "integrity.frozen.mixin"
    _description = "Integrity Records Frozen by Submissions"

    _frozen_fields = frozenset()  # the business fields a package prints

    def _covering_submissions(self):
        """{record: submission} for the records a submitted or filed package covers."""
        raise NotImplementedError

    def _check_not_frozen(self, vals=None):
        if self.env.context.get("integrity_adjustment"):
            return
        if vals is not None and not self._frozen_fields.intersection(vals):
            return
        for record, submission in self._covering_submissions().items():
            if submission.state == "submitted":
                raise UserError(self.env._(
                    "“%(record)s” is in %(package)s, which the office is reviewing: wait for its decision.",
                    record=record.display_name, package=submission.display_name))
            raise UserError(self.env._(
                "“%(record)s” is in %(package)s, filed with the office: change it through an adjustment, "
                "which is recorded and reported to the office.",
                record=record.display_name, package=submission.display_name))

    def write(self, vals):
        self._check_not_frozen(vals)
        return super().write(vals)

    def unlink(self):
        self._check_not_frozen()
        return super().unlink()
