"""Person and household search, integrated profiles with provenance, unmasking.

``/cari`` searches the newest build (:mod:`rajut.search`); ``/orang/{id}`` and
``/keluarga/{id}`` show the golden values with their provenance, the linked source
records, facts and discrepancies, as the viewer may see them
(:mod:`rajut.web.person_access`). Every search and every profile view is audited; NIK and
No. KK are shown unmasked only in the response to ``POST /orang/{id}/buka`` (with a stated
purpose, audited as ``unmask``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Form, Request, Response

from rajut.governance.roles import Perm, has_permission
from rajut.governance.users import Principal
from rajut.search import PersonQuery, SearchError, current_index, digits_of, search_persons
from rajut.search.profile import (
    RULE_LABELS,
    Discrepancy,
    PersonProfile,
    household_profile,
    person_profile,
    redact_household,
    redact_person,
)
from rajut.web.context import ctx_of
from rajut.web.corrections_view import profile_corrections
from rajut.web.i18n import N_
from rajut.web.person_access import (
    Access,
    PurposeMissing,
    access_for,
    check_purpose,
    loggable_query,
)
from rajut.web.policy import allow
from rajut.web.render import page

router = APIRouter()

PERSON_LABELS: dict[str, str] = {
    "name": N_("Nama"),
    "nik": N_("NIK"),
    "kk_number": N_("No. KK"),
    "sex": N_("Jenis kelamin"),
    "birth_date": N_("Tanggal lahir"),
    "desa_code": N_("Desa/kelurahan"),
    "alive": N_("Status hidup"),
    "death_date": N_("Tanggal meninggal"),
    "household_id": N_("Keluarga"),
    "mother_person_id": N_("Ibu"),
}
HOUSEHOLD_LABELS: dict[str, str] = {
    "kk_number": N_("No. KK"),
    "desa_code": N_("Desa/kelurahan"),
    "desil": N_("Desil kesejahteraan"),
    "head_person_id": N_("Kepala keluarga"),
}
RULES: dict[str, str] = {
    "authority": N_("sumber terpercaya untuk data ini"),
    "recency": N_("data paling baru"),
    "completeness": N_("rekaman paling lengkap"),
    "tie": N_("nilai sama di beberapa sumber"),
    "single": N_("hanya satu sumber"),
    "head": N_("dari kepala keluarga"),
    "member": N_("dari anggota keluarga"),
    "shdk": N_("tercatat sebagai kepala keluarga"),
    "oldest_member": N_("anggota tertua"),
}
assert set(RULES) == set(RULE_LABELS)
DISCREPANCY_KINDS: dict[str, str] = {
    "alive_vs_deceased": N_("Status hidup berbeda"),
    "birth_date": N_("Tanggal lahir berbeda"),
    "desa": N_("Desa berbeda"),
    "sex": N_("Jenis kelamin berbeda"),
    "name": N_("Nama berbeda"),
}
FACT_KINDS: dict[str, str] = {
    "program": N_("Program bantuan"),
    "growth": N_("Pengukuran pertumbuhan"),
    "enrollment": N_("Sekolah"),
}


@dataclass(frozen=True)
class Side:
    """One side of a discrepancy in plain words: "Disdukcapil: meninggal 2024-08-06"."""

    owner: str
    word: str | None
    value: str
    hidden: bool


def _side(value: Any, source: str | None, hidden: bool, access: Access, extra: str) -> Side:
    text = "" if value is None else str(value)
    word: str | None = None
    if text == "false":
        word, text = N_("meninggal"), extra
    elif text == "true":
        word, text = N_("masih hidup"), ""
    elif text.startswith("penerima "):
        word, text = N_("masih menerima"), text.removeprefix("penerima ")
    return Side(access.owner(source), word, text, hidden)


def _plain(d: Discrepancy, profile: PersonProfile, access: Access) -> dict[str, Any]:
    death = profile.values["death_date"]
    extra = "" if death.hidden or death.value is None else str(death.value)
    return {
        "kind": DISCREPANCY_KINDS.get(d.kind, N_("Data berbeda antarsumber")),
        "a": _side(d.value_a, d.source_a, d.hidden_a, access, extra),
        "b": _side(d.value_b, d.source_b, d.hidden_b, access, extra),
        "owner": d.owner,
    }


def _search_context(
    request: Request, who: Principal, q: str, desa: str, kecamatan: str
) -> dict[str, Any]:
    ctx = ctx_of(request)
    wilayah = ctx.ws.wilayah()
    with ctx.analytics() as con:
        index = current_index(con, wilayah)
        result = None
        if q.strip() or desa.strip() or kecamatan.strip():
            result = search_persons(
                con, PersonQuery(q, desa=desa, kecamatan=kecamatan, limit=50), wilayah
            )
    if result is not None:
        ctx.record(
            request,
            who,
            "search",
            target=loggable_query(q),
            details={"desa": desa[:60], "kecamatan": kecamatan[:60], "found": result.total},
        )
    is_nik = digits_of(q.strip()) is not None if q.strip() else False
    return {
        # a NIK typed in is not echoed back (the page would show it unmasked)
        "q": "" if is_nik else q,
        "q_masked": loggable_query(q) if is_nik else "",
        "desa": desa,
        "kecamatan": kecamatan,
        "result": result,
        "desa_options": sorted((d.name, d.code, d.kecamatan_name) for d in index.desa),
    }


@router.get("/cari")
def search_page(
    request: Request,
    q: str = "",
    desa: str = "",
    kecamatan: str = "",
    who: Principal = allow(Perm.PERSONS_VIEW),
) -> Response:
    """Search form and results; htmx asks for the results table alone."""
    context = _search_context(request, who, q[:200], desa[:100], kecamatan[:100])
    if request.headers.get("HX-Request") == "true":
        return page(request, "persons_results.html", **context)
    return page(request, "persons_search.html", **context)


def _not_found(request: Request, exc: SearchError) -> Response:
    return page(
        request, "error.html", status_code=404, message=exc.message, hint=exc.hint, code=exc.code
    )


def _person_page(
    request: Request,
    who: Principal,
    person_id: str,
    *,
    unmask_purpose: str | None = None,
    purpose_error: str = "",
    status: int = 200,
) -> Response:
    ctx = ctx_of(request)
    wilayah = ctx.ws.wilayah()
    with ctx.analytics() as con:
        try:
            raw = person_profile(con, person_id, wilayah)
        except SearchError as exc:
            if exc.code == "search-not-found":
                return _not_found(request, exc)
            raise
        access = access_for(ctx, who, con)
    unmask = unmask_purpose is not None
    profile = redact_person(raw, access.visible, unmask)
    if unmask:
        ctx.record(request, who, "unmask", target=person_id, purpose=unmask_purpose or "")
    ctx.record(request, who, "view_person", target=person_id, details={"unmasked": unmask})
    corrections = profile_corrections(ctx, who, profile, access)
    return page(
        request,
        "person.html",
        status_code=status,
        p=profile,
        access=access,
        labels=PERSON_LABELS,
        rules=RULES,
        fact_kinds=FACT_KINDS,
        discrepancies=[_plain(d, profile, access) for d in profile.discrepancies],
        unmasked=unmask,
        can_unmask=has_permission(who.role, Perm.NIK_UNMASK),
        purpose_error=purpose_error,
        **corrections.template_context(),
    )


@router.get("/orang/{person_id}")
def person_view(
    request: Request, person_id: str, who: Principal = allow(Perm.PERSONS_VIEW)
) -> Response:
    """The integrated profile of one person, NIK/No. KK masked."""
    return _person_page(request, who, person_id[:40])


@router.post("/orang/{person_id}/buka")
def person_unmask(
    request: Request,
    person_id: str,
    purpose: str = Form(""),
    who: Principal = allow(Perm.NIK_UNMASK),
) -> Response:
    """The profile with NIK/No. KK shown, for this response only; audited with the purpose."""
    try:
        stated = check_purpose(purpose)
    except PurposeMissing as exc:
        return _person_page(request, who, person_id[:40], purpose_error=exc.message, status=400)
    return _person_page(request, who, person_id[:40], unmask_purpose=stated)


@router.get("/keluarga/{household_id}")
def household_view(
    request: Request, household_id: str, who: Principal = allow(Perm.PERSONS_VIEW)
) -> Response:
    """A household: golden values with provenance, members, programs."""
    ctx = ctx_of(request)
    with ctx.analytics() as con:
        try:
            raw = household_profile(con, household_id[:40], ctx.ws.wilayah())
        except SearchError as exc:
            if exc.code == "search-not-found":
                return _not_found(request, exc)
            raise
        access = access_for(ctx, who, con)
    profile = redact_household(raw, access.visible, unmask=False)
    ctx.record(request, who, "view_household", target=profile.household_id)
    return page(
        request,
        "household.html",
        h=profile,
        access=access,
        labels=HOUSEHOLD_LABELS,
        rules=RULES,
    )
