from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from . import integrity_process as process

REVIEW_ACTIVITY = "integrity_risk.mail_activity_type_self_check_review"
REVISE_ACTIVITY = "integrity_risk.mail_activity_type_self_check_revise"
FILL_ACTIVITY = "integrity_risk.mail_activity_type_self_check_fill"


class IntegritySelfCheck(models.Model):
    """A post holder's self-check of their post (annex 1, 个人岗位廉政风险防控点排查、定级表)."""

    _name = "integrity.self.check"
    _description = "Personal Post Self-Check"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.process.mixin", "integrity.annex.mixin"]
    _order = "campaign_id desc, unit_id, employee_id, id"
    _check_company_auto = True

    _mail_post_access = "read"  # holder and reviewer talk and get activities in every state

    unit_id = fields.Many2one("integrity.unit", required=True, index=True, check_company=True, readonly=True)
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Post Holder", required=True, index=True, check_company=True, readonly=True,
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, index=True, string="Holder User")
    job_id = fields.Many2one(
        "hr.job", string="Post", check_company=True, tracking=True,
        compute="_compute_job_id", store=True, readonly=False,
    )
    reviewer_id = fields.Many2one(
        "hr.employee", check_company=True, tracking=True,
        compute="_compute_reviewer_id", store=True,
        help="The unit leader; for the unit leader's own form, the supervising university leader. "
        "Never the post holder.",
    )
    reviewer_user_id = fields.Many2one(related="reviewer_id.user_id", store=True, index=True, string="Reviewer User")
    date = fields.Date(default=fields.Date.context_today, tracking=True)
    line_ids = fields.One2many("integrity.self.check.line", "self_check_id", string="Risk Control Points")
    line_count = fields.Integer(compute="_compute_line_count")
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("returned", "Returned"), ("accepted", "Accepted")],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    return_comment = fields.Text(readonly=True, copy=False, tracking=True, string="Reviewer's Comment")
    deadline = fields.Date(related="unit_id.current_deadline", string="Unit's Deadline")
    guidance = fields.Html(compute="_compute_guidance", sanitize=False,
                           help="The plan's definitions of the categories and levels, as the office keeps them.")
    can_submit = fields.Boolean(compute="_compute_can")
    can_return = fields.Boolean(compute="_compute_can")
    can_accept = fields.Boolean(compute="_compute_can")
    can_edit = fields.Boolean(compute="_compute_can", help="The holder may still change the form.")

    @api.constrains("unit_id", "employee_id", "job_id")
    def _check_one_per_post(self):
        rows = self._read_group(
            [("unit_id", "in", self.unit_id.ids), ("employee_id", "in", self.employee_id.ids)],
            ["unit_id", "employee_id", "job_id"], ["__count"], having=[("__count", ">", 1)])
        for unit, employee, job, _count in rows:
            raise ValidationError(self.env._(
                "%(person)s already has a self-check for post %(post)s in %(unit)s.",
                person=employee.name, post=job.name or "-", unit=unit.name))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.has_access("create"):
            # said before Odoo's generic refusal: the forms come from the process, not from a "New" button
            raise AccessError(self.env._(
                "Self-check forms are opened for everyone in scope when the unit starts phase 2 (identification and "
                "grading). If yours is missing, ask your unit's liaison to create the missing self-checks."))
        checks = super().create(vals_list)
        for check in checks.sudo():  # the scope is the unit's, whoever creates the form
            if check.employee_id not in check.unit_id.scope_employee_ids:
                raise ValidationError(self.env._(
                    "%(person)s is not in the personnel in scope of %(unit)s: the office adds people to the scope.",
                    person=check.employee_id.name, unit=check.unit_id.name))
        return checks

    @api.model
    def _open_forms(self, values):
        """Create forms for their holders (the phase's opening or a personnel change does, not the working group,
        which may not write them), and tell each holder: an activity due on the unit's deadline and a mail."""
        checks = self.sudo().create(values)
        checks._tell_holders()
        return checks.with_env(self.env)

    def _tell_holders(self):
        """An activity for each holder with a login, a mail for each holder with an address (one batch each: a unit
        may have hundreds)."""
        checks = self.filtered("user_id")
        mailed = self.filtered(lambda c: c.user_id or c.employee_id.work_email)
        if mailed:
            # the process opens the forms: the mails go out whoever triggered it (an HR change, the office)
            self.env.ref("integrity_risk.mail_template_self_check_open").sudo().send_mail_batch(mailed.ids)
        if not checks:
            return
        activity_type = self.env.ref(FILL_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        # our own mail (above) tells the holder: no second notification mail per activity
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create([{
            "res_model_id": model_id, "res_id": check.id, "activity_type_id": activity_type.id, "automated": True,
            "user_id": check.user_id.id, "date_deadline": max(check.deadline or today, today),
            "note": self.env._("Fill in and submit your post's integrity-risk self-check (annex 1)."),
        } for check in checks])

    @api.depends("employee_id")
    def _compute_job_id(self):
        for check in self:
            check.job_id = check.job_id or check.employee_id.job_id

    @api.depends("unit_id.leader_id", "unit_id.supervisor_id", "employee_id")
    def _compute_reviewer_id(self):
        for check in self:
            leader = check.unit_id.leader_id
            # the unit leader's own form goes to the supervising university leader; nobody reviews their own
            reviewer = leader if leader != check.employee_id else check.unit_id.supervisor_id
            check.reviewer_id = reviewer if reviewer != check.employee_id else False

    @api.depends_context("lang")
    def _compute_guidance(self):
        panel = self.env["integrity.guidance"]._panel()
        for record in self:
            record.guidance = panel

    @api.depends("state", "user_id", "reviewer_user_id")
    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("submit", "return", "accept")
        for check in self:
            check.can_edit = check.can_submit

    def _own_roles(self, user):
        roles = set()
        if self.user_id == user:
            roles.add(process.HOLDER)
        if self.reviewer_user_id == user and self.reviewer_id != self.employee_id:
            roles.add(process.REVIEWER)
        return roles

    @api.depends("line_ids")
    def _compute_line_count(self):
        for check in self:
            check.line_count = len(check.line_ids)

    @api.depends("employee_id", "job_id")
    def _compute_display_name(self):
        for check in self:
            check.display_name = " / ".join(name for name in (check.employee_id.name, check.job_id.name) if name)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(check.state != "draft" for check in self):
            raise UserError(self.env._("Only a draft self-check can be deleted."))

    # --- steps -----------------------------------------------------------------------

    def action_submit(self):
        self._take_step("submit", {"date": fields.Date.context_today(self), "return_comment": False})
        # the holder may no longer write the submitted form, and activities follow the form's access
        self._close_activities([REVISE_ACTIVITY, FILL_ACTIVITY])
        for check in self:
            check._schedule_activity(
                REVIEW_ACTIVITY, check.reviewer_user_id,
                note=self.env._("Review the self-check of %(holder)s.", holder=check.employee_id.name),
            )

    def _submission_problems(self):
        self.ensure_one()
        problems = []
        if not self.job_id:
            problems.append(self.env._("the post is missing"))
        if not self.reviewer_user_id:
            problems.append(self.env._("there is no reviewer with a user account (the unit leader)"))
        if not self.line_ids:
            problems.append(self.env._("it has no risk control point"))
        for number, line in enumerate(self.line_ids, start=1):
            if not line.category or not line.level:
                problems.append(self.env._("line %(number)s needs a category and a self-assessed level",
                                           number=number))
        return problems

    def action_return(self, comment):
        """Send the form back to its holder with the reviewer's comment."""
        if not (comment or "").strip():
            raise UserError(self.env._("Write a comment telling the post holder what to fix."))
        self._take_step("return", {"return_comment": comment})
        self._close_activities([REVIEW_ACTIVITY], feedback=comment)
        for check in self:
            check.message_post(body=self.env._("Returned: %(comment)s", comment=comment))
            if check.user_id:
                check._schedule_activity(REVISE_ACTIVITY, check.user_id, note=comment)

    def action_accept(self):
        """Accept the form: each line becomes a risk point of the unit's register.

        A register already submitted or filed takes the lines of a newcomer or a new post through a recorded
        adjustment (调整), as the plan asks when posts change.
        """
        self._take_step("accept")
        # the reviewer may be the supervising leader, who does not otherwise write the unit's register
        Risk = self.env["integrity.risk"].sudo()
        closed = Risk._closed_registers(self.unit_id)
        values = {check: [{
            "unit_id": check.unit_id.id,
            "job_id": check.job_id.id,
            "employee_ids": [Command.set(check.employee_id.ids)],
            "duty": line.duty,
            "name": line.name,
            "category": line.category,
            "level": line.level,
            "source": "self_check",
            "self_check_line_id": line.id,
        } for line in check.line_ids] for check in self}
        Risk.create([vals for check in self if check.unit_id not in closed for vals in values[check]])
        for check in self.filtered(lambda c: c.unit_id in closed):
            added = Risk._as_adjustment().create(values[check])
            added._as_process()._take_step("confirm")
            added._cover_with_filed_packages()
            reason = self.env._("Self-check of %(person)s for post %(post)s accepted after the register was "
                                "submitted (personnel change).", person=check.employee_id.name, post=check.job_id.name)
            for risk in added:
                self.env["integrity.adjustment"]._record(
                    check.unit_id, "add", reason, self.env._("New risk point: %(risk)s", risk=risk.display_name),
                    risk=risk.with_env(self.env))
        self._close_activities([REVIEW_ACTIVITY])
        self.env["integrity.personnel.change"]._self_checks_accepted(self)

    def action_open_return_wizard(self):
        self.ensure_one()
        self._check_step("return")  # refused before the dialog, not after the comment is written
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Self-Check"),
            "res_model": "integrity.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_self_check_id": self.id},
        }

    @api.model
    def action_open_mine(self):
        """我的岗位廉政风险自查: the user's open form directly, or the list of their forms."""
        mine = self.search([("user_id", "=", self.env.uid)], order="campaign_id desc, id desc")
        action = self.env["ir.actions.act_window"]._for_xml_id("integrity_risk.integrity_self_check_action_mine")
        open_forms = mine.filtered(lambda c: c.state in ("draft", "returned"))
        if len(open_forms) == 1:
            action.update(res_id=open_forms.id, view_mode="form", views=[(False, "form")])
        return action
