from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRINTABLE_MODELS = ("integrity.self.check", "integrity.unit", "integrity.campaign")


class IntegrityAnnexController(http.Controller):
    @http.route("/integrity_risk/annex/<int:annex>/xlsx", type="http", auth="user", methods=["GET"])
    def annex_xlsx(self, annex, model, ids, **_kwargs):
        """The annex tables of the given records as one .xlsx, under the user's own rights."""
        if model not in PRINTABLE_MODELS or annex not in (1, 2, 3, 4):
            raise NotFound()
        record_ids = [int(part) for part in ids.split(",") if part.strip().isdigit()]
        records = request.env[model].browse(record_ids).exists()
        filename, content = request.env["integrity.annex"].xlsx(annex, records)
        return request.make_response(content, headers=[
            ("Content-Type", XLSX),
            ("Content-Disposition", content_disposition(filename)),
            ("Content-Length", len(content)),
        ])

    @http.route("/integrity_risk/assessment/<int:campaign_id>/xlsx", type="http", auth="user", methods=["GET"])
    def assessment_xlsx(self, campaign_id, **_kwargs):
        """The campaign's assessment figures per unit and per cadre, for the leading group and its office."""
        campaign = request.env["integrity.campaign"].browse(campaign_id).exists()
        if not campaign:
            raise NotFound()
        filename, content = request.env["integrity.assessment.export"].xlsx(campaign)
        return request.make_response(content, headers=[
            ("Content-Type", XLSX),
            ("Content-Disposition", content_disposition(filename)),
            ("Content-Length", len(content)),
        ])
