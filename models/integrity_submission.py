from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_list
from odoo.tools.safe_eval import safe_eval, time

from ..report.print_language import print_env
from . import integrity_process as process
from .integrity_measure import PROPOSAL_STATES
from .integrity_process import (
    DELIVERABLE_OF_PHASE,
    DELIVERABLES,
    PACKAGE_FILES,
    PHASE_OF_DELIVERABLE,
    PUBLICISED,
    SUPERVISED,
)

REVIEW_ACTIVITY = "integrity_risk.mail_activity_type_submission_review"
APPROVAL_ACTIVITY = "integrity_risk.mail_activity_type_submission_approval"
TAMPER_ACTIVITY = "integrity_risk.mail_activity_type_tamper"
FIX_ACTIVITY = "integrity_risk.mail_activity_type_submission_fix"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IntegritySubmission(models.Model):
    """A unit's package for one deliverable: publicity, submission rounds, and filing by the office."""

    _name = "integrity.submission"
    _description = "Submission to the Office"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.process.mixin"]
    _order = "campaign_id desc, unit_id, deliverable_sequence, id"
    _check_company_auto = True
    _mail_post_access = "read"

    unit_id = fields.Many2one("integrity.unit", required=True, index=True, check_company=True, readonly=True)
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    deliverable = fields.Selection(DELIVERABLES, required=True, readonly=True)
    deliverable_sequence = fields.Integer(compute="_compute_deliverable_sequence", store=True)
    phase = fields.Selection(related="unit_id.current_phase", string="Unit's Phase")
    deadline = fields.Date(compute="_compute_deadline")
    state = fields.Selection(
        [("draft", "Preparing"), ("publicity", "In Publicity"), ("submitted", "Submitted"),
         ("approved", "Approved by the Supervising Leader"), ("returned", "Returned"), ("filed", "Filed")],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    needs_publicity = fields.Boolean(compute="_compute_needs_publicity")
    needs_approval = fields.Boolean(compute="_compute_needs_publicity",
                                    help="Annex 2/3 and annex 4 go to the supervising university leader before the "
                                    "office.")
    supervisor_id = fields.Many2one(related="unit_id.supervisor_id", string="Supervising University Leader")
    supervisor_user_id = fields.Many2one(related="unit_id.supervisor_id.user_id", store=True, index=True,
                                         string="Supervising Leader's User")
    publicity_start = fields.Date(tracking=True)
    publicity_end = fields.Date(tracking=True)
    publicity_place = fields.Char(string="Published At", tracking=True,
                                  help="Where the tables were published inside the unit.")
    publicity_document_ids = fields.Many2many(
        "ir.attachment", "integrity_submission_publicity_rel", "submission_id", "attachment_id",
        string="Publicity Documents", help="Proof of the publicity: photos of the notice, the notice itself.",
    )
    publicity_snapshot_ids = fields.Many2many(
        "ir.attachment", "integrity_submission_snapshot_rel", "submission_id", "attachment_id",
        string="Tables as Published", readonly=True, copy=False,
        help="The tables rendered when the publicity started; they never change.",
    )
    notice_sent_count = fields.Integer(
        string="Notice Mailed To", readonly=True, copy=False,
        help="How many of the department's staff got the publicity notice by e-mail.")
    objection_ids = fields.One2many("integrity.objection", "submission_id", string="Objections and Remarks")
    open_objection_count = fields.Integer(compute="_compute_open_objection_count")
    summary = fields.Html(string="Report Text", help="The written summary report of the unit (phase 4).")
    summary_data = fields.Json(readonly=True, copy=False,
                               help="The figures as they were when the report was submitted.")
    summary_figures = fields.Html(
        string="Figures", compute="_compute_summary_figures", sanitize=False,
        help="Counted from the unit's records; kept as they were when the report was submitted.")
    document_ids = fields.Many2many(
        "ir.attachment", "integrity_submission_document_rel", "submission_id", "attachment_id",
        string="Attachments", help="Documents that go with the package, frozen with it when submitted.",
    )
    round_ids = fields.One2many("integrity.submission.round", "submission_id", string="Rounds")
    round_count = fields.Integer(compute="_compute_round_count")
    risk_ids = fields.Many2many(
        "integrity.risk", "integrity_submission_risk_rel", "submission_id", "risk_id",
        string="Covered Risk Points", readonly=True, copy=False,
    )
    measure_ids = fields.Many2many(
        "integrity.measure", "integrity_submission_measure_rel", "submission_id", "measure_id",
        string="Covered Measures", readonly=True, copy=False,
    )
    filed_date = fields.Date(readonly=True, copy=False, tracking=True)
    can_start_publicity = fields.Boolean(compute="_compute_can")
    can_submit = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_reject = fields.Boolean(compute="_compute_can")
    can_file = fields.Boolean(compute="_compute_can")
    can_return = fields.Boolean(compute="_compute_can")
    can_verify_files = fields.Boolean(compute="_compute_can")
    can_object = fields.Boolean(compute="_compute_can", help="The user may leave an objection during the publicity.")
    can_record_objection = fields.Boolean(
        compute="_compute_can", help="The user records objections received on paper, by phone or in person.")

    _sql_constraints = [
        ("deliverable_unique", "unique(unit_id, deliverable)", "A unit has one submission per deliverable."),
    ]

    @api.depends("deliverable")
    def _compute_deliverable_sequence(self):
        order = [code for code, _label in DELIVERABLES]
        for submission in self:
            submission.deliverable_sequence = order.index(submission.deliverable) if submission.deliverable else 0

    @api.depends("deliverable")
    def _compute_needs_publicity(self):
        for submission in self:
            submission.needs_publicity = submission.deliverable in PUBLICISED
            submission.needs_approval = submission.deliverable in SUPERVISED

    @api.depends("deliverable", "campaign_id.phase_ids.deadline")
    def _compute_deadline(self):
        for submission in self:
            phase = PHASE_OF_DELIVERABLE.get(submission.deliverable)
            deadlines = submission.campaign_id.phase_ids.filtered(lambda p, code=phase: p.code == code)
            submission.deadline = deadlines[:1].deadline

    @api.depends("state", "deliverable", "unit_id", "round_ids")
    @api.depends_context("uid")
    def _compute_can(self):
        roles = self._set_can("start_publicity", "submit", "approve", "reject", "file", "return", "verify_files")
        for submission in self:
            submission.can_record_objection = submission.state == "publicity" and bool(
                roles[submission] & {process.UNIT, process.OFFICE})
            submission.can_start_publicity = submission.can_start_publicity and submission.needs_publicity
            submission.can_submit = submission.can_submit and (
                submission.state != "draft" or not submission.needs_publicity)
            submission.can_verify_files = submission.can_verify_files and bool(submission.round_ids)
            # only annex 2/3 and annex 4 pass the supervising leader; the other packages go to the office directly
            submission.can_approve = submission.can_approve and submission.needs_approval
            submission.can_reject = submission.can_reject and submission.needs_approval
            # the office files what the supervising leader approved (or what needs no approval)
            submission.can_file = submission.can_file and (
                submission.state == "approved" or not submission.needs_approval)
            # the unit's people, its working group and the office object while the tables are public
            unit = submission.sudo().unit_id
            submission.can_object = submission.state == "publicity" and (
                self.env.user in unit.user_ids | unit.scope_employee_ids.user_id
                or self.env.user.has_group("integrity_risk.group_office"))

    @api.depends("summary_data", "deliverable", "unit_id")
    @api.depends_context("lang")
    def _compute_summary_figures(self):
        """The figures rendered from data (escaped by QWeb): never markup a user wrote."""
        for submission in self:
            if submission.deliverable != "summary" or not submission.unit_id:
                submission.summary_figures = False
                continue
            figures = submission.summary_data or submission.unit_id._summary_figures()
            submission.summary_figures = self.env["ir.qweb"]._render("integrity_risk.summary_figures", {
                "figures": figures, "labels": _summary_labels(self.env)})

    @api.depends("objection_ids.state")
    def _compute_open_objection_count(self):
        for submission in self:
            submission.open_objection_count = len(submission.objection_ids.filtered(lambda o: o.state == "open"))

    def _compute_round_count(self):
        counts = dict(self.env["integrity.submission.round"]._read_group(
            [("submission_id", "in", self.ids)], ["submission_id"], ["__count"]))
        for submission in self:
            submission.round_count = counts.get(submission, 0)

    @api.depends("unit_id", "deliverable")
    def _compute_display_name(self):
        labels = dict(self._fields["deliverable"]._description_selection(self.env))
        for submission in self:
            submission.display_name = f"{submission.unit_id.name} - {labels.get(submission.deliverable, '')}"

    @api.ondelete(at_uninstall=False)
    def _unlink_never_submitted(self):
        if any(submission.round_ids for submission in self):
            raise UserError(self.env._(
                "A package that has been submitted is never deleted; the office may archive it."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self._by_process():
            # a package of a unit one does not work on is refused before the database says whether it exists
            units = self.env["integrity.unit"].browse({vals.get("unit_id") for vals in vals_list} - {None, False})
            if not units.has_access("write"):
                raise AccessError(self.env._(
                    "Only a unit's working group and the office prepare its packages: open your unit and use its "
                    "“Package for the Office” button."))
        return super().create(vals_list)

    @api.model
    def _of_units(self, units, deliverable):
        """The units' packages for the deliverable, archived ones included (a unit has one per deliverable)."""
        return self.with_context(active_test=False).search(
            [("unit_id", "in", units.ids), ("deliverable", "=", deliverable)]).with_env(self.env)

    def write(self, vals):
        if "active" in vals and not self._by_process() and not self.env.user.has_group("integrity_risk.group_office"):
            raise AccessError(self.env._("Only the office archives submissions."))
        return super().write(vals)

    # --- what a package holds ---------------------------------------------------------

    def _covered_risks(self):
        self.ensure_one()
        if self.deliverable in ("identification", "measures"):
            return self.unit_id.risk_ids.filtered(lambda r: r.state != "retired")
        return self.env["integrity.risk"]

    def _package_problems(self):
        """What keeps the package from publicity or submission, in the user's language."""
        self.ensure_one()
        problems = []
        unit = self.unit_id
        if self.deliverable in SUPERVISED:
            if not unit.supervisor_id:
                problems.append(self.env._("the unit has no supervising university leader: the office names one"))
            elif not unit.supervisor_id.user_id:
                problems.append(self.env._("the supervising university leader %(person)s has no user account to "
                                           "approve it", person=unit.supervisor_id.name))
        if self.deliverable == "working_group":
            if not unit.leader_id or not unit.liaison_id:
                problems.append(self.env._("the working group needs a leader and a liaison"))
        elif self.deliverable == "identification":
            if not unit.review_done:
                problems.append(self.env._("the unit review is not complete"))
            if not self._covered_risks():
                problems.append(self.env._("the unit has no risk point"))
        elif self.deliverable == "measures":
            risks = self._covered_risks()
            if not risks:
                problems.append(self.env._("the unit has no risk point"))
            levels = self.campaign_id._levels_needing_measures()
            level_labels = dict(risks._fields["level"]._description_selection(self.env))
            # high risks first: the plan asks that they stand out
            for risk in risks.filtered(lambda r: r.level in levels).sorted(lambda r: -r.level_rank):
                if not risk.measure_ids.filtered(lambda m: m.state not in PROPOSAL_STATES):
                    problems.append(self.env._("the %(level)s risk “%(risk)s” has no accepted control measure",
                                               level=level_labels[risk.level], risk=risk.display_name))
            waiting = risks.measure_ids.filtered(lambda m: m.state in PROPOSAL_STATES)
            if waiting:
                problems.append(self.env._("%(count)s measures proposed by post holders wait for the working "
                                           "group's decision", count=len(waiting)))
        elif self.deliverable == "summary":
            if not self.summary and not self.document_ids:
                problems.append(self.env._("the report has no text and no attachment"))
        return problems

    def _render_files(self):
        """The package's files as (name, bytes, mimetype, kind), one per report of the deliverable: PDF (HTML
        without wkhtmltopdf) or XLSX."""
        self.ensure_one()
        # the package prints the whole unit as the process sees it, not as far as the submitter reads
        Report = self.env["ir.actions.report"].sudo()
        can_pdf = Report.get_wkhtmltopdf_state() == "ok"
        files = []
        for kind, xmlid in PACKAGE_FILES[self.deliverable].items():
            report = self.env.ref(f"integrity_risk.{xmlid}").sudo()
            record = self if report.model == self._name else self.unit_id
            name = (safe_eval(report.print_report_name, {"object": record, "time": time})
                    if report.print_report_name else record.display_name)
            if report.report_type == "xlsx":
                content, _format = Report._render_xlsx(report.report_name, record.ids, None)
                files.append((f"{name}.xlsx", content, XLSX_MIMETYPE, kind))
            elif can_pdf:
                content, _format = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                    report.report_name, record.ids)
                files.append((f"{name}.pdf", content, "application/pdf", kind))
            else:
                content, _format = Report._render_qweb_html(report.report_name, record.ids)
                files.append((f"{name}.html", content, "text/html", kind))
        return files

    # --- workflow ---------------------------------------------------------------------

    def _publicity_problems(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        if not self.needs_publicity:
            return [self.env._("this package is not publicised")]
        if not (self.publicity_start and self.publicity_end and self.publicity_place):
            return [self.env._("give the publicity's start and end dates and where it is published")]
        problems = []
        if self.publicity_end < self.publicity_start:
            problems.append(self.env._("the publicity cannot end before it starts"))
        if self.publicity_end < today:
            problems.append(self.env._("the publicity period is already over: choose dates from today on"))
        return problems + self._package_problems()

    def action_start_publicity(self):
        self._check_step("start_publicity")
        for submission in self:
            snapshot = submission._attach(submission._render_files())
            submission._as_process().write({"publicity_snapshot_ids": [Command.set(snapshot.ids)]})
        self._take_step("start_publicity")
        for submission in self:
            submission._send_publicity_notice()

    # --- the publicity notice (公示通知) -----------------------------------------------------

    def _official_date(self, day):
        return self.env["integrity.annex"]._date(day)

    def _publicised_tables(self):
        self.ensure_one()
        tables = {"identification": self.env._("annex 1 (personal post self-checks), annex 2 (unit post check and "
                                               "grading form) and annex 3 (summary of risk points and levels)"),
                  "measures": self.env._("annex 4 (register of risk points and control measures)")}
        return tables.get(self.deliverable, self.display_name)

    def _notice_counts(self):
        self.ensure_one()
        risks = self._covered_risks()
        labels = dict(risks._fields["level"]._description_selection(self.env))
        counts = {level: len(risks.filtered(lambda r, lv=level: r.level == lv)) for level in ("high", "medium", "low")}
        return self.env._("%(total)s in all (%(high_label)s %(high)s, %(medium_label)s %(medium)s, %(low_label)s "
                          "%(low)s)", total=len(risks), high_label=labels["high"], high=counts["high"],
                          medium_label=labels["medium"], medium=counts["medium"], low_label=labels["low"],
                          low=counts["low"])

    def _notice_filename(self):
        return self.env._("Publicity Notice - %(package)s", package=self.display_name)

    def _send_publicity_notice(self):
        """Render the notice, keep it with the package, and mail it to every employee of the department with a
        work e-mail, in scope or not: the whole unit is told (公示)."""
        self.ensure_one()
        Report = self.env["ir.actions.report"].sudo()  # the notice is the package's, whoever starts the publicity
        annex_env = print_env(self.env)
        package = self.with_env(annex_env).sudo()
        name = package._notice_filename()
        if Report.get_wkhtmltopdf_state() == "ok":
            content, _format = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                "integrity_risk.report_publicity_notice", self.ids)
            files = [(f"{name}.pdf", content, "application/pdf", "notice")]
        else:
            content, _format = Report._render_qweb_html("integrity_risk.report_publicity_notice", self.ids)
            files = [(f"{name}.html", content, "text/html", "notice")]
        notice = self._attach(files)
        self._as_process().write({"publicity_snapshot_ids": [Command.link(notice.id)]})
        # who works in the department is no secret to its working group; the addresses are HR's
        staff = self.env["hr.employee"].sudo().search([
            ("department_id", "=", self.unit_id.department_id.id), ("work_email", "!=", False)])
        # names and places are the users' text: escaped into the mail's markup
        body = Markup(annex_env._(
            "<p>%(unit)s publicises %(tables)s from %(start)s to %(end)s at %(place)s. The notice is attached: "
            "objections and remarks may be given to the liaison %(liaison)s, anonymously if you wish.</p>")) % {
            "unit": self.unit_id.name, "tables": package._publicised_tables(),
            "start": package._official_date(self.publicity_start), "end": package._official_date(self.publicity_end),
            "place": self.publicity_place, "liaison": self.unit_id.liaison_id.name or "-"}
        sender = self.company_id.email_formatted or self.env.user.email_formatted or False
        # the notice goes to the whole department, whose addresses the working group does not read
        self.env["mail.mail"].sudo().create([{
            "subject": name, "body_html": body, "email_to": employee.work_email, "email_from": sender,
            "model": self._name, "res_id": self.id, "attachment_ids": [Command.link(notice.id)],
            "auto_delete": False,
        } for employee in staff])
        self._as_process().notice_sent_count = len(staff)
        self._log_step(self.env._("Publicity notice mailed to %(count)s staff of %(unit)s.", count=len(staff),
                                  unit=self.unit_id.name))

    def _attach(self, files):
        # the rendered tables belong to the package, not to the user who started the step
        return self.env["ir.attachment"].sudo().create([{
            "name": name, "raw": content, "mimetype": mimetype,
            "res_model": self._name, "res_id": self.id,
        } for name, content, mimetype, _kind in files])

    @api.model
    def _overdue_phases(self, today, units=None, submissions=None):
        """{unit: [phase codes]} of units of running campaigns past a deadline without the deliverable filed.

        ``units`` (all units of running campaigns when None) and their ``submissions`` may be given by
        a caller that has them already.
        """
        domain = [("campaign_id.state", "=", "running"), ("deadline", "<", today)]
        if units is not None:
            domain.append(("campaign_id", "in", units.campaign_id.ids))
        phases = self.env["integrity.campaign.phase"].search_fetch(domain, ["campaign_id", "code"])
        if not phases:
            return {}
        past_by_campaign = {}
        for phase in phases:
            past_by_campaign.setdefault(phase.campaign_id.id, []).append(phase.code)
        # whether a unit is late is a fact about every unit, whoever asks; the answer only flags units
        if units is None:
            units = self.env["integrity.unit"].sudo().search_fetch(
                [("campaign_id", "in", list(past_by_campaign))], ["campaign_id"])
        if submissions is None:
            submissions = self.sudo().search_fetch(
                [("unit_id", "in", units.ids), ("state", "=", "filed")], ["unit_id", "deliverable", "state"])
        filed = {(s.unit_id.id, s.deliverable) for s in submissions if s.state == "filed"}
        overdue = {}
        for unit in units:
            late = [code for code in past_by_campaign.get(unit.campaign_id.id, [])
                    if (unit.id, DELIVERABLE_OF_PHASE[code]) not in filed]
            if late:
                overdue[unit.with_env(self.env)] = late
        return overdue

    @api.model
    def _delivery_problems(self, unit, deliverable):
        """What keeps ``unit`` from submitting ``deliverable``, in the user's language: the problems of its package,
        or of the package as it would be created when there is none yet; none once it is submitted or filed."""
        package = unit.submission_ids.filtered(lambda s: s.deliverable == deliverable)
        if package.state in process.CLOSED_PACKAGE_STATES:
            return []
        return (package or self.new({"unit_id": unit.id, "deliverable": deliverable}))._submission_problems()

    def _submission_problems(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        problems = self._package_problems()
        if self.needs_publicity and self.state == "draft":
            problems.append(self.env._("the package must be publicised in the unit first"))
        if self.state == "publicity":
            if self.publicity_end and today <= self.publicity_end:
                problems.append(self.env._("the publicity period runs until %(end)s", end=self.publicity_end))
            if self.open_objection_count:
                problems.append(self.env._("%(count)s objections or remarks are not handled yet",
                                  count=self.open_objection_count))
        return problems

    def action_submit(self):
        """Submit (or resubmit) the package: files rendered, hashed and attached; covered records lock."""
        self._check_step("submit")
        # rounds are written by no user: the process keeps them
        Round = self.env["integrity.submission.round"].sudo()
        for submission in self:
            if submission.deliverable == "summary":
                submission._as_process().summary_data = submission.unit_id._summary_figures()
            round_ = Round.create({
                "submission_id": submission.id,
                "number": len(submission.round_ids) + 1,
                "submitted_by_id": self.env.uid,
                "submitted_on": fields.Datetime.now(),
            })
            files = submission._render_files()
            # documents as the user reads them: a document the user may not read cannot enter the package
            files += [(doc.name, doc.raw, doc.mimetype, "document") for doc in submission.document_ids]
            round_._store_files(files)
            risks = submission._covered_risks()
            measures = risks.measure_ids if submission.deliverable == "measures" else risks.measure_ids.browse()
            submission._take_step("submit", {"risk_ids": [Command.set(risks.ids)],
                                             "measure_ids": [Command.set(measures.ids)]})
            submission._close_activities([FIX_ACTIVITY])
            if submission.needs_approval:
                submission._schedule_activity(
                    APPROVAL_ACTIVITY, submission.unit_id.supervisor_id.user_id,
                    note=self.env._("Approve %(package)s as supervising university leader.",
                                    package=submission.display_name))
            else:
                submission._notify_office()

    def _office_users(self):
        self.ensure_one()
        return self.campaign_id._office_users()

    def _notify_office(self):
        self.ensure_one()
        for user in self._office_users()[:1] or self.env.user:
            self._schedule_activity(
                REVIEW_ACTIVITY, user, date_deadline=fields.Date.context_today(self),
                note=self.env._("Review and file %(package)s.", package=self.display_name))

    def _approval_problems(self):
        self.ensure_one()
        if not self.needs_approval:
            return [self.env._("this package goes to the office directly")]
        if not self.round_ids:
            return [self.env._("the package has no submitted round")]
        return []

    def action_approve(self, comment=None):
        """分管校领导审核: the supervising university leader approves the package; the office files it next."""
        self._check_step("approve")
        for submission in self:
            submission.round_ids[:1].sudo().write({  # rounds are written by the process only
                "approved_by_id": self.env.uid, "approved_on": fields.Datetime.now(),
                "approval_comment": (comment or "").strip() or False})
        self._take_step("approve")
        self._close_activities([APPROVAL_ACTIVITY])
        if (comment or "").strip():
            note = self.env._("Approved by the supervising university leader %(person)s: %(comment)s",
                              person=self.env.user.name, comment=comment)
        else:
            note = self.env._("Approved by the supervising university leader %(person)s", person=self.env.user.name)
        self._log_step(note)
        for submission in self:
            submission._notify_office()

    def action_reject(self, comment=None):
        """The supervising university leader sends the package back to the working group with a comment."""
        if not (comment or "").strip():
            raise UserError(self.env._("Write what the working group has to fix."))
        self._check_step("reject")
        for submission in self:
            submission.round_ids[:1]._decide("returned", comment)
        self._take_step("reject")
        self._close_activities([APPROVAL_ACTIVITY], feedback=comment)
        self._log_step(self.env._("Returned by the supervising university leader: %(comment)s", comment=comment))
        for submission in self:
            submission._ask_unit_to_fix(comment)

    def _ask_unit_to_fix(self, comment):
        self.ensure_one()
        user = self.unit_id.liaison_id.user_id or self.unit_id.leader_id.user_id
        if user:
            self._schedule_activity(FIX_ACTIVITY, user, note=comment)

    def _filing_problems(self):
        """A package is filed only as it was submitted: its last round holds every file, each unchanged."""
        self.ensure_one()
        round_ = self.round_ids[:1]
        if not round_:
            return [self.env._("the package has no submitted round")]
        if self.needs_approval and self.state != "approved":
            return [self.env._("the supervising university leader has not approved it yet")]
        files = round_.file_ids
        files._verify()
        problems = [self.env._("the file “%(file)s” no longer matches its checksum", file=file.name)
                    for file in files if not file.intact]
        present = set(files.mapped("kind"))
        labels = dict(files._fields["kind"]._description_selection(self.env))
        expected = PACKAGE_FILES[self.deliverable]
        if "workbook" in present:  # submitted before each annex had an Excel file: one workbook held them all
            expected = [kind for kind in expected if not kind.endswith("_xlsx")]
        problems += [self.env._("the round lacks its %(file)s", file=labels[kind])
                     for kind in expected if kind not in present]
        return problems

    def _report_tampering(self, files):
        """Tell the office that frozen files of this package no longer match their checksum."""
        self.ensure_one()
        note = self.env._(
            "Tamper check: %(files)s of %(package)s no longer match the SHA-256 stored when they were submitted.",
            files=format_list(self.env, files.mapped("name")), package=self.display_name)
        # a note on the package and an activity for the office, whoever ran the check (the daily job)
        self.sudo().message_post(body=note, subtype_xmlid="mail.mt_note")
        for user in self._office_users():
            self._schedule_activity(TAMPER_ACTIVITY, user, note=note)

    def action_file(self, comment=None):
        """备案: the office accepts the package with a comment; the unit's deliverable for the phase is done."""
        if not (comment or "").strip():
            raise UserError(self.env._("Write the office's comment on filing the package."))
        self._check_step("file")
        for submission in self:
            submission.round_ids[:1]._decide("filed", comment)
        # filing confirms the risk points it covers (those added after the unit review included)
        self.risk_ids.filtered(lambda r: r.state == "draft")._as_process()._take_step("confirm")
        self._take_step("file", {"filed_date": fields.Date.context_today(self)})
        self._close_activities([REVIEW_ACTIVITY])
        self._log_step(self.env._("Filed by the office: %(comment)s", comment=comment))
        for submission in self:
            submission.unit_id._deliverable_filed(submission.deliverable)

    def action_return(self, comment=None):
        """退回: the office sends the package back to the working group with its comments."""
        if not (comment or "").strip():
            raise UserError(self.env._("Write what the working group has to fix."))
        self._check_step("return")
        for submission in self:
            submission.round_ids[:1]._decide("returned", comment)
        self._take_step("return")
        self._close_activities([REVIEW_ACTIVITY], feedback=comment)
        self._log_step(self.env._("Returned by the office: %(comment)s", comment=comment))
        for submission in self:
            submission._ask_unit_to_fix(comment)

    def action_open_decision_wizard(self):
        """File or return: the office confirms its decision with a comment."""
        self.ensure_one()
        decisions = ("file", "return", "approve", "reject")
        decision = self.env.context.get("decision") if self.env.context.get("decision") in decisions else "return"
        self._check_step(decision)
        titles = {"file": self.env._("File the Package"), "return": self.env._("Return to the Working Group"),
                  "approve": self.env._("Approve as Supervising University Leader"),
                  "reject": self.env._("Return to the Working Group")}
        return {
            "type": "ir.actions.act_window",
            "name": titles[decision],
            "res_model": "integrity.submission.decision",
            "view_mode": "form",
            "target": "new",
            "context": {"default_submission_id": self.id, "default_decision": decision},
        }

    def action_verify_files(self):
        """Re-hash the package's frozen files now; a mismatch is reported to the office."""
        self._check_step("verify_files")
        files = self.round_ids.file_ids
        broken = files._verify()
        if broken:
            message = self.env._("%(count)s of %(total)s files no longer match their checksum: %(files)s",
                                 count=len(broken), total=len(files),
                                 files=format_list(self.env, broken.mapped("name")))
        else:
            message = self.env._("%(count)s files checked: all unchanged since they were submitted.", count=len(files))
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"type": "danger" if broken else "success", "message": message, "sticky": bool(broken)}}

    def action_view_rounds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("integrity_risk.integrity_submission_round_action")
        action["domain"] = [("submission_id", "=", self.id)]
        return action



def _summary_labels(env):
    """Selection labels for the figures, in the report's language."""
    return {
        model_field: dict(env[model]._fields[field]._description_selection(env))
        for model_field, (model, field) in {
            "level": ("integrity.risk", "level"),
            "category": ("integrity.risk", "category"),
            "measure_state": ("integrity.measure", "state"),
            "result": ("integrity.inspection.finding", "result"),
        }.items()
    }
