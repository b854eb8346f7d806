from odoo import models


class IntegrityAnnexMixin(models.AbstractModel):
    """Records that print annex tables: file names and the XLSX download."""

    _name = "integrity.annex.mixin"
    _description = "Printable Annex Tables"

    def _annex_filename(self, annex):
        env = self.env["integrity.annex"]._annex_env().env
        return env._("Annex %(number)s - %(name)s", number=annex, name=self.with_env(env).display_name)

    def action_annex_xlsx(self, annex=None):
        """Download annex 1-4 of these records as .xlsx (one sheet each); the button passes the annex in context."""
        annex = int(annex or self.env.context.get("annex") or 0)
        self.env["integrity.annex"].check_printable(annex, self)
        ids = ",".join(str(record_id) for record_id in self.ids)
        return {
            "type": "ir.actions.act_url",
            "url": f"/integrity_risk/annex/{annex}/xlsx?model={self._name}&ids={ids}",
            "target": "download",
        }
