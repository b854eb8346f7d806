from odoo import api, fields, models

CADRE_RANKS = [
    ("none", "Non-cadre"),
    ("deputy_section", "Deputy section level"),
    ("section", "Section level"),
    ("deputy_division", "Deputy division level"),
    ("division", "Division level"),
    ("bureau", "Deputy bureau level and above"),
]
# Party membership is private: HR and the discipline office read it, colleagues do not.
PRIVATE_GROUPS = "hr.group_hr_user,integrity_risk.group_office"
POLITICAL_STATUSES = [
    ("cpc", "CPC member"),
    ("democratic", "Democratic party member"),
    ("masses", "Masses / no party"),
]


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    cadre_rank = fields.Selection(
        CADRE_RANKS,
        default="none",
        tracking=True,
        help="Deputy section level and above are in the scope of integrity risk control.",
    )
    political_status = fields.Selection(
        POLITICAL_STATUSES,
        default="masses",
        tracking=True,
        groups=PRIVATE_GROUPS,
        help="Party members are in the scope of integrity risk control.",
    )

    @api.model
    def _integrity_scope_domain(self):
        """The plan's rule: cadres of deputy-section level and above, and party members."""
        ranked = [code for code, _label in CADRE_RANKS if code != "none"]
        return ["|", ("cadre_rank", "in", ranked), ("political_status", "=", "cpc")]
