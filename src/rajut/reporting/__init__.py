"""Single reporting: standard recaps computed from the integrated model.

Recaps are declared in ``recaps.yaml`` (SQL over ``integ.*``), computed with
:func:`compute_recap` for one reference date and written as xlsx, html or pdf with
:func:`write_report`.
"""

from rajut.reporting.builds import find_build
from rajut.reporting.compute import (
    compute_recap,
    compute_recap_on,
    concept_predicates,
    load_catalog,
    needs_build,
)
from rajut.reporting.definitions import Catalog, RecapDef, ReportError
from rajut.reporting.model import RecapResult, RecapTable
from rajut.reporting.write import FORMATS, write_report

__all__ = [
    "FORMATS",
    "Catalog",
    "RecapDef",
    "RecapResult",
    "RecapTable",
    "ReportError",
    "compute_recap",
    "compute_recap_on",
    "concept_predicates",
    "find_build",
    "load_catalog",
    "needs_build",
    "write_report",
]
