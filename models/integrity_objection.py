from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from . import integrity_process as process


class IntegrityObjection(models.Model):
    """An objection or remark left by someone of the unit during a package's publicity."""

    _name = "integrity.objection"
    _description = "Publicity Objection or Remark"
    _inherit = ["integrity.process.mixin"]
    _order = "submission_id, id"

    # what each side writes: the author their objection, the working group how it was handled
    _AUTHOR_FIELDS = frozenset({"kind", "text"})
    _UNIT_FIELDS = frozenset({"handling"})

    submission_id = fields.Many2one("integrity.submission", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="submission_id.company_id", store=True)
    unit_id = fields.Many2one(related="submission_id.unit_id", store=True, index=True)
    kind = fields.Selection([("objection", "Objection"), ("remark", "Remark")], required=True, default="objection")
    author_id = fields.Many2one("res.users", string="Recorded By", required=True, default=lambda self: self.env.user,
                                readonly=True)
    received_via = fields.Selection(
        [("system", "In the System"), ("paper", "On Paper"), ("phone", "By Phone"), ("in_person", "In Person")],
        default="system", required=True,
        help="The working group records objections received on paper, by phone or in person on the objector's "
        "behalf.")
    objector_name = fields.Char(help="Who raised an objection recorded on their behalf; empty when anonymous.")
    objector = fields.Char(compute="_compute_objector", string="Raised By")
    text = fields.Text(required=True)
    state = fields.Selection([("open", "Open"), ("handled", "Handled")], default="open", required=True,
                             readonly=True)
    handling = fields.Text(help="How the working group handled it.")
    handled_by_id = fields.Many2one("res.users", readonly=True)
    handled_on = fields.Date(readonly=True)
    can_handle = fields.Boolean(compute="_compute_can")
    can_edit_text = fields.Boolean(compute="_compute_can")

    @api.depends_context("uid")
    def _compute_can(self):
        self._set_can("handle")
        for objection in self:
            objection.can_edit_text = objection.state == "open" and (
                not objection.id or objection.author_id == self.env.user)

    @api.depends("submission_id", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for objection in self:
            objection.display_name = self.env._("%(kind)s on %(package)s", kind=kinds.get(objection.kind, ""),
                                                package=objection.submission_id.display_name or "")

    @api.depends("received_via", "objector_name", "author_id")
    @api.depends_context("lang")
    def _compute_objector(self):
        for objection in self:
            if objection.received_via == "system":
                objection.objector = objection.author_id.name
            else:
                objection.objector = objection.objector_name or self.env._("Anonymous")

    def _own_roles(self, user):
        return {process.AUTHOR} if self.author_id == user else set()

    @api.model_create_multi
    def create(self, vals_list):
        if not self._by_process():
            self._check_client_objections(vals_list)
        objections = super().create(vals_list)
        if any(objection.submission_id.state != "publicity" for objection in objections):
            raise UserError(self.env._("Objections are left while the package is in publicity."))
        return objections

    def _check_client_objections(self, vals_list):
        """Who may record what, on the values the record will get (the client's context defaults included):
        only the working group or the office records an objection for someone else or writes its handling."""
        defaults = self.default_get(["received_via", "objector_name", "handling"])
        submissions = self.env["integrity.submission"].browse(
            {vals.get("submission_id") for vals in vals_list} - {None, False}).exists()
        roles = submissions._process_roles()
        for vals in vals_list:
            values = {**defaults, **vals}
            on_behalf = values.get("received_via", "system") != "system" or values.get("objector_name")
            if not (on_behalf or values.get("handling")):
                continue
            submission = submissions.filtered(lambda s, v=vals: s.id == v.get("submission_id"))
            if not submission or not roles[submission] & {process.UNIT, process.OFFICE}:
                raise AccessError(self.env._(
                    "Only the working group or the office records an objection received on paper, by phone or in "
                    "person, on the objector's behalf, and how an objection was handled."))
            if on_behalf and values.get("received_via", "system") == "system":
                raise UserError(self.env._("Say how an objection recorded on someone's behalf was received."))

    def write(self, vals):
        if not self._by_process():
            roles = self._process_roles()
            for objection in self:
                allowed = set()
                if process.AUTHOR in roles[objection]:
                    allowed |= self._AUTHOR_FIELDS
                if process.UNIT in roles[objection]:
                    allowed |= self._UNIT_FIELDS
                refused = set(vals) - allowed - set(process.INTERNAL_FIELDS[self._name])
                if refused:
                    raise AccessError(self.env._(
                        "The author writes the objection and the working group how it was handled: you may not "
                        "change %(fields)s of this one.", fields=self._field_labels(refused)))
        return super().write(vals)

    def _handling_problems(self):
        self.ensure_one()
        if not (self.handling or "").strip():
            return [self.env._("write how the objection was handled")]
        return []

    def action_open_handling(self):
        """The objection's own form in a dialog, where the working group writes how it was handled."""
        self.ensure_one()
        return {**self.get_formview_action(), "target": "new", "name": self.display_name}

    def action_handle(self):
        """The working group records how it handled the objection."""
        self._take_step("handle", {"handled_by_id": self.env.uid, "handled_on": fields.Date.context_today(self)})
