from odoo import Command, api, fields, models

HANDOVER_ACTIVITY = "integrity_risk.mail_activity_type_handover"
OPEN_MEASURE_STATES = ("proposed", "returned", "planned", "in_progress")


class IntegrityPersonnelChange(models.Model):
    """人员变动: someone entered or left a unit's scope, or changed post, while the campaign runs.

    Recorded by the process when the scope follows HR or the office's decisions; it starts what must
    follow (a self-check for the new post, a hand-over of the leaver's measures and risk points) and
    stays open until that is done.
    """

    _name = "integrity.personnel.change"
    _description = "Personnel Change"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.process.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    _unit_people_fields = ("successor_id",)

    campaign_id = fields.Many2one("integrity.campaign", required=True, index=True, readonly=True,
                                  ondelete="cascade")
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    employee_id = fields.Many2one("hr.employee", string="Person", required=True, index=True, readonly=True)
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [("joined", "Entered the Scope"), ("left", "Left the Scope"), ("moved", "Changed Unit"),
         ("post", "Changed Post")], required=True, readonly=True)
    cause = fields.Selection(
        [("hr", "HR Record Changed"), ("office", "Office's Inclusion or Exclusion"), ("rule", "Scope Rule")],
        required=True, readonly=True)
    from_unit_id = fields.Many2one("integrity.unit", readonly=True, index="btree_not_null")
    to_unit_id = fields.Many2one("integrity.unit", readonly=True, index="btree_not_null")
    from_department_id = fields.Many2one("hr.department", readonly=True)
    to_department_id = fields.Many2one("hr.department", readonly=True)
    from_job_id = fields.Many2one("hr.job", string="From Post", readonly=True)
    to_job_id = fields.Many2one("hr.job", string="To Post", readonly=True)
    self_check_id = fields.Many2one("integrity.self.check", string="New Self-Check", readonly=True)
    measure_ids = fields.Many2many("integrity.measure", string="Open Measures to Hand Over", readonly=True,
                                   context={"active_test": False})
    risk_ids = fields.Many2many("integrity.risk", string="Risk Points to Hand Over", readonly=True,
                                context={"active_test": False})
    successor_id = fields.Many2one("hr.employee", check_company=True, tracking=True,
                                   help="Who takes over the leaver's open measures and risk points.")
    note = fields.Text()
    state = fields.Selection([("open", "Open"), ("done", "Done")], default="open", required=True, readonly=True,
                             tracking=True, index=True)
    handed_over_by_id = fields.Many2one("res.users", readonly=True)
    handed_over_on = fields.Date(readonly=True)
    effects = fields.Text(string="What It Started", compute="_compute_effects")
    can_hand_over = fields.Boolean(compute="_compute_can")

    def _process_unit(self):
        return self.from_unit_id or self.to_unit_id

    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("hand_over")
        for change in self:
            change.can_hand_over = change.can_hand_over and bool(change.measure_ids | change.risk_ids)

    @api.depends("self_check_id.state", "measure_ids", "risk_ids", "state", "successor_id")
    @api.depends_context("lang")
    def _compute_effects(self):
        check_states = dict(self.env["integrity.self.check"]._fields["state"]._description_selection(self.env))
        for change in self:
            lines = []
            if change.self_check_id:
                lines.append(self.env._("Self-check for %(post)s: %(state)s", post=change.self_check_id.job_id.name
                                        or "-", state=check_states[change.self_check_id.state]))
            if change.measure_ids or change.risk_ids:
                lines.append(self.env._("To hand over: %(measures)s open measures, %(risks)s risk points",
                                        measures=len(change.measure_ids), risks=len(change.risk_ids)))
                if change.state == "done" and change.successor_id:
                    lines.append(self.env._("Handed over to %(person)s", person=change.successor_id.name))
            change.effects = "\n".join(lines)

    @api.depends("employee_id", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for change in self:
            change.display_name = f"{change.employee_id.name or ''} - {kinds.get(change.kind, '')}"

    # --- recording ------------------------------------------------------------------

    @api.model
    def _record(self, moves, cause, before, units):
        """Record what the scope synchronisation of ``units`` changed in running campaigns, and start what follows.

        ``moves``: {unit: (entered, left)}; ``before``: {employee id: (department, post)} of an HR change,
        from which a change of post of someone who stays in scope is seen.
        """
        running = units.filtered(lambda u: u.campaign_id.state == "running")
        if not running:
            return self
        entered, left = {}, {}
        for unit, (ins, outs) in moves.items():
            if unit not in running:
                continue
            for employee in ins:
                entered[unit.campaign_id, employee] = unit
            for employee in outs:
                left[unit.campaign_id, employee] = unit
        values = []
        for campaign, employee in {**entered, **left}:
            to_unit = entered.get((campaign, employee), self.env["integrity.unit"])
            from_unit = left.get((campaign, employee), self.env["integrity.unit"])
            kind = "moved" if to_unit and from_unit else ("joined" if to_unit else "left")
            values.append(self._values(campaign, employee, kind, cause, before, from_unit, to_unit))
        for unit in running:
            for employee in unit.scope_employee_ids.filtered(lambda e: e.id in before):
                old_job = before[employee.id][1]
                if employee.job_id != old_job and (unit.campaign_id, employee) not in entered:
                    values.append(self._values(unit.campaign_id, employee, "post", cause, before, unit, unit))
        # the process records changes whoever changed HR or the scope
        changes = self.sudo().create(values)
        changes._start_follow_up()
        return changes

    @api.model
    def _values(self, campaign, employee, kind, cause, before, from_unit, to_unit):
        old_department, old_job = before.get(employee.id, (employee.department_id, employee.job_id))
        return {
            "campaign_id": campaign.id, "employee_id": employee.id, "kind": kind, "cause": cause,
            "from_unit_id": from_unit.id, "to_unit_id": to_unit.id,
            "from_department_id": old_department.id, "to_department_id": employee.department_id.id,
            "from_job_id": old_job.id, "to_job_id": employee.job_id.id,
        }

    def _start_follow_up(self):
        """A self-check for the new post; the leaver's open measures and risk points listed for a hand-over."""
        Check = self.env["integrity.self.check"]
        arriving = self.filtered(lambda c: c.kind != "left" and c.to_unit_id.current_phase not in ("kickoff", "done"))
        existing = Check.search_fetch([("unit_id", "in", arriving.to_unit_id.ids),
                                       ("employee_id", "in", arriving.employee_id.ids)],
                                      ["unit_id", "employee_id", "job_id"])
        have = {(check.unit_id, check.employee_id, check.job_id) for check in existing}
        needing = {}
        for change in arriving:
            key = (change.to_unit_id, change.employee_id, change.employee_id.job_id)
            if key not in have:
                needing[key] = needing.get(key, change.browse()) | change
        # one create (and one mail batch) for every new form, however many people HR moved at once
        checks = self.env["integrity.self.check"]._open_forms(
            [{"unit_id": unit.id, "employee_id": employee.id} for unit, employee, _job in needing])
        for changes, check in zip(needing.values(), checks, strict=True):
            changes.self_check_id = check
        leaving = self.filtered(lambda c: c.kind in ("left", "moved")).with_context(active_test=False)  # archived
        measures = self.env["integrity.measure"].search_fetch([
            ("unit_id", "in", leaving.from_unit_id.ids), ("responsible_id", "in", leaving.employee_id.ids),
            ("state", "in", OPEN_MEASURE_STATES)], ["unit_id", "responsible_id"])
        risks = leaving.env["integrity.risk"].search_fetch([
            ("unit_id", "in", leaving.from_unit_id.ids), ("employee_ids", "in", leaving.employee_id.ids),
            ("state", "!=", "retired")], ["unit_id", "employee_ids"])
        for change in leaving:
            change.measure_ids = measures.filtered(
                lambda m, c=change: m.unit_id == c.from_unit_id and m.responsible_id == c.employee_id)
            change.risk_ids = risks.filtered(
                lambda r, c=change: r.unit_id == c.from_unit_id and c.employee_id in r.employee_ids)
            if change.measure_ids or change.risk_ids:
                change._ask_for_hand_over()
        self.filtered(lambda c: not c.self_check_id and not (c.measure_ids or c.risk_ids)).state = "done"

    def _ask_for_hand_over(self):
        self.ensure_one()
        unit = self.from_unit_id
        user = unit.leader_id.user_id or unit.liaison_id.user_id
        if not user:
            return
        lines = [self.env._("%(person)s left %(unit)s. Name a successor and hand over:", person=self.employee_id.name,
                            unit=unit.name)]
        lines += [self.env._("- measure “%(measure)s”", measure=m.display_name) for m in self.measure_ids]
        lines += [self.env._("- risk point “%(risk)s”", risk=r.display_name) for r in self.risk_ids]
        self._schedule_activity(HANDOVER_ACTIVITY, user, note="<br/>".join(lines))

    @api.model
    def _self_checks_accepted(self, checks):
        """The new post's self-check is accepted: a change that waited only for it is done."""
        # part of the reviewer's step: the changes are the process's records
        changes = self.sudo().search([("self_check_id", "in", checks.ids), ("state", "=", "open")])
        changes.filtered(lambda c: not (c.measure_ids or c.risk_ids)).state = "done"

    # --- the hand-over -------------------------------------------------------------

    def _hand_over_problems(self):
        self.ensure_one()
        if not (self.measure_ids or self.risk_ids):
            return [self.env._("there is nothing to hand over")]
        if not self.successor_id:
            return [self.env._("name the successor first")]
        if self.successor_id == self.employee_id:
            return [self.env._("the successor is the person who left")]
        return []

    def action_hand_over(self):
        """The successor becomes responsible for the leaver's open measures and risk points of the unit."""
        self._check_step("hand_over")
        Adjustment = self.env["integrity.adjustment"]
        for change in self:
            leaver, successor, unit = change.employee_id, change.successor_id, change.from_unit_id
            reason = self.env._("Personnel change: %(leaver)s left; %(successor)s takes over.",
                                leaver=leaver.name, successor=successor.name)
            # checked above: the working group or the office hands over, frozen records through an adjustment
            measures = change.measure_ids.sudo().filtered(
                lambda m, e=leaver: m.responsible_id == e and m.state in OPEN_MEASURE_STATES)
            frozen = measures._covering_submissions()
            measures._as_adjustment().write({"responsible_id": successor.id})
            for measure in measures.filtered(lambda m, f=frozen: m in f):
                Adjustment._record(unit, "modify_measure", reason, self.env._(
                    "Person responsible: %(old)s → %(new)s", old=leaver.name, new=successor.name),
                    measure=measure)
            # the leaver may be archived in HR: still listed on the risk point until handed over
            risks = change.risk_ids.sudo().with_context(active_test=False).filtered(
                lambda r, e=leaver: e in r.employee_ids and r.state != "retired")
            frozen = risks._covering_submissions()
            risks._as_adjustment().write({"employee_ids": [Command.unlink(leaver.id), Command.link(successor.id)]})
            for risk in risks.filtered(lambda r, f=frozen: r in f):
                Adjustment._record(unit, "modify", reason, self.env._(
                    "Responsible persons: %(old)s → %(new)s", old=leaver.name, new=successor.name), risk=risk)
            change._log_step(reason)
        self._take_step("hand_over", {"handed_over_by_id": self.env.uid,
                                      "handed_over_on": fields.Date.context_today(self)})
        self._close_activities([HANDOVER_ACTIVITY])
