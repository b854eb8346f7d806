from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.integrity_adjustment import content_values


class IntegrityAdjustMixin(models.AbstractModel):
    """What the adjustment wizards of a filed risk point and of a filed measure share: the finding behind the
    change, revised flow charts, the checks before it, and the proposed content, which each wizard declares from
    its record's content fields (``proposed_fields``)."""

    _name = "integrity.adjust.mixin"
    _description = "Adjustment of a Filed Record"
    _adjusted_field = None  # the wizard's field naming the record it adjusts

    finding_id = fields.Many2one("integrity.inspection.finding", string="Inspection Finding")
    flow_chart_ids = fields.Many2many("ir.attachment", string="Revised Flow Charts",
                                      help="New power-flow charts, if the change revises them.")

    def _adjusted_model(self):
        return self.env[self._fields[self._adjusted_field].comodel_name]

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        record = self._adjusted_model().browse(values.get(self._adjusted_field))
        if record:
            values.update(self._placement(record))
            values.update(content_values(record, record._content_fields))
        return values

    def _placement(self, record):
        """The wizard's values that place the adjustment, from the record adjusted."""
        raise NotImplementedError

    def _values(self):
        return content_values(self, self._adjusted_model()._content_fields)

    def _check_adjustment(self, unit):
        """A reason is given, the unit's working group adjusts its own records (checked here; the process then
        writes them) and the charts are files it may upload."""
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the adjustment."))
        unit._check_step("adjust")
        self.env["integrity.adjustment"]._check_uploads(self.flow_chart_ids, self)
