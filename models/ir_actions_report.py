import collections
import io
import logging
import os
import re
import subprocess
import tempfile
from contextlib import ExitStack
from urllib.parse import urlparse

import xlsxwriter

from odoo import models, tools
from odoo.exceptions import UserError
from odoo.http import request, root
from odoo.service import security

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

from ..report.page_numbers import number_pages

_logger = logging.getLogger(__name__)

# A print of many units runs wkhtmltopdf on a few units at a time, so that neither Odoo nor wkhtmltopdf holds the
# whole university's tables at once: up to this many risk points per run (a unit with more is a run of its own),
# up to PARALLEL_RUNS runs at once. Measured with bench/run_bench.py at university size: CHUNK_MEASUREMENTS
CHUNK_RISK_POINTS = 2000
PARALLEL_RUNS = 2
# {report that prints units: (its annex, the report that prints some of the units)}
UNIT_REPORTS = {
    "integrity_risk.report_annex_2": (2, "integrity_risk.report_annex_2"),
    "integrity_risk.report_annex_3": (3, "integrity_risk.report_annex_3"),
    "integrity_risk.report_annex_4": (4, "integrity_risk.report_annex_4"),
    "integrity_risk.report_campaign_annex_3": (3, "integrity_risk.report_annex_3"),
    "integrity_risk.report_campaign_annex_4": (4, "integrity_risk.report_annex_4"),
}


ANNEX_REPORT = re.compile(r"integrity_risk\.(?:report|xlsx)_(?:unit_|campaign_)?annex_([1-4])")

class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """The module's PDFs carry their page numbers on every page, whichever wkhtmltopdf build rendered them.
        A print of many units is rendered a few units at a time (see CHUNK_RISK_POINTS), then joined and
        numbered as one document."""
        report = self._get_report(report_ref)
        if not (report.report_name or "").startswith("integrity_risk."):
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        parts = self._integrity_parts(report, res_ids)
        with ExitStack() as stack:
            # Odoo's tests render the HTML instead of a PDF (unless forced), and without wkhtmltopdf Odoo refuses
            html_instead = (tools.config["test_enable"] or tools.config["test_file"]) and not self.env.context.get(
                "force_report_rendering")
            if len(parts) == 1 or html_instead or self.get_wkhtmltopdf_state() == "install":
                content, report_format = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
                if report_format != "pdf":
                    return content, report_format
                files = [io.BytesIO(content)]
                del content
            else:
                files = self.with_context(webp_as_jpg=True)._integrity_render_parts(parts, data, stack)
            env = self.env["integrity.annex"]._annex_env().env  # printed in the tables' language
            document = stack.enter_context(tempfile.TemporaryFile())
            number_pages(files, document, lambda page, total: env._("Page %(page)s of %(total)s", page=page,
                                                                    total=total))
            for part in files:
                part.close()
            document.seek(0)
            return document.read(), "pdf"

    def _integrity_parts(self, report, res_ids):
        """[(report name, record ids)] of each wkhtmltopdf run of the print, in print order. Many units run a
        few at a time through the unit report, so each run checks the user's rights on its units as a print of
        those units would; a campaign's units are its own report's, refused as a whole before anything runs."""
        whole = [(report.report_name, res_ids)]
        annex, unit_report = UNIT_REPORTS.get(report.report_name, (None, None))
        if not annex or not res_ids or (report.model == "integrity.unit" and len(res_ids) < 2):
            return whole
        records = self.env[report.model].browse(res_ids)
        units = self.env["integrity.annex"].check_printable(annex, records)
        parts, risk_points = [], 0
        for unit, count in zip(units, units.mapped("risk_count"), strict=True):
            if not parts or risk_points + count > CHUNK_RISK_POINTS:
                parts.append([])
                risk_points = 0
            parts[-1].append(unit.id)
            risk_points += count
        if len(parts) < 2:
            return whole
        return [(unit_report, ids) for ids in parts]

    def _integrity_render_parts(self, parts, data, stack):
        """The PDF of each part, as files in print order. The parts' HTML is rendered here one after the other
        while up to PARALLEL_RUNS wkhtmltopdf processes turn the previous parts into PDF, as Odoo would run
        them (same arguments, header, footer and session cookie), each part's files deleted with ``stack``."""
        runs = stack.enter_context(_WkhtmltopdfRuns(self.env))
        for report_name, ids in parts:
            report = self._get_report(report_name).with_context(debug=False)
            # as Odoo prepares a report for wkhtmltopdf (``_render_qweb_pdf_prepare_streams``)
            part_data = {**(data or {}), "report_type": "pdf", "debug": False}
            html = self.with_context(debug=False)._render_qweb_html(report_name, ids, data=part_data)[0]
            bodies, _ids, header, footer, paperformat_args = report._prepare_html(html, report_model=report.model)
            del html
            args = self._build_wkhtmltopdf_args(
                report.get_paperformat(), self.env.context.get("landscape"),
                specific_paperformat_args=paperformat_args, set_viewport_size=self.env.context.get("set_viewport_size"))
            runs.start(args, bodies, header, footer)
        return runs.finish()

    def _get_rendering_context(self, report, docids, data):
        """An annex report's tables, built (and refused, with a clear message) before its template renders."""
        values = super()._get_rendering_context(report, docids, data)
        if annex := annex_of(report):
            values["tables"] = self.env["integrity.annex"].tables(annex, values["docs"])
        return values

    def _render_xlsx(self, report_ref, docids, data):
        """The module's workbooks (OCA's report_xlsx): the annex tables, or the assessment figures."""
        report = self._get_report(report_ref)
        records = self.env[report.model].browse(docids)
        if annex := annex_of(report):
            return self.env["integrity.annex"].xlsx(annex, records)[1], "xlsx"
        if report.report_name == "integrity_risk.xlsx_assessment":
            return self.env["integrity.assessment.export"].xlsx(records)[1], "xlsx"
        return super()._render_xlsx(report_ref, docids, data)


