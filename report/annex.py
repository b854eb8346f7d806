from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.grading import LEVEL_RANK
from ..models.integrity_measure import PROPOSAL_STATES
from . import annex_layout, annex_xlsx


class IntegrityAnnex(models.AbstractModel):
    """Builds the plan's annex tables 1-4 from the records, for the PDF and the XLSX alike."""

    _name = "integrity.annex"
    _description = "Integrity Risk Annex Tables"

    # --- language and labels ---------------------------------------------------------

    def _annex_env(self):
        """The annex tables are the plan's Chinese forms: print them in Chinese where it is installed."""
        if self.env["res.lang"]._get_data(code="zh_CN"):
            return self.with_context(lang="zh_CN")
        return self

    def _labels(self, annex):
        levels = dict(self.env["integrity.risk"]._fields["level"]._description_selection(self.env))
        return {
            "annex": self.env._("Annex %(number)s:", number=annex),
            "duty": self.env._("Post Duty"),
            "point": self.env._("Risk Control Point"),
            "self_level": self.env._("Self-Assessed Post Integrity Risk Level"),
            "posts": self.env._("Post Setup"),
            "post_level": self.env._("Post Risk Level"),
            "post": self.env._("Post"),
            "holder": self.env._("Holder"),
            "remark": self.env._("Remarks"),
            "number": self.env._("No."),
            "content": self.env._("Risk Point"),
            "level": self.env._("Risk Level"),
            "post_people": self.env._("Post and Responsible Persons"),
            "measure": self.env._("Prevention and Control Measures"),
            "responsible": self.env._("Responsible"),
            "deadline": self.env._("Deadline"),
            **levels,
        }

    def _table_names(self):
        return {
            1: self.env._("Personal Post Integrity Risk Check and Grading Form"),
            2: self.env._("Unit Post Integrity Risk Check and Grading Form"),
            3: self.env._("Summary of Integrity Risk Points and Risk Levels"),
            4: self.env._("Register of Integrity Risk Points and Control Measures"),
        }

    def _title(self, company, annex):
        return self.env._("%(company)s %(table)s", company=company.name, table=self._table_names()[annex])

    def _date(self, day):
        if not day:
            return ""
        month, day_of_month = str(day.month).zfill(2), str(day.day).zfill(2)
        return self.env._("%(year)s-%(month)s-%(day)s", year=day.year, month=month, day=day_of_month)

    def _names(self, employees):
        # Chinese lists names with the enumeration comma (、); Odoo's term export skips a bare ", "
        separator = "、" if (self.env.lang or "").startswith("zh") else ", "
        return separator.join(employees.mapped("name"))

    def _approvals(self, units, deliverable):
        """{unit: the round its supervising leader approved} of the units' package for the deliverable."""
        # the approval is printed for whoever may print the table
        rounds = self.env["integrity.submission.round"].sudo().search_fetch(
            [("unit_id", "in", units.ids), ("submission_id.deliverable", "=", deliverable),
             ("approved_on", "!=", False)], ["unit_id", "approved_on", "approved_by_id"], order="number desc")
        approvals = {}
        for round_ in rounds:
            approvals.setdefault(round_.unit_id.id, round_)
        return approvals

    def _unit_info(self, unit, approvals):
        heads = unit.leader_id | unit.co_leader_id
        reviewer = unit.supervisor_id.name or ""
        approval = approvals.get(unit.id)
        if approval:
            approved_on = fields.Datetime.context_timestamp(self, approval.approved_on).date()
            reviewer = self.env._("%(person)s (approved %(date)s)", person=approval.approved_by_id.name,
                                  date=self._date(approved_on))
        return [
            [(self.env._("Unit Name:"), unit.name or ""), (self.env._("Unit Head:"), self._names(heads))],
            [(self.env._("Reviewer (Supervising University Leader):"), reviewer),
             (self.env._("Date:"), self._date(unit.review_date or fields.Date.context_today(self)))],
        ]

    # --- rights -------------------------------------------------------------------

    def _check_unit_access(self, units):
        """The unit tables show every risk point of a unit: its working group, the office and the leading group."""
        user = self.env.user
        if user.has_group("integrity_risk.group_office") or user.has_group("integrity_risk.group_leader"):
            return
        for unit in units:
            if user not in unit.user_ids | unit.supervisor_id.user_id:
                raise AccessError(self.env._(
                    "Only the working group of %(unit)s, its supervising leader, the office and the leading group "
                    "print its annex tables.", unit=unit.name))

    # --- the four tables ------------------------------------------------------------

    @api.private  # takes record sets: not for RPC
    def annex1_tables(self, self_checks):
        self = self._annex_env()
        labels = self._labels(1)
        levels = {code: labels[code] for code in ("high", "medium", "low")}
        rank = {"high": 0, "medium": 1, "low": 2}
        tables = []
        for check in self_checks.with_env(self.env):
            lines = check.line_ids.sorted(lambda line: (rank.get(line.level, 3), line.sequence, line.id))
            info = [
                [(self.env._("Post Name:"), check.job_id.name or ""),
                 (self.env._("Post Holder:"), check.employee_id.name)],
                [(self.env._("Reviewer (Unit Leader):"), check.reviewer_id.name or ""),
                 (self.env._("Date:"), self._date(check.date))],
            ]
            tables.append(annex_layout.annex1(
                labels, self._title(check.company_id, 1), check.employee_id.name, info,
                [(line.duty or "", line.name, levels.get(line.level, "")) for line in lines],
            ))
        return tables

    def _unit_risks(self, units):
        """The units' risk points in print order (level, high first, then post), read in a few queries
        whatever their number: what the tables print is fetched at once, not 1,000 records at a time."""
        risks = self.env["integrity.risk"].search_fetch(
            [("unit_id", "in", units.ids), ("state", "!=", "retired")],
            ["unit_id", "name", "level", "category", "job_id", "employee_ids"],
            order="unit_id, level_rank desc, job_id, id",
        )
        # archived people stay in the tables: they were responsible when the points were found
        risks = risks.with_context(active_test=False)
        risks.job_id.fetch(["name"])
        risks.employee_ids.fetch(["name"])
        return risks.grouped("unit_id")

    def _post_and_people(self, risk):
        if not risk.employee_ids:
            return risk.job_id.name
        return self.env._("%(post)s: %(people)s", post=risk.job_id.name, people=self._names(risk.employee_ids))

    @api.private  # takes record sets: not for RPC
    def annex2_tables(self, units):
        self._check_unit_access(units)
        self = self._annex_env()
        labels = self._labels(2)
        risks_by_unit = self._unit_risks(units)
        approvals = self._approvals(units, "identification")
        tables = []
        for unit in units.with_env(self.env):
            risks = risks_by_unit.get(unit, self.env["integrity.risk"])
            holders_by_job = unit.scope_employee_ids.grouped("job_id")
            posts = {}
            for risk in risks:
                level, holders, count = posts.get(risk.job_id, (None, self.env["hr.employee"], 0))
                if LEVEL_RANK.get(risk.level, 0) > LEVEL_RANK.get(level, 0):
                    level = risk.level
                posts[risk.job_id] = (level, holders | risk.employee_ids, count + 1)
            for job in holders_by_job:
                if job and job not in posts:
                    posts[job] = (None, self.env["hr.employee"], 0)
            rows = sorted(
                ((job, level, holders | holders_by_job.get(job, self.env["hr.employee"]), count)
                 for job, (level, holders, count) in posts.items()),
                key=lambda row: (-LEVEL_RANK.get(row[1], 0), row[0].name or ""),
            )
            tables.append(annex_layout.annex2(
                labels, self._title(unit.company_id, 2), unit.name, self._unit_info(unit, approvals),
                [(job.name, self._names(holders), level,
                  self.env._("%(count)s risk points", count=count) if count else "")
                 for job, level, holders, count in rows],
                ("high", "medium", "low"),
            ))
        return tables

    @api.private  # takes record sets: not for RPC
    def annex3_tables(self, units):
        self._check_unit_access(units)
        self = self._annex_env()
        labels = self._labels(3)
        categories = dict(self.env["integrity.risk"]._fields["category"]._description_selection(self.env))
        risks_by_unit = self._unit_risks(units)
        approvals = self._approvals(units, "identification")
        tables = []
        for unit in units.with_env(self.env):
            risks = risks_by_unit.get(unit, self.env["integrity.risk"])
            tables.append(annex_layout.annex3(
                labels, self._title(unit.company_id, 3), unit.name, self._unit_info(unit, approvals),
                [(risk.name, labels.get(risk.level, ""), self._post_and_people(risk),
                  categories.get(risk.category, "")) for risk in risks],
            ))
        return tables

    def _measures_by_risk(self, risks):
        """Each risk point's measures as (measure, responsible, deadline), in the risk's measure order."""
        measures = self.env["integrity.measure"].search_fetch(
            [("risk_id", "in", risks.ids), ("state", "not in", PROPOSAL_STATES)],
            ["risk_id", "name", "responsible_id", "deadline"],
            order="risk_id, sequence, id")
        measures.responsible_id.fetch(["name"])
        by_risk = {}
        for measure in measures.with_env(self.env):
            by_risk.setdefault(measure.risk_id, []).append(
                (measure.name, measure.responsible_id.name or "", self._date(measure.deadline)))
        return by_risk

    @api.private  # takes record sets: not for RPC
    def annex4_tables(self, units):
        self._check_unit_access(units)
        self = self._annex_env()
        labels = self._labels(4)
        categories = dict(self.env["integrity.risk"]._fields["category"]._description_selection(self.env))
        risks_by_unit = self._unit_risks(units)
        measures = self._measures_by_risk(self.env["integrity.risk"].union(*risks_by_unit.values()))
        approvals = self._approvals(units, "measures")
        tables = []
        for unit in units.with_env(self.env):
            risks = risks_by_unit.get(unit, self.env["integrity.risk"])
            tables.append(annex_layout.annex4(
                labels, self._title(unit.company_id, 4), unit.name, self._unit_info(unit, approvals),
                [(risk.name, labels.get(risk.level, ""), self._post_and_people(risk),
                  categories.get(risk.category, ""), measures.get(risk, [])) for risk in risks],
            ))
        return tables

    # --- entry points -------------------------------------------------------------------

    @api.model
    @api.private  # takes record sets: not for RPC
    def check_printable(self, annex, records):
        """Refuse, with a clear message, what the user may not print; return the records the tables come from."""
        if not records:
            raise UserError(self.env._("Select what to print first."))
        records.check_access("read")
        if annex == 1 and records._name == "integrity.self.check":
            return records
        if annex == 1 and records._name == "integrity.unit":
            # the unit's annex 1: every accepted form, part of its identification package and publicity
            self._check_unit_access(records)
            return self.env["integrity.self.check"].search(
                [("unit_id", "in", records.ids), ("state", "=", "accepted")], order="unit_id, employee_id, id")
        if annex in (2, 3, 4) and records._name == "integrity.campaign":
            if not (self.env.user.has_group("integrity_risk.group_office")
                    or self.env.user.has_group("integrity_risk.group_leader")):
                raise AccessError(self.env._("Only the office and the leading group print the university-wide tables."))
            return records.unit_ids.sorted(lambda unit: (unit.sequence, unit.id))
        if annex in (2, 3, 4) and records._name == "integrity.unit":
            self._check_unit_access(records)
            return records
        raise UserError(self.env._("Annex %(number)s does not print from these records.", number=annex))

    @api.model
    @api.private  # takes record sets: not for RPC
    def tables(self, annex, records):
        """The tables of annex 1-4 for self-checks (annex 1), units, or whole campaigns (annex 2-4)."""
        sources = self.check_printable(annex, records)
        return getattr(self, f"annex{annex}_tables")(sources)

    @api.model
    @api.private  # takes record sets: not for RPC
    def xlsx(self, annex, records):
        """(file name, .xlsx bytes) of the annex for the records: one sheet per person or unit."""
        tables = self.tables(annex, records)
        if not tables:
            raise UserError(self.env._("There is nothing to export."))
        filename = tables[0].title if len(tables) == 1 else self._annex_env()._bundle_name(annex, records)
        return f"{filename}.xlsx", annex_xlsx.write_workbook(tables)

    def _bundle_name(self, annex, records):
        return self.env._("%(title)s (%(count)s tables)", title=self._title(records.company_id[:1], annex),
                          count=len(records.unit_ids) if records._name == "integrity.campaign" else len(records))



