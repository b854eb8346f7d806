from odoo import api, fields, models

GUIDANCE_TOPICS = [
    ("category_power", "Category: Power Exercise"),
    ("category_institution", "Category: Institutions and Mechanisms"),
    ("category_ideology", "Category: Ideology and Morals"),
    ("level_high", "Level: High"),
    ("level_medium", "Level: Medium"),
    ("level_low", "Level: Low"),
]


class IntegrityGuidance(models.Model):
    """The plan's definitions shown where people choose a category or a level; the office edits them."""

    _name = "integrity.guidance"
    _description = "Guidance for Categories and Levels"
    _order = "sequence, id"

    topic = fields.Selection(GUIDANCE_TOPICS, required=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Heading", required=True, translate=True)
    text = fields.Text(required=True, translate=True,
                       help="What the plan says: the main forms of this category, or what makes a risk this level.")
    active = fields.Boolean(default=True)

    _sql_constraints = [("topic_unique", "unique(topic)", "Each topic has one guidance text.")]

    @api.model
    def _panel(self):
        """The guidance as one help panel (rendered from data: QWeb escapes what the office wrote)."""
        entries = self.search([])  # pylint: disable=no-search-all  # six texts the office keeps
        return self.env["ir.qweb"]._render("integrity_risk.guidance_panel", {
            "categories": entries.filtered(lambda g: g.topic.startswith("category_")),
            "levels": entries.filtered(lambda g: g.topic.startswith("level_")),
        })
