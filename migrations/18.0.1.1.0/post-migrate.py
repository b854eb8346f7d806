"""18.0.1.1.0: the module's mail templates print dates in the reader's format (they are not updated by the
module's data: a university may have edited them, so only the date expressions are rewritten)."""

from odoo import SUPERUSER_ID, api

DATES = ("object.deadline", "object.current_deadline", "object.inspection_id.date")


def formatted(text):
    for expression in DATES:
        text = text.replace("{{ " + expression + " }}", "{{ format_date(" + expression + ") }}")
        text = text.replace(f"t-out=\"{expression} or ''\"", f"t-out=\"format_date({expression}) or ''\"")
    return text


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    data = env["ir.model.data"].search([("module", "=", "integrity_risk"), ("model", "=", "mail.template")])
    templates = env["mail.template"].browse(data.mapped("res_id")).exists()
    for lang, _name in env["res.lang"].get_installed():
        for template in templates.with_context(lang=lang):
            values = {name: formatted(template[name]) for name in ("subject", "body_html")
                      if template[name] and formatted(template[name]) != template[name]}
            if values:
                template.write(values)
