"""The collaboration scorecard: each agency's and unit's contribution to integration.

periods  ``YYYY-MM`` / ``YYYY-Qn`` scorecard periods
compute  every metric (defined in docs/scorecard.md) from the ingest runs, the linkage and
         integration tables, and the proposals and ideas in the app state
xlsx     the workbook formatted as SKP evidence (one sheet per level, definitions included)
"""

from rajut.governance.scorecard.compute import (
    AgencyScore,
    Scorecard,
    UnitScore,
    compute_scorecard,
)
from rajut.governance.scorecard.periods import ScorePeriod, parse_score_period
from rajut.governance.scorecard.xlsx import write_scorecard_xlsx

__all__ = [
    "AgencyScore",
    "ScorePeriod",
    "Scorecard",
    "UnitScore",
    "compute_scorecard",
    "parse_score_period",
    "write_scorecard_xlsx",
]
