from odoo import models


class IntegrityAnnexMixin(models.AbstractModel):
    """Records that print annex tables (self-checks, units, campaigns): the names of their files."""

    _name = "integrity.annex.mixin"
    _description = "Printable Annex Tables"

    def _annex_filename(self, annex):
        return self.env["integrity.annex"].file_name(annex, self)
