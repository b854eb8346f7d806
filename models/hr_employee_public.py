from odoo import fields, models

from .hr_employee import CADRE_RANKS, POLITICAL_STATUSES, PRIVATE_GROUPS


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    # Same columns as on hr.employee, so units see the ranks in scope; party membership for the office only.
    cadre_rank = fields.Selection(CADRE_RANKS, readonly=True)
    political_status = fields.Selection(POLITICAL_STATUSES, readonly=True, groups=PRIVATE_GROUPS)
