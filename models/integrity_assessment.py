from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, format_list


class IntegrityAssessment(models.Model):
    """The leading group's check of a unit (检查考核), scored by the campaign's scheme."""

    _name = "integrity.assessment"
    _description = "Unit Assessment"
    _inherit = ["mail.thread", "integrity.process.mixin"]
    _order = "campaign_id desc, unit_id, date desc, id desc"
    _check_company_auto = True

    unit_id = fields.Many2one("integrity.unit", required=True, index=True, check_company=True, tracking=True)
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    scheme_id = fields.Many2one("integrity.assessment.scheme", required=True, tracking=True,
                                default=lambda self: self.env.ref("integrity_risk.assessment_scheme_plan",
                                                                  raise_if_not_found=False))
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    checker_ids = fields.Many2many("hr.employee", string="Checkers", check_company=True)
    line_ids = fields.One2many("integrity.assessment.line", "assessment_id", string="Scores", copy=True)
    total = fields.Float(compute="_compute_total", store=True, tracking=True)
    max_total = fields.Float(related="scheme_id.max_total", string="Full Score")
    comments = fields.Html()
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True, readonly=True,
                             tracking=True)
    can_done = fields.Boolean(compute="_compute_can")
    can_reopen = fields.Boolean(compute="_compute_can")

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("done", "reopen")

    @api.depends("line_ids.score")
    def _compute_total(self):
        for assessment in self:
            assessment.total = sum(assessment.line_ids.mapped("score"))

    @api.depends("unit_id", "date")
    def _compute_display_name(self):
        for assessment in self:
            day = format_date(self.env, assessment.date)
            assessment.display_name = f"{assessment.unit_id.name or ''} {day}".strip()

    @api.model_create_multi
    def create(self, vals_list):
        assessments = super().create(vals_list)
        for assessment in assessments.filtered(lambda a: not a.line_ids):
            assessment.line_ids = [Command.create({"criterion_id": criterion.id})
                                   for criterion in assessment.scheme_id.criterion_ids]
        return assessments

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(assessment.state == "done" for assessment in self):
            raise UserError(self.env._("A finished assessment is never deleted; reopen it to correct it."))

    def _closing_problems(self):
        self.ensure_one()
        missing = self.line_ids.filtered(lambda line: not line.scored)
        if missing:
            return [self.env._("score every criterion first: %(criteria)s",
                               criteria=format_list(self.env, missing.criterion_id.mapped("name")))]
        return []

    def action_done(self):
        self._take_step("done")

    def action_reopen(self):
        self._take_step("reopen")


class IntegrityAssessmentLine(models.Model):
    _name = "integrity.assessment.line"
    _description = "Assessment Score"
    _inherit = ["integrity.process.mixin"]
    _order = "assessment_id, sequence, id"
    _unit_field = None
    _open_with_parent = ("assessment_id", ("draft",))

    assessment_id = fields.Many2one("integrity.assessment", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="assessment_id.company_id", store=True)
    criterion_id = fields.Many2one("integrity.assessment.criterion", required=True, ondelete="restrict")
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    max_score = fields.Float(related="criterion_id.max_score", string="Full Score")
    score = fields.Float()
    scored = fields.Boolean(default=False, help="Set once a score has been given, zero included.")
    comment = fields.Char()
    evidence = fields.Text(compute="_compute_evidence", string="Recorded Evidence",
                           help="What the unit recorded for this criterion (its meetings, for organisation).")

    @api.depends("criterion_id.shows_meetings", "assessment_id.unit_id")
    @api.depends_context("lang")
    def _compute_evidence(self):
        lines = self.filtered("criterion_id.shows_meetings")
        digest = self.env["integrity.meeting"]._digest(lines.assessment_id.unit_id)
        for line in self:
            line.evidence = digest.get(line.assessment_id.unit_id, False) if line in lines else False

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        scored = [lines[index].id for index, vals in enumerate(vals_list) if "score" in vals]
        lines.browse(scored)._as_process().write({"scored": True})
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "score" in vals:
            self._as_process().write({"scored": True})
        return result

    @api.constrains("score", "criterion_id")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= line.criterion_id.max_score:
                raise ValidationError(self.env._(
                    "The score of “%(criterion)s” is between 0 and %(max)s, not %(score)s.",
                    criterion=line.criterion_id.name, max=line.criterion_id.max_score, score=line.score))
