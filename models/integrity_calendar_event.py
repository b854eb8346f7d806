from ast import literal_eval

from odoo import api, fields, models, tools

from .integrity_process import PHASES


class IntegrityCalendarEvent(models.Model):
    """Phase deadlines, measure deadlines and inspections on one calendar (a read-only SQL view)."""

    _name = "integrity.calendar.event"
    _description = "Integrity Risk Calendar"
    _auto = False
    _order = "date, id"

    kind = fields.Selection([("phase", "Phase Deadline"), ("measure", "Measure Deadline"),
                             ("inspection", "Inspection")], readonly=True)
    date = fields.Date(readonly=True)
    campaign_id = fields.Many2one("integrity.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    unit_id = fields.Many2one("integrity.unit", readonly=True)
    phase_code = fields.Selection(PHASES, string="Phase", readonly=True)
    measure_id = fields.Many2one("integrity.measure", readonly=True)
    inspection_id = fields.Many2one("integrity.inspection", readonly=True)
    responsible_user_id = fields.Many2one("res.users", readonly=True)

    def init(self):
        # ids stay unique across the three sources: id * 3 plus 0, 1 or 2
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE VIEW {self._table} AS (
                SELECT p.id * 3 AS id, 'phase' AS kind, p.deadline AS date, p.campaign_id, p.company_id,
                       NULL::integer AS unit_id, p.code AS phase_code, NULL::integer AS measure_id,
                       NULL::integer AS inspection_id, NULL::integer AS responsible_user_id
                  FROM integrity_campaign_phase p
                UNION ALL
                SELECT m.id * 3 + 1, 'measure', m.deadline, m.campaign_id, m.company_id, m.unit_id, NULL, m.id,
                       NULL, m.responsible_user_id
                  FROM integrity_measure m
                 WHERE m.active AND m.state IN ('planned', 'in_progress')
                UNION ALL
                SELECT i.id * 3 + 2, 'inspection', i.date, i.campaign_id, i.company_id, i.unit_id, NULL, NULL,
                       i.id, NULL
                  FROM integrity_inspection i
            )
        """)

    @api.depends("kind", "phase_code", "measure_id", "inspection_id", "unit_id", "campaign_id")
    def _compute_display_name(self):
        phases = dict(self._fields["phase_code"]._description_selection(self.env))
        for event in self:
            if event.kind == "phase":
                event.display_name = self.env._("%(phase)s deadline (%(campaign)s)",
                                                phase=phases.get(event.phase_code, ""), campaign=event.campaign_id.name)
            elif event.kind == "measure":
                event.display_name = self.env._("Measure due: %(measure)s (%(unit)s)",
                                                measure=event.measure_id.display_name, unit=event.unit_id.name)
            else:
                event.display_name = self.env._("Inspection of %(unit)s", unit=event.unit_id.name)

    @api.model
    def action_open_calendar(self):
        """The calendar on the running campaigns, opened on the day of their next event (their last one once all
        have passed) rather than on today's month, which may hold none of them."""
        action = self.env["ir.actions.act_window"]._for_xml_id("integrity_risk.integrity_calendar_event_action")
        running = [("campaign_id.state", "=", "running")]
        today = fields.Date.context_today(self)
        event = (self.search([*running, ("date", ">=", today)], order="date, id", limit=1)
                 or self.search([*running, ("date", "<", today)], order="date desc, id desc", limit=1))
        action["context"] = literal_eval(action.get("context") or "{}")
        if event:
            action["context"]["initial_date"] = fields.Date.to_string(event.date)
        return action
