from odoo import Command, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_list

ADJUSTMENT_ACTIVITY = "integrity_risk.mail_activity_type_adjustment"


class IntegrityAdjustment(models.Model):
    """调整: a recorded change to filed records (who, what, why, when), reported to the office."""

    _name = "integrity.adjustment"
    _description = "Adjustment of Filed Records"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.process.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    unit_id = fields.Many2one("integrity.unit", required=True, index=True, check_company=True, readonly=True)
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    risk_id = fields.Many2one("integrity.risk", string="Risk Point", index="btree_not_null", readonly=True,
                              context={"active_test": False})
    measure_id = fields.Many2one("integrity.measure", index="btree_not_null", readonly=True,
                                 context={"active_test": False})
    finding_id = fields.Many2one("integrity.inspection.finding", string="Inspection Finding", readonly=True,
                                 index="btree_not_null")
    kind = fields.Selection(
        [("modify", "Revise Risk Point"), ("add", "Add Risk Point"), ("retire", "Retire Risk Point"),
         ("modify_measure", "Revise Measure"), ("add_measure", "Add Measure")],
        required=True, readonly=True)
    flow_chart_ids = fields.Many2many(
        "ir.attachment", "integrity_adjustment_flow_chart_rel", "adjustment_id", "attachment_id",
        string="Revised Flow Charts", readonly=True,
        help="Power-flow charts the unit attached with this adjustment; they join the unit's charts.")
    reason = fields.Text(required=True, readonly=True)
    changes = fields.Text(string="What Changed", readonly=True)
    user_id = fields.Many2one("res.users", string="Adjusted By", required=True, readonly=True,
                              default=lambda self: self.env.user)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    state = fields.Selection([("reported", "Reported"), ("acknowledged", "Acknowledged")], default="reported",
                             required=True, readonly=True, tracking=True)
    can_acknowledge = fields.Boolean(compute="_compute_can")

    @api.depends("kind", "risk_id", "measure_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for adjustment in self:
            target = adjustment.measure_id or adjustment.risk_id
            adjustment.display_name = self.env._("%(kind)s: %(target)s", kind=kinds.get(adjustment.kind, ""),
                                                 target=target.display_name) if target else kinds.get(adjustment.kind)

    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("acknowledge")

    @api.model
    def _check_uploads(self, attachments, wizard):
        """Flow charts join the unit's: only files this user has just uploaded in the wizard, never a document
        of someone else (a frozen file, an HR record) given by its id."""
        # who uploaded a file and where it hangs are checked on the file itself, readable or not
        foreign = attachments.sudo().filtered(
            lambda a: a.create_uid != self.env.user or a.res_id or a.res_model not in (False, wizard._name))
        if foreign:
            raise AccessError(self.env._(
                "Attach flow charts by uploading them here: a file cannot be taken from elsewhere."))

    @api.model
    def _record(self, unit, kind, reason, changes, risk=None, measure=None, finding=None, flow_charts=None):
        """Record an applied change of filed records and report it to the office (after the caller's checks)."""
        if finding and finding.unit_id != unit:
            raise AccessError(self.env._("The finding belongs to another unit's inspection."))
        # adjustments are written by no user: the process records them, with who made the change
        adjustment = self.sudo().create({
            "unit_id": unit.id, "kind": kind, "reason": reason, "changes": changes, "user_id": self.env.uid,
            "risk_id": risk.id if risk else False, "measure_id": measure.id if measure else False,
            "finding_id": finding.id if finding else False,
            "flow_chart_ids": [Command.set(flow_charts.ids)] if flow_charts else [],
        })
        if finding:
            finding._as_process().adjustment_id = adjustment.id
        if flow_charts:
            flow_charts.write({"res_model": "integrity.unit", "res_id": unit.id})
            unit.write({"flow_chart_ids": [Command.link(chart.id) for chart in flow_charts]})
        adjustment._report_to_office()
        return adjustment.with_env(self.env)

    def _report_to_office(self):
        for adjustment in self:
            for user in adjustment.unit_id.campaign_id._office_users()[:1]:
                adjustment._schedule_activity(
                    ADJUSTMENT_ACTIVITY, user,
                    note=self.env._("%(unit)s adjusted a filed risk point.", unit=adjustment.unit_id.name))

    def action_acknowledge(self):
        self._take_step("acknowledge")
        self._close_activities([ADJUSTMENT_ACTIVITY])


# what a wizard's proposed value keeps of the record's field: its kind, label, help, choices, domain and default
_PROPOSED_ATTRIBUTES = frozenset({"comodel_name", "selection", "string", "help", "domain", "default"})


def proposed_fields(model_class, names):
    """{name: field} declaring, on an adjustment wizard, the proposed value of each field ``names`` of the model
    ``model_class`` (its definition class): as the record declares it, without what stores, tracks or requires it
    there. A field added to a record's content is then adjustable with no second declaration."""
    proposed = {}
    for name in names:
        field = getattr(model_class, name)
        proposed[name] = type(field)(**{key: value for key, value in field.args.items()
                                        if key in _PROPOSED_ATTRIBUTES and not callable(value)})
    return proposed


def content_values(record, names):
    """The values of ``names`` of ``record`` as ``write`` takes them."""
    return record._convert_to_write({name: record[name] for name in names})


def comparable(value):
    """A value of a field as the adjustment compares it: record sets by ids, empty as False."""
    if isinstance(value, models.BaseModel):
        return tuple(sorted(value.ids))
    return value or False


def describe_changes(record, proposal, names):
    """'Label: old → new' lines for the fields ``names`` of ``record`` that ``proposal`` changes."""
    env = record.env
    lines = []
    for name in names:
        field = record._fields[name]
        lines.append(env._("%(field)s: %(old)s → %(new)s", field=field._description_string(env),
                           old=_display(field, record[name], env), new=_display(field, proposal[name], env)))
    return "\n".join(lines)


def _display(field, value, env):
    if isinstance(value, models.BaseModel):
        return format_list(env, value.mapped("display_name")) or "-"
    if field.type == "selection":
        return dict(field._description_selection(env)).get(value, "-")
    if field.type == "boolean":
        return "✓" if value else "✗"
    return str(value) if value else "-"
