import logging
import threading
from contextlib import contextmanager

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)
KEEP_DAYS = 30
STALLED_HOURS = 2  # no progress for this long: the print's worker has stopped
_running = threading.local()  # the background print this thread renders, if any
# the bus notification that refreshes the requester's open lists and forms of background prints (print_job_views.js)
PRINT_JOB_UPDATED = "integrity_risk.print_job/updated"


def _testing():
    """Odoo's tests run in one transaction that no other cursor sees (as mail's queue checks it)."""
    return getattr(threading.current_thread(), "testing", False)


def report_progress(done, total):
    """Long renders call this as they go (done of total parts); it shows on the background print being run."""
    job = getattr(_running, "job", None)
    if job:
        job._set_progress(done, total)


class IntegrityPrintJob(models.Model):
    """A print too large for a browser request (every unit's annex 3 or 4), rendered by a background job under the
    requester's own rights; the requester alone is told when the file is ready, and finds it here."""

    _name = "integrity.print.job"
    _description = "Background Print"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(string="File Name", required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Requested By", required=True, readonly=True, index=True,
                              default=lambda self: self.env.user)
    report_id = fields.Many2one("ir.actions.report", required=True, readonly=True, ondelete="cascade")
    res_ids = fields.Json(string="Printed Records", readonly=True)
    state = fields.Selection([("queued", "Queued"), ("running", "Printing"), ("done", "Ready"), ("failed", "Failed")],
                             default="queued", required=True, readonly=True)
    progress = fields.Integer(readonly=True, help="Percentage of the tables printed so far.")
    attachment_id = fields.Many2one("ir.attachment", string="Printed File", readonly=True)
    error = fields.Text(readonly=True)
    done_on = fields.Datetime(string="Finished On", readonly=True)

    @api.model
    @api.private  # takes record sets: not for RPC
    def queue(self, report, records):
        """Queue the report of the records for the current user, after checking now that they may print it."""
        report = report.sudo()
        if report.groups_id and not (report.groups_id & self.env.user.groups_id):
            raise AccessError(self.env._("You may not print %(report)s.", report=report.with_env(self.env).name))
        if annex := report._integrity_annex():
            self.env["integrity.annex"].check_printable(annex, records)
        name = records._annex_filename(annex) if annex else report.name
        # the requester reads the job, but only the background job writes it
        job = self.sudo().with_context(mail_create_nolog=True, mail_create_nosubscribe=True).create({
            "name": name, "user_id": self.env.user.id, "report_id": report.id, "res_ids": records.ids})
        job._send_update()
        self.env.ref("integrity_risk.ir_cron_print_jobs")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Printing in the background"),
                "message": self.env._("%(file)s is being printed; you will be notified when it is ready. Its progress "
                                      "is shown under Background Prints.", file=job.name),
                "next": self.env["ir.actions.act_window"]._for_xml_id("integrity_risk.integrity_print_job_action"),
            },
        }

    @contextmanager
    def _beside(self):
        """This job in an environment whose writes are committed at once, beside the render's transaction: the
        requester sees the job's state and progress while it prints. The render's own transaction never writes
        the job (PostgreSQL would refuse it a row updated since it began). In tests: the test's own."""
        if _testing():
            yield self
            return
        with self.env.registry.cursor() as cr:
            yield self.with_env(self.env(cr=cr))

    def _set_progress(self, done, total):
        with self._beside() as job:
            job.progress = int(100 * done / total) if total else 0
            job._send_update()

    def _send_update(self):
        """The requester's open lists and forms of background prints show the job's new state and progress."""
        for job in self:
            job.user_id.partner_id._bus_send(PRINT_JOB_UPDATED, {
                "id": job.id, "state": job.state, "progress": job.progress})

    def _run(self):
        self.ensure_one()
        with self._beside() as job:
            job.write({"state": "running", "progress": 0})
            job._send_update()
        user = self.user_id
        Report = self.env["ir.actions.report"].with_user(user).with_context(
            lang=user.lang, tz=user.tz, force_report_rendering=True)  # a PDF, also when Odoo runs its tests
        extension = "xlsx" if self.report_id.report_type == "xlsx" else "pdf"
        _running.job = self
        try:
            with self.env.cr.savepoint():
                content, _format = Report._render(self.report_id.report_name, self.res_ids)
        except Exception as error:
            if not isinstance(error, UserError | AccessError):  # the requester is told; the log keeps the rest
                _logger.exception("Background print %s failed", self.id)
            result = {"state": "failed", "error": str(error)}
        else:
            result = {"state": "done", "progress": 100, "content": content}
        finally:
            _running.job = None
        with self._beside() as job:
            content = result.pop("content", None)
            if content is not None:
                result["attachment_id"] = job.env["ir.attachment"].create({
                    "name": f"{job.name}.{extension}", "raw": content, "res_model": job._name, "res_id": job.id}).id
            job.write({**result, "done_on": fields.Datetime.now()})
            job._tell_requester()

    def _tell_requester(self):
        """A message to the requester (their inbox, or a mail as they chose) and a notification on their screen;
        nobody else. The message links to the job: the file, which may hold every unit's tables, stays in Odoo
        under the requester's rights and never travels as a mail attachment."""
        partner = self.user_id.partner_id
        env = self.with_context(lang=self.user_id.lang).env
        if self.state == "done":
            title = env._("Your print is ready")
            message = env._("%(file)s is ready: download it from Background Prints.", file=self.name)
        else:
            title = env._("Your print failed")
            message = env._("%(file)s could not be printed: %(error)s", file=self.name, error=self.error)
        self.message_notify(partner_ids=partner.ids, subject=title, body=message,
                            email_layout_xmlid="mail.mail_notification_light")
        self._send_update()
        partner._bus_send("simple_notification", {
            "type": "success" if self.state == "done" else "danger", "title": title, "message": message,
            "sticky": True})

    @api.model
    def get_empty_list_help(self, help_message):
        """Background prints are for the groups of their menu (the action's groups): anyone else who opens the
        action by its address is told so, rather than how to print every unit's tables."""
        groups = self.env.ref("integrity_risk.integrity_print_job_action").sudo().groups_id
        if groups and not groups & self.env.user.groups_id:
            help_message = Markup('<p class="o_view_nocontent_empty_folder">%s</p><p>%s</p>') % (
                self.env._("Background prints are not for you"),
                self.env._("Only the leading group office and the leading group print every unit's tables in the "
                           "background. Your own tables print from your self-check or your unit."))
        return super().get_empty_list_help(help_message)

    @api.model
    def _cron_print(self):
        """Print the oldest queued job; Odoo's cron framework commits it and calls again while jobs remain."""
        # a print whose worker stopped (a restart, a time limit) tells its requester instead of running forever
        since = fields.Datetime.subtract(fields.Datetime.now(), hours=STALLED_HOURS)
        for job in self.search([("state", "=", "running"), ("write_date", "<", since)]):
            error = job.with_context(lang=job.user_id.lang).env._("The print was interrupted: print it again.")
            job.write({"state": "failed", "error": error, "done_on": fields.Datetime.now()})
            job._tell_requester()
        job = self.search([("state", "=", "queued")], order="id", limit=1)
        if job:
            job._run()
            # the job's own row still reads "queued" in this transaction: its new state was committed beside it
            remaining = self.search_count([("state", "=", "queued"), ("id", "!=", job.id)])
            self.env["ir.cron"]._notify_progress(done=1, remaining=remaining)

    @api.autovacuum
    def _gc_old_prints(self):
        """Background prints and their files go after KEEP_DAYS: the tables can be printed again at any time."""
        old = self.search([("create_date", "<", fields.Datetime.subtract(fields.Datetime.now(), days=KEEP_DAYS)),
                           ("state", "in", ("done", "failed"))])
        old.attachment_id.unlink()
        old.unlink()

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("The file is not ready yet."))
        return {"type": "ir.actions.act_url", "url": f"/web/content/{self.attachment_id.id}?download=true",
                "target": "download"}
