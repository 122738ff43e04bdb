"""Source catalog: SDI metadata, periods and run history per source; each run's quality.

The catalog is metadata only (every role with ``catalog.view``). The quality report lists
affected rows, so only the owner agency and the walidata may open it (audited).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.quality import QualityReport, compute_quality, render_quality_fragment
from rajut.quality import write_quality_xlsx as _write_xlsx
from rajut.web.catalog import catalog, entry
from rajut.web.context import WebContext, ctx_of
from rajut.web.policy import allow
from rajut.web.render import page
from rajut.web.source_access import contract_or_404, may_manage, require_owner

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/sumber")
def source_catalog(request: Request, who: Principal = allow(Perm.CATALOG_VIEW)) -> Response:
    entries = catalog(ctx_of(request).ws)
    return page(
        request,
        "sources.html",
        entries=entries,
        manageable={e.contract.name for e in entries if may_manage(who, e.contract.owner)},
    )


@router.get("/sumber/{name}")
def source_detail(
    request: Request, name: str, who: Principal = allow(Perm.CATALOG_VIEW)
) -> Response:
    ctx = ctx_of(request)
    contract = contract_or_404(ctx, name)
    return page(
        request,
        "sources_detail.html",
        e=entry(ctx.ws, contract),
        can_manage=may_manage(who, contract.owner),
    )


def quality_report(
    ctx: WebContext, request: Request, who: Principal, name: str, run: str | None
) -> QualityReport:
    """The quality of one run of ``name``, for its owner or the walidata; audited."""
    contract = contract_or_404(ctx, name)
    require_owner(who, contract)
    with ctx.analytics() as con:
        report = compute_quality(ctx.ws, name, run or None, con=con)
    ctx.record(request, who, "quality_view", target=name, details={"run_id": report.run_id})
    return report


@router.get("/sumber/{name}/mutu")
def source_quality(
    request: Request,
    name: str,
    run: str | None = None,
    who: Principal = allow(Perm.SOURCES_OWN),
) -> Response:
    ctx = ctx_of(request)
    report = quality_report(ctx, request, who, name, run)
    return page(
        request,
        "sources_quality.html",
        report=report,
        fragment=render_quality_fragment(report),
        runs=entry(ctx.ws, contract_or_404(ctx, name)).runs,
    )


@router.get("/sumber/{name}/mutu.xlsx")
def source_quality_xlsx(
    request: Request,
    name: str,
    run: str | None = None,
    who: Principal = allow(Perm.SOURCES_OWN),
) -> Response:
    ctx = ctx_of(request)
    contract = contract_or_404(ctx, name)
    require_owner(who, contract)
    with ctx.analytics() as con:
        report = compute_quality(ctx.ws, name, run or None, con=con)
    folder = Path(tempfile.mkdtemp(prefix="rajut-mutu-"))
    path = _write_xlsx(report, folder / f"mutu_{name}_{report.run_id}.xlsx")
    ctx.record(
        request,
        who,
        "export",
        target=name,
        details={"what": "laporan mutu (xlsx)", "run_id": report.run_id},
    )
    return FileResponse(
        path,
        media_type=XLSX,
        filename=path.name,
        background=BackgroundTask(_remove, folder),
    )


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
