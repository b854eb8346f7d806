from odoo import fields, models


class IntegrityCampaignLeader(models.Model):
    """A member of the campaign's leading group (领导小组)."""

    _name = "integrity.campaign.leader"
    _description = "Leading Group Member"
    _inherit = ["integrity.process.mixin"]
    _unit_field = None
    _order = "campaign_id, sequence, id"
    _check_company_auto = True

    campaign_id = fields.Many2one("integrity.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    employee_id = fields.Many2one("hr.employee", required=True, check_company=True)
    user_id = fields.Many2one(related="employee_id.user_id")
    role = fields.Selection(
        [("head", "Head"), ("deputy", "Deputy Head"), ("member", "Member")],
        required=True,
        default="member",
    )
    position = fields.Char(help="The post that makes this person a member, e.g. party secretary.")

    _sql_constraints = [
        ("employee_unique", "unique(campaign_id, employee_id)", "A person is in the leading group once."),
    ]
