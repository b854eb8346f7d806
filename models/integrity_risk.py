from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list

from . import integrity_process as process
from .grading import FACTORS, FLAGS, LEVEL_RANK, LEVELS, is_below, suggest
from .integrity_grading_config import RULE_FIELDS

FACTOR_SCALE = [
    ("1", "1 - Very low"),
    ("2", "2 - Low"),
    ("3", "3 - Moderate"),
    ("4", "4 - High"),
    ("5", "5 - Very high"),
]
CATEGORIES = [
    ("power", "Power Exercise"),
    ("institution", "Institutions and Mechanisms"),
    ("ideology", "Ideology and Morals"),
]
CATEGORY_HELP = (
    "Power exercise: power too concentrated, irregular procedures or too much discretion may lead to abuse "
    "of power; above all posts managing people, money and goods or holding approval powers.\n"
    "Institutions and mechanisms: incomplete rules or weak supervision and checks may let power run out of "
    "control; rules exist but are not carried out.\n"
    "Ideology and morals: wavering ideals, a lax work style or weak professional ethics, and outside "
    "influence on the use of power, may lead to misconduct."
)
SOURCES = [
    ("self_check", "Personal Self-Check"),
    ("unit_discussion", "Unit Discussion"),
    ("unit_review", "Unit Review"),
    ("office", "Office"),
]


