import collections
import io
import logging
import os
import re
import subprocess
import tempfile
from urllib.parse import urlparse

from odoo import models, tools
from odoo.exceptions import UserError
from odoo.http import request, root
from odoo.service import security

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

from ..report.page_numbers import NumberedPdf
from ..report.print_language import print_env
from .integrity_print_job import report_progress

_logger = logging.getLogger(__name__)

# A print of many units runs wkhtmltopdf on a few units at a time, so that neither Odoo nor wkhtmltopdf holds the
# whole university's tables at once: up to CHUNK_RISK_POINTS risk points per run (a unit with more is a run of its
# own), PARALLEL_RUNS runs at once while the next part's HTML is rendered. A run costs about 1.3 s whatever its size
# (start-up, and Odoo's report.print_delay of 1 s), so the parts are not small. Measured at university size (100
# units, 20,000 risk points, 40,000 measures; 2 CPUs; `make bench` prints today's figures), campaign annex 3 /
# annex 4, wall time and the wkhtmltopdf processes' peak memory:
#   one run of the whole:          10.9 s / 25.2 s, 312 / 581 MB
#   2,000 points a run, 2 at once: 10.5 s / 15.5 s, 185 / 236 MB
#   3,000 points a run, 2 at once:  8.1 s / 14.1 s, 201 / 272 MB
#   4,000 points a run, 2 at once:  7.7 s / 14.1 s, 220 / 325 MB
#   2,000 points a run, 3 at once:  7.8 s / 17.6 s, 270 / 565 MB
# and wkhtmltopdf alone on the whole HTML (the floor): 6.9 s / 14.7 s.
CHUNK_RISK_POINTS = 3000
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
        env = print_env(self.env)  # printed in the tables' language
        with tempfile.TemporaryFile() as output:
            document = NumberedPdf(output, lambda page, total: env._("Page %(page)s of %(total)s", page=page,
                                                                     total=total))
            # Odoo's tests render the HTML instead of a PDF (unless forced), and without wkhtmltopdf Odoo refuses
            html_instead = (tools.config["test_enable"] or tools.config["test_file"]) and not self.env.context.get(
                "force_report_rendering")
            if len(parts) == 1 or html_instead or self.get_wkhtmltopdf_state() == "install":
                content, report_format = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
                if report_format != "pdf":
                    return content, report_format
                document.append(io.BytesIO(content))
                del content
            else:
                self.with_context(webp_as_jpg=True)._integrity_render_parts(parts, data, document)
            document.close()
            output.seek(0)
            return output.read(), "pdf"

    def _integrity_parts(self, report, res_ids):
        """[(report name, record ids)] of each wkhtmltopdf run of the print, in print order. Many units run a
        few at a time through the unit report, so each run checks the user's rights on its units as a print of
        those units would; a campaign's units are its own report's, refused as a whole before anything runs."""
        whole = [(report.report_name, res_ids)]
        annex, unit_report = UNIT_REPORTS.get(report.report_name, (None, None))
        if not annex or not res_ids or (report.model == "integrity.unit" and len(res_ids) < 2):
            return whole
        if report.attachment or self._get_report(unit_report).attachment:  # Odoo keeps a PDF per record
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

    def _integrity_render_parts(self, parts, data, document):
        """Append each part's PDF to ``document`` (a NumberedPdf), in print order. The parts' HTML is rendered
        here one after the other while up to PARALLEL_RUNS wkhtmltopdf processes turn the previous parts into
        PDF, as Odoo would run them (same arguments, header, footer and session cookie)."""
        with _WkhtmltopdfRuns(self.env, document) as runs:
            for number, (report_name, ids) in enumerate(parts):
                report_progress(number, len(parts))  # shown on a background print
                report = self._get_report(report_name).with_context(debug=False)
                # as Odoo prepares a report for wkhtmltopdf (``_render_qweb_pdf_prepare_streams``)
                part_data = {"report_type": "pdf", "debug": False, **(data or {})}
                html = self.with_context(debug=False)._render_qweb_html(report_name, ids, data=part_data)[0]
                bodies, _ids, header, footer, paper_args = report._prepare_html(html, report_model=report.model)
                del html
                args = self._build_wkhtmltopdf_args(
                    report.get_paperformat(), self.env.context.get("landscape"), specific_paperformat_args=paper_args,
                    set_viewport_size=self.env.context.get("set_viewport_size"))
                runs.start(args, bodies, header, footer)
                del bodies
                # the part's records leave the cache too: the memory is one part's, whatever the number of parts
                self.env.invalidate_all()
            runs.finish()

    def _get_rendering_context(self, report, docids, data):
        """An annex report's tables, built (and refused, with a clear message) before its template renders."""
        values = super()._get_rendering_context(report, docids, data)
        if annex := annex_of(report):
            values["tables"] = self.env["integrity.annex"].tables(annex, values["docs"])
        return values

    def _render_xlsx(self, report_ref, docids, data):
        """The module's workbooks (OCA's report_xlsx): the annex tables, or the assessment figures."""
        report = self._get_report(report_ref)
        annex = annex_of(report)
        if not annex and report.report_name != "integrity_risk.xlsx_assessment":
            return super()._render_xlsx(report_ref, docids, data)
        # OCA's route hands over the report in sudo (as ``_get_report_from_name`` finds it): the tables are read
        # under the user's own rights and companies, as the PDF's are
        env = self.env(su=False)
        records = env[report.model].browse(docids)
        if annex:
            return env["integrity.annex"].xlsx(annex, records)[1], "xlsx"
        return env["integrity.assessment.export"].xlsx(records)[1], "xlsx"

    def _integrity_annex(self):
        """The annex (1-4) this report prints, if it is one of the module's annex reports."""
        return annex_of(self)


