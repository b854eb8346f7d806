from odoo import models
from odoo.exceptions import AccessError


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _check_access(self, operation):
        """The history of this module's records is their audit trail: nobody deletes its messages.

        Odoo lets whoever may write a record delete its messages; a working group writes its own records,
        and would purge the office's decisions and the tracking of filed ones.
        """
        result = super()._check_access(operation)
        if operation != "unlink" or self.env.su or not self._ids:
            return result
        # which record a message belongs to is read on the message itself
        trail = self.sudo().filtered(lambda message: (message.model or "").startswith("integrity."))
        if not trail:
            return result
        trail = trail.with_env(self.env)
        if result:
            return result[0] | trail, result[1]
        return trail, lambda: AccessError(self.env._(
            "Messages of the integrity risk records are their history: they are never deleted."))
