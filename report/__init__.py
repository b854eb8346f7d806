from . import annex
