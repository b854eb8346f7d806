import json

from odoo.http import content_disposition, request, route
from odoo.tools.safe_eval import safe_eval, time

from odoo.addons.report_xlsx.controllers.main import ReportController

EXTENSIONS = {"qweb-pdf": "pdf", "xlsx": "xlsx"}


class IntegrityReportController(ReportController):
    @route()
    def report_download(self, data, context=None, token=None, readonly=True):
        """Name the module's files after the annex and whom it is for, also when several records print at once
        (附表3-全校（100个单位）.xlsx): Odoo names a print of several records after the report alone."""
        response = super().report_download(data, context=context, token=token, readonly=readonly)
        url, report_type = json.loads(data)[:2]
        path = url.split("?")[0].split("/")  # /report/<converter>/<report name>/<ids>
        if report_type not in EXTENSIONS or len(path) != 5 or response.mimetype == "text/html":
            return response
        report = request.env["ir.actions.report"]._get_report_from_name(path[3])
        if not report.report_name.startswith("integrity_risk.") or not report.print_report_name:
            return response
        records = request.env[report.model].browse(int(part) for part in path[4].split(",") if part.isdigit())
        name = safe_eval(report.print_report_name, {"object": records, "time": time})
        response.headers["Content-Disposition"] = content_disposition(f"{name}.{EXTENSIONS[report_type]}")
        return response
