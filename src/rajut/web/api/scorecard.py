"""API: the collaboration scorecard as JSON, for the same roles as the page (``/kinerja``).

The body is :meth:`rajut.governance.scorecard.Scorecard.to_dict` unchanged (the same
keys as ``rajut scorecard --json``; definitions in docs/scorecard.md). Counts and rates
per agency and unit only, no personal data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request

from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.web.context import ctx_of
from rajut.web.pages.scorecard import chosen_period
from rajut.web.policy import allow
from rajut.web.scorecard_view import compute_for

router = APIRouter()


@router.get("/scorecard")
def scorecard(
    request: Request,
    period: str = Query(
        "", max_length=20, description="bulan TTTT-BB atau triwulan TTTT-Qn; bawaan: triwulan ini"
    ),
    who: Principal = allow(Perm.CATALOG_VIEW),
) -> dict[str, Any]:
    """Every scorecard metric per agency and per unit for one month or quarter."""
    today = date.today()
    card = compute_for(ctx_of(request), chosen_period(period, today), today)
    return card.to_dict()
