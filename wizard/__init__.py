from . import integrity_adjust_mixin
from . import integrity_return
from . import integrity_submission_decision
from . import integrity_risk_adjust
from . import integrity_measure_adjust
from . import integrity_import
