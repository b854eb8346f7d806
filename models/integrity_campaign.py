from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class IntegrityCampaign(models.Model):
    """One year's integrity-risk prevention and control work of the university."""

    _name = "integrity.campaign"
    _description = "Integrity Risk Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.annex.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    description = fields.Html()
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    leading_member_ids = fields.One2many(
        "integrity.campaign.leader", "campaign_id", string="Leading Group", copy=True
    )
    office_director_id = fields.Many2one(
        "res.users", string="Office Director", tracking=True,
        help="Director of the leading group's office, usually the deputy discipline secretary.",
    )
    office_user_ids = fields.Many2many("res.users", string="Office Staff")
    phase_ids = fields.One2many("integrity.campaign.phase", "campaign_id", string="Phases", copy=True)
    unit_ids = fields.One2many("integrity.unit", "campaign_id", string="Units")
    unit_count = fields.Integer(compute="_compute_unit_count")
    grading_config_ids = fields.One2many("integrity.grading.config", "campaign_id", string="Grading Rules")
    previous_campaign_id = fields.Many2one(
        "integrity.campaign", string="Previous Year", readonly=True, copy=False, index="btree_not_null"
    )
    next_campaign_ids = fields.One2many("integrity.campaign", "previous_campaign_id")
    next_campaign_id = fields.Many2one("integrity.campaign", string="Next Year", compute="_compute_next_campaign_id")

    @api.depends("unit_ids")
    def _compute_unit_count(self):
        counts = dict(self.env["integrity.unit"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]))
        for campaign in self:
            campaign.unit_count = counts.get(campaign, 0)

    @api.depends("next_campaign_ids")
    def _compute_next_campaign_id(self):
        for campaign in self:
            campaign.next_campaign_id = campaign.next_campaign_ids[:1]

    @api.model_create_multi
    def create(self, vals_list):
        templates = self.env["integrity.phase.template"].search([])
        for vals in vals_list:
            if not vals.get("phase_ids"):
                year = vals.get("year") or fields.Date.context_today(self).year
                vals["phase_ids"] = [
                    Command.create({"code": t.code, "sequence": t.sequence, "deadline": t._deadline_for(year)})
                    for t in templates
                ]
        campaigns = super().create(vals_list)
        self.env["integrity.grading.config"].create(
            [{"campaign_id": campaign.id} for campaign in campaigns if not campaign.grading_config_ids])
        return campaigns

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(campaign.state != "draft" for campaign in self):
            raise UserError(self.env._("Only a draft campaign can be deleted; close or archive it instead."))

    # --- workflow ---------------------------------------------------------------

    def action_start(self):
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(self.env._("Only a draft campaign can be started."))
            if not campaign.unit_ids:
                raise UserError(self.env._("Add the participating units before starting the campaign."))
        self.write({"state": "running"})

    def action_close(self):
        if any(campaign.state != "running" for campaign in self):
            raise UserError(self.env._("Only a running campaign can be closed."))
        self.write({"state": "closed"})

    def action_reset_to_draft(self):
        if any(campaign.state != "running" for campaign in self):
            raise UserError(self.env._("Only a running campaign can be set back to draft."))
        self.write({"state": "draft"})

    def action_copy_next_year(self):
        """Start next year's campaign from this one: phases a year later, the same units and people."""
        self.ensure_one()
        if self.next_campaign_id:
            raise UserError(self.env._(
                "%(campaign)s already continues in %(next)s.",
                campaign=self.name, next=self.next_campaign_id.name,
            ))
        year = self.year + 1
        new = self.copy({
            "year": year,
            "name": self._next_year_name(year),
            "previous_campaign_id": self.id,
            "phase_ids": [
                Command.create({
                    "code": phase.code,
                    "sequence": phase.sequence,
                    "deadline": phase.deadline + relativedelta(years=1),
                    "description": phase.description,
                })
                for phase in self.phase_ids
            ],
        })
        new.grading_config_ids.unlink()
        self.grading_config_ids.copy({"campaign_id": new.id})
        self.unit_ids._copy_to_campaign(new)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    def _next_year_name(self, year):
        if str(self.year) in self.name:
            return self.name.replace(str(self.year), str(year))
        return f"{self.name} ({year})"

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("integrity_risk.integrity_unit_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_open_grading_config(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Grading Rules"),
            "res_model": "integrity.grading.config",
            "res_id": self.grading_config_ids[:1].id,
            "view_mode": "form",
        }

    def action_create_self_checks(self):
        """Create the missing self-check forms of every unit already in phase 2 or later."""
        self.ensure_one()
        units = self.unit_ids.filtered(lambda u: u.current_phase != "kickoff")
        if not units:
            raise UserError(self.env._("No unit has reached phase 2 yet: units start it by reporting their list."))
        return units.action_create_self_checks()