class IntegrityRisk(models.Model):
    """A risk point (风险点) of the register: where it is, what it is, and how high it is."""

    _name = "integrity.risk"
    _description = "Integrity Risk Point"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.frozen.mixin"]
    _order = "unit_id, level_rank desc, job_id, id"
    _check_company_auto = True

    _unit_people_fields = ("employee_ids",)
    _package_field = "risk_ids"
    _package_deliverables = ("identification", "measures")
    # the risk point's business content, in the order a change is described: what its package prints and
    # freezes, what an adjustment changes, what next year's register starts from and is compared by
    _content_fields = ("name", "duty", "job_id", "employee_ids", "category", *FACTORS, *FLAGS, "level",
                       "level_reason")
    _frozen_fields = frozenset({*_content_fields, "unit_id", "source", "active", "state"})

    name = fields.Text(string="Risk Point", required=True, tracking=True)
    unit_id = fields.Many2one("integrity.unit", required=True, index=True, check_company=True, tracking=True,
                              default=lambda self: self.env["integrity.unit"]._own_unit())
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    job_id = fields.Many2one("hr.job", string="Post", required=True, index=True, check_company=True, tracking=True)
    employee_ids = fields.Many2many(
        "hr.employee", "integrity_risk_employee_rel", "risk_id", "employee_id",
        string="Responsible Persons", check_company=True,
    )
    duty = fields.Text(string="Post Duty", help="The duty of the post this risk point belongs to.")
    category = fields.Selection(CATEGORIES, tracking=True, help=CATEGORY_HELP)
    source = fields.Selection(SOURCES, required=True, default="unit_discussion", tracking=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("draft", "Identified"), ("confirmed", "Confirmed"), ("retired", "Retired")],
        default="draft", required=True, readonly=True, copy=False, tracking=True,
    )
    self_check_line_id = fields.Many2one(
        "integrity.self.check.line", string="Self-Check Line", readonly=True, copy=False, index="btree_not_null",
    )

    # Grading inputs, as the plan lists them
    importance = fields.Selection(FACTOR_SCALE, string="Importance of the Power")
    frequency = fields.Selection(FACTOR_SCALE, string="Frequency of Use")
    discretion = fields.Selection(FACTOR_SCALE, string="Size of Discretion")
    probability = fields.Selection(FACTOR_SCALE, string="Probability of Corruption")
    harm = fields.Selection(FACTOR_SCALE, string="Degree of Harm")
    major_matter = fields.Boolean(
        string="Major Matter (三重一大)",
        help="Major decisions, important appointments, major projects or the use of large sums.",
    )
    resource_allocation = fields.Boolean(
        string="Allocates People, Money or Goods",
        help="The post allocates people, money or goods with flexible operation and wide discretion.",
    )
    past_problem = fields.Boolean(
        string="Past Integrity Problem", help="This post has had an integrity problem before."
    )

    measure_ids = fields.One2many("integrity.measure", "risk_id", string="Control Measures")
    measure_count = fields.Integer(compute="_compute_measure_count")
    predecessor_id = fields.Many2one("integrity.risk", string="Last Year's Risk Point", readonly=True, copy=False,
                                     index="btree_not_null")
    year_change = fields.Selection(
        [("new", "New"), ("changed", "Changed"), ("unchanged", "Unchanged"), ("retired", "Retired")],
        string="Change Since Last Year", readonly=True, copy=False,
        help="Set when the office compares the campaign with the previous year.")
    year_changed_fields = fields.Char(string="Changed Fields", readonly=True, copy=False)

    suggested_level = fields.Selection(LEVELS, compute="_compute_suggestion", store=True)
    grading_score = fields.Float(string="Weighted Score", compute="_compute_suggestion", store=True, digits=(3, 2),
                                 aggregator="avg")
    grading_reasons = fields.Json(compute="_compute_suggestion", store=True)
    grading_explanation = fields.Char(compute="_compute_grading_explanation")
    level = fields.Selection(LEVELS, string="Risk Level", tracking=True)
    level_rank = fields.Integer(compute="_compute_level_rank", store=True, aggregator=None)
    level_reason = fields.Text(
        string="Reason for the Level", tracking=True,
        help="Required when the level is below the suggested one.",
    )
    needs_reason = fields.Boolean(
        compute="_compute_needs_reason", store=True,
        help="Graded below the suggestion without a written reason.",
    )
    guidance = fields.Html(compute="_compute_guidance", sanitize=False,
                           help="The plan's definitions of the categories and levels, as the office keeps them.")
    can_retire = fields.Boolean(compute="_compute_can")
    can_adjust = fields.Boolean(compute="_compute_can")
    can_apply_suggestion = fields.Boolean(compute="_compute_can")
    can_propose_measure = fields.Boolean(
        compute="_compute_can", help="The user holds this post and may propose a measure for it (本人提出).")

    @api.depends(*FACTORS, *FLAGS, *(f"campaign_id.grading_config_id.{name}" for name in RULE_FIELDS))
    def _compute_suggestion(self):
        rules_by_campaign = {
            campaign: campaign.grading_config_id._rules()
            for campaign in self.campaign_id if campaign.grading_config_id
        }
        for risk in self:
            rules = rules_by_campaign.get(risk.campaign_id)
            if not rules:
                risk.suggested_level = risk.grading_score = risk.grading_reasons = False
                continue
            suggestion = suggest(
                {factor: int(risk[factor]) if risk[factor] else None for factor in FACTORS},
                {flag: risk[flag] for flag in FLAGS},
                rules,
            )
            risk.suggested_level = suggestion.level or False
            risk.grading_score = suggestion.score or 0.0
            risk.grading_reasons = suggestion.reasons(rules)

    @api.depends("grading_reasons", "suggested_level")
    @api.depends_context("lang")
    def _compute_grading_explanation(self):
        level_labels = dict(self._fields["level"]._description_selection(self.env))
        for risk in self:
            parts = [self._explain_reason(reason) for reason in risk.grading_reasons or []]
            if risk.suggested_level:
                risk.grading_explanation = self.env._(
                    "%(level)s: %(reasons)s", level=level_labels[risk.suggested_level], reasons="; ".join(parts))
            else:
                risk.grading_explanation = "; ".join(parts)

    def _explain_reason(self, reason):
        kind, *args = reason
        if kind == "forced":
            return self._fields[args[0]]._description_string(self.env)
        if kind == "score_high":
            return self.env._("weighted score %(score).2f ≥ %(high).2f", score=args[0], high=args[1])
        if kind == "score_medium":
            return self.env._("weighted score %(score).2f ≥ %(medium).2f and < %(high).2f",
                     score=args[0], medium=args[1], high=args[2])
        if kind == "score_low":
            return self.env._("weighted score %(score).2f < %(medium).2f", score=args[0], medium=args[1])
        if kind == "missing":
            names = format_list(self.env, [self._fields[factor]._description_string(self.env) for factor in args[0]])
            return self.env._("not graded yet, missing: %(factors)s", factors=names)
        return str(reason)

    @api.depends("measure_ids")
    def _compute_measure_count(self):
        counts = dict(self.env["integrity.measure"]._read_group(
            [("risk_id", "in", self.ids)], ["risk_id"], ["__count"]))
        for risk in self:
            risk.measure_count = counts.get(risk, 0)

    @api.depends_context("lang")
    def _compute_guidance(self):
        panel = self.env["integrity.guidance"]._panel()
        for record in self:
            record.guidance = panel

    @api.depends("state", "unit_id", "employee_ids", "suggested_level")
    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("retire", "apply_suggestion")
        may_adjust = self.unit_id._may("adjust")
        # whether the user holds the post only shows a button; the responsible persons are no secret to them
        holders = self.sudo().with_context(active_test=False).employee_ids.filtered(
            lambda e: e.user_id == self.env.user)
        for risk in self:
            risk.can_propose_measure = risk.state != "retired" and bool(
                holders & risk.sudo().with_context(active_test=False).employee_ids)
            risk.can_retire = risk.can_retire and not risk.frozen
            risk.can_adjust = may_adjust.get(risk.unit_id, False) and risk.frozen and risk.state != "retired"
            risk.can_apply_suggestion = risk.can_apply_suggestion and not risk.frozen and bool(risk.suggested_level)

    @api.depends("level")
    def _compute_level_rank(self):
        for risk in self:
            risk.level_rank = LEVEL_RANK.get(risk.level, 0)

    @api.depends("level", "suggested_level", "level_reason")
    def _compute_needs_reason(self):
        for risk in self:
            risk.needs_reason = is_below(risk.level, risk.suggested_level) and not (risk.level_reason or "").strip()

    # --- validation -------------------------------------------------------------

    def _check_factor_values(self, vals):
        allowed = {code for code, _label in FACTOR_SCALE}
        for factor in FACTORS:
            if vals.get(factor) and vals[factor] not in allowed:
                raise ValidationError(self.env._(
                    "%(factor)s is scored from 1 to 5, not %(value)s.",
                    factor=self._fields[factor]._description_string(self.env), value=vals[factor],
                ))

    @api.model
    def _closed_registers(self, units):
        """{unit: package} of the units whose register is in a submitted or filed package."""
        # the packages of the unit decide, whoever asks (a cadre does not read them all)
        packages = self.env["integrity.submission"].sudo().search([
            ("unit_id", "in", units.ids), ("deliverable", "in", ("identification", "measures")),
            ("state", "in", process.CLOSED_PACKAGE_STATES)])
        return {package.unit_id.with_env(self.env): package for package in packages}

    def _check_register_open(self, units):
        """A unit whose register has been submitted adds risk points only through an adjustment."""
        if self._by_adjustment() or not units:
            return
        for unit, package in self._closed_registers(units).items():
            raise UserError(self.env._(
                "The risk register of %(unit)s is in %(package)s: add risk points through an adjustment.",
                unit=unit.name, package=package.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_factor_values(vals)
        self._check_register_open(self.env["integrity.unit"].browse(
            {vals["unit_id"] for vals in vals_list if vals.get("unit_id")}))
        risks = super().create(vals_list)
        ungraded = risks.filtered(lambda r: not r.level and r.suggested_level)
        for level, group in ungraded.grouped("suggested_level").items():
            group.level = level
        return risks

    def write(self, vals):
        self._check_factor_values(vals)
        return super().write(vals)

    @api.constrains("name")
    def _check_name(self):
        if any(not (risk.name or "").strip() for risk in self):
            raise ValidationError(self.env._("A risk point needs its content."))

    @api.constrains("level", "level_reason")
    def _check_level_reason(self):
        for risk in self:
            if risk.needs_reason:
                raise ValidationError(self.env._(
                    "The level of “%(risk)s” is below the suggested level (%(explanation)s): write the reason.",
                    risk=risk.display_name, explanation=risk.grading_explanation,
                ))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_identified(self):
        if any(risk.state != "draft" for risk in self):
            raise UserError(self.env._("A confirmed risk point cannot be deleted; retire it instead."))

    # --- actions ----------------------------------------------------------------

    def action_retire(self):
        self._check_not_frozen({"state"})
        self._retire()

    def _retire(self):
        self._take_step("retire", {"active": False})

    def action_adjust(self):
        """Open the adjustment of this filed risk point: what changes, and why."""
        self.ensure_one()
        self.unit_id._check_step("adjust")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Adjust Risk Point"),
            "res_model": "integrity.risk.adjust",
            "view_mode": "form",
            "target": "new",
            "context": {"default_risk_id": self.id, "default_unit_id": self.unit_id.id},
        }

    def action_propose_measure(self):
        """本人提出: the post holder proposes a measure for their own risk point; the working group decides."""
        self.ensure_one()
        holder = self.sudo().employee_ids.filtered(lambda e: e.user_id == self.env.user)[:1]  # only finds the user
        if not holder:
            raise UserError(self.env._("Only the post holders of “%(risk)s” propose measures for it.",
                                       risk=self.display_name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose a Measure"),
            "res_model": "integrity.measure",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_risk_id": self.id, "default_responsible_id": holder.id,
                        "default_scope": "personal"},
        }

    def action_apply_suggestion(self):
        self._check_step("apply_suggestion")
        for risk in self:
            if not risk.suggested_level:
                raise UserError(self.env._("“%(risk)s” has no suggested level yet: fill in the grading factors.",
                                           risk=risk.display_name))
            risk.level = risk.suggested_level
