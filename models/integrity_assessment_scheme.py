from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IntegrityAssessmentScheme(models.Model):
    """The criteria and maximum scores of the leading group's check of units (检查考核)."""

    _name = "integrity.assessment.scheme"
    _description = "Assessment Scheme"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    criterion_ids = fields.One2many("integrity.assessment.criterion", "scheme_id", string="Criteria", copy=True)
    max_total = fields.Float(compute="_compute_max_total", string="Full Score")

    @api.depends("criterion_ids.max_score")
    def _compute_max_total(self):
        for scheme in self:
            scheme.max_total = sum(scheme.criterion_ids.mapped("max_score"))


class IntegrityAssessmentCriterion(models.Model):
    _name = "integrity.assessment.criterion"
    _description = "Assessment Criterion"
    _order = "scheme_id, sequence, id"

    scheme_id = fields.Many2one("integrity.assessment.scheme", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True, help="What the checkers look at.")
    max_score = fields.Float(required=True, default=10)
    shows_meetings = fields.Boolean(help="The checkers see the unit's recorded meetings beside this criterion.")

    @api.constrains("max_score")
    def _check_max_score(self):
        if any(criterion.max_score <= 0 for criterion in self):
            raise ValidationError(self.env._("A criterion's full score must be above zero."))
