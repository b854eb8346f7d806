import collections
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.grading import LEVEL_RANK, LEVELS
from ..models.integrity_measure import PROPOSAL_STATES
from . import annex_layout, annex_xlsx
from .print_language import print_env

FILE_NAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class IntegrityAnnex(models.AbstractModel):
    """Builds the plan's annex tables 1-4 from the records, for the PDF and the XLSX alike."""

    _name = "integrity.annex"
    _description = "Integrity Risk Annex Tables"

    # --- language and labels ---------------------------------------------------------

    def _print_lang(self):
        """The code of the language the tables print in (print_language.py), for the templates' t-lang."""
        return print_env(self.env).lang

    def _labels(self, annex):
        """What the tables print besides their columns: the annex label and the level words."""
        levels = dict(self.env["integrity.risk"]._fields["level"]._description_selection(self.env))
        return {"annex": self.env._("Annex %(number)s:", number=annex), **levels}

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
        """A date as official documents write it: 2013年4月1日 in Chinese, no zero padding."""
        if not day:
            return ""
        return self.env._("%(month)s/%(day)s/%(year)s", year=day.year, month=day.month, day=day.day)

    def _signatures(self, annex):
        """Lines of labels under a table, signed and sealed on paper by the people its header names."""
        if annex == 1:
            return [[self.env._("Post Holder (signature):"), self.env._("Reviewer (Unit Leader) (signature):"),
                     self.env._("Date signed:")]]
        return [[self.env._("Unit Head (signature):"),
                 self.env._("Reviewer (Supervising University Leader) (signature):")],
                [self.env._("Date signed:"), self.env._("Unit seal:")]]

    def _annex_table(self, annex, company, sheet_name, info, rows):
        """An annex table in the print language, with the signatures its header names under it."""
        return annex_layout.table(
            annex, self.env._, self._date, rows, label=self._labels(annex)["annex"],
            title=self._title(company, annex), sheet_name=sheet_name, info=info, signatures=self._signatures(annex),
            # how a spreadsheet shows a date cell (Excel's number format) in the print language
            date_format=self.env._("m/d/yyyy"))

    def _names(self, employees):
        # Chinese lists names with the enumeration comma (、), never format_list's final 和: the import reads the
        # names back, and 和 is also part of names; Odoo's term export skips a bare ", "
        separator = "、" if (self.env.lang or "").startswith("zh") else ", "
        return separator.join(employees.mapped("name"))

    def _rounds(self, units, deliverable):
        """({unit id: its package's latest round}, {unit id: the latest round its supervising leader approved})."""
        # the dates and the approval are printed for whoever may print the table
        rounds = self.env["integrity.submission.round"].sudo().search_fetch(
            [("unit_id", "in", units.ids), ("submission_id.deliverable", "=", deliverable)],
            ["unit_id", "submitted_on", "approved_on", "approved_by_id"], order="number desc")
        latest, approved = {}, {}
        for round_ in rounds:
            latest.setdefault(round_.unit_id.id, round_)
            if round_.approved_on:
                approved.setdefault(round_.unit_id.id, round_)
        return latest, approved

    def _local_date(self, moment):
        return fields.Datetime.context_timestamp(self, moment).date() if moment else None

    def _unit_info(self, unit, approvals, day):
        heads = unit.leader_id | unit.co_leader_id
        reviewer = unit.supervisor_id.name or ""
        approval = approvals.get(unit.id)
        if approval:
            reviewer = self.env._("%(person)s (approved %(date)s)", person=approval.approved_by_id.name,
                                  date=self._date(self._local_date(approval.approved_on)))
        return [
            [(self.env._("Unit Name:"), unit.name or ""), (self.env._("Unit Head:"), self._names(heads))],
            [(self.env._("Reviewer (Supervising University Leader):"), reviewer),
             (self.env._("Date:"), self._date(day or fields.Date.context_today(self)))],
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
        self = self.with_env(print_env(self.env))
        labels = self._labels(1)
        tables = []
        for check in self_checks.with_env(self.env):
            info = [
                [(self.env._("Post Name:"), check.job_id.name or ""),
                 (self.env._("Post Holder:"), check.employee_id.name)],
                # the unit leader's own form is reviewed by the supervising university leader
                [(self.env._("Reviewer (Unit Leader):") if check.reviewer_id == check.unit_id.leader_id
                  else self.env._("Reviewer (Supervising University Leader):"), check.reviewer_id.name or ""),
                 (self.env._("Date:"), self._date(check.date))],
            ]
            # the lines as the holder entered them
            rows = [{"duty": line.duty or "", "point": line.name, "level": labels.get(line.level, "")}
                    for line in check.line_ids]
            tables.append(self._annex_table(1, check.company_id, check.employee_id.name, info, rows))
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
        self = self.with_env(print_env(self.env))
        risks_by_unit = self._unit_risks(units)
        _latest, approvals = self._rounds(units, "identification")
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
            info = self._unit_info(unit, approvals, unit.review_date)
            tables.append(self._annex_table(2, unit.company_id, unit.name, info, [
                {"post": job.name, "holders": self._names(holders), **{code: level == code for code, _label in LEVELS},
                 "remark": self.env._("%(count)s risk points", count=count) if count else ""}
                for job, level, holders, count in rows]))
        return tables

    def _risk_row(self, risk, labels, categories):
        return {"content": risk.name, "level": labels.get(risk.level, ""), "post_people": self._post_and_people(risk),
                "remark": categories.get(risk.category, "")}

    @api.private  # takes record sets: not for RPC
    def annex3_tables(self, units):
        self._check_unit_access(units)
        self = self.with_env(print_env(self.env))
        labels = self._labels(3)
        categories = dict(self.env["integrity.risk"]._fields["category"]._description_selection(self.env))
        risks_by_unit = self._unit_risks(units)
        _latest, approvals = self._rounds(units, "identification")
        return [
            self._annex_table(3, unit.company_id, unit.name, self._unit_info(unit, approvals, unit.review_date),
                        annex_layout.numbered([self._risk_row(risk, labels, categories)
                                               for risk in risks_by_unit.get(unit, ())]))
            for unit in units.with_env(self.env)
        ]

    def _measures_by_risk(self, risks):
        """Each risk point's measures as rows of the measure columns, in the risk's measure order."""
        measures = self.env["integrity.measure"].search_fetch(
            [("risk_id", "in", risks.ids), ("state", "not in", PROPOSAL_STATES)],
            ["risk_id", "name", "responsible_id", "deadline"],
            order="risk_id, sequence, id")
        measures.responsible_id.fetch(["name"])
        by_risk = {}
        for measure in measures.with_env(self.env):
            by_risk.setdefault(measure.risk_id, []).append(
                {"measure": measure.name, "responsible": measure.responsible_id.name or "",
                 "deadline": measure.deadline})
        return by_risk

    @api.private  # takes record sets: not for RPC
    def annex4_tables(self, units):
        self._check_unit_access(units)
        self = self.with_env(print_env(self.env))
        labels = self._labels(4)
        categories = dict(self.env["integrity.risk"]._fields["category"]._description_selection(self.env))
        risks_by_unit = self._unit_risks(units)
        measures = self._measures_by_risk(self.env["integrity.risk"].union(*risks_by_unit.values()))
        latest, approvals = self._rounds(units, "measures")
        tables = []
        for unit in units.with_env(self.env):
            # annex 4 is dated when its measures were submitted (today on a draft)
            submitted = self._local_date(latest[unit.id].submitted_on) if unit.id in latest else None
            rows = [{**self._risk_row(risk, labels, categories), "measures": measures.get(risk, [])}
                    for risk in risks_by_unit.get(unit, ())]
            tables.append(self._annex_table(4, unit.company_id, unit.name, self._unit_info(unit, approvals, submitted),
                                      annex_layout.numbered(rows)))
        return tables

    # --- entry points -------------------------------------------------------------------

    @api.model
    @api.private  # takes record sets: not for RPC
    def check_printable(self, annex, records):
        """Refuse, with a clear message, what the user may not print; return the records the tables come from."""
        if not records:
            raise UserError(self.env._("Select what to print first."))
        records = records.browse(dict.fromkeys(records.ids)).exists()  # an id given twice prints once
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
        """(file name, .xlsx bytes) of the annex of the records: one sheet per person or unit. A whole campaign
        starts with a summary sheet of every unit and leaves out the sheets of units with nothing to print."""
        sources = self.check_printable(annex, records)
        tables = getattr(self, f"annex{annex}_tables")(sources)
        if records._name == "integrity.campaign":
            summary = self.with_env(print_env(self.env))._campaign_summary(annex, sources, records.company_id[:1])
            tables = [summary, *(table for table in tables if table.body)]
        if not tables:  # a unit without accepted self-checks yet: a sheet that says so, as the PDF does
            Annex = self.with_env(print_env(self.env))
            tables = [annex_layout.AnnexTable(
                label=Annex._labels(annex)["annex"], title=Annex._table_names()[annex],
                sheet_name=Annex._table_names()[annex], info=[[(Annex.env._("There is nothing to print yet."), "")]],
                widths=[60])]
        return f"{self.file_name(annex, records)}.xlsx", annex_xlsx.write_workbook(tables)

    def _summary_headers(self):
        Risk = self.env["integrity.risk"]
        return [self.env._("Unit"), *(label for _code, label in Risk._fields["level"]._description_selection(self.env)),
                *(label for _code, label in Risk._fields["category"]._description_selection(self.env)),
                self.env._("Total Risk Points"), self.env._("Remarks")]

    def _campaign_summary(self, annex, units, company):
        """Annex 3 or 4 of the whole university: the risk points of every unit by level and category."""
        Risk = self.env["integrity.risk"]
        levels = Risk._fields["level"]._description_selection(self.env)
        categories = Risk._fields["category"]._description_selection(self.env)
        counts = collections.Counter()  # (unit id, level or category): risk points, from one grouped read
        for unit, level, category, count in Risk._read_group(
                [("unit_id", "in", units.ids), ("state", "!=", "retired")], ["unit_id", "level", "category"],
                ["__count"]):
            counts[unit.id, level] += count
            counts[unit.id, category] += count
        keys = [code for code, _label in levels] + [code for code, _label in categories]
        head = [[annex_layout.Cell(label, align="center") for label in self._summary_headers()]]
        body = []
        for unit in units.with_env(self.env):
            figures = [counts.get((unit.id, key), 0) for key in keys]
            total = sum(figures[:len(levels)])
            body.append([annex_layout.Cell(unit.name), *(annex_layout.Cell(n, align="center") for n in figures),
                         annex_layout.Cell(total, align="center"),
                         annex_layout.Cell("" if total else self.env._("no risk points: no sheet"))])
        return annex_layout.AnnexTable(
            label=self._labels(annex)["annex"], sheet_name=self.env._("Summary"),
            title=self.env._("%(company)s %(table)s: Units Overview", company=company.name,
                             table=self._table_names()[annex]),
            info=[[(self.env._("Units:"), str(len(units))), (self.env._("Date:"),
                                                            self._date(fields.Date.context_today(self)))]],
            head=head, body=body, widths=[24, *([8] * len(keys)), 8, 20])

    @api.private  # takes record sets: not for RPC
    def file_name(self, annex, records):
        """附表3-财务处; 附表3-财务处等3个单位; 附表3-全校（100个单位）: the annex and whom it is for."""
        self = self.with_env(print_env(self.env))
        records = records.with_env(self.env)
        records = records.browse(dict.fromkeys(records.ids))
        if records._name == "integrity.campaign":
            name = self.env._("University-wide (%(count)s units)", count=len(records.unit_ids))
        elif len(records) > 1 and records._name == "integrity.self.check":
            name = self.env._("%(name)s and others (%(count)s forms)", name=records[0].display_name,
                              count=len(records))
        elif len(records) > 1:
            name = self.env._("%(name)s and others (%(count)s)", name=records[0].display_name, count=len(records))
        else:
            name = records.display_name
        # a file name: no folder separators or characters that systems refuse (a self-check is "name / post")
        name = FILE_NAME_FORBIDDEN.sub("-", name.replace(" / ", "-"))
        return self.env._("Annex %(number)s - %(name)s", number=annex, name=name)
