from odoo import fields, models

from .integrity_risk import CATEGORIES


class IntegrityMeasureKind(models.Model):
    """Kinds of control measures the plan names for each risk category; the office may add more."""

    _name = "integrity.measure.kind"
    _description = "Control Measure Kind"
    _order = "category, sequence, id"

    name = fields.Char(required=True, translate=True)
    category = fields.Selection(CATEGORIES, required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
