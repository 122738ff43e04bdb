"""Upload a file, confirm its mapping (contract wizard), ingest it with progress, see quality.

Flow for a Dinas staff member with a spreadsheet: ``/unggah`` (choose the file and the
source) → ``/unggah/{id}/peta`` (each column with examples and the suggested field;
confirm or change) → "Konfirmasi dan muat" → ``/tugas/{job}`` (progress) → quality report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from rajut.appstate.models import Upload
from rajut.errors import RajutError
from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.sources.assistant.metadata import guess_owner
from rajut.sources.contract import ContractError
from rajut.sources.registry import contract_path, get_contract
from rajut.web.context import WebContext, ctx_of
from rajut.web.i18n import N_
from rajut.web.ingest_job import receive_upload, start_ingest, upload_of
from rajut.web.mapping import (
    FREQUENCIES,
    GRANULARITIES,
    GRANULARITY_LABELS,
    MappingView,
    build_view,
    contract_from_form,
    default_name,
    field_options,
    save_contract,
)
from rajut.web.policy import allow
from rajut.web.render import page
from rajut.web.source_access import (
    contract_or_404,
    managed_contracts,
    require_owner,
    sees_all,
)
from rajut.web.uploads import UploadError

router = APIRouter()
NEW_SOURCE = "__baru__"


def _recent(ctx: WebContext, who: Principal) -> list[Upload]:
    with ctx.state.session() as session:
        query = select(Upload).order_by(Upload.id.desc()).limit(10)
        if not sees_all(who):
            query = query.where(Upload.user_id == who.id)
        return list(session.scalars(query))


def _upload_page(
    request: Request, who: Principal, *, error: RajutError | None = None, status: int = 200
) -> Response:
    ctx = ctx_of(request)
    return page(
        request,
        "upload.html",
        status_code=status,
        sources=managed_contracts(ctx, who),
        recent=_recent(ctx, who),
        new_source=NEW_SOURCE,
        max_mb=ctx.max_upload_bytes // 1024**2,
        error=error,
    )


@router.get("/unggah")
def upload_form(request: Request, who: Principal = allow(Perm.SOURCES_OWN)) -> Response:
    return _upload_page(request, who)


@router.post("/unggah")
def upload_file(
    request: Request,
    berkas: UploadFile | None = File(None),
    sumber: str = Form(NEW_SOURCE),
    who: Principal = allow(Perm.SOURCES_OWN),
) -> Response:
    ctx = ctx_of(request)
    source: str | None = None
    if sumber != NEW_SOURCE:
        contract = contract_or_404(ctx, sumber)
        require_owner(who, contract)
        source = contract.name
    if berkas is None or not berkas.filename:
        error = RajutError("Belum ada berkas yang dipilih.", "Klik 'Pilih berkas' lalu kirim.")
        return _upload_page(request, who, error=error, status=400)
    try:
        row = receive_upload(ctx, request, who, berkas.filename, berkas.file, source)
    except UploadError as exc:
        return _upload_page(request, who, error=exc, status=400)
    return RedirectResponse(f"/unggah/{row.id}/peta", status_code=303)


def _view(
    ctx: WebContext, who: Principal, upload: Upload, *, name: str | None, edit: bool
) -> MappingView:
    path = Path(upload.stored_path)
    source = upload.source or name
    if source and contract_path(ctx.ws, source).is_file():
        contract = get_contract(ctx.ws, source)
        require_owner(who, contract)
        return build_view(
            path, existing=contract, name=contract.name, owner=contract.owner, edit=edit
        )
    owner = who.agency or guess_owner(Path(upload.original_name)) or ""
    return build_view(
        path,
        existing=None,
        name=source or default_name(upload.original_name),
        owner=owner,
        edit=edit,
    )


def _map_page(
    request: Request,
    who: Principal,
    upload: Upload,
    view: MappingView | None,
    *,
    error: RajutError | None = None,
    message: str = "",
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    return page(
        request,
        "upload_map.html",
        status_code=status,
        upload=upload,
        view=view,
        options=field_options(),
        frequencies=FREQUENCIES,
        granularities=GRANULARITIES,
        granularity_labels=GRANULARITY_LABELS,
        error=error,
        message=message,
        form=form or {},
        owner_editable=who.agency is None,
    )


@router.get("/unggah/{upload_id}/peta")
def mapping_form(
    request: Request,
    upload_id: int,
    ubah: int = 0,
    simpan: int = 0,
    who: Principal = allow(Perm.SOURCES_OWN),
) -> Response:
    ctx = ctx_of(request)
    upload = upload_of(ctx, who, upload_id)
    if not Path(upload.stored_path).is_file():
        return _map_page(request, who, upload, None)
    view = _view(ctx, who, upload, name=None, edit=bool(ubah))
    message = N_("Pemetaan disimpan. Periksa sekali lagi, lalu muat berkasnya.") if simpan else ""
    return _map_page(request, who, upload, view, message=message)


@router.post("/unggah/{upload_id}/peta")
async def save_mapping(
    request: Request, upload_id: int, who: Principal = allow(Perm.SOURCES_OWN)
) -> Response:
    ctx = ctx_of(request)
    upload = upload_of(ctx, who, upload_id)
    if not Path(upload.stored_path).is_file():
        return _map_page(request, who, upload, None, status=404)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    name = upload.source or form.get("nama", "").strip()
    view = _view(ctx, who, upload, name=name or None, edit=True)
    if view.new_source:
        view.name = name or view.name
        if who.agency is None:
            view.owner = form.get("pemilik", "").strip() or view.owner
    try:
        if not view.owner:
            raise ContractError(
                "Dinas pemilik data belum diisi.", "Tulis nama dinas pemilik (mis. Dinas Sosial)."
            )
        contract = contract_from_form(view, form)
        replaced = save_contract(ctx.ws, contract, ctx.ws.data_dir / "contract_history")
    except ContractError as exc:
        return _map_page(request, who, upload, view, error=exc, form=form, status=400)
    with ctx.state.session() as session:
        row = session.get(Upload, upload.id)
        if row is not None:
            row.source = contract.name
    ctx.record(
        request,
        who,
        "contract_save",
        target=contract.name,
        details={
            "upload_id": upload.id,
            "replaced": replaced,
            "fingerprint": contract.fingerprint(),
            "columns": len(contract.columns),
        },
    )
    return RedirectResponse(f"/unggah/{upload.id}/peta?simpan=1", status_code=303)


@router.post("/unggah/{upload_id}/muat")
def confirm_and_ingest(
    request: Request, upload_id: int, who: Principal = allow(Perm.SOURCES_OWN)
) -> Response:
    ctx = ctx_of(request)
    upload = upload_of(ctx, who, upload_id)
    if not upload.source:
        raise RajutError(
            "Berkas ini belum punya pemetaan kolom.",
            "Simpan pemetaannya dulu di halaman ini, lalu muat.",
            code="upload-unmapped",
        )
    job_id = start_ingest(ctx, request, who, upload, upload.source)
    return RedirectResponse(f"/tugas/{job_id}", status_code=303)
