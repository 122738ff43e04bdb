"""Uploads: record a stored file, and ingest it in the background with progress.

Why shared: the upload page and ``POST /api/v1/sources/{name}/uploads`` store the same
way, and the wizard's "Konfirmasi dan muat" and ``POST /api/v1/sources/{name}/ingest``
start the same job; both audit the same actions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from fastapi import HTTPException, Request

from rajut.appstate.models import Upload
from rajut.governance.corrections.service import close_after_ingest
from rajut.governance.users import Principal
from rajut.sources.ingest import ingest_file
from rajut.sources.registry import get_contract
from rajut.web.context import WebContext
from rajut.web.source_access import require_owner, require_upload_owner
from rajut.web.uploads import discard, settle, store_upload

#: ingest steps (rajut.sources.ingest) → percent shown on the progress bar
STEP_PERCENT = {
    "Menghitung sidik berkas": 10,
    "Membaca berkas": 30,
    "Membakukan nilai": 60,
    "Menyimpan hasil": 85,
}


def uploads_dir(ctx: WebContext) -> Path:
    return ctx.ws.data_dir / "uploads"


def receive_upload(
    ctx: WebContext,
    request: Request,
    who: Principal,
    client_name: str | None,
    stream: BinaryIO,
    source: str | None,
) -> Upload:
    """Store and check one uploaded file, record its :class:`Upload` row, audit ``upload``."""
    stored = store_upload(uploads_dir(ctx), client_name, stream, ctx.max_upload_bytes)
    with ctx.state.session() as session:
        row = Upload(
            user_id=who.id,
            agency=who.agency,
            original_name=stored.display_name,
            stored_path="",
            size_bytes=stored.size_bytes,
            sha256=stored.sha256,
            source=source,
        )
        session.add(row)
        session.flush()
        row.stored_path = str(settle(stored, row.id))
    ctx.record(
        request,
        who,
        "upload",
        target=source or "(sumber baru)",
        details={
            "upload_id": row.id,
            "file": stored.display_name,
            "bytes": stored.size_bytes,
            "sha256": stored.sha256,
        },
    )
    return row


def upload_of(ctx: WebContext, who: Principal, upload_id: int) -> Upload:
    """The upload ``upload_id`` if ``who`` may use it (404 unknown, 403 someone else's)."""
    with ctx.state.session() as session:
        row = session.get(Upload, upload_id)
        if row is not None:
            session.expunge(row)
    if row is None:
        raise HTTPException(404, "Unggahan tidak ditemukan.")
    require_upload_owner(who, row)
    return row


def set_upload_source(ctx: WebContext, upload_id: int, source: str) -> None:
    with ctx.state.session() as session:
        row = session.get(Upload, upload_id)
        if row is not None:
            row.source = source


def _body(ctx: WebContext, upload: Upload, source: str) -> Callable[..., dict[str, Any]]:
    path = Path(upload.stored_path)

    def body(progress: Callable[[str, int], None]) -> dict[str, Any]:
        result = ingest_file(
            ctx.ws, source, path, on_step=lambda step: progress(step, STEP_PERCENT.get(step, 50))
        )
        discard(path)  # the raw archive keeps the file from now on
        closed: list[int] = []
        if not result.already_ingested and result.run_id:
            # accepted corrections that the owner's new file now carries stop being overlays
            closed = close_after_ingest(ctx.ws, source, result.run_id, state=ctx.state)
        return {
            **result.to_dict(),
            "file": upload.original_name,
            "upload_id": upload.id,
            "corrections_closed": closed,
        }

    return body


def start_ingest(
    ctx: WebContext, request: Request, who: Principal, upload: Upload, source: str
) -> int:
    """Check ownership, then queue the ingest of ``upload`` as ``source``; audit ``ingest``."""
    contract = get_contract(ctx.ws, source)
    require_owner(who, contract)
    if not Path(upload.stored_path).is_file():
        raise HTTPException(404, "Berkas unggahan ini sudah dimuat atau sudah dihapus.")
    set_upload_source(ctx, upload.id, source)
    job_id = ctx.jobs.submit(
        "ingest",
        _body(ctx, upload, source),
        params={"source": source, "upload_id": upload.id, "file": upload.original_name},
        user_id=who.id,
        agency=who.agency,
    )
    ctx.record(
        request,
        who,
        "ingest",
        target=source,
        details={"upload_id": upload.id, "job_id": job_id, "file": upload.original_name},
    )
    return job_id
