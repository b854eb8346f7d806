{
    "name": "Integrity Risk Control",
    "summary": "Yearly integrity-risk prevention and control campaigns of a university: "
    "organisation, self-checks, grading, annex tables, measures, inspections",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Integrity Risk",
    "website": "https://github.com/integrity-risk/integrity_risk",
    "author": "integrity_risk developers",
    "license": "LGPL-3",
    "application": True,
    "depends": ["hr", "mail"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/integrity_risk_groups.xml",
        "security/ir.model.access.csv",
        "security/integrity_risk_rules.xml",
        "data/integrity_phase_template_data.xml",
        "views/integrity_campaign_views.xml",
        "views/integrity_unit_views.xml",
        "views/integrity_phase_template_views.xml",
        "views/hr_employee_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/integrity_demo.xml",
    ],
    "installable": True,
}
