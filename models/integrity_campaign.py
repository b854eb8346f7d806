from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, format_list

from ..report.print_language import print_env
from .integrity_adjustment import comparable, content_values
from .integrity_process import DELIVERABLE_OF_PHASE


class IntegrityCampaign(models.Model):
    """One year's integrity-risk prevention and control work of the university."""

    _name = "integrity.campaign"
    _description = "Integrity Risk Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.process.mixin", "integrity.annex.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True
    _unit_field = None

    name = fields.Char(required=True, tracking=True)
    year = fields.Integer(
        required=True,
        tracking=True,
        aggregator=None,  # a year is no quantity: grouped lists do not add years up (4,026)
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
        "res.users", tracking=True,
        help="Director of the leading group's office, usually the deputy discipline secretary.",
    )
    office_user_ids = fields.Many2many("res.users", string="Office Staff")
    phase_ids = fields.One2many("integrity.campaign.phase", "campaign_id", string="Phases", copy=True)
    unit_ids = fields.One2many("integrity.unit", "campaign_id", string="Units")
    unit_count = fields.Integer(compute="_compute_unit_count")
    open_change_count = fields.Integer(compute="_compute_open_change_count", string="Open Personnel Changes")
    reminder_days = fields.Integer(
        string="Remind Days Before Deadline", default=7, tracking=True,
        help="Liaisons get an activity this many days before each phase deadline.")
    self_check_reminder_days = fields.Integer(
        string="Remind Self-Checks Days Before", default=3, tracking=True,
        help="Post holders whose self-check is not submitted are reminded this many days before their unit's "
        "deadline; the unit leader and the liaison get the list of those still missing.")
    measure_reminder_days = fields.Integer(
        string="Remind Measures Days Before", default=7, tracking=True,
        help="People responsible for a measure are reminded this many days before its deadline.")
    measures_for_high = fields.Boolean(string="High Risks Need Measures", default=True, tracking=True)
    measures_for_medium = fields.Boolean(string="Medium Risks Need Measures", default=True, tracking=True)
    measures_for_low = fields.Boolean(
        string="Low Risks Need Measures", default=True, tracking=True,
        help="Annex 4 is submitted only when every risk point of these levels has an accepted control measure.")
    inspection_interval_days = fields.Integer(
        string="Inspection Interval (Days)", default=90, tracking=True,
        help="Working groups inspect their measures at least this often once measures are filed.")
    assessment_scheme_id = fields.Many2one(
        "integrity.assessment.scheme", tracking=True,
        default=lambda self: self.env.ref("integrity_risk.assessment_scheme_plan", raise_if_not_found=False))
    last_escalation_date = fields.Date(readonly=True, copy=False,
                                       help="When the office was last told which units are overdue.")
    overdue_unit_ids = fields.Many2many("integrity.unit", compute="_compute_overdue_unit_ids",
                                        string="Overdue Units")
    office_partner_ids = fields.Many2many("res.partner", compute="_compute_office_partner_ids")
    grading_config_id = fields.Many2one("integrity.grading.config", string="Grading Rules", readonly=True,
                                        copy=False, ondelete="set null", help="Created with the campaign.")
    previous_campaign_id = fields.Many2one(
        "integrity.campaign", string="Previous Year", readonly=True, copy=False, index="btree_not_null"
    )
    next_campaign_ids = fields.One2many("integrity.campaign", "previous_campaign_id")
    next_campaign_id = fields.Many2one("integrity.campaign", string="Next Year", compute="_compute_next_campaign_id")
    can_start = fields.Boolean(compute="_compute_can")
    can_close = fields.Boolean(compute="_compute_can")
    can_reset_to_draft = fields.Boolean(compute="_compute_can")
    can_copy_next_year = fields.Boolean(compute="_compute_can")
    can_compare_previous_year = fields.Boolean(compute="_compute_can")
    can_create_self_checks = fields.Boolean(compute="_compute_can")
    can_verify_files = fields.Boolean(compute="_compute_can")

    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("start", "close", "reset_to_draft", "copy_next_year", "compare_previous_year",
                      "create_self_checks", "verify_files")
        for campaign in self:
            campaign.can_copy_next_year = campaign.can_copy_next_year and not campaign.next_campaign_id
            campaign.can_compare_previous_year = (campaign.can_compare_previous_year
                                                  and bool(campaign.previous_campaign_id))
            campaign.can_create_self_checks = campaign.can_create_self_checks and campaign.state == "running"

    @api.depends("unit_ids")
    @api.depends_context("uid")
    def _compute_open_change_count(self):
        Change = self.env["integrity.personnel.change"]
        counts = dict(Change._read_group([("campaign_id", "in", self.ids), ("state", "=", "open")], ["campaign_id"],
                                         ["__count"])) if Change.has_access("read") else {}
        for campaign in self:
            campaign.open_change_count = counts.get(campaign, 0)

    def action_view_personnel_changes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("integrity_risk.integrity_personnel_change_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        return action

    def _compute_unit_count(self):
        counts = dict(self.env["integrity.unit"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]))
        for campaign in self:
            campaign.unit_count = counts.get(campaign, 0)

    @api.depends("next_campaign_ids")
    def _compute_next_campaign_id(self):
        for campaign in self:
            campaign.next_campaign_id = campaign.next_campaign_ids[:1]

    def _compute_overdue_unit_ids(self):
        overdue = self.env["integrity.submission"]._overdue_phases(fields.Date.context_today(self), self.unit_ids)
        for campaign in self:
            campaign.overdue_unit_ids = [unit.id for unit in overdue if unit.campaign_id == campaign]

    @api.depends("office_director_id", "office_user_ids")
    def _compute_office_partner_ids(self):
        for campaign in self:
            campaign.office_partner_ids = (campaign.office_director_id | campaign.office_user_ids).partner_id

    def _levels_needing_measures(self):
        self.ensure_one()
        return [level for level in ("high", "medium", "low") if self[f"measures_for_{level}"]]

    def _office_users(self):
        """Who in the office hears about this campaign: its director and staff, else the office group."""
        self.ensure_one()
        users = self.office_director_id | self.office_user_ids
        if not users:
            users = self.env.ref("integrity_risk.group_office").users.filtered(
                lambda u: u.active and not u.share and not u._is_superuser())
        return users

    @api.constrains("reminder_days", "inspection_interval_days", "self_check_reminder_days", "measure_reminder_days")
    def _check_reminder_days(self):
        if any(not 0 <= days <= 90 for campaign in self for days in (
                campaign.reminder_days, campaign.self_check_reminder_days, campaign.measure_reminder_days)):
            raise ValidationError(self.env._("Reminders go out between 0 and 90 days before a deadline."))
        if any(campaign.inspection_interval_days < 1 for campaign in self):
            raise ValidationError(self.env._("Inspections are at least one day apart."))

    # --- daily deadlines -------------------------------------------------------------

    @api.model
    def _cron_deadlines(self):
        """Daily: remind liaisons before deadlines, and tell the office which units are overdue.

        Runs as the scheduler's superuser: the reminders below need no sudo of their own. The holders' reminders
        go out in batches: while some wait, the scheduler calls again in a new transaction (every other
        reminder here is sent once per deadline, so the calls again send nothing twice).
        """
        today = fields.Date.context_today(self)
        done = remaining = 0
        for campaign in self.search([("state", "=", "running")]):
            campaign._remind_liaisons(today)
            campaign._escalate_overdue(today)
            campaign._remind_inspections(today)
            sent, waiting = campaign.unit_ids._remind_self_checks(today)
            campaign._remind_measures(today)
            done, remaining = done + sent, remaining + waiting
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _remind_inspections(self, today):
        """An activity for the unit leader when a periodic inspection is due, once per due date."""
        self.ensure_one()
        units = self.unit_ids.filtered(
            lambda u: u.next_inspection_date and u.next_inspection_date <= today and u.leader_id.user_id)
        if not units:
            return
        activity_type = self.env.ref("integrity_risk.mail_activity_type_inspection")
        reminded = {(a.res_id, a.date_deadline) for a in self.env["mail.activity"].search([
            ("res_model", "=", "integrity.unit"), ("res_id", "in", units.ids),
            ("activity_type_id", "=", activity_type.id)])}
        for unit in units.filtered(lambda u: (u.id, u.next_inspection_date) not in reminded):
            unit.activity_schedule(
                "integrity_risk.mail_activity_type_inspection", date_deadline=unit.next_inspection_date,
                user_id=unit.leader_id.user_id.id,
                note=self.env._("Inspect how the control measures of %(unit)s are carried out.", unit=unit.name))

    def _remind_measures(self, today):
        """A mail to each person responsible for an open measure, once, some days before its deadline."""
        self.ensure_one()
        last_day = today + timedelta(days=self.measure_reminder_days)
        measures = self.env["integrity.measure"].search([
            ("campaign_id", "=", self.id), ("state", "in", ("planned", "in_progress")),
            ("deadline", ">=", today), ("deadline", "<=", last_day)])
        Reminder = self.env["integrity.reminder"]
        due = Reminder._not_sent(measures, lambda measure: measure.deadline)
        if due:
            self.env.ref("integrity_risk.mail_template_measure_reminder").send_mail_batch(due.ids)
            Reminder._mark_sent(due, lambda measure: measure.deadline)

    def _remind_liaisons(self, today):
        """One activity (and mail) per unit and phase, for units whose deliverable is not filed yet."""
        self.ensure_one()
        due = self.phase_ids.filtered(
            lambda p: p.deadline >= today and (p.deadline - today).days <= self.reminder_days)
        if not due:
            return
        activity_type = self.env.ref("integrity_risk.mail_activity_type_deadline")
        units = self.unit_ids.filtered(lambda u: u.liaison_id.user_id)
        filed = {(s.unit_id, s.deliverable) for s in units.submission_ids if s.state == "filed"}
        reminded = {(a.res_id, a.date_deadline) for a in self.env["mail.activity"].search([
            ("res_model", "=", "integrity.unit"), ("res_id", "in", units.ids),
            ("activity_type_id", "=", activity_type.id)])}
        template = self.env.ref("integrity_risk.mail_template_deadline_reminder")
        for phase in due:
            for unit in units:
                if (unit, DELIVERABLE_OF_PHASE[phase.code]) in filed or (unit.id, phase.deadline) in reminded:
                    continue
                # in the liaison's language: the phase's name, and the date as their screens show it
                env = self.with_context(lang=unit.liaison_id.user_id.lang).env
                label = dict(phase._fields["code"]._description_selection(env))[phase.code]
                unit.activity_schedule(
                    "integrity_risk.mail_activity_type_deadline", date_deadline=phase.deadline,
                    user_id=unit.liaison_id.user_id.id, summary=env._("Deadline of %(phase)s", phase=label))
                template.with_context(phase_label=label, deadline=format_date(env, phase.deadline)).send_mail(unit.id)

    def _escalate_overdue(self, today):
        """Once a day at most: mail the office the list of overdue units, and note it on the campaign."""
        self.ensure_one()
        if self.last_escalation_date == today or not self.overdue_unit_ids:
            return
        template = self.env.ref("integrity_risk.mail_template_overdue_escalation")
        self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        self._as_process().last_escalation_date = today

    @api.model_create_multi
    def create(self, vals_list):
        # the four phases of the plan
        templates = self.env["integrity.phase.template"].search([])  # pylint: disable=no-search-all
        for vals in vals_list:
            if not vals.get("phase_ids"):
                year = vals.get("year") or fields.Date.context_today(self).year
                vals["phase_ids"] = [
                    Command.create({"code": t.code, "sequence": t.sequence, "deadline": t._deadline_for(year)})
                    for t in templates
                ]
        campaigns = super().create(vals_list)
        self.env["integrity.grading.config"].create([{"campaign_id": campaign.id} for campaign in campaigns])
        return campaigns

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(campaign.state != "draft" for campaign in self):
            raise UserError(self.env._("Only a draft campaign can be deleted; close or archive it instead."))

    # --- workflow ---------------------------------------------------------------

    def _start_problems(self):
        self.ensure_one()
        if not self.unit_ids:
            return [self.env._("add the participating units before starting the campaign")]
        return []

    def action_start(self):
        self._take_step("start")

    def action_close(self):
        self._take_step("close")
        self.filtered("previous_campaign_id").action_compare_previous_year()

    def action_reset_to_draft(self):
        self._take_step("reset_to_draft")

    def action_verify_files(self):
        """Re-hash every frozen file of the campaign's packages now; mismatches are reported to the office."""
        self._check_step("verify_files")
        files = self.env["integrity.submission.file"].search([("submission_id.campaign_id", "in", self.ids)])
        broken = files._verify()
        message = (self.env._("%(count)s files checked: all unchanged since they were submitted.", count=len(files))
                   if not broken else self.env._(
                       "%(count)s of %(total)s files no longer match their checksum; the packages concerned have a "
                       "note and an activity.", count=len(broken), total=len(files)))
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"type": "danger" if broken else "success", "message": message, "sticky": bool(broken)}}

    def action_copy_next_year(self):
        """Start next year's campaign from this one: phases a year later, the same units and people."""
        self.ensure_one()
        self._check_step("copy_next_year")
        if self.next_campaign_id:
            raise UserError(self.env._(
                "%(campaign)s already continues in %(next)s.",
                campaign=self.name, next=self.next_campaign_id.name,
            ))
        year = self.year + 1
        new = self._as_process().copy({
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
        if self.grading_config_id:
            new.grading_config_id.write(self.grading_config_id.copy_data({"campaign_id": new.id})[0])
        new = new.with_env(self.env)
        self.unit_ids._copy_to_campaign(new)
        self._carry_over_risks(new)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    def _carry_over_risks(self, new):
        """Last year's live risk points and open measures start next year's register, linked to them."""
        self.ensure_one()
        new_unit_of = {unit.department_id: unit for unit in new.unit_ids}
        risks = self.env["integrity.risk"].search([("campaign_id", "=", self.id), ("state", "!=", "retired")])
        Risk = self.env["integrity.risk"]._as_process().with_context(mail_create_nolog=True, tracking_disable=True)
        risks = risks.filtered(lambda r: r.unit_id.department_id in new_unit_of)
        copies = Risk.create([{
            **content_values(risk, (*Risk._content_fields, "source")),
            "unit_id": new_unit_of[risk.unit_id.department_id].id,
            "predecessor_id": risk.id,
        } for risk in risks])
        copy_of = dict(zip(risks, copies, strict=True))
        measures = risks.measure_ids.filtered(lambda m: m.state != "done")
        quiet = {"mail_create_nolog": True, "tracking_disable": True}
        Measure = self.env["integrity.measure"]._as_process().with_context(**quiet)
        Measure.create([{
            **content_values(measure, (*Measure._content_fields, "sequence")),
            "risk_id": copy_of[measure.risk_id].id,
            "predecessor_id": measure.id,
            "deadline": measure.deadline + relativedelta(years=1),
        } for measure in measures])

    def action_compare_previous_year(self):
        """Mark each risk point as new, changed (with the fields), unchanged or retired since last year."""
        self._check_step("compare_previous_year")
        Risk = self.env["integrity.risk"].with_context(active_test=False)
        groups = {}  # (change, changed field labels) -> risk ids: one write per group
        for risk in Risk.search([("campaign_id", "in", self.ids)]):
            changed = []
            if risk.state == "retired":
                change = "retired"
            elif not risk.predecessor_id:
                change = "new"
            else:
                changed = [name for name in Risk._content_fields
                           if comparable(risk[name]) != comparable(risk.predecessor_id[name])]
                change = "changed" if changed else "unchanged"
            labels = format_list(self.env, [risk._fields[name]._description_string(self.env) for name in changed])
            groups.setdefault((change, labels or False), []).append(risk.id)
        for (change, labels), ids in groups.items():
            Risk.browse(ids)._as_process().write({"year_change": change, "year_changed_fields": labels})

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
            "res_id": self.grading_config_id.id,
            "view_mode": "form",
        }

    def action_create_self_checks(self):
        """Create the missing self-check forms of every unit already in phase 2 or later."""
        self.ensure_one()
        self._check_step("create_self_checks")
        units = self.unit_ids.filtered(lambda u: u.current_phase != "kickoff")
        if not units:
            raise UserError(self.env._("No unit has reached phase 2 yet: units start it by reporting their list."))
        return units.action_create_self_checks()

    def _assessment_filename(self):
        env = print_env(self.env)
        return env._("%(campaign)s assessment figures", campaign=self.with_env(env).display_name)
