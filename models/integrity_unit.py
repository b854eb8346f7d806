from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_list
from odoo.tools.misc import unquote

from . import integrity_process as process
from .hr_employee import UNIT_TYPES
from .integrity_process import DELIVERABLE_OF_PHASE, NEXT_PHASE, PHASE_OF_DELIVERABLE, UNIT_PHASES

# reminders per transaction in a deadline-week run: the scheduler commits between batches (ir.cron progress)
REMINDER_BATCH = 200

DELIVERABLE_STATES = [
    ("none", "Not Started"), ("draft", "Preparing"), ("publicity", "In Publicity"), ("submitted", "Submitted"),
    ("approved", "Approved"), ("returned", "Returned"), ("filed", "Filed"), ("overdue", "Overdue"),
]


class IntegrityUnit(models.Model):
    """A unit's working group (单位工作小组) in one campaign."""

    _name = "integrity.unit"
    _description = "Unit Working Group"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.process.mixin", "integrity.annex.mixin"]
    _order = "id"  # views order units by sequence; grouping by unit then needs no join
    _check_company_auto = True

    name = fields.Char(related="department_id.name")
    sequence = fields.Integer(default=10)
    campaign_id = fields.Many2one(
        "integrity.campaign", required=True, ondelete="cascade", index=True, tracking=True,
        default=lambda self: self._default_campaign_id(),
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    department_id = fields.Many2one("hr.department", required=True, check_company=True, tracking=True)
    leader_id = fields.Many2one(
        "hr.employee", check_company=True, tracking=True,
        help="Head of the working group: the unit's main party or administrative head.",
    )
    co_leader_id = fields.Many2one(
        "hr.employee", string="Second Head", check_company=True, tracking=True,
        help="The group is led by the unit's main party and administrative heads (党政主要负责人): the other one of "
        "the two. The first head reviews the self-checks.",
    )
    member_ids = fields.Many2many(
        "hr.employee", "integrity_unit_member_rel", "unit_id", "employee_id",
        string="Members", check_company=True,
    )
    liaison_id = fields.Many2one(
        "hr.employee", check_company=True, tracking=True,
        help="The person who keeps in touch with the leading group's office.",
    )
    liaison_phone = fields.Char(compute="_compute_liaison_contact", store=True, readonly=False, tracking=True)
    liaison_email = fields.Char(compute="_compute_liaison_contact", store=True, readonly=False, tracking=True)
    supervisor_id = fields.Many2one(
        "hr.employee", string="Supervising University Leader", check_company=True,
        help="Reviewer of the unit's annex 2 and annex 3.",
    )
    list_reported_date = fields.Date(
        string="List Reported On", readonly=True, copy=False, tracking=True,
        help="When the working-group list was reported to the office (the kickoff deliverable).",
    )
    current_phase = fields.Selection(
        UNIT_PHASES, default="kickoff", required=True, readonly=True, copy=False, tracking=True,
        group_expand=True,
    )
    # who is in scope, beside their ranks, tells who is a party member: the working groups, the office and the
    # leading group see it, not every colleague
    scope_employee_ids = fields.Many2many(
        "hr.employee", "integrity_unit_scope_rel", "unit_id", "employee_id",
        string="Personnel in Scope", check_company=True, groups="integrity_risk.group_unit,integrity_risk.group_leader",
        help="The plan's rule for the unit's type, plus the office's inclusions, less its exclusions; it follows "
        "the HR records.",
    )
    scope_exception_ids = fields.One2many("integrity.scope.exception", "unit_id", string="Inclusions and Exclusions",
                                          groups="integrity_risk.group_unit,integrity_risk.group_leader")
    unit_type = fields.Selection(UNIT_TYPES, compute="_compute_unit_type", inverse="_inverse_unit_type",
                                 help="The department's type decides the plan's scope rule; the office sets it.")
    scope_count = fields.Integer(compute="_compute_scope_count", compute_sudo=True)
    power_catalogue_ids = fields.Many2many(
        "ir.attachment", "integrity_unit_power_catalogue_rel", "unit_id", "attachment_id",
        help="The unit's catalogue of powers (职权目录).",
    )
    flow_chart_ids = fields.Many2many(
        "ir.attachment", "integrity_unit_flow_chart_rel", "unit_id", "attachment_id",
        string="Power-Flow Charts", help="Charts of how the unit's powers are exercised (权力运行流程图).",
    )
    meeting_ids = fields.One2many("integrity.meeting", "unit_id", string="Meetings")
    meeting_digest = fields.Text(compute="_compute_meeting_digest", string="Meetings Held",
                                 help="The unit's study, mobilisation and discussion meetings, by kind.")
    self_check_ids = fields.One2many("integrity.self.check", "unit_id", string="Self-Checks")
    self_check_count = fields.Integer(compute="_compute_self_check_stats")
    self_check_accepted_count = fields.Integer(compute="_compute_self_check_stats", string="Accepted Self-Checks")
    risk_ids = fields.One2many("integrity.risk", "unit_id", string="Risk Points")
    risk_count = fields.Integer(compute="_compute_risk_count")
    risk_high_count = fields.Integer(compute="_compute_risk_count", string="High Risks")
    risk_medium_count = fields.Integer(compute="_compute_risk_count", string="Medium Risks")
    risk_low_count = fields.Integer(compute="_compute_risk_count", string="Low Risks")
    risk_matrix = fields.Html(compute="_compute_risk_matrix", string="Level × Category", sanitize=False)
    measure_count = fields.Integer(compute="_compute_measure_stats", string="Measures")
    measure_done_count = fields.Integer(compute="_compute_measure_stats", string="Measures Done")
    current_deadline = fields.Date(compute="_compute_current_deadline", string="Phase Deadline")
    current_submission_state = fields.Selection(DELIVERABLE_STATES, compute="_compute_overdue",
                                                string="Deliverable of the Phase")
    review_done = fields.Boolean(string="Review Complete", readonly=True, copy=False, tracking=True)
    review_date = fields.Date(string="Review Completed On", readonly=True, copy=False)
    # who is missing from the review names the unit's people in scope: for its working group and the leading group
    review_problems = fields.Text(compute="_compute_review_problems", string="Blocking Problems",
                                  groups="integrity_risk.group_unit,integrity_risk.group_leader")
    review_problem_count = fields.Integer(compute="_compute_review_problems",
                                          groups="integrity_risk.group_unit,integrity_risk.group_leader")
    submission_ids = fields.One2many("integrity.submission", "unit_id", string="Submissions")
    inspection_ids = fields.One2many("integrity.inspection", "unit_id", string="Inspections")
    next_inspection_date = fields.Date(compute="_compute_next_inspection_date",
                                       help="The last inspection (or the filing of annex 4) plus the campaign's "
                                       "inspection interval.")
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_overdue", search="_search_is_overdue",
                                help="Past a phase deadline without that phase's deliverable filed.")
    overdue_phases = fields.Char(compute="_compute_overdue")
    working_group_state = fields.Selection(DELIVERABLE_STATES, string="Working-Group List",
                                           compute="_compute_overdue")
    identification_state = fields.Selection(DELIVERABLE_STATES, string="Annex 2 and Annex 3",
                                            compute="_compute_overdue")
    measures_state = fields.Selection(DELIVERABLE_STATES, string="Annex 4", compute="_compute_overdue")
    summary_state = fields.Selection(DELIVERABLE_STATES, string="Summary Report",
                                     compute="_compute_overdue")
    user_ids = fields.Many2many(
        "res.users", "integrity_unit_user_rel", "unit_id", "user_id",
        string="Working Group Users", compute="_compute_user_ids", store=True,
        help="Users of the leader, members and liaison: they work on this unit's records.",
    )
    can_report_list = fields.Boolean(compute="_compute_can")
    can_create_self_checks = fields.Boolean(compute="_compute_can")
    can_open_submission = fields.Boolean(compute="_compute_can")
    can_complete_review = fields.Boolean(compute="_compute_can")
    can_reopen_review = fields.Boolean(compute="_compute_can")
    can_apply_scope_rule = fields.Boolean(compute="_compute_can")
    can_manage_people = fields.Boolean(compute="_compute_can", help="The office names the leader, the supervising "
                                       "leader and the personnel in scope.")

    _sql_constraints = [
        ("department_unique", "unique(campaign_id, department_id)",
         "A department has one working group per campaign."),
    ]

    def _default_campaign_id(self):
        """The company's campaign not closed yet (being prepared or running), when there is only one."""
        campaigns = self.env["integrity.campaign"].search(
            [("state", "!=", "closed"), ("company_id", "=", self.env.company.id)], limit=2)
        return campaigns if len(campaigns) == 1 else campaigns.browse()

    @api.depends("liaison_id")
    def _compute_liaison_contact(self):
        for unit in self:
            employee = unit.liaison_id
            unit.liaison_phone = employee.mobile_phone or employee.work_phone or False
            unit.liaison_email = employee.work_email or False

    @api.depends("meeting_ids.date", "meeting_ids.kind")
    @api.depends_context("lang")
    def _compute_meeting_digest(self):
        digest = self.env["integrity.meeting"]._digest(self)
        for unit in self:
            unit.meeting_digest = digest[unit]

    @api.depends("department_id.integrity_unit_type")
    def _compute_unit_type(self):
        for unit in self:
            unit.unit_type = unit.department_id.integrity_unit_type

    def _inverse_unit_type(self):
        # an office decision (checked on write) about the department, which the office does not otherwise edit
        for unit in self:
            unit.department_id.sudo().integrity_unit_type = unit.unit_type

    @api.depends("scope_employee_ids")
    def _compute_scope_count(self):
        for unit in self:
            unit.scope_count = len(unit.scope_employee_ids)

    @api.depends("leader_id.user_id", "co_leader_id.user_id", "member_ids.user_id", "liaison_id.user_id")
    def _compute_user_ids(self):
        for unit in self:
            unit.user_ids = (unit.leader_id | unit.co_leader_id | unit.member_ids | unit.liaison_id).user_id

    def _compute_self_check_stats(self):
        # the card counts the whole unit for whoever reads the unit: a holder reads only her own form
        rows = self.env["integrity.self.check"].sudo()._read_group(
            [("unit_id", "in", self.ids)], ["unit_id", "state"], ["__count"])
        totals, accepted = {}, {}
        for unit, state, count in rows:
            totals[unit] = totals.get(unit, 0) + count
            if state == "accepted":
                accepted[unit] = count
        for unit in self:
            unit.self_check_count = totals.get(unit, 0)
            unit.self_check_accepted_count = accepted.get(unit, 0)

    def _compute_risk_count(self):
        # the whole register, as publicised to the unit (公示), for whoever reads the unit
        rows = self.env["integrity.risk"].sudo()._read_group(
            [("unit_id", "in", self.ids), ("state", "!=", "retired")], ["unit_id", "level"], ["__count"])
        counts, totals = {}, {}
        for unit, level, count in rows:
            counts[unit.id, level] = count
            totals[unit.id] = totals.get(unit.id, 0) + count
        for unit in self:
            unit.risk_high_count = counts.get((unit.id, "high"), 0)
            unit.risk_medium_count = counts.get((unit.id, "medium"), 0)
            unit.risk_low_count = counts.get((unit.id, "low"), 0)
            unit.risk_count = totals.get(unit.id, 0)

    @api.depends_context("lang")
    def _compute_risk_matrix(self):
        """Risk points by level and category as a small table shaded like a heat map."""
        # the whole register, as publicised to the unit (公示), for whoever reads the unit
        rows = self.env["integrity.risk"].sudo()._read_group(
            [("unit_id", "in", self.ids), ("state", "!=", "retired")], ["unit_id", "level", "category"], ["__count"])
        counts = {(unit, level, category): count for unit, level, category, count in rows}
        Risk = self.env["integrity.risk"]
        levels = Risk._fields["level"]._description_selection(self.env)
        categories = Risk._fields["category"]._description_selection(self.env)
        for unit in self:
            cells = {(level, category): counts.get((unit, level, category), 0)
                     for level, _label in levels for category, _label2 in categories}
            unit.risk_matrix = self.env["ir.qweb"]._render("integrity_risk.risk_matrix", {
                "levels": levels, "categories": categories, "cells": cells, "peak": max(cells.values()) or 1,
            })

    def _compute_measure_stats(self):
        # every measure of the unit (annex 4 is publicised to it), for whoever reads the unit
        rows = self.env["integrity.measure"].sudo()._read_group(
            [("unit_id", "in", self.ids)], ["unit_id", "state"], ["__count"])
        totals, done = {}, {}
        for unit, state, count in rows:
            totals[unit.id] = totals.get(unit.id, 0) + count
            if state == "done":
                done[unit.id] = count
        for unit in self:
            unit.measure_count = totals.get(unit.id, 0)
            unit.measure_done_count = done.get(unit.id, 0)

    @api.depends("current_phase", "campaign_id.phase_ids.deadline")
    def _compute_current_deadline(self):
        deadlines = {(phase.campaign_id.id, phase.code): phase.deadline for phase in self.campaign_id.phase_ids}
        for unit in self:
            unit.current_deadline = deadlines.get((unit.campaign_id.id, unit.current_phase), False)

    @api.depends_context("lang")
    def _compute_review_problems(self):
        problems = self._review_problems()
        for unit in self:
            unit.review_problems = "\n".join(problems[unit])
            unit.review_problem_count = len(problems[unit])

    @api.depends("current_phase", "review_done", "user_ids", "supervisor_id")
    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("report_list", "create_self_checks", "open_submission", "complete_review", "reopen_review",
                      "apply_scope_rule")
        for unit in self:
            unit.can_report_list = unit.can_report_list and unit.current_phase == "kickoff" and (
                unit.working_group_state in ("none", "draft", "returned", "overdue"))
            unit.can_create_self_checks = unit.can_create_self_checks and unit.current_phase not in ("kickoff", "done")
            unit.can_open_submission = unit.can_open_submission and unit.current_phase not in ("kickoff", "done")
            unit.can_complete_review = unit.can_complete_review and unit.current_phase == "identification"
            unit.can_manage_people = unit._is_office()

    @api.model_create_multi
    def create(self, vals_list):
        units = super().create(vals_list)
        units.filtered(lambda u: not u.scope_employee_ids)._apply_scope_rule()
        units._grant_supervisors()
        return units

    def write(self, vals):
        if not self._by_process():
            self._check_client_unit_write(vals)
        result = super().write(vals)
        if "supervisor_id" in vals:
            self._grant_supervisors()
        return result

    def _grant_supervisors(self):
        """Naming a unit's supervising leader gives their user the supervisor's menus (an office decision)."""
        users = self.supervisor_id.user_id.filtered(lambda u: not u.share)
        group = self.env.ref("integrity_risk.group_supervisor")
        missing = users - group.sudo().users
        if missing:
            group.sudo().write({"users": [Command.link(user.id) for user in missing]})

    def _check_client_unit_write(self, vals):
        """The office names leaders, supervisors and who is in scope; a working group keeps its own people."""
        office_fields = process.UNIT_OFFICE_FIELDS & set(vals)
        if office_fields and not self._is_office():
            raise AccessError(self.env._(
                "Only the leading group's office sets %(fields)s of a unit.", fields=self._field_labels(office_fields)))
        if self._is_office():
            return
        people = self.env["hr.employee"]
        if vals.get("liaison_id"):
            people |= people.browse(vals["liaison_id"])
        if "member_ids" in vals:
            new = self.new({"member_ids": vals["member_ids"]}).member_ids
            people |= new._origin
        for unit in self:
            strangers = people.filtered(lambda e, u=unit: e.department_id != u.department_id)
            if strangers:
                raise AccessError(self.env._(
                    "%(people)s do not belong to %(unit)s: only the office adds people of other departments to a "
                    "working group.", people=format_list(self.env, strangers.mapped("name")), unit=unit.name))

    def _is_office(self):
        return self.env.user.has_group("integrity_risk.group_office")

    @api.model
    def _own_unit(self):
        """The unit whose working group the user sits in, in a running campaign of the current company: the default
        unit of what a working group records (risk points, inspections). Empty when there are several or none."""
        units = self.search([("user_ids", "in", self.env.uid), ("campaign_id.state", "=", "running"),
                             ("company_id", "=", self.env.company.id)], limit=2)
        return units if len(units) == 1 else self.browse()

    def _process_unit(self):
        return self

    @api.model
    def _check_company_domain(self, companies):
        """A new risk point, inspection or assessment takes its company from its unit, so the form picks the unit
        before it has a company: offer the units of the user's companies then (Odoo would offer units of no
        company, and there are none). Odoo asks with ``companies=""`` for the form's domain only; its server-side
        check passes the record's company, and keeps its own rule."""
        if isinstance(companies, str) and not companies:
            return [("company_id", "in", unquote("allowed_company_ids"))]
        return super()._check_company_domain(companies)

    # --- personnel in scope -------------------------------------------------------------

    @api.model
    def _units_to_follow(self, departments, employees=None):
        """Units of campaigns not yet closed whose scope may change with these departments or people."""
        domain = [("campaign_id.state", "in", ("draft", "running")), ("department_id", "in", departments.ids)]
        if employees:
            domain = ["|", ("scope_employee_ids", "in", employees.ids), *domain]
        # the scope follows HR whoever changes HR; the answer only says which units to bring up to date
        return self.sudo().search(domain)

    def _scope_by_rule(self):
        """{unit: employees} the plan's rule puts in scope, one search per unit type."""
        # the rule reads ranks and party status, private to HR; people archived in HR are in no scope
        Employee = self.env["hr.employee"].sudo().with_context(active_test=True)
        found = dict.fromkeys(self, Employee)
        for unit_type, units in self.grouped(lambda u: u.department_id.integrity_unit_type).items():
            employees = Employee.search([
                ("department_id", "in", units.department_id.ids), *Employee._integrity_scope_domain(unit_type)])
            by_department = employees.grouped("department_id")
            for unit in units:
                found[unit] = by_department.get(unit.department_id, Employee)
        return found

    def _sync_scope(self, cause, before=None):
        """Bring each unit's personnel in scope to the rule plus the office's inclusions, less its exclusions.

        In a running campaign what changed is recorded as personnel changes, which start what must follow
        (a new self-check, a hand-over). ``before``: {employee id: (department, post)} before an HR change.
        """
        # archived people still listed must be seen to leave
        units = self.sudo().with_context(active_test=False)
        if not units:
            return {}
        found = units._scope_by_rule()
        # the office's decisions apply whoever changed HR or the rule
        exceptions = self.env["integrity.scope.exception"].sudo().search_fetch(
            [("unit_id", "in", units.ids)], ["unit_id", "employee_id", "kind"])
        moves = {}
        for unit in units:
            mine = exceptions.filtered(lambda e, u=unit: e.unit_id == u)
            included = mine.filtered(lambda e: e.kind == "include").employee_id.filtered("active")
            excluded = mine.filtered(lambda e: e.kind == "exclude").employee_id
            scope = (found[unit] | included) - excluded
            old = unit.scope_employee_ids
            if scope != old:
                unit.write({"scope_employee_ids": [Command.set(scope.ids)]})
                moves[unit] = (scope - old, old - scope)
        self.env["integrity.personnel.change"]._record(moves, cause, before or {}, units)
        return moves

    def _apply_scope_rule(self):
        return self._sync_scope(cause="rule")

    @api.model
    def _follow_hr_change(self, employees, before):
        """An HR change of these people: units of their old and new departments follow it."""
        departments = employees.sudo().department_id  # the HR change was allowed; the units follow it
        for department, _job in before.values():
            departments |= department
        self._units_to_follow(departments, employees)._sync_scope(cause="hr", before=before)

    def action_apply_scope_rule(self):
        self._check_step("apply_scope_rule")
        self._apply_scope_rule()

    def action_report_list(self):
        """Report the working-group list, liaison and contacts to the office: the kickoff deliverable."""
        self._check_step("report_list")
        for unit in self:
            missing = []
            if not unit.leader_id:
                missing.append(self.env._("a leader"))
            if not unit.liaison_id:
                missing.append(self.env._("a liaison"))
            if missing:
                raise UserError(self.env._(
                    "%(unit)s cannot report its working-group list without %(missing)s.",
                    unit=unit.name, missing=self.env._(" and ").join(missing),
                ))
        submissions = self._submission_for("working_group")
        for submission in submissions:
            if submission.state in process.CLOSED_PACKAGE_STATES:
                raise UserError(self.env._("The list of %(unit)s has already been reported.",
                                           unit=submission.unit_id.name))
        submissions.action_submit()
        self._as_process().write({"list_reported_date": fields.Date.context_today(self)})

    def _submission_for(self, deliverable):
        """Each unit's submission for the deliverable, created when missing."""
        Submission = self.env["integrity.submission"]
        existing = Submission._of_units(self, deliverable)
        missing = self - existing.unit_id
        created = Submission.create([{"unit_id": unit.id, "deliverable": deliverable} for unit in missing])
        return existing | created

    def action_open_submission(self):
        """Open the unit's package for the deliverable given in the context.

        A package not started yet opens as a new form with the unit and the deliverable filled in: it exists once
        the working group saves it or takes its first step, not because someone looked.
        """
        self.ensure_one()
        deliverable = self.env.context.get("deliverable") or DELIVERABLE_OF_PHASE.get(self.current_phase, "summary")
        if deliverable not in PHASE_OF_DELIVERABLE:
            raise UserError(self.env._("There is no such deliverable."))
        self._check_step("open_submission")
        submission = self.env["integrity.submission"]._of_units(self, deliverable)
        action = {
            "type": "ir.actions.act_window",
            "res_model": "integrity.submission",
            "view_mode": "form",
            "views": [(False, "form")],
        }
        if submission:
            return {**action, "res_id": submission.id}
        return {**action, "context": {"default_unit_id": self.id, "default_deliverable": deliverable}}

    def _deliverable_filed(self, deliverable):
        """Filing a unit's deliverable for its current phase opens the next phase."""
        phase = PHASE_OF_DELIVERABLE[deliverable]
        moving = self.filtered(lambda u: u.current_phase == phase)._as_process()
        moving._take_step(f"open_{NEXT_PHASE[phase]}")
        if phase == "kickoff":
            moving._create_self_checks()  # phase 2 starts: everyone in scope finds their form ready

    def _blockers(self):
        """What keeps the unit from delivering its current phase, in the user's language."""
        self.ensure_one()
        deliverable = DELIVERABLE_OF_PHASE.get(self.current_phase)
        if not deliverable:
            return []
        problems = []
        if self.current_phase == "identification" and not self.review_done:
            problems += self._review_problems()[self]
        delivery = self.env["integrity.submission"]._delivery_problems(self, deliverable)
        return problems + [problem for problem in delivery if problem not in problems]

    # --- deadlines ----------------------------------------------------------------------

    def _compute_overdue(self):
        """Overdue flags and each deliverable's state, from one look at deadlines and submissions."""
        # the states of a unit's packages show on its card for whoever sees the unit
        submissions = self.env["integrity.submission"].sudo().search_fetch(
            [("unit_id", "in", self.ids)], ["unit_id", "deliverable", "state"])
        overdue = self.env["integrity.submission"]._overdue_phases(fields.Date.context_today(self), self, submissions)
        labels = dict(self._fields["current_phase"]._description_selection(self.env))
        states = {(s.unit_id.id, s.deliverable): s.state for s in submissions}
        for unit in self:
            phases = overdue.get(unit, [])
            unit.is_overdue = bool(phases)
            # quoted: a phase's own name may hold the list's separator (风险排查、定级)
            # (the context's language: Odoo's lookup of the user's would cost a query per unit)
            unit.overdue_phases = format_list(self.env, [f"“{labels[code]}”" for code in phases],
                                              lang_code=self.env.lang or "en_US") if phases else False
            for deliverable, phase in PHASE_OF_DELIVERABLE.items():
                state = states.get((unit.id, deliverable), "none")
                if state not in process.CLOSED_PACKAGE_STATES and phase in phases:
                    state = "overdue"
                unit[f"{deliverable}_state"] = state
            current = DELIVERABLE_OF_PHASE.get(unit.current_phase)
            unit.current_submission_state = unit[f"{current}_state"] if current else False

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue units."))
        ids = [unit.id for unit in self.env["integrity.submission"]._overdue_phases(fields.Date.context_today(self))]
        wanted = (operator == "=") == value
        return [("id", "in" if wanted else "not in", ids)]

    @api.depends("inspection_ids.date", "inspection_ids.state", "submission_ids.filed_date",
                 "campaign_id.inspection_interval_days")
    def _compute_next_inspection_date(self):
        for unit in self:
            measures_filed = unit.submission_ids.filtered(lambda s: s.deliverable == "measures" and s.filed_date)
            if not measures_filed or unit.current_phase == "done":
                unit.next_inspection_date = False
                continue
            done = unit.inspection_ids.filtered(lambda i: i.state == "done").mapped("date")
            last = max([*done, measures_filed.filed_date])
            unit.next_inspection_date = last + timedelta(days=unit.campaign_id.inspection_interval_days)

    # --- phase 2: self-checks and the unit review ----------------------------------

    def _create_self_checks(self):
        """A self-check form for everyone in scope who has none in the unit yet (one search, one create)."""
        Check = self.env["integrity.self.check"]
        existing = Check.search_fetch([("unit_id", "in", self.ids)], ["unit_id", "employee_id"])
        have = {(check.unit_id.id, check.employee_id.id) for check in existing}
        values = [
            {"unit_id": unit.id, "employee_id": employee.id}
            for unit in self
            for employee in unit.scope_employee_ids
            if (unit.id, employee.id) not in have
        ]
        return Check._open_forms(values)

    def action_create_self_checks(self):
        self._check_step("create_self_checks")
        if any(unit.current_phase == "kickoff" for unit in self):
            raise UserError(self.env._("Self-checks start with phase 2: report the working-group list first."))
        created = self._create_self_checks()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s self-check forms created.", count=len(created)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _remind_self_checks(self, today, limit=None):
        """Days before a unit's phase 2 deadline: a reminder to each holder who has not submitted, and one digest
        of who is missing for the leader and the liaison. Once per deadline, however often it runs.

        At most ``limit`` forms per call. What was sent is recorded apart (``integrity.reminder``): a deadline
        week's run never writes the forms thousands are saving. Returns how many reminders and digests went out,
        and how many forms still wait for theirs.
        """
        limit = limit or REMINDER_BATCH
        units = self.filtered(lambda u: u.current_phase == "identification" and u.current_deadline
                              and 0 <= (u.current_deadline - today).days <= u.campaign_id.self_check_reminder_days)
        if not units:
            return 0, 0
        Reminder = self.env["integrity.reminder"]
        open_checks = self.env["integrity.self.check"].search(
            [("unit_id", "in", units.ids), ("state", "in", ("draft", "returned"))])
        due = Reminder._not_sent(open_checks, lambda check: check.unit_id.current_deadline)
        holders = due[:limit]
        if holders:
            self.env.ref("integrity_risk.mail_template_self_check_reminder").send_mail_batch(holders.ids)
            Reminder._mark_sent(holders, lambda check: check.unit_id.current_deadline)
        digest = self.env.ref("integrity_risk.mail_template_self_check_missing")
        missing_by_unit = open_checks.grouped("unit_id")
        leaders = Reminder._not_sent(units.filtered(lambda u: u in missing_by_unit), lambda u: u.current_deadline)
        for unit in leaders:
            names = format_list(self.env, missing_by_unit[unit].employee_id.mapped("name"))
            digest.with_context(missing=names, missing_count=len(missing_by_unit[unit])).send_mail(unit.id)
        Reminder._mark_sent(leaders, lambda u: u.current_deadline)
        return len(holders) + len(leaders), len(due) - len(holders)

    def _review_problems(self):
        """Everything that keeps each unit's review from completion (全不全、准不准), in the user's language."""
        problems = {unit: [] for unit in self}
        Risk = self.env["integrity.risk"].with_context(active_test=True)
        checks = self.env["integrity.self.check"].search_fetch(
            [("unit_id", "in", self.ids), ("state", "=", "accepted")], ["unit_id", "employee_id"])
        accepted = {(check.unit_id, check.employee_id) for check in checks}
        risks = Risk.search_fetch(
            [("unit_id", "in", self.ids), ("state", "!=", "retired")],
            ["unit_id", "job_id", "name", "category", "level", "needs_reason", "major_matter",
             "resource_allocation", "past_problem", "suggested_level"])
        jobs_with_risks = {(risk.unit_id, risk.job_id) for risk in risks}
        for unit in self:
            for employee in unit.scope_employee_ids:
                if (unit, employee) not in accepted:
                    problems[unit].append(self.env._("%(person)s has no accepted self-check.", person=employee.name))
            for job in unit.scope_employee_ids.job_id:
                if (unit, job) not in jobs_with_risks:
                    problems[unit].append(self.env._("Post %(post)s has no risk point.", post=job.name))
        seen = {}
        for risk in risks:
            label = risk.display_name
            if not risk.category:
                problems[risk.unit_id].append(self.env._("“%(risk)s” has no category.", risk=label))
            if not risk.level:
                problems[risk.unit_id].append(self.env._("“%(risk)s” has no final level.", risk=label))
            if risk.needs_reason:
                if risk.suggested_level == "high" and (risk.major_matter or risk.resource_allocation
                                                       or risk.past_problem):
                    problems[risk.unit_id].append(self.env._(
                        "“%(risk)s” is flagged as high by the grading rules but graded lower without a reason.",
                        risk=label))
                else:
                    problems[risk.unit_id].append(self.env._(
                        "“%(risk)s” is graded below its suggested level without a reason.", risk=label))
            key = (risk.unit_id, risk.job_id, " ".join(risk.name.split()))
            if key in seen:
                problems[risk.unit_id].append(self.env._(
                    "“%(risk)s” appears twice for post %(post)s.", risk=label, post=risk.job_id.name))
            seen[key] = risk
        return problems

    def _review_blockers(self):
        self.ensure_one()
        if self.current_phase != "identification":
            return [self.env._("the unit is not in phase 2 (identification and grading)")]
        return self._review_problems()[self]

    def action_complete_review(self):
        """Mark the unit review complete: only with nothing left to fix; confirms the unit's risk points."""
        self._take_step("complete_review", {"review_date": fields.Date.context_today(self)})
        self.risk_ids.filtered(lambda r: r.state == "draft")._as_process()._take_step("confirm")

    def action_reopen_review(self):
        self._take_step("reopen_review", {"review_date": False})

    def action_view_self_checks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("integrity_risk.integrity_self_check_action")
        action.update(domain=[("unit_id", "=", self.id)],
                      context={"search_default_group_state": 1, "default_unit_id": self.id})
        return action

    def action_view_risks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("integrity_risk.integrity_risk_action")
        action.update(domain=[("unit_id", "=", self.id)], context={"default_unit_id": self.id})
        return action

    # --- phase 4: the written summary's figures -----------------------------------------

    def _summary_figures(self):
        """The unit's figures for its written summary report, counted with read_group.

        Read as the process: the figures count every record of the unit, also those of other people
        (self-checks) that the working group does not read one by one.
        """
        self.ensure_one()
        env = self.sudo().env  # counted for the whole unit, see above
        Check = env["integrity.self.check"]
        Risk = env["integrity.risk"].with_context(active_test=False)
        Measure = env["integrity.measure"].with_context(active_test=False)
        Finding = env["integrity.inspection.finding"]
        unit = [("unit_id", "=", self.id)]
        live_risks = [*unit, ("state", "!=", "retired")]
        return {
            "scope": len(self.sudo().scope_employee_ids),
            "self_checks": Check.search_count(unit),
            "self_checks_accepted": Check.search_count([*unit, ("state", "=", "accepted")]),
            "risks": Risk.search_count(live_risks),
            "risks_by_level": dict(Risk._read_group(live_risks, ["level"], ["__count"])),
            "risks_by_category": dict(Risk._read_group(live_risks, ["category"], ["__count"])),
            "risks_retired": Risk.search_count([*unit, ("state", "=", "retired")]),
            "measures": Measure.search_count(unit),
            "measures_by_state": dict(Measure._read_group(unit, ["state"], ["__count"])),
            "inspections": env["integrity.inspection"].search_count([*unit, ("state", "=", "done")]),
            "findings_by_result": dict(Finding._read_group(
                [*unit, ("inspection_id.state", "=", "done")], ["result"], ["__count"])),
            "adjustments": env["integrity.adjustment"].search_count(unit),
        }

    def _copy_to_campaign(self, campaign):
        """The same working groups in another campaign; personnel in scope by this year's rule."""
        return self.create([{
            "campaign_id": campaign.id,
            "department_id": unit.department_id.id,
            "sequence": unit.sequence,
            "leader_id": unit.leader_id.id,
            "co_leader_id": unit.co_leader_id.id,
            "member_ids": unit.member_ids.ids,
            "liaison_id": unit.liaison_id.id,
            "liaison_phone": unit.liaison_phone,
            "liaison_email": unit.liaison_email,
            "supervisor_id": unit.supervisor_id.id,
        } for unit in self])
