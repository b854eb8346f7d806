import datetime
import re
from dataclasses import dataclass, field

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..models import integrity_process as process
from ..report import annex_layout
from .annex_reader import Limits, Problem, column_letter, read_workbook

_lt = LazyTranslate(__name__)

# Defaults of the settings integrity_risk.import_max_*: the university's annex 4 (40,000 measures) fits.
DEFAULT_LIMITS = {"rows": 60000, "mb": 20, "unzipped_mb": 200, "sheets": 500, "cells": 2_000_000,
                  "text_mchars": 30}
QUOTED_LENGTH = 60  # characters of a cell's text that a problem quotes
NAME_SEPARATORS = re.compile(r"[、,，;；]")
HOLDER_FORM_LINE = "integrity.self.check.line"

# The fields above a table that the import reads (report/annex.py writes them), by key.
INFO_LABELS = {"unit": _lt("Unit Name:"), "post": _lt("Post Name:"), "holder": _lt("Post Holder:")}

# What the preview says of each problem the reader or the planner finds, worded in the user's language.
PROBLEM_MESSAGES = {
    "too_big": _lt("the file has %(size)s MB, more than the limit of %(limit)s MB"),
    "encrypted": _lt("the file is password-protected: save it again without a password"),
    "not_xlsx": _lt("the file is named as a spreadsheet but is not one in the accepted formats .xlsx, "
                    ".xls or .ods: open it and save it as .xlsx"),
    "unsupported_format": _lt("files of this type cannot be imported: the accepted formats are "
                              ".xlsx, .xls and .ods"),
    "damaged": _lt("the file is damaged and cannot be read"),
    "too_many_rows": _lt("a sheet has %(rows)s rows, more than the limit of %(limit)s"),
    "too_big_unzipped": _lt("the file unpacks to %(size)s MB, more than the limit of %(limit)s MB"),
    "too_many_sheets": _lt("the file has %(sheets)s sheets, more than the limit of %(limit)s"),
    "too_much_text": _lt("the sheets hold more than %(limit)s million characters of text: keep only "
                         "the tables, or split the file"),
    "too_many_cells": _lt("the sheets span more than %(limit)s cells (used or declared): keep only "
                          "the table, or split the file"),
    "unknown_layout": _lt("the sheet is not in the layout of annex 1, annex 3 or annex 4 as exported"),
    "formula": _lt("the cell holds a formula: paste the values instead"),
    "empty_content": _lt("the risk point content is empty"),
    "bad_level": _lt("the level “%(value)s” is not one of %(levels)s"),
    "unknown_post": _lt("there is no post named “%(value)s”"),
    "no_post": _lt("the post is missing"),
    "unknown_person": _lt("there is no person named “%(value)s”"),
    "ambiguous_person": _lt("several people are named “%(value)s”"),
    "outside_unit": _lt("%(value)s is not a member of %(unit)s"),
    "duplicate": _lt("the same risk point appears in row %(first)s"),
    "duplicate_measure": _lt("the same measure appears in row %(first)s"),
    "filed": _lt("%(unit)s has its %(package)s submitted or filed: change it through an adjustment"),
    "unknown_unit": _lt("there is no unit “%(value)s” in %(campaign)s"),
    "wrong_unit": _lt("this sheet is for %(value)s, not for %(unit)s"),
    "no_rights": _lt("you may not import into %(unit)s"),
    "measure_without_responsible": _lt("the measure has no person responsible"),
    "measure_without_text": _lt("the measure has a person responsible or a deadline but no description"),
    "bad_deadline": _lt("“%(value)s” is not a possible deadline"),
    "early_deadline": _lt("the deadline %(value)s is before the campaign starts (%(start)s)"),
    "orphan_measure": _lt("a measure row comes before any risk point"),
    "unknown_self_check": _lt("the post holder “%(value)s” is not in the scope of %(unit)s"),
    "self_check_closed": _lt("the self-check of %(value)s is submitted or accepted: it cannot change now"),
    "annex_for_campaign": _lt("annex 1 is imported on the unit, not on the whole campaign"),
    "empty_point": _lt("the risk control point is empty"),
}


@dataclass
class Operation:
    """What one row of a file does: create, update or leave a record, or why it cannot."""

    file: str
    sheet: str
    row: int
    model: str = ""
    action: str = "unchanged"  # create, update, unchanged, error
    record: object = None
    values: dict = field(default_factory=dict)
    parent: object = None  # the risk operation a measure row belongs to
    problems: list = field(default_factory=list)
    label: str = ""


