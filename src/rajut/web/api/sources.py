"""API: the source catalog, uploads, ingest jobs and quality, with the pages' permissions.

A Dinas system sends its monthly file with two calls: ``POST .../uploads`` (multipart
``file``) then ``POST .../ingest`` with the upload id, and polls ``GET /jobs/{id}``. The
source's contract must already read the file (map a new layout once in the web wizard).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Request, UploadFile
from pydantic import BaseModel, Field

from rajut.errors import RajutError
from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.web.catalog import catalog, entry
from rajut.web.context import ctx_of
from rajut.web.ingest_job import receive_upload, start_ingest, upload_of
from rajut.web.pages.jobs import job_of
from rajut.web.pages.sources import quality_report
from rajut.web.policy import allow
from rajut.web.source_access import contract_or_404, require_owner

router = APIRouter(tags=["sumber"])


class SourceInfo(BaseModel):
    """One registered source: SDI metadata, owner, latest period and counts (no person data)."""

    name: str
    owner: str
    metadata: dict[str, Any] = Field(description="Metadata SDI: judul, frekuensi, konsep, ...")
    periods: list[str]
    latest_period: str | None
    last_ingest: str | None
    runs: int
    accepted: int | None = Field(description="Baris diterima pada pemuatan terakhir.")
    quarantined: int | None = Field(description="Baris dikarantina pada pemuatan terakhir.")
    accepted_share: float | None
    timeliness: str = Field(description="'tepat waktu', 'terlambat N hari' atau 'tidak dinilai'.")
    days_late: int


class SourceDetail(SourceInfo):
    """A source with every ingest run, newest first."""

    history: list[dict[str, Any]]


class UploadReceived(BaseModel):
    ok: bool = True
    upload_id: int
    file: str = Field(description="Nama berkas yang sudah dibersihkan (hanya untuk tampilan).")
    size_bytes: int
    sha256: str


class IngestRequest(BaseModel):
    upload_id: int = Field(description="ID dari POST /api/v1/sources/{name}/uploads.")


class IngestStarted(BaseModel):
    ok: bool = True
    job_id: int
    status_url: str


class JobInfo(BaseModel):
    """A background job: status queued/running/done/failed, progress 0–100, result or error."""

    job_id: int
    kind: str
    status: str
    step: str
    progress: int
    params: dict[str, Any]
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    created_at: str
    finished_at: str | None


@router.get("/sources", response_model=list[SourceInfo])
def list_sources(request: Request, who: Principal = allow(Perm.CATALOG_VIEW)) -> Any:
    """Every registered source with its metadata, latest period, counts and timeliness."""
    return [e.to_dict() for e in catalog(ctx_of(request).ws)]


@router.get("/sources/{name}", response_model=SourceDetail)
def get_source(request: Request, name: str, who: Principal = allow(Perm.CATALOG_VIEW)) -> Any:
    """One source with its full ingest history (period, file, rows, accepted, quarantined)."""
    ctx = ctx_of(request)
    return entry(ctx.ws, contract_or_404(ctx, name)).to_dict(with_runs=True)


@router.post("/sources/{name}/uploads", response_model=UploadReceived)
def upload_to_source(
    request: Request,
    name: str,
    file: UploadFile | None = File(None),
    who: Principal = allow(Perm.SOURCES_OWN),
) -> Any:
    """Upload a file for ``name`` (multipart field ``file``); checked, stored, not yet loaded.

    Only the owner agency (or the walidata) may upload; the type must match the extension
    and archives are refused when they would expand too far.
    """
    ctx = ctx_of(request)
    contract = contract_or_404(ctx, name)
    require_owner(who, contract)
    if file is None or not file.filename:
        raise RajutError(
            "Permintaan tidak membawa berkas.",
            "Kirim multipart/form-data dengan medan 'file'.",
            code="upload-missing",
        )
    row = receive_upload(ctx, request, who, file.filename, file.file, contract.name)
    return UploadReceived(
        upload_id=row.id, file=row.original_name, size_bytes=row.size_bytes, sha256=row.sha256
    )


@router.post("/sources/{name}/ingest", response_model=IngestStarted)
def ingest_upload(
    request: Request, name: str, body: IngestRequest, who: Principal = allow(Perm.SOURCES_OWN)
) -> Any:
    """Load an uploaded file as a new run of ``name`` in the background; poll the job."""
    ctx = ctx_of(request)
    contract = contract_or_404(ctx, name)
    require_owner(who, contract)
    upload = upload_of(ctx, who, body.upload_id)
    if upload.source and upload.source != contract.name:
        raise RajutError(
            f"Unggahan {upload.id} diunggah untuk sumber {upload.source}, bukan {contract.name}.",
            f"Pakai POST /api/v1/sources/{upload.source}/ingest, atau unggah ulang.",
            code="upload-other-source",
        )
    job_id = start_ingest(ctx, request, who, upload, contract.name)
    return IngestStarted(job_id=job_id, status_url=f"/api/v1/jobs/{job_id}")


@router.get("/jobs/{job_id}", response_model=JobInfo)
def get_job(request: Request, job_id: int, who: Principal = allow(Perm.SELF)) -> Any:
    """Status of a background job you started (walidata: any job)."""
    job = job_of(ctx_of(request), who, job_id)
    return JobInfo(
        job_id=job.id,
        kind=job.kind,
        status=job.status,
        step=job.step,
        progress=job.progress,
        params=job.params,
        result=job.result,
        error=job.error,
        created_at=job.created_at.isoformat(),
        finished_at=job.finished_at.isoformat() if job.finished_at else None,
    )


@router.get("/sources/{name}/quality")
def source_quality(
    request: Request, name: str, run: str | None = None, who: Principal = allow(Perm.SOURCES_OWN)
) -> dict[str, Any]:
    """The quality report of the latest (or ``run``) ingest of ``name``: owner or walidata.

    Same metrics as the web page and ``rajut quality``; NIK and No. KK in examples are masked.
    """
    ctx = ctx_of(request)
    report = quality_report(ctx, request, who, name, run)
    return {"ok": True, **report.to_dict()}
