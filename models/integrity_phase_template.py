import calendar
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .integrity_process import PHASES


class IntegrityPhaseTemplate(models.Model):
    """The plan's four phases and their usual deadlines, copied into each new campaign."""

    _name = "integrity.phase.template"
    _description = "Campaign Phase Template"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    code = fields.Selection(PHASES, required=True)
    name = fields.Char(compute="_compute_name")
    deadline_year_offset = fields.Integer(
        string="Deadline Year",
        help="Years added to the campaign's year: -1 when the phase ends in the year before it.",
    )
    deadline_month = fields.Integer(required=True, default=12)
    deadline_day = fields.Integer(required=True, default=31)
    description = fields.Html(translate=True, help="What the units deliver in this phase.")

    _sql_constraints = [
        ("code_unique", "unique(code)", "Each phase has one template."),
    ]

    @api.depends("code")
    def _compute_name(self):
        labels = dict(self._fields["code"]._description_selection(self.env))
        for template in self:
            template.name = labels.get(template.code, "")

    @api.constrains("deadline_month", "deadline_day")
    def _check_deadline_day(self):
        for template in self:
            try:
                date(2000, template.deadline_month, template.deadline_day)  # 2000 is a leap year
            except ValueError as error:
                raise ValidationError(
                    self.env._("%(month)s/%(day)s is not a day of the year.",
                               month=template.deadline_month, day=template.deadline_day)
                ) from error

    def _deadline_for(self, year):
        """The deadline of this phase in a campaign of the given year."""
        self.ensure_one()
        target_year = year + self.deadline_year_offset
        day = self.deadline_day
        if self.deadline_month == 2 and day == 29 and not calendar.isleap(target_year):
            day = 28
        return date(target_year, self.deadline_month, day)