class IntegrityImport(models.TransientModel):
    """Load annex tables filled offline (annex 1, 3 and 4 in the export's layout): preview, then all or nothing."""

    _name = "integrity.import"
    _description = "Import Annex Tables from Excel"

    campaign_id = fields.Many2one("integrity.campaign", required=True)
    unit_id = fields.Many2one("integrity.unit", help="Empty when the office imports for the whole campaign.")
    attachment_ids = fields.Many2many("ir.attachment", string="Files", help="Spreadsheets (.xlsx, .xls or .ods) "
                                      "in the layout of the exported annex 1, annex 3 or annex 4.")
    state = fields.Selection([("upload", "Upload"), ("preview", "Preview"), ("done", "Done")], default="upload")
    line_ids = fields.One2many("integrity.import.line", "wizard_id", string="Preview")
    create_count = fields.Integer(string="To Create", readonly=True)
    update_count = fields.Integer(string="To Update", readonly=True)
    unchanged_count = fields.Integer(string="Unchanged", readonly=True)
    error_count = fields.Integer(string="Errors", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        unit = self.env["integrity.unit"].browse(values.get("unit_id"))
        if unit:
            values["campaign_id"] = unit.campaign_id.id
        return values

    # --- limits and words -----------------------------------------------------------------

    def _limits(self):
        # system settings that units may not read themselves
        params = self.env["ir.config_parameter"].sudo()
        value = {key: float(params.get_param(f"integrity_risk.import_max_{key}", default))
                 for key, default in DEFAULT_LIMITS.items()}
        return Limits(max_bytes=int(value["mb"] * 2**20), max_unzipped=int(value["unzipped_mb"] * 2**20),
                      max_sheets=int(value["sheets"]), max_cells=int(value["cells"]), max_rows=int(value["rows"]),
                      max_text=int(value["text_mchars"] * 1_000_000))

    def _message(self, problem):
        """The problem in the user's language: its own message, translated once."""
        message = self.env._(PROBLEM_MESSAGES[problem.code])
        if not problem.params:
            return message
        # a cell's text is quoted in part: a problem is a line of the preview, not a copy of the file
        params = {key: value[:QUOTED_LENGTH] + "…" if isinstance(value, str) and len(value) > QUOTED_LENGTH else value
                  for key, value in problem.params.items()}
        return message % params

    def _lang_envs(self):
        """An environment for each language a file may be written in: English, the user's, Chinese if installed."""
        langs = ["en_US", self.env.lang or "en_US"]
        if self.env["res.lang"]._get_data(code="zh_CN"):
            langs.append("zh_CN")
        return [self.with_context(lang=lang).env for lang in dict.fromkeys(langs)]

    def _layouts(self):
        """The headers of the importable annexes (1, 3, 4), the labels of the fields above them and of the signatures
        under them, in every language. Annex 0 is the summary sheet of a university workbook: read, and left alone."""
        layouts = {0: [], 1: [], 3: [], 4: []}
        info_labels, signatures = set(), set()
        for env in self._lang_envs():
            Annex = self.env["integrity.annex"].with_env(env)
            layouts[0].append(Annex._summary_headers())
            for annex in (1, 3, 4):
                layouts[annex].append(annex_layout.headers(annex, env._))
                signatures |= {label for line in Annex._signatures(annex) for label in line}
            info_labels |= {env._(label) for label in INFO_LABELS.values()}
        return layouts, sorted(info_labels, key=len, reverse=True), tuple(signatures)

    # --- planning: read every file, check every row, write nothing ------------------------

    def _plan(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(self.env._("Upload at least one Excel file."))
        limits = self._limits()
        layouts, info_labels, signatures = self._layouts()
        file_problems, sheets = [], []
        for attachment in self.attachment_ids:
            found, problems = read_workbook(attachment.name, attachment.raw or b"", layouts, info_labels, limits)
            sheets += [sheet for sheet in found if sheet.annex]
            file_problems += problems
        for sheet in sheets:  # the signature lines under a table are not rows of it
            sheet.rows = [row for row in sheet.rows if not all(
                value is None or (isinstance(value, str) and value.startswith(signatures)) for value in row.values)]
        planner = ImportPlanner(self.env, self.campaign_id, self.unit_id, self._lang_envs())
        operations = [Operation(p.file, p.sheet, p.row or 0, action="error", problems=[p]) for p in file_problems]
        for sheet in sheets:
            operations += planner.plan_sheet(sheet)
        return operations

    def _apply(self, operations):
        """Create in batches, model by model (risk points before their measures), then update row by row."""
        for model in ("integrity.risk", "integrity.measure", HOLDER_FORM_LINE):
            ops = [op for op in operations if op.model == model and op.action in ("create", "update")]
            creates = [op for op in ops if op.action == "create"]
            for op in creates:
                if op.parent:
                    op.values["risk_id"] = op.parent.record.id
            # annex 1 lines are the holder's own form, which the record rules leave to the holder: the planner plans
            # them only for a user who fills in the unit's forms for its holders (ImportPlanner.fills_holder_forms)
            Model = self.env[model].sudo() if model == HOLDER_FORM_LINE else self.env[model]
            if creates:
                for op, record in zip(creates, Model.create([op.values for op in creates]), strict=True):
                    op.record = record
            for op in ops:
                if op.action == "update":
                    op.record.with_env(Model.env).write(op.values)

    def _fill_preview(self, operations):
        lines = []
        for op in operations:
            if op.action == "unchanged":
                continue
            if op.problems:
                lines += [{
                    "file": p.file, "sheet": p.sheet, "row": p.row or 0, "column": p.column or "",
                    "action": "error", "message": self._message(p),
                } for p in op.problems]
            else:
                lines.append({"file": op.file, "sheet": op.sheet, "row": op.row, "action": op.action,
                              "message": op.label})
        counts = {action: sum(1 for op in operations if op.action == action)
                  for action in ("create", "update", "unchanged")}
        self.line_ids = [Command.clear()] + [Command.create(line) for line in lines]
        self.write({"create_count": counts["create"], "update_count": counts["update"],
                    "unchanged_count": counts["unchanged"],
                    "error_count": sum(len(op.problems) for op in operations)})

    def _reopen(self):
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id, "view_mode": "form",
                "target": "new", "name": self.env._("Import Annex Tables")}

    def action_preview(self):
        self._fill_preview(self._plan())
        self.state = "preview"
        return self._reopen()

    def action_apply(self):
        """Write everything, or nothing if any row of any file has a problem."""
        operations = self._plan()
        errors = [p for op in operations for p in op.problems]
        if errors:
            self._fill_preview(operations)
            self.state = "preview"
            first = errors[0]
            raise UserError(self.env._(
                "Nothing was imported: %(count)s problems, the first in %(file)s, sheet %(sheet)s, row %(row)s: "
                "%(message)s", count=len(errors), file=first.file, sheet=first.sheet or "-", row=first.row or "-",
                message=self._message(first)))
        self._apply(operations)
        self._fill_preview(operations)
        self.state = "done"
        return self._reopen()


class IntegrityImportLine(models.TransientModel):
    _name = "integrity.import.line"
    _description = "Import Preview Line"
    _order = "id"

    wizard_id = fields.Many2one("integrity.import", required=True, ondelete="cascade")
    file = fields.Char(string="File Name")
    sheet = fields.Char()
    row = fields.Integer()
    column = fields.Char()
    action = fields.Selection([("create", "Create"), ("update", "Update"), ("unchanged", "Unchanged"),
                               ("error", "Error")])
    message = fields.Char()


class ImportPlanner:
    """Checks each row of the annex sheets against the database and says what it would do; writes nothing.

    What the rows are checked against (people, posts, units, existing records, the words of every language a
    file may use) is loaded once, in a few queries whatever the number of rows. Reads with the user's rights,
    but for the campaign's units, so that a sheet of a unit the user may not write is named as such.
    """

    def __init__(self, env, campaign, unit, lang_envs):
        """``unit``: the wizard's unit, or empty when the office imports for the whole ``campaign``;
        ``lang_envs``: an environment for each language a file may be written in."""
        self.env, self.campaign, self.unit = env, campaign, unit
        self.units = unit or campaign.unit_ids
        company = campaign.company_id
        Employee = env["hr.employee"].with_context(active_test=False)
        self.people = {}
        # everything the rows are checked against is read in a few queries, whatever the number of rows
        for employee in Employee.search_fetch([("company_id", "in", [company.id, False])],
                                              ["name", "department_id"]):
            self.people.setdefault(employee.name.strip(), []).append(employee)
        self.posts = {job.name.strip(): job for job in env["hr.job"].search_fetch(
            [("company_id", "in", [company.id, False])], ["name"])}
        Risk = env["integrity.risk"]
        # labels, levels and categories in every language, to what they stand for
        self.labels = {key: [lang_env._(label) for lang_env in lang_envs] for key, label in INFO_LABELS.items()}
        level_field, category_field = Risk._fields["level"], Risk._fields["category"]
        self.levels, self.categories = {}, {}
        for lang_env in lang_envs:
            self.levels |= {label: code for code, label in level_field._description_selection(lang_env)}
            self.categories |= {label: code for code, label in category_field._description_selection(lang_env)}
        # the levels a problem names: in the user's language, though a file may use either
        self.level_names = "/".join(label for _code, label in level_field._description_selection(env))
        self.start = min(campaign.phase_ids.mapped("deadline") or [datetime.date.min])
        risks = Risk.search_fetch([("unit_id", "in", self.units.ids), ("state", "!=", "retired")],
                                  ["unit_id", "job_id", "employee_ids", "name", "level", "category"])
        risks = risks.with_context(active_test=False)
        self.risks = {self._risk_key(r.unit_id, r.job_id, r.employee_ids, r.name): r for r in risks}
        measures = env["integrity.measure"].search_fetch(
            [("risk_id", "in", risks.ids)], ["risk_id", "name", "responsible_id", "deadline"])
        self.measures = {(m.risk_id.id, _text(m.name)): m for m in measures}
        closed = env["integrity.submission"].search([
            ("unit_id", "in", self.units.ids), ("state", "in", process.CLOSED_PACKAGE_STATES),
            ("deliverable", "in", ("identification", "measures"))])
        self.closed = {(s.unit_id, s.deliverable): s for s in closed}
        self.seen = {}
        # every unit of the campaign, beyond the user's rights, with who may write it and who is in it
        self.all_units = env["integrity.unit"].sudo().search([("campaign_id", "=", campaign.id)])
        self.writable_ids = set(self.all_units.with_env(env)._filtered_access("write").ids)
        self.members = {unit.id: set(unit.scope_employee_ids.ids) for unit in self.all_units}

    @staticmethod
    def _risk_key(unit, job, employees, content):
        return unit.id, job.id, frozenset(employees.ids), _text(content)

    def problem(self, sheet, row, column, code, **params):
        return Problem(sheet.file, sheet.name, row.number if row else None,
                       column_letter(column) if column is not None else None, code, params)

    @staticmethod
    def column(sheet):
        """{column key: its index} in the sheet's annex."""
        return {column.key: index for index, column in enumerate(annex_layout.COLUMNS[sheet.annex])}

    def writable(self, unit):
        return unit.id in self.writable_ids

    def fills_holder_forms(self, unit):
        """Whether the user fills in the post holders' forms (annex 1) of ``unit`` for them, from a file: the unit's
        working group or the office (the roles ``UNIT`` and ``OFFICE`` of ``integrity_process``), or the superuser."""
        user = self.env.user
        return self.env.su or user.has_group("integrity_risk.group_office") or user in unit.user_ids

    def info(self, sheet, key):
        """The value of a field above the sheet's table (``INFO_LABELS``), labelled in any language."""
        return next((sheet.info[label] for label in self.labels[key] if sheet.info.get(label)), None)

    def sheet_unit(self, sheet):
        """The unit a sheet belongs to: its 单位名称 field, checked against the wizard's unit."""
        name = self.info(sheet, "unit")
        if self.unit:
            if name and name != self.unit.name:
                return None, self.problem(sheet, None, None, "wrong_unit", value=name, unit=self.unit.name)
            return self.unit, None
        # looked up beyond the user's rights, so that another unit's sheet is refused as not theirs
        unit = self.all_units.filtered(lambda u: u.name == name)[:1].with_env(self.env)
        if not unit:
            return None, self.problem(sheet, None, None, "unknown_unit", value=name or "-",
                                      campaign=self.campaign.name)
        return unit, None

    def person(self, sheet, row, column, name, unit):
        people = self.people.get(name)
        if not people:
            return None, self.problem(sheet, row, column, "unknown_person", value=name)
        members = [p for p in people
                   if p.department_id == unit.department_id or p.id in self.members.get(unit.id, ())]
        if not members:
            return None, self.problem(sheet, row, column, "outside_unit", value=name, unit=unit.name)
        if len(members) > 1:
            return None, self.problem(sheet, row, column, "ambiguous_person", value=name)
        return members[0], None

    def plan_sheet(self, sheet):
        if sheet.annex == 1:
            return self.plan_annex1(sheet)
        unit, problem = self.sheet_unit(sheet)
        if problem:
            return [Operation(sheet.file, sheet.name, 0, action="error", problems=[problem])]
        if not self.writable(unit):
            return [Operation(sheet.file, sheet.name, 0, action="error",
                              problems=[self.problem(sheet, None, None, "no_rights", unit=unit.name)])]
        operations, current = [], None
        risk_keys = [column.key for column in annex_layout.COLUMNS[sheet.annex]
                     if not column.per_measure and column.key != "remark"]
        for row in sheet.rows:
            cells = annex_layout.read_row(sheet.annex, row.values)
            is_measure_only = sheet.annex == 4 and not any(cells[key] for key in risk_keys)
            if is_measure_only:
                if current is None:
                    operations.append(Operation(sheet.file, sheet.name, row.number, action="error",
                                                problems=[self.problem(sheet, row, None, "orphan_measure")]))
                    continue
            else:
                current = self.plan_risk(sheet, row, cells, unit)
                operations.append(current)
            if sheet.annex == 4:
                measure = self.plan_measure(sheet, row, cells, unit, current)
                if measure:
                    operations.append(measure)
        return operations

    def plan_risk(self, sheet, row, cells, unit):
        column = self.column(sheet)
        op = Operation(sheet.file, sheet.name, row.number, model="integrity.risk")
        content, level_label = cells["content"], cells["level"]
        post_people, remark = cells["post_people"], cells["remark"]
        if not content:
            op.problems.append(self.problem(sheet, row, column["content"], "empty_content"))
        level = self.levels.get(str(level_label)) if level_label is not None else None
        if not level:
            op.problems.append(self.problem(sheet, row, column["level"], "bad_level", value=level_label or "",
                                            levels=self.level_names))
        job, employees = None, self.env["hr.employee"]
        if not post_people:
            op.problems.append(self.problem(sheet, row, column["post_people"], "no_post"))
        else:
            post_name, _sep, people_text = str(post_people).replace("：", ":").partition(":")
            job = self.posts.get(post_name.strip())
            if not job:
                op.problems.append(self.problem(sheet, row, column["post_people"], "unknown_post",
                                                value=post_name.strip()))
            for name in filter(None, (n.strip() for n in NAME_SEPARATORS.split(people_text))):
                person, problem = self.person(sheet, row, column["post_people"], name, unit)
                if problem:
                    op.problems.append(problem)
                else:
                    employees |= person
        if op.problems:
            op.action = "error"
            return op
        key = self._risk_key(unit, job, employees, content)
        if key in self.seen:
            op.problems.append(self.problem(sheet, row, column["content"], "duplicate", first=self.seen[key]))
            op.action = "error"
            return op
        self.seen[key] = row.number
        category = self.categories.get(str(remark)) if remark else None
        existing = self.risks.get(key)
        op.label = _text(content)[:60]
        if existing:
            op.record = existing.with_env(self.env)
            changes = {"level": level} if existing.level != level else {}
            if category and existing.category != category:
                changes["category"] = category
            op.values, op.action = changes, ("update" if changes else "unchanged")
        else:
            op.values = {"unit_id": unit.id, "job_id": job.id, "employee_ids": [Command.set(employees.ids)],
                         "name": content, "level": level, "source": "unit_discussion"}
            if category:
                op.values["category"] = category
            op.action = "create"
        package = self.closed.get((unit, "identification")) or self.closed.get((unit, "measures"))
        if op.action != "unchanged" and package:
            op.problems.append(self.problem(sheet, row, None, "filed", unit=unit.name, package=package.display_name))
            op.action = "error"
        return op

    def plan_measure(self, sheet, row, cells, unit, risk_op):
        column = self.column(sheet)
        text, responsible, deadline = cells["measure"], cells["responsible"], cells["deadline"]
        if not (text or responsible or deadline):
            return None
        op = Operation(sheet.file, sheet.name, row.number, model="integrity.measure", parent=risk_op)
        if not text:
            op.problems.append(self.problem(sheet, row, column["measure"], "measure_without_text"))
        person = None
        if not responsible:
            op.problems.append(self.problem(sheet, row, column["responsible"], "measure_without_responsible"))
        else:
            person, problem = self.person(sheet, row, column["responsible"], str(responsible), unit)
            if problem:
                op.problems.append(problem)
        day = deadline if isinstance(deadline, datetime.date) else None  # read_row made every readable date one
        if day is None:
            op.problems.append(self.problem(sheet, row, column["deadline"], "bad_deadline", value=deadline or ""))
        elif day < self.start:
            op.problems.append(self.problem(sheet, row, column["deadline"], "early_deadline", value=day,
                                            start=self.start))
        if op.problems or risk_op.action == "error":
            op.action = "error"
            return op
        key = (risk_op.record.id if risk_op.record else ("new", risk_op.row), _text(text))
        if key in self.seen:
            op.problems.append(self.problem(sheet, row, column["measure"], "duplicate_measure", first=self.seen[key]))
            op.action = "error"
            return op
        self.seen[key] = row.number
        existing = self.measures.get(key) if risk_op.record else None
        op.label = _text(text)[:60]
        if existing:
            op.record = existing.with_env(self.env)
            changes = {}
            if existing.responsible_id != person:
                changes["responsible_id"] = person.id
            if existing.deadline != day:
                changes["deadline"] = day
            op.values, op.action = changes, ("update" if changes else "unchanged")
        else:
            op.values = {"name": text, "responsible_id": person.id, "deadline": day}
            op.action = "create"
        if op.action != "unchanged" and (unit, "measures") in self.closed:
            op.problems.append(self.problem(sheet, row, None, "filed", unit=unit.name,
                                            package=self.closed[(unit, "measures")].display_name))
            op.action = "error"
        return op

    def plan_annex1(self, sheet):
        unit = self.unit
        if not unit:
            return [Operation(sheet.file, sheet.name, 0, action="error",
                              problems=[self.problem(sheet, None, None, "annex_for_campaign")])]
        if not self.writable(unit) or not self.fills_holder_forms(unit):
            return [Operation(sheet.file, sheet.name, 0, action="error",
                              problems=[self.problem(sheet, None, None, "no_rights", unit=unit.name)])]
        holder_name = self.info(sheet, "holder") or ""
        post_name = self.info(sheet, "post") or ""
        checks = self.env["integrity.self.check"].search([
            ("unit_id", "=", unit.id), ("employee_id.name", "=", holder_name), ("job_id.name", "=", post_name)])
        if len(checks) != 1:
            return [Operation(sheet.file, sheet.name, 0, action="error", problems=[
                self.problem(sheet, None, None, "unknown_self_check", value=holder_name, unit=unit.name)])]
        lines = {(_text(line.duty), _text(line.name)): line for line in checks.line_ids}
        operations = []
        column = self.column(sheet)
        for row in sheet.rows:
            cells = annex_layout.read_row(1, row.values)
            duty, point, level_label = cells["duty"], cells["point"], cells["level"]
            op = Operation(sheet.file, sheet.name, row.number, model=HOLDER_FORM_LINE)
            if not point:
                op.problems.append(self.problem(sheet, row, column["point"], "empty_point"))
            level = self.levels.get(str(level_label)) if level_label is not None else None
            if not level:
                op.problems.append(self.problem(sheet, row, column["level"], "bad_level", value=level_label or "",
                                                levels=self.level_names))
            key = ("annex1", checks.id, _text(duty), _text(point))
            if not op.problems and key in self.seen:
                op.problems.append(self.problem(sheet, row, column["point"], "duplicate", first=self.seen[key]))
            if op.problems:
                op.action = "error"
                operations.append(op)
                continue
            self.seen[key] = row.number
            existing = lines.get((_text(duty), _text(point)))
            op.label = _text(point)[:60]
            if existing:
                op.record = existing
                op.values = {"level": level} if existing.level != level else {}
                op.action = "update" if op.values else "unchanged"
            else:
                op.values = {"self_check_id": checks.id, "duty": duty, "name": point, "level": level}
                op.action = "create"
            if op.action != "unchanged" and checks.state not in ("draft", "returned"):
                op.problems.append(self.problem(sheet, row, None, "self_check_closed", value=holder_name))
                op.action = "error"
            operations.append(op)
        return operations


def _text(value):
    return " ".join(str(value or "").split())