def annex_of(report):
    """The annex (1-4) an annex report of the module prints, by its name (…annex_3), or None."""
    match = ANNEX_REPORT.fullmatch(report.report_name or "")
    return int(match[1]) if match else None


class _WkhtmltopdfRuns:
    """wkhtmltopdf processes, at most PARALLEL_RUNS at once, each writing one part's PDF into its own folder."""

    def __init__(self, env):
        self.env = env
        self.folders = ExitStack()
        self.running = collections.deque()
        self.pdfs = []
        self.session = None
        self.cookie_args = []

    def __enter__(self):
        self.folders.__enter__()
        if request and request.db:  # wkhtmltopdf reads the report's assets and images as the user, as in Odoo
            self.session = root.session_store.new()
            self.session.update({**request.session, "debug": "", "_trace_disable": True})
            if self.session.uid:
                self.session.session_token = security.compute_session_token(self.session, self.env)
            root.session_store.save(self.session)
            domain = urlparse(self.env["ir.actions.report"]._get_report_url()).hostname
            cookie = f"session_id={self.session.sid}; HttpOnly; domain={domain}; path=/;"
            self.cookie_args = ["--cookie-jar", os.path.join(self._write({"cookie_jar.txt": cookie}), "cookie_jar.txt")]
        return self

    def __exit__(self, *exc):
        for process, _pdf, _errors in self.running:  # a part failed, or the rendering: stop the others
            process.kill()
            process.wait()
        if self.session:
            root.session_store.delete(self.session)
        return self.folders.__exit__(*exc)

    def _write(self, files):
        """Write {name: text} into a new folder; return the folder."""
        folder = self.folders.enter_context(tempfile.TemporaryDirectory(prefix="integrity_risk.report."))
        for name, text in files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
                file.write(text)
        return folder

    def start(self, args, bodies, header, footer):
        """Run wkhtmltopdf on a part, once fewer than PARALLEL_RUNS others run."""
        if len(self.running) >= PARALLEL_RUNS:
            self._wait(self.running.popleft())
        folder = self._write({"header.html": header or "", "footer.html": footer or "",
                              **{f"body{number}.html": body for number, body in enumerate(bodies)}})
        files = ["--header-html", os.path.join(folder, "header.html")] if header else []
        files += ["--footer-html", os.path.join(folder, "footer.html")] if footer else []
        files += [os.path.join(folder, f"body{number}.html") for number in range(len(bodies))]
        pdf = os.path.join(folder, "part.pdf")
        errors = self.folders.enter_context(tempfile.TemporaryFile())
        process = subprocess.Popen([_get_wkhtmltopdf_bin(), *args, *self.cookie_args, *files, pdf],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        self.running.append((process, pdf, errors))
        self.pdfs.append(pdf)

    def _wait(self, run):
        process, _pdf, errors = run
        process.wait()
        errors.seek(0)
        message = errors.read().decode(errors="replace")
        if process.returncode not in (0, 1):  # 1: loaded with errors (a missing image), as Odoo accepts
            raise UserError(self.env._("Wkhtmltopdf failed (error code: %(error_code)s). Message: %(message)s",
                                       error_code=process.returncode, message=message[-1000:]))
        if message:
            _logger.warning("wkhtmltopdf: %s", message)

    def finish(self):
        """The parts' PDF files, opened, in order, once every process has ended."""
        while self.running:
            self._wait(self.running.popleft())
        return [self.folders.enter_context(open(pdf, "rb")) for pdf in self.pdfs]
