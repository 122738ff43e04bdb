"""Who may work on which source: the owner agency's produsen data, and the walidata.

Why a module: pages and the API must refuse the same things with the same words, so the
check that a produsen touches only their own Dinas's sources lives in one place. Upload
rows and jobs belong to the user who made them (walidata sees all).
"""

from __future__ import annotations

from fastapi import HTTPException

from rajut.appstate.models import Job, Upload
from rajut.governance.roles import Perm, has_permission, same_agency
from rajut.governance.users import Principal
from rajut.sources.contract import SourceContract
from rajut.sources.registry import UnknownSourceError, get_contract, list_contracts
from rajut.web.auth_state import NotAuthorized
from rajut.web.context import WebContext


def sees_all(who: Principal) -> bool:
    return has_permission(who.role, Perm.SOURCES_ALL)


def may_manage(who: Principal, owner: str) -> bool:
    """Whether ``who`` may upload to, map, ingest and read the quality of ``owner``'s sources."""
    return sees_all(who) or (
        has_permission(who.role, Perm.SOURCES_OWN) and same_agency(who.agency, owner)
    )


def require_owner(who: Principal, contract: SourceContract) -> None:
    """403 (audited by the app) when ``who`` works for another agency than the source's owner."""
    if not may_manage(who, contract.owner):
        raise NotAuthorized(
            who,
            (Perm.SOURCES_OWN,),
            message=f"Sumber ini milik {contract.owner}; Anda hanya dapat mengelola sumber "
            f"{who.agency or 'instansi Anda'}.",
            hint="Pilih sumber milik dinas Anda, atau minta walidata atau "
            f"{contract.owner} untuk mengunggahnya.",
        )


def contract_or_404(ctx: WebContext, name: str) -> SourceContract:
    """The registered contract ``name``; an unknown name is a 404, not a crash."""
    try:
        return get_contract(ctx.ws, name)
    except UnknownSourceError as exc:
        raise HTTPException(404, exc.message) from exc


def managed_contracts(ctx: WebContext, who: Principal) -> list[SourceContract]:
    """The sources ``who`` may upload to (own agency; walidata: all)."""
    return [c for c in list_contracts(ctx.ws) if may_manage(who, c.owner)]


def require_upload_owner(who: Principal, upload: Upload) -> None:
    """An upload is its uploader's (walidata: everyone's)."""
    if not (sees_all(who) or upload.user_id == who.id):
        raise NotAuthorized(
            who,
            (Perm.SOURCES_OWN,),
            message="Unggahan ini bukan milik Anda.",
            hint="Buka unggahan Anda sendiri dari halaman Unggah berkas.",
        )


def require_job_owner(who: Principal, job: Job) -> None:
    """A job is its submitter's (walidata: everyone's)."""
    if not (sees_all(who) or job.user_id == who.id):
        raise NotAuthorized(
            who,
            (),
            message="Tugas ini dijalankan pengguna lain.",
            hint="Anda hanya dapat melihat tugas yang Anda jalankan sendiri.",
        )
