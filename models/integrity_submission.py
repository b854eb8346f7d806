from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..report.annex_xlsx import write_workbook

DELIVERABLES = [
    ("working_group", "Working-Group List"),
    ("identification", "Annex 2 and Annex 3"),
    ("measures", "Annex 4"),
    ("summary", "Written Summary Report"),
]
# The phase each deliverable completes, and the phase a filed deliverable opens.
PHASE_OF_DELIVERABLE = {
    "working_group": "kickoff",
    "identification": "identification",
    "measures": "measures",
    "summary": "inspection",
}
DELIVERABLE_OF_PHASE = {phase: deliverable for deliverable, phase in PHASE_OF_DELIVERABLE.items()}
NEXT_PHASE = {"kickoff": "identification", "identification": "measures", "measures": "inspection",
              "inspection": "done"}
PUBLICISED = ("identification", "measures")  # the plan publicises annexes 2, 3 and 4 inside the unit
REVIEW_ACTIVITY = "integrity_risk.mail_activity_type_submission_review"
FIX_ACTIVITY = "integrity_risk.mail_activity_type_submission_fix"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IntegritySubmission(models.Model):
    """A unit's package for one deliverable: publicity, submission rounds, and filing by the office."""

    _name = "integrity.submission"
    _description = "Submission to the Office"
    _inherit = ["mail.thread", "mail.activity.mixin", "integrity.workflow.mixin"]
    _order = "campaign_id desc, unit_id, deliverable_sequence, id"
    _check_company_auto = True
    _mail_post_access = "read"

    _workflow_fields = frozenset({"state", "risk_ids", "measure_ids"})

    unit_id = fields.Many2one("integrity.unit", required=True, index=True, check_company=True, readonly=True)
    campaign_id = fields.Many2one(related="unit_id.campaign_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    deliverable = fields.Selection(DELIVERABLES, required=True, readonly=True)
    deliverable_sequence = fields.Integer(compute="_compute_deliverable_sequence", store=True)
    phase = fields.Selection(related="unit_id.current_phase", string="Unit's Phase")
    deadline = fields.Date(compute="_compute_deadline")
    state = fields.Selection(
        [("draft", "Preparing"), ("publicity", "In Publicity"), ("submitted", "Submitted"),
         ("returned", "Returned"), ("filed", "Filed")],
        default="draft", required=True, readonly=True, copy=False, tracking=True, index=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    needs_publicity = fields.Boolean(compute="_compute_needs_publicity")
    publicity_start = fields.Date(tracking=True)
    publicity_end = fields.Date(tracking=True)
    publicity_place = fields.Char(string="Published At", tracking=True,
                                  help="Where the tables were published inside the unit.")
    publicity_document_ids = fields.Many2many(
        "ir.attachment", "integrity_submission_publicity_rel", "submission_id", "attachment_id",
        string="Publicity Documents", help="The tables as published, and proof of the publicity.",
    )
    objection_ids = fields.One2many("integrity.objection", "submission_id", string="Objections and Remarks")
    open_objection_count = fields.Integer(compute="_compute_open_objection_count")
    summary = fields.Html(string="Report Text", help="The written summary report of the unit (phase 4).")
    summary_figures = fields.Html(string="Figures", readonly=True, copy=False, sanitize=False,
                                  help="Generated from the unit's records; refreshed when the report is submitted.")
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

    @api.depends("deliverable", "campaign_id.phase_ids.deadline")
    def _compute_deadline(self):
        for submission in self:
            phase = PHASE_OF_DELIVERABLE.get(submission.deliverable)
            deadlines = submission.campaign_id.phase_ids.filtered(lambda p, code=phase: p.code == code)
            submission.deadline = deadlines[:1].deadline

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

    def write(self, vals):
        if "active" in vals and not self.env.su and not self.env.user.has_group("integrity_risk.group_office"):
            raise AccessError(self.env._("Only the office archives submissions."))
        return super().write(vals)

    # --- rights -------------------------------------------------------------------------

    def _is_office(self):
        return self.env.su or self.env.user.has_group("integrity_risk.group_office")

    def _check_office(self):
        if not self._is_office():
            raise AccessError(self.env._("Only the leading group's office files or returns submissions."))

    def _check_working_group(self):
        """Publicity and submission are the unit working group's (or the office's)."""
        self.check_access("write")
        if self._is_office():
            return
        for submission in self:
            if self.env.user not in submission.unit_id.user_ids:
                raise AccessError(self.env._("Only the working group of %(unit)s submits its packages.",
                                             unit=submission.unit_id.name))

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
            for risk in risks.filtered(lambda r: r.level == "high" and not r.measure_ids):
                problems.append(self.env._("the high risk “%(risk)s” has no control measure", risk=risk.display_name))
        elif self.deliverable == "summary":
            if not self.summary and not self.document_ids:
                problems.append(self.env._("the report has no text and no attachment"))
        return problems

    def _check_package(self):
        for submission in self:
            problems = submission._package_problems()
            if problems:
                raise UserError(self.env._(
                    "%(package)s is not ready:\n%(problems)s", package=submission.display_name,
                    problems="\n".join(f"- {problem}" for problem in problems)))

    def _render_files(self):
        """The package's files as (name, bytes, mimetype): PDF (HTML where wkhtmltopdf is missing) and XLSX."""
        self.ensure_one()
        Report = self.env["ir.actions.report"].sudo()
        can_pdf = Report.get_wkhtmltopdf_state() == "ok"
        unit = self.unit_id
        annexes = {"identification": (2, 3), "measures": (4,)}.get(self.deliverable, ())
        reports = [(f"integrity_risk.report_annex_{annex}", unit) for annex in annexes]
        if self.deliverable == "working_group":
            reports.append(("integrity_risk.report_working_group", unit))
        elif self.deliverable == "summary":
            reports.append(("integrity_risk.report_summary", self))
        files = []
        for report_name, record in reports:
            report = Report._get_report(report_name)
            base = record._annex_filename(int(report_name[-1])) if "annex" in report_name else record.display_name
            if can_pdf:
                content, _kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                    report_name, record.ids)
                files.append((f"{base}.pdf", content, "application/pdf"))
            else:
                content, _kind = Report._render_qweb_html(report.report_name, record.ids)
                files.append((f"{base}.html", content, "text/html"))
        if annexes:
            Annex = self.env["integrity.annex"]
            tables = [table for annex in annexes for table in Annex.tables(annex, unit)]
            files.append((f"{self.display_name}.xlsx", write_workbook(tables), XLSX_MIMETYPE))
        return files

    # --- workflow ---------------------------------------------------------------------

    def action_start_publicity(self):
        self._check_working_group()
        today = fields.Date.context_today(self)
        for submission in self:
            if submission.state != "draft":
                raise UserError(self.env._("Publicity starts from a package being prepared."))
            if not submission.needs_publicity:
                raise UserError(self.env._("%(package)s is not publicised.", package=submission.display_name))
            if not (submission.publicity_start and submission.publicity_end and submission.publicity_place):
                raise UserError(self.env._("Give the publicity's start and end dates and where it is published."))
            if submission.publicity_end < submission.publicity_start:
                raise UserError(self.env._("The publicity cannot end before it starts."))
            if submission.publicity_end < today:
                raise UserError(self.env._("The publicity period is already over: choose dates from today on."))
        self._check_package()
        for submission in self:
            snapshot = submission._attach(submission, submission._render_files())
            submission.sudo().publicity_document_ids = [(4, attachment.id) for attachment in snapshot]
        self._workflow_write({"state": "publicity"})

    def _attach(self, record, files):
        return self.env["ir.attachment"].sudo().create([{
            "name": name, "raw": content, "mimetype": mimetype,
            "res_model": record._name, "res_id": record.id,
        } for name, content, mimetype in files])

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
        self._check_working_group()
        for submission in self:
            if submission.state not in ("draft", "publicity", "returned"):
                raise UserError(self.env._("%(package)s has already been submitted.",
                                           package=submission.display_name))
            problems = submission._submission_problems()
            if problems:
                raise UserError(self.env._(
                    "%(package)s cannot be submitted yet:\n%(problems)s", package=submission.display_name,
                    problems="\n".join(f"- {problem}" for problem in problems)))
        self.filtered(lambda s: s.deliverable == "summary").action_refresh_figures()
        Round = self.env["integrity.submission.round"].sudo()
        for submission in self:
            round_ = Round.create({
                "submission_id": submission.id,
                "number": len(submission.round_ids) + 1,
                "submitted_by_id": self.env.uid,
                "submitted_on": fields.Datetime.now(),
            })
            files = submission._render_files()
            files += [(doc.name, doc.raw, doc.mimetype) for doc in submission.document_ids.sudo()]
            round_._store_files(files)
            risks = submission._covered_risks()
            measures = risks.measure_ids if submission.deliverable == "measures" else risks.measure_ids.browse()
            submission._workflow_write({"state": "submitted", "risk_ids": [(6, 0, risks.ids)],
                                        "measure_ids": [(6, 0, measures.ids)]})
            submission.sudo().activity_feedback([FIX_ACTIVITY])
            submission._notify_office()

    def _office_users(self):
        self.ensure_one()
        campaign = self.campaign_id
        users = campaign.office_director_id | campaign.office_user_ids
        if not users:
            users = self.env.ref("integrity_risk.group_office").users.filtered(lambda u: u.active and not u.share)
            users = users.filtered(lambda u: not u._is_superuser())
        return users

    def _notify_office(self):
        self.ensure_one()
        for user in self._office_users()[:1] or self.env.user:
            self.sudo().activity_schedule(
                REVIEW_ACTIVITY, user_id=user.id, date_deadline=fields.Date.context_today(self),
                note=self.env._("Review and file %(package)s.", package=self.display_name))

    def action_file(self):
        """备案: the office accepts the package; the unit's deliverable for the phase is done."""
        self._check_office()
        if any(submission.state != "submitted" for submission in self):
            raise UserError(self.env._("Only a submitted package can be filed."))
        today = fields.Date.context_today(self)
        for submission in self:
            submission.round_ids[:1]._decide("filed", False)
        # filing confirms the risk points it covers (those added after the unit review included)
        self.risk_ids.filtered(lambda r: r.state == "draft").with_context(
            integrity_adjustment=True)._workflow_write({"state": "confirmed"})
        self._workflow_write({"state": "filed"})
        self.write({"filed_date": today})
        self.sudo().activity_feedback([REVIEW_ACTIVITY])
        for submission in self:
            submission.unit_id._deliverable_filed(submission.deliverable)

    def action_return(self, comment):
        """退回: the office sends the package back to the working group with its comments."""
        self._check_office()
        if not (comment or "").strip():
            raise UserError(self.env._("Write what the working group has to fix."))
        if any(submission.state != "submitted" for submission in self):
            raise UserError(self.env._("Only a submitted package can be returned."))
        for submission in self:
            submission.round_ids[:1]._decide("returned", comment)
        self._workflow_write({"state": "returned"})
        self.sudo().activity_feedback([REVIEW_ACTIVITY], feedback=comment)
        for submission in self:
            submission.message_post(body=self.env._("Returned by the office: %(comment)s", comment=comment))
            liaison = submission.unit_id.liaison_id.user_id or submission.unit_id.leader_id.user_id
            if liaison:
                submission.sudo().activity_schedule(FIX_ACTIVITY, user_id=liaison.id, note=comment)

    def action_open_decision_wizard(self):
        self.ensure_one()
        self._check_office()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return to the Working Group"),
            "res_model": "integrity.submission.return",
            "view_mode": "form",
            "target": "new",
            "context": {"default_submission_id": self.id},
        }

    def action_refresh_figures(self):
        """Draft the summary report's figures from the unit's records (people, risks, measures, inspections)."""
        for submission in self.filtered(lambda s: s.deliverable == "summary"):
            submission._check_working_group()
            annex_env = self.env["integrity.annex"]._annex_env().env
            html = annex_env["ir.qweb"]._render("integrity_risk.summary_figures", {
                "unit": submission.unit_id.with_env(annex_env),
                "figures": submission.unit_id._summary_figures(),
                "labels": _summary_labels(annex_env),
            })
            submission.summary_figures = html

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
