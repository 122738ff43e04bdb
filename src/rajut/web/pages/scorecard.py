"""Kartu kinerja kolaborasi: every agency's contribution to integration, for one period.

Who sees it: everyone who sees the source catalog (:data:`Perm.CATALOG_VIEW`: walidata,
pimpinan, analis and every produsen). A produsen sees all agencies, not only their own,
on purpose: making each Dinas's work visible to the others is the point of the
scorecard; their own row is highlighted. The auditor does not hold the permission. The
scorecard holds no personal data (counts and rates per agency and unit), so viewing it
is not audited; the workbook download is (``export``), as every download.

Numbers come from :func:`rajut.governance.scorecard.compute_scorecard`; definitions
from :data:`rajut.governance.scorecard.metrics.AGENCY_METRICS` (docs/scorecard.md).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from fastapi import APIRouter, Query, Request, Response

from rajut.governance.roles import Perm, same_agency
from rajut.governance.scorecard import parse_score_period, write_scorecard_xlsx
from rajut.governance.scorecard.metrics import AGENCY_METRICS, UNIT_METRICS
from rajut.governance.scorecard.periods import ScorePeriod, ScorePeriodError
from rajut.governance.users import Principal
from rajut.web.context import ctx_of
from rajut.web.i18n import N_, gettext_for
from rajut.web.policy import allow
from rajut.web.render import locale_of, page
from rajut.web.scorecard_view import (
    COOPERATION_METRICS,
    DATA_METRICS,
    MONTH_NAMES,
    NO_UNIT,
    charts,
    compute_for,
    current_quarter,
    metric_text,
    period_choices,
)

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chosen_period(text: str, today: date) -> ScorePeriod:
    """``?period=`` as a scorecard period; empty means the current quarter."""
    return parse_score_period(text) if text.strip() else current_quarter(today)


def own_agency(who: Principal) -> str | None:
    """The agency to highlight: a produsen's own; the other roles have none."""
    return who.agency if who.role == "produsen" else None


@router.get("/kinerja")
def scorecard_page(
    request: Request,
    period: str = Query("", max_length=20),
    who: Principal = allow(Perm.CATALOG_VIEW),
) -> Response:
    """The scorecard of one month or quarter: tables, charts, per unit, definitions."""
    ctx = ctx_of(request)
    today = date.today()
    try:
        chosen = chosen_period(period, today)
    except ScorePeriodError as exc:
        return page(
            request,
            "scorecard.html",
            status_code=400,
            error=exc,
            asked=period,
            choices=period_choices(today),
            months=MONTH_NAMES,
            selected="",
        )
    card = compute_for(ctx, chosen, today)
    mine = own_agency(who)
    tr = gettext_for(locale_of(request)).gettext
    return page(
        request,
        "scorecard.html",
        error=None,
        card=card,
        choices=period_choices(today, chosen),
        months=MONTH_NAMES,
        selected=chosen.label,
        groups=[
            (N_("Pengiriman data dan mutu"), DATA_METRICS),
            (N_("Usulan koreksi dan ide perbaikan"), COOPERATION_METRICS),
        ],
        metrics=AGENCY_METRICS,
        unit_metrics=UNIT_METRICS,
        no_unit=NO_UNIT,
        show=metric_text,
        tr=tr,  # labels with '%' cannot go through the template's _() (it formats)
        mine=mine,
        is_mine=lambda agency: mine is not None and same_agency(mine, agency),
        charts=charts(card, tr, mine),
    )


@router.get("/kinerja.xlsx")
def scorecard_xlsx(
    request: Request,
    period: str = Query("", max_length=20),
    who: Principal = allow(Perm.CATALOG_VIEW),
) -> Response:
    """The workbook for SKP evidence (summary, evidence per agency, per unit, definitions)."""
    ctx = ctx_of(request)
    today = date.today()
    card = compute_for(ctx, chosen_period(period, today), today)
    name = f"kartu-kinerja-{card.period.label}.xlsx"
    with tempfile.TemporaryDirectory(prefix="rajut-kinerja-") as folder:
        path = write_scorecard_xlsx(
            card, Path(folder) / name, kabupaten=ctx.ws.settings.general.name
        )
        body = path.read_bytes()
    ctx.record(
        request,
        who,
        "export",
        target=f"kinerja.xlsx {card.period.label}",
        details={"isi": "kartu kinerja kolaborasi", "agencies": len(card.agencies)},
    )
    return Response(
        body,
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
