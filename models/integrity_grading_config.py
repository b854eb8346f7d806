from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .grading import FACTORS, FLAGS, GradingRules

# the fields of the rules, from the factors and flags of grading.py: what a suggested level depends on
RULE_FIELDS = (*(f"{factor}_weight" for factor in FACTORS), "high_threshold", "medium_threshold",
               *(f"{flag}_forces_high" for flag in FLAGS))


class IntegrityGradingConfig(models.Model):
    """The campaign's rules for suggesting a risk level, edited by the office."""

    _name = "integrity.grading.config"
    _description = "Risk Grading Rules"
    _inherit = ["mail.thread", "integrity.process.mixin"]
    _unit_field = None
    _rec_name = "campaign_id"

    campaign_id = fields.Many2one("integrity.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    # Defaults follow the plan's order of factors: the power itself weighs most.
    importance_weight = fields.Float(string="Weight: Importance of the Power", default=0.25, tracking=True)
    frequency_weight = fields.Float(string="Weight: Frequency of Use", default=0.15, tracking=True)
    discretion_weight = fields.Float(string="Weight: Size of Discretion", default=0.2, tracking=True)
    probability_weight = fields.Float(string="Weight: Probability of Corruption", default=0.2, tracking=True)
    harm_weight = fields.Float(string="Weight: Degree of Harm", default=0.2, tracking=True)
    high_threshold = fields.Float(
        default=3.5, tracking=True, help="A weighted score at or above this suggests a high risk."
    )
    medium_threshold = fields.Float(
        default=2.5, tracking=True, help="A weighted score at or above this (and below high) suggests a medium risk."
    )
    major_matter_forces_high = fields.Boolean(
        default=True, tracking=True,
        help="The plan: risk points of major decisions, important appointments, major projects and large "
        "sums are high.",
    )
    resource_allocation_forces_high = fields.Boolean(
        string="Allocating People, Money or Goods Forces High", default=True, tracking=True,
        help="The plan: posts that allocate people, money or goods with wide discretion are high.",
    )
    past_problem_forces_high = fields.Boolean(
        string="Past Integrity Problem Forces High", default=False, tracking=True,
        help="Make a point high when this post has had an integrity problem before.",
    )

    _sql_constraints = [
        ("campaign_unique", "unique(campaign_id)", "A campaign has one set of grading rules."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        configs = super().create(vals_list)
        for config in configs.filtered(lambda c: not c.campaign_id.grading_config_id):
            # the campaign's own rules (a campaign whose rules were deleted gets these)
            config.campaign_id._as_process().grading_config_id = config
        return configs

    @api.constrains(*(f"{factor}_weight" for factor in FACTORS), "high_threshold", "medium_threshold")
    def _check_rules(self):
        for config in self:
            weights = config._weights()
            if any(weight < 0 for weight in weights.values()) or not any(weights.values()):
                raise ValidationError(self.env._("Weights must not be negative, and at least one must be above zero."))
            if not 1 <= config.medium_threshold <= config.high_threshold <= 5:
                raise ValidationError(self.env._(
                    "Thresholds must satisfy 1 ≤ medium ≤ high ≤ 5 (medium %(medium)s, high %(high)s).",
                    medium=config.medium_threshold, high=config.high_threshold,
                ))

    def _weights(self):
        self.ensure_one()
        return {factor: self[f"{factor}_weight"] for factor in FACTORS}

    def _rules(self):
        self.ensure_one()
        forcing = {flag for flag in FLAGS if self[f"{flag}_forces_high"]}
        return GradingRules(
            weights=self._weights(),
            high_threshold=self.high_threshold,
            medium_threshold=self.medium_threshold,
            forcing_flags=frozenset(forcing),
        )
