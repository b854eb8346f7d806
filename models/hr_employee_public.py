from odoo import fields, models

from .hr_employee import CADRE_RANKS, POLITICAL_STATUSES


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    # Same columns as on hr.employee, so units and the office see who is in scope.
    cadre_rank = fields.Selection(CADRE_RANKS, readonly=True)
    political_status = fields.Selection(POLITICAL_STATUSES, readonly=True)
