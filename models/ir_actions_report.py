from odoo import models

from ..report.page_numbers import number_pages


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """The module's PDFs carry their page numbers on every page, whichever wkhtmltopdf build rendered them."""
        content, report_format = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        report = self._get_report(report_ref)
        if report_format != "pdf" or not (report.report_name or "").startswith("integrity_risk."):
            return content, report_format
        env = self.env["integrity.annex"]._annex_env().env  # printed in the tables' language
        return number_pages(content, lambda page, total: env._("Page %(page)s of %(total)s", page=page,
                                                               total=total)), report_format
