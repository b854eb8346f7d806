from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

RESULTS = [
    ("carried_out", "Carried Out"),
    ("partly", "Partly Carried Out"),
    ("not_carried_out", "Not Carried Out"),
    ("ineffective", "Ineffective"),
]
ACTIONS = [
    ("none", "No Action"),
    ("revise_measure", "Revise the Measure"),
    ("add_measure", "Add a Measure"),
    ("regrade_risk", "Regrade the Risk Point"),
    ("retire_risk", "Retire the Risk Point"),
    ("add_risk", "Add a New Risk Point"),
]
# what an inspection's result means for the measure's status
STATE_OF_RESULT = {"carried_out": "done", "partly": "in_progress", "not_carried_out": "in_progress",
                   "ineffective": "ineffective"}


class IntegrityInspection(models.Model):
    """检查: the working group checks that the unit's measures are carried out."""

    _name = "integrity.inspection"
    _description = "Inspection of Control Measures"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.process.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _unit_people_fields = ("inspector_ids",)

    unit_id = fields.Many2one("integrity.unit", required=True, index=True, check_company=True, tracking=True,
                              default=lambda self: self.env["integrity.unit"]._own_unit())
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    kind = fields.Selection([("periodic", "Periodic"), ("ad_hoc", "Ad Hoc")], required=True, default="periodic")
    inspector_ids = fields.Many2many("hr.employee", string="Inspectors", check_company=True)
    note = fields.Html(string="Notes")
    finding_ids = fields.One2many("integrity.inspection.finding", "inspection_id", string="Findings")
    finding_count = fields.Integer(compute="_compute_finding_count")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True, readonly=True,
                             tracking=True)
    can_done = fields.Boolean(compute="_compute_can")
    can_add_open_measures = fields.Boolean(compute="_compute_can")

    @api.depends("state", "unit_id")
    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("done", "add_open_measures")
        for inspection in self:
            inspection.can_add_open_measures = inspection.can_add_open_measures and inspection.state == "draft"

    @api.depends("finding_ids")
    def _compute_finding_count(self):
        for inspection in self:
            inspection.finding_count = len(inspection.finding_ids)

    @api.depends("unit_id", "date")
    def _compute_display_name(self):
        for inspection in self:
            day = format_date(self.env, inspection.date)
            inspection.display_name = f"{inspection.unit_id.name or ''} {day}".strip()

    def action_add_open_measures(self):
        """A finding line for every measure of the unit not inspected yet in this inspection."""
        self.ensure_one()
        self._check_step("add_open_measures")
        measures = self.env["integrity.measure"].search([("unit_id", "=", self.unit_id.id),
                                                         ("id", "not in", self.finding_ids.measure_id.ids)])
        self.env["integrity.inspection.finding"].create([
            {"inspection_id": self.id, "measure_id": measure.id} for measure in measures])

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(inspection.state == "done" for inspection in self):
            raise UserError(self.env._("A done inspection is a record of what was found: it is never deleted."))

    def _closing_problems(self):
        self.ensure_one()
        if not self.finding_ids:
            return [self.env._("record at least one finding before closing the inspection")]
        problems = []
        for finding in self.finding_ids:
            if not finding.result:
                problems.append(self.env._("give the result for “%(measure)s”",
                                           measure=finding.measure_id.display_name))
            elif finding.result in ("not_carried_out", "ineffective") and finding.action == "none":
                problems.append(self.env._("“%(measure)s” was not carried out or is ineffective: propose an action",
                                           measure=finding.measure_id.display_name))
        return problems

    def action_done(self):
        """Close the inspection: each finding sets its measure's status; failures need a proposed action."""
        self._take_step("done")
        for inspection in self:
            for result, findings in inspection.finding_ids.grouped("result").items():
                # the inspection's result, not the person responsible, sets the measure's status
                findings.measure_id._as_process().write({"state": STATE_OF_RESULT[result]})
        self.finding_ids._tell_responsible()


FINDING_ACTIVITY = "integrity_risk.mail_activity_type_finding"