def annex_of(report):
    """The annex (1-4) an annex report of the module prints, by its name (…annex_3), or None."""
    match = ANNEX_REPORT.fullmatch(report.report_name or "")
    return int(match[1]) if match else None


class _WkhtmltopdfRuns:
    """wkhtmltopdf processes, at most PARALLEL_RUNS at once, each writing one part's PDF in a folder of its own;
    each PDF is appended to the document as soon as the parts before it are, and its folder removed."""

    def __init__(self, env, document):
        self.env = env
        self.document = document
        self.running = collections.deque()  # (process, folder, stderr file) of each run, in print order
        self.session = None
        self.cookie_args = []
        self.cookie_folder = None

    def __enter__(self):
        if request and request.db:  # wkhtmltopdf reads the report's assets and images as the user, as in Odoo
            self.session = root.session_store.new()
            self.session.update({**request.session, "debug": "", "_trace_disable": True})
            if self.session.uid:
                self.session.session_token = security.compute_session_token(self.session, self.env)
            root.session_store.save(self.session)
            domain = urlparse(self.env["ir.actions.report"]._get_report_url()).hostname
            self.cookie_folder = self._folder({
                "cookie_jar.txt": f"session_id={self.session.sid}; HttpOnly; domain={domain}; path=/;"})
            self.cookie_args = ["--cookie-jar", os.path.join(self.cookie_folder.name, "cookie_jar.txt")]
        return self

    def __exit__(self, *exc):
        for process, folder, errors in self.running:  # a part failed, or the rendering: stop the others
            process.kill()
            process.wait()
            errors.close()
            folder.cleanup()
        if self.session:
            root.session_store.delete(self.session)
        if self.cookie_folder:
            self.cookie_folder.cleanup()

    @staticmethod
    def _folder(files):
        """A new temporary folder with {name: text} in it."""
        folder = tempfile.TemporaryDirectory(prefix="integrity_risk.report.")
        for name, text in files.items():
            with open(os.path.join(folder.name, name), "w", encoding="utf-8") as file:
                file.write(text)
        return folder

    def start(self, args, bodies, header, footer):
        """Run wkhtmltopdf on a part, once fewer than PARALLEL_RUNS others run."""
        if len(self.running) >= PARALLEL_RUNS:
            self._append(self.running.popleft())
        folder = self._folder({"header.html": header or "", "footer.html": footer or "",
                               **{f"body{number}.html": body for number, body in enumerate(bodies)}})
        files = ["--header-html", os.path.join(folder.name, "header.html")] if header else []
        files += ["--footer-html", os.path.join(folder.name, "footer.html")] if footer else []
        files += [os.path.join(folder.name, f"body{number}.html") for number in range(len(bodies))]
        errors = tempfile.TemporaryFile()
        process = subprocess.Popen(
            [_get_wkhtmltopdf_bin(), *args, *self.cookie_args, *files, os.path.join(folder.name, "part.pdf")],
            stdout=subprocess.DEVNULL, stderr=errors)
        self.running.append((process, folder, errors))

    def _append(self, run):
        process, folder, errors = run
        try:
            process.wait()
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            if process.returncode not in (0, 1):  # 1: loaded with errors (a missing image), as Odoo accepts
                raise UserError(self.env._("Wkhtmltopdf failed (error code: %(error_code)s). Message: %(message)s",
                                           error_code=process.returncode, message=message[-1000:]))
            if message:
                _logger.warning("wkhtmltopdf: %s", message)
            with open(os.path.join(folder.name, "part.pdf"), "rb") as pdf:
                self.document.append(pdf)
        finally:
            errors.close()
            folder.cleanup()

    def finish(self):
        """Append the parts still running, in order, as they end."""
        while self.running:
            self._append(self.running.popleft())
