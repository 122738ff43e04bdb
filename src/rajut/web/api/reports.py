"""API: Standard recaps (reports).

The recap catalog and :func:`rajut.reporting.compute_recap_on` as JSON, for the same role as
the dashboard (aggregates only). A recap is computed on the app's analytics connection for
an existing build; a request never starts a build (walidata does that in Administrasi).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from rajut.errors import RajutError
from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.integrate import latest_build_id
from rajut.reporting import (
    compute_recap_on,
    concept_predicates,
    find_build,
    load_catalog,
    needs_build,
)
from rajut.targeting.engine import build_as_of
from rajut.web.context import ctx_of
from rajut.web.policy import allow

router = APIRouter()


class RecapTableInfo(BaseModel):
    id: str
    judul: str


class RecapInfo(BaseModel):
    """One recap of the catalog."""

    id: str
    judul: str
    deskripsi: str
    tables: list[RecapTableInfo]


class RecapCatalogOut(BaseModel):
    recaps: list[RecapInfo]


class RecapTableOut(BaseModel):
    id: str
    title: str
    rows: int
    records: list[dict[str, Any]] = Field(description="baris tabel, kunci = nama kolom")


class RecapOut(BaseModel):
    """A recap computed for one build of the integrated model."""

    recap: str
    title: str
    as_of: date
    build_id: str
    generated_at: str
    source_note: str = Field(description="kalimat sumber data: build dan periode tiap sumber")
    tables: list[RecapTableOut]


@router.get("/reports", response_model=RecapCatalogOut)
def reports(request: Request, who: Principal = allow(Perm.DASHBOARD_VIEW)) -> RecapCatalogOut:
    """The standard recaps (shipped plus the workspace's own) and their tables."""
    catalog = load_catalog(ctx_of(request).ws)
    return RecapCatalogOut(
        recaps=[
            RecapInfo(
                id=r.id,
                judul=r.judul,
                deskripsi=r.deskripsi,
                tables=[RecapTableInfo(id=t.id, judul=t.judul) for t in r.tabel],
            )
            for r in catalog.rekap
        ]
    )


@router.get("/reports/{recap}", response_model=RecapOut)
def report(
    request: Request,
    recap: str,
    as_of: date | None = Query(None, description="tanggal acuan YYYY-MM-DD; bawaan: build terbaru"),
    who: Principal = allow(Perm.DASHBOARD_VIEW),
) -> RecapOut:
    """One recap as JSON for ``as_of`` (default: the date of the newest build)."""
    ctx = ctx_of(request)
    catalog = load_catalog(ctx.ws)
    definition = catalog.get(recap)
    with ctx.analytics() as con:
        if as_of is None:
            newest = latest_build_id(con)
            if newest is None:
                raise RajutError(
                    "Belum ada data terpadu untuk rekap.",
                    "Walidata: jalankan pembangunan data terpadu lebih dulu.",
                )
            as_of = build_as_of(con, newest)
        build_id: str | None = None
        if needs_build(definition, catalog, concept_predicates(ctx.ws)):
            build_id = find_build(con, as_of)
            if build_id is None:
                raise RajutError(
                    f"Belum ada data terpadu per tanggal {as_of.isoformat()}.",
                    "Pakai tanggal acuan build yang ada (kosongkan as_of untuk build terbaru), "
                    "atau minta walidata membangun data per tanggal itu.",
                )
        result = compute_recap_on(con, ctx.ws, recap, as_of, build_id=build_id, catalog=catalog)
    return RecapOut(
        recap=result.recap_id,
        title=result.title,
        as_of=result.as_of,
        build_id=result.build_id,
        generated_at=result.generated_at,
        source_note=result.source_note,
        tables=[
            RecapTableOut(id=t.id, title=t.title, rows=len(t.rows), records=t.records())
            for t in result.tables
        ],
    )