class IntegrityAnnexReport(models.AbstractModel):
    """Values of the annex PDF reports; each report below names its annex and the records it prints from."""

    _name = "integrity.annex.report"
    _description = "Integrity Risk Annex Report"
    _annex = 1

    @api.model
    def _get_report_values(self, docids, data=None):
        report = self.env["ir.actions.report"]._get_report(self._name.removeprefix("report."))
        docs = self.env[report.model].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": report.model,
            "docs": docs,
            "tables": self.env["integrity.annex"].tables(self._annex, docs),
            "company": docs.company_id[:1] or self.env.company,
        }


class ReportAnnex1(models.AbstractModel):
    _name = "report.integrity_risk.report_annex_1"
    _inherit = "integrity.annex.report"
    _description = "Annex 1 Report"
    _annex = 1


class ReportUnitAnnex1(models.AbstractModel):
    _name = "report.integrity_risk.report_unit_annex_1"
    _inherit = "integrity.annex.report"
    _description = "Annex 1 of a Unit Report"
    _annex = 1


class ReportAnnex2(models.AbstractModel):
    _name = "report.integrity_risk.report_annex_2"
    _inherit = "integrity.annex.report"
    _description = "Annex 2 Report"
    _annex = 2


class ReportAnnex3(models.AbstractModel):
    _name = "report.integrity_risk.report_annex_3"
    _inherit = "integrity.annex.report"
    _description = "Annex 3 Report"
    _annex = 3


class ReportAnnex4(models.AbstractModel):
    _name = "report.integrity_risk.report_annex_4"
    _inherit = "integrity.annex.report"
    _description = "Annex 4 Report"
    _annex = 4


class ReportCampaignAnnex3(models.AbstractModel):
    _name = "report.integrity_risk.report_campaign_annex_3"
    _inherit = "integrity.annex.report"
    _description = "University-wide Annex 3 Report"
    _annex = 3


class ReportCampaignAnnex4(models.AbstractModel):
    _name = "report.integrity_risk.report_campaign_annex_4"
    _inherit = "integrity.annex.report"
    _description = "University-wide Annex 4 Report"
    _annex = 4
