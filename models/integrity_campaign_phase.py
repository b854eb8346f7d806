from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .integrity_process import PHASES


class IntegrityCampaignPhase(models.Model):
    _name = "integrity.campaign.phase"
    _description = "Campaign Phase"
    _inherit = ["integrity.process.mixin"]
    _unit_field = None
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one("integrity.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(PHASES, string="Phase", required=True)
    deadline = fields.Date(required=True)
    description = fields.Html()

    _sql_constraints = [
        ("code_unique", "unique(campaign_id, code)", "A campaign has each phase once."),
    ]

    @api.depends("code")
    def _compute_display_name(self):
        labels = dict(self._fields["code"]._description_selection(self.env))
        for phase in self:
            phase.display_name = labels.get(phase.code, "")

    @api.constrains("deadline", "sequence", "campaign_id")
    def _check_deadline_order(self):
        for campaign in self.campaign_id:
            phases = campaign.phase_ids.sorted(lambda p: (p.sequence, p.id))
            for before, after in pairwise(phases):
                if after.deadline < before.deadline:
                    raise ValidationError(self.env._(
                        "The deadline of %(phase)s (%(date)s) is before the deadline of the previous phase "
                        "%(previous)s (%(previous_date)s): deadlines must not go backwards.",
                        phase=after.display_name, date=format_date(self.env, after.deadline),
                        previous=before.display_name, previous_date=format_date(self.env, before.deadline),
                    ))
