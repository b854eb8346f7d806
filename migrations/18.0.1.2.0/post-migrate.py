"""18.0.1.2.0: a campaign names its grading rules with a Many2one (it listed them as a One2many of one)."""


def migrate(cr, version):
    cr.execute("""
        UPDATE integrity_campaign campaign
           SET grading_config_id = config.id
          FROM integrity_grading_config config
         WHERE config.campaign_id = campaign.id AND campaign.grading_config_id IS NULL
    """)
