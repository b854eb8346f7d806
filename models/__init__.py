from . import (
    hr_employee,
    hr_employee_public,
    integrity_campaign,
    integrity_campaign_leader,
    integrity_campaign_phase,
    integrity_phase_template,
    integrity_unit,
)
