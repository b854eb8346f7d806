from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from . import integrity_process as process

# An adjustment's writes carry this object in their context (see integrity_process_mixin for why an object).
_ADJUSTMENT_TOKEN = object()
_ADJUSTMENT_KEY = "integrity_adjustment_token"


class IntegrityFrozenMixin(models.AbstractModel):
    """Records covered by a submitted or filed package: they change only through an adjustment (调整)."""

    _name = "integrity.frozen.mixin"
    _description = "Integrity Records Frozen by Submissions"
    _inherit = ["integrity.process.mixin"]

    _content_fields = ()  # the business content, in the order a change is described
    _frozen_fields = frozenset()  # what a package freezes: the content and the record's placement
    _package_field = None  # the submission's field that lists the records it covers
    _package_deliverables = ()  # the packages that hold them

    frozen = fields.Boolean(compute="_compute_frozen",
                            help="Covered by a package submitted to or filed with the office.")

    @api.depends("name")
    def _compute_display_name(self):
        # a risk point or measure is named by its text, on one line of at most 40 characters
        for record in self:
            text = " ".join((record.name or "").split())
            record.display_name = text if len(text) <= 40 else text[:39] + "…"

    def _compute_frozen(self):
        covered = self._covering_submissions()
        for record in self:
            record.frozen = record in covered

    def _as_adjustment(self):
        """These records for an adjustment (调整) that the caller has checked and records."""
        return self.with_context(**{_ADJUSTMENT_KEY: _ADJUSTMENT_TOKEN})

    def _by_adjustment(self):
        return self.env.context.get(_ADJUSTMENT_KEY) is _ADJUSTMENT_TOKEN

    def _covering_submissions(self):
        """{record: submission} for the records a submitted or filed package covers."""
        # which packages cover a record is decided for everyone alike, whatever the user may read
        submissions = self.env["integrity.submission"].sudo().search(
            [(self._package_field, "in", self.ids), ("state", "in", process.CLOSED_PACKAGE_STATES)])
        return {record: submission for submission in submissions for record in submission[self._package_field] & self}

    def _cover_with_filed_packages(self):
        """Records an adjustment adds to a submitted or filed register join the packages holding it: they are
        frozen like the rest from then on."""
        # the packages are written by the process only
        packages = self.env["integrity.submission"].sudo().search([
            ("unit_id", "in", self.unit_id.ids), ("deliverable", "in", self._package_deliverables),
            ("state", "in", process.CLOSED_PACKAGE_STATES)])
        for package in packages:
            records = self.filtered(lambda record, unit=package.unit_id: record.unit_id == unit)
            package.write({self._package_field: [Command.link(record.id) for record in records]})

    def _check_not_frozen(self, vals=None):
        """Frozen content changes only through an adjustment; a step of the process may still move its state."""
        if self._by_adjustment():
            return
        if vals is not None and not self._frozen_fields.intersection(vals):
            return
        if vals is not None and self._by_process() and set(vals) <= process.INTERNAL_FIELDS.get(self._name, set()):
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
