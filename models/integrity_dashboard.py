from odoo import api, fields, models

from .integrity_process import SUPERVISED

MAX_ROWS = 20  # rows per dashboard list; the buttons open the full lists


class IntegrityDashboard(models.AbstractModel):
    """What each role has to do, for the home dashboard. Everything is read with the user's own rights."""

    _name = "integrity.dashboard"
    _description = "Integrity Risk Dashboard"

    @api.model
    def get_data(self):
        user = self.env.user
        office = user.has_group("integrity_risk.group_office")
        leader = user.has_group("integrity_risk.group_leader")
        units = self.env["integrity.unit"].search(
            [("user_ids", "in", [user.id]), ("campaign_id.state", "=", "running")])
        return {
            "roles": {"office": office, "leader": leader, "unit": bool(units)},
            "office": self._office_data() if office or leader else False,
            "units": self._unit_data(units),
            "mine": self._personal_data(),
        }

    def _labels(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    @api.model
    def _office_data(self):
        Unit = self.env["integrity.unit"]
        overdue = Unit.search([("is_overdue", "=", True)], limit=MAX_ROWS)
        # the office's turn: approved by the supervising leader, or submitted where no approval is needed
        to_review_domain = ["|", ("state", "=", "approved"), "&", ("state", "=", "submitted"),
                            ("deliverable", "not in", SUPERVISED)]
        to_review = self.env["integrity.submission"].search(to_review_domain, limit=MAX_ROWS)
        deliverables = self._labels("integrity.submission", "deliverable")
        high_without = [("level", "=", "high"), ("measure_ids", "=", False), ("state", "!=", "retired"),
                        ("campaign_id.state", "=", "running")]
        return {
            "overdue_count": Unit.search_count([("is_overdue", "=", True)]),
            "overdue_units": [{"id": unit.id, "name": unit.name, "phases": unit.overdue_phases,
                               "liaison": unit.liaison_id.name or "", "phone": unit.liaison_phone or ""}
                              for unit in overdue],
            "to_review_count": self.env["integrity.submission"].search_count(to_review_domain),
            "to_review_domain": to_review_domain,
            "to_review": [{"id": s.id, "unit": s.unit_id.name, "deliverable": deliverables[s.deliverable],
                           "round": len(s.round_ids)} for s in to_review],
            "high_without_measures": self.env["integrity.risk"].search_count(high_without),
            "high_without_measures_domain": high_without,
            "adjustments_to_acknowledge": self.env["integrity.adjustment"].search_count(
                [("state", "=", "reported")]),
        }

    @api.model
    def _unit_data(self, units):
        phases = self._labels("integrity.unit", "current_phase")
        states = self._labels("integrity.unit", "current_submission_state")
        rows = []
        for unit in units[:MAX_ROWS]:
            rows.append({
                "id": unit.id,
                "name": unit.name,
                "campaign": unit.campaign_id.name,
                "phase": phases[unit.current_phase],
                "deadline": fields.Date.to_string(unit.current_deadline) if unit.current_deadline else "",
                "overdue": unit.is_overdue,
                "submission_state": states.get(unit.current_submission_state, ""),
                "self_checks": unit.self_check_count,
                "self_checks_accepted": unit.self_check_accepted_count,
                "high": unit.risk_high_count,
                "medium": unit.risk_medium_count,
                "low": unit.risk_low_count,
                "measures": unit.measure_count,
                "measures_done": unit.measure_done_count,
                "blockers": unit._blockers()[:10],
            })
        return rows

    @api.model
    def _personal_data(self):
        uid = self.env.uid
        check_states = self._labels("integrity.self.check", "state")
        measure_states = self._labels("integrity.measure", "state")
        checks = self.env["integrity.self.check"].search(
            [("user_id", "=", uid), ("campaign_id.state", "=", "running")], limit=MAX_ROWS)
        to_review = self.env["integrity.self.check"].search_count(
            [("reviewer_user_id", "=", uid), ("state", "=", "submitted")])
        measures = self.env["integrity.measure"].search(
            [("responsible_user_id", "=", uid), ("state", "in", ("planned", "in_progress", "ineffective"))],
            order="deadline, id", limit=MAX_ROWS)
        return {
            "self_checks": [{"id": c.id, "name": c.display_name, "state": c.state, "state_label": check_states[c.state],
                             "comment": c.return_comment or ""} for c in checks],
            "self_checks_to_review": to_review,
            "measures": [{"id": m.id, "name": m.display_name, "risk": m.risk_id.display_name,
                          "deadline": fields.Date.to_string(m.deadline), "state_label": measure_states[m.state],
                          "overdue": m.is_overdue} for m in measures],
            "risk_count": self.env["integrity.risk"].search_count([("employee_ids.user_id", "=", uid),
                                                                   ("state", "!=", "retired"),
                                                                   ("campaign_id.state", "=", "running")]),
        }
