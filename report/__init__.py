from . import annex
from . import assessment_export
