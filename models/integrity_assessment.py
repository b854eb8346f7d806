from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class IntegrityAssessment(models.Model):
    """The leading group's check of a unit (检查考核), scored by the campaign's scheme."""

    _name = "integrity.assessment"
    _description = "Unit Assessment"
    _inherit = ["mail.thread", "integrity.workflow.mixin"]
    _order = "campaign_id desc, unit_id, date desc, id desc"
    _check_company_auto = True

    _workflow_fields = frozenset({"state"})

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

    @api.depends("line_ids.score")
    def _compute_total(self):
        for assessment in self:
            assessment.total = sum(assessment.line_ids.mapped("score"))

    @api.depends("unit_id", "date")
    def _compute_display_name(self):
        for assessment in self:
            assessment.display_name = f"{assessment.unit_id.name or ''} {assessment.date or ''}".strip()

    @api.model_create_multi
    def create(self, vals_list):
        assessments = super().create(vals_list)
        for assessment in assessments.filtered(lambda a: not a.line_ids):
            assessment.line_ids = [(0, 0, {"criterion_id": criterion.id})
                                   for criterion in assessment.scheme_id.criterion_ids]
        return assessments

    def write(self, vals):
        if any(assessment.state == "done" for assessment in self) and not self.env.context.get("integrity_workflow"):
            raise UserError(self.env._("A finished assessment is not changed; reopen it first."))
        return super().write(vals)

    def action_done(self):
        for assessment in self:
            if assessment.state != "draft":
                raise UserError(self.env._("This assessment is already done."))
            missing = assessment.line_ids.filtered(lambda line: not line.scored)
            if missing:
                raise UserError(self.env._("Score every criterion first: %(criteria)s.",
                                           criteria="、".join(missing.criterion_id.mapped("name"))))
        self._workflow_write({"state": "done"})

    def action_reopen(self):
        if not (self.env.user.has_group("integrity_risk.group_office")
                or self.env.user.has_group("integrity_risk.group_leader")):
            raise AccessError(self.env._("Only the leading group and its office reopen assessments."))
        self._workflow_write({"state": "draft"})


class IntegrityAssessmentLine(models.Model):
    _name = "integrity.assessment.line"
    _description = "Assessment Score"
    _order = "assessment_id, sequence, id"

    assessment_id = fields.Many2one("integrity.assessment", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="assessment_id.company_id", store=True)
    criterion_id = fields.Many2one("integrity.assessment.criterion", required=True, ondelete="restrict")
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    max_score = fields.Float(related="criterion_id.max_score", string="Full Score")
    score = fields.Float()
    scored = fields.Boolean(default=False, help="Set once a score has been given, zero included.")
    comment = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "score" in vals:
                vals["scored"] = True
        return super().create(vals_list)

    def write(self, vals):
        if "score" in vals:
            vals = dict(vals, scored=True)
        if self.assessment_id.filtered(lambda a: a.state == "done"):
            raise UserError(self.env._("A finished assessment is not changed; reopen it first."))
        return super().write(vals)

    @api.constrains("score", "criterion_id")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= line.criterion_id.max_score:
                raise ValidationError(self.env._(
                    "The score of “%(criterion)s” is between 0 and %(max)s, not %(score)s.",
                    criterion=line.criterion_id.name, max=line.criterion_id.max_score, score=line.score))
