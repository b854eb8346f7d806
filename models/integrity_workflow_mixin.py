from odoo import models
from odoo.exceptions import UserError


class IntegrityWorkflowMixin(models.AbstractModel):
    """Fields that only the workflow buttons change, even for users who may write the record."""

    _name = "integrity.workflow.mixin"
    _description = "Integrity Workflow Fields"

    _workflow_fields = frozenset({"state"})

    def write(self, vals):
        changed = self._workflow_fields.intersection(vals)
        if changed and not self.env.su and not self.env.context.get("integrity_workflow"):
            labels = "、".join(self._fields[name]._description_string(self.env) for name in sorted(changed))
            raise UserError(self.env._(
                "%(fields)s of %(model)s change only through the buttons of the form.",
                fields=labels, model=self.env["ir.model"]._get(self._name).name,
            ))
        return super().write(vals)

    def _workflow_write(self, vals):
        return self.with_context(integrity_workflow=True).write(vals)