class IntegrityInspectionFinding(models.Model):
    _name = "integrity.inspection.finding"
    _description = "Inspection Finding"
    _inherit = ["integrity.process.mixin"]
    _order = "inspection_id, id"
    _open_with_parent = ("inspection_id", ("draft",))

    inspection_id = fields.Many2one("integrity.inspection", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="inspection_id.company_id", store=True)
    unit_id = fields.Many2one(related="inspection_id.unit_id", store=True, index=True)
    measure_id = fields.Many2one("integrity.measure", required=True, index=True,
                                 domain="[('unit_id', '=', unit_id)]")
    risk_id = fields.Many2one(related="measure_id.risk_id", store=True, string="Risk Point")
    responsible_id = fields.Many2one(related="measure_id.responsible_id", store=True)
    result = fields.Selection(RESULTS)
    remarks = fields.Text()
    evidence_ids = fields.Many2many("ir.attachment", "integrity_finding_evidence_rel", "finding_id", "attachment_id")
    action = fields.Selection(ACTIONS, string="Proposed Action", required=True, default="none")
    adjustment_id = fields.Many2one("integrity.adjustment", string="Applied Adjustment", readonly=True, copy=False)
    can_apply = fields.Boolean(compute="_compute_can")

    def _tell_responsible(self):
        """The people responsible hear when an inspection finds their measure lacking: a mail and an activity."""
        lacking = self.filtered(lambda f: f.result and f.result != "carried_out" and f.measure_id.responsible_user_id)
        if not lacking:
            return
        # part of the closing step: the mails go to the people responsible, who may not read the inspection
        self.env.ref("integrity_risk.mail_template_finding_lacking").sudo().send_mail_batch(lacking.ids)
        results = dict(self._fields["result"]._description_selection(self.env))
        for finding in lacking:
            finding.measure_id._schedule_activity(
                FINDING_ACTIVITY, finding.measure_id.responsible_user_id,
                note=self.env._("The inspection of %(date)s found the measure %(result)s: %(remarks)s",
                                date=format_date(self.env, finding.inspection_id.date), result=results[finding.result],
                                remarks=finding.remarks or "-"))

    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("apply")
        for finding in self:
            finding.can_apply = finding.can_apply and finding.action != "none" and not finding.adjustment_id

    @api.constrains("measure_id", "inspection_id")
    def _check_same_unit(self):
        for finding in self:
            if finding.measure_id.unit_id != finding.inspection_id.unit_id:
                raise ValidationError(self.env._(
                    "“%(measure)s” is a measure of %(other)s: an inspection of %(unit)s checks its own unit's "
                    "measures.", measure=finding.measure_id.display_name, other=finding.measure_id.unit_id.name,
                    unit=finding.inspection_id.unit_id.name))

    def action_apply(self):
        """Carry out the proposed action through an adjustment (recorded and reported to the office)."""
        self.ensure_one()
        self._check_step("apply")
        if self.adjustment_id:
            raise UserError(self.env._("The action of this finding has already been applied."))
        if self.action == "none":
            raise UserError(self.env._("This finding proposes no action."))
        context = {"default_finding_id": self.id, "default_unit_id": self.unit_id.id,
                   "default_reason": self.remarks or ""}
        if self.action in ("revise_measure", "add_measure"):
            context.update(default_kind="modify" if self.action == "revise_measure" else "add",
                           default_measure_id=self.measure_id.id if self.action == "revise_measure" else False,
                           default_risk_id=self.risk_id.id)
            model, title = "integrity.measure.adjust", self.env._("Adjust Measure")
        else:
            kind = {"regrade_risk": "modify", "retire_risk": "retire", "add_risk": "add"}[self.action]
            context.update(default_kind=kind, default_risk_id=self.risk_id.id if kind != "add" else False)
            model, title = "integrity.risk.adjust", self.env._("Adjust Risk Point")
        return {"type": "ir.actions.act_window", "name": title, "res_model": model, "view_mode": "form",
                "target": "new", "context": context}
