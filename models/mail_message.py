from odoo import models
from odoo.exceptions import AccessError

# what a message says and where it belongs: the audit trail's content
TRAIL_FIELDS = frozenset({"body", "attachment_ids", "tracking_value_ids", "author_id", "author_guest_id", "model",
                          "res_id", "subtype_id", "message_type", "date", "subject", "record_name"})


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

    def write(self, vals):
        """Nobody rewrites the history of this module's records either (Odoo's own edit of one's comment runs as
        the superuser after its author check, and stays possible)."""
        if not self.env.su and TRAIL_FIELDS.intersection(vals) and any(
                (message.model or "").startswith("integrity.") for message in self.sudo()):
            raise AccessError(self.env._(
                "Messages of the integrity risk records are their history: they are never rewritten."))
        return super().write(vals)

