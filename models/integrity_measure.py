from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from . import integrity_process as process

MEASURE_ACTIVITY = "integrity_risk.mail_activity_type_measure"
PROPOSAL_ACTIVITY = "integrity_risk.mail_activity_type_measure_proposal"
# Measures the working group has not accepted yet: not in annex 4, not counted as a risk point's measure.
PROPOSAL_STATES = ("proposed", "returned")
STAGES = [
    ("decision", "Decision"),
    ("execution", "Execution"),
    ("supervision", "Supervision"),
    ("inspection", "Inspection"),
    ("assessment", "Assessment"),
]
MEASURE_STATES = [
    ("proposed", "Proposed by the Holder"),
    ("returned", "Returned to the Holder"),
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("ineffective", "Found Ineffective"),
]


class IntegrityMeasure(models.Model):
    """A control measure (防控措施) of a risk point: what, who, by when, and how it is going."""

    _name = "integrity.measure"
    _description = "Control Measure"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.frozen.mixin"]
    _order = "unit_id, risk_id, sequence, id"
    _check_company_auto = True
    _mail_post_access = "read"

    _unit_people_fields = ("responsible_id",)
    _package_field = "measure_ids"
    _package_deliverables = ("measures",)
    # the measure's business content: what its package prints and freezes, what an adjustment changes, what
    # next year's plan starts from
    _content_fields = ("name", "kind_id", "scope", "stage", "responsible_id", "deadline")
    _frozen_fields = frozenset({*_content_fields, "risk_id", "active", "sequence"})
    # what the person responsible may change on a measure they do not otherwise manage
    _RESPONSIBLE_FIELDS = frozenset({"evidence_ids", "note"})
    # what a post holder writes in their own proposal (本人提出), while it is proposed or returned
    _PROPOSAL_FIELDS = frozenset({"risk_id", "name", "kind_id", "deadline", "sequence", "note", "scope",
                                  "responsible_id", "evidence_ids"})

    name = fields.Text(string="Measure", required=True, tracking=True)
    sequence = fields.Integer(default=10)
    risk_id = fields.Many2one("integrity.risk", string="Risk Point", required=True, index=True, ondelete="restrict",
                              check_company=True, tracking=True)
    unit_id = fields.Many2one(related="risk_id.unit_id", store=True, index=True)
    campaign_id = fields.Many2one(related="risk_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="risk_id.company_id", store=True, index=True)
    category = fields.Selection(related="risk_id.category", store=True)
    risk_level = fields.Selection(related="risk_id.level", store=True)
    kind_id = fields.Many2one("integrity.measure.kind", tracking=True,
                              domain="[('category', '=', category)]")
    scope = fields.Selection([("personal", "Personal Measure"), ("unit", "Unit Measure")], required=True,
                             default="personal", tracking=True)
    stage = fields.Selection(STAGES, string="Controlled Stage", tracking=True,
                             help="For unit measures: the key stage of the power it controls.")
    responsible_id = fields.Many2one("hr.employee", required=True, check_company=True,
                                     tracking=True)
    responsible_user_id = fields.Many2one(related="responsible_id.user_id", store=True, index=True,
                                          string="User of the Person Responsible")
    deadline = fields.Date(required=True, tracking=True)
    state = fields.Selection(MEASURE_STATES, default="planned", required=True, readonly=True, tracking=True,
                             index=True, copy=False)
    evidence_ids = fields.Many2many("ir.attachment", "integrity_measure_evidence_rel", "measure_id", "attachment_id")
    note = fields.Text(string="Progress Notes")
    active = fields.Boolean(default=True)
    predecessor_id = fields.Many2one("integrity.measure", string="Last Year's Measure", readonly=True, copy=False,
                                     index="btree_not_null")
    proposed_by_id = fields.Many2one("hr.employee", readonly=True, copy=False,
                                     help="The post holder who proposed this measure for their own risk point.")
    return_comment = fields.Text(string="Working Group's Comment", readonly=True, copy=False, tracking=True)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue")
    can_propose = fields.Boolean(compute="_compute_can")
    can_accept = fields.Boolean(compute="_compute_can")
    can_return = fields.Boolean(compute="_compute_can")
    can_start = fields.Boolean(compute="_compute_can")
    can_done = fields.Boolean(compute="_compute_can")
    can_reopen = fields.Boolean(compute="_compute_can")
    can_manage = fields.Boolean(compute="_compute_can", help="The user may change the measure itself.")

    @api.depends_context("uid")
    def _compute_can(self):
        roles = self._set_can("propose", "accept", "return", "start", "done", "reopen")
        for measure in self:
            manages = bool(roles[measure] & {process.UNIT, process.OFFICE}) and not measure.frozen
            proposes = process.HOLDER in roles[measure] and measure.state in PROPOSAL_STATES
            measure.can_manage = manages or proposes

    def _own_roles(self, user):
        roles = set()
        if self.responsible_user_id == user:
            roles.add(process.RESPONSIBLE)
            if self.state in PROPOSAL_STATES:
                roles.discard(process.RESPONSIBLE)  # a proposal is not carried out before the unit accepts it
        if self.proposed_by_id.user_id == user:
            roles.add(process.HOLDER)
        return roles

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for measure in self:
            measure.is_overdue = measure.state in ("planned", "in_progress") and measure.deadline < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue measures."))
        domain = [("state", "in", ("planned", "in_progress")), ("deadline", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    # --- rules ------------------------------------------------------------------------

    @api.constrains("kind_id", "risk_id")
    def _check_kind_fits_category(self):
        for measure in self:
            if measure.kind_id and measure.risk_id.category and measure.kind_id.category != measure.risk_id.category:
                raise ValidationError(self.env._(
                    "“%(kind)s” is a measure against another category of risk than “%(risk)s”.",
                    kind=measure.kind_id.name, risk=measure.risk_id.display_name))

    @api.constrains("scope", "stage")
    def _check_stage(self):
        if any(measure.scope == "unit" and not measure.stage for measure in self):
            raise ValidationError(self.env._(
                "A unit measure names the stage it controls: decision, execution, supervision, inspection or "
                "assessment."))

    @api.constrains("deadline", "risk_id")
    def _check_deadline(self):
        for measure in self.filtered("deadline"):
            start = min(measure.campaign_id.phase_ids.mapped("deadline") or [measure.deadline])
            if measure.deadline < start:
                raise ValidationError(self.env._(
                    "The deadline %(deadline)s of “%(measure)s” is before the campaign starts (%(start)s).",
                    deadline=format_date(self.env, measure.deadline), measure=measure.display_name,
                    start=format_date(self.env, start)))

    @api.constrains("name")
    def _check_name(self):
        if any(not (measure.name or "").strip() for measure in self):
            raise ValidationError(self.env._("A measure needs its description."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self._by_process() and not self._by_adjustment():
            proposals = self._holder_proposals(vals_list)
            if proposals:
                others = [vals for index, vals in enumerate(vals_list) if index not in proposals]
                return self._create_proposals(list(proposals.values())) | self.create(others)
        risks = self.env["integrity.risk"].browse({vals["risk_id"] for vals in vals_list if vals.get("risk_id")})
        if not self._by_adjustment():
            self._check_register_open_for_measures(risks)
        measures = super().create(vals_list)
        measures._schedule_deadline_activity()
        return measures

    def _check_register_open_for_measures(self, risks):
        # the unit's packages decide, whoever asks
        closed = self.env["integrity.submission"].sudo().search([
            ("unit_id", "in", risks.unit_id.ids), ("deliverable", "=", "measures"),
            ("state", "in", process.CLOSED_PACKAGE_STATES)], limit=1)
        if closed:
            raise UserError(self.env._(
                "The measures of %(unit)s are in %(package)s: add measures through an adjustment.",
                unit=closed.unit_id.name, package=closed.display_name))

    def _holder_proposals(self, vals_list):
        """{index: values} of the measures a post holder proposes for their own risk points (本人提出).

        Anyone else who is not of the risk point's working group or the office is refused here.
        """
        Risk = self.env["integrity.risk"]
        risks = Risk.browse({vals.get("risk_id") for vals in vals_list} - {None, False}).exists()
        roles = risks._process_roles()
        proposals = {}
        for index, vals in enumerate(vals_list):
            risk = risks.filtered(lambda r, v=vals: r.id == v.get("risk_id"))
            if not risk or roles[risk] & {process.UNIT, process.OFFICE}:
                continue
            # a holder of the risk point proposes for it; nobody else outside the unit adds measures
            # who holds the risk point decides the right, whatever this user reads of the employees
            holder = risk.sudo().with_context(active_test=False).employee_ids.filtered(
                lambda e: e.user_id == self.env.user)[:1]
            if not holder:
                raise AccessError(self.env._(
                    "Only the post holders of “%(risk)s” propose measures for it; its working group adds the "
                    "unit's measures.", risk=risk.display_name))
            if set(vals) - self._PROPOSAL_FIELDS or vals.get("scope", "personal") != "personal" or \
                    vals.get("responsible_id", holder.id) != holder.id:
                raise AccessError(self.env._(
                    "A post holder proposes personal measures that they carry out themselves: the working group "
                    "decides unit measures and who else is responsible."))
            proposals[index] = dict(vals, responsible_id=holder.id, proposed_by_id=holder.id, scope="personal",
                                    state="proposed")
        return proposals

    def _create_proposals(self, proposals):
        """Create the holders' proposals (checked by ``_holder_proposals``) and ask the working group to decide."""
        self._check_register_open_for_measures(self.env["integrity.risk"].browse([v["risk_id"] for v in proposals]))
        # the proposal is the holder's, decided by the working group: the process creates it after the checks
        measures = self.sudo()._as_process().create(proposals).with_env(self.env)
        measures._ask_unit_to_decide()
        return measures

    def _ask_unit_to_decide(self):
        for measure in self:
            unit = measure.sudo().unit_id  # the holder asks the unit's leader, whom they may not read
            user = unit.leader_id.user_id or unit.liaison_id.user_id
            if user:
                measure._schedule_activity(PROPOSAL_ACTIVITY, user, note=self.env._(
                    "%(person)s proposes a measure for “%(risk)s”: accept it or return it with a comment.",
                    person=measure.proposed_by_id.name, risk=measure.risk_id.display_name))

    def write(self, vals):
        if not self._by_process():
            roles = self._process_roles()
            for measure in self:
                if roles[measure] & {process.UNIT, process.OFFICE}:
                    continue
                if process.HOLDER in roles[measure] and measure.state in PROPOSAL_STATES:
                    if set(vals) - self._PROPOSAL_FIELDS or vals.get("scope", "personal") != "personal" or \
                            vals.get("responsible_id", measure.responsible_id.id) != measure.responsible_id.id:
                        raise AccessError(self.env._(
                            "A post holder changes the text, kind and deadline of their own proposal."))
                    continue
                if process.RESPONSIBLE not in roles[measure] or set(vals) - self._RESPONSIBLE_FIELDS:
                    raise AccessError(self.env._(
                        "The person responsible adds evidence and notes to “%(measure)s”; the working group changes "
                        "the measure itself.", measure=measure.display_name))
        result = super().write(vals)
        if {"deadline", "responsible_id"} & set(vals):
            self.sudo().activity_unlink([MEASURE_ACTIVITY])  # the old deadline's activity, whoever it was for
            self._schedule_deadline_activity()
        return result

    def _schedule_deadline_activity(self):
        """One activity per open measure for the person responsible, due on its deadline, in one create."""
        measures = self.filtered(lambda m: m.responsible_user_id and m.state in ("planned", "in_progress"))
        if not measures:
            return
        activity_type = self.env.ref(MEASURE_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        # one batch for thousands of measures (a rollover): mail.activity's own per-record checks are the cost
        self.env["mail.activity"].sudo().create([{
            "res_model_id": model_id,
            "res_id": measure.id,
            "activity_type_id": activity_type.id,
            "automated": True,  # so that activity_feedback and activity_unlink find it
            "user_id": measure.responsible_user_id.id,
            "date_deadline": measure.deadline,
            "note": self.env._("Carry out the measure for “%(risk)s” by %(deadline)s.",
                               risk=measure.risk_id.display_name, deadline=format_date(self.env, measure.deadline)),
        } for measure in measures])

    # --- proposals by post holders (本人提出) -----------------------------------------------

    def _proposal_problems(self):
        self.ensure_one()
        if not (self.name or "").strip():
            return [self.env._("describe the measure")]
        return []

    def action_propose(self):
        """The holder sends a returned proposal to the working group again."""
        self._take_step("propose", {"return_comment": False})
        self._close_activities([PROPOSAL_ACTIVITY])
        self._ask_unit_to_decide()

    def action_accept(self):
        """The working group accepts the holder's proposal: it becomes a planned measure of the unit."""
        self._take_step("accept", {"return_comment": False})
        self._close_activities([PROPOSAL_ACTIVITY])
        self._schedule_deadline_activity()

    def action_return(self, comment):
        if not (comment or "").strip():
            raise UserError(self.env._("Write what the post holder should change."))
        self._take_step("return", {"return_comment": comment})
        self._close_activities([PROPOSAL_ACTIVITY], feedback=comment)
        for measure in self.filtered("proposed_by_id.user_id"):
            measure._schedule_activity(PROPOSAL_ACTIVITY, measure.proposed_by_id.user_id, note=comment)

    def action_open_return_wizard(self):
        self.ensure_one()
        self._check_step("return")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return the Proposal"),
            "res_model": "integrity.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_measure_id": self.id},
        }

    # --- status -------------------------------------------------------------------------

    def action_start(self):
        self._take_step("start")

    def action_done(self):
        self._take_step("done")
        self._close_activities([MEASURE_ACTIVITY])

    def action_reopen(self):
        self._take_step("reopen")
