from odoo import api, models
from odoo.exceptions import AccessError

from .annex_layout import AnnexTable, Cell, centered
from .annex_xlsx import write_workbook
from .print_language import print_env


class IntegrityAssessmentExport(models.AbstractModel):
    """The figures of a campaign per unit and per cadre in scope, for the annual assessment of leadership
    teams and cadres: one workbook the personnel office can sort and filter."""

    _name = "integrity.assessment.export"
    _description = "Integrity Risk Assessment Export"

    @api.model
    def _check_access(self):
        user = self.env.user
        if not (user.has_group("integrity_risk.group_office") or user.has_group("integrity_risk.group_leader")):
            raise AccessError(self.env._("Only the leading group and its office export the assessment figures."))

    @api.model
    def _counts(self, model, domain, groupby):
        """{(group values...): count} in one read_group."""
        rows = self.env[model].with_context(active_test=False)._read_group(domain, groupby, ["__count"])
        return {tuple(value.id if isinstance(value, models.BaseModel) else value for value in row[:-1]): row[-1]
                for row in rows}

    @api.model
    @api.private  # takes record sets: not for RPC
    def unit_rows(self, campaign):
        units = campaign.unit_ids
        unit_domain = [("unit_id", "in", units.ids)]
        checks = self._counts("integrity.self.check", [*unit_domain, ("state", "=", "accepted")], ["unit_id"])
        risks = self._counts("integrity.risk", [*unit_domain, ("state", "!=", "retired")], ["unit_id", "level"])
        measures = self._counts("integrity.measure", unit_domain, ["unit_id", "state"])
        inspections = self._counts("integrity.inspection", [*unit_domain, ("state", "=", "done")], ["unit_id"])
        failures = self._counts("integrity.inspection.finding", [
            *unit_domain, ("inspection_id.state", "=", "done"),
            ("result", "in", ("not_carried_out", "ineffective"))], ["unit_id"])
        adjustments = self._counts("integrity.adjustment", unit_domain, ["unit_id"])
        assessments = self.env["integrity.assessment"].search(
            [*unit_domain, ("state", "=", "done")], order="date desc, id desc")
        latest = {}
        for assessment in assessments:
            latest.setdefault(assessment.unit_id.id, assessment)
        rows = []
        for unit in units:
            measure_total = sum(count for (unit_id, _state), count in measures.items() if unit_id == unit.id)
            assessment = latest.get(unit.id)
            rows.append({
                "unit": unit.name,
                "scope": len(unit.scope_employee_ids),
                "self_checks_accepted": checks.get((unit.id,), 0),
                "high": risks.get((unit.id, "high"), 0),
                "medium": risks.get((unit.id, "medium"), 0),
                "low": risks.get((unit.id, "low"), 0),
                "measures_done": measures.get((unit.id, "done"), 0),
                "measures": measure_total,
                "inspections": inspections.get((unit.id,), 0),
                "failures": failures.get((unit.id,), 0),
                "adjustments": adjustments.get((unit.id,), 0),
                "scores": {line.criterion_id: line.score for line in assessment.line_ids} if assessment else {},
                "total": assessment.total if assessment else None,
            })
        return rows

    @api.model
    @api.private  # takes record sets: not for RPC
    def cadre_rows(self, campaign):
        units = campaign.unit_ids
        employees = units.scope_employee_ids
        checks = self.env["integrity.self.check"].search_fetch(
            [("unit_id", "in", units.ids)], ["employee_id", "state"])
        check_state = {check.employee_id.id: check.state for check in checks}
        states = dict(self.env["integrity.self.check"]._fields["state"]._description_selection(self.env))
        Risk = self.env["integrity.risk"]
        risk_rows = Risk._read_group([("unit_id", "in", units.ids), ("state", "!=", "retired")],
                                     ["employee_ids", "level"], ["__count"])
        risks = {(employee.id, level): count for employee, level, count in risk_rows}
        measures = self._counts("integrity.measure", [("unit_id", "in", units.ids)], ["responsible_id", "state"])
        failures = self._counts("integrity.inspection.finding", [
            ("unit_id", "in", units.ids), ("inspection_id.state", "=", "done"),
            ("result", "in", ("not_carried_out", "ineffective"))], ["responsible_id"])
        rank_labels = dict(self.env["hr.employee"]._fields["cadre_rank"]._description_selection(self.env))
        status_labels = dict(self.env["hr.employee"]._fields["political_status"]._description_selection(self.env))
        unit_of = {employee: unit for unit in units for employee in unit.scope_employee_ids}
        rows = []
        for employee in employees.sudo():  # party membership: private, exported for the assessment only
            measure_total = sum(count for (person, _state), count in measures.items() if person == employee.id)
            rows.append({
                "name": employee.name,
                "unit": unit_of[employee].name,
                "post": employee.job_id.name or "",
                "rank": rank_labels.get(employee.cadre_rank, ""),
                "political_status": status_labels.get(employee.political_status, ""),
                "self_check": states.get(check_state.get(employee.id), ""),
                "high": risks.get((employee.id, "high"), 0),
                "medium": risks.get((employee.id, "medium"), 0),
                "low": risks.get((employee.id, "low"), 0),
                "measures_done": measures.get((employee.id, "done"), 0),
                "measures": measure_total,
                "failures": failures.get((employee.id,), 0),
            })
        return rows

    @api.model
    @api.private  # takes record sets: not for RPC
    def tables(self, campaign):
        self._check_access()
        self = self.with_env(print_env(self.env))
        self = self.env["integrity.assessment.export"]
        levels = dict(self.env["integrity.risk"]._fields["level"]._description_selection(self.env))
        unit_rows = self.unit_rows(campaign)
        criteria = self.env["integrity.assessment.criterion"].union(
            *(criterion for row in unit_rows for criterion in row["scores"]))
        criteria = criteria.with_env(self.env).sorted(lambda c: (c.scheme_id.id, c.sequence, c.id))
        unit_head = [centered(text) for text in (
            self.env._("No."), self.env._("Unit"), self.env._("People in Scope"), self.env._("Self-Checks Accepted"),
            levels["high"], levels["medium"], levels["low"], self.env._("Measures Done"), self.env._("Measures"),
            self.env._("Inspections Done"), self.env._("Not Carried Out or Ineffective"),
            self.env._("Adjustments Made"),
            *criteria.mapped("name"), self.env._("Total Score"))]
        unit_body = [[
            centered(number), Cell(row["unit"]), centered(row["scope"]), centered(row["self_checks_accepted"]),
            centered(row["high"]), centered(row["medium"]), centered(row["low"]), centered(row["measures_done"]),
            centered(row["measures"]), centered(row["inspections"]), centered(row["failures"]),
            centered(row["adjustments"]),
            *(centered(_format_score(row["scores"].get(criterion))) for criterion in criteria),
            centered(_format_score(row["total"])),
        ] for number, row in enumerate(unit_rows, start=1)]
        cadre_head = [centered(text) for text in (
            self.env._("No."), self.env._("Full Name"), self.env._("Unit"), self.env._("Post"),
            self.env._("Cadre Rank"), self.env._("Political Status"), self.env._("Self-Check"),
            levels["high"], levels["medium"], levels["low"], self.env._("Measures Done"), self.env._("Measures"),
            self.env._("Not Carried Out or Ineffective"))]
        cadre_body = [[
            centered(number), Cell(row["name"]), Cell(row["unit"]), Cell(row["post"]), centered(row["rank"]),
            centered(row["political_status"]), centered(row["self_check"]), centered(row["high"]),
            centered(row["medium"]), centered(row["low"]), centered(row["measures_done"]),
            centered(row["measures"]), centered(row["failures"]),
        ] for number, row in enumerate(self.cadre_rows(campaign), start=1)]
        company = campaign.company_id.name
        return [
            AnnexTable(label="", title=self.env._("%(company)s %(campaign)s: Units", company=company,
                                                  campaign=campaign.name),
                       sheet_name=self.env._("Units"), head=[unit_head], body=unit_body,
                       widths=[6, 28, 10, 12, 6, 6, 6, 10, 8, 8, 14, 8, *([10] * len(criteria)), 10]),
            AnnexTable(label="", title=self.env._("%(company)s %(campaign)s: Cadres", company=company,
                                                  campaign=campaign.name),
                       sheet_name=self.env._("Cadres"), head=[cadre_head], body=cadre_body,
                       widths=[6, 14, 24, 18, 14, 12, 10, 6, 6, 6, 10, 8, 14]),
        ]

    @api.model
    @api.private  # takes record sets: not for RPC
    def xlsx(self, campaign):
        """(file name, .xlsx bytes) of the campaign's figures per unit and per cadre."""
        return f"{campaign._assessment_filename()}.xlsx", write_workbook(self.tables(campaign))


def _format_score(score):
    """A score as a number a spreadsheet sums (whole scores as integers); empty when not scored."""
    if score is None:
        return ""
    return int(score) if float(score).is_integer() else score
