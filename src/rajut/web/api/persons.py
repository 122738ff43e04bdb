"""API: Person search and integrated profiles (same permissions and audit as the pages)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from rajut.governance.roles import Perm, has_permission
from rajut.governance.users import Principal
from rajut.search import PersonQuery, SearchError, SearchHit, search_persons
from rajut.search.profile import household_profile, person_profile, redact_household, redact_person
from rajut.web.auth_state import NotAuthorized
from rajut.web.context import ctx_of
from rajut.web.person_access import access_for, check_purpose, loggable_query
from rajut.web.policy import allow

router = APIRouter(tags=["warga"])


class PersonSearch(BaseModel):
    ok: bool = True
    build_id: str
    mode: str
    total: int
    hits: list[SearchHit]  # the search library's own hit, served as is


class Profile(BaseModel):
    """A profile: ``values`` maps attribute → {value, source, record_id, period_end, rule,
    label, hidden}; hidden values (not shared with the caller's agency) are null."""

    ok: bool = True
    build_id: str
    unmasked: bool = False
    profile: dict[str, Any]


def _missing(exc: SearchError) -> HTTPException:
    return HTTPException(status_code=404, detail=exc.message)


@router.get("/persons", response_model=PersonSearch)
def persons(
    request: Request,
    q: str = Query("", max_length=200, description="Nama (boleh salah ketik) atau NIK"),
    desa: str = Query("", max_length=100, description="Kode atau nama desa"),
    kecamatan: str = Query("", max_length=100, description="Kode atau nama kecamatan"),
    limit: int = Query(20, ge=1, le=200),
    who: Principal = allow(Perm.PERSONS_VIEW),
) -> PersonSearch:
    """Search persons of the newest build by name, NIK or desa; NIK is always masked."""
    ctx = ctx_of(request)
    wilayah = ctx.ws.wilayah()
    with ctx.analytics() as con:
        result = search_persons(con, PersonQuery(q, desa, kecamatan, limit), wilayah)
    ctx.record(
        request,
        who,
        "search",
        target=loggable_query(q),
        details={
            "desa": desa[:60],
            "kecamatan": kecamatan[:60],
            "found": result.total,
            "api": True,
        },
    )
    return PersonSearch(
        build_id=result.build_id,
        mode=result.mode,
        total=result.total,
        hits=list(result.hits),
    )


@router.get("/persons/{person_id}", response_model=Profile)
def person(
    request: Request,
    person_id: str,
    purpose: str | None = Query(
        None, max_length=300, description="Tujuan membuka NIK/No. KK (izin nik.unmask)"
    ),
    who: Principal = allow(Perm.PERSONS_VIEW),
) -> Profile:
    """One person's integrated profile with provenance; NIK/No. KK unmasked only with
    ``purpose`` (≥ 10 characters) by a caller holding ``nik.unmask`` (audited)."""
    ctx = ctx_of(request)
    unmask = purpose is not None
    if unmask:
        if not has_permission(who.role, Perm.NIK_UNMASK):
            raise NotAuthorized(
                who,
                (Perm.NIK_UNMASK,),
                message="Anda tidak berwenang membuka NIK/No. KK.",
                hint="Panggil tanpa parameter purpose untuk data tersamar.",
            )
        purpose = check_purpose(purpose)
    with ctx.analytics() as con:
        try:
            raw = person_profile(con, person_id[:40], ctx.ws.wilayah())
        except SearchError as exc:
            if exc.code == "search-not-found":
                raise _missing(exc) from exc
            raise
        access = access_for(ctx, who, con)
    profile = redact_person(raw, access.visible, unmask)
    if unmask:
        ctx.record(request, who, "unmask", target=profile.person_id, purpose=purpose or "")
    ctx.record(request, who, "view_person", target=profile.person_id, details={"api": True})
    return Profile(build_id=profile.build_id, unmasked=unmask, profile=asdict(profile))


@router.get("/households/{household_id}", response_model=Profile)
def household(
    request: Request, household_id: str, who: Principal = allow(Perm.PERSONS_VIEW)
) -> Profile:
    """One household: golden values with provenance, members (masked), programs."""
    ctx = ctx_of(request)
    with ctx.analytics() as con:
        try:
            raw = household_profile(con, household_id[:40], ctx.ws.wilayah())
        except SearchError as exc:
            if exc.code == "search-not-found":
                raise _missing(exc) from exc
            raise
        access = access_for(ctx, who, con)
    profile = redact_household(raw, access.visible, unmask=False)
    ctx.record(request, who, "view_household", target=profile.household_id, details={"api": True})
    return Profile(build_id=profile.build_id, profile=asdict(profile))
