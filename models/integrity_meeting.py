from odoo import api, fields, models
from odoo.tools import format_list

MEETING_KINDS = [
    ("mobilisation", "Study and Mobilisation (学习动员)"),
    ("discussion", "Discussion and Evaluation (讨论评议)"),
    ("working_group", "Working Group Meeting"),
]


class IntegrityMeeting(models.Model):
    """A meeting of the unit: its study and mobilisation, or a discussion of its risks (单位评查)."""

    _name = "integrity.meeting"
    _description = "Unit Meeting"
    _inherit = ["mail.thread", "integrity.process.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    _unit_people_fields = ("attendee_ids",)

    unit_id = fields.Many2one("integrity.unit", required=True, index=True, check_company=True, ondelete="cascade")
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    kind = fields.Selection(MEETING_KINDS, required=True, default="discussion", tracking=True)
    name = fields.Char(string="Topic", required=True, tracking=True)
    attendee_ids = fields.Many2many("hr.employee", string="Attendees", check_company=True)
    attendee_count = fields.Integer(compute="_compute_attendee_count", string="Attendance")
    minutes = fields.Html()
    attachment_ids = fields.Many2many("ir.attachment", "integrity_meeting_attachment_rel", "meeting_id",
                                      "attachment_id", string="Attachments",
                                      help="Sign-in sheets, photos, slides of the meeting.")

    @api.depends("attendee_ids")
    def _compute_attendee_count(self):
        for meeting in self:
            meeting.attendee_count = len(meeting.attendee_ids)

    @api.model
    def _digest(self, units):
        """{unit: one line per kind of meeting, with dates}, for the review and the assessment."""
        labels = dict(self._fields["kind"]._description_selection(self.env))
        meetings = self.search([("unit_id", "in", units.ids)], order="unit_id, kind, date")
        digest = {}
        by_unit = meetings.grouped("unit_id")
        for unit in units:
            lines = []
            for kind, group in by_unit.get(unit, meetings.browse()).grouped("kind").items():
                dates = format_list(self.env, [str(day) for day in group.mapped("date")])
                lines.append(self.env._("%(kind)s: %(count)s (%(dates)s)", kind=labels[kind], count=len(group),
                                        dates=dates))
            digest[unit] = "\n".join(lines) or self.env._("No meeting recorded.")
        return digest
